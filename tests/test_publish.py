"""``publish()`` with a fault injected at each of its steps: the link ``_build/site`` keeps
pointing at the last good site, whole, whatever fails (the kill tests of
tests/test_publishing.py reach the same steps from outside, by timing)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from edition import build


@pytest.fixture
def published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A build folder in ``tmp_path`` with one site already published."""
    monkeypatch.setattr(build, "BUILD", tmp_path)
    monkeypatch.setattr(build, "SITES", tmp_path / "sites")
    monkeypatch.setattr(build, "SITE", tmp_path / "site")
    build.publish(staged(tmp_path / "first", "the first site"))
    return tmp_path


def staged(folder: Path, text: str) -> Path:
    (folder / "book").mkdir(parents=True)
    (folder / "index.html").write_text(text, encoding="utf-8")
    (folder / "book" / "essay.html").write_text(text, encoding="utf-8")
    return folder


def served(build_dir: Path) -> dict[str, str]:
    site = build_dir / "site"
    return {
        str(path.relative_to(site)): path.read_text(encoding="utf-8")
        for path in sorted(site.rglob("*.html"))
    }


FIRST = {"book/essay.html": "the first site", "index.html": "the first site"}


def fail(*args: object, **kwargs: object) -> None:
    raise OSError("injected fault")


def half_copy(source: Path, target: Path, **kwargs: object) -> None:
    Path(target).mkdir(parents=True)
    shutil.copy2(Path(source) / "index.html", Path(target) / "index.html")
    raise OSError("injected fault: disk full half-way")


@pytest.mark.parametrize(
    ("step", "fault"),
    [("os.replace", fail), ("shutil.copytree", half_copy), ("os.symlink", fail)],
)
def test_a_fault_at_any_step_leaves_the_last_good_site(
    published: Path, monkeypatch: pytest.MonkeyPatch, step: str, fault: object
) -> None:
    assert served(published) == FIRST
    module, name = step.split(".")
    monkeypatch.setattr({"os": os, "shutil": shutil}[module], name, fault)
    with pytest.raises(OSError, match="injected fault"):
        build.publish(staged(published / "second", "the second site"))
    monkeypatch.undo()
    assert served(published) == FIRST


def test_the_next_build_publishes_and_clears_what_a_failed_one_left(
    published: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        build.publish(staged(published / "second", "the second site"))
    monkeypatch.setattr(os, "replace", os.rename)
    target = build.publish(staged(published / "third", "the third site"))
    assert served(published) == {
        "book/essay.html": "the third site",
        "index.html": "the third site",
    }
    assert list((published / "sites").iterdir()) == [target]


def test_fresh_does_not_delete_what_a_running_preview_uses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build with ``--fresh`` stops, with a message, while a preview holds its lock; once
    the preview has stopped, it discards the staging area as asked."""
    monkeypatch.setattr(build, "BUILD", tmp_path)
    monkeypatch.setattr(build, "PREVIEW_LOCK", tmp_path / "preview.lock")
    work = tmp_path / "work"
    cache = work / "_build" / ".jupyter_cache"
    cache.mkdir(parents=True)
    monkeypatch.setattr(build, "WORK", work)
    with build.preview_running():
        assert build.preview_is_running()
        with pytest.raises(build.BuildError, match="running preview"):
            build.discard_staging_area()
        assert cache.is_dir()
    assert not build.preview_is_running()
    build.discard_staging_area()
    assert not work.exists()
