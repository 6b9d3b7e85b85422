"""Checks of the edition's inputs that run before Sphinx, so that bad input stops the
build with the file and line at fault rather than a traceback or a silent omission."""

from __future__ import annotations

import re
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyData
from pybtex.database.input import bibtex
from pybtex.scanner import PybtexSyntaxError

from edition import datacheck
from edition.paths import BIBFILE, ROOT, TOC

TOC_ENTRY = re.compile(r"^\s*(?:-\s*)?(?P<key>file|root):\s*(?P<path>\S+)\s*$")
SOURCE_SUFFIXES = (".md", ".ipynb")


class InputError(Exception):
    """Bad input; the message starts with ``file:line:``."""


def location(path: Path, line: int) -> str:
    try:
        shown = path.relative_to(ROOT)
    except ValueError:
        shown = path
    return f"{shown}:{line}"


def check_toc(toc: Path = TOC, root: Path = ROOT) -> None:
    """Every ``file:`` and ``root:`` entry of ``_toc.yml`` names an existing document."""
    for number, line in enumerate(toc.read_text(encoding="utf-8").splitlines(), start=1):
        match = TOC_ENTRY.match(line)
        if not match:
            continue
        entry = match["path"].strip("'\"")
        candidates = [root / entry] + [root / f"{entry}{suffix}" for suffix in SOURCE_SUFFIXES]
        if not any(candidate.is_file() for candidate in candidates):
            raise InputError(
                f"{location(toc, number)}: the table of contents names '{entry}', "
                f"but no file {entry}.md or {entry}.ipynb exists"
            )


def read_bibliography(bibfile: Path = BIBFILE) -> BibliographyData:
    """Parse ``references.bib`` strictly: a syntax error or a duplicate key is fatal."""
    pybtex.errors.set_strict_mode(True)
    parser = bibtex.Parser()
    try:
        return parser.parse_file(str(bibfile))
    except PybtexSyntaxError as error:
        raise InputError(
            f"{location(bibfile, error.lineno)}: malformed BibTeX: {error.error_type}"
        ) from error
    except Exception as error:  # pybtex reports duplicate keys and the like as plain errors
        line = bib_line_of(bibfile, str(error))
        raise InputError(f"{location(bibfile, line)}: {error}") from error


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


def check_all() -> None:
    check_toc()
    bibliography = read_bibliography()
    try:
        datacheck.check(set(bibliography.entries))
    except datacheck.DataError as error:
        raise InputError(str(error)) from error
