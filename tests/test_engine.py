"""The engine (``edition.sphinxext``) as an extension any project can load: on a project
that uses none of it (tests/roots/test-plain), every builder writes the page as it would
without the engine, warning-free; and what it writes beside a running build, whole."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from edition import charts
from edition.sphinxext.charts import save_unless_unchanged

REPOSITORY = Path(__file__).resolve().parent.parent
# Each builder and the file in which it writes the page.
OUTPUTS = {"html": "index.html", "text": "index.txt", "latex": "*.tex", "epub": "index.xhtml"}


@pytest.mark.parametrize("builder", sorted(OUTPUTS))
def test_a_plain_project_builds_warning_free(
    make_app, rootdir: Path, tmp_path: Path, builder: str
) -> None:
    srcdir = tmp_path / "plain"
    shutil.copytree(rootdir / "test-plain", srcdir)
    warnings = io.StringIO()
    app = make_app(builder, srcdir=srcdir, warning=warnings)
    app.build()
    assert warnings.getvalue() == ""
    assert {"edition.sphinxext", "sphinxcontrib.bibtex"} <= set(app.extensions)
    [written] = app.outdir.glob(OUTPUTS[builder])
    text = written.read_text(encoding="utf-8")
    assert "A paragraph with" in text and "The footnote." in text


class FailingChart:
    """A chart whose drawing stops half-way, as a build killed mid-write would."""

    def save(self, path: str) -> None:
        Path(path).write_bytes(b"\x89PNG half")
        raise OSError("disk full")


class Chart:
    def save(self, path: str) -> None:
        Path(path).write_bytes(b"\x89PNG whole")


def test_a_chart_image_is_replaced_whole_or_not_at_all(tmp_path: Path) -> None:
    """The live preview and make book share the charts' folder: a reader of the image sees
    the last whole drawing, never half of a new one, and nothing is left behind."""
    image = tmp_path / "membership.png"
    save_unless_unchanged(Chart(), image, charts.REPOSITORY)  # type: ignore[arg-type]
    assert image.read_bytes() == b"\x89PNG whole"
    (tmp_path / "membership.png.sha256").write_text("stale")  # the inputs have changed
    with pytest.raises(OSError, match="disk full"):
        save_unless_unchanged(FailingChart(), image, charts.REPOSITORY)  # type: ignore[arg-type]
    assert image.read_bytes() == b"\x89PNG whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["membership.png", "membership.png.sha256"]


def test_the_installed_package_builds_an_edition_outside_the_repository(
    rootdir: Path, tmp_path: Path
) -> None:
    """``pip install .`` gives the engine with its templates and scripts: the wheel, on its
    own, builds the tiny edition of tests/roots/test-tei with its TEI, warning-free."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-build-isolation",
            "--no-deps",
            "--wheel-dir",
            str(wheels),
            str(REPOSITORY),
        ],
        check=True,
        cwd=tmp_path,
        capture_output=True,
    )
    [wheel] = wheels.glob("stalinism_edition-*.whl")
    installed = tmp_path / "installed"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)
    srcdir = tmp_path / "another"
    shutil.copytree(rootdir / "test-tei", srcdir)
    result = subprocess.run(
        [sys.executable, "-c", "import edition; print(edition.__file__)"],
        cwd=srcdir,
        env={**os.environ, "PYTHONPATH": str(installed)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.startswith(str(installed))
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-n", "-q", ".", "_build/html"],
        cwd=srcdir,
        env={**os.environ, "PYTHONPATH": str(installed)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert (srcdir / "_build" / "html" / "edition-tei.xml").is_file()
    assert (srcdir / "_build" / "html" / "_static" / "edition.js").is_file()


def test_the_inputs_are_checked_by_the_first_builder_only(make_app, rootdir, tmp_path) -> None:
    """The build runs its builders one after another on the same inputs; the later ones,
    told so by edition_inputs_checked, do not check them again."""
    srcdir = tmp_path / "verdicts"
    shutil.copytree(rootdir / "test-verdicts", srcdir)
    register = srcdir / "data" / "claims.csv"
    register.write_text(
        register.read_text(encoding="utf-8").replace("nove1975stalinism", "nosuchwork2000"),
        encoding="utf-8",
    )
    message = "evidence 'nosuchwork2000' is not in references.bib"
    for checked, expected in ((False, True), (True, False)):
        warnings = io.StringIO()
        app = make_app(
            "text",
            srcdir=srcdir,
            warning=warnings,
            freshenv=True,
            confoverrides={"edition_inputs_checked": checked},
        )
        app.build()
        assert (message in warnings.getvalue()) is expected, warnings.getvalue()


@pytest.mark.sphinx("html", testroot="labels")
def test_labels_come_from_the_projects_own_bibliography(app, warning) -> None:
    """Two works of one author and one year are told apart, in the text and in the list,
    by the labels of this project's ``bibtex_bibfiles``, not those of another bibliography."""
    app.build()
    assert warning.getvalue() == ""
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "Nove 1975a" in html and "Nove 1975b" in html
    assert "1975a</a>" in html and "1975b</a>" in html


def test_the_engine_does_not_import_the_sites_extension() -> None:
    """The engine stands on its own: loading it brings in none of the modules of
    ``edition.sphinxext.site`` (its web pages, metadata, downloads, incremental builds)."""
    script = (
        "import sys\n"
        "import edition.sphinxext\n"
        "loaded = set(sys.modules)\n"
        "from edition.sphinxext import site\n"
        "print(sorted({module.__name__ for module in site.SITE_MODULES} & loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPOSITORY
    )
    assert result.stdout.strip() == "[]"
