"""Short references ("Conquest 1991") to entries of ``references.bib``.

Used for the source line under every chart and for the bibliography labels, so that a
short reference in a chart matches the label of its entry in the bibliography. Depends on
pybtex alone (the classroom pack ships it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import latexcodec  # noqa: F401  (registers the "latex" codec)
from pybtex.database import BibliographyData, Entry, parse_file

from .paths import BIBFILE

# The months as the bibliography's notes and fields write them (English whatever the
# machine's locale, which calendar.month_name would follow).
MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


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
    return f"{names(entry)} {year(entry)}"


def year(entry: Entry) -> str:
    return plain(entry.fields.get("year", "n.d."))


def filing(text: str) -> str:
    """The form of a name or title under which it is filed: without accents, braces or case."""
    decomposed = unicodedata.normalize("NFKD", text.replace("{", "").replace("}", ""))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def filing_key(entry: Entry) -> tuple[str, str, str]:
    """Entries are filed by the names their labels print, then by year and title, so that
    "Conquest 1967a" comes before "Conquest 1967b" and undated works after dated ones."""
    return (filing(names(entry)), filing(year(entry)), filing(entry.fields.get("title", "")))


def bibliography(bibfile: Path = BIBFILE) -> BibliographyData:
    """The parsed bibliography; parsed again when the file changes."""
    return _parse(bibfile, bibfile.stat().st_mtime_ns)


@lru_cache(maxsize=2)  # the file as it is now, and as it was before the last save
def _parse(bibfile: Path, mtime_ns: int) -> BibliographyData:
    return parse_file(str(bibfile), bib_format="bibtex")


def labels(bibfile: Path = BIBFILE) -> dict[str, str]:
    """Every entry's label, unique across the whole bibliography: "Conquest 1991", with a,
    b… where one author has two works of one year. The bibliography, the charts and the
    notebooks all print these labels, so a reader can match a source to its entry."""
    return _labels(bibfile, bibfile.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _labels(bibfile: Path, mtime_ns: int) -> dict[str, str]:
    return labels_of(bibliography(bibfile).entries)


def labels_of(entries: Mapping[str, Entry]) -> dict[str, str]:
    """The labels of :func:`labels`, for entries already parsed (as the Sphinx engine has
    them from sphinxcontrib-bibtex)."""
    groups: dict[str, list[str]] = {}
    for key, entry in entries.items():
        groups.setdefault(short_reference(entry), []).append(key)
    unique = {}
    for label, keys in groups.items():
        ordered = sorted(keys, key=lambda k: (filing_key(entries[k]), k))
        for position, key in enumerate(ordered):
            unique[key] = f"{label}{chr(ord('a') + position)}" if len(keys) > 1 else label
    return unique


def anchor(key: str) -> str:
    """The id of an entry on the bibliography page (``bibtex_cite_id = "bib-{key}"``,
    made an id as docutils does: lower case, runs of other characters as one hyphen)."""
    return re.sub(r"[^a-z0-9]+", "-", f"bib-{key}".lower()).strip("-")


def source_line(keys: Iterable[str], bibfile: Path = BIBFILE) -> str:
    """'Sources: Lewin 2005; Getty 1985.'"""
    known = labels(bibfile)
    parts = [known[key] for key in keys]
    label = "Source" if len(parts) == 1 else "Sources"
    listed = "; ".join(parts)
    # A label may end in a full stop ("n.d."): the line does not double it.
    return f"{label}: {listed}" + ("" if listed.endswith(".") else ".")
