"""The printed book (LaTeX): its design, the editors' figures and the data tables as
print shows them.

Data tables in print
--------------------

Data tables in the PDF: the charts' data tables, the notebooks' tables and every other
long table (the chronology).

Sphinx sets a long table's columns as wide as their longest line, and a table of events,
sources or locators then runs off the page. Column names and source keys such as
``households_in_collective_farms`` are single words to LaTeX, wider than any column of a
page. In the LaTeX build, these tables are set in footnote size, with
ragged-right columns sized to their texts, and a line may break after an underscore or a
slash.

The book's design
-----------------

The PDF as a book: a title page and its verso (edition statement, editors, version, date,
licences, how to cite), unnumbered chapters set in the text face, a one-line running
head with the chapter's title, one-sided pages for reading on screen with no blank pages,
XMP metadata and the document's language, and a bookmark for every paragraph of the essay.

The essay is set as a critical text: line numbers every fifth line in the margin beside
the paragraph numbers, and at the foot of the page three series of notes: the author's
(1, 2, 3…), the editors' (a, b, c…) and the critical apparatus keyed to line
(``6 seizing ] sizing``), which the visitors in :mod:`edition.sphinxext.markup` write.

The editors' figures in print
-----------------------------

The editors' figures in the PDF: after the essay, not between its paragraphs.

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

import os
import re
import statistics
import time
import uuid
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import texescape

from edition.citation import edition_of, publication_day
from edition.citation import text as citation_text
from edition.sphinxext import config as edition_config
from edition.sphinxext.charts import chart_data
from edition.sphinxext.domain import EditionDomain, PageKind
from edition.sphinxext.markup import paragraph_number, skip

# printtables

# The charts' data tables (sphinxext/charts.py) and the notebooks' tables
# (edition.data.table_markdown).
DATA_TABLES = {"chart-table", "notebook-table"}
# Sphinx's LaTeX writer makes a table of more rows a longtable with unbreakable columns.
LONG_TABLE_ROWS = 30
BREAK_AFTER = re.compile(r"(?<=[_/])")
BREAKS = re.compile(r"[\s_/-]+")
# Widths in characters of footnote-size type: about 105 fit on a line, and each column's
# margins take about 3.
LINE_CHARACTERS = 105
COLUMN_MARGIN = 3
WIDEST_COLUMN = 60


def column_widths(columns: list[tuple[str, ...]]) -> list[int]:
    """Each column as wide as its longest text if the line has room; if not, every column
    keeps room for its longest unbreakable word, and the rest of the line goes to the
    columns with longer texts, in proportion to half as much again as their average text
    (up to WIDEST_COLUMN), so that a column of sentences gets more than a column of dates."""
    floors = [
        COLUMN_MARGIN + max(len(word) for text in column for word in [*BREAKS.split(text), ""])
        for column in columns
    ]
    longest = [COLUMN_MARGIN + max(len(text) for text in column) for column in columns]
    if sum(longest) <= LINE_CHARACTERS:
        return longest
    averages = [statistics.fmean(map(len, column)) for column in columns]
    wishes = [
        max(floor, min(size, COLUMN_MARGIN + min(WIDEST_COLUMN, round(1.5 * average))))
        for floor, size, average in zip(floors, longest, averages, strict=True)
    ]
    spare = LINE_CHARACTERS - sum(floors)
    stretch = sum(wishes) - sum(floors)
    if spare <= 0 or stretch == 0:
        return floors
    return [
        floor + round(spare * (wish - floor) / stretch)
        for floor, wish in zip(floors, wishes, strict=True)
    ]


def ragged_columns(table: nodes.table) -> addnodes.tabular_col_spec:
    """Columns sized to the table's texts, with ragged-right cells: justified text in
    narrow columns leaves wide gaps between words."""
    rows = [
        [entry.astext() for entry in row.children if isinstance(entry, nodes.entry)]
        for row in table.findall(nodes.row)
    ]
    widths = column_widths(list(zip(*rows, strict=True)))
    total = sum(widths)
    spec = "".join(rf">{{\raggedright\arraybackslash}}\X{{{width}}}{{{total}}}" for width in widths)
    return addnodes.tabular_col_spec(spec=spec)


def latex(code: str) -> nodes.raw:
    return nodes.raw("", code, format="latex")


class DataTablesForPrint(SphinxPostTransform):
    default_priority = 400
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for table in list(self.document.findall(nodes.table)):
            long = len(list(table.findall(nodes.row))) > LONG_TABLE_ROWS
            if not (long or DATA_TABLES & set(table["classes"])):
                continue
            column_spec = ragged_columns(table)  # from the texts, before any break is added
            for text in list(table.findall(nodes.Text)):
                parts = [part for part in BREAK_AFTER.split(str(text)) if part]
                if len(parts) > 1:
                    pieces: list[nodes.Node] = []
                    for part in parts:
                        pieces += [nodes.Text(part), latex(r"\allowbreak{}")]
                    text.parent.replace(text, pieces[:-1])
            parent = table.parent
            position = parent.index(table)
            parent.insert(position + 1, latex("\\endgroup\n"))
            parent.insert(position, column_spec)
            parent.insert(position, latex("\\begingroup\\footnotesize\n"))


def register_printtables(app: Sphinx) -> None:
    app.add_post_transform(DataTablesForPrint)


# printdesign


class line_numbering(nodes.General, nodes.Element):
    """Where the line-numbered critical text begins (``on``) or ends; print only."""


def visit_line_numbering_latex(self: Any, node: line_numbering) -> None:
    self.body.append("\n\\linenumbers\n" if node["on"] else "\n\\nolinenumbers\n")
    raise nodes.SkipNode


def tex(value: str) -> str:
    """Plain text for a LaTeX argument, escaped as Sphinx's LaTeX writer escapes text (its
    table is set up when the LaTeX builder starts, after the configuration is read)."""
    texescape.init()
    return texescape.escape(value, "xelatex")


LICENCES = (
    "The essay is reproduced for scholarly study; its author and rights holder are unknown. "
    "The editorial matter (introduction, apparatus, commentary, notes, indexes) and the data "
    "are the editors' and may be reused under the Creative Commons Attribution 4.0 licence. "
    "The edition's code is under the MIT licence."
)


# What the edition is and who made it, as a catalogue records it: the author of the essay is
# not known; the editors are named as the configuration names them (``author``).
STATEMENT_OF_RESPONSIBILITY = (
    "An essay by an unknown author, edited with an introduction, a textual apparatus, "
    "commentary, notes and indexes by"
)


def in_sentence(name: str) -> str:
    """A name that opens with the article ("The editors of …") as it reads inside a
    sentence ("… by the editors of …")."""
    first, space, rest = name.partition(" ")
    return f"{first.lower()}{space}{rest}" if first in {"The", "A", "An"} else name


def title_pages(config: Config) -> str:
    edition = edition_of(config)
    main, _, subtitle = (config.html_title or config.project).partition(": ")
    subtitle, _, kind = subtitle.partition(" — ")
    return rf"""
