"""The data package: it validates, every source is in the bibliography, and bad rows are
caught with their file and line."""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from edition import charts, checks, claims, data, datacheck, totals
from edition.paths import BIBFILE, DATA, ROOT
from tests.deferred import opened_page

KNOWN_KEYS = set(checks.parse_bibliography(BIBFILE)[0].entries)


def test_the_data_package_validates() -> None:
    assert datacheck.frictionless_problems() == []


def test_every_row_cites_a_key_of_the_bibliography() -> None:
    assert datacheck.unknown_sources(KNOWN_KEYS) == []
    for resource in data.resources().values():
        if not resource.sourced:
            continue
        frame = data.load(resource.name)
        assert frame[data.SOURCE].notna().all(), resource.name
        assert frame[data.LOCATOR].notna().all(), resource.name


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def append_row(path: Path, row: str) -> int:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + row + "\n", encoding="utf-8")
    return len(text.splitlines()) + 1


def test_a_row_without_a_source_is_caught(data_copy: Path) -> None:
    line = append_row(data_copy / "central_committee.csv", "18,1939,71,68,,,,no source")
    problems = datacheck.frictionless_problems(data_copy)
    assert any(re.match(rf".*central_committee\.csv:{line}: .*source", p) for p in problems)


def test_a_non_numeric_value_is_caught(data_copy: Path) -> None:
    line = append_row(data_copy / "central_committee.csv", "18,1939,many,68,,wp_cc16,infobox,")
    problems = datacheck.frictionless_problems(data_copy)
    assert any(re.match(rf".*central_committee\.csv:{line}: .*many", p) for p in problems)


def test_an_unknown_source_key_is_caught(data_copy: Path) -> None:
    line = append_row(data_copy / "central_committee.csv", "18,1939,71,68,,nosuchwork1999,p. 1,")
    problems = datacheck.unknown_sources(KNOWN_KEYS, data_copy)
    assert problems == [
        f"{data_copy / 'central_committee.csv'}:{line}: "
        "source 'nosuchwork1999' is not in references.bib"
    ]


def test_every_table_declares_its_primary_key() -> None:
    assert datacheck.package_problems() == []
    for item in data.package()["resources"]:
        assert item["schema"]["primaryKey"], item["name"]


def line_of(path: Path, text: str) -> int:
    """The number of the one line of ``path`` that holds ``text``."""
    lines = [
        n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line
    ]
    assert len(lines) == 1, (text, lines)
    return lines[0]


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def second_line(path: Path) -> str:
    return path.read_text(encoding="utf-8").splitlines()[1]


def appended_line(name: str) -> int:
    """The line on which a row appended to ``data/<name>`` stands, so that the expected
    messages hold when the editors add rows to the table."""
    return len((DATA / name).read_text(encoding="utf-8").splitlines()) + 1


# Mistakes a careless editor makes in data/, each with the place and words the check must give.
CARELESS: dict[str, tuple[Callable[[Path], object], str]] = {
    "a row copied twice": (
        lambda d: append_row(d / "livestock.csv", second_line(d / "livestock.csv")),
        rf"livestock\.csv:{appended_line('livestock.csv')}: a duplicated row: its primary key "
        r"\(date, source, locator\) is the same as on line 2",
    ),
    "a congress row entered twice": (
        lambda d: append_row(d / "central_committee.csv", second_line(d / "central_committee.csv")),
        r"central_committee\.csv:13: a duplicated row: .* as on line 2",
    ),
    "a column left out of the header": (
        lambda d: replace(d / "gulag.csv", "date,prisoners,what_counted", "date,what_counted"),
        r"gulag\.csv:1: .*missing label.*note",
    ),
    "a row cut short": (
        lambda d: append_row(d / "gulag.csv", "1954-01-01,5"),
        rf"gulag\.csv:{appended_line('gulag.csv')}: .*missing cell",
    ),
    "a quotation mark left open": (
        lambda d: append_row(d / "gulag.csv", '1954-01-01,5,"camps,fonddemokratiia_prisons,x,'),
        rf"gulag\.csv:{appended_line('gulag.csv')}: ",
    ),
    "a cell too many": (
        lambda d: append_row(d / "gulag.csv", "1954-01-01,5,camps,fonddemokratiia_prisons,x,y,z"),
        rf"gulag\.csv:{appended_line('gulag.csv')}: .*extra value",
    ),
    "camps and colonies counted under a name the table does not know": (
        lambda d: append_row(
            d / "gulag.csv", "1954-01-01,5,Gulag camps and colonies,fonddemokratiia_prisons,x,y"
        ),
        rf"gulag\.csv:{appended_line('gulag.csv')}: .*enum.*\(column what_counted\)",
    ),
    "the package description broken": (
        lambda d: replace(d / "datapackage.json", '"resources": [', '"resources": [['),
        r"datapackage\.json:\d+: not JSON",
    ),
    "a table's file deleted": (
        lambda d: (d / "gulag.csv").unlink(),
        r"datapackage\.json:\d+: table 'gulag': no file 'gulag\.csv'",
    ),
    "a table without a primary key": (
        lambda d: replace(
            d / "datapackage.json",
            '"primaryKey": [\n          "date",\n          "source",\n          "locator"\n',
            '"primaryKey": [\n',
        ),
        r"datapackage\.json:\d+: table 'livestock' declares no primaryKey",
    ),
    "a primary key naming no column": (
        lambda d: replace(
            d / "datapackage.json",
            '"primaryKey": [\n          "id"',
            '"primaryKey": [\n          "ident"',
        ),
        r"datapackage\.json:\d+: table 'claims': the primaryKey names 'ident'",
    ),
}


