"""The classroom packs: zips a class can unpack anywhere and open in JupyterLab.

Both hold the notebooks (without outputs), the data with its data package, the
bibliography the data cites, the few modules of the edition the notebooks import (data
loading, chart style, references: pandas, matplotlib, Pillow and pybtex only) and a
requirements file pinned to the versions the edition is built with. The teachers' pack
adds the solutions (the notebook cells tagged ``solution``) and the teacher's notes; in
the students' pack each solution is an empty cell for the student's answer.
Notebooks sit at the top of a pack so that ``import edition`` works from there.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import nbformat

from edition import data
from edition.downloads import write_zip
from edition.paths import BIBFILE, DATA, ROOT

TOP = "stalinism-classroom"
MODULES = ["__init__.py", "paths.py", "data.py", "charts.py", "references.py"]
REQUIREMENTS = ["pandas", "matplotlib", "pillow", "pybtex", "latexcodec", "jupyterlab", "ipykernel"]

README = """\
# Stalinism: classroom notebooks

Notebooks on the data behind the claims of the essay edited in "Stalinism: A Critical
Edition". Paragraph numbers (¶5) refer to the edition's reading text.

{contents}

To run them:

    python3 -m venv .venv
    .venv/bin/pip install -r requirements.txt
    .venv/bin/jupyter lab

Links such as ¶5 lead to the edition's reading text; they work when the notebooks are read
inside the edition, not from this pack.

Every table in data/ gives, for every row, its source (a key of references.bib) and the
page or table it comes from.
"""
CONTENTS = {
    "students": "This is the students' pack: each exercise ends in an empty cell for your answer.",
    "teachers": "This is the teachers' pack: the notebooks with the solution of every exercise, "
    "and TEACHERS.md with a lesson plan, timings and the answers.",
}
SOLUTION = "solution"
ANSWER_CELL = "# Your answer here.\n"
AUDIENCES = ("students", "teachers")


def classroom_notebooks(root: Path = ROOT) -> list[Path]:
    """Every notebook in notebooks/ that is marked for the classroom."""
    return sorted(
        path
        for path in (root / "notebooks").glob("*.ipynb")
        if nbformat.read(path, as_version=4).metadata.get("edition", {}).get("classroom")
    )


def requirements() -> str:
    return "".join(f"{name}=={metadata.version(name)}\n" for name in REQUIREMENTS)


def is_solution(cell: nbformat.NotebookNode) -> bool:
    return SOLUTION in cell.get("metadata", {}).get("tags", [])


def stripped(path: Path, audience: str = "teachers") -> bytes:
    """A notebook as the pack ships it: no outputs; the numbers its prose takes from the
    data written out, since ``{datum}`` is a role of the edition, not of Jupyter; for
    students, an empty answer cell in place of each solution."""
    notebook = nbformat.read(path, as_version=4)
    if audience == "students":
        for cell in filter(is_solution, notebook.cells):
            # The solution's cell, emptied: it keeps its id, so the pack is the same bytes
            # at every build (a new cell would get a random id).
            cell.source = ANSWER_CELL
            cell.metadata = nbformat.NotebookNode()
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = data.with_data(cell.source, DATA)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return (nbformat.writes(notebook) + "\n").encode("utf-8")


def members(root: Path = ROOT, audience: str = "teachers") -> dict[str, bytes]:
    files: dict[str, bytes] = {
        "README.md": README.format(contents=CONTENTS[audience]).encode("utf-8"),
        "requirements.txt": requirements().encode("utf-8"),
        "references.bib": BIBFILE.read_bytes(),
    }
    if audience == "teachers":
        files["TEACHERS.md"] = (root / "book" / "teachers.md").read_bytes()
    for notebook in classroom_notebooks(root):
        files[notebook.name] = stripped(notebook, audience)
    for path in sorted(DATA.iterdir()):
        if path.suffix in {".csv", ".json"}:
            files[f"data/{path.name}"] = path.read_bytes()
    for module in MODULES:
        files[f"edition/{module}"] = (root / "edition" / module).read_bytes()
    return files


def notebook_inputs(root: Path = ROOT) -> list[Path]:
    """What the notebooks read besides their own cells: the edition's modules they import,
    the data and the bibliography."""
    data_files = sorted(path for path in (root / "data").iterdir() if path.is_file())
    return [
        *(root / "edition" / module for module in MODULES),
        *data_files,
        root / "references.bib",
    ]


def write_pack(target: Path, epoch: int, root: Path = ROOT, audience: str = "teachers") -> Path:
    folder = f"{TOP}-{audience}"
    files = {f"{folder}/{name}": content for name, content in members(root, audience).items()}
    write_zip(target, files, epoch)
    return target
