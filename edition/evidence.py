"""What kind of evidence each work of ``references.bib`` is, and how the editors read it.

Every entry carries two fields:

``evidence``
    ``primary`` (a primary document: collected works, a speech, a decree, a congress
    report, FRUS, an official statistical publication, an archival document),
    ``collection`` (an edited collection of documents), ``scholarship`` (a scholarly
    monograph, chapter or article), ``reference`` (an encyclopedia or handbook), ``web`` (a
    popular or web source) or ``partisan`` (a work written to serve a political cause);
``reading``
    ``original`` (the work itself was read), ``reprint`` (a reprint or translation),
    ``copy`` (read only in a copy whose authorisation is not shown, which the edition
    neither cites nor links), ``quoted`` (known only as quoted in another work, named by
    ``quotedin``) or ``not-seen`` (not read in any form: cited by its catalogue data only).

An entry is Wikipedia, or a copy or adaptation of it, when its author, ``howpublished`` or
``mirrors`` field names Wikipedia (:func:`is_wikipedia`): such a work is a finding aid
only, and nothing the edition states may rest on it alone.

The checks here return problems as ``(line, message)`` pairs; the Sphinx extension logs
them with the file, so that ``-W`` stops the build and names the place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pybtex.database import BibliographyData, Entry

from edition.references import plain

EVIDENCE_KINDS: dict[str, str] = {
    "primary": "primary document",
    "collection": "edited document collection",
    "scholarship": "scholarly monograph or article",
    "reference": "reference work",
    "web": "popular or web source",
    "partisan": "partisan work",
}
READINGS: dict[str, str] = {
    "original": "the work itself",
    "reprint": "a reprint or translation",
    "copy": "a copy of doubtful status, not cited",
    "quoted": "quoted in another work",
    "not-seen": "not seen",
}
# Kinds that cannot carry a statement alone: a note resting only on them is listed.
WEAK_KINDS = frozenset({"reference", "web"})
STRONG_KINDS = frozenset({"primary", "collection", "scholarship"})

ENTRY_START = re.compile(r"^\s*@(?P<type>\w+)\s*\{\s*(?P<key>[^,\s]+)\s*,")


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


def entry_lines(bibfile: Path) -> dict[str, int]:
    """The line on which each entry of a BibTeX file starts."""
    lines: dict[str, int] = {}
    for number, text in enumerate(bibfile.read_text(encoding="utf-8").splitlines(), start=1):
        match = ENTRY_START.match(text)
        if match and match["type"].lower() not in ("comment", "preamble", "string"):
            lines.setdefault(match["key"], number)
    return lines


def evidence_of(entry: Entry) -> str:
    return entry.fields.get("evidence", "").strip()


def reading_of(entry: Entry) -> str:
    return entry.fields.get("reading", "").strip()


def is_wikipedia(entry: Entry) -> bool:
    """Wikipedia, a copy of it, or a text derived from it (a machine summary, an
    encyclopaedia that adapts its articles): the author, ``howpublished`` or ``mirrors``
    field names Wikipedia. (Wikisource, which transcribes printed documents, is not.)"""
    names = " ".join(str(person) for persons in entry.persons.values() for person in persons)
    fields = (entry.fields.get(name, "") for name in ("author", "howpublished", "mirrors"))
    return any("wikipedia" in text.lower() for text in (names, *fields))


def entry_problems(
    bibliography: BibliographyData, lines: dict[str, int], unauthorised: Iterable[str]
) -> Iterator[Problem]:
    """Entries without a known evidence kind or reading, ``quoted`` without ``quotedin``,
    and any field that points to an unauthorised copy."""
    hosts = tuple(unauthorised)
    for key, entry in bibliography.entries.items():
        line = lines.get(key, 1)
        evidence = evidence_of(entry)
        if evidence not in EVIDENCE_KINDS:
            found = f"{evidence!r}" if evidence else "no evidence field"
            yield Problem(
                line,
                f"entry {key!r}: {found}; write evidence = {{{'|'.join(EVIDENCE_KINDS)}}}",
            )
        reading = reading_of(entry)
        if reading not in READINGS:
            found = f"{reading!r}" if reading else "no reading field"
            yield Problem(line, f"entry {key!r}: {found}; write reading = {{{'|'.join(READINGS)}}}")
        quoted_in = entry.fields.get("quotedin", "").strip()
        if reading == "quoted" and quoted_in not in bibliography.entries:
            yield Problem(
                line,
                f"entry {key!r} is read as quoted in another work: name that work's key "
                f"in quotedin (found {quoted_in!r})",
            )
        for field, value in entry.fields.items():
            host = unauthorised_host(value, hosts)
            if host:
                yield Problem(
                    line,
                    f"entry {key!r}, field {field}: {host} is an unauthorised copy; cite the "
                    "work itself (page only if seen, else 'not seen' or 'as quoted in')",
                )


LABEL_MENTIONS = (" in this bibliography", " in the bibliography")


def unknown_label_mentions(text: str, labels: Iterable[str]) -> Iterator[tuple[int, str]]:
    """Where ``text`` sends the reader to an entry by its label ("see Lenin 1965a in this
    bibliography") and no entry has that label: (line, the words before the mention).
    Labels are given out in alphabetical order, so a new entry can move a letter and leave
    a mention pointing at another work."""
    known = tuple(labels)
    for number, line in enumerate(text.splitlines(), start=1):
        for mention in LABEL_MENTIONS:
            start = line.find(mention)
            while start != -1:
                before = line[:start]
                if not any(before.endswith(label) for label in known):
                    yield number, before[-30:]
                start = line.find(mention, start + 1)


def label_reference_problems(
    bibliography: BibliographyData, lines: dict[str, int], labels: Iterable[str]
) -> Iterator[Problem]:
    """Notes of the bibliography that name another entry by a label no entry has."""
    known = tuple(labels)
    for key, entry in bibliography.entries.items():
        for field, value in entry.fields.items():
            if "bibliography" not in value:
                continue  # decoding every field's LaTeX would cost most of a second
            for _, before in unknown_label_mentions(plain(value), known):
                yield Problem(
                    lines.get(key, 1),
                    f"entry {key!r}, field {field}: no entry is labelled as in "
                    f"'…{before} in this bibliography'",
                )


def uncited_entries(
    bibliography: BibliographyData,
    labels: dict[str, str],
    cited: set[str],
    texts: Iterable[str],
) -> list[str]:
    """Entries that nothing in the edition cites: no citation names the key (``cited``), the
    key is not a word of ``texts`` (the data tables and registries) or of another entry's
    fields (a ``quotedin``), and no note names the label ("Alfani 2016 in this
    bibliography"). The bibliography prints its lists by keyword, so such an entry would be
    printed though no statement rests on it."""
    fields = [value for entry in bibliography.entries.values() for value in entry.fields.values()]
    # Only a field that mentions the bibliography can name a label: decode just those.
    corpus = "\n".join([*texts, *fields, *(plain(v) for v in fields if "bibliography" in v)])
    words = set(re.findall(r"[\w-]+", corpus))
    return [
        key
        for key in bibliography.entries
        if key not in cited
        and key not in words
        and not any(labels.get(key, key) + mention in corpus for mention in LABEL_MENTIONS)
    ]


def unauthorised_host(text: str, hosts: Iterable[str]) -> str | None:
    """The first unauthorised host named in ``text``: the host or a subdomain of it, not
    any substring (``fb2.top`` matches ``www.fb2.top`` but not ``xfb2.top``)."""
    lowered = text.lower()
    for host in hosts:
        pattern = rf"(?<![\w-]){re.escape(host.lower())}(?![\w-])"
        if re.search(pattern, lowered):
            return host
    return None


def text_problems(text: str, hosts: Iterable[str]) -> Iterator[Problem]:
    """Lines of a page or table that name an unauthorised host."""
    hosts = tuple(hosts)
    for number, line in enumerate(text.splitlines(), start=1):
        host = unauthorised_host(line, hosts)
        if host:
            yield Problem(
                number, f"{host} is an unauthorised copy; cite the work itself, not the copy"
            )


def read_hosts(path: Path) -> list[str]:
    """One host a line; ``#`` starts a comment."""
    hosts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        host = line.split("#", 1)[0].strip()
        if host:
            hosts.append(host)
    return hosts
