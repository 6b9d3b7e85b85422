"""The claim register, ``data/claims.csv``: every factual claim and every quotation of the
essay that the edition checks, with one verdict each.

The commentary, the introduction, the reading text's verdict layer and the Claims page all
take their verdicts from here, so they cannot disagree. Each record remembers its line,
so that a problem names the file and line.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from edition.paths import DATA

CLAIMS_FILE = DATA / "claims.csv"
COLUMNS = (
    "id",
    "paragraph",
    "type",
    "words",
    "verdict",
    "summary",
    "evidence",
    "locators",
    "note",
    "chart",
    "source_words",
)


# The rating scale of the ClaimReview markup (schema.org ``Rating``), one scale for facts and
# quotations alike: how far the essay's words stand as the essay gives them.
#   3 = accurate (a fact confirmed; a quotation found at the place the essay cites),
#   2 = partly accurate (a fact disputed among historians; a quotation found only elsewhere,
#       or the source's sense in other words),
#   1 = inaccurate (a fact the editors correct).
# A claim the editors could not check (a fact unverified, a quotation not found) has no place
# on that scale: it is not rated at all, only named in words (``alternateName``) with its
# explanation, so that an untraced quotation is never read as a false one.
RATING_WORST, RATING_BEST = 1, 3
RATING_WORDS = {
    3: "accurate",
    2: "partly accurate",
    1: "inaccurate",
    None: "not rated: the editors could not check it either way",
}


@dataclass(frozen=True)
class Verdict:
    name: str
    label: str  # the words a reader sees
    sign: str  # a sign that does not rely on colour; each verdict has its own
    rating: int | None  # on the scale above; None: no rating fits


FACT_VERDICTS = {
    v.name: v
    for v in (
        Verdict("confirmed", "confirmed", "✓", 3),
        Verdict("corrected", "corrected", "×", 1),
        Verdict("disputed", "disputed among historians", "±", 2),
        Verdict("unverified", "unverified", "?", None),
    )
}
QUOTATION_VERDICTS = {
    v.name: v
    for v in (
        Verdict("found", "found at the cited place", "✓", 3),
        Verdict("found-elsewhere", "found elsewhere", "→", 2),
        Verdict("paraphrase", "a paraphrase", "≈", 2),
        Verdict("not-found", "not found", "∅", None),
    )
}
VERDICTS = {"fact": FACT_VERDICTS, "quotation": QUOTATION_VERDICTS}
# Verdicts that settle nothing: they need no evidence beyond the record of the search.
OPEN_VERDICTS = frozenset({"unverified", "not-found"})
CLAIM_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Claim:
    id: str
    paragraph: int
    type: str
    words: str
    verdict: Verdict
    summary: str
    evidence: tuple[tuple[str, str], ...]  # (bibliography key, locator)
    note: str
    chart: str
    source_words: str
    line: int


class ClaimError(ValueError):
    """A malformed row; ``line`` is its line in the file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(";")] if text.strip() else []


def parse_row(row: dict[str, str], line: int) -> Claim:
    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    claim_id = cell("id")
    if not CLAIM_ID.match(claim_id):
        raise ClaimError(line, f"claim id {claim_id!r}: use lower-case letters, digits and -")
    kind = cell("type")
    if kind not in VERDICTS:
        raise ClaimError(line, f"claim {claim_id}: type {kind!r} is not one of fact, quotation")
    verdict = VERDICTS[kind].get(cell("verdict"))
    if verdict is None:
        allowed = ", ".join(VERDICTS[kind])
        raise ClaimError(
            line, f"claim {claim_id}: verdict {cell('verdict')!r} for a {kind}: use {allowed}"
        )
    try:
        paragraph = int(cell("paragraph"))
    except ValueError as error:
        raise ClaimError(line, f"claim {claim_id}: paragraph must be a number") from error
    keys = split_list(cell("evidence"))
    locators = split_list(cell("locators"))
    if locators and len(locators) != len(keys):
        raise ClaimError(
            line, f"claim {claim_id}: {len(keys)} evidence keys but {len(locators)} locators"
        )
    if not keys and verdict.name not in OPEN_VERDICTS:
        raise ClaimError(line, f"claim {claim_id}: a verdict of {verdict.name} needs evidence")
    if not cell("words"):
        raise ClaimError(line, f"claim {claim_id}: give the essay's words")
    return Claim(
        id=claim_id,
        paragraph=paragraph,
        type=kind,
        words=cell("words"),
        verdict=verdict,
        summary=cell("summary"),
        evidence=tuple(zip(keys, locators or [""] * len(keys), strict=True)),
        note=cell("note"),
        chart=cell("chart"),
        source_words=cell("source_words"),
        line=line,
    )


