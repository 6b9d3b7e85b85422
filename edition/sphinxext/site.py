"""The second extension: what only this book's web site, e-book and PDF need, beside the
critical-text engine (:mod:`edition.sphinxext`), which this extension sets up first:
``_config.yml`` loads it as ``edition.sphinxext.site``.

The theme's assets and one joined style sheet, the pages' metadata and sitemap, the
downloads and classroom packs, the Changes page and the edition's citation, the EPUB's
rewriting, the search index kept across builds, the notebooks' inputs and glue, and the
removal of pages no longer built.

Accessible HTML
---------------

HTML that passes axe-core: the edition's own visitors for two nodes whose default HTML
gives screen readers the wrong names or roles.

- A bibliography list: docutils marks each entry ``role="doc-biblioentry"``, a role that
  ARIA 1.3 deprecates and that does not count as an item of the surrounding ``role="list"``.
  The entries here are plain list items of that list.
- A hidden notebook cell (myst-nb's ``hide-cell``): myst-nb names its ``<summary>`` "Toggle
  hidden content", which hides the visible prompt ("Show code cell source") from speech
  and voice control. Without the label, the visible prompt is the name. In the e-book the
  summary is plain text, since XHTML allows no ``<p>`` inside ``<summary>``.

Addresses
---------

Web addresses printed in full, and a section's own label as its address.

- A section that carries an editors' label (``(c-p2-paris)=``) is addressed by that label in
  the page's table of contents and its heading's link, not by the id made from its
  title, which for a commentary note is the whole quotation (up to 160 characters, written
  three times for each note). The title's id stays on the section, so links to it still
  work. Done while the document is read, before Sphinx collects the table of contents.
- pydata-sphinx-theme rewrites a link whose text is a GitHub or GitLab address to a short
form (``owner/repo``) with a brand icon from a 115 KB web font. In the bibliography the
address is part of the citation and must stay as the reader would type it, so the
rewriting is undone right after the theme's transform runs.

The e-book
----------

EPUB output that passes epubcheck.

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
from html import escape
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from docutils import nodes
from myst_nb.sphinx_ import HideCodeCellNode
from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder
from sphinx.highlighting import PygmentsBridge
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

from edition.sphinxext import (
    ENV_VERSION,
    downloads,
    incremental,
    webpage,
)
from edition.sphinxext import config as edition_config
from edition.sphinxext import markup as ed
from edition.sphinxext.domain import EditionDomain, PageKind
from edition.sphinxext.webpage import asset_name

# site

# The templates in edition/templates copy or extend the themes' own.
edition_config.reaches_into(
    "pydata-sphinx-theme",
    "0.17.1",
    "templates/search-button-field.html, theme-switcher.html, navbar-logo.html: copies of "
    "the theme's templates; templates/search.html: the scripts block of its search page; "
    "templates/static/webpack-macros.html: the theme's asset digest",
)
edition_config.reaches_into(
    "sphinx-book-theme",
    "1.3.0",
    "templates/layout.html and sections/header.html: the theme's layout without the search "
    "index and the site header",
)


# accessibility

edition_config.reaches_into(
    "sphinx",
    "7.4.7",
    "the HTML translator's visitors of citation, replaced for every citation node",
)
edition_config.reaches_into(
    "myst-nb",
    "1.4.0",
    "HideCodeCellNode and the markup of its HTML visitors, replaced",
)


def visit_citation(self: HTML5Translator, node: nodes.citation) -> None:
    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self: HTML5Translator, node: nodes.citation) -> None:
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), nodes.citation):
        self.body.append("</div>\n")


def visit_hidden_cell(self: HTML5Translator, node: HideCodeCellNode) -> None:
    classes = " ".join(node["classes"])
    if self.builder.name == "epub":
        self.body.append(
            f'<details class="admonition hide {classes}">'
            f"<summary>{escape(node['prompt_show'])}</summary>\n"
        )
        return
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    for state, prompt in (("collapsed", node["prompt_show"]), ("expanded", node["prompt_hide"])):
        self.body.append(f'<p class="{state} admonition-title">{escape(prompt)}</p>\n')
    self.body.append("</summary>\n")


def depart_hidden_cell(self: HTML5Translator, node: HideCodeCellNode) -> None:
    self.body.append("</details>\n")


def register_accessibility(app: Sphinx) -> None:
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_hidden_cell))


# links

SHORTENED_CLASSES = ("github", "gitlab")


edition_config.reaches_into(
    "docutils",
    "0.21.2",
    "PropagateTargets (priority 260) moves a label onto the section it precedes",
)


class LabelsFirst(SphinxTransform):
    # After docutils moves a label onto the section it precedes (PropagateTargets, 260);
    # before the doctree-read event (880), at which the table of contents is collected.
    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        for section in self.document.findall(nodes.section):
            labels = [
                self.document.nameids[name]
                for name in section["names"]
                if self.document.nametypes.get(name) and self.document.nameids.get(name)
            ]
            labels = [label for label in labels if label in section["ids"]]
            if labels and section["ids"][0] not in labels:
                section["ids"] = labels + [i for i in section["ids"] if i not in labels]


edition_config.reaches_into(
    "pydata-sphinx-theme",
    "0.17.1",
    "ShortenLinkTransform at priority 400 and the github and gitlab classes it adds",
)


class RestoreFullAddresses(SphinxPostTransform):
    default_priority = 401  # just after pydata-sphinx-theme's ShortenLinkTransform (400)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for reference in self.document.findall(nodes.reference):
            classes = reference.get("classes", [])
            shortened = [name for name in SHORTENED_CLASSES if name in classes]
            if shortened and reference.get("refuri") and len(reference.children) == 1:
                for name in shortened:
                    classes.remove(name)
                reference.children[0] = nodes.Text(reference["refuri"])


def register_links(app: Sphinx) -> None:
    app.add_transform(LabelsFirst)
    app.add_post_transform(RestoreFullAddresses)


# epub

EPUB_STYLESHEETS = frozenset({"basic.css", "epub.css", "pygments.css", "edition.css"})


OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"

# What a reader with a screen reader or a braille display needs to know before opening
# the book (EPUB Accessibility 1.1, schema.org accessibility properties).
ACCESSIBILITY = [
    ("schema:accessMode", "textual"),
    ("schema:accessMode", "visual"),
    ("schema:accessModeSufficient", "textual"),
    ("schema:accessibilityFeature", "alternativeText"),
    ("schema:accessibilityFeature", "longDescription"),
    ("schema:accessibilityFeature", "structuralNavigation"),
    ("schema:accessibilityFeature", "tableOfContents"),
    ("schema:accessibilityFeature", "readingOrder"),
    ("schema:accessibilityFeature", "displayTransformability"),
    ("schema:accessibilityHazard", "none"),
    (
        "schema:accessibilitySummary",
        "The text is fully readable by text alone. Every chart has a text alternative and "
        "the table of its data; headings, lists and tables are marked up; the reading order "
        "is that of the printed book; no content flashes, moves or plays sound.",
    ),
    ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"),
]


def edition_rights() -> str:
    return (
        "The essay is reproduced for scholarly study; its author and rights holder are "
        "unknown. The editorial matter and the data: Creative Commons Attribution 4.0."
    )


def complete_package_metadata(opf: Path, version: str) -> None:
    """Who did what, the version and the accessibility metadata, which Sphinx's package
    template has no place for."""
    ET.register_namespace("", OPF)
    ET.register_namespace("dc", DC)
    tree = ET.parse(opf)
    metadata = tree.getroot().find(f"{{{OPF}}}metadata")
    assert metadata is not None
    creator = metadata.find(f"{{{DC}}}creator")
    contributor = metadata.find(f"{{{DC}}}contributor")
    assert creator is not None and contributor is not None
    creator.set("id", "editors")
    contributor.set("id", "author")

    def meta(prop: str, text: str, **attributes: str) -> None:
        element = ET.SubElement(metadata, f"{{{OPF}}}meta", {"property": prop, **attributes})
        element.text = text

    meta("role", "edt", refines="#editors", scheme="marc:relators")
    meta("role", "aut", refines="#author", scheme="marc:relators")
    meta("schema:version", version)
    for prop, value in ACCESSIBILITY:
        meta(prop, value)
    ET.indent(tree, space="  ")
    tree.write(opf, encoding="UTF-8", xml_declaration=True)


def add_landmarks(nav: Path, landmarks: list[tuple[str, str, str]]) -> None:
    """The landmarks navigation (table of contents, start of the text) that reading
    systems offer as "go to"; Sphinx writes the table of contents only."""
    ET.register_namespace("", XHTML)
    ET.register_namespace("epub", OPS)
    tree = ET.parse(nav)
    body = tree.getroot().find(f"{{{XHTML}}}body")
    assert body is not None
    element = ET.SubElement(
        body, f"{{{XHTML}}}nav", {f"{{{OPS}}}type": "landmarks", "hidden": "hidden"}
    )
    ET.SubElement(element, f"{{{XHTML}}}h2").text = "Landmarks"
    items = ET.SubElement(element, f"{{{XHTML}}}ol")
    for kind, href, label in landmarks:
        link = ET.SubElement(
            ET.SubElement(items, f"{{{XHTML}}}li"),
            f"{{{XHTML}}}a",
            {f"{{{OPS}}}type": kind, "href": href},
        )
        link.text = label
    ET.indent(tree, space="  ")
    text = ET.tostring(tree.getroot(), encoding="unicode")
    nav.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n{text}\n', encoding="utf-8"
    )


edition_config.reaches_into(
    "sphinx",
    "7.4.7",
    "the e-book translator's visit_footnote_reference (the HTML translator's markup, less "
    "the class the e-book theme's style sheet brackets) and depart_paragraph",
)


class EditionEpubTranslator(HTML5Translator):
    """The HTML translator with the e-book's own note markers (a translator class of its
    own, since visitors registered for the "epub" builder would replace, not add to,
    those registered for every HTML builder)."""

    visit_footnote_reference = ed.visit_footnote_reference_epub
    depart_footnote_reference = ed.depart_footnote_reference_epub

    def __init__(self, document: Any, builder: Any) -> None:
        super().__init__(document, builder)
        self.pending_asides: list[str] = []  # notes to write after the paragraph

    def depart_paragraph(self, node: Any) -> None:
        super().depart_paragraph(node)
        self.body.extend(self.pending_asides)
        self.pending_asides.clear()


edition_config.reaches_into(
    "sphinx",
    "7.4.7",
    "the EPUB builder's content_metadata and toc_metadata keys, build_content and "
    "build_navigation_doc, and the package and navigation documents they write",
)


class EditionEpub3Builder(Epub3Builder):
    default_translator_class = EditionEpubTranslator

    @property  # type: ignore[override]
    def html_tag(self) -> str:
        """Sphinx's XHTML root element has no language, which a screen reader then guesses."""
        language = escape(self.config.language or "en")
        return f'<html xmlns="{XHTML}" xmlns:epub="{OPS}" lang="{language}" xml:lang="{language}">'

    def init_highlighter(self) -> None:
        """Pygments' default style, whose colours all reach WCAG AA contrast on white (the
        e-book theme's own style does not); the web site keeps its theme's styles."""
        super().init_highlighter()
        self.highlighter = PygmentsBridge("html", "default")

    def get_outdated_docs(self) -> Iterator[str]:
        """Every page, every time. The HTML build reads the sources into the shared
        environment first, so this builder cannot tell from file dates which pages that read
        changed; writing the whole book is cheap and keeps the e-book whole."""
        yield from sorted(self.env.found_docs)

    def content_metadata(self) -> dict[str, Any]:
        metadata = super().content_metadata()
        root = self.config.root_doc
        metadata["description"] = escape(self.env.metadata[root].get("description", ""))
        metadata["contributor"] = "Anonymous"
        metadata["copyright"] = escape(edition_rights())
        return metadata

    def toc_metadata(self, level: int, navpoints: list[Any]) -> dict[str, Any]:
        """The NCX names the book by its identifier, as epubcheck requires; Sphinx puts
        the name of the identifier's XML id there, which matches only when the two agree."""
        metadata = super().toc_metadata(level, navpoints)
        metadata["uid"] = escape(self.config.epub_identifier)
        return metadata

    def build_content(self) -> None:
        self._build_content_without_web_styles()
        complete_package_metadata(Path(self.outdir, "content.opf"), self.config.version)

    def build_navigation_doc(self) -> None:
        super().build_navigation_doc()
        essay = EditionDomain.of(self.env).page(PageKind.READING_TEXT)
        landmarks = [("frontmatter", self.get_target_uri(self.config.root_doc), "Title page")]
        if essay:
            landmarks.append(("bodymatter", self.get_target_uri(essay), "The essay"))
        add_landmarks(Path(self.outdir, "nav.xhtml"), landmarks)

    def get_toc(self) -> None:
        super().get_toc()
        for item in self.refnodes:
            item["refuri"] = posixpath.normpath(item["refuri"])

    def _build_content_without_web_styles(self) -> None:
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


def identify_by_address(app: Sphinx, config: Any) -> None:
    """The e-book's identifier is its address in the edition (after any deployment
    address has replaced the placeholder), in the package and in the NCX alike."""
    if config.html_baseurl:
        config.epub_identifier = config.html_baseurl + "edition.epub"


def register_epub(app: Sphinx) -> None:
    app.connect("config-inited", identify_by_address, priority=600)
    app.add_builder(EditionEpub3Builder, override=True)
    app.connect("html-page-context", drop_web_assets)


SITE_MODULES = [webpage, downloads, incremental]


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("edition.sphinxext")
    register_accessibility(app)
    for module in SITE_MODULES:
        module.register(app)
    register_epub(app)
    register_links(app)
    return {
        "version": "1.0",
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        # The site style sheet is collected in this process's memory while pages are written.
        "parallel_write_safe": False,
    }
