"""Versions that exist in the files: the Changes page lists every release recorded in
data/releases.yml with its commits, read from the history of a clone that has no tags; it
lists the releases without a history too; each earlier wording of the claim register is
shown, marked, under the release that withdrew it and under its claim; and the recorded
releases, CITATION.cff, .zenodo.json and the verdict history must agree, or the build
names the file and line."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from xml.etree import ElementTree as ET

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp

from edition import changes, releases
from edition.paths import ROOT
from edition.sphinxext import tei

TINY = Path(__file__).resolve().parent / "roots" / "test-changes"


def run_git(root: Path, *arguments: str, date: str = "2026-12-01T12:00:00Z") -> str:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "The editors",
        "GIT_AUTHOR_EMAIL": "editors@stalinism-edition.example",
        "GIT_COMMITTER_NAME": "The editors",
        "GIT_COMMITTER_EMAIL": "editors@stalinism-edition.example",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    return subprocess.run(
        ["git", *arguments], cwd=root, env=environment, capture_output=True, text=True, check=True
    ).stdout.strip()


def commit(root: Path, subject: str, date: str) -> str:
    run_git(root, "add", "-A", date=date)
    run_git(root, "commit", "-q", "-m", subject, date=date)
    return run_git(root, "rev-parse", "HEAD")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


RELEASES = """releases:
  - version: "1.0"
    date: "2026-12-01"
    last_commit: {first}
    summary: The first text, with a claim register.
  - version: "1.1"
    date: "2026-12-02"
    last_commit: {second}
    summary: The verdict on the birth is unverified.
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The tiny edition, without a history: its releases name commits it does not have."""
    target = tmp_path / "edition"
    shutil.copytree(TINY, target)
    (target / "data" / "releases.yml").write_text(
        RELEASES.format(first="a" * 40, second="b" * 40), encoding="utf-8"
    )
    return target


@pytest.fixture
def repository(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The tiny edition as a git repository with no tags: release 1.0 is two commits (one
    of them touching only the configuration), 1.1 one commit that changed a verdict, and the
    commit that recorded the releases is not yet released."""
    target = tmp_path / "repository"
    shutil.copytree(TINY, target)
    run_git(target, "init", "-q", "-b", "main")
    claims = target / "data" / "claims.csv"
    history = target / "data" / "verdict-history.csv"
    history_text = history.read_text(encoding="utf-8")
    history.unlink()
    edit(claims, "unverified,No record of his birth was seen.", "corrected,He was born in 1878.")
    made = {"text": commit(target, "The first text, with a claim register", "2026-11-30T10:00Z")}
    edit(target / "conf.py", "nitpicky = True", "nitpicky = True  # every reference resolves")
    made["config"] = commit(
        target, "Configuration: say why the book is nitpicky", "2026-12-01T09:00Z"
    )
    edit(claims, "corrected,He was born in 1878.", "unverified,No record of his birth was seen.")
    history.write_text(history_text, encoding="utf-8")
    made["verdict"] = commit(target, "Verdict on the birth: unverified", "2026-12-02T10:00Z")
    (target / "data" / "releases.yml").write_text(
        RELEASES.format(first=made["config"], second=made["verdict"]), encoding="utf-8"
    )
    made["record"] = commit(target, "Releases recorded in the repository", "2026-12-03T10:00Z")
    assert run_git(target, "tag") == ""
    return target, made


def build(make_app: Callable[..., SphinxTestApp], srcdir: Path) -> tuple[SphinxTestApp, str]:
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    return app, app.warning.getvalue()


def page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def sections(soup: BeautifulSoup) -> dict[str, list[Tag]]:
    """Each rubric of the Changes page with the elements that follow it, up to the next."""
    found: dict[str, list[Tag]] = {}
    for rubric in soup.select("p.rubric"):
        content: list[Tag] = []
        for sibling in rubric.find_next_siblings():
            if "rubric" in (sibling.get("class") or []):
                break
            content.append(sibling)
        found[rubric.get_text(" ", strip=True)] = content
    return found


