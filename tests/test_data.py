"""The data package: it validates, every source is in the bibliography, and bad rows are
caught with their file and line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from edition import charts, checks, data, datacheck
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
