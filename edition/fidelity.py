"""The copy-text and its reconstruction from the edition.

The edition never edits the witness. The reading text marks every change with the
copy-text reading it replaces, so putting those readings back must give the witness
again. Comparison is block by block (a block is a paragraph of the witness: text between
blank lines) after the one normalisation the editorial principles state: any run of
white space counts as one space, and space at the start and end of a block is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# {em}`reading <copy-text reading> kind: reason`, as written in the reading text and in
# data/essay-notes.yml (with single or double backticks).
EMENDATION_ROLE = re.compile(r"\{em\}(?P<ticks>`+)(?P<body>.+?)(?P=ticks)", re.DOTALL)
EMENDATION_BODY = re.compile(
    r"^(?P<reading>.*?)\s*<(?P<copy>[^<>]*)>\s*(?P<kind>[a-z-]+)\s*:\s*(?P<reason>.+)$", re.DOTALL
)
KINDS = {
    "spelling": "spelling",
    "punctuation": "punctuation",
    "fact": "fact",
    "bibliographic": "bibliographic data",
    "omission": "omission of non-authorial matter",
}


@dataclass(frozen=True)
class Block:
    """A block of reconstructed copy-text and where in the edition's sources it comes from."""

    text: str
    location: str


@dataclass(frozen=True)
class Mismatch:
    index: int
    location: str
    expected: str
    found: str

    def describe(self) -> str:
        position = next(
            (i for i, (a, b) in enumerate(zip(self.expected, self.found, strict=False)) if a != b),
            min(len(self.expected), len(self.found)),
        )
        start = max(0, position - 30)
        return (
            f"the reading text with its recorded emendations does not give back block "
            f"{self.index + 1} of the copy-text: copy-text has "
            f"“…{self.expected[start : position + 30]}…” but the edition gives "
            f"“…{self.found[start : position + 30]}…”"
        )


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def copy_text_blocks(copy_text: str) -> list[str]:
    return [normalise(block) for block in re.split(r"\n\s*\n", copy_text) if block.strip()]


def parse_emendation(body: str) -> re.Match[str] | None:
    return EMENDATION_BODY.match(body.strip())


def copy_text_of_markup(text: str) -> str:
    """A string with {em} marks, with every copy-text reading put back."""

    def restore(match: re.Match[str]) -> str:
        parsed = parse_emendation(match["body"])
        if parsed is None:
            raise ValueError(f"malformed emendation: {match.group(0)}")
        return parsed["copy"]

    return EMENDATION_ROLE.sub(restore, text)


def first_mismatch(witness: list[str], rebuilt: list[Block]) -> Mismatch | None:
    for index, expected in enumerate(witness):
        if index >= len(rebuilt):
            return Mismatch(index, rebuilt[-1].location if rebuilt else "?", expected, "")
        found = normalise(rebuilt[index].text)
        if found != expected:
            return Mismatch(index, rebuilt[index].location, expected, found)
    if len(rebuilt) > len(witness):
        extra = rebuilt[len(witness)]
        return Mismatch(len(witness), extra.location, "", normalise(extra.text))
    return None
