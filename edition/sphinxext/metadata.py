"""What catalogues, reference managers and readers who cite need.

Metadata, sitemap and robots.txt
--------------------------------

What catalogues, reference managers and search engines read: ``citation_*`` meta tags
(Zotero, Google Scholar) on every page, a sitemap of every page of the book, and a
``robots.txt`` that names it.

The OpenGraph tags come from sphinxext-opengraph. Each page's description is the
``description`` key of its front matter (of its metadata, for a notebook): the editors write
it, and it becomes both the ``description`` and the ``og:description`` tag. All the tags take
the edition's address from ``html_baseurl``, which a deployment may replace with the
``EDITION_BASE_URL`` environment variable.

The sitemap is written here from the environment's list of documents rather than by
sphinx-sitemap, which lists only the pages written by the current run: after an incremental
build its sitemap would lack every unchanged page.

Citations of the edition and its paragraphs
-------------------------------------------

Citations of the edition and of each paragraph (:mod:`edition.citation`), where readers
need them: the ``{edition-citation}`` directive of the "How to cite" page; on the reading
text, the paragraph citations for the cite dialog (as JSON) and a COinS record per
paragraph, from which Zotero saves a paragraph with its own metadata.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from edition.citation import Edition, edition_of, formats, paragraph_templates, publication_date
from edition.sphinxext.domain import EditionDomain, PageKind

# metadata

BASE_URL_VARIABLE = "EDITION_BASE_URL"
# Sphinx's own pages have no front matter.
BUILTIN_PAGE_DESCRIPTIONS = {
    "genindex": "Index of the persons and terms of the edition, with links to the pages "
    "that name them.",
    "search": "Search the reading text, apparatus, commentary and notebooks of the edition.",
}


def use_deployment_address(app: Sphinx, config: Config) -> None:
    address = os.environ.get(BASE_URL_VARIABLE, "").strip()
    if address:
        config.html_baseurl = address if address.endswith("/") else address + "/"
    config.ogp_site_url = config.html_baseurl


def add_description(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Runs before sphinxext-opengraph, which then keeps this description in both tags."""
    fields = context.get("meta") or {}
    description = fields.get("description") or BUILTIN_PAGE_DESCRIPTIONS.get(pagename)
    if not description:
        return
    fields["og:description"] = description
    context["meta"] = fields
    tag = f'<meta name="description" content="{escape(str(description), quote=True)}" />\n'
    context["metatags"] = context.get("metatags", "") + tag


def page_url(app: Sphinx, pagename: str) -> str:
    base = app.config.html_baseurl
    return base + app.builder.get_target_uri(pagename) if base else ""


def add_citation_metadata(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    config = app.config
    page_title = context.get("title") or config.project
    tags = {
        "citation_title": f"{page_title} — {config.project}" if doctree else config.project,
        "citation_author": config.author,
        "citation_publisher": config.author,
        "citation_publication_date": publication_date(),
        "citation_language": config.language or "en",
        "citation_book_title": config.project,
        "citation_public_url": page_url(app, pagename),
    }
    meta = "".join(
        f'<meta name="{name}" content="{escape(str(value), quote=True)}" />\n'
        for name, value in tags.items()
        if value
    )
    context["metatags"] = context.get("metatags", "") + meta


SITEMAP = "sitemap.xml"
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def write_root_redirect(app: Sphinx, exception: Exception | None) -> None:
    """The site's root page sends the reader to the title page. Written before
    sphinx-external-toc's bare redirect (which it then leaves alone), as a complete page:
    language, title, description, canonical address and a link for readers whose browser
    does not follow the redirect."""
    if exception or app.builder.name != "html" or app.config.root_doc == "index":
        return
    target = app.builder.get_target_uri(app.config.root_doc)
    canonical = page_url(app, app.config.root_doc)
    title = escape(app.config.project)
    description = escape(app.env.metadata[app.config.root_doc].get("description", ""))
    # Without an icon link the browser asks for /favicon.ico, and logs the 404 as an error.
    favicon = "_static/" + Path(app.config.html_favicon or "favicon.svg").name
    Path(app.outdir, "index.html").write_text(
        "<!DOCTYPE html>\n"
        f'<html lang="{app.config.language or "en"}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        f'<link rel="icon" href="{favicon}">\n'
        f'<meta name="description" content="{description}">\n'
        + (f'<link rel="canonical" href="{canonical}">\n' if canonical else "")
        + f'<meta http-equiv="refresh" content="0; url={target}">\n</head>\n'
        f'<body>\n<main>\n<p><a href="{target}">{title}</a></p>\n</main>\n</body>\n</html>\n',
        encoding="utf-8",
    )


def write_sitemap_and_robots_txt(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.name != "html" or not app.config.html_baseurl:
        return
    urlset = ElementTree.Element("urlset", xmlns=SITEMAP_NAMESPACE)
    for docname in sorted(app.env.found_docs):
        ElementTree.SubElement(ElementTree.SubElement(urlset, "url"), "loc").text = page_url(
            app, docname
        )
    ElementTree.indent(urlset)
    ElementTree.ElementTree(urlset).write(
        Path(app.outdir, SITEMAP), encoding="utf-8", xml_declaration=True
    )
    Path(app.outdir, "robots.txt").write_text(
        f"User-agent: *\nAllow: /\n\nSitemap: {app.config.html_baseurl}{SITEMAP}\n",
        encoding="utf-8",
    )


def register_metadata(app: Sphinx) -> None:
    app.connect("config-inited", use_deployment_address)
    app.connect("html-page-context", add_description, priority=400)
    app.connect("html-page-context", add_citation_metadata)
    app.connect("build-finished", write_root_redirect, priority=400)
    app.connect("build-finished", write_sitemap_and_robots_txt)


# citation

EXAMPLE_PARAGRAPH = "5"


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


def register_citation(app: Sphinx) -> None:
    app.add_directive("edition-citation", CitationDirective)
    app.connect("html-page-context", add_paragraph_citations)


def register(app: Sphinx) -> None:
    register_metadata(app)
    register_citation(app)
