"""One style sheet for every web page, cut down to the rules the site uses.

The theme, Sphinx and the extensions each bring a style sheet; together about 500 KB, most
of it Bootstrap and components the edition never shows, and all of it blocking the first
paint of every page, one request at a time on a slow connection. Instead each page links
``_static/edition-site.css``: after each HTML build, PurgeCSS (pinned in package-lock.json)
joins the style sheets in the order the pages would have linked them and keeps only the
rules whose classes, ids, tags or attributes occur in a page or a script of the site.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from edition.paths import ROOT
from edition.sphinxext import config as edition_config
from edition.sphinxext.assets import asset_path

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


def setup(app: Sphinx) -> None:
    # Set by the live preview (edition/preview.py), which trades completeness for speed.
    edition_config.add_config_values(app)
    sheet = SiteStyleSheet()
    app.connect("html-page-context", sheet.collect, priority=900)
    # After pydata-sphinx-theme's own build-finished handler, which rewrites pygments.css
    # with the colours of its light and dark modes.
    app.connect("build-finished", sheet.write, priority=900)
