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


def load_records(path: Path, section: str) -> list[Record]:
    """The mappings listed under ``section``, each with its 1-based line number."""
    text = path.read_text(encoding="utf-8")
    root = yaml.compose(text)
    data = yaml.safe_load(text)
    if root is None or section not in data:
        raise ValueError(f"{path}: no '{section}' list")
    section_node = next(value for key, value in root.value if key.value == section)
    return [
        Record(fields=item, path=path, line=node.start_mark.line + 1)
        for item, node in zip(data[section], section_node.value, strict=True)
    ]


def essay_notes(path: Path = NOTES_FILE) -> list[Record]:
    return load_records(path, "notes")


def further_reading(path: Path = NOTES_FILE) -> list[Record]:
    return load_records(path, "further_reading")


def persons(path: Path = PERSONS_FILE) -> dict[str, Record]:
    return {record["id"]: record for record in load_records(path, "persons")}
