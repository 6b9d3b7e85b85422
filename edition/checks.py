"""Checks of the edition's inputs that must pass before any document is read: the table of
contents names existing files, ``references.bib`` parses, the tables of ``data/``
validate and cite works of the bibliography, and every notebook to be read is JSON. Each
problem is a ``file:line: message`` string; the Sphinx extension
(``edition.sphinxext.config``) and the configuration step (``edition.sphinxrun``) raise
them, so that bad input stops the build with the place named rather than a traceback or a
silent omission."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyData
from pybtex.database.input import bibtex
from pybtex.scanner import PybtexSyntaxError

from edition import datacheck

TOC_ENTRY = re.compile(r"^\s*(?:-\s*)?(?P<key>file|root):\s*(?P<path>\S+)\s*$")
SOURCE_SUFFIXES = (".md", ".ipynb")


def location(path: Path, line: int, root: Path) -> str:
    try:
        shown = path.relative_to(root)
    except ValueError:
        shown = path
    return f"{shown}:{line}"


def toc_problems(toc: Path, root: Path) -> list[str]:
    """Every ``file:`` and ``root:`` entry of ``_toc.yml`` names an existing document."""
    problems = []
    for number, line in enumerate(toc.read_text(encoding="utf-8").splitlines(), start=1):
        match = TOC_ENTRY.match(line)
        if not match:
            continue
        entry = match["path"].strip("'\"")
        candidates = [root / entry] + [root / f"{entry}{suffix}" for suffix in SOURCE_SUFFIXES]
        if not any(candidate.is_file() for candidate in candidates):
            problems.append(
                f"{location(toc, number, root)}: the table of contents names '{entry}', "
                f"but no file {entry}.md or {entry}.ipynb exists"
            )
    return problems


def parse_bibliography(bibfile: Path) -> tuple[BibliographyData, list[tuple[int, str]]]:
    """The entries of a BibTeX file, and every syntax error or duplicate key as
    ``(line, message)``. pybtex's errors are captured for this parse only."""
    parser = bibtex.Parser()
    with pybtex.errors.capture() as errors:
        bibliography = parser.parse_file(str(bibfile))
    problems = []
    for error in errors:
        if isinstance(error, PybtexSyntaxError):
            problems.append((error.lineno, f"malformed BibTeX: {error.error_type}"))
        else:  # duplicate keys and the like
            problems.append((bib_line_of(bibfile, str(error)), str(error)))
    return bibliography, problems


def notebook_problems(notebook: Path, root: Path) -> list[str]:
    """A notebook must be JSON; nbformat would say only that it is not, without the place."""
    try:
        json.loads(notebook.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        return [
            f"{location(notebook, error.lineno, root)}: not a notebook: the JSON breaks at "
            f"column {error.colno}: {error.msg}"
        ]
    return []


def bibliography_problems(bibfile: Path, root: Path) -> list[str]:
    _, problems = parse_bibliography(bibfile)
    return [f"{location(bibfile, line, root)}: {message}" for line, message in problems]


def bib_line_of(bibfile: Path, message: str) -> int:
    """The line of the entry a pybtex message names, or 1 when it names none."""
    key = re.search(r"entry (\S+)|key[^\w]+(\S+)", message)
    wanted = next((group for group in key.groups() if group), "") if key else ""
    wanted = wanted.strip("'\":")
    if wanted:
        for number, line in enumerate(bibfile.read_text(encoding="utf-8").splitlines(), start=1):
            if re.match(rf"\s*@\w+\s*\{{\s*{re.escape(wanted)}\s*,", line):
                return number
    return 1


def data_problems(
    data_dir: Path, known_keys: set[str], root: Path, finding_aids: frozenset[str] = frozenset()
) -> list[str]:
    """The package description is sound and every table declares its primary key; then the
    data package validates (no duplicated row), every row's source is a work of the
    bibliography, and a row taken from Wikipedia (``finding_aids``) is marked unverified."""
    problems = datacheck.package_problems(data_dir, root)
    if problems:  # a broken description or a missing file: the tables cannot be read
        return problems
    return (
        datacheck.frictionless_problems(data_dir, root)
        + datacheck.unknown_sources(known_keys, data_dir, root)
        + datacheck.unmarked_finding_aids(set(finding_aids), data_dir, root)
    )