% hyperxmp writes its XMP packet when the document ends, after the index has shipped the
% last page, and XeTeX then drops it: write it with the first page instead, once.
\makeatletter\hyxmp@auto@assign@data\hyxmp@embed@packet
\global\let\hyxmp@embed@packet\relax\makeatother
\begin{{titlepage}}
\centering
\vspace*{{0.18\textheight}}
{{\fontsize{{30}}{{36}}\selectfont {tex(main)}\par}}
\vspace{{1.2em}}
{{\Large {tex(subtitle)}\par}}
\vspace{{2.4em}}
{{\large\itshape {tex(kind)}\par}}
\vfill
{{\large {tex(edition.editors)}\par}}
\vspace{{0.8em}}
{{Version {tex(edition.version)} \textperiodcentered\ {tex(publication_day())}\par}}
\end{{titlepage}}
\thispagestyle{{empty}}
\noindent {tex(main)}: {tex(subtitle)}.\par
\smallskip
\noindent {tex(STATEMENT_OF_RESPONSIBILITY)} {tex(in_sentence(edition.editors))}.\par
\medskip
\noindent Version {tex(edition.version)}, {tex(publication_day())}. Published by
{tex(in_sentence(edition.publisher))} at \url{{{edition.url}}}. The web edition, the EPUB,
the TEI text and the data are offered on its Downloads page.\par
\medskip
\noindent\textit{{Licences.}} {tex(LICENCES)}\par
\medskip
\noindent\textit{{How to cite.}} {tex(citation_text(edition))}\par
\medskip
\noindent Paragraph numbers (¶) are the same in every form of the edition and never change.
\clearpage
"""


def pdf_date() -> str:
    """The build's date as a PDF date. XeTeX's clock ignores SOURCE_DATE_EPOCH, and
    hyperxmp would stamp the XMP packet with the time of typesetting."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    return time.strftime("D:%Y%m%d%H%M%SZ", time.gmtime(epoch))


