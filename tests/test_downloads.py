"""The Downloads page and the files it offers, as published."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from edition import data, references
from edition.downloads import (
    CHECKSUMS,
    DATA_ZIP,
    SITE_ZIP,
    WRITTEN_WITH_THE_SITE,
    downloads,
    sha256,
)
from edition.paths import COPY_TEXT, DATA

ITEMS = downloads()


@pytest.fixture(scope="module")
def page(site: Path) -> BeautifulSoup:
    return BeautifulSoup((site / "book/downloads.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("path", [item.path for item in ITEMS])
def test_every_download_is_published(site: Path, path: str) -> None:
    assert (site / path).is_file()


def test_the_page_gives_each_file_its_own_size_and_checksum(
    site: Path, page: BeautifulSoup
) -> None:
    rows = page.select("table.edition-downloads-table tbody tr")
    assert len(rows) == len(ITEMS)
    for row in rows:
        path = row.select_one("td code").get_text()
        link = row.select_one("a")
        assert (site / "book" / link["href"]).resolve() == (site / path).resolve()
        checksum = row.select_one("td.sha256").get_text(strip=True)
        if path in WRITTEN_WITH_THE_SITE:
            continue
        assert checksum == sha256(site / path), path
        assert row.select_one("td.size").get_text(strip=True)


def test_sha256sums_lists_every_file_with_its_checksum(site: Path) -> None:
    listed = dict(
        reversed(line.split("  ", 1)) for line in (site / CHECKSUMS).read_text().splitlines()
    )
    assert set(listed) == {item.path for item in ITEMS} - {CHECKSUMS}
    for path, checksum in listed.items():
        assert sha256(site / path) == checksum, path


def test_the_copy_text_download_is_the_witness_byte_for_byte(site: Path) -> None:
    assert (site / "copy-text.txt").read_bytes() == COPY_TEXT.read_bytes()


def test_the_reading_text_has_the_corrections_and_every_paragraph(site: Path) -> None:
    for name in ("reading-text.txt", "reading-text.md"):
        text = (site / name).read_text(encoding="utf-8")
        assert all(f"¶{n}" in text for n in range(1, 20)), name
        assert "seizing" in text and "sizing" not in text, name
    markdown = (site / "reading-text.md").read_text(encoding="utf-8")
    assert "[^27]:" in markdown and markdown.count("[^13]") == 2  # a marker and its note


def test_the_bibliography_downloads_hold_every_entry(site: Path) -> None:
    keys = set(references.bibliography().entries)
    ris = (site / "references.ris").read_text(encoding="utf-8")
    assert {line[6:] for line in ris.splitlines() if line.startswith("ID  - ")} == keys
    assert ris.count("ER  - ") == len(keys)
    items = json.loads((site / "references.json").read_text(encoding="utf-8"))
    assert {item["id"] for item in items} == keys
    conquest = next(item for item in items if item["id"] == "conquest1991stalin")
    assert conquest["author"] == [{"family": "Conquest", "given": "Robert"}]
    assert conquest["type"] == "book" and conquest["issued"] == {"date-parts": [[1991]]}


def test_the_data_downloads_are_the_data(site: Path) -> None:
    with zipfile.ZipFile(site / DATA_ZIP) as archive:
        names = set(archive.namelist())
        for resource in data.resources().values():
            member = f"data/{resource.path.name}"
            assert archive.read(member) == resource.path.read_bytes()
    assert "data/datapackage.json" in names
    for resource in data.resources().values():
        published = site / "data" / resource.path.name
        with published.open(encoding="utf-8") as table:
            assert next(csv.reader(table)) == [f["name"] for f in resource.fields]
    assert (site / "data/datapackage.json").read_bytes() == (DATA / "datapackage.json").read_bytes()


def test_the_site_zip_reads_offline(site: Path) -> None:
    with zipfile.ZipFile(site / SITE_ZIP) as archive:
        names = set(archive.namelist())
    top = "stalinism-edition/"
    assert {f"{top}index.html", f"{top}book/essay.html", f"{top}book/downloads.html"} <= names
    assert f"{top}{SITE_ZIP}" not in names
