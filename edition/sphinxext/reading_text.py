"""What happens once a document has been read.

In the reading text (a document whose front matter has ``edition: reading-text``):

- every paragraph and block quotation gets its number, ¶1 to ¶N, an anchor ``p<N>`` and
  a visible self-link;
- every emendation and person mention learns the ¶ it stands in;
- the fidelity check puts every copy-text reading back (in the text, in the essay's notes
  and bibliography, and in the omitted matter) and compares the result with the witness,
  block by block. A difference stops the build with the file and line of the block.

In every document, emendations and person mentions are registered in the edition domain.

From them, once every document has been read, the textual apparatus and the persons index
are generated (:class:`FillGeneratedPages`): derived from the marks in the text, they
cannot drift from it. The placeholders are filled in a post-transform that runs before
Sphinx resolves references, so that the citations in an emendation's reason are resolved
in the page that shows them.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from edition import fidelity
from edition.fidelity import KINDS
from edition.sphinxext import config
from edition.sphinxext import markup as ed
from edition.sphinxext.domain import EditionDomain, EmendationRecord, Mention, PageKind
from edition.sphinxext.printing import line_numbering

logger = logging.getLogger(__name__)

READING_TEXT_FLAG = ("edition", "reading-text")
SILENT = (
    ed.set_aside,
    ed.commentary_link,
    ed.editorial_note_body,
    nodes.footnote,
    nodes.system_message,
    nodes.target,
)


config.reaches_into("myst-parser", "3.0.1", "the myst_slugs metadata of the reading text")


def is_reading_text(app: Sphinx, docname: str) -> bool:
    key, value = READING_TEXT_FLAG
    return app.env.metadata.get(docname, {}).get(key) == value


def numbered_blocks(doctree: nodes.document) -> list[nodes.Element]:
    """The essay's paragraphs and block quotations, in order; headings are editorial."""
    blocks: list[nodes.Element] = []

    def walk(parent: nodes.Element) -> None:
        for child in parent.children:
            if isinstance(child, nodes.section):
                walk(child)
            elif isinstance(child, (nodes.paragraph, nodes.block_quote)):
                blocks.append(child)

    walk(doctree)
    return blocks


def copy_text_of(node: nodes.Node) -> str:
    """The words of the witness that a piece of the reading text stands for."""
    if isinstance(node, nodes.Text):
        return str(node)
    if isinstance(node, ed.emendation):
        return node["copy"]
    if isinstance(node, ed.essay_note_reference):
        return f"[{node['number']}]"
    if isinstance(node, SILENT):
        return ""
    if isinstance(node, nodes.block_quote):
        return " ".join(copy_text_of(child) for child in node.children)
    return "".join(copy_text_of(child) for child in node.children)


def number_paragraphs(docname: str, blocks: list[nodes.Element]) -> None:
    for number, block in enumerate(blocks, start=1):
        anchor = f"p{number}"
        block["ids"].insert(0, anchor)
        block["classes"].append("numbered")
        block["edition_anchor"] = anchor
        block["edition_label"] = f"¶{number}"
        first = (
            block if isinstance(block, nodes.paragraph) else next(block.findall(nodes.paragraph))
        )
        margin = ed.paragraph_number(number=number, anchor=anchor, docname=docname)
        link = ed.commentary_link()
        reference = addnodes.pending_xref(
            "", refdomain="edition", reftype="commentary", reftarget=str(number), refwarn=False
        )
        reference += nodes.inline(text="commentary", classes=["para-commentary-label"])
        link += reference
        margin += link
        first.insert(0, margin)
        for position, emendation in enumerate(block.findall(ed.emendation), start=1):
            emendation["label"] = f"¶{number}"
            emendation["anchor"] = anchor
            emendation["order"] = (0, number, position)


def mark_critical_text(blocks: list[nodes.Element]) -> None:
    """Line numbers in print from the first numbered paragraph to the last."""
    first, last = blocks[0], blocks[-1]
    first.parent.insert(first.parent.index(first), line_numbering(on=True))
    last.parent.insert(last.parent.index(last) + 1, line_numbering(on=False))


