"""The classroom notebooks: executed in the book, downloadable, and shipped in the classroom
packs (tests/test_packs.py unpacks, installs and runs them)."""

from __future__ import annotations

import ast
import zipfile
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from edition import data
from edition.pack import TOP, classroom_notebooks, notebook_inputs
from edition.paths import ROOT, STUDENT_PACK_NAME, TEACHER_PACK_NAME

NOTEBOOKS = [path.stem for path in classroom_notebooks()]


def test_there_are_five_classroom_notebooks() -> None:
    assert len(NOTEBOOKS) == 5


def edition_modules(source: str) -> set[str]:
    """The edition's modules that Python ``source`` imports, as file names."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "edition":
            found |= {f"{alias.name}.py" for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("edition."):
            found.add(f"{node.module.split('.')[1]}.py")  # type: ignore[union-attr]
    return found


def test_a_change_to_anything_a_notebook_reads_runs_it_again() -> None:
    """The build runs the notebooks again when one of their inputs changed (the mechanism is
    tested on a tiny project in tests/test_roots.py); here, the inputs are all there: every
    module of the edition a notebook imports, and the modules those import, every data file
    and the bibliography."""
    inputs = {path.relative_to(ROOT).as_posix() for path in notebook_inputs(ROOT)}
    modules: set[str] = set()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        code = "\n".join(cell.source for cell in cells if cell.cell_type == "code")
        modules |= edition_modules(code)
    unread = list(modules)
    while unread:
        found = edition_modules((ROOT / "edition" / unread.pop()).read_text(encoding="utf-8"))
        unread += sorted(found - modules)
        modules |= found
    assert modules, "no notebook imports the edition's modules"
    assert {f"edition/{module}" for module in modules} <= inputs
    data_files = {path.relative_to(ROOT).as_posix() for path in (ROOT / "data").iterdir()}
    assert data_files | {"references.bib"} <= inputs


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
