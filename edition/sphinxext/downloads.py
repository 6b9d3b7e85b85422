"""Links to the whole-book PDF and EPUB, which the build copies into the site root.

The links appear in every page's header (the ``edition-downloads.html`` template
component) and, through the ``edition-downloads`` directive, in a page body.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from edition.paths import EPUB_NAME, PACK_NAME, PDF_NAME
from edition.sphinxext.nodes import skip

DOWNLOADS = (
    (PDF_NAME, "PDF", "The whole edition as one PDF, typeset with XeLaTeX"),
    (EPUB_NAME, "EPUB", "The whole edition as an e-book"),
    (PACK_NAME, "Classroom pack", "The notebooks, their data and the teacher's notes, as a zip"),
)


class download_list(nodes.General, nodes.Element):
    """A list of the whole-book downloads; rendered only where links make sense."""


class DownloadsDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        return [download_list()]


def visit_download_list_html(self: Any, node: download_list) -> None:
    builder = self.builder
    if builder.name == "epub":  # the e-book need not offer itself for download
        raise nodes.SkipNode
    here = builder.get_target_uri(builder.current_docname)
    items = "".join(
        f'<li><a class="edition-download" href="{relative_uri(here, filename)}" '
        f"download>{label}</a>: {description}</li>"
        for filename, label, description in DOWNLOADS
    )
    self.body.append(f'<ul class="edition-download-list">{items}</ul>')
    raise nodes.SkipNode


def add_download_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    pathto = context["pathto"]
    context["edition_downloads"] = [
        {"url": pathto(filename, 1), "label": label, "title": description}
        for filename, label, description in DOWNLOADS
    ]


def setup(app: Sphinx) -> None:
    app.add_node(
        download_list,
        html=(visit_download_list_html, None),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_directive("edition-downloads", DownloadsDirective)
    app.connect("html-page-context", add_download_context)
