"""The edition in TEI P5, written from the same doctrees and data the HTML is built from.

The reading text is the resolved-before-writing doctree of the essay: each emendation
node becomes ``<choice><sic>…</sic><corr>…</corr></choice>``, each ``{person}`` a
``<persName ref>``, the words of each claim of the register a ``<seg type="claim">`` that
the claim's note targets, each essay note an inline ``<note n>`` holding the note as printed
(taken from the concordance page, where the notes are parsed with their emendations).
The teiHeader, the persons, the bibliography, the commentary and the claims come from
``_config.yml``, ``data/`` and ``references.bib``. Nothing is copied by hand, so the TEI
cannot drift from the site.

Reconstruction rule, stated in the header: take every ``<sic>``, read every authorial
``<note n>`` as its marker ``[n]``, drop the editors' notes; the numbered blocks, then the
notes, then the text's bibliography, then the omitted matter of ``sourceDesc`` give back
the witness block by block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from edition import claims, fidelity, releases
from edition.citation import publication_date, publication_day
from edition.downloads import TEI_NAME
from edition.references import plain
from edition.sphinxext import config as edition_config
from edition.sphinxext import markup as ed
from edition.sphinxext.claims import claim_mark
from edition.sphinxext.domain import EditionDomain, PageKind

logger = logging.getLogger(__name__)

TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ET.register_namespace("", TEI)

# Nodes of the HTML page that are not part of the text: margins, index entries, the
# verdict layer, charts and their tables, the view switch.
SKIPPED = (
    ed.set_aside,
    nodes.footnote,
    nodes.footnote_reference,
    nodes.figure,
    nodes.image,
    nodes.table,
    nodes.target,
    nodes.comment,
    nodes.system_message,
    addnodes.index,
)
LIFE_DATES = re.compile(r"^(\d{4})–(\d{4})$")


def tei(tag: str) -> str:
    return f"{{{TEI}}}{tag}"


def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tei(tag), {key: value for key, value in attributes.items()})
    if text:
        element.text = text
    return element


def add_text(parent: ET.Element, text: str) -> None:
    """Append character data after the last child of ``parent`` (mixed content)."""
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


@dataclass
class Converter:
    """Turns the inline content of an edition doctree into TEI. ``notes`` supplies the
    printed text of essay note n (a doctree paragraph of the concordance)."""

    notes: dict[int, nodes.Element] = field(default_factory=dict)
    apparatus: list[tuple[str, str, list[nodes.Node]]] = field(default_factory=list)
    claimed: set[str] = field(default_factory=set)  # claims whose words became a <seg>

    def children(self, node: nodes.Element, parent: ET.Element) -> None:
        for child in node.children:
            self.convert(child, parent)

    def convert(self, node: nodes.Node, parent: ET.Element) -> None:
        if isinstance(node, nodes.Text):
            add_text(parent, str(node))
        elif isinstance(node, SKIPPED):
            return
        elif isinstance(node, claim_mark):
            seg = sub(parent, "seg", type="claim", **{XML_ID: f"claimed-{node['claim']}"})
            self.claimed.add(node["claim"])
            self.children(node, seg)
        elif isinstance(node, ed.emendation):
            self.emendation(node, parent)
        elif isinstance(node, ed.essay_note_reference):
            self.essay_note(node["number"], parent)
        elif isinstance(node, ed.editorial_note):
            passage, body = node.children[0], node.children[-1]
            self.convert(passage, parent)
            note = sub(parent, "note", type="editorial", resp="#editors")
            self.children(body, note)
        elif isinstance(node, addnodes.pending_xref):
            self.reference(node, parent)
        elif isinstance(node, nodes.emphasis):
            self.children(node, sub(parent, "hi", rend="italic"))
        elif isinstance(node, nodes.strong):
            self.children(node, sub(parent, "hi", rend="bold"))
        elif isinstance(node, nodes.Element):
            self.children(node, parent)

    def emendation(self, node: ed.emendation, parent: ET.Element) -> None:
        identifier = node["ids"][0] if node["ids"] else f"em-{len(self.apparatus) + 1}"
        choice = sub(parent, "choice", **{XML_ID: identifier})
        sub(choice, "sic", node["copy"] or None)
        sub(choice, "corr", node["reading"] or None, type=node["kind"], resp="#editors")
        reason = next(node.findall(ed.emendation_reason))
        self.apparatus.append((identifier, node["kind"], list(reason.children)))

    def essay_note(self, number: int, parent: ET.Element) -> None:
        note = sub(parent, "note", n=str(number), type="authorial", place="end")
        note.set(XML_ID, f"essay-note-{number}")
        printed = self.notes.get(number)
        if printed is not None:
            self.children(printed, note)

    def reference(self, node: addnodes.pending_xref, parent: ET.Element) -> None:
        domain, kind, target = node.get("refdomain"), node.get("reftype"), node["reftarget"]
        if domain == "edition" and kind == "person":
            self.children(node, sub(parent, "persName", ref=f"#person-{target}"))
        elif domain == "std" and kind == "term":
            self.children(node, sub(parent, "term"))
        elif domain == "cite":
            keys = [key.strip() for key in target.split(",") if key.strip()]
            for key in keys:
                sub(parent, "ptr", target=f"#bib-{key}")
        elif domain == "edition" and kind == "paragraph":
            self.children(node, sub(parent, "ref", target=f"#p{target}"))
        elif domain == "edition" and kind in {"commentary", "claim"}:
            return
        else:
            self.children(node, parent)


def numbered_block(block: nodes.Element, parent: ET.Element, converter: Converter) -> None:
    number = block["edition_anchor"][1:]
    attributes = {"n": number, XML_ID: block["edition_anchor"]}
    if isinstance(block, nodes.block_quote):
        quote = sub(parent, "quote", **attributes)
        for paragraph in block.findall(nodes.paragraph):
            converter.children(paragraph, sub(quote, "p"))
    else:
        converter.children(block, sub(parent, "p", **attributes))


def is_numbered(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Element) and "edition_anchor" in node.attributes


def essay_body(doctree: nodes.document, body: ET.Element, converter: Converter) -> None:
    """Sections become divisions with the editors' headings; the numbered blocks become
    ``<p n>`` (or ``<quote n>``); sections without a numbered block (the notes) are left
    out, since the notes stand at their markers."""

    def walk(section: nodes.Element, parent: ET.Element) -> None:
        for child in section.children:
            if isinstance(child, nodes.title):
                sub(parent, "head", child.astext().strip("[]"), type="editorial")
            elif isinstance(child, nodes.section) and any(child.findall(is_numbered)):
                walk(child, sub(parent, "div"))
            elif is_numbered(child):
                numbered_block(child, parent, converter)

    walk(doctree, body)


def concordance_rows(doctree: nodes.document, prefix: str) -> dict[int, nodes.Element]:
    """The printed text (second cell) of each concordance row ``<prefix>N``."""
    rows: dict[int, nodes.Element] = {}
    for row in doctree.findall(nodes.row):
        anchor = next((i for i in row["ids"] if i.startswith(prefix)), None)
        if anchor:
            rows[int(anchor.removeprefix(prefix))] = row.children[1].children[0]
    return rows


def header(
    app: Sphinx, root: ET.Element, omitted: list[tuple[str, list[str]]], paragraphs: int
) -> None:
    config = app.config
    text = edition_config.edition_config(config)
    head = sub(root, "teiHeader")
    file_desc = sub(head, "fileDesc")
    title_stmt = sub(file_desc, "titleStmt")
    sub(title_stmt, "title", config.project)
    sub(title_stmt, "author", text.text_author)
    editor = sub(title_stmt, "editor")
    sub(editor, "orgName", config.author, **{XML_ID: "editors"})
    edition_stmt = sub(file_desc, "editionStmt")
    edition = sub(edition_stmt, "edition", f"Version {config.version}", n=config.version)
    sub(edition, "date", when=publication_date().replace("/", "-"))
    publication = sub(file_desc, "publicationStmt")
    sub(publication, "publisher", config.author)
    sub(publication, "date", when=publication_date().replace("/", "-"))
    if config.html_baseurl:
        sub(publication, "idno", config.html_baseurl, type="URI")
    availability = sub(publication, "availability")
    if text.text_rights:
        sub(availability, "p", text.text_rights)
    sub(
        availability,
        "licence",
        "The editorial matter (apparatus, commentary, notes, persons, claims) and the data: "
        "Creative Commons Attribution 4.0.",
        target="https://creativecommons.org/licenses/by/4.0/",
    )
    source_desc = sub(file_desc, "sourceDesc")
    witness = sub(source_desc, "bibl", type="witness")
    if text.text_title_supplied:
        sub(witness, "title", text.text_title, type="supplied")
    else:
        sub(witness, "title", text.text_title)
    sub(witness, "author", text.text_author)
    if text.witness_note:
        sub(witness, "note", text.witness_note)
    for reason, blocks in omitted:
        form = sub(witness, "note", type="omitted")
        add_text(form, f"Left out of the text. {reason} ")
        for block in blocks:
            sub(form, "quote", block)
    encoding = sub(head, "encodingDesc")
    project = sub(encoding, "projectDesc")
    sub(
        project,
        "p",
        f"A critical edition of {text.text_description}: established text with numbered "
        "paragraphs, apparatus, commentary, persons and a register of the text's claims.",
    )
    decl = sub(encoding, "editorialDecl")
    sub(
        sub(decl, "correction"),
        "p",
        "Every change to the copy-text is encoded as choice/sic/corr, with its kind in "
        "corr/@type and its reason in the apparatus (back/div[@type='apparatus']).",
    )
    sub(
        sub(decl, "normalization"),
        "p",
        "Any run of white space counts as one space; space at the start and end of a "
        "paragraph is ignored. Headings are the editors' and are not part of the witness.",
    )
    sub(
        sub(decl, "segmentation"),
        "p",
        f"Paragraphs (p/@n, quote/@n) are numbered 1–{paragraphs} exactly as the witness "
        "divides the text. Taking every sic, reading each authorial note as its marker [n] "
        "and dropping the editors' notes gives back the witness's paragraphs; the notes, the "
        "text's bibliography (back) and the omitted matter (sourceDesc) give back the rest.",
    )
    classes = sub(encoding, "classDecl")
    taxonomy = sub(classes, "taxonomy", **{XML_ID: "emendation-kinds"})
    for kind, description in fidelity.KINDS.items():
        category = sub(taxonomy, "category", **{XML_ID: f"kind-{kind}"})
        sub(category, "catDesc", description)
    profile = sub(head, "profileDesc")
    sub(sub(profile, "langUsage"), "language", "English", ident="en")
    revision_desc(app, head)


def revision_desc(app: Sphinx, head: ET.Element) -> None:
    """A ``change`` per release recorded in data/releases.yml, newest first."""
    path = Path(app.srcdir) / getattr(app.config, "edition_releases_file", "data/releases.yml")
    try:
        recorded = releases.load_releases(path) if path.is_file() else []
    except releases.ReleaseError:
        return  # reported as Sphinx started
    if not recorded:
        return
    revisions = sub(head, "revisionDesc")
    for release in reversed(recorded):
        when = release.date.isoformat()
        text = f"Version {release.version}: {release.summary}"
        sub(revisions, "change", text, when=when, n=release.version, who="#editors")


def list_person(parent: ET.Element, env: BuildEnvironment) -> None:
    people = sub(parent, "listPerson")
    for person_id, record in edition_config.persons(env).items():
        person = sub(people, "person", **{XML_ID: f"person-{person_id}"})
        sub(person, "persName", record["name"])
        if record.get("name_ru"):
            sub(person, "persName", record["name_ru"], **{XML_LANG: "ru"})
        dates = LIFE_DATES.match(str(record.get("dates", "")))
        if dates:
            sub(person, "birth", when=dates[1])
            sub(person, "death", when=dates[2])
        elif record.get("dates"):
            sub(person, "floruit", str(record["dates"]))
        note = sub(person, "note", record.get("description"))
        for key in str(record.get("source", "")).split(","):
            if key.strip():
                sub(note, "ptr", target=f"#bib-{key.strip()}")


def list_bibl(parent: ET.Element, entries: Any) -> None:
    bibliography = sub(parent, "listBibl")
    for key, entry in entries.items():
        bibl = sub(bibliography, "bibl", **{XML_ID: f"bib-{key}"})
        for role in ("author", "editor"):
            for person in entry.persons.get(role, []):
                sub(bibl, role, plain(str(person)))
        fields = entry.fields
        if "title" in fields:
            sub(bibl, "title", plain(fields["title"]))
        for name, tag in (("journal", "title"), ("booktitle", "title")):
            if name in fields:
                sub(bibl, tag, plain(fields[name]), level="j" if name == "journal" else "m")
        if "address" in fields:
            sub(bibl, "pubPlace", plain(fields["address"]))
        for name in ("publisher", "organization", "institution"):
            if name in fields:
                sub(bibl, "publisher", plain(fields[name]))
        if "year" in fields:
            sub(bibl, "date", plain(fields["year"]))
        for name, unit in (("volume", "volume"), ("number", "issue"), ("pages", "page")):
            if name in fields:
                sub(bibl, "biblScope", plain(fields[name]), unit=unit)
        if "url" in fields:
            sub(bibl, "ref", fields["url"], target=fields["url"])
        if "evidence" in fields:
            sub(bibl, "note", fields["evidence"], type="evidence")
        if "reading" in fields:
            sub(bibl, "note", fields["reading"], type="reading")
        if "note" in fields:
            sub(bibl, "note", plain(fields["note"]))


def commentary(parent: ET.Element, doctree: nodes.document | None, converter: Converter) -> None:
    if doctree is None:
        return
    division = sub(parent, "div", type="commentary")
    for section in doctree.findall(nodes.section):
        anchor = next((i for i in section["ids"] if re.fullmatch(r"c-p\d+-[\w-]+", i)), None)
        if anchor is None:
            continue
        paragraph = re.match(r"c-p(\d+)-", anchor)[1]  # type: ignore[index]
        note = sub(division, "note", type="commentary", target=f"#p{paragraph}")
        note.set(XML_ID, anchor)
        title = next(iter(section.findall(nodes.title)), None)
        if title is not None:
            sub(note, "label", title.astext())
        for child in section.children:
            if isinstance(child, nodes.paragraph):
                converter.children(child, sub(note, "p"))


def claim_notes(parent: ET.Element, path: Path, claimed: set[str]) -> None:
    """The register: each claim a note on the essay's words it is about (their ``<seg>``)."""
    if not path.is_file():
        return
    division = sub(parent, "div", type="claims")
    for claim in claims.load(path).values():
        target = f"#claimed-{claim.id}" if claim.id in claimed else f"#p{claim.paragraph}"
        note = sub(division, "note", type="claim", target=target)
        note.set(XML_ID, f"claim-{claim.id}")
        sub(note, "quote", claim.words)
        sub(note, "label", claim.verdict.label, type="verdict")
        sub(note, "p", claim.summary)
        for key, locator in claim.evidence:
            bibl = sub(note, "bibl")
            sub(bibl, "ptr", target=f"#bib-{key}")
            if locator:
                sub(bibl, "citedRange", locator)


