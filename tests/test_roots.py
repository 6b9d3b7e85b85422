"""Features of the engine on tiny projects loaded as Sphinx's own tests load theirs
(``@pytest.mark.sphinx(testroot=...)``, ``tests/roots/test-NAME``): the apparatus with the
links between it and the text, and malformed registries reported with file and line."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from edition.paths import ROOT as REPOSITORY
from edition.sphinxext.domain import EditionDomain
from tests.deferred import opened_page


def page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{name}.html").read_text("utf-8"), "html.parser")


@pytest.fixture
def built(app: SphinxTestApp, warning) -> SphinxTestApp:  # noqa: ANN001 (Sphinx's fixture)
    app.build()
    assert warning.getvalue() == "", warning.getvalue()
    return app


@pytest.mark.sphinx("html", testroot="apparatus", freshenv=True)
def test_the_apparatus_lists_every_emendation_in_the_order_of_the_text(
    built: SphinxTestApp,
) -> None:
    rows = page(built, "apparatus").select("table.apparatus tbody tr")
    places = [row.select_one("td a")["href"] for row in rows]
    assert places == [
        "text.html#em-p1-1",
        "text.html#em-p2-1",
        "text.html#em-p2-2",
        "notes.html#em-essay-note-1-1",
    ]
    lemmas = [
        (row.select_one(".lemma").get_text(), row.select_one(".copy-text-reading").get_text())
        for row in rows
    ]
    assert lemmas == [
        ("turning", "tunring"),
        ("1934", "1935"),
        ("Leningrad", "Lenigrad"),
        ("After", "Aftr"),
    ]
    kinds = [row.select("td")[2].get_text(strip=True) for row in rows]
    assert kinds == ["spelling", "fact", "spelling", "bibliographic data"]
    assert "4 editorial interventions" in page(built, "apparatus").get_text()


@pytest.mark.sphinx("html", testroot="apparatus", freshenv=True)
def test_each_emendation_leads_to_its_entry_and_the_entry_back(built: SphinxTestApp) -> None:
    apparatus = page(built, "apparatus")
    for name in ("text", "notes"):
        source = page(built, name)
        emendations = source.select(".emendation")
        assert emendations, name
        for emendation in emendations:
            mark = emendation.find_next("a", class_="em-mark")
            assert mark["href"] == f"apparatus.html#apparatus-{emendation['id']}"
            entry = apparatus.find(id=f"apparatus-{emendation['id']}")
            assert entry is not None, emendation["id"]
            back = entry.find_parent("tr").select_one("td a")["href"]
            assert back == f"{name}.html#{emendation['id']}"


@pytest.mark.sphinx("html", testroot="apparatus", freshenv=True)
def test_the_diplomatic_view_holds_every_copy_text_reading(built: SphinxTestApp) -> None:
    text = page(built, "text")
    assert [s.get_text() for s in text.select(".emendation .em-copy")] == [
        "tunring",
        "1935",
        "Lenigrad",
    ]
    assert [s.get_text() for s in page(built, "notes").select(".emendation .em-copy")] == ["Aftr"]


@pytest.mark.sphinx("html", testroot="registry-errors", freshenv=True)
def test_malformed_registries_are_reported_with_file_and_line(
    app: SphinxTestApp,
    warning,  # noqa: ANN001 (Sphinx's fixture)
) -> None:
    app.build()
    warnings = warning.getvalue()
    assert "Traceback" not in warnings
    assert "data/persons.yml:6: WARNING: person id 'kirov' is already used at line 2" in warnings, (
        warnings
    )
    assert "data/essay-notes.yml:6: WARNING: an entry of 'notes' has no page" in warnings


@pytest.mark.sphinx("html", testroot="apparatus", freshenv=True)
def test_the_texts_note_is_a_footnote_and_the_concordance_resolves_it(
    built: SphinxTestApp,
) -> None:
    text = page(built, "text")
    markers = text.select("a.footnote-reference")
    assert [(a.get_text(strip=True), a["href"]) for a in markers] == [("[1]", "#essay-note-1")]
    note = text.find(id="essay-note-1")
    assert note is not None and "p. 27" in note.get_text(" ")
    assert note.select("a[href^='references.html#']")
    row = page(built, "notes").find(id="essay-note-1")
    assert row is not None
    cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
    assert cells[0] == "1" and cells[-1] == "27"
    links = [a["href"] for a in row.select("a[href^='references.html#']")]
    assert len(links) == 1
    entry = page(built, "references").find(id=links[0].split("#")[1])
    assert entry is not None and "Stalinism and After" in entry.get_text(" ")


@pytest.mark.sphinx("html", testroot="verdicts", freshenv=True)
def test_an_input_file_is_parsed_once_until_it_changes(built: SphinxTestApp) -> None:
    domain = EditionDomain.of(built.env)
    register = Path(built.srcdir) / "data" / "claims.csv"
    # The build itself read the register through the domain, once.
    assert [key for key in domain.data["parsed"] if key[0] == str(register)]
    calls: list[Path] = []

    def parse(path: Path) -> str:
        calls.append(path)
        return path.read_text(encoding="utf-8")

    assert domain.parsed(register, parse) == domain.parsed(register, parse)
    assert len(calls) == 1
    mtime = register.stat().st_mtime_ns
    os.utime(register, ns=(mtime, mtime + 1_000_000_000))
    domain.parsed(register, parse)
    assert len(calls) == 2
    kept = [key for key in domain.data["parsed"] if key == (str(register), parse_key(parse))]
    assert len(kept) == 1  # replaced, not added: the store does not grow with each save


def parse_key(parse: object) -> str:
    return f"{parse.__module__}.{parse.__qualname__}"  # type: ignore[attr-defined]


@pytest.mark.sphinx("html", testroot="notebooks", freshenv=True)
def test_a_notebook_runs_again_when_the_data_it_reads_changes(
    app: SphinxTestApp,
    make_app,  # noqa: ANN001 (Sphinx's fixture)
) -> None:
    """jupyter-cache keys a notebook on its code and Sphinx reads it again only when its
    source changes; the edition runs it again when the data it reads changed."""
    app.build()
    assert "1917,240000" in page(app, "reads").get_text()
    table = Path(app.srcdir) / "data" / "membership.csv"
    table.write_text(table.read_text().replace("240000", "240001"))
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    assert "1917,240001" in page(again, "reads").get_text()


def test_a_new_day_writes_every_page_again(
    make_app,  # noqa: ANN001 (Sphinx's fixture)
    rootdir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pages print the edition's day (from ``SOURCE_DATE_EPOCH``, the last commit's): a
    build on a later day's commit, with no source changed, writes every page again; a build
    on the same day writes only what it always writes."""
    srcdir = tmp_path / "verdicts"
    shutil.copytree(rootdir / "test-verdicts", srcdir)

    def build_on(epoch: str) -> dict[str, int]:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        app = make_app("html", srcdir=srcdir)
        app.build()
        return {page.name: page.stat().st_mtime_ns for page in Path(app.outdir).glob("*.html")}

    first = build_on("1796601600")  # 2026-12-07, 00:00
    same_day = build_on("1796630400")  # 2026-12-07, 08:00
    assert same_day["text.html"] == first["text.html"]
    next_day = build_on("1796688000")  # 2026-12-08
    assert [name for name in first if next_day[name] == first[name]] == []


