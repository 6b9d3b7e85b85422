"""The classroom packs: zips a class can unpack anywhere and open in JupyterLab.

A pack holds, at its top, the classroom notebooks (without outputs) and everything their
links and cells reach: the reading text and the bibliography as HTML pages that open
offline, the data with its data package, ``references.bib``, and ``classroom/``, a copy of
the few modules of the edition the notebooks import (data loading, chart style, references,
answer checks: pandas, matplotlib, Pillow and pybtex only), so that nothing imports the
edition's own package. ``requirements.txt`` pins every package the notebooks and JupyterLab
need, transitive ones included, at the versions of the edition's ``requirements.lock``;
``runtime.txt`` names the Python version, as Binder reads it.

The teachers' pack keeps the solutions (the cells tagged ``solution``), hidden in
JupyterLab by the cell metadata it honours (``jupyter.source_hidden``), and adds the
teachers' guide as plain Markdown. In the students' pack each solution is an answer cell
(``answer_1 = ...``) and nothing else of it remains; the check cell after it says whether an
answer is right by comparing digests (:mod:`edition.answers`). The same students' notebook
is what a reader downloads from a notebook's page of the site, as a zip of that notebook and
what it needs (:func:`notebook_members`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

import nbformat
import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from edition import data, references
from edition.downloads import write_zip
from edition.paths import BIBFILE, DATA, ROOT

TOP = "stalinism-classroom"
PACKAGE = "classroom"  # the pack's copy of the edition's modules
MODULES = ["paths.py", "data.py", "charts.py", "references.py", "answers.py"]
# What the notebooks import, and what runs them: the roots of requirements.txt.
REQUIREMENTS = ["pandas", "matplotlib", "pillow", "pybtex", "latexcodec", "jupyterlab", "ipykernel"]
LOCK = ROOT / "requirements.lock"
PYTHON = "3.11"  # the oldest Python the pins install on (pandas 3 and matplotlib 3.11 need it)
# Packages the roots need only on Windows or macOS, which the lock (resolved on Linux) does
# not hold. Versions: the newest release on PyPI (checked 2026-12-07) that meets every
# requirement on it in the lock's packages.
OTHER_PLATFORMS = {"appnope": "1.0.0", "colorama": "0.4.6", "pywinpty": "3.1.2"}
# Where the lock's version needs a newer Python than PYTHON.0 (Debian 12's Python is 3.11.2):
# the newest release that works on it. soupsieve 3 needs 3.11.5 (its 3.0.1 was withdrawn
# from PyPI for breaking on older 3.11); it serves nbconvert's HTML export only.
OLDER_PYTHON = {"soupsieve": "2.10"}
# Where a pack may run: CPython from PYTHON on, on Linux, Windows and macOS.
ENVIRONMENTS = [
    {
        "python_version": f"3.{minor}",
        "python_full_version": f"3.{minor}.0",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "extra": "",
        **platform,
    }
    for minor in range(int(PYTHON.split(".")[1]), 15)
    for platform in (
        {"sys_platform": "linux", "os_name": "posix", "platform_system": "Linux"},
        {"sys_platform": "win32", "os_name": "nt", "platform_system": "Windows"},
        {"sys_platform": "darwin", "os_name": "posix", "platform_system": "Darwin"},
    )
]
READING_TEXT = "reading-text.html"
BIBLIOGRAPHY = "bibliography.html"
# Where the notebooks' links lead inside the edition, and where the same page is in a pack.
PAGES = {"../book/essay.md": READING_TEXT, "../book/bibliography.md": BIBLIOGRAPHY}
LEFT_OUT = {
    "copy_text": "*The copy-text in numbers*, the edition's sixth notebook, is not in the "
    "pack: it has no exercises, and it counts the paragraphs and notes of the witness for "
    "the edition's own pages (it gives them their figures through the edition's build). "
    "Read it on the edition's site."
}
SOLUTION = "solution"
ANSWER_VARIABLE = re.compile(r"^(answer_\d+) =", re.MULTILINE)
MARKDOWN_LINK = re.compile(r"\]\((?!https?:|mailto:|#)([^)\s]+)\)")
EDITION_IMPORT = re.compile(r"^(\s*)(from|import) edition\b", re.MULTILINE)
AUDIENCES = ("students", "teachers")


class PackError(ValueError):
    """A notebook the pack cannot ship as it is: a link to a page the pack does not hold, a
    solution without an answer variable, an import of the edition left after the rewrite."""


README = """\
# Stalinism: classroom notebooks