def design_preamble(config: Config) -> str:
    edition = edition_of(config)
    described = edition_config.edition_config(config)
    title = tex(config.html_title or config.project)
    # XMP identifiers that depend on the edition and the build's date only, so that two
    # builds of one commit give the same file.
    document_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{edition.url}edition.pdf")
    instance_id = uuid.uuid5(document_id, f"{edition.version}/{pdf_date()}")
    return rf"""
% Note marks and other superscripts in the font's own superior figures and letters (its
% OpenType "sups"), at the size of the text: a smaller size would make each mark a word of
% its own to a PDF reader's text layer, which then reads "Trotsky”4 ." for "Trotsky”⁴.".
\usepackage{{realscripts}}
% Unnumbered parts and chapters, set in the text face; no "Chapter One".
\setcounter{{secnumdepth}}{{-2}}
\titleformat{{\chapter}}[block]{{\normalfont\huge\rmfamily}}{{}}{{0pt}}{{}}
\titlespacing*{{\chapter}}{{0pt}}{{0pt}}{{2.5em}}
\titleformat{{\part}}[display]{{\centering\normalfont\Huge\rmfamily}}{{}}{{0pt}}{{}}
% One-line running head: the chapter's title (never the book's title or "Release").
\renewcommand{{\chaptermark}}[1]{{\markboth{{#1}}{{}}}}
\makeatletter
\fancypagestyle{{normal}}{{\fancyhf{{}}\fancyhead[L]{{\small\itshape\nouppercase{{\leftmark}}}}%
  \fancyhead[R]{{\small\thepage}}\renewcommand{{\headrulewidth}}{{0.4pt}}%
  \renewcommand{{\footrulewidth}}{{0pt}}}}
\fancypagestyle{{plain}}{{\fancyhf{{}}\fancyfoot[C]{{\small\thepage}}%
  \renewcommand{{\headrulewidth}}{{0pt}}\renewcommand{{\footrulewidth}}{{0pt}}}}
\makeatother
% The critical text: line numbers every fifth line; the apparatus at the foot of the page,
% after the author's notes and the editors' notes, run on as a critical edition sets it.
\usepackage[modulo]{{lineno}}
\modulolinenumbers[5]
\renewcommand{{\linenumberfont}}{{\normalfont\scriptsize}}
\DeclareNewFootnote[para]{{A}}
\newcommand{{\apparatusentry}}[3]{{%
  \FootnotetextA{{}}{{\textbf{{\lineref{{#1}}}}\enspace #2\,]\enspace\textit{{#3}}\quad}}}}
% What catalogues and archives read: XMP metadata, the document's language.
\usepackage{{hyperxmp}}
\hypersetup{{
  pdftitle={{{title}}},
  pdfauthor={{{tex(edition.editors)}}},
  pdfpublisher={{{tex(edition.publisher)}}},
  pdflang={{en-GB}},
  pdfversionid={{{tex(edition.version)}}},
  pdfpubtype={{book}},
  pdfdate={{{edition.day}}},
  pdfcreationdate={{{pdf_date()}}},
  pdfmoddate={{{pdf_date()}}},
  pdfmetadate={{{pdf_date()}}},
  pdfdocumentid={{uuid:{document_id}}},
  pdfinstanceid={{uuid:{instance_id}}},
  pdfidentifier={{{edition.url}edition.pdf}},
  pdfurl={{{edition.url}}},
  pdfcopyright={{{tex(LICENCES)}}},
  pdflicenseurl={{https://creativecommons.org/licenses/by/4.0/}},
  pdfsubject={{{tex("A critical edition of " + described.text_description)}}},
  pdfkeywords={{{tex(described.keywords)}}},
}}
"""


def design_the_book(app: Sphinx, config: Config) -> None:
    elements = config.latex_elements
    elements["fncychap"] = ""
    elements["extraclassoptions"] = "openany,oneside"
    elements["maketitle"] = title_pages(config)
    elements["releasename"] = "Version"
    setup = elements.get("sphinxsetup", "")
    elements["sphinxsetup"] = ",".join(filter(None, [setup, r"HeaderFamily=\rmfamily"]))
    elements["preamble"] = elements.get("preamble", "") + design_preamble(config)


def register_printdesign(app: Sphinx) -> None:
    app.add_node(
        line_numbering,
        html=(skip, None),
        latex=(visit_line_numbering_latex, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.connect("config-inited", design_the_book, priority=700)


# printfigures

SECTION_ID = "editors-figures"
SECTION_TITLE = "The editors’ figures"
SECTION_INTRO = (
    "The figures test statements of the essay against the edition’s data. Each caption "
    "names the paragraph it tests, with its page and lines; beside the last line of that "
    "paragraph the margin points to the figure. Under each figure are the data it is drawn "
    "from, with their sources; the notebooks named in the captions show how."
)
TESTED_PARAGRAPH = re.compile(r"¶(\d+)")


edition_config.reaches_into(
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
    set (:mod:`edition.sphinxext.printing`), which wraps each table in siblings."""

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


def register_printfigures(app: Sphinx) -> None:
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


def register(app: Sphinx) -> None:
    register_printtables(app)
    register_printdesign(app)
    register_printfigures(app)
