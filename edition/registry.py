"""The edition's registries in ``data/``: the essay's own notes and bibliography, and the
persons it names. Each record remembers the line it starts on, so that an error about it
can name the file and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from edition.paths import DATA, ROOT

NOTES_FILE = DATA / "essay-notes.yml"
PERSONS_FILE = DATA / "persons.yml"


@dataclass(frozen=True)
class Record:
    fields: dict[str, Any]
    path: Path
    line: int

    @property
    def location(self) -> str:
        try:
            shown = self.path.relative_to(ROOT)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}"

    def __getitem__(self, key: str) -> Any:
        return self.fields[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.fields.get(key, default)


class RegistryError(ValueError):
    """A malformed registry file; the message starts with ``path:line:``."""


# The fields every record of a section must have (the pages, the checks and the TEI read
# them); a record without one is reported at its line, never as a traceback.
REQUIRED: dict[str, tuple[str, ...]] = {
    "persons": ("id", "name"),
    "notes": ("n", "text", "work", "page"),
    "further_reading": ("text", "work"),
}


def load_records(path: Path, section: str) -> list[Record]:
    """The mappings listed under ``section``, each with its 1-based line number."""
    mtime_ns = path.stat().st_mtime_ns
    kept = _RECORDS.get((path, section))
    if kept is None or kept[0] != mtime_ns:
        kept = _RECORDS[(path, section)] = (mtime_ns, _load_records(path, section))
    return list(kept[1])


# Each registry section as last read, with its file's modification time: read again when the
# file changes, replacing the old reading, so that a long preview does not keep every version.
_RECORDS: dict[tuple[Path, str], tuple[int, tuple[Record, ...]]] = {}


def _load_records(path: Path, section: str) -> tuple[Record, ...]:
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        raise RegistryError(f"{shown(path)}:{line}: malformed YAML: {problem}") from error
    if root is None or not isinstance(data, dict) or not isinstance(data.get(section), list):
        raise RegistryError(f"{shown(path)}:1: no '{section}' list")
    section_node = next(value for key, value in root.value if key.value == section)
    records = tuple(
        Record(fields=item, path=path, line=node.start_mark.line + 1)
        for item, node in zip(data[section], section_node.value, strict=True)
    )
    for record in records:
        if not isinstance(record.fields, dict):
            raise RegistryError(f"{record.location}: an entry of '{section}' must be a mapping")
        missing = [name for name in REQUIRED.get(section, ()) if record.get(name) in (None, "")]
        if missing:
            raise RegistryError(
                f"{record.location}: an entry of '{section}' has no {', '.join(missing)}"
            )
    return records


def shown(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def essay_notes(path: Path = NOTES_FILE) -> list[Record]:
    return load_records(path, "notes")


def further_reading(path: Path = NOTES_FILE) -> list[Record]:
    return load_records(path, "further_reading")


def persons(path: Path = PERSONS_FILE) -> dict[str, Record]:
    found: dict[str, Record] = {}
    for record in load_records(path, "persons"):
        if record["id"] in found:
            first = found[record["id"]].line
            raise RegistryError(
                f"{record.location}: person id {record['id']!r} is already used at line {first}"
            )
        found[record["id"]] = record
    return found
