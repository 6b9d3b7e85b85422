"""Versions and citations as published: the version on every page, the Changes page read
from the repository, the "How to cite" formats and a COinS record for every paragraph."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import yaml
from bs4 import BeautifulSoup

from edition.paths import ROOT

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]
VERSION = str(CONFIG["version"])
BASE = CONFIG["html_baseurl"]


def soup(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize(
    "name", ["book/essay.html", "book/index.html", "notebooks/repression.html"]
)
def test_every_page_states_the_version_and_links_the_changes(site: Path, name: str) -> None:
    version = soup(site, name).select_one("nav.edition-downloads a.edition-version")
    assert version is not None and version.get_text(strip=True) == f"Version {VERSION}"
    assert (site / Path(name).parent / version["href"]).resolve() == (
        site / "book/changes.html"
    ).resolve()


def test_the_changes_page_lists_commits_of_this_repository_by_what_they_changed(
    site: Path,
) -> None:
    page = soup(site, "book/changes.html")
    headings = [rubric.get_text() for rubric in page.select("p.rubric")]
    assert headings and all(h.startswith(("Version ", "Not yet released")) for h in headings)
    items = page.select("main li") or page.select("li")
    commits = [item.select_one("code").get_text() for item in items if item.select_one("code")]
    assert commits
    for commit in commits[:5]:
        kind = subprocess.run(
            ["git", "cat-file", "-t", commit], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        assert kind == "commit", commit
    areas = {item.select_one("strong").get_text() for item in items if item.select_one("strong")}
    assert areas & {"Text and apparatus", "Commentary", "Data", "Bibliography"}


def test_how_to_cite_gives_the_edition_and_a_paragraph_in_four_formats(site: Path) -> None:
    page = soup(site, "book/cite.html")
    blocks = [pre.get_text() for pre in page.select("main pre")]
    assert len(blocks) == 8
    edition_csl = json.loads(blocks[3])
    assert edition_csl["version"] == VERSION and edition_csl["URL"] == BASE
    assert f"version {VERSION} (2026), ¶5, {BASE}book/essay.html#p5." in blocks[4]
    assert "@incollection{" in blocks[5] and f"{BASE}book/essay.html#p5" in blocks[6]


def test_every_paragraph_has_a_coins_record_with_its_address(site: Path) -> None:
    records = soup(site, "book/essay.html").select("span.Z3988")
    assert len(records) == 19
    for number, record in enumerate(records, start=1):
        fields = parse_qs(record["title"])
        assert fields["rft_id"] == [f"{BASE}book/essay.html#p{number}"]
        assert fields["rft.edition"] == [f"Version {VERSION}"]
        assert fields["rft.atitle"] == [f"Paragraph {number} of the reading text"]
