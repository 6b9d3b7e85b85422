"""The second edition under examples/, built by the same engine as the essay's: five
telegrams of 1918 printed in Foreign Relations of the United States (examples/frus-1918).
Each build takes a few seconds; the example is copied first, so that nothing is written
into the repository."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from edition import fidelity
from edition.downloads import TEI_NAME
from edition.paths import ROOT
from tests.test_tei import JING, NS, T, copy_text, tei_all_problems
from tests.test_verdicts import build

EXAMPLE = ROOT / "examples" / "frus-1918"
WITNESS = fidelity.copy_text_blocks((EXAMPLE / "data" / "copy-text.txt").read_text("utf-8"))
# The edition's two emendations: paragraph, copy-text reading, the edition's reading, kind.
EMENDATIONS = [
    (8, "cheek", "check", "spelling"),
    (11, "2379 [2369]", "2369", "fact"),
]


def emended(witness: list[str]) -> list[str]:
    """The witness with the edition's readings in place of the slips it corrects."""
    blocks = list(witness)
    for n, copy, reading, _ in EMENDATIONS:
        assert blocks[n - 1].count(copy) == 1, (n, copy)
        blocks[n - 1] = blocks[n - 1].replace(copy, reading)
    return blocks


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    srcdir = tmp_path_factory.mktemp("example") / "frus-1918"
    shutil.copytree(EXAMPLE, srcdir, ignore=shutil.ignore_patterns("_build"))
    outdir, warnings = build(srcdir)
    assert warnings == "", warnings
    return outdir


def page(outdir: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / f"{name}.html").read_text("utf-8"), "html.parser")


def test_the_example_builds_with_the_engine_alone() -> None:
    conf = (EXAMPLE / "conf.py").read_text("utf-8")
    assert 'extensions = ["myst_parser", "edition.sphinxext"]' in conf
    assert "nitpicky = True" in conf


def test_every_block_of_the_witness_is_a_numbered_paragraph(example: Path) -> None:
    numbered = page(example, "text").select("p.numbered")
    assert [p["id"] for p in numbered] == [f"p{n}" for n in range(1, len(WITNESS) + 1)]
    assert len(WITNESS) == 12
    labels = [p.select_one(".para-num").get_text(strip=True) for p in numbered]
    assert labels[0].startswith("¶1") and labels[-1].startswith("¶12")


def test_the_tei_gives_back_the_copy_text_exactly(example: Path) -> None:
    root = ET.parse(example / TEI_NAME).getroot()
    body = root.find("tei:text/tei:body", NS)
    assert body is not None
    blocks = [copy_text(p) for p in body.iter(f"{T}p") if p.get("n")]
    choices = list(body.iter(f"{T}choice"))
    rebuilt = [fidelity.Block(text, f"¶{i}") for i, text in enumerate(blocks, 1)]
    mismatch = fidelity.first_mismatch(WITNESS, rebuilt)
    assert mismatch is None, mismatch.describe()
    assert [fidelity.normalise(b.text) for b in rebuilt] == WITNESS
    # Each emendation is a choice in its paragraph: the slip as sic, the reading as corr.
    found = [
        (
            int(p.get("n", "")),
            choice.findtext("tei:sic", namespaces=NS),
            choice.findtext("tei:corr", namespaces=NS),
            corr.get("type"),
        )
        for p in body.iter(f"{T}p")
        if p.get("n")
        for choice in p.iter(f"{T}choice")
        for corr in choice.iterfind("tei:corr", NS)
    ]
    assert found == EMENDATIONS
    assert len(choices) == len(EMENDATIONS)
    persons = {p.get("ref") for p in body.iter(f"{T}persName")}
    assert persons == {"#person-summers", "#person-francis", "#person-mirbach"}
    witness = root.find(".//tei:sourceDesc/tei:bibl[@type='witness']", NS)
    assert witness is not None
    assert witness.findtext("tei:author", namespaces=NS) == "Maddin Summers and David R. Francis"


@pytest.mark.skipif(not JING.exists(), reason="Jing (Debian's libjing-java) is not installed")
def test_the_tei_is_valid_against_tei_all(example: Path) -> None:
    assert tei_all_problems(example / TEI_NAME) == ""


