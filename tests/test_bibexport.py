"""The bibliography exports read back by the clients a reader would use: pandoc's citeproc
with a Chicago style on the BibTeX and the CSL-JSON, and rispy on the RIS. Every entry is
rendered; a dated entry must not come out "n.d.", a web source must carry the date the
editors consulted it, and no field may say what another already says."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import rispy
from bs4 import BeautifulSoup
from pybtex.database import Entry

from edition import bibexport, downloads, references
from edition.citation import Edition, formats

CHICAGO = Path("/usr/share/citation-style-language/styles/chicago-author-date.csl")
# Entries with an address whose consultation the bibliography does not record, and why.
UNCONSULTED = {
    "fonddemokratiia_prisons": "the Foundation's page was not seen (its note says so)",
}
EXPORTS = {"BibTeX": "references.bib", "CSL-JSON": "references.json", "RIS": "references.ris"}
READERS = {"BibTeX": "biblatex", "CSL-JSON": "csljson"}  # pandoc's name for each format
# Fields a reader sees as names or titles: none may repeat another.
NAMED = ("author", "editor", "title", "container-title", "publisher", "collection-title")
RIS_NAMED = ("authors", "secondary_authors", "title", "secondary_title", "publisher")


def entries() -> dict[str, Entry]:
    return dict(references.bibliography().entries)


def pandoc(*args: str, stdin: str | None = None) -> str:
    executable = shutil.which("pandoc")
    if executable is None or not CHICAGO.is_file():
        pytest.fail(
            "pandoc and the Chicago style are needed: scripts/setup.sh installs the Debian "
            "packages pandoc and citation-style-language-styles"
        )
    return subprocess.run(
        [executable, *args], input=stdin, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bibliography's three forms, written as the build writes them for the site."""
    target = tmp_path_factory.mktemp("exports")
    downloads.stage(target, 0)
    return target


@cache
def read_back(path: Path, name: str) -> dict[str, dict[str, Any]]:
    """Each record of an export as its client reads it: CSL-JSON items from pandoc, or
    rispy's dictionaries."""
    if name == "RIS":
        with path.open(encoding="utf-8") as stream:
            return {record["id"]: record for record in rispy.load(stream)}
    items = json.loads(pandoc(str(path), "-f", READERS[name], "-t", "csljson"))
    return {item["id"]: item for item in items}


@cache
def rendered(path: Path) -> dict[str, str]:
    """Every entry of a bibliography as pandoc's citeproc prints it in Chicago
    author-date, by key."""
    page = pandoc(
        "-f",
        "markdown",
        "-t",
        "html",
        "--citeproc",
        f"--bibliography={path}",
        f"--csl={CHICAGO}",
        stdin="---\nnocite: '@*'\n---\n",
    )
    soup = BeautifulSoup(page, "html.parser")
    return {
        div["id"].removeprefix("ref-"): " ".join(div.get_text().split())
        for div in soup.select("div.csl-entry")
    }


def day_in_words(parts: list[int]) -> str:
    year, month, day = parts
    return f"{day} {bibexport.MONTHS[month - 1]} {year}"


def day_as_chicago_prints_it(parts: list[int]) -> str:
    year, month, day = parts
    return f"{bibexport.MONTHS[month - 1]} {day}, {year}"


def test_each_web_source_gives_the_consultation_its_note_records() -> None:
    """``urldate`` is taken from what the entry records, never supplied: the date stands in
    the note, and an address without a recorded consultation has none."""
    problems = []
    for key, entry in entries().items():
        note = references.plain(entry.fields.get("note", ""))
        if "url" not in entry.fields or key in UNCONSULTED:
            if "urldate" in entry.fields:
                problems.append(f"{key}: urldate without a consulted address")
            continue
        consulted = bibexport.accessed(entry)
        if consulted is None:
            problems.append(f"{key}: an address without urldate")
        elif day_in_words(consulted) not in note:
            problems.append(f"{key}: urldate {entry.fields['urldate']} is not in its note")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", EXPORTS)
def test_every_export_gives_each_web_source_its_date_of_consultation(
    exports: Path, name: str
) -> None:
    records = read_back(exports / EXPORTS[name], name)
    assert set(records) == set(entries())
    problems = []
    for key, entry in entries().items():
        consulted = bibexport.accessed(entry)
        if consulted is None:
            continue
        if name == "RIS":
            got = records[key].get("access_date", "")
            if [int(part) for part in got.split("/") if part] != consulted:
                problems.append(f"{key}: Y2 {got!r}, urldate {entry.fields['urldate']}")
        elif records[key].get("accessed", {}).get("date-parts") != [consulted]:
            problems.append(f"{key}: accessed {records[key].get('accessed')}")
    assert not problems, f"{name}:\n" + "\n".join(problems)


