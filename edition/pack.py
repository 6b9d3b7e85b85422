"""The classroom pack: a zip a teacher can unpack anywhere and open in JupyterLab.

It holds the notebooks (without outputs), the data with its data package, the
bibliography the data cites, the few modules of the edition the notebooks import (data
loading, chart style, references: pandas, matplotlib, Pillow and pybtex only), a requirements
file pinned to the versions the edition is built with, and the teacher's notes.
Notebooks sit at the top of the pack so that ``import edition`` works from there.
"""

from __future__ import annotations

import time
import zipfile
from importlib import metadata
from pathlib import Path

import nbformat

from edition import data
from edition.paths import BIBFILE, DATA, ROOT

TOP = "stalinism-classroom"
MODULES = ["__init__.py", "paths.py", "data.py", "charts.py", "references.py"]
REQUIREMENTS = ["pandas", "matplotlib", "pillow", "pybtex", "latexcodec", "jupyterlab", "ipykernel"]
ZIP_EPOCH = 315532800  # 1980-01-01, the earliest date a zip member can carry

README = """\
# Stalinism: classroom notebooks

Notebooks on the data behind the claims of the essay edited in "Stalinism: A Critical
Edition". Paragraph numbers (¶5) refer to the edition's reading text.

To run them:

    python3 -m venv .venv
    .venv/bin/pip install -r requirements.txt
    .venv/bin/jupyter lab

Links such as ¶5 lead to the edition's reading text; they work when the notebooks are read
inside the edition, not from this pack.

Every table in data/ gives, for every row, its source (a key of references.bib) and the
page or table it comes from. TEACHERS.md has a lesson plan, timings and the answers.
"""


def classroom_notebooks(root: Path = ROOT) -> list[Path]:
    """Every notebook in notebooks/ that is marked for the classroom."""
    return sorted(
        path
        for path in (root / "notebooks").glob("*.ipynb")
        if nbformat.read(path, as_version=4).metadata.get("edition", {}).get("classroom")
    )


def requirements() -> str:
    return "".join(f"{name}=={metadata.version(name)}\n" for name in REQUIREMENTS)


def stripped(path: Path) -> bytes:
    """A notebook as the pack ships it: no outputs, and the numbers its prose takes from
    the data written out, since ``{datum}`` is a role of the edition, not of Jupyter."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = data.with_data(cell.source, DATA)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return (nbformat.writes(notebook) + "\n").encode("utf-8")


def members(root: Path = ROOT) -> dict[str, bytes]:
    files: dict[str, bytes] = {
        "README.md": README.encode("utf-8"),
        "requirements.txt": requirements().encode("utf-8"),
        "TEACHERS.md": (root / "book" / "teachers.md").read_bytes(),
        "references.bib": BIBFILE.read_bytes(),
    }
    for notebook in classroom_notebooks(root):
        files[notebook.name] = stripped(notebook)
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


def write_pack(target: Path, epoch: int, root: Path = ROOT) -> Path:
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as pack:
        for name, content in sorted(members(root).items()):
            info = zipfile.ZipInfo(f"{TOP}/{name}", date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            pack.writestr(info, content, compresslevel=9)
    return target
