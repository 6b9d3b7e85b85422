"""How many of the edition's citations are of Wikipedia or a copy of it.

A citation instance is one naming of a work of ``references.bib`` as evidence: each key of
a ``{cite}`` role in the book's pages, the notebooks and the essay's notes
(``data/essay-notes.yml``), each evidence key of the claim register, each data row's
``source``, and each key of a person's ``source`` and ``name_ru_source`` in the persons
index. Which works are Wikipedia is decided by :func:`edition.evidence.is_wikipedia`.

    python -m edition.citecount          # prints the counts by place and overall
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pybtex.database import parse_file

from edition.evidence import is_wikipedia
from edition.paths import ROOT

CITE_ROLE = re.compile(r"\{(?:foot)?cite(?::[a-z]+)?\}`(?P<body>[^`]*)`")
PERSON_SOURCE = re.compile(r"^\s*(?:name_ru_)?source:\s*\"?(?P<keys>[^\"\n]*)\"?", re.MULTILINE)


def role_keys(text: str) -> list[str]:
    """The keys of every citation role in a MyST text (pre- and post-text in braces
    dropped: ``{cite:p}`{see}key{p. 3}` `` cites ``key``)."""
    keys: list[str] = []
    for match in CITE_ROLE.finditer(text):
        body = re.sub(r"\{[^}]*\}", "", match["body"])
        keys += [key.strip() for key in body.split(",") if key.strip()]
    return keys


def notebook_text(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells)


@dataclass(frozen=True)
class Count:
    place: str
    wikipedia: int
    total: int


def citations(root: Path = ROOT) -> dict[str, list[str]]:
    """Every citation instance, as bibliography keys, by the place it stands."""
    places: dict[str, list[str]] = {"pages": [], "register": [], "data rows": [], "persons": []}
    for page in sorted((root / "book").glob("*.md")):
        places["pages"] += role_keys(page.read_text(encoding="utf-8"))
    for notebook in sorted((root / "notebooks").glob("*.ipynb")):
        places["pages"] += role_keys(notebook_text(notebook))
    notes = root / "data" / "essay-notes.yml"
    if notes.is_file():
        places["pages"] += role_keys(notes.read_text(encoding="utf-8"))
    with (root / "data" / "claims.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            places["register"] += [k.strip() for k in row["evidence"].split(";") if k.strip()]
    for table in sorted((root / "data").glob("*.csv")):
        with table.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if (row.get("source") or "").strip():
                    places["data rows"].append(row["source"].strip())
    persons = root / "data" / "persons.yml"
    if persons.is_file():
        for match in PERSON_SOURCE.finditer(persons.read_text(encoding="utf-8")):
            places["persons"] += [k.strip() for k in match["keys"].split(",") if k.strip()]
    return places


def count(root: Path = ROOT) -> list[Count]:
    entries = parse_file(str(root / "references.bib")).entries
    wikipedia = {key for key, entry in entries.items() if is_wikipedia(entry)}
    counts = [
        Count(place, sum(key in wikipedia for key in keys), len(keys))
        for place, keys in citations(root).items()
    ]
    counts.append(Count("all", sum(c.wikipedia for c in counts), sum(c.total for c in counts)))
    return counts


def main() -> None:
    for c in count():
        share = 100 * c.wikipedia / c.total if c.total else 0.0
        print(f"{c.place:10} {c.wikipedia:4} of {c.total:4} citations are Wikipedia ({share:.1f}%)")
    entries = parse_file(str(ROOT / "references.bib")).entries
    by_key = Counter(
        key
        for keys in citations().values()
        for key in keys
        if key in entries and is_wikipedia(entries[key])
    )
    for key, number in by_key.most_common():
        print(f"  {number:3}  {key}")


if __name__ == "__main__":
    main()