def load(path: Path = CLAIMS_FILE) -> dict[str, Claim]:
    """The register by id. Raises :class:`ClaimError` on the first malformed row."""
    if not path.is_file():
        return {}
    claims: dict[str, Claim] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ClaimError(1, f"claims.csv lacks the columns {', '.join(missing)}")
        for line, row in enumerate(reader, start=2):
            claim = parse_row(row, line)
            if claim.id in claims:
                raise ClaimError(line, f"claim id {claim.id!r} is used twice")
            claims[claim.id] = claim
    return claims


def citing_wikipedia(
    claims: dict[str, Claim], is_wikipedia: Callable[[str], bool]
) -> Iterator[tuple[Claim, str]]:
    """``(claim, key)`` for each Wikipedia key (or copy of it) in the evidence of a settling
    verdict (confirmed, corrected, disputed; found, found elsewhere, a paraphrase).
    Wikipedia is a finding aid, not evidence: the commentary may name it as such, but a
    verdict rests on the sources it leads to. An open verdict (unverified, not found)
    may list it, since it says what was seen."""
    for claim in claims.values():
        if claim.verdict.name in OPEN_VERDICTS:
            continue
        for key, _ in claim.evidence:
            if is_wikipedia(key):
                yield claim, key


def words_pattern(words: str) -> re.Pattern[str]:
    """The claim's words as they stand in a text: word for word, any white space between."""
    return re.compile(r"\s+".join(re.escape(token) for token in words.split()))


# A full stop ends a sentence unless it ends an initial ("J. V. Stalin") or one of these.
ABBREVIATIONS = {"p", "pp", "vol", "ch", "ed", "eds", "no", "c", "cf", "mr", "dr", "st", "s"}
SENTENCE_END = re.compile(r"[.!?][”’\"')\]]*(?=\s+[“‘\"'(\[]?[A-Z0-9])")


def sentence_ends(text: str) -> list[int]:
    """Where the sentences of ``text`` end (the offset after the closing punctuation)."""
    ends = []
    for match in SENTENCE_END.finditer(text):
        before = re.search(r"(\S+)$", text[: match.start()])
        token = before.group(1).rsplit(".", 1)[-1].lstrip("“‘\"'([") if before else ""
        if match.group().startswith(".") and (
            (len(token) == 1 and token.isupper()) or token.lower() in ABBREVIATIONS
        ):
            continue
        ends.append(match.end())
    return ends


def sentence_around(text: str, start: int, end: int) -> str:
    """The whole sentence (or sentences) of ``text`` that holds ``text[start:end]``."""
    ends = sentence_ends(text)
    first = max((e for e in ends if e <= start), default=0)
    last = min((e for e in ends if e >= end), default=len(text))
    return " ".join(text[first:last].split())


def word_diff(essay: str, source: str) -> list[tuple[str, str]]:
    """The essay's words against the source's, word by word: ``("same"|"essay"|"source",
    text)``; "essay" marks words only the essay has, "source" words only the source has."""
    a, b = essay.split(), source.split()
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("essay", " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("source", " ".join(b[j1:j2])))
    return parts


def paragraph_problems(claims: dict[str, Claim], paragraphs: set[int]) -> list[tuple[int, str]]:
    """``(line, message)`` for each claim whose paragraph is not one of the reading text's
    numbered paragraphs. Without a reading text (``paragraphs`` empty) nothing is checked."""
    if not paragraphs:
        return []
    last = max(paragraphs)
    return [
        (
            claim.line,
            f"claim {claim.id}: the reading text has no ¶{claim.paragraph}; "
            f"its paragraphs are ¶1–¶{last}",
        )
        for claim in sorted(claims.values(), key=lambda c: c.line)
        if claim.paragraph not in paragraphs
    ]


def as_json(claims: dict[str, Claim]) -> list[dict[str, object]]:
    return [
        {
            "id": c.id,
            "paragraph": c.paragraph,
            "type": c.type,
            "words": c.words,
            "verdict": c.verdict.name,
            "verdict_label": c.verdict.label,
            "summary": c.summary,
            "evidence": [{"key": key, "locator": loc} for key, loc in c.evidence],
            "note": c.note,
            "chart": c.chart,
            "source_words": c.source_words,
        }
        for c in sorted(claims.values(), key=lambda c: (c.paragraph, c.line))
    ]