def apparatus(parent: ET.Element, converter: Converter) -> None:
    division = sub(parent, "div", type="apparatus")
    if not converter.apparatus:  # a witness without a slip: TEI has no empty list
        sub(division, "p", "The editors made no intervention in the text.")
        return
    entries = sub(division, "list")
    for identifier, kind, reason in converter.apparatus:
        item = sub(entries, "item", corresp=f"#{identifier}", ana=f"#kind-{kind}")
        for node in reason:
            converter.convert(node, item)


def indent(element: ET.Element, level: int = 0) -> None:
    """Indent element-only content; mixed content (a paragraph, a note) is left exactly as
    it is, since white space there is text."""
    children = list(element)
    if not children:
        return
    blank = (element.text or "").strip() == "" and all(
        (child.tail or "").strip() == "" for child in children
    )
    if not blank:
        return
    inner = "\n" + " " * (level + 1)
    element.text = inner
    for child in children:
        child.tail = inner
        indent(child, level + 1)
    children[-1].tail = "\n" + " " * level


def build_tei(app: Sphinx) -> ET.ElementTree:
    # ElementTree keeps one process-wide prefix table, which the EPUB build (run earlier in
    # this process) points at its own namespaces: TEI is the default namespace again here.
    ET.register_namespace("", TEI)
    env = app.env
    domain: EditionDomain = EditionDomain.of(env)
    essay = env.get_doctree(str(domain.page(PageKind.READING_TEXT)))
    concordance = env.get_doctree(str(domain.page(PageKind.CONCORDANCE)))
    converter = Converter(notes=concordance_rows(concordance, "essay-note-"))
    omitted = [(node["reason"], node["blocks"]) for node in essay.findall(ed.omitted_matter)]
    paragraphs = sum(1 for node in essay.findall(is_numbered))

    root = ET.Element(tei("TEI"), {XML_LANG: "en"})
    header(app, root, omitted, paragraphs)
    text = sub(root, "text")
    body = sub(text, "body")
    essay_body(essay, sub(body, "div", type=app.config.edition_text_kind), converter)
    back = sub(text, "back")
    printed_books = sorted(concordance_rows(concordance, "essay-reading-").items())
    if printed_books:  # the list of books the text prints, if it has one
        reading = sub(back, "div", type="bibliography")
        sub(reading, "head", "The text’s own list of books")
        printed_list = sub(reading, "listBibl")
        for number, printed in printed_books:
            converter.children(printed, sub(printed_list, "bibl", n=str(number)))
    commentary_docs = list(domain.notes)
    commentary(back, env.get_doctree(commentary_docs[0]) if commentary_docs else None, converter)
    claims_file = edition_config.input_path(env.srcdir, app.config, "claims_file")
    claim_notes(back, claims_file, converter.claimed)
    apparatus(back, converter)
    people = sub(back, "div", type="persons")
    list_person(people, env)
    sources = sub(back, "div", type="sources")
    list_bibl(sources, env.get_domain("cite").bibdata.data.entries)  # type: ignore[attr-defined]
    indent(root)
    return ET.ElementTree(root)