def commits_in(content: list[Tag]) -> list[str]:
    return [code.get_text() for tag in content for code in tag.select("li code")]


def test_the_changes_page_built_in_a_clone_with_no_tags_lists_every_release(
    make_app, repository: tuple[Path, dict[str, str]]
) -> None:
    root, made = repository
    app, warnings = build(make_app, root)
    assert warnings == ""
    found = sections(page(app, "book/changes"))
    titles = list(found)
    assert titles[0].startswith("Not yet released") and "version 1.2" in titles[0]
    assert titles[1:] == ["Version 1.1, 2 December 2026", "Version 1.0, 1 December 2026"]
    short = {name: sha[:7] for name, sha in made.items()}
    assert commits_in(found[titles[0]]) == [short["record"]]
    assert commits_in(found["Version 1.1, 2 December 2026"]) == [short["verdict"]]
    first = found["Version 1.0, 1 December 2026"]
    assert commits_in(first) == [short["text"]]  # the configuration is no change to the text
    assert any("1 further commit of this version" in tag.get_text() for tag in first)
    assert any("The first text, with a claim register." in tag.get_text() for tag in first)


def test_the_newest_release_is_closed_by_the_commit_that_records_it(
    repository: tuple[Path, dict[str, str]],
) -> None:
    """A commit cannot name itself: the release recorded without a last_commit ends with
    the commit that added its entry, and later commits are not yet released."""
    root, made = repository
    path = root / "data" / "releases.yml"
    with path.open("a", encoding="utf-8") as handle:
        handle.write('  - version: "1.2"\n    date: "2026-12-04"\n    summary: A release.\n')
    # Before the entry is committed, the release being prepared runs to the last commit.
    found = changes.history(releases.load_releases(path), root, path)
    assert [(s.version, s.released) for s in found] == [("1.2", True), ("1.1", True), ("1.0", True)]
    assert [c.commit for c in found[0].changes or []] == [made["record"][:7]]
    bump = commit(root, "Version 1.2: a release", "2026-12-04T10:00Z")
    (root / "book" / "changes.md").write_text("# Changes since\n\n```{edition-changes}\n```\n")
    later = commit(root, "The Changes page renamed", "2026-12-05T10:00Z")
    found = changes.history(releases.load_releases(path), root, path)
    assert [(s.version, s.released) for s in found][:2] == [("1.3", False), ("1.2", True)]
    assert [c.commit for c in found[0].changes or []] == [later[:7]]
    assert [c.commit for c in found[1].changes or []] == [bump[:7], made["record"][:7]]


def test_a_withdrawn_wording_is_marked_under_its_release_and_its_claim(
    make_app, repository: tuple[Path, dict[str, str]]
) -> None:
    root, _ = repository
    app, warnings = build(make_app, root)
    assert warnings == ""
    found = sections(page(app, "book/changes"))
    for title, content in found.items():
        marked = [tag for tag in content for tag in tag.select(".withdrawn")]
        if title.startswith("Version 1.1"):
            assert len(marked) == 1
            assert (
                marked[0].select_one(".withdrawn-label").get_text() == "Withdrawn in version 1.1:"
            )
            struck = marked[0].select_one("del.withdrawn-text")
            assert "corrected" in struck.get_text() and "He was born in 1878." in struck.get_text()
            item = marked[0].find_parent("li")
            assert "The only record of the birth was not seen." in item.get_text()
            assert item.select_one('a[href$="claims.html#claim-p1-born"]') is not None
        else:
            assert marked == []
    claim = page(app, "book/claims").select_one("#claim-p1-born")
    history = claim.select_one(".claim-history")
    assert history is not None
    assert history.select_one(".withdrawn-label").get_text() == "Withdrawn in version 1.1:"
    assert "He was born in 1878." in history.select_one("del").get_text()
    assert page(app, "book/claims").select_one("#claim-p1-quote .claim-history") is None
    note = page(app, "book/commentary").select_one(".note-verdict + .claim-history")
    assert note is not None and "He was born in 1878." in note.select_one("del").get_text()


