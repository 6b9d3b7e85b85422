"""The web pages: light to load, described for catalogues, citable.

What each page downloads (scripts after the first paint, one joined style sheet), and
what catalogues, reference managers and readers who cite find in it (meta tags, the
sitemap, the citations of the edition and its paragraphs).

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
import posixpath
import shutil
import subprocess
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode
from xml.etree import ElementTree

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from edition.citation import Edition, edition_of, formats, paragraph_templates, publication_date
from edition.sphinxext import config as edition_config
from edition.sphinxext.domain import EditionDomain, PageKind

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


edition_config.reaches_into(
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
# Node resolves the script's imports from the folders above it: beside the package.
NODE_MODULES = SCRIPT.parent.parent / "node_modules"
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
    register_assets(app)
    register_stylesheet(app)
    register_metadata(app)
    register_citation(app)
