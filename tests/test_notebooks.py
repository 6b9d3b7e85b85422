"""The classroom notebooks: executed in the book, downloadable, and shipped in the classroom
packs (tests/test_packs.py unpacks, installs and runs them)."""

from __future__ import annotations

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
def test_notebook_page_shows_its_executed_chart_and_offers_the_notebook(
    site: Path, name: str
) -> None:
    page = BeautifulSoup(
        (site / "notebooks" / f"{name}.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert page.select(".cell_output img"), f"{name}: no chart among the outputs"
    assert page.select(".cell.tag_hide-cell"), f"{name}: no hidden solution"
    assert page.select("a[href*='essay.html#p']"), f"{name}: the claim does not link to its ¶"
    # The students' notebook with what it needs, as a zip (tests/test_packs.py runs it).
    downloads = [a["href"] for a in page.select("a[href$='.zip']")]
    assert f"{name}.zip" in downloads, f"{name}: no download of the notebook"
    assert (site / "notebooks" / f"{name}.zip").is_file()


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
            "classroom/charts.py",
            "reading-text.html",
            "bibliography.html",
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