Notebooks on the data behind the claims of the essay edited in *Stalinism: A Critical
Edition*, version {version}. {audience}

## What is in this folder

{notebooks}- `{reading}`: the essay's reading text, with its paragraph numbers (¶5); open
  it in a web browser. The notebooks' links to a paragraph lead there.
- `{bibliography}`: every work the data and the notebooks cite; the tables' sources link to
  it. `references.bib` is the same bibliography for reference managers.
- `data/`: the tables, and `datapackage.json`, which describes their columns. Every row
  gives its source and the page or table it comes from.
- `classroom/`: the code the notebooks import (data loading, charts, answer checks).
- `requirements.txt`: the exact version of every package the notebooks and JupyterLab need;
  `runtime.txt`: the Python version, for Binder.
{left_out}
## Running the notebooks

You need **Python {python} or newer, up to 3.14** (from <https://www.python.org/downloads/>,
or your system's package manager); the pins below were installed and every notebook run with
Python {python}. Open a terminal in this folder, then:

On Linux and macOS:

    python3 -m venv .venv
    .venv/bin/python -m pip install -r requirements.txt
    .venv/bin/jupyter lab

On Windows (PowerShell or the Command Prompt):

    py -m venv .venv
    .venv\\Scripts\\python -m pip install -r requirements.txt
    .venv\\Scripts\\jupyter lab

The installed packages take about 500 MB of disk space. `python3 --version` (Windows:
`py --version`) says which Python you have; if it is older than {python}, install a newer one
first.

## Exercises and checks

Each notebook ends in exercises. {exercises} After each answer comes a check cell: run it and
it says whether your answer is right, without showing the answer (it compares a digest of
your answer with the digest of the right one).
"""
GUIDE = "- `TEACHERS.md`: the teachers' guide.\n"
AUDIENCE = {
    "students": "This is the students' pack: each exercise has an empty cell for your answer.",
    "teachers": "This is the teachers' pack: the notebooks with the solution of every "
    "exercise, and `TEACHERS.md` with a lesson plan, timings and what students should "
    "conclude.",
}
EXERCISES = {
    "students": "Write your answer in the cell under the question, in place of `...`.",
    "teachers": "The solution cells are hidden: in JupyterLab, click the three dots under a "
    "question (or the bar at the left of the hidden cell) to show one; run it, then its check.",
}


def classroom_notebooks(root: Path = ROOT) -> list[Path]:
    """Every notebook in notebooks/ that is marked for the classroom."""
    return sorted(
        path
        for path in (root / "notebooks").glob("*.ipynb")
        if nbformat.read(path, as_version=4).metadata.get("edition", {}).get("classroom")
    )


def locked_versions(lock: Path = LOCK) -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", lock.read_text(encoding="utf-8"), re.M)
    return {canonicalize_name(name): version for name, version in pins}


def requirements(roots: Iterable[str] = REQUIREMENTS, lock: Path = LOCK) -> str:
    """``name==version`` for every root and, transitively, every package it requires, on
    any platform: the versions of ``requirements.lock``, the dependency graph read from the
    installed packages' metadata (the build's environment is the lock). A requirement for
    another platform only (``pywinpty; os_name == "nt"``) keeps its marker."""
    locked = locked_versions(lock)
    pins: dict[str, str] = {}
    markers: dict[str, set[str]] = {}
    todo = [(canonicalize_name(name), "") for name in roots]
    while todo:
        name, marker = todo.pop()
        if name in pins and ("" in markers[name] or marker in markers[name]):
            continue  # already required here, under this condition or none
        if name in OLDER_PYTHON:
            pins[name] = OLDER_PYTHON[name]
        elif name in locked:
            pins[name] = locked[name]
        elif name in OTHER_PLATFORMS:
            pins[name] = OTHER_PLATFORMS[name]
        else:
            raise PackError(f"{name} is required but neither in {lock.name} nor OTHER_PLATFORMS")
        markers.setdefault(name, set()).add(marker)
        if name not in locked:
            continue  # not installed here: its own requirements are not read
        needs = metadata.metadata(name).get("Requires-Python")
        if name not in OLDER_PYTHON and needs and f"{PYTHON}.0" not in SpecifierSet(needs):
            raise PackError(f"{name}=={pins[name]} needs Python {needs}, not {PYTHON}.0")
        for line in metadata.requires(name) or []:
            requirement = Requirement(line)
            applies = [
                requirement.marker.evaluate(environment) if requirement.marker else True
                for environment in ENVIRONMENTS
            ]
            if not any(applies):
                continue  # an extra, or for a Python older than PYTHON
            condition = "" if all(applies) else f"({requirement.marker})"
            both = " and ".join(filter(None, (marker, condition)))
            todo.append((canonicalize_name(requirement.name), both))
    lines = []
    for name in sorted(pins):
        pin = f"{name}=={pins[name]}"
        either = "" if "" in markers[name] else " or ".join(sorted(markers[name]))
        if either and not all(Marker(either).evaluate(env) for env in ENVIRONMENTS):
            pin += f" ; {either}"
        lines.append(pin)
    return "\n".join(lines) + "\n"


def is_solution(cell: nbformat.NotebookNode) -> bool:
    return SOLUTION in cell.get("metadata", {}).get("tags", [])


def answer_cell(cell: nbformat.NotebookNode, where: str) -> str:
    variables = ANSWER_VARIABLE.findall(cell.source)
    if len(variables) != 1:
        raise PackError(f"{where}: a solution cell must set one answer_N, not {variables}")
    number = variables[0].removeprefix("answer_")
    return f"# Your answer to exercise {number}:\n{variables[0]} = ...\n"


def pack_links(markdown: str, where: str) -> str:
    """The notebook's relative links, led to the pack's copy of each page."""

    def replace(match: re.Match[str]) -> str:
        target, _, fragment = match.group(1).partition("#")
        if target not in PAGES:
            raise PackError(f"{where}: the pack holds no page for the link {match.group(1)}")
        return f"]({PAGES[target]}{'#' + fragment if fragment else ''})"

    return MARKDOWN_LINK.sub(replace, markdown)


def stripped(path: Path, audience: str = "teachers") -> bytes:
    """A notebook as the pack ships it: no outputs; the numbers its prose takes from the
    data written out, since ``{datum}`` is a role of the edition, not of Jupyter; links to
    the pack's own pages; the edition's modules imported from the pack's copy; for students,
    an answer cell in place of each solution, for teachers each solution hidden."""
    notebook = nbformat.read(path, as_version=4)
    for index, cell in enumerate(notebook.cells):
        where = f"{path.name}, cell {index + 1}"
        if is_solution(cell):
            if audience == "students":
                # The solution's cell, emptied: it keeps its id, so the pack is the same
                # bytes at every build (a new cell would get a random id).
                cell.source = answer_cell(cell, where)
                cell.metadata = nbformat.NotebookNode()
            else:
                cell.metadata.setdefault("jupyter", nbformat.NotebookNode()).update(
                    source_hidden=True, outputs_hidden=True
                )
        if cell.cell_type == "markdown":
            cell.source = pack_links(data.with_data(cell.source, DATA), where)
        if cell.cell_type == "code":
            cell.source = EDITION_IMPORT.sub(rf"\1\2 {PACKAGE}", cell.source)
            cell.outputs = []
            cell.execution_count = None
    return (nbformat.writes(notebook) + "\n").encode("utf-8")


def package_init() -> bytes:
    return (
        '"""The edition\'s modules the classroom notebooks import, copied from the edition\'s\n'
        "code (edition/data.py and the others) so that a pack runs without the edition."
        '"""\n\n'
        "from . import data\n\n"
        "# In a pack the bibliography is a page beside the notebooks.\n"
        f'data.BIBLIOGRAPHY_PAGE = "{BIBLIOGRAPHY}"\n'
    ).encode()


