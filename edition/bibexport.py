"""The bibliography for reference managers: RIS and CSL-JSON, converted from
``references.bib`` entry by entry.

pybtex reads BibTeX but writes neither format, and the few fields the edition uses map
one to one, so the conversion is written out here. Text fields are decoded from LaTeX
(braces, accents, dashes) as the bibliography page prints them.
"""

from __future__ import annotations

import json
from typing import Any

from pybtex.database import BibliographyData, Entry, Person

from edition.references import plain

RIS_TYPES = {"article": "JOUR", "book": "BOOK", "incollection": "CHAP"}
CSL_TYPES = {"article": "article-journal", "book": "book", "incollection": "chapter"}


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


def container(entry: Entry) -> str:
    return field(entry, "journal") or field(entry, "booktitle") or field(entry, "howpublished")


def publisher(entry: Entry) -> str:
    return field(entry, "publisher") or field(entry, "organization")


def ris_record(entry: Entry) -> list[str]:
    lines = [f"TY  - {ris_type(entry)}", f"ID  - {entry.key}"]
    lines += [f"AU  - {ris_name(p)}" for p in entry.persons.get("author", [])]
    lines += [f"A2  - {ris_name(p)}" for p in entry.persons.get("editor", [])]
    first, last = page_range(entry)
    for tag, value in (
        ("TI", field(entry, "title")),
        ("T2", container(entry)),
        ("PY", field(entry, "year")),
        ("PB", publisher(entry)),
        ("CY", field(entry, "address")),
        ("VL", field(entry, "volume")),
        ("IS", field(entry, "number")),
        ("SP", first),
        ("EP", last),
        ("SN", field(entry, "isbn")),
        ("DO", field(entry, "doi")),
        ("UR", entry.fields.get("url", "")),
        ("N1", field(entry, "note")),
    ):
        if value:
            lines.append(f"{tag}  - {value}")
    lines.append("ER  - ")
    return lines


def to_ris(bibliography: BibliographyData) -> str:
    records = [ris_record(entry) for entry in bibliography.entries.values()]
    return "\r\n".join("\r\n".join(record) + "\r\n" for record in records)


def csl_item(entry: Entry) -> dict[str, Any]:
    item: dict[str, Any] = {"id": entry.key, "type": csl_type(entry)}
    for role in ("author", "editor"):
        if entry.persons.get(role):
            item[role] = [person_name(p) for p in entry.persons[role]]
    year = field(entry, "year")
    if year.isdigit():
        item["issued"] = {"date-parts": [[int(year)]]}
    elif year:
        item["issued"] = {"literal": year}
    first, last = page_range(entry)
    for name, value in (
        ("title", field(entry, "title")),
        ("container-title", container(entry)),
        ("publisher", publisher(entry)),
        ("publisher-place", field(entry, "address")),
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
    return item


def to_csl_json(bibliography: BibliographyData) -> str:
    items = [csl_item(entry) for entry in bibliography.entries.values()]
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"
