"""The editors' figures in the PDF: after the essay, not between its paragraphs.

On the web a chart stands under the paragraph it tests, where a reader can open it or pass
it by. On the printed page a figure and its data table between two paragraphs interrupt
the essay for pages. In the PDF, as in a critical edition, the essay reads straight
through: the charts of the reading text and their data tables are gathered in a section
after it, "The editors' figures". Each caption ends with the place it tests (the
paragraph, its page and lines, linked), and beside the last line of that paragraph the
margin points to the figure ("Fig. 1"), as the margin beside the first line gives the
paragraph's number.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

from edition.sphinxext import versions
from edition.sphinxext.charts import chart_data
from edition.sphinxext.domain import EditionDomain, PageKind
from edition.sphinxext.nodes import paragraph_number, skip

SECTION_ID = "editors-figures"
SECTION_TITLE = "The editors’ figures"
SECTION_INTRO = (
    "The figures test statements of the essay against the edition’s data. Each caption "
    "names the paragraph it tests, with its page and lines; beside the last line of that "
    "paragraph the margin points to the figure. Under each figure are the data it is drawn "
    "from, with their sources; the notebooks named in the captions show how."
)
TESTED_PARAGRAPH = re.compile(r"¶(\d+)")


versions.reaches_into(
    "sphinx",
    "7.4.7",
    "the LaTeX writer's figure_align element and the assembled document's start_of_file markers",
)


class figure_line(nodes.Inline, nodes.Element):
    """A line label in a tested paragraph (``label``); at its end (``figures``: the ids of
    the figures that test it) also the margin's pointer to them. Print only."""


class tested_place(nodes.Inline, nodes.Element):
    """At the end of a figure's caption: the paragraph it tests, with page and lines."""


def latex_label(docname: str, node_id: str) -> str:
    return rf"\detokenize{{{docname}:{node_id}}}"


def visit_figure_line_latex(self: Any, node: figure_line) -> None:
    self.body.append(rf"\linelabel{{{node['label']}}}")
    figures = node.get("figures", [])
    if figures:
        self.body.append(rf"\label{{{node['label']}-page}}")
        labels = [latex_label(node["docname"], figure) for figure in figures]
        links = [rf"\hyperref[{label}]{{\ref*{{{label}}}}}" for label in labels]
        # Three or more figures that follow one another print as a range ("Figs. 4–6"),
        # which the margin's width holds on one line.
        if len(links) > 2 and node.get("consecutive"):
            links = [f"{links[0]}–{links[-1]}"]
        links = ", ".join(links)
        word = "Fig." if len(labels) == 1 else "Figs."
        self.body.append(rf"\marginpar{{\raggedleft\footnotesize\sffamily {word}\,{links}}}")
    raise nodes.SkipNode


def visit_tested_place_latex(self: Any, node: tested_place) -> None:
    paragraph = latex_label(node["docname"], node["anchor"])
    self.body.append(
        rf" Tested passage: \hyperref[{paragraph}]{{¶{node['number']}}}, "
        rf"\edtestedpassage{{{paragraph}}}{{{node['start']}}}{{{node['end']}}}."
    )
    raise nodes.SkipNode


# The page or pages and the lines of a tested paragraph: #1 the label of its start (its
# page), #2 and #3 the line labels of its first and last lines (#3-page: the last line's page).
LATEX_PREAMBLE = r"""
\usepackage{refcount}
\DeclareRobustCommand{\edtestedpassage}[3]{%
  \ifnum\getpagerefnumber{#1}=\getpagerefnumber{#3-page}\relax
    p.\,\pageref{#1}\else pp.\,\mbox{\pageref{#1}–\pageref{#3-page}}\fi
  , ll.\,\mbox{\lineref{#2}–\lineref{#3}}}
"""


def is_numbered(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Element) and str(node.get("edition_label", "")).startswith("¶")


def tested_block(figure: nodes.figure, part: nodes.Element) -> nodes.Element | None:
    """The paragraph a figure tests: the one its caption names ("testing ¶5"), else the
    last numbered block before it."""
    blocks = [node for node in part.findall(nodes.Element) if is_numbered(node)]
    caption = next(iter(figure.findall(nodes.caption)), None)
    named = TESTED_PARAGRAPH.search(caption.astext()) if caption is not None else None
    if named:
        for block in blocks:
            if block["edition_label"] == f"¶{named[1]}":
                return block
    previous = None
    for node in part.findall(nodes.Element):
        if node is figure:
            return previous
        if is_numbered(node):
            previous = node
    return None


def paragraphs_of(block: nodes.Element) -> list[nodes.paragraph]:
    return [block] if isinstance(block, nodes.paragraph) else list(block.findall(nodes.paragraph))


