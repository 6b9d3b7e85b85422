"""The critical text: fidelity to the witness, ¶ anchors, the notes and the apparatus."""

from __future__ import annotations

import hashlib
import pickle
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils import nodes

from edition import fidelity, registry
from edition.build import SPHINX_OUT
from edition.paths import COPY_TEXT, EPUB_NAME, PDF_NAME, ROOT
from edition.sphinxext.reading_text import copy_text_of, numbered_blocks

WITNESS = ROOT.parent / "shared" / "seeds" / "000_e90bcb1f7e29217a.txt"
ESSAY_DOCTREE = SPHINX_OUT / ".doctrees" / "book" / "essay.doctree"
EMENDATION_MARK = re.compile(r"\{em\}`")


def essay_doctree(site: Path) -> nodes.document:
    return pickle.loads(ESSAY_DOCTREE.read_bytes())


def rebuilt_blocks(doctree: nodes.document) -> list[fidelity.Block]:
    blocks = [
        fidelity.Block(copy_text_of(b), f"¶{i}") for i, b in enumerate(numbered_blocks(doctree), 1)
    ]
    for record in [*registry.essay_notes(), *registry.further_reading()]:
        blocks.append(fidelity.Block(fidelity.copy_text_of_markup(record["text"]), record.location))
    omitted = next(doctree.findall(lambda n: n.tagname == "omitted_matter"))
    blocks += [fidelity.Block(text, "omitted") for text in omitted["blocks"]]
    return blocks


# SHA-256 of the witness, shared/seeds/000_e90bcb1f7e29217a.txt: the copy-text is checked
# against it on every clone, with or without the witness beside it.
WITNESS_SHA256 = "c0a78c7d3e115eb33ad7b096a159d36025df6c22ff2134dd43f12f5cd5602994"


def test_copy_text_is_byte_identical_to_the_witness() -> None:
    assert hashlib.sha256(COPY_TEXT.read_bytes()).hexdigest() == WITNESS_SHA256
    if WITNESS.exists():
        assert COPY_TEXT.read_bytes() == WITNESS.read_bytes()


def test_reading_text_and_emendations_give_back_the_copy_text(site: Path) -> None:
    witness = fidelity.copy_text_blocks(COPY_TEXT.read_text(encoding="utf-8"))
    rebuilt = rebuilt_blocks(essay_doctree(site))
    assert [fidelity.normalise(block.text) for block in rebuilt] == witness


def test_one_changed_word_breaks_fidelity(site: Path) -> None:
    doctree = essay_doctree(site)
    paragraph = numbered_blocks(doctree)[4]
    text = next(t for t in paragraph.findall(nodes.Text) if "minute detail" in t)
    text.parent.replace(text, nodes.Text(str(text).replace("minute detail", "minute details")))
    witness = fidelity.copy_text_blocks(COPY_TEXT.read_text(encoding="utf-8"))
    mismatch = fidelity.first_mismatch(witness, rebuilt_blocks(doctree))
    assert mismatch is not None and mismatch.location == "¶5"
    assert "minute details" in mismatch.describe()


