"""The edition's history of changes, read from the repository: for each release (a tag
``v<version>``) the commits since the previous release that changed the text, the
apparatus, the commentary, the data or the bibliography, grouped by what they changed.
Commits after the last release are listed as changes not yet released.

Only ``git log`` is read; outside a git checkout (or without git) there is no history and
the page says so.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from edition.paths import ROOT

WATCHED = ("book", "data", "references.bib")
AREAS = (  # (what a reader calls it, the paths it covers), the first match wins
    ("Text and apparatus", ("book/essay.md", "data/essay-notes.yml", "data/copy-text.txt")),
    ("Commentary", ("book/commentary.md",)),
    ("Claims and verdicts", ("data/claims.csv", "book/claims.md")),
    ("Persons, chronology and glossary", ("data/persons.yml", "book/chronology.md")),
    ("Data", ("data/",)),
    ("Bibliography", ("references.bib",)),
    ("Editorial matter", ("book/",)),
)
RECORD = "\x1e"
FIELD = "\x1f"


@dataclass(frozen=True)
class Change:
    commit: str
    date: str
    subject: str
    areas: tuple[str, ...]


@dataclass
class Release:
    tag: str  # "" for the changes not yet released
    date: str
    changes: list[Change] = field(default_factory=list)


def area_of(path: str) -> str:
    for area, prefixes in AREAS:
        if any(path == prefix or path.startswith(prefix) for prefix in prefixes):
            return area
    return "Editorial matter"


def git(*arguments: str, root: Path = ROOT) -> str | None:
    try:
        return subprocess.run(
            ["git", *arguments], cwd=root, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


def changes_between(start: str | None, end: str, root: Path = ROOT) -> list[Change]:
    revisions = f"{start}..{end}" if start else end
    output = git(
        "log",
        f"--format={RECORD}%h{FIELD}%ad{FIELD}%s",
        "--date=format:%-d %B %Y",
        "--name-only",
        revisions,
        "--",
        *WATCHED,
        root=root,
    )
    changes = []
    for record in (output or "").split(RECORD)[1:]:
        header, _, names = record.partition("\n")
        commit, date, subject = header.split(FIELD)
        paths = [name for name in names.splitlines() if name.strip()]
        areas = tuple(dict.fromkeys(area_of(path) for path in paths))
        changes.append(Change(commit, date, subject, areas))
    return changes


def history(root: Path = ROOT) -> list[Release] | None:
    """The releases, newest first, each with its changes; ``None`` without a history."""
    if git("rev-parse", "HEAD", root=root) is None:
        return None
    tags = (git("tag", "--list", "v*", "--sort=creatordate", root=root) or "").split()
    releases: list[Release] = []
    previous: str | None = None
    for tag in tags:
        date = git("log", "-1", "--format=%ad", "--date=format:%-d %B %Y", tag, root=root) or ""
        releases.append(Release(tag, date.strip(), changes_between(previous, tag, root)))
        previous = tag
    unreleased = changes_between(previous, "HEAD", root)
    if unreleased:
        releases.append(Release("", unreleased[0].date, unreleased))
    return list(reversed(releases))


def state(root: Path = ROOT) -> str:
    """What the Changes page depends on besides the files: the commit and the tags."""
    head = git("rev-parse", "HEAD", root=root) or ""
    tags = git("tag", "--list", "v*", "--format=%(refname) %(objectname)", root=root) or ""
    return head + tags
