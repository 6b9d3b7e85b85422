"""Checks of ``data/``: the Frictionless data package must validate (types, required
fields, patterns) and every row's source must be a key of ``references.bib``. Problems are
``data/<file>.csv:<line>: <message>`` strings (see ``edition.checks``)."""

from __future__ import annotations

import csv
from pathlib import Path

from frictionless import Package, system

from edition import data
from edition.paths import DATA, ROOT


def shown(path: Path, root: Path = ROOT) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def frictionless_problems(data_dir: Path = DATA, root: Path = ROOT) -> list[str]:
    with system.use_context(trusted=False):
        report = Package(str(data_dir / data.PACKAGE)).validate()
    problems = []
    for task in report.tasks:
        path = data_dir / task.place if task.place else data_dir
        for error in task.errors:
            line = getattr(error, "row_number", None) or 1
            field = getattr(error, "field_name", None)
            where = f" (column {field})" if field else ""
            problems.append(f"{shown(path, root)}:{line}: {error.message}{where}")
    for error in report.errors:
        problems.append(f"{shown(data_dir / data.PACKAGE, root)}:1: {error.message}")
    return problems


def unknown_sources(known_keys: set[str], data_dir: Path = DATA, root: Path = ROOT) -> list[str]:
    problems = []
    for resource in data.resources(data_dir).values():
        with resource.path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                key = (row.get(data.SOURCE) or "").strip()
                if key and key not in known_keys:
                    where = f"{shown(resource.path, root)}:{line}"
                    problems.append(f"{where}: source {key!r} is not in references.bib")
    return problems
