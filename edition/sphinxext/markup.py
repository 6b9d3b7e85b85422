"""The edition's markup: its nodes with their visitors for every builder, its roles and
its directives, in one place (as ``sphinx.ext.todo`` keeps a node with its directive), so
that a role with a node of its own is written in this one file.

Nodes and their visitors
------------------------

The edition's doctree nodes, with a visitor for each output format.

HTML (and the EPUB, which uses the HTML translator) shows both readings of an emendation
so that the reader can switch views; LaTeX prints the adopted reading only. Formats with
no visitor of their own (text, man, texinfo) print the adopted reading.

Roles
-----

The edition's MyST roles.

``{em}`reading <copy-text reading> kind: reason```
    An emendation. The reason is MyST and may cite (use double backticks around the role
    content when it does). A reason of kind ``fact`` or ``bibliographic`` must cite, and
    not Wikipedia alone: Wikipedia (or a copy of it) is a finding aid, not a source.
``{person}`Name as printed <id>```
    A person named in the text, linked to the persons index (``data/persons.yml``).
``{enote}`3```
    The essay's own note 3, printed as a footnote with a short citation of the work and
    page it refers to (``data/essay-notes.yml``).
``{ednote}``passage | note```
    An explanatory note attached to a passage.
``{para}`6```
    A link to ¶6 of the reading text.
``{datum}`table:column=value,column=value:field```
    A number of ``data/`` in the prose: the value of ``field`` in the one row of ``table``
    that matches every condition, read from the data at build time, so that a number is
    never typed a second time. The page depends on the table's file, so an incremental
    build reads it again.

Directives
----------

The edition's directives.

``essay-notes``       where the essay's notes (from ``{enote}``) are placed as footnotes
``omitted``           witness matter left out of the reading text, with the reason
``reading-view-switch`` the HTML switch between reading and diplomatic view
``apparatus``         the generated textual apparatus
``persons-index``     the generated persons index
``note-concordance``  the essay's notes and bibliography as printed, with what they cite

Parts loaded on request
-----------------------

What a page shows only when a reader asks for it, loaded only then.

The verdict layer of the reading text, the data tables under the charts and the record of
searches on the Claims page are rendered by their own node visitors, as any part of a page
is, but on the web site (the ``html`` builder) their rendering goes into
``<page>.deferred.json`` beside the page instead of into the page: the page keeps an empty
placeholder with a ``data-deferred`` key, and ``edition.js`` fetches the file the first time
a reader opens a disclosure or switches the layer on. The EPUB and print have no
placeholders: there the parts are written in place.

:class:`on_request` is the disclosure (a ``<details>`` element) whose body is deferred so.
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.nodes import make_id
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from edition import data, evidence, fidelity
from edition.sphinxext import config as edition_config
from edition.sphinxext.domain import EditionDomain, PageKind

# markup

# nodes


class emendation(nodes.Inline, nodes.TextElement):
    """An editorial change: children are the adopted reading, then the hidden parts.

    Attributes: ``reading``, ``copy`` (the copy-text reading), ``kind``, and after
    reading ``label`` (``¶6``, ``n. 3``) and ``ids``.
    """


class set_aside:
    """A kind of node whose words are not read as words of the text: a ¶ number, a switch,
    an emendation's reason or its copy-text reading (the emendation gives both readings
    itself), a layer of verdicts, a data table. The reading text's fidelity check
    (``reading_text.SILENT``) and the TEI (``tei.SKIPPED``) leave out every node of a class
    that derives from it, so a new node of this kind is declared here alone."""


class copy_reading(set_aside, nodes.Inline, nodes.TextElement):
    """The copy-text reading of an emendation, shown only in the diplomatic view."""


class emendation_reason(set_aside, nodes.Inline, nodes.Element):
    """The reason of an emendation; printed in the apparatus, not in the text."""


class emendation_mark(nodes.Inline, nodes.Element):
    """The visible sign of an emendation (a superscript °), last child of the emendation,
    linking to its apparatus entry: ``target`` is the emendation's id."""


class essay_note_reference(nodes.Inline, nodes.Element):
    """The essay's own note marker (``[3]`` in the copy-text); wraps a footnote reference."""


class paragraph_number(set_aside, nodes.Inline, nodes.TextElement):
    """The margin of a numbered paragraph: the self-linking ¶ number, and as its child the
    link to the commentary on the paragraph."""


