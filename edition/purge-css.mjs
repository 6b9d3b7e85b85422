// Joins style sheets into one and drops the rules, font faces, keyframes and variables that
// no page and no script of the web site uses.
// Usage: node purge-css.mjs SITE_DIR OUTPUT SOURCE...  (OUTPUT and SOURCEs relative to SITE_DIR)
// Run by edition/sphinxext/webpage.py after each HTML build. The SOURCEs are the files Sphinx
// has just copied into _static, so the output always starts from the full style sheets.
import fs from "node:fs";
import path from "node:path";
import postcss from "postcss";
import { PurgeCSS } from "purgecss";
import purgeHtml from "purgecss-from-html";

const [site, output, ...sources] = process.argv.slice(2);

function filesUnder(folder, suffix) {
  return fs
    .readdirSync(folder, { recursive: true })
    .filter((name) => name.endsWith(suffix))
    .map((name) => path.join(folder, name));
}

// Scripts are read as plain text: any word in them may be a class they add at run time.
// Three are left out: the Font Awesome script, which no page loads (see
// templates/static/webpack-macros.html); the search index, which holds the words of the
// book rather than class names; and Bootstrap, which names the classes of every one of its
// components. The two components the site uses, dropdowns and tooltips, are kept by the
// safelist below.
const unread = new Set(["fontawesome.js", "searchindex.js", "bootstrap.js"]);
const scripts = filesUnder(path.join(site, "_static"), ".js").filter(
  (file) => !unread.has(path.basename(file)),
);
const pages = filesUnder(site, ".html").filter(
  (file) => !path.relative(site, file).startsWith("_"),
);
// What a page loads only when asked (the verdict layer, the charts' data tables): HTML kept
// in JSON beside the page (edition/sphinxext/markup.py), read as plain text like a script.
const deferred = filesUnder(site, ".deferred.json");

// @charset is only valid at the very start of a style sheet.
const joined = sources
  .map((source) => fs.readFileSync(path.join(site, source), "utf8").replace(/@charset "UTF-8";/g, ""))
  .join("\n");

const [result] = await new PurgeCSS().purge({
  content: [...pages, ...scripts, ...deferred],
  // In HTML only real class names, ids, tags and attributes count, not words of the text.
  extractors: [{ extractor: purgeHtml, extensions: ["html"] }],
  css: [{ raw: joined }],
  safelist: {
    standard: [/^show/, /^collaps/, /^fade/, /^tooltip/, /^bs-/, /^dropdown/],
    greedy: [/data-popper/, /data-bs-popper/],
  },
  fontFace: true,
  keyframes: true,
  variables: true,
});
// Comments go too, except the notices of copyright and licence that must travel with the
// code, each once.
const notice = /^!|copyright|licen[cs]e/i;
const kept = new Set();
const root = postcss.parse(result.css);
root.walkComments((comment) => {
  if (!notice.test(comment.text) || kept.has(comment.text)) comment.remove();
  else kept.add(comment.text);
});
const css = `@charset "UTF-8";\n${root.toString()}\n`;
fs.writeFileSync(path.join(site, output), css);
console.log(`${output}: ${joined.length} -> ${css.length} bytes from ${sources.length} style sheets`);
