"""Editorial matter: persons, commentary, chronology, glossary, citation metadata."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from edition import registry
from edition.paths import ROOT
from tests.conftest import ScratchBook, build_with_change


def page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup(
        (site / "book" / f"{name}.html").read_text(encoding="utf-8"), "html.parser"
    )


def test_every_person_reference_resolves_to_the_index(site: Path) -> None:
    essay, persons = page(site, "essay"), page(site, "persons")
    references = essay.select("a.reference:has(span.person)")
    assert len(references) >= 15
    for reference in references:
        target, anchor = reference["href"].split("#")
        assert target == "persons.html", reference
        assert persons.find(id=anchor) is not None, anchor
    assert {a.find(id=True)["id"] for a in persons.select("ul.persons-index li p")} == {
        f"person-{person}" for person in registry.persons()
    }


def test_persons_index_links_back_to_existing_paragraphs(site: Path) -> None:
    essay = page(site, "essay")
    links = page(site, "persons").select("ul.persons-index a[href^='essay.html#p']")
    assert links
    for link in links:
        assert essay.find(id=link["href"].split("#")[1]) is not None, link["href"]


def bibliography_links(node: BeautifulSoup) -> list[str]:
    return [a["href"] for a in node.select("a[href*='bibliography.html#']")]


def test_every_commentary_note_cites_a_resolving_source(site: Path) -> None:
    bibliography_ids = {e["id"] for e in page(site, "bibliography").select("[id]")}
    notes = page(site, "commentary").select("section section section")
    assert len(notes) >= 40
    for note in notes:
        links = bibliography_links(note)
        assert links, note.find(["h3", "h4"]).get_text()
        assert all(link.split("#")[1] in bibliography_ids for link in links)


def test_every_chronology_entry_cites_a_source_and_a_paragraph(site: Path) -> None:
    rows = page(site, "chronology").select("table tbody tr")
    assert len(rows) >= 30
    essay = page(site, "essay")
    for row in rows:
        assert bibliography_links(row), row.get_text(" ", strip=True)[:80]
        for link in row.select("a[href^='essay.html#p']"):
            assert essay.find(id=link["href"].split("#")[1]) is not None


def test_every_glossary_term_is_linked_from_the_essay(site: Path) -> None:
    terms = {dt["id"] for dt in page(site, "glossary").select("dl.glossary dt[id]")}
    assert len(terms) >= 12
    linked = {
        a["href"].split("#")[1] for a in page(site, "essay").select("a[href^='glossary.html#']")
    }
    assert terms <= linked, sorted(terms - linked)


def test_paragraphs_with_commentary_link_to_it(site: Path) -> None:
    commentary = page(site, "commentary")
    links = page(site, "essay").select(".para-commentary a")
    assert len(links) >= 15
    for link in links:
        assert commentary.find(id=link["href"].split("#")[1]) is not None


def test_pages_carry_citation_metadata(site: Path) -> None:
    essay = page(site, "essay")
    meta = {m["name"]: m["content"] for m in essay.select("meta[name^='citation_']")}
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert meta["citation_author"] == config["author"]
    assert config["sphinx"]["config"]["project"] in meta["citation_title"]
    assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", meta["citation_publication_date"])
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["title"] == config["title"]


def test_pdf_has_a_persons_index() -> None:
    from edition.build import LATEX_OUT

    index = (LATEX_OUT / "edition.ind").read_text(encoding="utf-8")
    for record in registry.persons().values():
        if record["name"].startswith(("Khrushchev", "Krupskaya")):
            continue  # not named in the text itself
        assert record["name"] in index, record["name"]


@pytest.mark.slow
def test_a_commentary_note_without_a_source_stops_the_build(
    built_scratch_book: ScratchBook,
) -> None:
    result, site_kept = build_with_change(
        built_scratch_book,
        "book/commentary.md",
        lambda text: text.replace(
            "## Paragraph 2\n", "## Paragraph 2\n\n### ¶2 “an unsourced note”\n\nNo source.\n", 1
        ),
    )
    assert result.returncode != 0
    assert re.search(r"book/commentary\.md:\d+: .*cites no source", result.output), result.output
    assert site_kept
