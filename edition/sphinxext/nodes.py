"""The edition's doctree nodes, with a visitor for each output format.

HTML (and the EPUB, which uses the HTML translator) shows both readings of an emendation
so that the reader can switch views; LaTeX prints the adopted reading only. Formats with
no visitor of their own (text, man, texinfo) print the adopted reading.
"""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from edition.sphinxext.domain import EditionDomain, PageKind


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


def simple_table(
    headers: list[str], rows: list[list[str]], widths: list[int], classes: list[str] | None = None
) -> nodes.table:
    """A table of plain text cells with a header row."""
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
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            row += nodes.entry("", nodes.paragraph(text=cell))
        body += row
    group += body
    return table


def skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def passthrough(self: Any, node: nodes.Node) -> None:
    pass


# --- HTML -------------------------------------------------------------------------------


def visit_emendation_html(self: Any, node: emendation) -> None:
    kind = escape(node["kind"])
    reason = escape(node.get("reason_text", ""))
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


def setup(app: Sphinx) -> None:
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
