// Drops the theme's CSS rules, font faces and variables that no page and no script of the
// web site uses. Usage: node purge-css.mjs SITE_DIR OUTPUT=SOURCE ...
// Each OUTPUT (relative to SITE_DIR) is written from the pristine SOURCE style sheet, so
// that a rule dropped by one build comes back when a later page needs it.
// Run by edition/sphinxext/purge.py after each HTML build.
import fs from "node:fs";
import path from "node:path";
import { PurgeCSS } from "purgecss";

const [site, ...pairs] = process.argv.slice(2);

function filesUnder(folder, suffix) {
  return fs
    .readdirSync(folder, { recursive: true })
    .filter((name) => name.endsWith(suffix))
    .map((name) => path.join(folder, name));
}

// The theme's Font Awesome script stays in _static but no page loads it (see
// templates/static/webpack-macros.html); it names every icon, so it is not read.
const scripts = filesUnder(path.join(site, "_static"), ".js").filter(
  (file) => path.basename(file) !== "fontawesome.js",
);
const content = [...filesUnder(site, ".html"), ...scripts];
for (const pair of pairs) {
  const [output, source] = pair.split("=");
  const [result] = await new PurgeCSS().purge({
    content,
    css: [{ raw: fs.readFileSync(source, "utf8") }],
    // Classes that scripts add at run time (Bootstrap's dropdowns, tooltips and off-canvas
    // sidebars, the theme's colour modes) without any file naming them in full.
    safelist: {
      standard: [/^show/, /^collaps/, /^fade/, /^modal/, /^tooltip/, /^bs-/, /^dropdown/, /^offcanvas/, /^popover/],
      greedy: [/data-theme/, /data-mode/],
    },
    fontFace: true,
    keyframes: true,
    variables: true,
  });
  fs.writeFileSync(path.join(site, output), result.css);
  console.log(`${output}: ${fs.statSync(source).size} -> ${result.css.length} bytes`);
}
