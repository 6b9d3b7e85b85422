"""Checks of ``data/``: the package description must be JSON and name files that exist,
every table must declare its primary key, the Frictionless data package must validate
(types, required fields, patterns, and no two rows with the same primary key), and every
row's source must be a key of ``references.bib``. Problems are
``data/<file>.csv:<line>: <message>`` strings (see ``edition.checks``)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from frictionless import Package, system

from edition import data
from edition.paths import DATA, ROOT


def shown(path: Path, root: Path = ROOT) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def resource_line(text: str, name: str) -> int:
    """The line of ``"name": "<name>"`` in the package description, or 1."""
    pattern = re.compile(rf'"name"\s*:\s*"{re.escape(name)}"')
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.search(line):
            return number
    return 1


def package_problems(data_dir: Path = DATA, root: Path = ROOT) -> list[str]:
    """The package description parses, each table names a file that exists, and each table
    declares its primary key (the columns that identify a row), so that a duplicated row is
    caught. When this finds a problem the other checks cannot run."""
    path = data_dir / data.PACKAGE
    where = shown(path, root)
    text = path.read_text(encoding="utf-8")
    try:
        package = json.loads(text)
    except json.JSONDecodeError as error:
        return [f"{where}:{error.lineno}: not JSON: it breaks at column {error.colno}: {error.msg}"]
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list):
        return [f"{where}:1: the package must list its tables under 'resources'"]
    problems = []
    for item in resources:
        name = str(item.get("name", "")) if isinstance(item, dict) else ""
        line = resource_line(text, name) if name else 1
        if not name or not isinstance(item.get("schema"), dict) or not item.get("path"):
            problems.append(f"{where}:{line}: each table needs a name, a path and a schema")
            continue
        if not (data_dir / str(item["path"])).is_file():
            problems.append(f"{where}:{line}: table {name!r}: no file {item['path']!r} in data/")
        fields = {field.get("name") for field in item["schema"].get("fields", [])}
        key = item["schema"].get("primaryKey")
        if not key:
            problems.append(
                f"{where}:{line}: table {name!r} declares no primaryKey: name the columns "
                "that identify a row, so that a duplicated row is caught"
            )
            continue
        for column in [key] if isinstance(key, str) else key:
            if column not in fields:
                problems.append(
                    f"{where}:{line}: table {name!r}: the primaryKey names {column!r}, "
                    "which is not a field of the table"
                )
    return problems


def frictionless_problems(data_dir: Path = DATA, root: Path = ROOT) -> list[str]:
    with system.use_context(trusted=False):
        report = Package(str(data_dir / data.PACKAGE)).validate()
    keys = {
        item["name"]: item["schema"].get("primaryKey", [])
        for item in data.package(data_dir)["resources"]
    }
    problems = []
    for task in report.tasks:
        path = data_dir / task.place if task.place else data_dir
        for error in task.errors:
            line = getattr(error, "row_number", None) or 1
            field = getattr(error, "field_name", None)
            where = f" (column {field})" if field else ""
            message = error.message
            first = re.search(r"position (\d+)", getattr(error, "note", "") or "")
            if error.type == "primary-key" and first:
                key = keys.get(task.name, [])
                message = (
                    f"a duplicated row: its primary key ({', '.join(key)}) is the same as on "
                    f"line {first[1]}; remove one row or tell them apart"
                )
            problems.append(f"{shown(path, root)}:{line}: {message}{where}")
    for error in report.errors:
        problems.append(f"{shown(data_dir / data.PACKAGE, root)}:1: {error.message}")
    return problems


def unmarked_finding_aids(
    finding_aids: set[str], data_dir: Path = DATA, root: Path = ROOT
) -> list[str]:
    """A row taken from Wikipedia or a copy of it stands only as unverified: its note must
    begin "Unverified" and name the finding aid (the principles, **Wikipedia**)."""
    problems = []
    for resource in data.resources(data_dir).values():
        with resource.path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                key = (row.get(data.SOURCE) or "").strip()
                if key in finding_aids and not data.is_unverified(row.get("note")):
                    problems.append(
                        f"{shown(resource.path, root)}:{line}: source {key!r} is Wikipedia or a "
                        "copy of it, a finding aid only: the row's note must begin 'Unverified'"
                    )
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
