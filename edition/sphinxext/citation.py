"""Citations of the edition and of each paragraph (:mod:`edition.citation`), where readers
need them: the ``{edition-citation}`` directive of the "How to cite" page; on the reading
text, the paragraph citations for the cite dialog (as JSON) and a COinS record per
paragraph, from which Zotero saves a paragraph with its own metadata."""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlencode

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from edition.citation import Edition, formats, paragraph_templates
from edition.sphinxext.domain import EditionDomain, PageKind
from edition.sphinxext.metadata import publication_date

EXAMPLE_PARAGRAPH = "5"


def edition_of(config: Config, essay_page: str = "book/essay.html") -> Edition:
    return Edition(
        title=config.html_title or config.project,
        editors=config.author,
        publisher=config.epub_publisher or config.author,
        version=config.version,
        day=publication_date().replace("/", "-"),
        url=config.html_baseurl,
        essay_page=essay_page,
    )


def edition_of_env(env: BuildEnvironment) -> Edition:
    essay = EditionDomain.of(env).page(PageKind.READING_TEXT) or "book/essay"
    return edition_of(env.config, f"{essay}.html")


class CitationDirective(SphinxDirective):
    """The edition's citation in every format, then a paragraph's (¶5 as the example)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        edition = edition_of_env(self.env)
        result: list[nodes.Node] = []
        for heading, paragraph in (
            ("The edition", None),
            (f"A paragraph (¶{EXAMPLE_PARAGRAPH} as the example)", EXAMPLE_PARAGRAPH),
        ):
            result.append(nodes.rubric(text=heading))
            for name, written in formats(edition, paragraph).items():
                result.append(nodes.paragraph("", "", nodes.strong(text=name)))
                language = {"BibTeX": "bibtex", "CSL-JSON": "json"}.get(name, "text")
                block = nodes.literal_block(written, written, language=language)
                result.append(nodes.container("", block, classes=["citation-format"]))
        return result


def coins(edition: Edition, number: int) -> str:
    """An OpenURL ContextObject in a span (COinS) for one paragraph."""
    fields = {
        "ctx_ver": "Z39.88-2004",
        "rft_val_fmt": "info:ofi/fmt:kev:mtx:book",
        "rft.genre": "bookitem",
        "rft.atitle": f"Paragraph {number} of the reading text",
        "rft.btitle": edition.title,
        "rft.au": edition.editors,
        "rft.pub": edition.publisher,
        "rft.date": edition.day,
        "rft.edition": f"Version {edition.version}",
        "rft_id": edition.paragraph_url(str(number)),
    }
    return f'<span class="Z3988" title="{escape(urlencode(fields), quote=True)}"></span>'


def add_paragraph_citations(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    domain = EditionDomain.of(app.env)
    if app.builder.name != "html" or pagename != domain.page(PageKind.READING_TEXT):
        return
    edition = edition_of_env(app.env)
    records = "".join(coins(edition, n) for n in domain.paragraphs.get(pagename, []))  # type: ignore[attr-defined]
    templates = paragraph_templates(edition).replace("</", "<\\/")
    context["body"] = (
        context.get("body", "")
        + f'<div class="paragraph-citations" hidden>{records}</div>'
        + f'<script type="application/json" id="paragraph-citation">{templates}</script>'
    )


def setup(app: Sphinx) -> None:
    app.add_directive("edition-citation", CitationDirective)
    app.connect("html-page-context", add_paragraph_citations)