def check_fidelity(
    app: Sphinx, docname: str, blocks: list[nodes.Element], doctree: nodes.document
) -> None:
    rebuilt = [
        fidelity.Block(copy_text_of(block), f"{app.env.doc2path(docname)}:{block.line or 0}")
        for block in blocks
    ]
    for record in [*config.essay_notes(app.env), *config.further_reading(app.env)]:
        rebuilt.append(
            fidelity.Block(fidelity.copy_text_of_markup(record["text"]), record.location)
        )
    for omitted in doctree.findall(ed.omitted_matter):
        where = f"{app.env.doc2path(docname)}:{omitted.line or 0}"
        rebuilt += [fidelity.Block(block, where) for block in omitted["blocks"]]
    witness = fidelity.copy_text_blocks(config.copy_text(app.env))
    mismatch = fidelity.first_mismatch(witness, rebuilt)
    if mismatch:
        logger.warning(
            mismatch.describe(), location=mismatch.location, type="edition", subtype="fidelity"
        )


def add_mark(emendation: ed.emendation, mark: ed.emendation_mark) -> None:
    """The sign goes last in the emendation, or after the link the emendation stands in
    (a person's name): a link inside a link is not allowed."""
    outermost_link = None
    parent = emendation.parent
    while parent is not None:
        if isinstance(parent, (addnodes.pending_xref, nodes.reference)):
            outermost_link = parent
        parent = parent.parent
    if outermost_link is None:
        emendation += mark
    else:
        outermost_link.parent.insert(outermost_link.parent.index(outermost_link) + 1, mark)


def register_emendations(domain: EditionDomain, docname: str, doctree: nodes.document) -> None:
    for emendation in list(doctree.findall(ed.emendation)):
        if "label" not in emendation:
            logger.warning(
                "an emendation belongs in the reading text or the essay's notes",
                location=emendation,
                type="edition",
            )
            emendation.replace_self(nodes.Text(emendation["reading"]))  # no entry to link
            continue
        order = emendation["order"]
        emendation_id = f"em-{emendation['anchor']}-{order[2]}"
        emendation["ids"] = [emendation_id]
        add_mark(emendation, ed.emendation_mark(target=emendation_id, label=emendation["label"]))
        reason = next(emendation.findall(ed.emendation_reason))
        domain.emendations[emendation_id] = EmendationRecord(
            id=emendation_id,
            docname=docname,
            anchor=emendation["anchor"],
            label=emendation["label"],
            order=order,
            reading=emendation["reading"],
            copy=emendation["copy"],
            kind=emendation["kind"],
            reason=[child.deepcopy() for child in reason.children],
        )
    for omitted in doctree.findall(ed.omitted_matter):
        omitted["ids"].append("em-omitted")  # where the apparatus entry leads back to
        domain.emendations["em-omitted"] = EmendationRecord(
            id="em-omitted",
            docname=docname,
            anchor="omitted",
            label="end",
            order=(9, 0, 0),
            reading="",
            copy=" / ".join(omitted["blocks"]),
            kind="omission",
            reason=[nodes.Text(omitted["reason"])],
        )


