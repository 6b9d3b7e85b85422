"""Short references ("Conquest 1991") to entries of ``references.bib``.

Used for the source line under every chart and for the bibliography labels, so that a
short reference in a chart matches the label of its entry in the bibliography. Depends on
pybtex alone (the classroom pack ships it).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import latexcodec  # noqa: F401  (registers the "latex" codec)
from pybtex.database import BibliographyData, Entry, parse_file

from edition.paths import BIBFILE


def plain(latex: str) -> str:
    text = latex.encode("utf-8").decode("latex+utf8").replace("{", "").replace("}", "")
    return text.replace("---", "—").replace("--", "–")


def names(entry: Entry) -> str:
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    surnames = [plain(" ".join(p.prelast_names + p.last_names)) for p in persons]
    if not surnames:
        return plain(entry.fields.get("title", entry.key))
    if len(surnames) > 2:
        return f"{surnames[0]} et al."
    return " and ".join(surnames)


def short_reference(entry: Entry) -> str:
    return f"{names(entry)} {plain(entry.fields.get('year', 'n.d.'))}"


@cache
def bibliography(bibfile: Path = BIBFILE) -> BibliographyData:
    return parse_file(str(bibfile), bib_format="bibtex")


def source_line(keys: Iterable[str], bibfile: Path = BIBFILE) -> str:
    """'Sources: Lewin 2005; Getty 1985.'"""
    entries = bibliography(bibfile).entries
    parts = [short_reference(entries[key]) for key in keys]
    label = "Source" if len(parts) == 1 else "Sources"
    return f"{label}: {'; '.join(parts)}."