@pytest.mark.parametrize("mistake", list(CARELESS))
def test_a_careless_edit_of_the_data_is_caught_with_file_and_line(
    data_copy: Path, mistake: str
) -> None:
    change, expected = CARELESS[mistake]
    change(data_copy)
    problems = checks.data_problems(data_copy, KNOWN_KEYS, data_copy.parent)
    assert any(re.search(expected, problem) for problem in problems), problems


def totals_problems(data_dir: Path) -> list[str]:
    tables = {name: r.path for name, r in data.resources(data_dir).items()}
    return totals.check(data_dir, tables, lambda path: path.name)


def test_the_printed_totals_and_reconciliations_agree_with_the_data() -> None:
    assert totals_problems(DATA) == []


def test_a_reconciliation_must_quote_the_printed_total_as_totals_csv_does(
    data_copy: Path,
) -> None:
    path = data_copy / "reconciliations.csv"
    replace(
        path, "camps_colonies_prisons,2634397,2631397", "camps_colonies_prisons,2634398,2631397"
    )
    line = line_of(path, "camps_colonies_prisons,2634398")
    total_line = line_of(data_copy / "totals.csv", "camps_colonies_prisons,series=MVD")
    assert totals_problems(data_copy) == [
        f"reconciliations.csv:{line}: the printed value '2634398' is not the printed total "
        "'2634397' recorded for repression camps_colonies_prisons (series=MVD certificate of "
        f"December 1953) at totals.csv:{total_line}"
    ]


def test_a_reconciliation_must_agree_with_the_cell_it_describes(data_copy: Path) -> None:
    replace(data_copy / "collectivisation.csv", ",33258,", ",33259,")
    line = line_of(data_copy / "reconciliations.csv", "collectivisation,date=1928-06-01")
    assert totals_problems(data_copy) == [
        f"reconciliations.csv:{line}: collectivisation date=1928-06-01 collective_farms holds "
        "'33259', but the reconciliation says the value used is '33258'"
    ]


def test_every_claim_stands_in_a_paragraph_of_the_essay() -> None:
    register = claims.load()
    assert claims.paragraph_problems(register, set(range(1, 20))) == []


def test_a_claim_in_a_paragraph_the_essay_lacks_is_caught(data_copy: Path) -> None:
    path = data_copy / "claims.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(csv.reader([lines[1]]))
    claim_id, paragraph = first[0], first[1]
    replace(path, f"{claim_id},{paragraph},", f"{claim_id},20,")
    problems = claims.paragraph_problems(claims.load(path), set(range(1, 20)))
    assert problems == [
        (2, f"claim {claim_id}: the reading text has no ¶20; its paragraphs are ¶1–¶19")
    ]