def test_without_a_history_the_releases_are_listed_from_the_file(make_app, project: Path) -> None:
    app, warnings = build(make_app, project)
    assert warnings == ""
    soup = page(app, "book/changes")
    found = sections(soup)
    assert list(found) == [
        "Version 1.1, 2 December 2026",
        "Version 1.0, 1 December 2026",
    ]
    assert (
        "list of commits of each version needs the repository"
        in soup.select_one("main, body").get_text()
    )
    assert all(commits_in(content) == [] for content in found.values())
    assert "The verdict on the birth is unverified." in " ".join(
        tag.get_text() for tag in found["Version 1.1, 2 December 2026"]
    )


@pytest.mark.parametrize(
    ("relative", "old", "new", "where", "words"),
    [
        ("CITATION.cff", 'version: "1.1"', 'version: "1.0"', "CITATION.cff:3", "version"),
        ("CITATION.cff", "2026-12-02", "2026-12-03", "CITATION.cff:4", "date-released"),
        (".zenodo.json", '"version": "1.1"', '"version": "1.2"', ".zenodo.json:4", "version"),
        ("conf.py", 'release = "1.1"', 'release = "1.2"', "conf.py:7", "release"),
        ("data/releases.yml", "2026-12-02", "2026-11-30", "releases.yml:6", "dated before"),
        (
            "data/verdict-history.csv",
            "p1-born,1.1",
            "p9-none,1.1",
            "verdict-history.csv:2",
            "p9-none",
        ),
        ("data/verdict-history.csv", "p1-born,1.1", "p1-born,1.3", "verdict-history.csv:2", "1.3"),
        (
            "data/verdict-history.csv",
            "1.1,corrected",
            "1.1,refuted",
            "verdict-history.csv:2",
            "refuted",
        ),
    ],
)
def test_a_disagreement_stops_the_build_with_its_file_and_line(
    make_app, project: Path, relative: str, old: str, new: str, where: str, words: str
) -> None:
    edit(project / relative, old, new)
    _, warnings = build(make_app, project)
    assert where in warnings and words in warnings, warnings


# --- the edition's own repository and its metadata -------------------------------------------


def test_the_newest_release_is_the_version_of_the_book_citation_and_deposit() -> None:
    recorded = releases.load_releases()
    settings = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]
    config = {
        name: (str(settings["config"][name]), "_config.yml") for name in ("version", "release")
    }
    problems = releases.metadata_problems(
        recorded, config, ROOT / "CITATION.cff", ROOT / ".zenodo.json"
    )
    assert problems == []
    deposit = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert deposit["title"] == citation["title"]
    assert [c["name"] for c in deposit["creators"]] == [a["name"] for a in citation["authors"]]
    assert deposit["keywords"] == citation["keywords"]
    assert deposit["license"] == citation["license"].lower()
    assert deposit["upload_type"] == citation["type"] and deposit["description"]
    # No related identifier until the edition has a real address.
    assert "related_identifiers" not in deposit


def test_the_tei_header_has_a_change_per_release() -> None:
    recorded = releases.load_releases()
    app = SimpleNamespace(
        srcdir=str(ROOT), config=SimpleNamespace(edition_releases_file="data/releases.yml")
    )
    head = ET.Element(tei.tei("teiHeader"))
    tei.revision_desc(app, head)  # type: ignore[arg-type]
    found = head.findall(f"{tei.tei('revisionDesc')}/{tei.tei('change')}")
    assert [(c.get("n"), c.get("when")) for c in found] == [
        (r.version, r.date.isoformat()) for r in reversed(recorded)
    ]
    assert all(c.get("who") == "#editors" and c.text for c in found)