def test_paragraph_anchors_are_contiguous_in_html_and_pdf(site: Path) -> None:
    page = BeautifulSoup((site / "book" / "essay.html").read_text(encoding="utf-8"), "html.parser")
    anchors = [a["href"] for a in page.select("a.para-num")]
    count = len(fidelity.copy_text_blocks(COPY_TEXT.read_text(encoding="utf-8"))[:19])
    assert anchors == [f"#p{n}" for n in range(1, count + 1)]
    for n in range(1, count + 1):
        assert page.find(id=f"p{n}") is not None, f"no element with id p{n}"
    destinations = subprocess.run(
        ["pdfinfo", "-dests", str(site / PDF_NAME)], capture_output=True, text=True, check=True
    ).stdout
    named = set(re.findall(r'"(p\d+)"', destinations))
    assert {f"p{n}" for n in range(1, count + 1)} <= named
    pdf = subprocess.run(
        ["pdftotext", "-layout", str(site / PDF_NAME), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    margin_numbers = re.findall(r"(?:^\s*¶(\d+)\s{2,}|\s{2,}¶(\d+)\s*$)", pdf, re.MULTILINE)
    # Margin numbers stand alone at a line's start or end (the apparatus repeats some).
    assert {int(a or b) for a, b in margin_numbers} == set(range(1, count + 1))


def test_every_essay_note_is_a_footnote_in_order(site: Path) -> None:
    page = BeautifulSoup((site / "book" / "essay.html").read_text(encoding="utf-8"), "html.parser")
    labels = [a.get_text(strip=True).strip("[]") for a in page.select("a.footnote-reference")]
    assert labels == [str(n) for n in range(1, 28)]


def test_concordance_resolves_every_note_to_the_bibliography(site: Path) -> None:
    bib = BeautifulSoup(
        (site / "book" / "bibliography.html").read_text(encoding="utf-8"), "html.parser"
    )
    bib_ids = {element["id"] for element in bib.select("[id]")}
    page = BeautifulSoup(
        (site / "book" / "concordance.html").read_text(encoding="utf-8"), "html.parser"
    )
    for record in registry.essay_notes():
        row = page.find(id=f"essay-note-{record['n']}")
        assert row is not None, f"note {record['n']} missing from the concordance"
        links = [a["href"] for a in row.select("a[href*='bibliography.html#']")]
        assert links, f"note {record['n']} does not link to the bibliography"
        assert all(link.split("#", 1)[1] in bib_ids for link in links)
    assert len(registry.essay_notes()) == 27


def test_apparatus_lists_every_emendation(site: Path) -> None:
    sources = [ROOT / "book" / "essay.md", registry.NOTES_FILE]
    marks = sum(
        len(EMENDATION_MARK.findall(line))
        for source in sources
        for line in source.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("#")  # the YAML file's comments show the syntax
    )
    marks += 1  # the omitted comment form
    page = BeautifulSoup(
        (site / "book" / "apparatus.html").read_text(encoding="utf-8"), "html.parser"
    )
    rows = page.select("table.apparatus tbody tr")
    assert len(rows) == marks
    for row in rows:
        link = row.select_one("td a")["href"]
        target_page, anchor = link.split("#")
        target = BeautifulSoup(
            (site / "book" / target_page).read_text(encoding="utf-8"), "html.parser"
        )
        assert target.find(id=anchor) is not None, link


def test_diplomatic_view_holds_every_copy_text_reading(site: Path) -> None:
    page = BeautifulSoup((site / "book" / "essay.html").read_text(encoding="utf-8"), "html.parser")
    copy_readings = [span.get_text() for span in page.select(".emendation .em-copy")]
    assert copy_readings == ["sizing", "monolithicism", "Kamenov", "statue", "to"]
    assert page.select_one(".view-switch-button") is not None


def emendation_links(page: BeautifulSoup) -> dict[str, str]:
    """Each emendation's id and the address its sign leads to."""
    return {  # the sign is the emendation's last part, or follows the link it stands in
        span["id"]: span.find_next("a", class_="em-mark")["href"]
        for span in page.select(".emendation")
    }


@pytest.mark.parametrize("folder", ["site", "epub"])
def test_every_emendation_is_marked_and_leads_to_its_entry_and_back(
    site: Path, tmp_path: Path, folder: str
) -> None:
    """A sign (not colour alone) at each emendation links to its apparatus entry, whose
    place links back to the emendation itself: in the web edition and in the e-book."""
    if folder == "epub":
        with zipfile.ZipFile(site / EPUB_NAME) as epub:
            epub.extractall(tmp_path)
        root, suffix = tmp_path, ".xhtml"
    else:
        root, suffix = site, ".html"

    def page(name: str) -> BeautifulSoup:
        return BeautifulSoup((root / "book" / f"{name}{suffix}").read_text("utf-8"), "html.parser")

    essay, concordance, apparatus = page("essay"), page("concordance"), page("apparatus")
    links = {**emendation_links(essay), **emendation_links(concordance)}
    assert len(links) == len(essay.select(".emendation")) + len(concordance.select(".emendation"))
    rows = apparatus.select("table.apparatus tbody tr")
    assert len(links) == len(rows) - 1  # and the omitted comment form
    for emendation_id, href in links.items():
        assert href == f"apparatus{suffix}#apparatus-{emendation_id}"
        entry = apparatus.find(id=f"apparatus-{emendation_id}")
        assert entry is not None, emendation_id
        back = entry.find_parent("tr").select_one("td a")["href"]
        assert back.split("#")[1] == emendation_id, back


def test_the_pdf_marks_every_emendation_in_the_reading_text(site: Path) -> None:
    text = subprocess.run(
        ["pdftotext", str(site / PDF_NAME), "-"], capture_output=True, text=True, check=True
    ).stdout
    for reading in ("seizing", "monolithism", "Kamenev", "stature"):
        assert re.search(rf"{reading}\s?°", text), reading
