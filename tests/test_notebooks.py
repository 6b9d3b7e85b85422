"""The classroom notebooks: executed in the book, downloadable, and runnable from the
unpacked classroom pack in a fresh environment with only the pack's requirements."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from edition import data
from edition.pack import TOP, classroom_notebooks
from edition.paths import PACK_NAME

NOTEBOOKS = [path.stem for path in classroom_notebooks()]


def test_there_are_five_classroom_notebooks() -> None:
    assert len(NOTEBOOKS) == 5


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_page_shows_its_executed_chart_and_offers_the_ipynb(site: Path, name: str) -> None:
    page = BeautifulSoup(
        (site / "notebooks" / f"{name}.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert page.select(".cell_output img"), f"{name}: no chart among the outputs"
    assert page.select(".cell.tag_hide-cell"), f"{name}: no hidden solution"
    assert page.select("a[href*='essay.html#p']"), f"{name}: the claim does not link to its ¶"
    downloads = [a["href"] for a in page.select("a[href$='.ipynb']")]
    assert downloads, f"{name}: no .ipynb download"
    assert (site / "notebooks" / downloads[0]).resolve().is_file()


@pytest.fixture(scope="module")
def unpacked_pack(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("pack")
    with zipfile.ZipFile(site / PACK_NAME) as pack:
        pack.extractall(target)
    return target / TOP


def test_pack_holds_notebooks_data_requirements_and_teacher_notes(unpacked_pack: Path) -> None:
    names = {p.relative_to(unpacked_pack).as_posix() for p in unpacked_pack.rglob("*")}
    assert {f"{name}.ipynb" for name in NOTEBOOKS} <= names
    assert {
        "requirements.txt",
        "TEACHERS.md",
        "README.md",
        "references.bib",
        "data/datapackage.json",
        "edition/charts.py",
    } <= names
    assert "Lesson plan" in (unpacked_pack / "TEACHERS.md").read_text(encoding="utf-8")


def test_pack_notebooks_print_the_numbers_the_edition_takes_from_the_data(
    unpacked_pack: Path,
) -> None:
    """Outside the edition ``{datum}`` means nothing: the pack's prose has the values."""
    written = 0
    for source in classroom_notebooks():
        original = nbformat.read(source, as_version=4)
        packed = nbformat.read(unpacked_pack / source.name, as_version=4)
        for before, after in zip(original.cells, packed.cells, strict=True):
            assert "{datum}" not in after.source, source.name
            for reference in data.DATUM_ROLE.findall(before.source):
                assert data.datum(reference)[0] in after.source, (source.name, reference)
                written += 1
    assert written


@pytest.mark.slow
def test_every_notebook_runs_in_a_fresh_environment_from_the_pack(
    unpacked_pack: Path, tmp_path: Path
) -> None:
    environment = tmp_path / "classroom-venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    python = environment / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"],
        cwd=unpacked_pack,
        check=True,
    )
    for name in NOTEBOOKS:
        result = subprocess.run(
            [str(environment / "bin" / "jupyter-execute"), "--timeout=300", f"{name}.ipynb"],
            cwd=unpacked_pack,
            capture_output=True,
            text=True,
            env={"PATH": f"{environment / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)},
        )
        assert result.returncode == 0, f"{name}:\n{result.stderr[-3000:]}"
    assert sys.prefix != str(environment)
