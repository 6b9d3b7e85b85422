"""The verdicts of the claim register as machines and readers meet them, on a tiny Sphinx
project (tests/roots/test-verdicts: a reading text of two paragraphs and three claims): the
ClaimReview markup of the Claims page, read back as JSON-LD and checked against the register;
the claimed words marked in the reading text, each mark linked to its verdict and back; the
claims anchored on their words in the TEI. The keyboard and axe checks of the layer are in
test_browser.py."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from edition import claims as register
from edition.sphinxext import tei
from tests.deferred import opened_page

ROOT = Path(__file__).resolve().parent / "roots" / "test-verdicts"


def build(srcdir: Path, builder: str = "html") -> tuple[Path, str]:
    """Build the project in ``srcdir`` as ``sphinx-build`` would (with ``-n`` where its
    conf.py sets ``nitpicky``); the output folder and every warning."""
    app = SphinxTestApp(builder, srcdir=srcdir, freshenv=True)
    try:
        app.build()
        return Path(app.outdir), app.warning.getvalue()
    finally:
        app.cleanup()


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    srcdir = tmp_path_factory.mktemp("verdicts") / "book"
    shutil.copytree(ROOT, srcdir)
    return srcdir


@pytest.fixture(scope="module")
def tiny(book: Path) -> Path:
    outdir, warnings = build(book)
    assert warnings == ""
    return outdir


def page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def claim_reviews(soup: BeautifulSoup) -> list[dict]:
    scripts = soup.find_all("script", type="application/ld+json")
    graphs = [json.loads(script.string) for script in scripts]
    return [node for graph in graphs for node in graph.get("@graph", [graph])]


def test_claim_review_agrees_with_the_register(tiny: Path, book: Path) -> None:
    claims = register.load(book / "data" / "claims.csv")
    reviews = {r["url"].rsplit("#claim-", 1)[1]: r for r in claim_reviews(page(tiny, "claims"))}
    assert set(reviews) == set(claims), "every claim of the register, and no other"
    for claim_id, claim in claims.items():
        review = reviews[claim_id]
        assert review["@type"] == "ClaimReview"
        assert review["reviewBody"] == claim.summary
        assert claim.words in review["claimReviewed"]
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"] == claim.verdict.label
        if claim.verdict.rating is None:  # no rating fits: words only, and why
            assert "ratingValue" not in rating, claim_id
            assert "not a finding that" in rating["ratingExplanation"]
        else:
            assert rating["ratingValue"] == claim.verdict.rating
            assert (rating["worstRating"], rating["bestRating"]) == (1, 3)
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["author"] == {"@type": "Person", "name": "Anonymous"}
        assert item["appearance"]["@type"] == "CreativeWork"
        assert item["appearance"]["author"]["name"] == "Anonymous"
        assert item["appearance"]["url"].endswith(f"text.html#p{claim.paragraph}")


def test_claim_review_quotes_the_whole_sentence(tiny: Path) -> None:
    reviews = {r["url"].rsplit("#claim-", 1)[1]: r for r in claim_reviews(page(tiny, "claims"))}
    # The words cross a person's name and an emendation; the note marker and the emendation's
    # sign and copy-text reading are not the essay's words.
    sentence = "The murder of Kirov in 1934 was a turning point."
    assert reviews["p1-murder"]["claimReviewed"] == sentence
    assert reviews["p1-turning"]["claimReviewed"] == sentence
    assert reviews["p2-year"]["claimReviewed"] == "It happened in 1934."


def test_every_verdict_has_its_own_sign() -> None:
    for verdicts in register.VERDICTS.values():
        signs = [v.sign for v in verdicts.values()]
        assert len(set(signs)) == len(signs)
    assert (
        register.FACT_VERDICTS["unverified"].sign != register.QUOTATION_VERDICTS["not-found"].sign
    )


def test_the_sentence_of_a_claim_is_not_cut_at_initials() -> None:
    text = "It says “V. I. Lenin and J. V. Stalin direct the Uprising”. See p. 38 of it. End."
    found = register.words_pattern("Stalin direct").search(text)
    assert found is not None
    assert register.sentence_around(text, found.start(), found.end()) == (
        "It says “V. I. Lenin and J. V. Stalin direct the Uprising”."
    )


def test_the_books_claim_review_agrees_with_the_register(site: Path) -> None:
    """The whole book: every claim of data/claims.csv reviewed once, rated as the scale in
    edition/claims.py says, with the register's summary and the whole sentence it is about."""
    claims = register.load()
    soup = page(site, "book/claims")
    reviews = {r["url"].rsplit("#claim-", 1)[1]: r for r in claim_reviews(soup)}
    assert set(reviews) == set(claims)
    for claim_id, claim in claims.items():
        review = reviews[claim_id]
        assert review["reviewBody"] == claim.summary, claim_id
        assert review["reviewRating"]["alternateName"] == claim.verdict.label, claim_id
        assert review["reviewRating"].get("ratingValue") == claim.verdict.rating, claim_id
        assert review["itemReviewed"]["author"]["name"] == "Anonymous"
        sentence = review["claimReviewed"]
        assert " ".join(claim.words.split()) in sentence, claim_id
        assert sentence[-1] in '.?!”’"', f"{claim_id}: {sentence!r} is not a whole sentence"
    birth = reviews["p2-birth"]["claimReviewed"]
    assert birth.startswith("Joseph Vissarionovitch Stalin [1879-1953], the son of")