def test_the_reading_text_export_is_the_emended_text_paragraph_by_paragraph(
    example: Path,
) -> None:
    """The export gives the edition's readings: the witness, paragraph by paragraph, with
    "check" for the misprint "cheek" in ¶8 and "2369" for "2379 [2369]" in ¶11."""
    text = (example / "reading-text.txt").read_text("utf-8")
    paragraphs = re.findall(r"^¶(\d+) (.+)$", text, flags=re.MULTILINE)
    assert [int(n) for n, _ in paragraphs] == list(range(1, len(WITNESS) + 1))
    words = [fidelity.normalise(words) for _, words in paragraphs]
    assert words == emended(WITNESS)
    assert words != WITNESS
    assert "which am trying check by promising" in words[7]
    assert "In reference to my 2369, 14th." in words[10]


def test_the_apparatus_lists_each_emendation_with_its_kind(example: Path) -> None:
    apparatus = page(example, "apparatus")
    assert "2 editorial interventions" in apparatus.get_text(" ")
    rows = apparatus.select("table.apparatus tbody tr")
    entries = [
        (
            row.select_one("td a").get_text(strip=True),
            row.select_one(".lemma").get_text(strip=True),
            row.select_one(".copy-text-reading").get_text(strip=True),
            row.select("td")[2].get_text(strip=True),
        )
        for row in rows
    ]
    assert entries == [(f"¶{n}", reading, copy, kind) for n, copy, reading, kind in EMENDATIONS]
    # The emendation of fact cites its source, the volume; the misprint needs none.
    fact = rows[1].select("td")[3]
    assert "List of Papers, p. XIV" in fact.get_text(" ")
    assert fact.select('a[href^="references.html#"]')


def test_the_reading_text_shows_the_editions_readings_and_keeps_the_slips(
    example: Path,
) -> None:
    """The reading text prints each emendation's reading, marked, with the printed reading
    kept for the diplomatic view and a link to its apparatus entry."""
    text = page(example, "text")
    marks = text.select("span.emendation")
    found = [
        (
            int(mark.find_parent("p", class_="numbered")["id"][1:]),
            mark.select_one(".em-copy").get_text(strip=True),
            mark.select_one(".em-reading").get_text(strip=True),
            mark["data-kind"],
        )
        for mark in marks
    ]
    assert found == EMENDATIONS
    for mark in marks:
        link = mark.select_one("a.em-mark")
        assert link is not None and link["href"] == f"apparatus.html#apparatus-{mark['id']}"
        # The hover text gives the reason as printed, its citation by label, on one line.
        assert "\n" not in mark["title"] and "frus1918russia3" not in mark["title"]
    fact = next(mark for mark in marks if mark["data-kind"] == "fact")
    assert fact["title"].endswith("(document 53, p. 36) [1]."), fact["title"]


def test_the_persons_index_names_where_each_person_signs(example: Path) -> None:
    text = " ".join(page(example, "persons").get_text(" ", strip=True).split())
    francis = r"Francis, David R\. \. Ambassador of the United States in Russia\."
    mirbach = r"Mirbach, Wilhelm, Count von \. German Commissioner in Russia;"
    summers = r"Summers, Maddin \. Consul General of the United States at Moscow\."
    assert re.search(francis + r".*named in ¶7 , ¶10 , ¶12 \.", text)
    assert re.search(mirbach + r".*named in ¶9 \.", text)
    assert re.search(summers + r".*named in ¶2 , ¶4 \.", text)


def test_the_editors_notes_and_the_commentary_cite_the_volume(example: Path) -> None:
    text = page(example, "text")
    notes = text.select(".ednote-body")
    assert len(notes) == 3
    for note in notes:
        assert note.select('a[href^="references.html#"]'), note
    assert "supplied the word" in notes[0].get_text(" ")
    assert "stand as the volume prints them" in notes[2].get_text(" ")
    six = text.select_one("#p6 .para-commentary a")
    assert six is not None and six["href"].startswith("commentary.html#")
    assert text.select_one("#p1 .para-commentary a") is None


