"""The bibliography for reference managers: BibTeX, RIS and CSL-JSON, written entry by
entry from ``references.bib`` (and, for the "How to cite" page, from the edition's own
entry), so that every export and the edition's citation pass through one writer.

pybtex reads BibTeX but writes neither RIS nor CSL-JSON, and the few fields the edition
uses map one to one, so the conversion is written out here. Text fields are decoded from
LaTeX (braces, accents, dashes) as the bibliography page prints them.

What a citation manager needs and ``references.bib`` states in the edition's own way:

- the date of consultation of a web source is its ``urldate`` (ISO 8601), given as CSL-JSON
  ``accessed`` and RIS ``Y2``;
- ``year = {n.d.}`` is the edition's label for an undated work, not a date: the exports
  give no date, so that a citation processor prints its own "n.d." (and the access date);
- a span of years (``1970--1979``) is written as a range (BibTeX ``date = {1970/1979}``
  beside the year, CSL-JSON two date parts);
- a publisher or organisation that the container's name already states
  (``Trends (trends.knack.be)``, ``Trends``), and a container or publisher that only
  repeats the author (``History Today`` by ``History Today``), are not written a second
  time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from pybtex.database import BibliographyData, Entry, Person

from edition.references import MONTHS, plain

RIS_TYPES = {"article": "JOUR", "book": "BOOK", "incollection": "CHAP"}
CSL_TYPES = {"article": "article-journal", "book": "book", "incollection": "chapter"}
UNDATED = "n.d."
PUBLISHER_AND_CONTAINER = {"publisher", "organization", "journal", "booktitle", "howpublished"}
ISO_DAY = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def ris_type(entry: Entry) -> str:
    if entry.type in RIS_TYPES:
        return RIS_TYPES[entry.type]
    return "ELEC" if "url" in entry.fields else "GEN"


def csl_type(entry: Entry) -> str:
    if entry.type in CSL_TYPES:
        return CSL_TYPES[entry.type]
    return "webpage" if "url" in entry.fields else "document"


def person_name(person: Person) -> dict[str, str]:
    family = plain(" ".join(person.prelast_names + person.last_names + person.lineage_names))
    given = plain(" ".join(person.first_names + person.middle_names))
    if not given and family.startswith(("The ", "Tsentral")):  # a body entered as author
        return {"literal": family}
    return {"family": family, "given": given} if given else {"literal": family}


def ris_name(person: Person) -> str:
    name = person_name(person)
    return name.get("literal") or f"{name['family']}, {name['given']}"


def field(entry: Entry, name: str) -> str:
    return plain(entry.fields[name]) if name in entry.fields else ""


def page_range(entry: Entry) -> tuple[str, str]:
    pages = field(entry, "pages").replace("–", "-")
    first, _, last = pages.partition("-")
    return first.strip(), last.strip()


def names(entry: Entry) -> list[str]:
    return [
        ris_name(person) for role in ("author", "editor") for person in entry.persons.get(role, [])
    ]


def container_field(entry: Entry) -> str | None:
    """The field that names the journal, book or site the work is in, unless it only
    repeats the work's author (a site entered as the author of its own page)."""
    for name in ("journal", "booktitle", "howpublished"):
        if name in entry.fields:
            value = _words(field(entry, name))
            return None if any(value == _words(who) for who in names(entry)) else name
    return None


def container(entry: Entry) -> str:
    name = container_field(entry)
    return field(entry, name) if name else ""


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def repeats(value: str, others: Iterable[str]) -> bool:
    """Whether ``value`` is said again, word for word, inside one of ``others``."""
    words = _words(value)
    return bool(words) and any(f" {words} " in f" {_words(other)} " for other in others)


def publisher_field(entry: Entry) -> str | None:
    """The field that names the publisher, unless the container's name or the author
    already says it."""
    for name in ("publisher", "organization"):
        if name in entry.fields:
            value = field(entry, name)
            said = repeats(value, [container(entry)])
            return (
                None if said or any(_words(value) == _words(who) for who in names(entry)) else name
            )
    return None


def publisher(entry: Entry) -> str:
    name = publisher_field(entry)
    return field(entry, name) if name else ""


def year_span(entry: Entry) -> tuple[int, int] | None:
    """``year = {1970--1979}`` as (1970, 1979)."""
    found = re.fullmatch(r"(\d{4})\s*(?:--|–|/)\s*(\d{4})", entry.fields.get("year", ""))
    return (int(found[1]), int(found[2])) if found else None


def iso_parts(day: str) -> list[int]:
    if not ISO_DAY.fullmatch(day):
        raise ValueError(f"not an ISO 8601 date: {day!r}")
    return [int(part) for part in day.split("-")]


def issued(entry: Entry) -> dict[str, Any] | None:
    """The date of publication as CSL-JSON, or None where the entry gives none."""
    if "date" in entry.fields:
        return {"date-parts": [iso_parts(part) for part in entry.fields["date"].split("/")]}
    span = year_span(entry)
    if span:
        return {"date-parts": [[span[0]], [span[1]]]}
    year = field(entry, "year")
    if year.isdigit():
        month = field(entry, "month")
        parts = [int(year)] + ([MONTHS.index(month) + 1] if month in MONTHS else [])
        return {"date-parts": [parts]}
    if year and year != UNDATED:
        return {"literal": year}
    return None


