"""How to cite the edition and one of its paragraphs: formatted text, BibTeX, RIS and
CSL-JSON, all from one description, with the version and the edition's canonical address
(``html_baseurl``), never the address a page happens to be served from.

A paragraph's citation is written once with the placeholder ``{n}`` for its number: the
"How to cite" page fills it in for its example, and the cite dialog of the reading text
for the paragraph the reader chose.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

PARAGRAPH = "{n}"


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


def bibtex(edition: Edition, paragraph: str | None = None) -> str:
    common = [
        f"  editor    = {{{{{edition.editors}}}}},",
        f"  publisher = {{{edition.publisher}}},",
        f"  year      = {{{edition.year}}},",
        f"  version   = {{{edition.version}}},",
        f"  note      = {{Version {edition.version}}},",
    ]
    if paragraph:
        return "\n".join(
            [
                f"@incollection{{{edition.key}-p{paragraph},",
                f"  title     = {{Paragraph {paragraph} of the reading text}},",
                f"  booktitle = {{{edition.title}}},",
                *common,
                f"  url       = {{{edition.paragraph_url(paragraph)}}},",
                "}",
            ]
        )
    return "\n".join(
        [
            f"@book{{{edition.key},",
            f"  title     = {{{edition.title}}},",
            *common,
            f"  url       = {{{edition.url}}},",
            "}",
        ]
    )


def ris(edition: Edition, paragraph: str | None = None) -> str:
    lines = [f"TY  - {'CHAP' if paragraph else 'BOOK'}"]
    if paragraph:
        lines += [f"TI  - Paragraph {paragraph} of the reading text", f"T2  - {edition.title}"]
    else:
        lines.append(f"TI  - {edition.title}")
    lines += [
        f"A2  - {edition.editors}",
        f"PB  - {edition.publisher}",
        f"PY  - {edition.year}",
        f"DA  - {edition.day.replace('-', '/')}",
        f"ET  - Version {edition.version}",
        f"UR  - {edition.paragraph_url(paragraph) if paragraph else edition.url}",
        "ER  - ",
    ]
    return "\n".join(lines)


def csl_json(edition: Edition, paragraph: str | None = None) -> str:
    year, month, day = (int(part) for part in edition.day.split("-"))
    item: dict[str, object] = {
        "id": f"{edition.key}-p{paragraph}" if paragraph else edition.key,
        "type": "chapter" if paragraph else "book",
        "editor": [{"literal": edition.editors}],
        "publisher": edition.publisher,
        "version": edition.version,
        "issued": {"date-parts": [[year, month, day]]},
        "URL": edition.paragraph_url(paragraph) if paragraph else edition.url,
    }
    if paragraph:
        item["title"] = f"Paragraph {paragraph} of the reading text"
        item["container-title"] = edition.title
    else:
        item["title"] = edition.title
    return json.dumps(item, ensure_ascii=False, indent=2)


FORMATS = {"Text": text, "BibTeX": bibtex, "RIS": ris, "CSL-JSON": csl_json}


def formats(edition: Edition, paragraph: str | None = None) -> dict[str, str]:
    return {name: write(edition, paragraph) for name, write in FORMATS.items()}


def paragraph_templates(edition: Edition) -> str:
    """The four citations of a paragraph with ``{n}`` for its number, as JSON for the cite
    dialog (which puts the number in)."""
    return json.dumps(formats(edition, PARAGRAPH), ensure_ascii=False)