class ReadingText:
    """The established text read out of the TEI, as plain text or Markdown: each choice
    gives its correction, an author's note its marker (the notes follow the text), an
    editors' note nothing."""

    def __init__(self, root: ET.Element, markdown: bool) -> None:
        self.root = root
        self.markdown = markdown
        self.notes: list[tuple[str, str]] = []

    def inline(self, element: ET.Element) -> str:
        parts = [element.text or ""]
        for child in element:
            name = child.tag.removeprefix(f"{{{TEI}}}")
            if name == "choice":
                parts.append(child.findtext(tei("corr")) or "")
            elif name == "note" and child.get("type") == "authorial":
                number = child.get("n", "")
                self.notes.append((number, self.inline(child)))
                parts.append(f"[^{number}]" if self.markdown else f"[{number}]")
            elif name == "hi" and self.markdown:
                parts.append(f"*{self.inline(child)}*")
            elif name not in {"note", "ptr"}:
                parts.append(self.inline(child))
            parts.append(child.tail or "")
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def render(self, title: str, preface: str) -> str:
        lines = [f"# {title}" if self.markdown else title, "", preface, ""]
        body = self.root.find(f"{tei('text')}/{tei('body')}")
        for element in body.iter() if body is not None else []:
            name = element.tag.removeprefix(f"{{{TEI}}}")
            heading = f"[{element.text}]"  # the editors' headings, bracketed as in the book
            if name == "head" and heading != title:
                lines += [f"## {heading}" if self.markdown else heading, ""]
            elif name in {"p", "quote"} and element.get("n"):
                mark = f"**¶{element.get('n')}**" if self.markdown else f"¶{element.get('n')}"
                prefix = "> " if name == "quote" and self.markdown else ""
                lines += [f"{prefix}{mark} {self.inline(element)}", ""]
        lines += ["## Notes" if self.markdown else "Notes", ""]
        for number, text in self.notes:
            text = text.removeprefix(f"{number}.").strip()
            lines += [f"[^{number}]: {text}" if self.markdown else f"{number}. {text}", ""]
        printed = self.root.findall(f".//{tei('div')}[@type='bibliography']/{tei('listBibl')}/")
        lines += ["## Bibliography" if self.markdown else "Bibliography", ""]
        lines += [line for bibl in printed for line in (self.inline(bibl), "")]
        return "\n".join(lines).rstrip() + "\n"