class commentary_link(nodes.Inline, nodes.TextElement):
    """Beside a ¶ number: a link to the commentary on that paragraph, where there is one."""


class editorial_note(nodes.Inline, nodes.Element):
    """An explanatory note attached to a passage: children are the passage, then the body."""


class editorial_note_body(nodes.Inline, nodes.Element):
    pass


class omitted_matter(nodes.General, nodes.Element):
    """Matter of the witness that is not part of the work (the web page's comment form)."""


class view_switch(set_aside, nodes.General, nodes.Element):
    """The reading/diplomatic view switch (HTML only)."""


class generated_placeholder(nodes.General, nodes.Element):
    """Replaced, once every document has been read, by a generated list or table.

    ``kind`` is ``apparatus`` or ``persons``.
    """


def table_frame(
    headers: list[str], widths: list[int], classes: list[str] | None = None
) -> tuple[nodes.table, nodes.tbody]:
    """A table with its columns and header row, and its empty body for the caller's rows:
    every table the edition generates is made here."""
    table = nodes.table(classes=classes or [])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    header = nodes.row()
    for title in headers:
        header += nodes.entry("", nodes.paragraph(text=title))
    head += header
    group += head
    body = nodes.tbody()
    group += body
    return table, body


def simple_table(
    headers: list[str], rows: list[list[str]], widths: list[int], classes: list[str] | None = None
) -> nodes.table:
    """A table of plain text cells with a header row."""
    table, body = table_frame(headers, widths, classes)
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            row += nodes.entry("", nodes.paragraph(text=cell))
        body += row
    return table


def skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def passthrough(self: Any, node: nodes.Node) -> None:
    pass


# --- HTML -------------------------------------------------------------------------------


def reason_words(node: emendation) -> str:
    """The reason as a reader sees it, on one line: read as the page is written, once its
    citations are resolved to their labels."""
    reasons = [child.astext() for child in node.children if isinstance(child, emendation_reason)]
    return re.sub(r"\s+([.,;:])", r"\1", " ".join(" ".join(reasons).split()))


def visit_emendation_html(self: Any, node: emendation) -> None:
    kind = escape(node["kind"])
    reason = escape(reason_words(node))
    self.body.append(
        f'<span class="emendation" id="{node["ids"][0]}" data-kind="{kind}" '
        f'title="{escape(node.get("label", ""))}: {kind}. {reason}">'
        '<span class="em-reading">'
    )


def depart_emendation_html(self: Any, node: emendation) -> None:
    self.body.append("</span>")


def apparatus_uri(builder: Any, target: str) -> str | None:
    apparatus = EditionDomain.of(builder.env).page(PageKind.APPARATUS)
    if apparatus is None:
        return None
    return f"{builder.get_relative_uri(builder.current_docname, apparatus)}#apparatus-{target}"


def visit_emendation_mark_html(self: Any, node: emendation_mark) -> None:
    """A sign a reader sees in any colour scheme and a screen reader announces in words."""
    uri = apparatus_uri(self.builder, node["target"])
    label = escape(f"emendation {node['label']}: see the apparatus entry")
    if uri is not None:
        self.body.append(
            f'<a class="em-mark" href="{uri}" aria-label="{label}" title="{label}">°</a>'
        )
    raise nodes.SkipNode


def apparatus_link_latex(self: Any, target: str) -> str:
    """The sign ° at the size of the text: the degree sign is a superior glyph already, and
    set in a smaller size it would be a word of its own to a PDF reader's text layer, which
    then reads "Kamenev ° ." with spaces around the sign."""
    apparatus = EditionDomain.of(self.builder.env).page(PageKind.APPARATUS)
    if apparatus is None:
        return ""
    return rf"\hyperref[\detokenize{{{apparatus}:apparatus-{target}}}]{{°}}"


def visit_emendation_mark_latex(self: Any, node: emendation_mark) -> None:
    self.body.append(apparatus_link_latex(self, node["target"]))
    raise nodes.SkipNode


def visit_copy_reading_html(self: Any, node: copy_reading) -> None:
    # Close the adopted reading, then give the copy-text reading for the diplomatic view.
    self.body.append('</span><span class="em-copy">')


def depart_copy_reading_html(self: Any, node: copy_reading) -> None:
    self.body.append("</span>")