def accessed(entry: Entry) -> list[int] | None:
    """The date the editors consulted the address (``urldate``), as [year, month, day]."""
    return iso_parts(entry.fields["urldate"]) if "urldate" in entry.fields else None


def ris_record(entry: Entry) -> list[str]:
    lines = [f"TY  - {ris_type(entry)}", f"ID  - {entry.key}"]
    lines += [f"AU  - {ris_name(p)}" for p in entry.persons.get("author", [])]
    lines += [f"A2  - {ris_name(p)}" for p in entry.persons.get("editor", [])]
    first, last = page_range(entry)
    year = field(entry, "year")
    day = entry.fields.get("date", "")
    consulted = accessed(entry)
    for tag, value in (
        ("TI", field(entry, "title")),
        ("T2", container(entry)),
        ("PY", "" if year == UNDATED else year),
        ("DA", day.replace("-", "/") if "/" not in day else ""),
        ("PB", publisher(entry)),
        ("CY", field(entry, "address")),
        ("ET", f"Version {field(entry, 'version')}" if "version" in entry.fields else ""),
        ("VL", field(entry, "volume")),
        ("IS", field(entry, "number")),
        ("SP", first),
        ("EP", last),
        ("SN", field(entry, "isbn")),
        ("DO", field(entry, "doi")),
        ("UR", entry.fields.get("url", "")),
        ("Y2", "/".join(f"{part:02d}" for part in consulted) if consulted else ""),
        ("N1", field(entry, "note")),
    ):
        if value:
            lines.append(f"{tag}  - {value}")
    lines.append("ER  - ")
    return lines


def to_ris(entries: Iterable[Entry], newline: str = "\r\n") -> str:
    records = [ris_record(entry) for entry in entries]
    return "".join(newline.join(record) + newline for record in records)


def csl_item(entry: Entry) -> dict[str, Any]:
    item: dict[str, Any] = {"id": entry.key, "type": csl_type(entry)}
    for role in ("author", "editor"):
        if entry.persons.get(role):
            item[role] = [person_name(p) for p in entry.persons[role]]
    date = issued(entry)
    if date:
        item["issued"] = date
    first, last = page_range(entry)
    for name, value in (
        ("title", field(entry, "title")),
        ("container-title", container(entry)),
        ("publisher", publisher(entry)),
        ("publisher-place", field(entry, "address")),
        ("version", field(entry, "version")),
        ("volume", field(entry, "volume")),
        ("issue", field(entry, "number")),
        ("page", f"{first}-{last}" if last else first),
        ("ISBN", field(entry, "isbn")),
        ("DOI", field(entry, "doi")),
        ("URL", entry.fields.get("url", "")),
        ("note", field(entry, "note")),
    ):
        if value:
            item[name] = value
    consulted = accessed(entry)
    if consulted:
        item["accessed"] = {"date-parts": [consulted]}
    return item


def to_csl_json(entries: Iterable[Entry], indent: int = 1) -> str:
    items = [csl_item(entry) for entry in entries]
    return json.dumps(items, ensure_ascii=False, indent=indent) + "\n"


def bibtex_fields(entry: Entry) -> list[tuple[str, str]]:
    """The entry's names and fields as BibTeX (biblatex) writes them, LaTeX kept."""
    written = [
        (role, " and ".join(str(person) for person in people))
        for role, people in entry.persons.items()
    ]
    kept = {publisher_field(entry), container_field(entry)}
    for name, value in entry.fields.items():
        if name.lower() in PUBLISHER_AND_CONTAINER - kept:
            continue
        if name.lower() == "year" and value == UNDATED:
            continue
        written.append((name.lower(), value))
        span = year_span(entry)
        if name.lower() == "year" and span and "date" not in entry.fields:
            written.append(("date", f"{span[0]}/{span[1]}"))
    return written


def bibtex_value(name: str, value: str) -> str:
    if name == "month" and value in MONTHS:
        return value[:3].lower()  # the month's macro, as BibTeX and biblatex define it
    return f"{{{value}}}"


def bibtex_record(entry: Entry) -> str:
    written = bibtex_fields(entry)
    width = max(len(name) for name, _ in written)
    lines = [f"@{entry.type}{{{entry.key},"]
    lines += [f"  {name.ljust(width)} = {bibtex_value(name, value)}," for name, value in written]
    return "\n".join([*lines, "}"])


def to_bibtex(entries: Iterable[Entry], preamble: str = "") -> str:
    records = [bibtex_record(entry) for entry in entries]
    return preamble + "\n\n".join(records) + "\n"


def preamble(source: str) -> str:
    """The comment lines that open ``references.bib`` (what its own fields mean)."""
    lines = []
    for line in source.splitlines():
        if line.startswith("@"):
            break
        lines.append(line)
    while lines and not lines[-1].startswith("%"):
        lines.pop()
    return "\n".join(lines) + "\n\n" if lines else ""


def entries(bibliography: BibliographyData) -> list[Entry]:
    return list(bibliography.entries.values())