def test_a_chart_is_drawn_from_the_projects_own_data(
    make_app,  # noqa: ANN001 (Sphinx's fixture)
    tmp_path: Path,
) -> None:
    """The chart directive reads the data package and the bibliography of the project it
    builds (``edition_data_dir``, ``bibtex_bibfiles``), not the repository's: a value changed
    in the project's copy shows in the chart's data table, and the image is drawn there."""
    srcdir = tmp_path / "charted"
    shutil.copytree(REPOSITORY / "data", srcdir / "tables")
    shutil.copyfile(REPOSITORY / "references.bib", srcdir / "works.bib")
    table = srcdir / "tables" / "five_year_plan.csv"
    table.write_text(table.read_text().replace(",3.3,8.0,6.2,", ",3.3,8.0,6.25,", 1))
    (srcdir / "conf.py").write_text(
        'extensions = ["myst_parser", "edition.sphinxext"]\n'
        'bibtex_bibfiles = ["works.bib"]\n'
        'edition_data_dir = "tables"\n'
        'edition_charts_dir = "drawn"\n'
    )
    (srcdir / "index.md").write_text("# Charts\n\n```{edition-chart} five_year_plan\n```\n")
    app = make_app("html", srcdir=srcdir)
    app.build()
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in opened_page(Path(app.outdir) / "index.html").select("table tbody tr")
    ]
    assert rows[0][:2] == ["pig iron", "million tonnes"] and "6.25" in rows[0], rows[0]
    assert (srcdir / "drawn" / "five_year_plan.png").is_file()
