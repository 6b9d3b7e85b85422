"""Editorial matter: persons, commentary, chronology, glossary; the metadata that reference
managers, search engines and link previews read."""

from __future__ import annotations

import time
from pathlib import Path
from xml.etree import ElementTree

import yaml
from bs4 import BeautifulSoup

from edition import registry
from edition.paths import ROOT


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


def edition_config() -> dict:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return {**config, **config["sphinx"]["config"]}


def test_essay_page_metadata_carries_title_editors_date_and_url(site: Path) -> None:
    from edition.build import source_date_epoch

    essay = page(site, "essay")
    config = edition_config()
    url = config["html_baseurl"] + "book/essay.html"
    meta = {m["name"]: m["content"] for m in essay.select("meta[name^='citation_']")}
    assert config["project"] in meta["citation_title"]
    assert meta["citation_author"] == config["author"]
    commit_day = time.strftime("%Y/%m/%d", time.gmtime(int(source_date_epoch())))
    assert meta["citation_publication_date"] == commit_day
    assert meta["citation_public_url"] == url
    opengraph = {m["property"]: m["content"] for m in essay.select("meta[property^='og:']")}
    assert opengraph["og:url"] == url
    assert opengraph["og:site_name"] == config["project"]
    assert opengraph["og:title"] == essay.select_one("main h1").get_text().rstrip("#")
    assert essay.select_one("link[rel=canonical]")["href"] == url
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["title"] == config["title"]


def test_every_page_has_a_title_and_its_own_description(site: Path) -> None:
    descriptions: dict[str, str] = {}
    for path in sorted(site.rglob("*.html")):
        if path.relative_to(site).parts[0].startswith("_"):
            continue
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        name = path.relative_to(site).as_posix()
        assert html.title and html.title.get_text(strip=True), name
        description = html.select_one("meta[name=description]")
        assert description and len(description["content"]) >= 50, name
        opengraph = html.select_one("meta[property='og:description']")
        if opengraph is not None:
            assert opengraph["content"] == description["content"], name
        descriptions[name] = description["content"]
    # The root page redirects to the title page and shares its description.
    assert descriptions.pop("index.html") == descriptions["book/index.html"]
    assert len(set(descriptions.values())) == len(descriptions)


def test_sitemap_lists_every_page_of_the_book(site: Path) -> None:
    base = edition_config()["html_baseurl"]
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ElementTree.parse(site / "sitemap.xml")
    listed = {loc.text for loc in tree.getroot().findall("s:url/s:loc", namespace)}
    pages = {
        base + path.relative_to(site).as_posix()
        for folder in ("book", "notebooks")
        for path in (site / folder).glob("*.html")
    }
    assert listed == pages
    assert f"Sitemap: {base}sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")


def test_pdf_has_a_persons_index() -> None:
    from edition.build import LATEX_OUT

    index = (LATEX_OUT / "edition.ind").read_text(encoding="utf-8")
    for record in registry.persons().values():
        if record["name"].startswith(("Khrushchev", "Krupskaya")):
            continue  # not named in the text itself
        assert record["name"] in index, record["name"]


def test_each_bibliography_list_is_in_the_alphabetical_order_of_its_labels(site: Path) -> None:
    """A reader who meets "Gosplan SSSR 1929" under a chart finds it under G, not after Z."""
    from edition.references import filing

    lists = page(site, "bibliography").select("div.citation-list, div[role='list']")
    assert len(lists) == 4
    for listing in lists:
        labels = [label.get_text(strip=True).strip("[]") for label in listing.select("span.label")]
        assert len(labels) > 5
        filed = [tuple(map(filing, label.rsplit(" ", 1))) for label in labels]  # name, year
        pairs = zip(labels, labels[1:], filed, filed[1:], strict=False)
        misfiled = [(a, b) for a, b, a_filed, b_filed in pairs if a_filed > b_filed]
        assert not misfiled, misfiled[:3]


def test_a_reference_in_the_text_names_one_work(site: Path) -> None:
    """Two works of one author and one year are told apart in the text as in the
    bibliography ("Stalin 1953a", "Stalin 1953b"), not both printed "Stalin 1953"."""
    works_by_reference: dict[str, set[str]] = {}
    for name in ["commentary", "claims", "chronology", "glossary", "introduction"]:
        for citation in page(site, name).select("span.bibtex-citation"):
            for link in citation.select("a[title]"):
                # "(Conquest, 1991)" links author and year; "Conquest (1991)" the year only
                text = link.get_text() if "," in link.get_text() else citation.get_text()
                works_by_reference.setdefault(text, set()).add(link["title"])
    assert len(works_by_reference) > 100
    ambiguous = {text: works for text, works in works_by_reference.items() if len(works) > 1}
    assert not ambiguous, sorted(ambiguous)[:5]
    assert "Stalin, 1953a" in works_by_reference


def test_every_page_that_states_a_verdict_agrees_with_the_register(site: Path) -> None:
    """The claim register is the one source of verdicts: the Claims page, the commentary,
    the verdict layer of the reading text and the introduction print its words."""
    from edition import claims as register

    claims = register.load()
    assert claims, "the claim register is empty"
    shown: dict[str, set[str]] = {}
    for html in [
        "book/claims.html",
        "book/commentary.html",
        "book/essay.html",
        "book/introduction.html",
    ]:
        page = BeautifulSoup((site / html).read_text(encoding="utf-8"), "html.parser")
        for link in page.select('a[href*="claims.html#claim-"], a[href^="#claim-"]'):
            verdict = link.select_one(".verdict")
            if verdict is None:
                continue
            claim_id = link["href"].split("#claim-")[1]
            shown.setdefault(claim_id, set()).add(verdict.get_text(" ", strip=True))
        if html == "book/claims.html":
            for entry in page.select(".claims-register .claim"):
                claim_id = entry["id"].removeprefix("claim-")
                verdict = entry.select_one(".claim-head .verdict").get_text(" ", strip=True)
                shown.setdefault(claim_id, set()).add(verdict)
    assert set(shown) == set(claims), "claims missing from the Claims page"
    for claim_id, verdicts in shown.items():
        expected = f"{claims[claim_id].verdict.sign} {claims[claim_id].verdict.label}"
        assert verdicts == {expected}, claim_id
    commentary = (site / "book/commentary.html").read_text(encoding="utf-8")
    assert "**Unverified.**" not in commentary and "<strong>Unverified.</strong>" not in commentary


def test_the_register_downloads_as_csv_and_json(site: Path) -> None:
    import json

    from edition import claims as register

    assert (site / "claims.csv").read_bytes() == register.CLAIMS_FILE.read_bytes()
    data = json.loads((site / "claims.json").read_text(encoding="utf-8"))
    assert [c["id"] for c in data] == [c["id"] for c in register.as_json(register.load())]
    page = BeautifulSoup((site / "book/claims.html").read_text(encoding="utf-8"), "html.parser")
    ld = json.loads(page.find("script", type="application/ld+json").string)
    assert len(ld["@graph"]) == len(data)
    assert {r["@type"] for r in ld["@graph"]} == {"ClaimReview"}