def test_the_claims_of_the_third_telegram_carry_their_verdicts(example: Path) -> None:
    """The register's two claims on ¶6: on the Claims page, in the reading text's verdict
    layer and under the commentary note the register names, each with its verdict."""
    claims = page(example, "claims")
    approved = claims.select_one("#claim-p6-approved")
    quotation = claims.select_one("#claim-p6-absolutely")
    assert approved is not None and quotation is not None
    assert "verdict-confirmed" in approved["class"]
    assert approved.select_one(".verdict").get_text(" ", strip=True) == "✓ confirmed"
    assert "document 49, p. 32" in approved.get_text(" ")
    assert "verdict-found" in quotation["class"]
    verdict = quotation.select_one(".verdict").get_text(" ", strip=True)
    assert verdict == "✓ found at the cited place"
    # The decree's translation in the volume has one word the telegram lacks.
    assert [ins.get_text(strip=True) for ins in quotation.select("ins.diff-source")] == ["[+ any]"]
    assert "document 49, enclosure, par. 3, p. 32" in quotation.get_text(" ")
    marks = page(example, "text").select("#p6 .claimed")
    assert [(m["id"], m["class"][1]) for m in marks] == [
        ("claimed-p6-approved", "verdict-confirmed"),
        ("claimed-p6-absolutely", "verdict-found"),
    ]
    label = page(example, "commentary").select_one("span#c-p6-committee")
    assert label is not None
    note = label.parent.select_one(".note-verdict")
    assert note is not None and "✓ confirmed" in note.get_text(" ", strip=True)


def test_the_tei_gives_each_claim_its_verdict_and_source(example: Path) -> None:
    root = ET.parse(example / TEI_NAME).getroot()
    notes = root.findall(".//tei:div[@type='claims']/tei:note[@type='claim']", NS)
    found = {
        note.get("target"): (
            note.findtext("tei:label[@type='verdict']", namespaces=NS),
            note.findtext("tei:bibl/tei:citedRange", namespaces=NS),
        )
        for note in notes
    }
    assert found == {
        "#claimed-p6-approved": ("confirmed", "document 49, p. 32"),
        "#claimed-p6-absolutely": (
            "found at the cited place",
            "document 49, enclosure, par. 3, p. 32",
        ),
    }
    segs = [seg.text for seg in root.iter(f"{T}seg") if seg.get("type") == "claim"]
    assert segs == [
        "Central Executive Soviet Committee has approved decree",
        "Absolutely and without exception all foreign loans are annulled.",
    ]


def test_the_front_page_prints_the_figures_of_the_telegrams_table(example: Path) -> None:
    """The dates and the sum on the front page come from data/telegrams.csv by {datum}, as
    the volume prints them in document 47 (p. 31)."""
    data = [span.get_text() for span in page(example, "index").select("span.datum")]
    assert data == ["165", "January 29, 1918, 6 p.m.", "February 4, 6.32 a.m.", "50,000"]


def test_one_changed_word_of_the_example_stops_its_build_at_the_paragraph(
    tmp_path: Path,
) -> None:
    srcdir = tmp_path / "frus-1918"
    shutil.copytree(EXAMPLE, srcdir, ignore=shutil.ignore_patterns("_build"))
    reading = srcdir / "text.md"
    reading.write_text(
        reading.read_text("utf-8").replace("Banks closed", "Banks shut"), encoding="utf-8"
    )
    _, warnings = build(srcdir)
    line = next(
        n
        for n, text in enumerate(reading.read_text("utf-8").splitlines(), 1)
        if "Banks shut" in text
    )
    assert re.search(rf"text\.md:{line}: WARNING: .*does not give back block 3", warnings), warnings


def test_the_book_leaves_the_examples_to_their_own_builds() -> None:
    """The essay's book reads none of the example's pages: the files Sphinx finds with the
    book's configuration include none under examples/."""
    from sphinx.util.matching import get_matching_files

    from edition.sphinxrun import jupyter_book_config

    config, _ = jupyter_book_config(ROOT)
    found = get_matching_files(ROOT, ["**"], config["exclude_patterns"])
    assert "book/essay.md" in found
    assert [name for name in found if name.startswith("examples/")] == []


def test_the_engine_calls_the_text_by_the_editions_word_for_it(example: Path) -> None:
    """The engine's own prose names the text as ``edition_text_kind`` says ("text" here,
    "essay" in the book): no page of the telegrams' edition speaks of an essay."""
    pages = {path.name: path.read_text(encoding="utf-8") for path in example.glob("*.html")}
    assert "Text and source compared" in pages["claims.html"]
    assert [name for name, html in pages.items() if "essay" in html.lower()] == []