def test_the_claimed_words_are_marked_in_the_text(tiny: Path, book: Path) -> None:
    claims = register.load(book / "data" / "claims.csv")
    text = opened_page(tiny / "text.html")  # the verdicts after each ¶ load when asked
    for claim_id, claim in claims.items():
        words = text.select_one(f"span.claimed#claimed-{claim_id}")
        assert words is not None, claim_id
        read = BeautifulSoup(str(words), "html.parser")
        for hidden in read.select(".em-copy, .em-mark"):  # the diplomatic view's, the sign
            hidden.decompose()
        assert " ".join(read.get_text().split()) == claim.words, claim_id
        sign = text.select_one(f"a.claim-sign#mark-{claim_id}")
        assert sign is not None and sign.find_previous_sibling() is words
        # Until the verdicts after the paragraph are loaded, to the Claims page.
        assert sign["href"] == f"claims.html#claim-{claim_id}"
        assert sign.get_text(" ", strip=True) == f"{claim.verdict.sign} {claim.verdict.label}"
        assert sign.select_one('[aria-hidden="true"]').get_text() == claim.verdict.sign
        assert sign["aria-label"].startswith(f"Verdict: {claim.verdict.label}, on the words")
        verdict = text.select_one(f"#verdict-{claim_id}")
        assert verdict is not None and verdict.find_parent("aside", class_="claims-layer")
        assert verdict.select_one(f'a[href="#mark-{claim_id}"]') is not None
    # The words of p1-turning begin with an emendation: the mark holds all of it.
    turning = text.select_one("#claimed-p1-turning")
    assert turning.select_one(".emendation") is not None
    assert turning.select_one(".em-reading").get_text() == "turning"


def test_words_not_in_the_text_stop_the_build(tmp_path: Path) -> None:
    srcdir = tmp_path / "book"
    shutil.copytree(ROOT, srcdir)
    register_file = srcdir / "data" / "claims.csv"
    text = register_file.read_text(encoding="utf-8")
    register_file.write_text(text.replace("murder of Kirov in 1934", "murder of Kirov in 1935"))
    _, warnings = build(srcdir)
    assert re.search(
        r"claims\.csv:2: WARNING: claim p1-murder: the words “murder of Kirov in 1935” are "
        r"not in ¶1 of the reading text",
        warnings,
    ), warnings


def test_print_shows_the_words_alone(tmp_path: Path) -> None:
    srcdir = tmp_path / "book"
    shutil.copytree(ROOT, srcdir)
    outdir, warnings = build(srcdir, "text")
    assert warnings == ""
    written = (outdir / "text.txt").read_text(encoding="utf-8")
    assert "It happened in 1934" in written and "unverified" not in written


def test_the_tei_anchors_each_claim_on_its_words(book: Path, tiny: Path) -> None:
    app = SphinxTestApp("html", srcdir=book, freshenv=False)
    try:
        doctree = app.env.get_doctree("text")
        converter = tei.Converter()
        body = tei.ET.Element(tei.tei("body"))
        tei.essay_body(doctree, body, converter)
    finally:
        app.cleanup()
    segs = {s.get(tei.XML_ID): s for s in body.iter(tei.tei("seg"))}
    assert set(segs) == {"claimed-p1-murder", "claimed-p1-turning", "claimed-p2-year"}
    assert converter.claimed == {"p1-murder", "p1-turning", "p2-year"}
    murder = segs["claimed-p1-murder"]
    assert "".join(murder.itertext()) == "murder of Kirov in 1934"
    assert murder.find(tei.tei("persName")) is not None
    turning = segs["claimed-p1-turning"]
    assert turning.find(tei.tei("choice")) is not None  # the emendation, whole, inside


def test_the_layer_and_the_tables_load_only_when_asked(tiny: Path) -> None:
    """The page holds empty placeholders; their contents wait beside it in JSON."""
    text = page(tiny, "text")
    layers = text.select("aside.claims-layer")
    assert [a["data-deferred"] for a in layers] == ["verdicts-p1", "verdicts-p2"]
    assert all(a.get_text(strip=True) == "" and a.has_attr("hidden") for a in layers)
    parts = json.loads((tiny / "text.deferred.json").read_text(encoding="utf-8"))
    assert set(parts) == {"verdicts-p1", "verdicts-p2"}
    assert 'id="verdict-p1-murder"' in parts["verdicts-p1"]
    assert not (tiny / "claims.deferred.json").exists()  # a page that defers nothing
