"""What the edition works around in Sphinx, and the versions its overrides were written for.

The test of sphinx-doc/sphinx#12599 asserts the upstream bug itself: the day Sphinx keeps
index entries across incremental builds, it fails, and the workaround
(edition/sphinxext/incremental.py) can go."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

import edition.sphinxrun  # noqa: F401  (the runner records its reaches when imported)
from edition.sphinxext import config, site

ROOTS = Path(__file__).resolve().parent / "roots"


def index_entries(app: SphinxTestApp) -> dict:
    script = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(script[script.index("(") + 1 : script.rindex(")")])


WORKAROUND = """
from edition.sphinxext import config, incremental


def setup(app):
    config.add_config_values(app)
    incremental.register_searchindex(app)
"""


def searchindex_project(tmp_path: Path, workaround: bool) -> Path:
    """The tiny project, with or without the edition's handling of the search index."""
    srcdir = tmp_path / "searchindex"
    shutil.copytree(ROOTS / "test-searchindex", srcdir)
    if workaround:
        with (srcdir / "conf.py").open("a") as conf:
            conf.write(WORKAROUND)
    return srcdir


def build_edit_rebuild(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, workaround: bool
) -> tuple[dict, dict]:
    """The search index after a clean build, and after an incremental build in which only
    the second page changed."""
    srcdir = searchindex_project(tmp_path, workaround)
    app = make_app("html", srcdir=srcdir)
    app.build()
    clean = index_entries(app)
    second = srcdir / "second.rst"
    second.write_text(second.read_text().replace("names a", "also names a"))
    app.cleanup()
    app = make_app("html", srcdir=srcdir)
    app.build()
    return clean, index_entries(app)


def test_sphinx_still_drops_index_entries_of_unchanged_pages(make_app, tmp_path) -> None:
    """sphinx-doc/sphinx#12599: if this fails, Sphinx has fixed it; remove the workaround."""
    clean, incremental = build_edit_rebuild(make_app, tmp_path, workaround=False)
    assert "kulak" in clean["indexentries"]
    assert "kulak" not in incremental["indexentries"]


def test_the_workaround_keeps_them(make_app, tmp_path) -> None:
    clean, incremental = build_edit_rebuild(make_app, tmp_path, workaround=True)
    assert incremental["indexentries"] == clean["indexentries"]


def test_the_installed_versions_are_those_the_overrides_were_written_for() -> None:
    assert config.mismatches() == []


def test_a_different_version_names_each_override() -> None:
    reaches = [
        config.Reach("sphinx", "0.1", "edition/x.py", "the y API"),
        config.Reach("sphinx", "0.1", "edition/z.py", "the w API"),
    ]
    [message] = config.mismatches(reaches)
    assert message.startswith("sphinx 7.4.7 (the overrides were written for 0.1)")
    assert "edition/x.py: the y API; edition/z.py: the w API" in message


def test_each_reach_is_recorded_by_the_module_that_makes_it() -> None:
    """Every module that overrides or reaches into another package names itself."""
    assert site.SITE_MODULES  # the site's modules are imported, so their reaches are in
    where = {reach.where for reach in config.REACHES}
    assert {
        "edition/sphinxext/bibstyle.py",
        "edition/sphinxext/incremental.py",
        "edition/sphinxext/printing.py",
        "edition/sphinxext/site.py",
        "edition/sphinxext/webpage.py",
        "edition/sphinxrun.py",
    } <= where
    packages = {reach.package for reach in config.REACHES}
    assert {"pybtex", "sphinxcontrib-bibtex", "jupyter-book", "docutils", "myst-nb"} <= packages


@pytest.mark.parametrize("package", sorted({reach.package for reach in config.REACHES}))
def test_every_guarded_package_is_installed(package: str) -> None:
    assert config.installed(package) is not None


def test_an_edit_and_its_revert_give_back_the_clean_index(make_app, tmp_path) -> None:
    """Sphinx keeps a word whose only page was written again without it as a term with no
    pages; the edition drops such terms, so the index equals the clean build's."""
    srcdir = searchindex_project(tmp_path, workaround=True)
    second = srcdir / "second.rst"
    original = second.read_text()
    app = make_app("html", srcdir=srcdir)
    app.build()
    clean = index_entries(app)
    for text in (original.replace("kolkhoz.", "kolkhoz and a zebra."), original):
        second.write_text(text)
        app.cleanup()
        app = make_app("html", srcdir=srcdir)
        app.build()
    assert "zebra" not in index_entries(app)["terms"]
    assert index_entries(app) == clean
