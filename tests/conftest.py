"""Shared fixtures: the published site, and scratch copies of the repository to break."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from edition.bench import copy_tracked_files
from edition.paths import ROOT, SITE

# Sphinx's own fixtures (make_app, app) for the tests on tiny projects in tests/roots/.
pytest_plugins = "sphinx.testing.fixtures"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot="NAME")`` finds ``roots/test-NAME``."""
    return Path(__file__).resolve().parent / "roots"


SCRATCH_FIXTURES = frozenset({"built_scratch_book", "scratch_book"})


def uses_scratch_book(item: pytest.Item) -> bool:
    return bool(SCRATCH_FIXTURES & set(getattr(item, "fixturenames", ())))


SITE_JOURNEYS = ("test_browser.py", "test_packs.py")


def worker_group(item: pytest.Item) -> str | None:
    """The two long runs of the suite, each whole in one process, so that what they share is
    made once: the scratch book's tests share one clean build of the copy; the browser's
    tests and the classroom's share one browser with one visit of every page, and one
    environment installed from the packs."""
    if uses_scratch_book(item):
        return "scratch"
    if item.path.name in SITE_JOURNEYS:
        return "site"
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The suite runs in two processes (pytest-xdist, ``--dist loadgroup``). xdist gives
    each process a group to start with, "scratch" to one and "site" to the other (they come
    first), and the short tests to whichever is free. The markers must be on the items
    before xdist's own hook reads them into the node ids, hence ``tryfirst``."""
    for item in items:
        group = worker_group(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
    order = {"scratch": 0, "site": 1, None: 2}
    items.sort(key=lambda item: order[worker_group(item)])


@pytest.fixture(scope="session")
def site() -> Path:
    """The published site; built first when it is not there."""
    if not (SITE / "index.html").exists():
        subprocess.run([sys.executable, "-m", "edition", "build"], cwd=ROOT, check=True)
    return SITE


@dataclass
class BuildResult:
    returncode: int
    output: str


class ScratchBook:
    """A copy of the repository's tracked files in which a test may change anything."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.site = root / "_build" / "site"
        self.clean_digest: dict[str, str] = {}

    def build(self, *args: str) -> BuildResult:
        proc = subprocess.run(
            [sys.executable, "-m", "edition", "build", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
        )
        return BuildResult(proc.returncode, proc.stdout + proc.stderr)

    def path(self, relative: str) -> Path:
        return self.root / relative

    def site_digest(self) -> dict[str, str]:
        return tree_digest(self.site)


def build_with_change(
    book: ScratchBook, relative: str, change: Callable[[str], str]
) -> tuple[BuildResult, bool]:
    """Build once with ``change`` applied to one file, then restore the file. Returns the
    build's result and whether the published site stayed byte-for-byte as it was."""
    target = book.path(relative)
    original = target.read_text(encoding="utf-8")
    changed = change(original)
    assert changed != original, f"the change to {relative} changed nothing"
    good_site = book.site_digest()
    target.write_text(changed, encoding="utf-8")
    try:
        result = book.build()
    finally:
        target.write_text(original, encoding="utf-8")
    return result, book.site_digest() == good_site


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def copy_repository(target: Path) -> Path:
    copy_tracked_files(target)
    # Dates in the outputs come from the last commit; give the copy the same one.
    epoch = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    (target / ".source-date-epoch").write_text(epoch or "0")
    return target


@pytest.fixture
def scratch_book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ScratchBook]:
    root = copy_repository(tmp_path / "book")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", (root / ".source-date-epoch").read_text())
    yield ScratchBook(root)


WORK_CACHE = (
    "_build/work/_build/.jupyter_cache",
    "_build/work/_build/edition-notebook-inputs.sha256",
)


def seed_notebook_cache(root: Path) -> None:
    """Give a scratch copy the executed notebooks of the published build (jupyter-cache
    keys them on their code), so that its first build runs none that did not change."""
    for relative in WORK_CACHE:
        source = ROOT / relative
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        elif source.is_file():
            shutil.copyfile(source, target)


@pytest.fixture(scope="session")
def built_scratch_book(
    site: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ScratchBook]:
    """One scratch copy for the whole run (its tests run in one process), with one clean build
    published: the "last good site" that tests break and must find unchanged. Tests that
    change a file restore it."""
    root = copy_repository(tmp_path_factory.mktemp("built") / "book")
    seed_notebook_cache(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", (root / ".source-date-epoch").read_text())
        book = ScratchBook(root)
        result = book.build()  # clean: no environment yet, only the seeded notebook cache
        assert result.returncode == 0, result.output
        book.clean_digest = book.site_digest()
        yield book


def pytest_collection_finish(session: pytest.Session) -> None:
    """In a worker, each grouped test's node id must carry its group, which is how xdist
    sends a group whole to one process; without it the browser would be started, and every
    page visited, once per process (pytest-dev/pytest-xdist#1386)."""
    if not getattr(session.config.option, "loadgroup", False):  # set in xdist workers only
        return
    lost = [item.nodeid for item in session.items if worker_group(item) and "@" not in item.nodeid]
    if lost:
        raise pytest.UsageError(
            f"pytest-xdist did not group {len(lost)} tests (first: {lost[0]}): this pytest "
            "does not keep the group in the node id; see requirements.in"
        )
