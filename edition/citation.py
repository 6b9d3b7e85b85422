"""How to cite the edition and one of its paragraphs: formatted text, BibTeX, RIS and
CSL-JSON, all from one description, with the version and the edition's canonical address
(``html_baseurl``), never the address a page happens to be served from.

A paragraph's citation is written once with the placeholder ``{n}`` for its number: the
"How to cite" page fills it in for its example, and the cite dialog of the reading text
for the paragraph the reader chose.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pybtex.database import Entry, Person

from edition import bibexport

PARAGRAPH = "{n}"
PLACEHOLDER_WORD = "PARAGRAPHNUMBER"


@dataclass(frozen=True)
class Edition:
    title: str
    editors: str
    publisher: str
    version: str
    day: str  # "2026-12-01"
    url: str  # the edition's address, ending in "/"
    essay_page: str  # "book/essay.html"

    @property
    def year(self) -> str:
        return self.day[:4]

    @property
    def key(self) -> str:
        return f"stalinism-edition-{self.version}"

    def paragraph_url(self, number: str) -> str:
        return f"{self.url}{self.essay_page}#p{number}"


def text(edition: Edition, paragraph: str | None = None) -> str:
    where = f", ¶{paragraph}, {edition.paragraph_url(paragraph)}" if paragraph else ""
    address = "" if paragraph else f", {edition.url}"
    return (
        f"{edition.editors} (eds.), {edition.title}, version {edition.version} "
        f"({edition.year}){where}{address}."
    )


def entry(edition: Edition, paragraph: str | None = None) -> Entry:
    """The edition, or one of its paragraphs, as a bibliography entry, which the exports'
    writer (:mod:`edition.bibexport`) gives in BibTeX, RIS and CSL-JSON. The titles are
    braced, as in ``references.bib``, so that no citation processor changes their case."""
    if paragraph:
        kind, key = "incollection", f"{edition.key}-p{paragraph}"
        fields = {
            "title": f"{{Paragraph {paragraph} of the reading text}}",
            "booktitle": f"{{{edition.title}}}",
        }
    else:
        kind, key, fields = "book", edition.key, {"title": f"{{{edition.title}}}"}
    fields |= {
        "publisher": edition.publisher,
        "year": edition.year,
        "date": edition.day,
        "version": edition.version,
        "url": edition.paragraph_url(paragraph) if paragraph else edition.url,
    }
    written = Entry(kind, fields, {"editor": [Person(f"{{{edition.editors}}}")]})
    written.key = key
    return written


def _written(write: Callable[[Entry], str]) -> Callable[[Edition, str | None], str]:
    """A format of the exports' writer, for the edition or a paragraph. The writer reads
    fields as LaTeX, in which the braces of the placeholder ``{n}`` are a group, so the
    placeholder goes through it as a word and is put back after."""

    def citation(edition: Edition, paragraph: str | None = None) -> str:
        if paragraph != PARAGRAPH:
            return write(entry(edition, paragraph))
        return write(entry(edition, PLACEHOLDER_WORD)).replace(PLACEHOLDER_WORD, PARAGRAPH)

    return citation


bibtex = _written(bibexport.bibtex_record)
ris = _written(lambda item: "\n".join(bibexport.ris_record(item)))
csl_json = _written(lambda item: json.dumps(bibexport.csl_item(item), ensure_ascii=False, indent=2))


FORMATS = {"Text": text, "BibTeX": bibtex, "RIS": ris, "CSL-JSON": csl_json}


def formats(edition: Edition, paragraph: str | None = None) -> dict[str, str]:
    return {name: write(edition, paragraph) for name, write in FORMATS.items()}


def paragraph_templates(edition: Edition) -> str:
    """The four citations of a paragraph with ``{n}`` for its number, as JSON for the cite
    dialog (which puts the number in)."""
    return json.dumps(formats(edition, PARAGRAPH), ensure_ascii=False)


def publication_date() -> str:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    return time.strftime("%Y/%m/%d", time.gmtime(epoch))


def publication_day() -> str:
    """The build's date as prose prints it: "1 December 2026"."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    day = time.gmtime(epoch)
    return f"{day.tm_mday} {time.strftime('%B %Y', day)}"


def edition_of(config: Any, essay_page: str = "book/essay.html") -> Edition:
    """The edition as its Sphinx configuration describes it, on the day of the build."""
    return Edition(
        title=config.html_title or config.project,
        editors=config.author,
        publisher=config.epub_publisher or config.author,
        version=config.version,
        day=publication_date().replace("/", "-"),
        url=config.html_baseurl,
        essay_page=essay_page,
    )
