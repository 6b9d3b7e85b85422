"""The PDF as a book: a title page and its verso (edition statement, editors, version, date,
licences, how to cite), unnumbered chapters set in the text face, a one-line running
head with the chapter's title, one-sided pages for reading on screen with no blank pages,
XMP metadata and the document's language, and a bookmark for every paragraph of the essay.

The essay is set as a critical text: line numbers every fifth line in the margin beside
the paragraph numbers, and at the foot of the page three series of notes: the author's
(1, 2, 3…), the editors' (a, b, c…) and the critical apparatus keyed to line
(``6 seizing ] sizing``), which the visitors in :mod:`edition.sphinxext.nodes` write.
"""

from __future__ import annotations

import os
import time
import uuid
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import texescape

from edition.citation import text
from edition.sphinxext import config as edition_config
from edition.sphinxext.citation import edition_of
from edition.sphinxext.metadata import publication_day
from edition.sphinxext.nodes import skip


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
\noindent\textit{{How to cite.}} {tex(text(edition))}\par
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


def setup(app: Sphinx) -> None:
    app.add_node(
        line_numbering,
        html=(skip, None),
        latex=(visit_line_numbering_latex, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.connect("config-inited", design_the_book, priority=700)
