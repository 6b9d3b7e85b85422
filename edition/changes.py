"""The edition's history of changes, release by release: the releases are those recorded in
``data/releases.yml`` (:mod:`edition.releases`), since a clone carries no tags; for each, the
commits since the previous release that changed the text, the apparatus, the commentary,
the data or the bibliography, grouped by what they changed, are read from ``git log``
between the recorded commits. Commits after the newest release are listed as changes not
yet released, which will become the next version.

Outside a git checkout (or without git, or without the recorded commits, as in a shallow
clone) the releases are still listed, from the file, without their commits.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from edition.paths import ROOT
from edition.releases import RELEASES_FILE, ReleaseRecord, next_version

WATCHED = ("book", "data", "references.bib")
AREAS = (  # (what a reader calls it, the paths it covers), the first match wins
    ("Text and apparatus", ("book/essay.md", "data/essay-notes.yml", "data/copy-text.txt")),
    ("Commentary", ("book/commentary.md",)),
    ("Claims and verdicts", ("data/claims.csv", "data/verdict-history.csv", "book/claims.md")),
    ("Persons, chronology and glossary", ("data/persons.yml", "book/chronology.md")),
    ("Editorial matter", ("data/releases.yml",)),
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
    version: str
    date: str  # as prose prints it; "" for the changes not yet released
    summary: str = ""
    note: str = ""
    released: bool = True
    # None where the history cannot be read (no git, or the commit is not in this clone)
    changes: list[Change] | None = field(default_factory=list)
    other_commits: int = 0  # commits of the release that changed only the build or tests


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
        # A merge lists no files of its own; the commits it brings are listed each.
        "--no-merges",
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


def count_between(start: str | None, end: str, root: Path = ROOT) -> int:
    revisions = f"{start}..{end}" if start else end
    counted = git("rev-list", "--count", "--no-merges", revisions, root=root) or "0"
    return int(counted.strip() or 0)


def resolve(commit: str, root: Path = ROOT) -> str | None:
    """The full name of ``commit`` if this clone has it."""
    found = git("rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}", root=root)
    return found.strip() if found else None


def commit_recording(release: ReleaseRecord, path: Path, root: Path = ROOT) -> str | None:
    """The commit that added the newest release's entry to the releases file (a commit cannot
    name itself, so the newest release is closed by the commit that records it)."""
    try:
        relative = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
    output = git(
        "log",
        "--format=%H",
        "-S",
        f'version: "{release.version}"',
        "--",
        relative,
        root=root,
    )
    commits = (output or "").split()
    return commits[-1] if commits else None


def history(
    releases: list[ReleaseRecord], root: Path = ROOT, releases_file: Path = RELEASES_FILE
) -> list[Release]:
    """Every recorded release and the changes not yet released, newest first, each with its
    changes when this copy has the history."""
    # A shallow clone has only the last commits: its ranges would be cut short.
    has_history = git("rev-parse", "--is-shallow-repository", root=root) == "false\n"
    sections: list[Release] = []
    previous: str | None = None
    known = has_history
    for record in releases:
        section = Release(record.version, record.day, record.summary, record.note)
        end = None
        if known:
            if record.last_commit:
                end = resolve(record.last_commit, root)
            else:  # the newest release; while its entry is not yet committed, it ends here
                end = commit_recording(record, releases_file, root) or resolve("HEAD", root)
        if end is None:
            section.changes = None
            known = False  # the next release starts where this one ends
        else:
            section.changes = changes_between(previous, end, root)
            section.other_commits = count_between(previous, end, root) - len(section.changes)
        previous = end
        sections.append(section)
    pending = Release(next_version(releases), "", released=False, changes=None)
    if known:
        pending.changes = changes_between(previous, "HEAD", root)
        pending.other_commits = count_between(previous, "HEAD", root) - len(pending.changes)
    if pending.changes is None or pending.changes or pending.other_commits:
        sections.append(pending)
    return list(reversed(sections))


def state(root: Path = ROOT) -> str:
    """What the Changes page depends on besides the files: the commit."""
    return git("rev-parse", "HEAD", root=root) or ""