def visit_paragraph_number_html(self: Any, node: paragraph_number) -> None:
    """The margin of a numbered paragraph: the ¶ number, a link to itself; on the web, a
    "cite" button (shown by edition.js, which composes the citation); and the link to the
    commentary on the paragraph, if there is one."""
    anchor = node["anchor"]
    number = node["number"]
    self.body.append(
        f'<span class="para-margin"><a class="para-num" href="#{anchor}" '
        f'title="Link to paragraph {number}" aria-label="Paragraph {number}">¶{number}</a> '
    )
    if self.builder.name != "epub":
        self.body.append(
            # Shown from the first paint wherever scripts run (the theme hides "pst-js-only"
            # when they do not): a button revealed by the script would repaint the paragraph.
            f'<button type="button" class="para-cite pst-js-only" data-paragraph="{number}" '
            f'aria-label="Cite paragraph {number}">cite</button> '
        )


def depart_paragraph_number_html(self: Any, node: paragraph_number) -> None:
    self.body.append("</span>")


def visit_commentary_link_html(self: Any, node: commentary_link) -> None:
    self.body.append('<span class="para-commentary">')


def depart_commentary_link_html(self: Any, node: commentary_link) -> None:
    self.body.append("</span>")


def visit_editorial_note_html(self: Any, node: editorial_note) -> None:
    self.body.append('<span class="ednote">')


def depart_editorial_note_html(self: Any, node: editorial_note) -> None:
    self.body.append("</span>")


def visit_editorial_note_body_html(self: Any, node: editorial_note_body) -> None:
    if self.builder.name == "epub":
        visit_editorial_note_body_epub(self, node)
        return
    body_id = node["ids"][0]
    self.body.append(
        f'<button type="button" class="ednote-mark" aria-describedby="{body_id}" '
        f'aria-label="Editorial note">†</button>'
        f'<span class="ednote-body" role="note" id="{body_id}">'
    )


def depart_editorial_note_body_html(self: Any, node: editorial_note_body) -> None:
    if self.builder.name == "epub":
        depart_editorial_note_body_epub(self, node)
        return
    self.body.append("</span>")


def visit_omitted_matter_html(self: Any, node: omitted_matter) -> None:
    blocks = "".join(f"<p>{escape(block)}</p>" for block in node["blocks"])
    anchors = "".join(f'<span id="{escape(i)}"></span>' for i in node["ids"][1:])
    mark = ""
    uri = apparatus_uri(self.builder, "em-omitted")
    if uri is not None:
        label = "omission: see the apparatus entry"
        mark = f'<a class="em-mark" href="{uri}" aria-label="{label}" title="{label}">°</a>'
    self.body.append(
        f'<div class="omitted-matter" id="{node["ids"][0]}">{anchors}'
        f'<p class="em-reading">[{escape(node["notice"])}]{mark}</p>'
        f'<div class="em-copy">{blocks}</div></div>'
    )
    raise nodes.SkipNode


def visit_view_switch_html(self: Any, node: view_switch) -> None:
    self.body.append(
        '<div class="view-switch">'
        '<button type="button" class="view-switch-button" aria-pressed="false">'
        "Show the copy-text readings (diplomatic view)</button> "
        '<button type="button" class="verdict-switch-button" aria-pressed="false">'
        "Show the editors' verdicts on the essay's claims</button></div>"
    )
    raise nodes.SkipNode


# --- EPUB -------------------------------------------------------------------------------


def visit_footnote_reference_epub(self: Any, node: nodes.footnote_reference) -> None:
    """A note marker as the web page shows it: the number in brackets, raised and small.
    The HTML writer's markup is left to the style sheet, and the e-book theme's style sheet
    adds brackets of its own ("[[19]]"): here the marker is raised by its markup
    (``sup``), carries no class that style sheet styles, and is a note reference to
    reading systems (``epub:type``) as well as to assistive technology (``role``)."""
    self.body.append(
        self.starttag(
            node,
            "a",
            suffix="",
            classes=["footnote-reference"],
            href=f"#{node['refid']}",
            role="doc-noteref",
            **{"epub:type": "noteref"},
        )
    )
    self.body.append("<sup>[")


def depart_footnote_reference_epub(self: Any, node: nodes.footnote_reference) -> None:
    self.body.append("]</sup></a>")


