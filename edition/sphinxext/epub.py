"""EPUB output that passes epubcheck.

Five things in Sphinx's EPUB 3 builder need help for this book:

- it decides which pages to write from file dates, which the HTML build (it reads the
  sources first, into the environment both share) makes useless: it writes every page;

- the root document lives in ``book/``, and Sphinx prefixes that folder to every table
  of contents link without normalising it (``book/../notebooks/x.xhtml``), so the spine
  names files that are not in the manifest;
- extensions add scripts for the HTML site; an EPUB page with a script must be declared
  "scripted", and none of them is needed in an e-book, so they are left out;
- myst-nb's hidden-cell widget is not valid XHTML (the edition's own visitor, in
  ``accessibility``, writes a plain summary in the e-book);
- extensions add style sheets meant for the web site (myst-nb's uses nested CSS rules
  that EPUB readers and epubcheck reject); the e-book keeps Sphinx's own EPUB styles and
  the edition's, and leaves the others out of the package.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder

from edition.sphinxext.assets import asset_name

EPUB_STYLESHEETS = frozenset({"basic.css", "epub.css", "pygments.css", "edition.css"})


class EditionEpub3Builder(Epub3Builder):
    def get_outdated_docs(self) -> Iterator[str]:
        """Every page, every time. The HTML build reads the sources into the shared
        environment first, so this builder cannot tell from file dates which pages that read
        changed; writing the whole book is cheap and keeps the e-book whole."""
        yield from sorted(self.env.found_docs)

    def get_toc(self) -> None:
        super().get_toc()
        for item in self.refnodes:
            item["refuri"] = posixpath.normpath(item["refuri"])

    def build_content(self) -> None:
        static = Path(self.outdir, "_static")
        web_only = [
            f"_static/{stylesheet.name}"
            for stylesheet in sorted(static.glob("*.css"))
            if stylesheet.name not in EPUB_STYLESHEETS
        ]
        configured = list(self.config.epub_exclude_files)
        self.config.epub_exclude_files = configured + web_only
        try:
            super().build_content()
        finally:
            self.config.epub_exclude_files = configured


def drop_web_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.name != "epub":
        return
    context["script_files"] = []
    context["css_files"] = [
        css for css in context.get("css_files", []) if asset_name(css) in EPUB_STYLESHEETS
    ]


def setup(app: Sphinx) -> None:
    app.add_builder(EditionEpub3Builder, override=True)
    app.connect("html-page-context", drop_web_assets)
