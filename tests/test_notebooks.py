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
from edition.paths import STUDENT_PACK_NAME, TEACHER_PACK_NAME

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


def unpack(site: Path, name: str, audience: str, target: Path) -> Path:
    with zipfile.ZipFile(site / name) as pack:
        pack.extractall(target)
    return target / f"{TOP}-{audience}"


@pytest.fixture(scope="module")
def unpacked_pack(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The students' pack, which a class runs."""
    return unpack(site, STUDENT_PACK_NAME, "students", tmp_path_factory.mktemp("students"))


@pytest.fixture(scope="module")
def teachers_pack(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return unpack(site, TEACHER_PACK_NAME, "teachers", tmp_path_factory.mktemp("teachers"))


def test_packs_hold_notebooks_data_and_requirements(
    unpacked_pack: Path, teachers_pack: Path
) -> None:
    for pack in (unpacked_pack, teachers_pack):
        names = {p.relative_to(pack).as_posix() for p in pack.rglob("*")}
        assert {f"{name}.ipynb" for name in NOTEBOOKS} <= names
        assert {
            "requirements.txt",
            "README.md",
            "references.bib",
            "data/datapackage.json",
            "edition/charts.py",
        } <= names
    assert "Lesson plan" in (teachers_pack / "TEACHERS.md").read_text(encoding="utf-8")
    assert not (unpacked_pack / "TEACHERS.md").exists()


def solutions(notebook: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in notebook.cells if "solution" in cell.metadata.get("tags", [])]


def test_the_students_pack_has_no_solution_and_the_teachers_pack_every_one(
    unpacked_pack: Path, teachers_pack: Path
) -> None:
    counted = 0
    for source in classroom_notebooks():
        expected = solutions(nbformat.read(source, as_version=4))
        assert expected, f"{source.name}: no exercise with a solution"
        counted += len(expected)
        teachers = nbformat.read(teachers_pack / source.name, as_version=4)
        assert solutions(teachers) == expected, source.name
        students = nbformat.read(unpacked_pack / source.name, as_version=4)
        assert solutions(students) == [], source.name
        student_code = "\n".join(c.source for c in students.cells if c.cell_type == "code")
        assert all(solution not in student_code for solution in expected), source.name
        assert len(students.cells) == len(teachers.cells)
    assert counted >= 10


def test_pack_notebooks_print_the_numbers_the_edition_takes_from_the_data(
    unpacked_pack: Path,
) -> None:
    """Outside the edition ``{datum}`` means nothing: the pack's prose has the values."""
    written = 0
    for source in classroom_notebooks():
        original = nbformat.read(source, as_version=4)
        packed = nbformat.read(unpacked_pack / source.name, as_version=4)
        for before, after in zip(original.cells, packed.cells, strict=True):
            if "solution" in before.metadata.get("tags", []):
                continue  # the students' pack has an answer cell there
            assert "{datum}" not in after.source, source.name
            for reference in data.DATUM_ROLE.findall(before.source):
                assert data.datum(reference)[0] in after.source, (source.name, reference)
                written += 1
    assert written


@pytest.mark.slow
def test_every_notebook_runs_in_a_fresh_environment_from_the_students_pack(
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
