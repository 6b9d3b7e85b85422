"""The record of the editors' searches, ``data/searches.csv``: for a claim of the register,
where and when the editors looked for its evidence, with what words, and what they found.

A verdict of "unverified" or "not found" is the result of a recorded search, so that anyone
can repeat it: every such claim needs at least one row here. Each row remembers its line,
so that a problem names the file and line.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from edition.claims import OPEN_VERDICTS, Claim
from edition.paths import DATA

SEARCHES_FILE = DATA / "searches.csv"
COLUMNS = ("claim", "date", "place", "terms", "result")


@dataclass(frozen=True)
class Search:
    claim: str
    date: str  # ISO 8601, YYYY-MM-DD
    place: str  # where the editors looked: a catalogue, an archive, a search service
    terms: str  # the words searched for, as typed
    result: str  # what was found (MyST inline: a work found is cited, {cite:p}`key`)
    line: int


def load(path: Path = SEARCHES_FILE) -> tuple[list[Search], list[tuple[int, str]]]:
    """The rows, and the problems of malformed ones as ``(line, message)``."""
    if not path.is_file():
        return [], []
    searches: list[Search] = []
    problems: list[tuple[int, str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            return [], [(1, f"searches.csv lacks the columns {', '.join(missing)}")]
        for line, row in enumerate(reader, start=2):
            cells = {name: (row.get(name) or "").strip() for name in COLUMNS}
            empty = [name for name, value in cells.items() if not value]
            if empty:
                problems.append((line, f"search for {cells['claim']!r}: give {', '.join(empty)}"))
                continue
            try:
                datetime.date.fromisoformat(cells["date"])
            except ValueError:
                problems.append(
                    (
                        line,
                        f"search for {cells['claim']!r}: date {cells['date']!r} is not YYYY-MM-DD",
                    )
                )
                continue
            searches.append(Search(line=line, **cells))
    return searches, problems


def problems(searches: list[Search], claims: Mapping[str, Claim]) -> Iterator[tuple[str, int, str]]:
    """``("searches", line, message)`` for a search of a claim the register lacks;
    ``("claims", line, message)`` for an open claim (unverified, not found) without any
    recorded search, at its line in the register."""
    searched = {search.claim for search in searches}
    for search in searches:
        if search.claim not in claims:
            yield "searches", search.line, f"search for unknown claim {search.claim!r}"
    for claim in claims.values():
        if claim.verdict.name in OPEN_VERDICTS and claim.id not in searched:
            yield (
                "claims",
                claim.line,
                f"claim {claim.id} is {claim.verdict.name} but no search is recorded for it "
                "in searches.csv: record where, when and with what words the editors looked",
            )


def by_claim(searches: list[Search]) -> dict[str, list[Search]]:
    grouped: dict[str, list[Search]] = {}
    for search in sorted(searches, key=lambda s: (s.date, s.line)):
        grouped.setdefault(search.claim, []).append(search)
    return grouped
