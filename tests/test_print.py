"""The PDF and the e-book as a reader reads them: the essay straight through, the editors'
figures after it and drawn as vector graphics, the signs of the text without stray spaces,
the title verso's statement of responsibility, and note markers as on the web."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

from bs4 import BeautifulSoup

from edition import charts
from edition.paths import EPUB_NAME, PDF_NAME

ESSAY_OPENS = "STALINISM is a term"
ESSAY_ENDS = "Stalin and his system have been consigned"
CAPTION = re.compile(r"^\s*(Fig\.|Table)\s+\d+\b", re.MULTILINE)


def pdf_text(site: Path, *options: str) -> str:
    return subprocess.run(
        ["pdftotext", *options, str(site / PDF_NAME), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def essay_and_after(site: Path) -> tuple[str, str]:
    """The PDF's text from the essay's first words to its last, and what follows."""
    text = pdf_text(site, "-layout")
    start = text.index(ESSAY_OPENS)
    end = text.index(ESSAY_ENDS, start) + len(ESSAY_ENDS)
    return text[start:end], text[end:]


def test_the_essay_runs_uninterrupted_by_figures_and_tables(site: Path) -> None:
    """Between the essay's first paragraph and its last there is no figure, table or
    caption, and the paragraph numbers run from ¶1 to ¶19 in order."""
    essay, _ = essay_and_after(site)
    assert not CAPTION.search(essay), CAPTION.search(essay)
    assert "Editors' figure" not in essay
    numbers = [int(n) for n in re.findall(r"¶(\d+)\s*$", essay, re.MULTILINE)]
    assert numbers == list(range(1, 20)), numbers


def figure_numbers(item: str) -> range:
    """ "5" as 5; "4–6", a run of figures in the margin, as 4, 5 and 6."""
    first, _, last = item.strip().partition("–")
    return range(int(first), int(last or first) + 1)


def test_the_editors_figures_follow_the_essay_with_the_place_they_test(site: Path) -> None:
    """Every chart of the reading text stands after the essay, its caption naming the
    paragraph, page and lines it tests; the essay's margin points to it."""
    essay, after = essay_and_after(site)
    after = re.sub(r"([–-]) ", r"\1", re.sub(r"\s+", " ", after))  # lines joined
    captions = re.findall(
        r"Fig\. (\d+): Editors' figure, testing ¶(\d+)\.(?:(?!Fig\. \d+:).)*?"
        r"Tested passage: ¶(\d+), pp?\. \d+(?:–\d+)?, ll\. \d+–\d+\.",
        after,
    )
    assert len(captions) == len(charts.CHARTS), captions
    assert all(named == tested for _, named, tested in captions)
    pointed = {
        number
        for group in re.findall(r"Figs?\. ([\d, –]+)$", essay, re.M)
        for item in group.split(",")
        for number in figure_numbers(item)
    }
    assert pointed == {int(number) for number, _, _ in captions}