def page(title: str, body: str) -> bytes:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<style>body{max-width:42rem;margin:2rem auto;padding:0 1rem;font:1.05rem/1.5 serif}"
        " li{margin-bottom:.5rem}</style>\n</head>\n<body>\n"
        f"{body}</body>\n</html>\n"
    ).encode()


def bibliography_page(bibfile: Path = BIBFILE) -> bytes:
    """Every entry of the bibliography, under its label and with the id the tables' links
    use (:func:`edition.references.anchor`), formatted by the edition's style."""
    import pybtex.plugin
    from pybtex.backends.html import Backend

    from edition.sphinxext.bibstyle import AuthorYearLabelStyle, EditionStyle, LabelSortingStyle

    for group, name, style in (
        ("pybtex.style.labels", "edition-author-year", AuthorYearLabelStyle),
        ("pybtex.style.sorting", "edition-label", LabelSortingStyle),
    ):
        pybtex.plugin.register_plugin(group, name, style, force=True)
    bib = references.bibliography(bibfile)
    labels = references.labels(bibfile)
    backend = Backend()
    items = []
    for entry in EditionStyle().format_entries(
        sorted(bib.entries.values(), key=references.filing_key)
    ):
        key = entry.key
        items.append(
            f'<li id="{references.anchor(key)}"><strong>{html.escape(labels[key])}</strong>. '
            f"{entry.text.render(backend)}</li>\n"
        )
    body = (
        "<h1>Bibliography</h1>\n<p>The works the data and the notebooks cite, from "
        "<code>references.bib</code>, under the labels the tables use.</p>\n"
        f"<ul>\n{''.join(items)}</ul>\n"
    )
    return page("Bibliography", body)


