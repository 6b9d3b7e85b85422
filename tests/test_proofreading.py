"""Proofreading as a test: the text of every web page, every file of the EPUB and every
page of the PDF is read as a reader reads it, and a doubled word ("The The"), doubled
punctuation ("..", ",,") or a space before punctuation (" ,", " .") fails the test, each
hit listed with its page and context.

The essay's own readings are not the editors' to correct silently: a hit whose words stand
so in the witness (the copy-text, wherever the edition quotes or prints it) is the author's
and is left alone. Everything else is editorial prose and must be clean.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup, Tag

from edition.paths import COPY_TEXT, EPUB_NAME, PDF_NAME

CHECKS = {
    # Not before a hyphen: "the five Five-Year Plan rows" doubles no word.
    "doubled word": re.compile(r"\b(\w+) \1\b(?!-)", re.IGNORECASE),
    "doubled punctuation": re.compile(r"(?<!\.)\.\.(?!\.)|([,;:!?])\1"),
    "space before punctuation": re.compile(r" (?:[,;:!?]|\.(?![.\w]))"),
}
# Right as they stand.
ALLOWED = (
    re.compile(r"\bhad had\b", re.IGNORECASE),
    re.compile(r"^\d+ \d+$"),  # two numbers side by side: page numbers, table cells
)
# Elements whose text is not prose: code blocks, scripts, and the verdict signs (a symbol
# printed before a verdict's word, "? not found").
NOT_PROSE = ["script", "style", "pre", "svg", "math", "template", "noscript"]
# Code within a sentence (a file name, the words of a recorded search) is read as one word.
INLINE_CODE = "code"
BLOCKS = [
    *("address", "article", "aside", "blockquote", "br", "button", "caption", "dd", "details"),
    *("div", "dl", "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4"),
    *("h5", "h6", "header", "label", "li", "main", "nav", "ol", "option", "p", "section"),
    *("summary", "table", "td", "th", "title", "tr", "ul"),
]
# Inline elements that the page sets apart from the line of text: an editorial note on
# the reading text opens as a box of its own (and prints in brackets).
SET_APART = ".ednote-body"
BREAK = "\x00"
# In the PDF (sizes in points): runs of text on one line closer than PDF_SPACE are one
# word (a space is about 2.5 pt wide at the body size, a superscript mark's gap narrower);
# farther apart than PDF_CELL they are cells of a table, not words of one sentence.
PDF_ZOOM = 4
PDF_SPACE = 1.2
PDF_CELL = 9.0
VERDICT_SIGN = re.compile(r"(?<= )[?×→≈✓](?= )")
# Marks the PDF sets that are not punctuation: the visible space and hooked arrow where a
# line of code or output is wrapped, and the letters of an address spaced out to break it.
PDF_MARKS = re.compile(r"␣? ?,→|\bh ?t ?t ?p ?s? ?: ?//\S*")


@dataclass(frozen=True)
class Hit:
    where: str
    check: str
    context: str

    def __str__(self) -> str:
        return f"{self.where}: {self.check}: …{self.context}…"


def witness() -> str:
    return " ".join(COPY_TEXT.read_text(encoding="utf-8").split())


def blocks_of_markup(markup: str) -> list[str]:
    """The text of a page block by block, each block on one line with single spaces."""
    soup = BeautifulSoup(markup, "html.parser")
    for element in soup.find_all(NOT_PROSE):
        element.decompose()
    for element in soup.find_all(INLINE_CODE):
        element.replace_with("code")
    for element in soup.select(".verdict-sign"):
        element.decompose()
    for element in [*soup.find_all(BLOCKS), *soup.select(SET_APART)]:
        assert isinstance(element, Tag)
        element.insert_before(BREAK)
        element.insert_after(BREAK)
    return [line for line in (" ".join(b.split()) for b in soup.get_text().split(BREAK)) if line]


def pdf_blocks(pdf: Path) -> Iterator[tuple[int, str]]:
    """The text of every page of the PDF as poppler places it (``pdftohtml -xml``): runs of
    text on one line are joined with a space only where the page shows one (a superscript
    mark's narrow gap is none), a wide gap (between table cells) ends a block, and lines
    set wholly in the monospaced font (code and its output) are left out."""
    executable = shutil.which("pdftohtml")
    if executable is None:
        pytest.fail("pdftohtml (poppler-utils) is needed: scripts/setup.sh installs it")
    xml = subprocess.run(
        [executable, "-xml", "-i", "-stdout", "-zoom", str(PDF_ZOOM), "-enc", "UTF-8", str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    root = ET.fromstring(xml)
    mono = {
        font.get("id")
        for font in root.iter("fontspec")
        if "Mono" in font.get("family", "") or "Courier" in font.get("family", "")
    }
    for number, page in enumerate(root.iter("page"), start=1):
        lines: list[list[ET.Element]] = []
        for run in page.iter("text"):
            top, left = int(run.get("top", 0)), int(run.get("left", 0))
            last = lines[-1][-1] if lines else None
            if (
                last is not None
                and abs(top - int(last.get("top", 0))) < int(last.get("height", 0))
                and left >= int(last.get("left", 0))
            ):
                lines[-1].append(run)
            else:
                lines.append([run])
        text = []
        for line in lines:
            if all(run.get("font") in mono for run in line):
                text.append(BREAK)
                continue
            previous_end = None
            for run in line:
                left = int(run.get("left", 0))
                if previous_end is not None:
                    gap = (left - previous_end) / PDF_ZOOM
                    text.append(BREAK if gap > PDF_CELL else " " if gap > PDF_SPACE else "")
                text.append("".join(run.itertext()))
                previous_end = left + int(run.get("width", 0))
            text.append(" ")
        for block in "".join(text).split(BREAK):
            block = PDF_MARKS.sub(" ", VERDICT_SIGN.sub("", " ".join(block.split())))
            block = re.sub(r"(?: ?\.){4,}", " ", block)  # the contents' dot leaders
            if block.strip():
                yield number, " ".join(block.split())


def around(text: str, start: int, end: int) -> str:
    """The hit with the word before and the word after it."""
    before = text.rfind(" ", 0, max(start - 1, 0)) + 1 if start > 0 else 0
    after = text.find(" ", end + 1)
    return text[before : len(text) if after < 0 else after]


def hits_in(where: str, blocks: list[str], copy_text: str) -> list[Hit]:
    found = []
    for block in blocks:
        for check, pattern in CHECKS.items():
            for match in pattern.finditer(block):
                words = around(block, match.start(), match.end())
                if any(allowed.search(match.group(0)) for allowed in ALLOWED):
                    continue
                if words in copy_text:  # the essay's own reading
                    continue
                context = block[max(match.start() - 50, 0) : match.end() + 30]
                found.append(Hit(where, check, context))
    return found


def html_hits(site: Path, copy_text: str) -> list[Hit]:
    found = []
    for page in sorted(site.rglob("*.html")):
        if {"_static", "_sources", "_images"} & set(page.relative_to(site).parts):
            continue
        blocks = blocks_of_markup(page.read_text(encoding="utf-8"))
        found += hits_in(page.relative_to(site).as_posix(), blocks, copy_text)
    return found


def epub_hits(epub: Path, copy_text: str) -> list[Hit]:
    found = []
    with zipfile.ZipFile(epub) as book:
        for name in book.namelist():
            if name.endswith((".xhtml", ".html")):
                blocks = blocks_of_markup(book.read(name).decode("utf-8"))
                found += hits_in(f"{EPUB_NAME}:{name}", blocks, copy_text)
    return found


def pdf_hits(pdf: Path, copy_text: str) -> list[Hit]:
    found = []
    for number, block in pdf_blocks(pdf):
        found += hits_in(f"{PDF_NAME} p. {number}", [block], copy_text)
    return found


def report(hits: list[Hit]) -> str:
    return f"{len(hits)} slips:\n" + "\n".join(sorted({str(hit) for hit in hits}))


def test_the_checks_find_each_kind_of_slip_and_spare_the_witness() -> None:
    copy_text = "He had had enough [1] , said the author ..."
    blocks = [
        "The The copy-text",
        "in the the notes..",
        "a list ,, then",
        "ends here .",
        "Wait ... and see; he had had his say. Page 12 12",
        "He had had enough [1] , said the author",
    ]
    found = hits_in("page", blocks, copy_text)
    assert [hit.check for hit in found] == [
        "doubled word",
        "doubled word",
        "doubled punctuation",
        "doubled punctuation",
        "space before punctuation",
        "space before punctuation",
    ]
    assert str(found[0]) == "page: doubled word: …The The copy-text…"


def test_the_web_pages_read_clean(site: Path) -> None:
    hits = html_hits(site, witness())
    assert not hits, report(hits)


def test_the_epub_reads_clean(site: Path) -> None:
    hits = epub_hits(site / EPUB_NAME, witness())
    assert not hits, report(hits)


def test_the_pdf_reads_clean(site: Path) -> None:
    hits = pdf_hits(site / PDF_NAME, witness())
    assert not hits, report(hits)