def visit_editorial_note_body_epub(self: Any, node: editorial_note_body) -> None:
    """In the e-book an explanatory note is a footnote: a raised † in the text that
    reading systems open as a pop-up note, and the note after the paragraph, where a
    reading system without pop-ups shows it. (The web page's note opens on hover or
    focus, which an e-book reader does not offer, and its text ran on into the sentence.)
    The note's markup is gathered here and written by the translator after the paragraph
    (``pending_asides``): an ``aside`` cannot stand inside a paragraph."""
    body_id = node["ids"][0]
    self.body.append(
        f'<a class="ednote-ref" href="#{body_id}" role="doc-noteref" epub:type="noteref" '
        f'aria-label="Editorial note"><sup>†</sup></a>'
    )
    self.context.append(self.body)
    self.body = []


def depart_editorial_note_body_epub(self: Any, node: editorial_note_body) -> None:
    text = "".join(self.body)
    self.body = self.context.pop()
    self.pending_asides.append(
        f'<aside class="ednote-footnote" id="{node["ids"][0]}" role="doc-footnote" '
        f'epub:type="footnote"><p>† {text}</p></aside>\n'
    )


# --- LaTeX ------------------------------------------------------------------------------


def visit_paragraph_number_latex(self: Any, node: paragraph_number) -> None:
    docname = node["docname"]
    anchor = node["anchor"]
    self.body.append(
        rf"\phantomsection\label{{\detokenize{{{docname}:{anchor}}}}}"
        rf"\hypertarget{{{anchor}}}{{}}"
        rf"\pdfbookmark[2]{{¶{node['number']}}}{{bookmark-{anchor}}}"
        rf"\edparnum{{{node['number']}}}"
    )
    raise nodes.SkipNode


def visit_editorial_note_body_latex(self: Any, node: editorial_note_body) -> None:
    self.body.append(r"\footnoteE{")


def depart_editorial_note_body_latex(self: Any, node: editorial_note_body) -> None:
    self.body.append("}")


def visit_omitted_matter_latex(self: Any, node: omitted_matter) -> None:
    self.body.append(
        f"\n\n\\noindent{self.hypertarget_to(node, anchor=True)}"
        f"[{self.encode(node['notice'])}]{apparatus_link_latex(self, 'em-omitted')}\n\n"
    )
    raise nodes.SkipNode


def in_critical_text(node: emendation) -> bool:
    """An emendation of the line-numbered essay (not of a note or the bibliography)."""
    return str(node.get("label", "")).startswith("¶")


def visit_emendation_latex(self: Any, node: emendation) -> None:
    """The adopted reading, with the anchor the apparatus entry leads back to and, in the
    essay, the line label its entry at the foot of the page is keyed to."""
    self.body.append(self.hypertarget_to(node, anchor=True))
    if in_critical_text(node) and node["ids"]:
        self.body.append(rf"\linelabel{{{node['ids'][0]}}}")


def depart_emendation_latex(self: Any, node: emendation) -> None:
    if in_critical_text(node) and node["ids"]:
        reading = self.encode(node["reading"]) or r"\textit{om.}"
        copy = self.encode(node["copy"]) or r"\textit{add.}"
        self.body.append(rf"\apparatusentry{{{node['ids'][0]}}}{{{reading}}}{{{copy}}}")


class apparatus_location(nodes.Inline, nodes.Element):
    """In print, the page and line of an emendation of the essay, beside its apparatus
    entry: ``target`` is the emendation's id, ``docname`` the reading text's."""


def visit_apparatus_location_latex(self: Any, node: apparatus_location) -> None:
    label = f"{node['docname']}:{node['target']}"
    self.body.append(
        rf" (p.\,\pageref{{\detokenize{{{label}}}}}, l.\,\lineref{{{node['target']}}})"
    )
    raise nodes.SkipNode


def visit_omitted_matter_text(self: Any, node: omitted_matter) -> None:
    raise nodes.SkipNode


LATEX_PREAMBLE = r"""
\usepackage[para]{manyfoot}
\DeclareNewFootnote{E}[alph]
\newcommand{\edparnum}[1]{\marginpar{\raggedleft\footnotesize\sffamily ¶#1}}
"""