PARAGRAPH_MARK = re.compile(r"^\*\*¶(\d+)\*\*")


def reading_text_page(markdown: str) -> bytes:
    """The reading text (``reading-text.md`` of the edition) as an HTML page whose
    paragraphs carry the ids of the edition's (``p5``), so ``reading-text.html#p5`` works."""
    parser = MarkdownIt("commonmark").use(footnote_plugin)
    tokens = parser.parse(markdown)
    for number, token in enumerate(tokens):
        if token.type == "paragraph_open" and number + 1 < len(tokens):
            found = PARAGRAPH_MARK.match(tokens[number + 1].content)
            if found:
                token.attrSet("id", f"p{found.group(1)}")
    return page("Reading text", parser.renderer.render(tokens, parser.options, {}))


def teachers_guide(root: Path = ROOT) -> bytes:
    """The teachers' guide as plain Markdown: the book's page without its MyST (front
    matter, roles, directives)."""
    text = (root / "book" / "teachers.md").read_text(encoding="utf-8")
    text = re.sub(r"\A---\n.*?\n---\n+", "", text, flags=re.S)
    text = re.sub(r"```\{edition-downloads\}\n```\n*", "", text)

    def document(match: re.Match[str]) -> str:
        name = match.group(1).rsplit("/", 1)[-1]
        return f"`{name}.ipynb`"

    text = re.sub(r"\{doc\}`(?:[^<`]*<)?([^>`]+)>?`", document, text)
    if re.search(r"\{[a-z:-]+\}`|^```\{|^:::", text, re.M):
        raise PackError("book/teachers.md: a MyST role or directive the pack cannot write out")
    return text.encode("utf-8")