def enclosing_section(node: nodes.Node) -> nodes.section | None:
    """The nearest section that contains ``node`` and has an id, walking up its parents."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section) and parent["ids"]:
            return parent
        parent = parent.parent
    return None


def register_mentions(domain: EditionDomain, docname: str, doctree: nodes.document) -> None:
    for position, ref in enumerate(doctree.findall(addnodes.pending_xref)):
        if ref.get("refdomain") != "edition" or ref.get("reftype") != "person":
            continue
        block = ref.parent
        while block is not None and "edition_anchor" not in block:
            block = block.parent
        if block is None:
            section = enclosing_section(ref)
            anchor = section["ids"][0] if section else ""
            label = docname
            order = (1, 0, position)
        else:
            anchor = block["edition_anchor"]
            label = block["edition_label"]
            order = (0, int(anchor[1:]), position)
        domain.add_mention(ref["reftarget"], Mention(docname, anchor, label, order))


def process_document(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    domain: EditionDomain = EditionDomain.of(app.env)
    if is_reading_text(app, docname):
        domain.set_page(PageKind.READING_TEXT, docname)
        blocks = numbered_blocks(doctree)
        number_paragraphs(docname, blocks)
        mark_critical_text(blocks)
        domain.paragraphs[docname] = list(range(1, len(blocks) + 1))
        # Markdown links such as [¶5](essay.md#p5) resolve through MyST's table of anchors.
        slugs = app.env.metadata[docname].setdefault("myst_slugs", {})
        for number, block in enumerate(blocks, start=1):
            slugs[f"p{number}"] = (block.line or 0, f"p{number}", f"¶{number}")
        check_fidelity(app, docname, blocks, doctree)
    register_emendations(domain, docname, doctree)
    register_mentions(domain, docname, doctree)


class FillGeneratedPages(SphinxPostTransform):
    default_priority = 5  # before ReferencesResolver (10)

    def run(self, **kwargs: object) -> None:
        for placeholder in list(self.document.findall(ed.generated_placeholder)):
            domain: EditionDomain = EditionDomain.of(self.env)
            if placeholder["kind"] == "apparatus":
                placeholder.replace_self(self.apparatus(domain))
            elif placeholder["kind"] == "mentions":
                placeholder.replace_self(self.mentions(domain, placeholder["person"]))

    def link(self, docname: str, anchor: str, text: str) -> nodes.reference:
        uri = self.app.builder.get_relative_uri(self.env.docname, docname)
        return nodes.reference("", text, internal=True, refuri=f"{uri}#{anchor}")

    def apparatus(self, domain: EditionDomain) -> nodes.Node:
        table, body = ed.table_frame(
            ["Place", "Reading ] copy-text", "Kind", "Reason"],
            [17, 35, 15, 33],
            ["apparatus", "colwidths-given"],
        )
        for record in domain.sorted_emendations():
            row = nodes.row()
            place = nodes.paragraph()
            place += nodes.target("", "", ids=[f"apparatus-{record.id}"])
            place += self.link(record.docname, record.id, record.label)  # the place itself
            if record.label.startswith("¶"):  # in print, the page and line of the essay
                place += ed.apparatus_location(target=record.id, docname=record.docname)
            row += nodes.entry("", place)
            lemma = nodes.paragraph()
            lemma += nodes.inline(text=record.reading or "om.", classes=["lemma"])
            lemma += nodes.Text(" ] ")
            lemma += nodes.inline(text=record.copy or "add.", classes=["copy-text-reading"])
            row += nodes.entry("", lemma)
            row += nodes.entry("", nodes.paragraph(text=KINDS[record.kind]))
            reason = nodes.paragraph()
            reason += [node.deepcopy() for node in record.reason]
            row += nodes.entry("", reason)
            body += row
        if not domain.emendations:  # a witness without a slip: no empty table
            return [nodes.paragraph(text="The editors made no intervention in the text.")]
        count = nodes.paragraph(
            text=f"{len(domain.emendations)} editorial interventions, in the order of the text."
        )
        return [count, table]

    def mentions(self, domain: EditionDomain, person: str) -> list[nodes.Node]:
        """Links to every paragraph that names the person, in the order of the text."""
        links: list[nodes.Node] = []
        seen: set[tuple[str, str]] = set()
        for mention in sorted(domain.mentions.get(person, []), key=lambda m: m.order):
            if (mention.docname, mention.anchor) in seen:
                continue
            seen.add((mention.docname, mention.anchor))
            if links:
                links.append(nodes.Text(", "))
            links.append(self.link(mention.docname, mention.anchor, mention.label))
        if not links:
            return [nodes.Text(f"— named only in the {self.config.edition_text_kind}'s notes.")]
        return [nodes.Text("— named in "), *links, nodes.Text(".")]


def register(app: Sphinx) -> None:
    app.add_post_transform(FillGeneratedPages)
    # After Sphinx's own collectors (priority 500) have filled env.metadata.
    app.connect("doctree-read", process_document, priority=800)