def register_nodes(app: Sphinx) -> None:
    app.add_node(
        emendation,
        html=(visit_emendation_html, depart_emendation_html),
        latex=(visit_emendation_latex, depart_emendation_latex),
        text=(passthrough, passthrough),
    )
    app.add_node(
        copy_reading,
        html=(visit_copy_reading_html, depart_copy_reading_html),
        latex=(skip, None),
        text=(skip, None),
    )
    app.add_node(
        emendation_reason,
        html=(skip, None),
        latex=(skip, None),
        text=(skip, None),
    )
    app.add_node(
        apparatus_location,
        html=(skip, None),
        latex=(visit_apparatus_location_latex, None),
        text=(skip, None),
    )
    app.add_node(
        emendation_mark,
        html=(visit_emendation_mark_html, None),
        latex=(visit_emendation_mark_latex, None),
        text=(skip, None),
    )
    app.add_node(
        essay_note_reference,
        html=(passthrough, passthrough),
        latex=(passthrough, passthrough),
        text=(passthrough, passthrough),
    )
    app.add_node(
        paragraph_number,
        html=(visit_paragraph_number_html, depart_paragraph_number_html),
        latex=(visit_paragraph_number_latex, None),
        text=(skip, None),
    )
    app.add_node(
        commentary_link,
        html=(visit_commentary_link_html, depart_commentary_link_html),
        latex=(skip, None),
        text=(skip, None),
    )
    app.add_node(
        editorial_note,
        html=(visit_editorial_note_html, depart_editorial_note_html),
        latex=(passthrough, passthrough),
        text=(passthrough, passthrough),
    )
    app.add_node(
        editorial_note_body,
        html=(visit_editorial_note_body_html, depart_editorial_note_body_html),
        latex=(visit_editorial_note_body_latex, depart_editorial_note_body_latex),
        text=(skip, None),
    )
    app.add_node(
        omitted_matter,
        html=(visit_omitted_matter_html, None),
        latex=(visit_omitted_matter_latex, None),
        text=(visit_omitted_matter_text, None),
    )
    app.add_node(
        view_switch, html=(visit_view_switch_html, None), latex=(skip, None), text=(skip, None)
    )
    app.add_node(generated_placeholder, html=(skip, None), latex=(skip, None), text=(skip, None))


# roles

logger = logging.getLogger(__name__)

