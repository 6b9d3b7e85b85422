"""The edition's releases and the earlier wordings of its verdicts, recorded in the
repository itself (a clone carries no tags):

- ``data/releases.yml``: each release's version, date, the commit that closes it and the
  editors' summary, oldest first;
- ``data/verdict-history.csv``: each superseded verdict and summary of the claim register
  (``claim,withdrawn_in,verdict,summary,reason``), as published before version
  ``withdrawn_in``, and why it changed.

Every check returns ``(location, message)`` pairs with the file and line at fault.
"""

from __future__ import annotations

import csv
import datetime
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from edition.claims import VERDICTS, Claim
from edition.paths import DATA
from edition.registry import RegistryError, load_records, shown

RELEASES_FILE = DATA / "releases.yml"
VERDICT_HISTORY_FILE = DATA / "verdict-history.csv"
HISTORY_COLUMNS = ("claim", "withdrawn_in", "verdict", "summary", "reason")
VERSION = re.compile(r"^\d+(\.\d+)+$")
COMMIT = re.compile(r"^[0-9a-f]{7,40}$")

Problem = tuple[str, str]  # (file:line, message)


class ReleaseError(ValueError):
    """A malformed releases or verdict-history file; ``location`` is its file and line."""

    def __init__(self, location: str, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


@dataclass(frozen=True)
class ReleaseRecord:
    version: str
    date: datetime.date
    last_commit: str  # "" for the newest release: the commit that added its entry
    summary: str
    note: str
    location: str

    @property
    def day(self) -> str:
        """As prose prints it: "7 December 2026"."""
        return f"{self.date.day} {self.date:%B %Y}"


@dataclass(frozen=True)
class Withdrawal:
    """A verdict and summary of the register as published before ``withdrawn_in``."""

    claim: str
    withdrawn_in: str
    verdict: str
    summary: str
    reason: str
    location: str


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def next_version(releases: list[ReleaseRecord]) -> str:
    """The version the changes since the newest release will become: 1.3 → 1.4."""
    if not releases:
        return "1.0"
    *head, last = releases[-1].version.split(".")
    return ".".join([*head, str(int(last) + 1)])


def _date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def load_releases(path: Path = RELEASES_FILE) -> list[ReleaseRecord]:
    """The releases, oldest first. Raises :class:`ReleaseError` at the first fault."""
    try:
        records = load_records(path, "releases")
    except RegistryError as error:
        location, _, message = str(error).partition(": ")
        raise ReleaseError(location, message) from error
    except ValueError as error:
        raise ReleaseError(f"{shown(path)}:1", "no 'releases' list") from error
    releases: list[ReleaseRecord] = []
    for number, record in enumerate(records):
        where = record.location
        version = str(record.get("version", "")).strip()
        if not VERSION.match(version):
            raise ReleaseError(where, f"version {version!r}: write it as 1.3")
        date = _date(record.get("date", ""))
        if date is None:
            raise ReleaseError(where, f"release {version}: date must be YYYY-MM-DD")
        commit = str(record.get("last_commit") or "").strip()
        newest = number == len(records) - 1
        if not commit and not newest:
            raise ReleaseError(where, f"release {version}: give its last_commit")
        if commit and not COMMIT.match(commit):
            raise ReleaseError(where, f"release {version}: last_commit {commit!r} is no commit")
        summary = " ".join(str(record.get("summary") or "").split())
        if not summary:
            raise ReleaseError(where, f"release {version}: give its summary")
        if releases:
            before = releases[-1]
            if version_key(version) <= version_key(before.version):
                raise ReleaseError(
                    where, f"release {version} comes after {before.version}: list oldest first"
                )
            if date < before.date:
                raise ReleaseError(where, f"release {version} is dated before {before.version}")
        note = " ".join(str(record.get("note") or "").split())
        releases.append(ReleaseRecord(version, date, commit, summary, note, where))
    return releases


def load_withdrawals(path: Path = VERDICT_HISTORY_FILE) -> list[Withdrawal]:
    """The superseded wordings, in the file's order; ``[]`` if there is no file."""
    if not path.is_file():
        return []
    rows: list[Withdrawal] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != HISTORY_COLUMNS:
            raise ReleaseError(
                f"{shown(path)}:1", f"the columns must be {','.join(HISTORY_COLUMNS)}"
            )
        for line, row in enumerate(reader, start=2):
            cells = {name: (row.get(name) or "").strip() for name in HISTORY_COLUMNS}
            where = f"{shown(path)}:{line}"
            for name, value in cells.items():
                if not value:
                    raise ReleaseError(where, f"give the {name}")
            rows.append(Withdrawal(**cells, location=where))
    return rows


def line_of(path: Path, pattern: str) -> int:
    """The first line of ``path`` that matches ``pattern`` (1 if none does)."""
    expression = re.compile(pattern)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if expression.search(line):
            return number
    return 1


def _scalar(path: Path, key: str) -> tuple[str, int] | None:
    """A top-level ``key: value`` of a YAML file such as CITATION.cff, with its line."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = re.match(rf"^{re.escape(key)}:\s*(.*?)\s*$", line)
        if match:
            return match.group(1).strip("\"'"), number
    return None


def metadata_problems(
    releases: list[ReleaseRecord],
    config: dict[str, tuple[str, str]],
    citation: Path | None,
    zenodo: Path | None,
) -> list[Problem]:
    """The newest release against the book's configuration (``config``: name → (value,
    location)), CITATION.cff and .zenodo.json."""
    if not releases:
        return []
    newest = releases[-1]
    problems: list[Problem] = []

    def differ(location: str, what: str, value: str, expected: str) -> None:
        problems.append(
            (
                location,
                f"{what} is {value!r} but the newest release in data/releases.yml "
                f"({newest.location}) is {expected!r}: record the release there, or set "
                f"{what} to agree",
            )
        )

    for name, (value, location) in config.items():
        if value != newest.version:
            differ(location, name, value, newest.version)
    if citation is not None and citation.is_file():
        for key, expected in (
            ("version", newest.version),
            ("date-released", newest.date.isoformat()),
        ):
            found = _scalar(citation, key)
            if found is None:
                problems.append((f"{shown(citation)}:1", f"CITATION.cff gives no {key}"))
            elif found[0] != expected:
                differ(
                    f"{shown(citation)}:{found[1]}", f"CITATION.cff's {key}", *found[:1], expected
                )
    if zenodo is not None and zenodo.is_file():
        try:
            deposit = json.loads(zenodo.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            return [*problems, (f"{shown(zenodo)}:{error.lineno}", f"malformed JSON: {error.msg}")]
        for key, expected in (
            ("version", newest.version),
            ("publication_date", newest.date.isoformat()),
        ):
            value = str(deposit.get(key, ""))
            if value != expected:
                location = f"{shown(zenodo)}:{line_of(zenodo, re.escape(json.dumps(key)))}"
                differ(location, f".zenodo.json's {key}", value, expected)
    return problems


def withdrawal_problems(
    withdrawals: Iterable[Withdrawal], claims: dict[str, Claim], releases: list[ReleaseRecord]
) -> list[Problem]:
    """Every row names a claim of the register, a recorded release or the next one, and a
    verdict the claim's kind allows."""
    allowed = [release.version for release in releases] + [next_version(releases)]
    problems: list[Problem] = []
    for row in withdrawals:
        claim = claims.get(row.claim)
        if claim is None:
            problems.append((row.location, f"claim {row.claim!r} is not in data/claims.csv"))
            continue
        if row.withdrawn_in not in allowed:
            problems.append(
                (
                    row.location,
                    f"claim {row.claim}: withdrawn_in {row.withdrawn_in!r} is neither a release "
                    f"of data/releases.yml nor the next one ({', '.join(allowed)})",
                )
            )
        if row.verdict not in VERDICTS[claim.type]:
            problems.append(
                (
                    row.location,
                    f"claim {row.claim}: {row.verdict!r} is no verdict for a {claim.type} "
                    f"(use {', '.join(VERDICTS[claim.type])})",
                )
            )
    return problems
