"""Publishing is crash-safe: a build killed at any moment leaves ``_build/site`` a complete
site, the last good one; and a second build waits for the first."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ScratchBook

pytestmark = pytest.mark.slow

EDIT = ("book/witness.md", "in a single witness", "in a single witness, changed,")


def start_build(book: ScratchBook) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "edition", "build"],
        cwd=book.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: the kill reaches the kernels too
    )


def wait_for_line(process: subprocess.Popen[str], start: str, timeout: float = 300) -> str:
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 1)
        if not ready:
            continue
        line = process.stdout.readline()
        if not line:
            break
        if line.startswith(start):
            return line
    raise AssertionError(f"the build never printed {start!r}")


def kill(process: subprocess.Popen[str]) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@contextlib.contextmanager
def edited(book: ScratchBook) -> Iterator[None]:
    """The witness page changed, so that a finished build would change the site; put back
    afterwards."""
    path = book.path(EDIT[0])
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace(EDIT[1], EDIT[2], 1), encoding="utf-8")
    try:
        yield
    finally:
        path.write_text(original, encoding="utf-8")


def site_is_complete(site: Path) -> bool:
    return all(
        (site / name).is_file()
        for name in ("index.html", "book/essay.html", "edition.pdf", "edition.epub")
    )


@pytest.mark.parametrize("moment", ["[edition] html", "[edition] latex", "[edition] pdf and epub"])
def test_a_build_killed_at_any_moment_leaves_the_last_good_site(
    built_scratch_book: ScratchBook, moment: str
) -> None:
    book = built_scratch_book
    good = book.site_digest()
    with edited(book):
        process = start_build(book)
        wait_for_line(process, moment)
        time.sleep(0.5)  # well inside the step
        kill(process)
    assert site_is_complete(book.site)
    assert book.site_digest() == good, f"a build killed at {moment!r} changed the site"


def test_a_build_killed_while_publishing_leaves_a_complete_site(
    built_scratch_book: ScratchBook,
) -> None:
    """Killed as it assembles and publishes (both take well under a second), the build
    leaves either the last good site or the new one, whole: the link is swapped by one
    rename."""
    book = built_scratch_book
    good = book.site_digest()
    with edited(book):
        process = start_build(book)
        wait_for_line(process, "[edition] assemble")
        kill(process)
        assert site_is_complete(book.site)
        after = book.site_digest()
        if after != good:  # the rename happened: the new site is there, whole
            assert EDIT[2] in (book.site / "book/witness.html").read_text(encoding="utf-8")
    restored = book.build()
    assert restored.returncode == 0, restored.output
    assert book.site_digest() == book.clean_digest


def test_a_second_build_waits_for_the_first(built_scratch_book: ScratchBook) -> None:
    book = built_scratch_book
    first = second = None
    with edited(book):
        try:
            first = start_build(book)
            wait_for_line(first, "[edition] latex")  # the lock is taken before the checks
            second = start_build(book)
            line = wait_for_line(second, "[edition]", timeout=60)
            assert "another build is running here; waiting" in line
            assert second.poll() is None, "the second build did not wait"
        finally:
            for process in (first, second):
                if process is not None and process.poll() is None:
                    kill(process)