# --- the edition's own repository -----------------------------------------------------------


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of the edition's repository: like every clone, it carries no tags."""
    target = tmp_path_factory.mktemp("clone") / "edition"
    subprocess.run(
        ["git", "clone", "--quiet", "--no-tags", str(ROOT), str(target)],
        check=True,
        capture_output=True,
    )
    assert run_git(target, "tag") == ""
    return target


def test_a_clone_lists_releases_1_0_to_1_3_each_with_its_commits(clone: Path) -> None:
    recorded = releases.load_releases(clone / "data" / "releases.yml")
    found = changes.history(recorded, clone, clone / "data" / "releases.yml")
    released = {section.version: section for section in found if section.released}
    assert {"1.0", "1.1", "1.2", "1.3"} <= set(released)
    for version in ("1.0", "1.1", "1.2", "1.3"):
        assert released[version].changes, version
    # Each commit listed lies between the commit that closes the previous release and the
    # one that closes its own (the commit that set the next version's number).
    ends = {release.version: release.last_commit for release in recorded}
    previous = None
    for version in ("1.0", "1.1", "1.2", "1.3"):
        for change in released[version].changes or []:
            assert is_ancestor(clone, change.commit, ends[version]), (version, change)
            assert previous is None or not is_ancestor(clone, change.commit, previous)
        previous = ends[version]
    assert released["1.1"].changes[0].subject.startswith("Versions and citations: version 1.1")


def is_ancestor(root: Path, commit: str, of: str) -> bool:
    found = subprocess.run(["git", "merge-base", "--is-ancestor", commit, of], cwd=root)
    return found.returncode == 0


def claims_at(root: Path, commit: str) -> dict[str, dict[str, str]]:
    text = run_git(root, "show", f"{commit}:data/claims.csv")
    return {row["id"]: row for row in csv.DictReader(io.StringIO(text))}


def test_every_earlier_wording_is_the_one_published_before_its_version(clone: Path) -> None:
    """Each row of the verdict history is read back from the history: the register of the
    release before ``withdrawn_in`` has that verdict and summary, the one that closes
    ``withdrawn_in`` (or the clone's, for the next version) no longer has them."""
    recorded = releases.load_releases(clone / "data" / "releases.yml")
    ends = {release.version: release.last_commit or "HEAD" for release in recorded}
    order = [release.version for release in recorded] + [releases.next_version(recorded)]
    ends[order[-1]] = "HEAD"
    rows = releases.load_withdrawals(clone / "data" / "verdict-history.csv")
    assert rows
    for row in rows:
        before = claims_at(clone, ends[order[order.index(row.withdrawn_in) - 1]])[row.claim]
        after = claims_at(clone, ends[row.withdrawn_in])[row.claim]
        assert (before["verdict"], before["summary"]) == (row.verdict, row.summary), row
        assert (after["verdict"], after["summary"]) != (row.verdict, row.summary), row


# --- the published site -----------------------------------------------------------------------


def test_every_earlier_wording_is_marked_on_the_changes_page(site: Path) -> None:
    soup = BeautifulSoup((site / "book/changes.html").read_text(encoding="utf-8"), "html.parser")
    found = sections(soup)
    rows = releases.load_withdrawals(ROOT / "data" / "verdict-history.csv")
    assert rows
    for row in rows:
        released = f"Version {row.withdrawn_in},"
        pending = f"to be released as version {row.withdrawn_in} "
        title = next(t for t in found if t.startswith(released) or pending in t)
        struck = [
            mark
            for tag in found[title]
            for mark in tag.select(".withdrawn")
            if row.summary in mark.select_one("del").get_text()
        ]
        assert struck, row
        assert struck[0].select_one(".withdrawn-label").get_text() == (
            f"Withdrawn in version {row.withdrawn_in}:"
        )
        assert row.reason in struck[0].find_parent("li").get_text()