def doubled(text: str, is_webpage: bool) -> list[str]:
    """The parts of a rendered entry (between full stops and semicolons) said twice. The
    Chicago style prints a web page's date of publication twice, in the date slot and as
    the page's date (with a year alone, the same year): that is the style, not the data."""
    parts = [part.strip(" .;").casefold() for part in re.split(r"(?<=[.;])\s+", text)]
    again = [part for part, count in Counter(parts).items() if count > 1 and part]
    if is_webpage:
        again = [part for part in again if not re.fullmatch(r"\d{4}[a-z]?(–\d{2,4})?", part)]
    return again


@pytest.mark.parametrize("name", ["BibTeX", "CSL-JSON"])
def test_every_entry_renders_with_its_date_and_says_nothing_twice(exports: Path, name: str) -> None:
    path = exports / EXPORTS[name]
    texts = rendered(path)
    items = read_back(path, name)
    assert set(texts) == set(entries())
    problems = []
    for key, entry in entries().items():
        text = texts[key]
        dated = bibexport.issued(entry) is not None
        if dated and "n.d." in text:
            problems.append(f"{key}: dated, rendered 'n.d.': {text}")
        if text.count("n.d.") > 1:
            problems.append(f"{key}: 'n.d.' twice: {text}")
        consulted = bibexport.accessed(entry)
        if consulted and not dated and day_as_chicago_prints_it(consulted) not in text:
            problems.append(f"{key}: undated, and its consultation is not shown: {text}")
        again = doubled(text, items[key].get("type") == "webpage")
        if again:
            problems.append(f"{key}: {again} twice: {text}")
    assert not problems, f"{name}, {len(problems)} entries:\n" + "\n".join(problems)


def values(record: dict[str, Any], fields: tuple[str, ...]) -> list[tuple[str, str]]:
    found = []
    for name in fields:
        value = record.get(name)
        for one in value if isinstance(value, list) else [value] if value else []:
            if isinstance(one, dict):
                one = one.get("literal") or " ".join(
                    filter(None, [one.get("given"), one.get("family")])
                )
            found.append((name, str(one)))
    return found


@pytest.mark.parametrize("name", EXPORTS)
def test_no_field_of_an_export_repeats_another(exports: Path, name: str) -> None:
    """No name or title is given again whole in another field, nor as one of its parts
    (``Works, vol. 2; Marxists Internet Archive`` under the author Marxists Internet
    Archive)."""
    fields = RIS_NAMED if name == "RIS" else NAMED
    problems = []
    for key, record in read_back(exports / EXPORTS[name], name).items():
        found = values(record, fields)
        for index, (field, value) in enumerate(found):
            for other_field, other in found[index + 1 :]:
                parts = [part.strip() for part in re.split(r";", other)]
                mine = [part.strip() for part in re.split(r";", value)]
                if value.casefold() in {p.casefold() for p in parts} or other.casefold() in {
                    p.casefold() for p in mine
                }:
                    problems.append(f"{key}: {field} {value!r} and {other_field} {other!r}")
    assert not problems, f"{name}:\n" + "\n".join(problems)


EDITION = Edition(
    title="Stalinism: a critical edition",
    editors="The editors",
    publisher="The editors",
    version="1.4",
    day="2026-12-07",
    url="https://stalinism-edition.example/",
    essay_page="book/essay.html",
)


@pytest.mark.parametrize("paragraph", [None, "5"])
def test_the_edition_citation_reads_back_in_every_format(
    tmp_path: Path, paragraph: str | None
) -> None:
    """How to cite goes through the exports' writer, and reads back as it was meant."""
    written = formats(EDITION, paragraph)
    address = EDITION.paragraph_url(paragraph) if paragraph else EDITION.url
    title = f"Paragraph {paragraph} of the reading text" if paragraph else EDITION.title
    for name, suffix in (("BibTeX", "bib"), ("CSL-JSON", "json")):
        path = tmp_path / f"cite.{suffix}"
        text = written[name] if name == "BibTeX" else f"[{written[name]}]"
        path.write_text(text, encoding="utf-8")
        (item,) = read_back(path, name).values()
        assert item["title"] == title and item["URL"] == address, name
        assert item["issued"]["date-parts"] == [[2026, 12, 7]], name
        assert item["version"] == "1.4" and item["editor"] == [{"literal": "The editors"}]
        (shown,) = rendered(path).values()
        assert "n.d." not in shown and not doubled(shown, False), shown
    path = tmp_path / "cite.ris"
    path.write_text(written["RIS"], encoding="utf-8")
    (record,) = read_back(path, "RIS").values()
    assert record["title"] == title and record["urls"] == [address]
    assert record["date"] == "2026/12/07" and record["edition"] == "Version 1.4"