def essay_part(document: nodes.document, essay: str, docname: str) -> nodes.Element | None:
    """The essay in the book's single LaTeX document: the first section after the marker
    of its file, or of the document itself when the essay is the root document."""
    if docname != essay:
        marker = next(
            (m for m in document.findall(addnodes.start_of_file) if m["docname"] == essay), None
        )
        return next(marker.findall(nodes.section), None) if marker is not None else None
    return next(document.findall(nodes.section), None)


def printed_text(node: nodes.Node) -> str:
    """The text a node prints where it stands: footnotes go to the foot of the page."""
    if isinstance(node, nodes.footnote):
        return ""
    if isinstance(node, nodes.Text):
        return str(node)
    return "".join(printed_text(child) for child in node.children)


def is_empty(section: nodes.section) -> bool:
    """A heading with nothing under it: in print, the essay's notes stand at the foot of
    the page, and the section that holds them on the web prints nothing."""
    body = [child for child in section.children if not isinstance(child, nodes.title)]
    return not any(
        printed_text(child).strip() or next(iter(child.findall(nodes.image)), None)
        for child in body
    )


class GatherEditorsFigures(SphinxPostTransform):
    """In the LaTeX build, move the essay's charts and their data tables after the essay,
    with a pointer in the margin of the paragraph each tests. Before the print tables are
    set (:mod:`edition.sphinxext.printtables`), which wraps each table in siblings."""

    default_priority = 300
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        essay = EditionDomain.of(self.env).page(PageKind.READING_TEXT)
        part = essay_part(self.document, essay, self.env.docname) if essay else None
        if part is None:
            return
        charts = [f for f in part.findall(nodes.figure) if "edition-chart" in f["classes"]]
        if not charts:
            return
        section = nodes.section(ids=[SECTION_ID])
        section += nodes.title(text=SECTION_TITLE)
        section += nodes.paragraph(text=SECTION_INTRO)
        tested: dict[str, tuple[nodes.Element, list[str]]] = {}
        order = {figure["ids"][0]: position for position, figure in enumerate(charts)}
        for figure in charts:
            block = tested_block(figure, part)
            table = figure.next_node(descend=False, siblings=True)
            moved: list[nodes.Node] = [figure]
            if isinstance(table, chart_data):
                moved.append(table)
                # A table that may break across pages starts under its figure, not on
                # the next page.
                for data_table in table.findall(nodes.table):
                    data_table["classes"].append("longtable")
            for node in moved:
                node.parent.remove(node)
            section.extend(moved)
            if block is not None:
                anchor = block["edition_anchor"]
                tested.setdefault(anchor, (block, []))[1].append(figure["ids"][0])
                caption = figure.next_node(nodes.caption)
                if caption is not None:
                    caption += tested_place(
                        number=block["edition_label"].removeprefix("¶"),
                        anchor=anchor,
                        docname=essay,
                        start=f"figures-{anchor}-start",
                        end=f"figures-{anchor}-end",
                    )
        for anchor, (block, figures) in tested.items():
            paragraphs = paragraphs_of(block)
            first = paragraphs[0]
            position = 1 if first.children and isinstance(first[0], paragraph_number) else 0
            first.insert(position, figure_line(label=f"figures-{anchor}-start"))
            positions = [order[figure] for figure in figures]
            consecutive = positions == list(range(positions[0], positions[0] + len(positions)))
            paragraphs[-1].append(
                figure_line(
                    label=f"figures-{anchor}-end",
                    figures=figures,
                    docname=essay,
                    consecutive=consecutive,
                )
            )
        for empty in [s for s in part.findall(nodes.section) if is_empty(s)]:
            # Its heading goes; what it holds (the notes' bodies) stays for the footnotes.
            empty.replace_self([c for c in empty.children if not isinstance(c, nodes.title)])
        part += nodes.raw("", "\\clearpage\n", format="latex")
        part += section


def design_figures(app: Sphinx, config: Config) -> None:
    """Figures stay where they are set ("H"), each above its data table: in the section of
    figures, a figure floated to the next page would part from its table."""
    elements = config.latex_elements
    elements["figure_align"] = "H"
    elements["preamble"] = elements.get("preamble", "") + LATEX_PREAMBLE


def setup(app: Sphinx) -> None:
    visitors = {figure_line: visit_figure_line_latex, tested_place: visit_tested_place_latex}
    for node, visit in visitors.items():
        app.add_node(
            node,
            html=(skip, None),
            latex=(visit, None),
            text=(skip, None),
            man=(skip, None),
            texinfo=(skip, None),
        )
    app.add_post_transform(GatherEditorsFigures)
    app.connect("config-inited", design_figures, priority=700)
