#!/usr/bin/env python3
"""Rebuild the copy-text of the essay "Stalinism" from the edition's TEI, and check it
against the SHA-256 the edition publishes for copy-text.txt, so that a reader can confirm
that the text the edition gives as the witness is the witness, with no silent change.

    python3 check-copy-text.py edition-tei.xml SHA256SUMS
    python3 check-copy-text.py edition-tei.xml c0a78c7d…   (the digest from the Downloads page)

With no arguments it reads edition-tei.xml and SHA256SUMS from the folder it is in. It
prints "match" and exits with 0 when the rebuilt text has the published digest; otherwise
it prints both digests and exits with 1. It needs Python 3.9 or newer and nothing else.

The rule is the one the TEI's header states: in the text, take the copy-text reading
(sic) of every correction, read every authorial note as its marker [n] and drop the
editors' notes; then come the essay's notes, its list of books (back) and the matter of
the web page that the edition leaves out (sourceDesc), each block with its white space
taken as single spaces. The witness lays these blocks out as plain text: one blank line
between blocks, two between the essay and its notes and between the notes and the list
of books, and no line break after the last block.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

TEI = "{http://www.tei-c.org/ns/1.0}"
NAME = "copy-text.txt"
BLOCK_BREAK = "\n\n"
SECTION_BREAK = "\n\n\n"


def reading(element: ET.Element) -> str:
    """The witness's words in a piece of the TEI."""
    parts = [element.text or ""]
    for child in element:
        name = child.tag.removeprefix(TEI)
        if name == "choice":
            sic = child.find(f"{TEI}sic")
            parts.append("" if sic is None else reading(sic))
        elif name == "note" and child.get("type") == "authorial":
            parts.append(f"[{child.get('n')}]")
        elif name == "note":
            pass  # an editors' note
        elif name == "p":  # a paragraph of a block quotation
            parts.append(" " + reading(child))
        else:
            parts.append(reading(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def sections(tei: ET.Element) -> list[list[str]]:
    """The essay's paragraphs, its notes, and its list of books with the omitted matter."""
    body = tei.find(f"{TEI}text/{TEI}body")
    if body is None:
        raise ValueError("the TEI has no text/body")
    numbered = [e for e in body.iter() if e.tag in (f"{TEI}p", f"{TEI}quote") and e.get("n")]
    notes = sorted(
        (int(note.get("n", "0")), reading(note))
        for note in body.iter(f"{TEI}note")
        if note.get("type") == "authorial"
    )
    books = tei.findall(
        f"{TEI}text/{TEI}back/{TEI}div[@type='bibliography']/{TEI}listBibl/{TEI}bibl"
    )
    omitted = tei.findall(f".//{TEI}sourceDesc//{TEI}note[@type='omitted']/{TEI}quote")
    return [
        [reading(block) for block in numbered],
        [text for _, text in notes],
        [reading(book) for book in books] + [reading(quote) for quote in omitted],
    ]


def rebuild(tei_file: Path) -> bytes:
    tei = ET.parse(tei_file).getroot()
    text = SECTION_BREAK.join(BLOCK_BREAK.join(blocks) for blocks in sections(tei))
    return text.encode("utf-8")


def published(digest_or_sums: str) -> str:
    """The published digest: given as such, or read from a SHA256SUMS file."""
    candidate = digest_or_sums.strip().lower()
    if len(candidate) == 64 and all(c in "0123456789abcdef" for c in candidate):
        return candidate
    for line in Path(digest_or_sums).read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        if name.strip() == NAME:
            return digest.strip().lower()
    raise SystemExit(f"{digest_or_sums} gives no SHA-256 for {NAME}")


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    tei_file = Path(argv[0]) if argv else here / "edition-tei.xml"
    expected = published(argv[1] if len(argv) > 1 else str(here / "SHA256SUMS"))
    found = hashlib.sha256(rebuild(tei_file)).hexdigest()
    if found == expected:
        print(f"match: the copy-text rebuilt from {tei_file.name} has SHA-256 {found}")
        return 0
    print(f"MISMATCH: the copy-text rebuilt from {tei_file.name} has SHA-256 {found}")
    print(f"          the SHA-256 published for {NAME} is {expected}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
