"""Fewer and lighter downloads for each web page.

Later scripts, fewer requests
-----------------------------

Fewer and later downloads for each web page, so that a phone on a slow network shows the
text sooner.

- No script file is fetched before the page has loaded: none of them is needed to show the
  text, and a script fetched beside the page competes with it and its style sheet on a slow
  connection. The page lists them, with the themes' inline scripts that extend the object
  ``documentation_options.js`` defines, in a ``<template>`` (templates/layout.html and
  templates/static/webpack-macros.html); on ``load`` a small inline script adds them to
  the page, to run in their order. The search page
  needs its scripts at once and writes them as deferred tags (templates/search.html): each
  file is marked ``defer``, each inline script that extends the object a module script,
  which the browser runs after that file. An inline script the themes add twice is written
  once.
- A page without code leaves out the copy-button script and its clipboard library.
- Style sheets are joined into one for the whole site (see "One style sheet" below).
- Images load lazily: the charts of the reading text sit below the first screen.
- A small SVG icon of the site is written into each page as a data address, so that the
  browser does not fetch it while the text is still arriving.
- The colour mode is settled before the page is first painted: the theme marks the page
  "auto" in its head and decides light or dark only once its deferred script has run, so
  that the page's colours and the look of its inline code changed after the first paint
  and the text below moved (a layout shift).

One style sheet
---------------

One style sheet for every web page, cut down to the rules the site uses.

The theme, Sphinx and the extensions each bring a style sheet; together about 500 KB, most
of it Bootstrap and components the edition never shows, and all of it blocking the first
paint of every page, one request at a time on a slow connection. Instead each page links
``_static/edition-site.css``: after each HTML build, PurgeCSS (pinned in package-lock.json)
joins the style sheets in the order the pages would have linked them and keeps only the
rules whose classes, ids, tags or attributes occur in a page or a script of the site.
"""

from __future__ import annotations

import posixpath
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from edition.paths import ROOT
from edition.sphinxext import versions

# assets

# Inline scripts that need the object documentation_options.js defines.
NEEDS_OPTIONS = "DOCUMENTATION_OPTIONS"
CODE_ONLY_SCRIPTS = {"clipboard.min.js", "copybutton.js"}


def asset_path(asset: Any) -> str:
    """The path of a script or style sheet in a page's context, without a query."""
    return str(getattr(asset, "filename", asset)).split("?")[0]


def asset_name(asset: Any) -> str:
    """The file name of a script or style sheet in a page's context."""
    return posixpath.basename(asset_path(asset))


versions.reaches_into(
    "pydata-sphinx-theme",
    "0.17.1",
    "the inline scripts it adds to every page, which extend DOCUMENTATION_OPTIONS",
)


def lighten_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.name != "html":
        return
    has_code = doctree is not None and doctree.next_node(nodes.literal_block) is not None
    early, late = [], []
    inline_bodies: set[str] = set()
    for script in context.get("script_files", []):
        name = asset_name(script)
        if name in CODE_ONLY_SCRIPTS and not has_code:
            continue
        if getattr(script, "filename", None):
            script.attributes.setdefault("defer", "defer")
            late.append(script)
            continue
        body = script.attributes.get("body", "")
        if body in inline_bodies:
            continue
        inline_bodies.add(body)
        if NEEDS_OPTIONS in body:
            script.attributes.setdefault("type", "module")
            late.append(script)
        else:
            early.append(script)
    context["script_files"] = early
    context["edition_late_script_files"] = late
    icon = inline_icon(app)
    if icon and context.get("favicon_url"):
        context["favicon_url"] = icon


ICON_INLINE_LIMIT = 2048  # bytes; a larger icon is better fetched once and cached


def inline_icon(app: Sphinx) -> str | None:
    """The site's icon (``html_favicon``) as a data address, if it is a small SVG file."""
    name = app.config.html_favicon
    if not name or "://" in name or not name.endswith(".svg"):
        return None
    path = Path(app.confdir) / name
    if not path.is_file() or path.stat().st_size > ICON_INLINE_LIMIT:
        return None
    return "data:image/svg+xml," + quote(path.read_text(encoding="utf-8").strip(), safe=" =/:")


# What pydata-sphinx-theme's script does for "auto" once it runs, done at once: the
# system's colour scheme decides.
SETTLE_COLOUR_MODE = (
    'if (document.documentElement.dataset.theme === "auto") {'
    " document.documentElement.dataset.theme ="
    ' matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"; }'
)


def lazy_images(app: Sphinx) -> None:
    app.env.settings["image_loading"] = "lazy"


def register_assets(app: Sphinx) -> None:
    app.connect("builder-inited", lazy_images)
    # Inline in the head, before the style sheet applies (the e-book's pages carry no script).
    app.add_js_file(None, body=SETTLE_COLOUR_MODE, priority=100)
    app.connect("html-page-context", lighten_page, priority=900)


# stylesheet

logger = logging.getLogger(__name__)
SCRIPT = Path(__file__).resolve().parent.parent / "purge-css.mjs"
NODE_MODULES = ROOT / "node_modules"
SITE_STYLE_SHEET = "_static/edition-site.css"
# Linked by the theme's own macros (templates/static/webpack-macros.html), before the rest.
THEME_STYLE_SHEETS = ["_static/basic.css", "_static/styles/pydata-sphinx-theme.css"]
# The theme's registered style sheet only @imports basic.css, which is already first.
IMPORT_ONLY = {"_static/styles/theme.css"}


class SiteStyleSheet:
    """Collects the style sheets registered for the pages, links none of them, and writes
    the one purged style sheet from them when the build has finished."""

    def __init__(self) -> None:
        self.sources: list[str] = list(THEME_STYLE_SHEETS)

    def collect(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        if app.builder.name != "html":
            return
        for css in context.get("css_files", []):
            filename = asset_path(css)
            if "://" in filename:
                raise ExtensionError(f"{pagename}: {filename} is not a style sheet of the site")
            if filename not in self.sources and filename not in IMPORT_ONLY:
                self.sources.append(filename)
        context["css_files"] = []

    def write(self, app: Sphinx, exception: Exception | None) -> None:
        if exception or app.builder.name != "html":
            return
        if app.config.edition_preview and (Path(app.outdir) / SITE_STYLE_SHEET).is_file():
            return  # the live preview keeps its first sheet: purging takes seconds
        node = shutil.which("node")
        if node is None or not (NODE_MODULES / "purgecss-from-html").is_dir():
            raise ExtensionError(f"Node.js and {NODE_MODULES} are needed: run scripts/setup.sh")
        missing = [name for name in self.sources if not (Path(app.outdir) / name).is_file()]
        if missing:
            raise ExtensionError(f"style sheets missing from the built site: {missing}")
        result = subprocess.run(
            [node, str(SCRIPT), str(app.outdir), SITE_STYLE_SHEET, *self.sources],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise ExtensionError(f"{SCRIPT.name} failed: {result.stderr.strip()}")
        for line in result.stdout.splitlines():
            logger.info(f"[edition] {line}")


def register_stylesheet(app: Sphinx) -> None:
    # Set by the live preview (edition/preview.py), which trades completeness for speed.
    sheet = SiteStyleSheet()
    app.connect("html-page-context", sheet.collect, priority=900)
    # After pydata-sphinx-theme's own build-finished handler, which rewrites pygments.css
    # with the colours of its light and dark modes.
    app.connect("build-finished", sheet.write, priority=900)


def register(app: Sphinx) -> None:
    register_assets(app)
    register_stylesheet(app)