def test_the_pdf_draws_every_chart_as_vector_graphics(site: Path) -> None:
    """No page that shows a chart holds a raster image, and each chart's title is text
    of the page (a raster chart has no text)."""
    pages = pdf_text(site).split("\f")
    titles = {name: make().title for name, make in charts.CHARTS.items()}
    chart_pages = {
        number
        for number, page in enumerate(pages, start=1)
        for title in titles.values()
        if title in re.sub(r"\s+", " ", page)
    }
    missing = {n for n, t in titles.items() if not any(t in re.sub(r"\s+", " ", p) for p in pages)}
    assert not missing, f"charts whose title is not text in the PDF: {missing}"
    listing = subprocess.run(
        ["pdfimages", "-list", str(site / PDF_NAME)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    raster_pages = {int(row.split()[0]) for row in listing if row.strip()}
    assert not raster_pages & chart_pages, sorted(raster_pages & chart_pages)


def test_a_chart_is_written_as_a_reproducible_pdf() -> None:
    chart = charts.party_membership()
    first, second = chart._repr_pdf_(), charts.party_membership()._repr_pdf_()
    assert first.startswith(b"%PDF") and first == second
    assert b"/CreationDate" not in first and b"/Subtype /Image" not in first


def test_no_space_between_a_word_its_apparatus_sign_and_punctuation(site: Path) -> None:
    """The sign ° of an emendation reads as part of its word: "Kamenev°." and
    "stature°;", never "Kamenev ° ."."""
    text = pdf_text(site, "-layout")
    assert "Kamenev°." in text
    assert not re.search(r"\S\s+°", text), re.search(r".{30}\S\s+°.{10}", text)
    assert not re.search(r"°\s+[.,;:!?)]", text), re.search(r".{30}°\s+[.,;:!?)]", text)


def test_no_space_between_a_note_mark_and_punctuation(site: Path) -> None:
    """Note marks are the font's superior figures and letters, part of their word to the
    text layer: "Trotsky”⁴." and "farce’ᵃ.", never "Trotsky”4 ."."""
    essay, _ = essay_and_after(site)
    assert "Trotsky”⁴." in essay and "farce’ᵃ." in essay
    stray = re.search(r".{30}\S +[.,;:](?:\s|$)", essay)
    assert stray is None, stray


def test_the_title_verso_states_who_edited_the_edition(site: Path) -> None:
    verso = re.sub(r"\s+", " ", pdf_text(site).split("\f")[1])
    assert "Edited by The" not in verso
    assert (
        "An essay by an unknown author, edited with an introduction, a textual apparatus, "
        "commentary, notes and indexes by the editors of the Stalinism Edition." in verso
    )


NOTE_MARKER = 'a.footnote-reference[role="doc-noteref"]'


def note_markers(markup: str) -> list[tuple[str, str]]:
    soup = BeautifulSoup(markup, "html.parser")
    return [(a["href"], a.get_text()) for a in soup.select(NOTE_MARKER)]


def test_the_epub_shows_note_markers_as_the_web_page_does(site: Path) -> None:
    """The same markers ("[19]") at the same places, raised, and none that the e-book's
    style sheet brackets a second time ("[[19]]")."""
    html = (site / "book" / "essay.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(site / EPUB_NAME) as epub:
        xhtml = epub.read("book/essay.xhtml").decode("utf-8")
        stylesheet = epub.read("_static/epub.css").decode("utf-8")
    web, book = note_markers(html), note_markers(xhtml)
    assert len(web) >= 27 and book == web
    assert all(re.fullmatch(r"\[\d+\]", text) for _, text in book)
    assert "[[" not in BeautifulSoup(xhtml, "html.parser").get_text()
    soup = BeautifulSoup(xhtml, "html.parser")
    for marker in soup.select(NOTE_MARKER):
        assert marker.find("sup") is not None and marker.get("epub:type") == "noteref"
        # The e-book theme's style sheet adds brackets to markers of the class "brackets".
        assert "brackets" not in marker.get("class", [])
    assert "a.footnote-reference.brackets:before" in stylesheet


def test_the_epub_sets_explanatory_notes_as_footnotes_without_doubled_stops(site: Path) -> None:
    """An e-book reader has no hover: an explanatory note is a note reference and a
    footnote after its paragraph, and its closing full stop does not run into the
    sentence's ("paraphrases it..")."""
    with zipfile.ZipFile(site / EPUB_NAME) as epub:
        page = epub.read("book/essay.xhtml").decode("utf-8")
    essay = BeautifulSoup(page, "html.parser")
    references = essay.select('a.ednote-ref[role="doc-noteref"]')
    assert references
    for reference in references:
        note = essay.find(id=reference["href"].removeprefix("#"))
        assert note is not None and note.name == "aside" and note["epub:type"] == "footnote"
        assert note.find_parent("p") is None
    doubled = re.search(r".{40}(?<!\.)\.\s*\.(?!\.)", essay.get_text(""))
    assert doubled is None, doubled
