"""The theme's style sheets cut down to the rules the site uses.

pydata-sphinx-theme's style sheet (about 390 KB, with Bootstrap and every component of the
theme) blocks the first paint of every page; the edition uses a fraction of it. After each
HTML build, PurgeCSS (pinned in package-lock.json) rewrites the copies in ``_static`` from
the theme's own files, keeping every rule that a page or a script of the site names.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pydata_sphinx_theme
import sphinx_book_theme
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from edition.paths import ROOT

logger = logging.getLogger(__name__)
SCRIPT = Path(__file__).resolve().parent.parent / "purge-css.mjs"
PURGECSS = ROOT / "node_modules" / "purgecss"
STYLE_SHEETS = {
    "_static/styles/pydata-sphinx-theme.css": Path(pydata_sphinx_theme.__file__).parent
    / "theme/pydata_sphinx_theme/static/styles/pydata-sphinx-theme.css",
    "_static/styles/sphinx-book-theme.css": Path(sphinx_book_theme.__file__).parent
    / "theme/sphinx_book_theme/static/styles/sphinx-book-theme.css",
}


def purge_style_sheets(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.name != "html":
        return
    node = shutil.which("node")
    if node is None or not PURGECSS.is_dir():
        raise ExtensionError(f"Node.js and {PURGECSS} are needed: run scripts/setup.sh")
    pairs = [f"{output}={source}" for output, source in STYLE_SHEETS.items()]
    result = subprocess.run(
        [node, str(SCRIPT), str(app.outdir), *pairs], capture_output=True, text=True
    )
    if result.returncode != 0:
        raise ExtensionError(f"{SCRIPT.name} failed: {result.stderr.strip()}")
    for line in result.stdout.splitlines():
        logger.info(f"[edition] {line}")


def setup(app: Sphinx) -> None:
    app.connect("build-finished", purge_style_sheets)