def test_a_claim_outside_the_reading_text_stops_the_build(make_app, tmp_path: Path) -> None:
    """On the tiny book of tests/roots/test-roles, whose reading text has two paragraphs."""
    project = tmp_path / "roles"
    shutil.copytree(ROOT / "tests" / "roots" / "test-roles", project)
    (project / "data" / "claims.csv").write_text(
        "id,paragraph,type,words,verdict,summary,evidence,locators,note,chart,source_words\n"
        "p2-kirov,2,fact,It happened in 1934,confirmed,Yes.,nove1975stalinism,p. 1,,,\n"
        "p3-ghost,3,fact,a later paragraph,unverified,Not seen.,,,,,\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=project, freshenv=True)
    app.build()
    warnings = app.warning.getvalue()
    assert "claims.csv:3: WARNING: claim p3-ghost: the reading text has no ¶3" in warnings
    assert "claim p2-kirov: the reading text" not in warnings


def essay_page(site: Path) -> BeautifulSoup:
    """The essay with its data tables, which the page loads when a reader opens them."""
    return opened_page(site / "book" / "essay.html")


def test_every_chart_has_alt_text_caption_and_data_table(site: Path) -> None:
    figures = essay_page(site).select("figure.edition-chart")
    assert {f["id"].removeprefix("chart-") for f in figures} == set(charts.CHARTS)
    for figure in figures:
        image = figure.find("img")
        assert image and len(image.get("alt", "")) > 80, figure["id"]
        assert figure.find("figcaption").get_text(strip=True), figure["id"]
        table = figure.find_next_sibling("details", class_="chart-data")
        assert table is not None and table.find("table") is not None, figure["id"]
        headers = [th.get_text(strip=True) for th in table.select("thead th")]
        assert "Source" in headers and "Locator" in headers, figure["id"]


def test_chart_descriptions_are_written_from_the_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """A screen reader hears the chart's numbers from the table it is drawn from: change a
    cell and the description changes with it."""
    original = data.load

    def changed(name: str, *args: object, **kwargs: object):
        frame = original(name, *args, **kwargs).copy()
        if name == "repression":
            frame.loc[frame["year"] == "1937", "convictions"] = 800001
        if name == "party_membership":
            frame.loc[frame["date"] == "1924-01-01", "total_members"] = 500001
        if name == "central_committee":
            frame.loc[frame["congress"] == 16, "full_members"] = 72
        return frame

    before = {name: charts.CHARTS[name]().alt for name in charts.CHARTS}
    monkeypatch.setattr(data, "load", changed)
    assert "800,001 in 1937" in charts.repression().alt
    assert "500,001 members on 1 January 1924" in charts.party_membership().alt
    assert "16th congress, 1930: 72 full" in charts.central_committee().alt
    repression = original("repression")
    convictions_1937 = repression.loc[repression["year"] == "1937", "convictions"].iloc[0]
    assert f"{int(convictions_1937):,} in 1937" in before["repression"]


def test_numbers_in_the_text_are_read_from_the_data(site: Path) -> None:
    source = (ROOT / "book" / "essay.md").read_text(encoding="utf-8")
    selectors = re.findall(r"\{datum\}`([^`]+)`", source)
    assert len(selectors) >= 10
    expected = []
    for selector in selectors:
        table, conditions, field = selector.split(":")
        rows = data.load(table)
        for condition in conditions.split(","):
            column, value = condition.split("=", 1)
            rows = rows[rows[column].astype(str) == value]
        assert len(rows) == 1, selector
        value = rows.iloc[0][field]
        value = value.item() if hasattr(value, "item") else value
        expected.append(value)
    shown = [span.get_text() for span in essay_page(site).select("span.datum")]
    assert [float(text.replace(",", "")) for text in shown] == [float(v) for v in expected]


def test_a_row_from_wikipedia_must_be_marked_unverified(data_copy: Path) -> None:
    path = data_copy / "five_year_plan.csv"
    assert datacheck.unmarked_finding_aids({"worldhistoryproject_fyp"}, data_copy) == []
    replace(path, '"Unverified: the only text', '"The only text')
    line = line_of(path, '"The only text')
    assert datacheck.unmarked_finding_aids({"worldhistoryproject_fyp"}, data_copy) == [
        f"{path}:{line}: source 'worldhistoryproject_fyp' is Wikipedia or a copy of it, a "
        "finding aid only: the row's note must begin 'Unverified'"
    ]