NAMED_TARGET = re.compile(r"^(?P<text>.+?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
CITING_KINDS = {"fact", "bibliographic"}


def cites(node_list: list[nodes.Node]) -> bool:
    for node in node_list:
        if isinstance(node, nodes.Element):
            for ref in node.findall(addnodes.pending_xref):
                if ref.get("refdomain") == "cite":
                    return True
    return False


def cited_keys(node: nodes.Element) -> list[str]:
    keys: list[str] = []
    for ref in node.findall(addnodes.pending_xref):
        if ref.get("refdomain") == "cite":
            keys += [t.key for t in parse_citation_targets(ref["reftarget"])]
    return keys


def edition_reference(rawtext: str, kind: str, target: str) -> addnodes.pending_xref:
    """A reference resolved by the edition domain (person, paragraph)."""
    return addnodes.pending_xref(
        rawtext,
        refdomain="edition",
        reftype=kind,
        reftarget=target,
        refexplicit=True,
        refwarn=True,
    )


class EditionRole(SphinxRole):
    def fail(self, message: str) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        logger.warning(message, location=(self.env.docname, self.lineno), type="edition")
        return [nodes.inline(self.rawtext, self.text)], []

    def parse_inline(self, text: str, parent: nodes.Element) -> list[nodes.Node]:
        parsed, _ = self.inliner.parse(text, self.lineno, None, parent)
        return parsed


class EmendationRole(EditionRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        parsed = fidelity.parse_emendation(self.text)
        if parsed is None:
            return self.fail(
                f"malformed emendation {self.rawtext!r}: "
                "write {em}`reading <copy-text reading> kind: reason`"
            )
        kind = parsed["kind"]
        if kind not in fidelity.KINDS:
            return self.fail(
                f"unknown kind of emendation {kind!r}; use one of {', '.join(fidelity.KINDS)}"
            )
        node = emendation(self.rawtext, reading=parsed["reading"], copy=parsed["copy"], kind=kind)
        node.source, node.line = self.get_source_info()
        reason = emendation_reason()
        reason += self.parse_inline(parsed["reason"], reason)
        if kind in CITING_KINDS and not cites([reason]):
            return self.fail(f"an emendation of kind {kind!r} must cite its source: {self.rawtext}")
        if kind in CITING_KINDS and self.cites_only_wikipedia(reason):
            return self.fail(
                f"an emendation of kind {kind!r} cites only Wikipedia, a finding aid: cite the "
                f"source it leads to: {self.rawtext}"
            )
        node += nodes.Text(parsed["reading"])
        node += copy_reading(parsed["copy"], parsed["copy"])
        node += reason
        return [node], []

    def cites_only_wikipedia(self, reason: nodes.Element) -> bool:
        entries = self.env.get_domain("cite").bibdata.data.entries  # type: ignore[attr-defined]
        keys = cited_keys(reason)
        return bool(keys) and all(
            key in entries and evidence.is_wikipedia(entries[key]) for key in keys
        )


class PersonRole(EditionRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        match = NAMED_TARGET.match(self.text)
        if not match:
            return self.fail(f"write {{person}}`Name as printed <id>`, not {self.rawtext!r}")
        person_id = match["target"].strip()
        known = edition_config.persons(self.env)
        if person_id not in known:
            return self.fail(
                f"unknown person id {person_id!r} (not in {self.config.edition_persons_file})"
            )
        ref = edition_reference(self.rawtext, "person", person_id)
        name = nodes.inline(classes=["person"])
        name += self.parse_inline(match["text"], name)
        ref += name
        # An entry of the book's index (the back-of-book index of the PDF).
        target_id = make_id(self.env, self.inliner.document, "index-person")
        target = nodes.target("", "", ids=[target_id])
        entry = addnodes.index(entries=[("single", known[person_id]["name"], target_id, "", None)])
        return [entry, target, ref], []


class EssayNoteRole(EditionRole):
    """The essay's note n as a footnote; notes are collected for the essay-notes directive."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        try:
            number = int(self.text)
        except ValueError:
            return self.fail(f"an essay note is referred to by its number, not {self.text!r}")
        notes = {record["n"]: record for record in edition_config.essay_notes(self.env)}
        if number not in notes:
            return self.fail(
                f"the essay has no note {number} ({self.config.edition_essay_notes_file})"
            )
        record = notes[number]
        document = self.inliner.document
        name = f"essay-note-{number}"

        footnote = nodes.footnote(auto=1, names=[name])
        body = nodes.paragraph()
        body += self.parse_inline(f"{{cite:t}}`{record['work']}`, p. {record['page']}.", body)
        footnote += body
        document.note_autofootnote(footnote)
        document.note_explicit_target(footnote, footnote)
        self.env.temp_data.setdefault("edition_essay_notes", []).append(footnote)

        reference = nodes.footnote_reference(f"[{number}]", auto=1, refname=name)
        document.note_autofootnote_ref(reference)
        document.note_footnote_ref(reference)
        wrapper = essay_note_reference(number=number)
        wrapper += reference
        return [wrapper], []


class EditorialNoteRole(EditionRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        passage, bar, text = self.text.partition("|")
        if not bar or not passage.strip() or not text.strip():
            return self.fail(f"write {{ednote}}``passage | note``, not {self.rawtext!r}")
        note = editorial_note(self.rawtext)
        passage_node = nodes.inline(classes=["ednote-passage"])
        passage_node += self.parse_inline(passage.strip(), passage_node)
        body = editorial_note_body()
        body["ids"] = [make_id(self.env, self.inliner.document, "ednote")]
        body += self.parse_inline(text.strip(), body)
        note += passage_node
        note += body
        return [note], []


class ParagraphRole(EditionRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        number = self.text.strip().lstrip("¶")
        if not number.isdigit():
            return self.fail(f"a paragraph is referred to by its number, not {self.text!r}")
        ref = edition_reference(self.rawtext, "paragraph", number)
        ref += nodes.inline(f"¶{number}", f"¶{number}", classes=["para-ref"])
        return [ref], []


class DatumRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        data_dir = Path(self.env.srcdir) / self.config.edition_data_dir
        try:
            value, path = data.datum(self.text, data_dir)
        except data.DatumError as error:
            logger.warning(str(error), location=self.get_location(), type="edition")
            return [nodes.inline(text=self.text)], []
        self.env.note_dependency(str(path))
        return [nodes.inline(text=value, classes=["datum"])], []


ROLES = {
    "em": EmendationRole,
    "person": PersonRole,
    "enote": EssayNoteRole,
    "ednote": EditorialNoteRole,
    "para": ParagraphRole,
    "datum": DatumRole,
}


# directives

logger = logging.getLogger(__name__)

OMITTED_NOTICE = (
    "Omitted here: matter of the web page that is not part of the {kind} (see the apparatus)"
)


def edition_domain(directive: SphinxDirective) -> EditionDomain:
    return EditionDomain.of(directive.env)


class EssayNotesDirective(SphinxDirective):
    """Place the footnotes made by ``{enote}`` roles (they must come before it)."""

    def run(self) -> list[nodes.Node]:
        footnotes = self.env.temp_data.pop("edition_essay_notes", [])
        container = nodes.container(classes=["essay-notes"])
        container += footnotes
        return [container]


class OmittedDirective(SphinxDirective):
    has_content = True
    option_spec = {"reason": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        text = "\n".join(self.content)
        blocks = [" ".join(b.split()) for b in text.split("\n\n") if b.strip()]
        reason = self.options.get("reason", "")
        if not blocks or not reason:
            logger.warning(
                "an omitted directive needs the omitted text as content and a :reason:",
                location=(self.env.docname, self.lineno),
            )
            return []
        notice = OMITTED_NOTICE.format(kind=self.config.edition_text_kind)
        node = omitted_matter(blocks=blocks, notice=notice, reason=reason)
        node["ids"] = ["omitted"]
        self.set_source_info(node)
        return [node]


class ViewSwitchDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        return [view_switch()]


class GeneratedPageDirective(SphinxDirective):
    """Mark the place of a generated list; also records which page holds it."""

    kind: PageKind = PageKind.APPARATUS

    def run(self) -> list[nodes.Node]:
        edition_domain(self).set_page(self.kind, self.env.docname)
        return [generated_placeholder(kind=str(self.kind))]


class ApparatusDirective(GeneratedPageDirective):
    kind = PageKind.APPARATUS


class PersonsIndexDirective(SphinxDirective):
    """Every person of ``data/persons.yml``: name, dates, identification and source; the
    links to the paragraphs that name them are filled in once every document is read."""

    def run(self) -> list[nodes.Node]:
        edition_domain(self).set_page(PageKind.PERSONS, self.env.docname)
        entries = nodes.bullet_list(classes=["persons-index"])
        people = sorted(edition_config.persons(self.env).items(), key=lambda item: item[1]["name"])
        for person_id, record in people:
            paragraph = nodes.paragraph()
            paragraph += nodes.target("", "", ids=[f"person-{person_id}"])
            paragraph += nodes.strong(text=record["name"])
            if record.get("dates"):
                paragraph += nodes.Text(f" ({record['dates']})")
            if record.get("name_ru"):
                paragraph += nodes.Text(". Russian: ")
                paragraph += nodes.inline(
                    text=record["name_ru"], classes=["name-ru", "language-ru"]
                )
                if record.get("name_ru_source"):
                    consulted = f"; reference consulted: {{cite:t}}`{record['name_ru_source']}`"
                    cited, messages = self.state.inline_text(consulted, self.lineno)
                    paragraph += cited
                    paragraph += messages
                if record.get("name_ru_note"):
                    paragraph += nodes.Text(f" ({record['name_ru_note'].rstrip('.')})")
            if record.get("description"):
                described, messages = self.state.inline_text(
                    f". {record['description']} {{cite:p}}`{record['source']}`", self.lineno
                )
                paragraph += described
                paragraph += messages
            paragraph += nodes.Text(" ")
            paragraph += generated_placeholder(kind="mentions", person=person_id)
            entries += nodes.list_item("", paragraph)
        return [entries]


class NoteConcordanceDirective(SphinxDirective):
    """Two tables: the essay's notes 1–27 and its closing bibliography, each entry as
    printed (with emendations) beside the work in the edition's bibliography it refers to."""

    def run(self) -> list[nodes.Node]:
        edition_domain(self).set_page(PageKind.CONCORDANCE, self.env.docname)
        notes_table = self.table(
            ["Note", f"As printed in the {self.config.edition_text_kind}", "Refers to", "Page"],
            [
                (
                    str(record["n"]),
                    record["text"],
                    f"{{cite:t}}`{record['work']}`"
                    + (f" — {record['remark']}" if record.get("remark") else ""),
                    str(record["page"]),
                    f"essay-note-{record['n']}",
                    f"n. {record['n']}",
                    (1, int(record["n"])),
                )
                for record in edition_config.essay_notes(self.env)
            ],
            widths=[6, 44, 40, 10],
        )
        reading_table = self.table(
            ["Item", f"As printed in the {self.config.edition_text_kind}", "Refers to"],
            [
                (
                    str(number),
                    record["text"],
                    f"{{cite:t}}`{record['work']}`"
                    + (f" — {record['remark']}" if record.get("remark") else ""),
                    None,
                    f"essay-reading-{number}",
                    f"Bibliography, item {number}",
                    (2, number),
                )
                for number, record in enumerate(edition_config.further_reading(self.env), start=1)
            ],
            widths=[6, 54, 40],
        )
        kind = self.config.edition_text_kind
        notes_section = nodes.rubric(text=f"The {kind}’s notes")
        reading_section = nodes.rubric(text=f"The {kind}’s bibliography")
        return [notes_section, notes_table, reading_section, reading_table]

    def table(self, headers: list[str], rows: list[tuple], widths: list[int]) -> nodes.table:
        table, body = table_frame(headers, widths, ["concordance"])
        for number, text, refers, page, anchor, label, order in rows:
            row = nodes.row(ids=[anchor])
            row += self.cell(number)
            printed = self.cell(text)
            for position, slip in enumerate(printed.findall(emendation), start=1):
                slip["label"] = label
                slip["anchor"] = anchor
                slip["order"] = (*order, position)
            row += printed
            row += self.cell(refers)
            if page is not None:
                row += self.cell(page)
            body += row
        return table

    def cell(self, text: str) -> nodes.entry:
        paragraph = nodes.paragraph()
        parsed, messages = self.state.inline_text(text, self.lineno)
        paragraph += parsed
        return nodes.entry("", paragraph, *messages)


DIRECTIVES = {
    "essay-notes": EssayNotesDirective,
    "omitted": OmittedDirective,
    "reading-view-switch": ViewSwitchDirective,
    "apparatus": ApparatusDirective,
    "persons-index": PersonsIndexDirective,
    "note-concordance": NoteConcordanceDirective,
}


def register(app: Sphinx) -> None:
    register_nodes(app)
    for name, role in ROLES.items():
        app.add_role(name, role())
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    register_on_request(app)


# deferred

SUFFIX = ".deferred.json"


class on_request(nodes.General, nodes.Element):
    """A disclosure: its ``summary`` is always shown, its body on the web site only when a
    reader opens it (``waiting`` says so until then); in print and the EPUB, in place."""


def visit_on_request_html(self: Any, node: on_request) -> None:
    source = ""
    if deferring(self):
        self.edition_disclosures = getattr(self, "edition_disclosures", 0) + 1
        node["key"] = f"{node['key_prefix']}-{self.edition_disclosures}"
        page = file_name(self.builder.current_docname)
        source = f' data-deferred="{node["key"]}" data-src="{escape(page)}"'
    classes = escape(" ".join(node.get("classes", [])))
    summary = escape(node["summary"], quote=False)
    self.body.append(f'<details class="{classes}"{source}><summary>{summary}</summary>')
    if deferring(self):
        begin(self, node)


def depart_on_request_html(self: Any, node: on_request) -> None:
    if deferring(self):
        end(self, node, node["key"])
        self.body.append(f'<p class="deferred-wait">{escape(node["waiting"], quote=False)}</p>')
    self.body.append("</details>")


def deferring(translator: Any) -> bool:
    return translator.builder.name == "html"


def begin(translator: Any, node: nodes.Element) -> None:
    """From here on, what the translator writes belongs to the deferred part."""
    node["deferred_start"] = len(translator.body)


def end(translator: Any, node: nodes.Element, key: str) -> None:
    """Take what was written since :func:`begin` out of the page, kept under ``key``."""
    start = node["deferred_start"]
    html = "".join(translator.body[start:])
    del translator.body[start:]
    parts = pending(translator.builder).setdefault(translator.builder.current_docname, {})
    parts[key] = html


def pending(builder: Any) -> dict[str, dict[str, str]]:
    """The deferred parts of the pages being written, by page and key."""
    if not hasattr(builder, "edition_deferred"):
        builder.edition_deferred = {}
    return builder.edition_deferred


def file_name(pagename: str) -> str:
    """The file beside the page, as a page's script names it (relative to the page)."""
    return Path(pagename).name + SUFFIX


def write_parts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Once a page is translated: its deferred parts into ``<page>.deferred.json``; a file
    left from an earlier build of a page that no longer defers anything is removed."""
    if app.builder.name != "html":
        return
    path = Path(app.outdir) / (pagename + SUFFIX)
    parts = pending(app.builder).pop(pagename, None)
    if not parts:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(parts, ensure_ascii=False, separators=(",", ":"), sort_keys=True),
        encoding="utf-8",
    )


def register_on_request(app: Sphinx) -> None:
    app.add_node(
        on_request,
        html=(visit_on_request_html, depart_on_request_html),
        latex=(passthrough, passthrough),  # print: the body in place
        text=(passthrough, passthrough),
    )
    app.connect("html-page-context", write_parts)