def shared_members(audience: str, reading_text: str) -> dict[str, bytes]:
    """What every notebook of a pack needs beside it."""
    files: dict[str, bytes] = {
        "requirements.txt": requirements().encode("utf-8"),
        "runtime.txt": f"python-{PYTHON}\n".encode(),
        "references.bib": BIBFILE.read_bytes(),
        BIBLIOGRAPHY: bibliography_page(),
        READING_TEXT: reading_text_page(reading_text),
        f"{PACKAGE}/__init__.py": package_init(),
    }
    for path in sorted(DATA.iterdir()):
        if path.suffix in {".csv", ".json"}:
            files[f"data/{path.name}"] = path.read_bytes()
    for module in MODULES:
        files[f"{PACKAGE}/{module}"] = (ROOT / "edition" / module).read_bytes()
    return files


def release() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return str(config["sphinx"]["config"]["release"])


def readme(notebooks: list[Path], audience: str, left_out: dict[str, str]) -> bytes:
    listed = "".join(
        f"- `{path.name}`: {nbformat.read(path, as_version=4).cells[0].source.splitlines()[0]}\n"
        for path in notebooks
    ).replace("# ", "")
    text = README.format(
        version=release(),
        audience=AUDIENCE[audience],
        notebooks=listed + (GUIDE if audience == "teachers" else ""),
        reading=READING_TEXT,
        bibliography=BIBLIOGRAPHY,
        left_out="".join(f"\n{reason}\n" for reason in left_out.values()),
        python=PYTHON,
        exercises=EXERCISES[audience],
    )
    return text.encode("utf-8")


def members(reading_text: str, root: Path = ROOT, audience: str = "teachers") -> dict[str, bytes]:
    notebooks = classroom_notebooks(root)
    files = shared_members(audience, reading_text)
    left_out = {
        path.stem: LEFT_OUT[path.stem]
        for path in sorted((root / "notebooks").glob("*.ipynb"))
        if path not in notebooks
    }
    files["README.md"] = readme(notebooks, audience, left_out)
    if audience == "teachers":
        files["TEACHERS.md"] = teachers_guide(root)
    for notebook in notebooks:
        files[notebook.name] = stripped(notebook, audience)
    return dict(sorted(files.items()))


def notebook_members(notebook: Path, reading_text: str) -> dict[str, bytes]:
    """One notebook as a reader downloads it from its page: the students' notebook, with
    what it needs to run (a notebook alone could not reach the data or the code)."""
    files = shared_members("students", reading_text)
    files["README.md"] = readme([notebook], "students", {})
    files[notebook.name] = stripped(notebook, "students")
    return dict(sorted(files.items()))


def notebook_inputs(root: Path = ROOT) -> list[Path]:
    """What the notebooks read besides their own cells: the edition's modules they import,
    the data and the bibliography."""
    data_files = sorted(path for path in (root / "data").glob("*") if path.is_file())
    return [
        *(root / "edition" / module for module in MODULES),
        *data_files,
        root / "references.bib",
    ]


def write_zip_folder(target: Path, folder: str, files: dict[str, bytes], epoch: int) -> Path:
    write_zip(target, {f"{folder}/{name}": content for name, content in files.items()}, epoch)
    return target


def write_pack(
    target: Path, epoch: int, reading_text: str, root: Path = ROOT, audience: str = "teachers"
) -> Path:
    files = members(reading_text, root, audience)
    return write_zip_folder(target, f"{TOP}-{audience}", files, epoch)


def write_notebook_zip(target: Path, notebook: Path, epoch: int, reading_text: str) -> Path:
    return write_zip_folder(target, notebook.stem, notebook_members(notebook, reading_text), epoch)