READING_TEXT_NAMES = {False: "reading-text.txt", True: "reading-text.md"}


def write_exports(app: Sphinx, env: Any) -> list[str]:
    """The TEI and the reading text as plain text and Markdown, written into the site once
    every document has been read, so that the Downloads page can give their sizes."""
    domain: EditionDomain = EditionDomain.of(env)
    if app.builder.name != "html" or not domain.has_pages(
        PageKind.READING_TEXT, PageKind.CONCORDANCE
    ):
        return []  # another format, or a book without a reading text (a test book)
    if getattr(app.config, "edition_preview", False):
        return []  # the preview publishes no downloads
    tree = build_tei(app)
    outdir = Path(app.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    tree.write(outdir / TEI_NAME, encoding="utf-8", xml_declaration=True)
    config = app.config
    text = edition_config.edition_config(config)
    preface = (
        f"The reading text of {text.text_description}, as established in {config.project}, "
        f"version {config.version} ({publication_day()}). Paragraph numbers (¶) are the "
        "edition's; the editors' corrections are listed in its apparatus; the headings, in "
        "square brackets, are the editors'."
    )
    for markdown, name in READING_TEXT_NAMES.items():
        title = f"[{text.text_title}]" if text.text_title_supplied else text.text_title
        written = ReadingText(tree.getroot(), markdown).render(title, preface)
        (outdir / name).write_text(written, encoding="utf-8")
    return []


def register(app: Sphinx) -> None:
    app.connect("env-updated", write_exports)
