"""The teacher's journey: each classroom pack, and each notebook a student downloads from
the site, unpacked into an empty folder, installed in a fresh virtual environment by the
commands of its own README, every notebook run there, every link checked inside the folder.

The zips are the site's own (the packs hold the reading text the HTML build writes). The
installation is the README's, JupyterLab included: the test installs what a class installs.
The students' pack's README makes the environment; the teachers' pack and every download
must give the same commands and requirements, and run in it.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from edition import answers, pack
from edition.paths import ROOT, STUDENT_PACK_NAME, TEACHER_PACK_NAME

SOURCES = pack.classroom_notebooks()
NOTEBOOK_ZIPS = [f"notebooks/{path.stem}.zip" for path in SOURCES]
IMPORTS_EDITION = re.compile(r"^\s*(from|import)\s+edition\b", re.MULTILINE)


# --- what needs no site -----------------------------------------------------------------


def solutions(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if pack.is_solution(cell)]


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.stem)
def test_every_exercise_has_a_solution_an_answer_cell_and_a_check(source: Path) -> None:
    notebook = nbformat.read(source, as_version=4)
    questions = [
        cell
        for cell in notebook.cells
        if cell.cell_type == "markdown" and re.match(r"\*\*Exercise \d+\.\*\*", cell.source)
    ]
    checks = [cell for cell in notebook.cells if "answers.check(" in cell.source]
    assert len(questions) >= 3
    assert len(solutions(notebook)) == len(questions) == len(checks), source.name
    # JupyterLab shows the first line of a hidden cell: it names the exercise, nothing more.
    for number, solution in enumerate(solutions(notebook), 1):
        assert solution.source.splitlines()[0] == f"# Solution to exercise {number}"
    students = nbformat.reads(pack.stripped(source, "students").decode(), as_version=4)
    answer_cells = [cell for cell in students.cells if re.match(r"# Your answer", cell.source)]
    assert len(answer_cells) == len(questions)
    for number, cell in enumerate(answer_cells, 1):
        assert f"answer_{number} = ...\n" in cell.source
    assert not any("hidden below" in cell.source for cell in notebook.cells)


def test_a_check_says_right_or_wrong_and_never_the_answer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    expected = answers.digest((1937, 353074))
    answers.check([353074, "1937"], expected)
    answers.check((1937, 353000), expected)
    answers.check(..., expected)
    right, wrong, empty = capsys.readouterr().out.splitlines()
    assert right == answers.RIGHT
    assert wrong.startswith("Not yet") and "353074" not in wrong
    assert empty == answers.NO_ANSWER
    assert "353074" not in expected


def test_a_link_to_a_page_the_pack_does_not_hold_stops_the_pack() -> None:
    assert pack.pack_links("[¶5](../book/essay.md#p5)", "x") == f"[¶5]({pack.READING_TEXT}#p5)"
    with pytest.raises(pack.PackError, match="commentary"):
        pack.pack_links("see [the note](../book/commentary.md#n3)", "x.ipynb, cell 2")


def test_requirements_pin_every_package_the_notebooks_and_jupyterlab_need() -> None:
    pins = dict(
        re.match(r"([a-z0-9\-]+)==([^ ;]+)", line).groups()  # type: ignore[union-attr]
        for line in pack.requirements().splitlines()
    )
    assert {"pandas", "matplotlib", "pybtex", "jupyterlab", "ipykernel"} <= set(pins)
    # transitive ones: pandas needs numpy; jupyterlab needs jupyter-server, which needs tornado
    assert {"numpy", "jupyter-server", "tornado", "pyzmq"} <= set(pins)
    assert "pywinpty" in pins  # Windows only, with its marker
    assert pins["pandas"] == pack.locked_versions()["pandas"]


def test_binder_installs_what_the_packs_pin() -> None:
    """Binder reads binder/requirements.txt and binder/runtime.txt of the repository."""
    binder = ROOT / "binder"
    assert (binder / "requirements.txt").read_text(encoding="utf-8") == pack.requirements()
    assert (binder / "runtime.txt").read_text(encoding="utf-8") == f"python-{pack.PYTHON}\n"


def test_the_teachers_guide_is_plain_markdown() -> None:
    guide = pack.teachers_guide().decode()
    assert "Lesson plan" in guide
    assert not re.search(r"\{[a-z:-]+\}`|```\{|^---$", guide, re.MULTILINE), guide[:400]
    assert "`party_membership.ipynb`" in guide


# --- the site's zips, unpacked and run ------------------------------------------------------


def unzip(archive: Path, target: Path) -> Path:
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(target)
    (folder,) = target.iterdir()
    return folder


def readme_commands(folder: Path) -> list[str]:
    """The README's commands for Linux and macOS, less the one that starts JupyterLab."""
    readme = (folder / "README.md").read_text(encoding="utf-8")
    block = readme.split("On Linux and macOS:", 1)[1].split("\n\n", 2)[1]
    commands = [line.strip() for line in block.splitlines() if line.strip()]
    assert commands[-1].endswith("jupyter lab"), commands
    return commands[:-1]


def clean_environment(home: Path) -> dict[str, str]:
    """No PYTHONPATH (the build's kernels import the edition from the repository), the
    system's Python first on PATH, a HOME of its own; pip's settings and cache as the
    machine has them."""
    keep = {
        name: value
        for name, value in os.environ.items()
        if name.startswith("PIP_") or name in ("LANG", "TMPDIR")
    }
    cache = os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))
    return {**keep, "PATH": "/usr/bin:/bin", "HOME": str(home), "PIP_CACHE_DIR": cache}


def install(folder: Path, home: Path) -> Path:
    for command in readme_commands(folder):
        result = subprocess.run(
            shlex.split(command),
            cwd=folder,
            capture_output=True,
            text=True,
            env=clean_environment(home),
        )
        assert result.returncode == 0, f"{command}:\n{result.stderr[-3000:]}"
        # pip installs a withdrawn ("yanked") release when it is pinned, with a warning
        assert "yanked" not in result.stdout + result.stderr, result.stderr[-3000:]
    return folder / ".venv"


def run_notebooks(folder: Path, venv: Path, home: Path) -> dict[str, nbformat.NotebookNode]:
    """Every notebook of the folder executed, as ``jupyter nbconvert --execute`` does it (one
    call for them all, each in a fresh kernel)."""
    out = home / "executed" / folder.name
    names = sorted(path.name for path in folder.glob("*.ipynb"))
    result = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--ExecutePreprocessor.timeout=300",
            "--output-dir",
            str(out),
            *names,
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        env=clean_environment(home),
    )
    assert result.returncode == 0, f"{folder.name}:\n{result.stderr[-3000:]}"
    return {name: nbformat.read(out / name, as_version=4) for name in names}


MARKDOWN = MarkdownIt("commonmark")


def links(notebook: nbformat.NotebookNode) -> list[str]:
    """Every address a notebook's prose and outputs lead to: Markdown links and images,
    ``href`` and ``src`` in its HTML (typed in a cell or written by a cell)."""
    found: list[str] = []
    html = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for token in MARKDOWN.parse(cell.source):
                for child in [token, *(token.children or [])]:
                    if child.type in ("link_open", "image"):
                        found.append(str(child.attrGet("href") or child.attrGet("src")))
                    if child.type in ("html_inline", "html_block"):
                        html.append(child.content)
        for output in cell.get("outputs", []):
            html.append(output.get("data", {}).get("text/html", ""))
    for fragment in html:
        for element in BeautifulSoup(fragment, "html.parser").select("[href], [src]"):
            found.append(str(element.get("href") or element.get("src")))
    return found


def unresolved(folder: Path, notebook: str, address: str) -> str | None:
    """Why a relative address does not resolve inside the folder, or None."""
    parts = urlsplit(address)
    if parts.scheme or address.startswith("//"):
        return None  # an address on the web: not the pack's business
    target = (folder / unquote(parts.path)).resolve() if parts.path else folder / notebook
    if not target.is_relative_to(folder.resolve()) or not target.is_file():
        return f"{notebook}: {address} leads to no file of the folder"
    if parts.fragment and target.suffix == ".html":
        page = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
        if page.find(id=parts.fragment) is None:
            return f"{notebook}: {address}: no id {parts.fragment!r} in {target.name}"
    return None


SLIPS = re.compile(r"\bNaN\b|<NA>|\bnan\b|(?<!\.)\.\.(?!\.)|\b[a-z_]+=[^=\s]+[;,][a-z_]+=")


def shown(output: nbformat.NotebookNode) -> str:
    """What JupyterLab shows of an output: its HTML where it has one, else its text."""
    if output.get("output_type") == "stream":
        return str(output.get("text", ""))
    bundle = output.get("data", {})
    return str(bundle.get("text/html") or bundle.get("text/plain") or "")


def slips(notebook: nbformat.NotebookNode) -> list[str]:
    """``NaN``, a doubled full stop or an internal selector (``series=…;year=…``) in what
    the student reads: the prose and the outputs."""
    texts = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    texts += [shown(output) for cell in notebook.cells for output in cell.get("outputs", [])]
    read = [BeautifulSoup(text, "html.parser").get_text(" ") for text in texts]
    return [
        text[max(0, found.start() - 60) : found.end() + 60]
        for text in read
        for found in SLIPS.finditer(text)
    ]


def check_outputs(folder: Path, executed: dict[str, nbformat.NotebookNode], students: bool) -> None:
    problems = []
    for name, notebook in executed.items():
        addresses = links(notebook)
        assert any(pack.READING_TEXT in address for address in addresses), name
        assert any(pack.BIBLIOGRAPHY in address for address in addresses), name
        problems += filter(None, (unresolved(folder, name, a) for a in addresses))
        code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
        assert not IMPORTS_EDITION.search(code), f"{name} imports the edition's package"
        checks = [
            "".join(output.get("text", "") for output in cell.outputs).strip()
            for cell in notebook.cells
            if "answers.check(" in cell.source
        ]
        assert checks, name
        problems += [f"{name}: {slip!r}" for slip in slips(notebook)]
        # The students have not answered yet; the teachers' solutions are all right.
        assert set(checks) == {answers.NO_ANSWER if students else answers.RIGHT}, (name, checks)
    assert not problems, "\n".join(problems)


def assert_no_solution(folder: Path) -> None:
    for source in SOURCES:
        shipped = nbformat.read(folder / source.name, as_version=4)
        assert not solutions(shipped), source.name
        text = "\n".join(cell.source for cell in shipped.cells)
        for solution in solutions(nbformat.read(source, as_version=4)):
            for line in solution.source.splitlines():
                if len(line) > 25 and "answer_" not in line:  # the answer cell keeps its name
                    assert line not in text, f"{source.name}: {line!r}"


@pytest.fixture(scope="module")
def journey(site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {"site": site, "home": tmp_path_factory.mktemp("home")}


@pytest.fixture(scope="module")
def students_pack(journey: dict[str, Path]) -> Path:
    return unzip(journey["site"] / STUDENT_PACK_NAME, journey["home"] / "students")


@pytest.fixture(scope="module")
def classroom_environment(journey: dict[str, Path], students_pack: Path) -> Path:
    """The environment the students' pack's README makes, in a fresh folder. The teachers'
    pack and each notebook's download give the same commands and the same requirements
    (each test asserts it), so one installation serves them all: more would test pip's
    cache, not the edition."""
    return install(students_pack, journey["home"])


def same_installation(folder: Path, environment: Path) -> None:
    """``folder`` installs what made ``environment``: the same README commands, the same
    pinned requirements."""
    made_by = environment.parent
    assert readme_commands(folder) == readme_commands(made_by)
    requirements = (folder / "requirements.txt").read_bytes()
    assert requirements == (made_by / "requirements.txt").read_bytes()


def test_the_students_pack_installs_runs_and_links_inside_itself(
    journey: dict[str, Path], students_pack: Path, classroom_environment: Path
) -> None:
    folder = students_pack
    assert {path.name for path in SOURCES} <= {path.name for path in folder.glob("*.ipynb")}
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "Python 3.11" in readme and "Windows" in readme and "copy_text" not in readme
    assert "The copy-text in numbers" in readme  # the notebook left out, and why
    assert (folder / "runtime.txt").read_text() == f"python-{pack.PYTHON}\n"
    assert not (folder / "TEACHERS.md").exists()
    assert_no_solution(folder)
    executed = run_notebooks(folder, classroom_environment, journey["home"])
    check_outputs(folder, executed, students=True)


def test_the_teachers_pack_installs_runs_and_hides_its_solutions_in_jupyterlab(
    journey: dict[str, Path], classroom_environment: Path, tmp_path: Path
) -> None:
    folder = unzip(journey["site"] / TEACHER_PACK_NAME, tmp_path / "unpacked")
    for source in SOURCES:
        shipped = nbformat.read(folder / source.name, as_version=4)
        hidden = solutions(shipped)
        assert len(hidden) == len(solutions(nbformat.read(source, as_version=4))) >= 3
        for cell in hidden:
            assert cell.metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
    guide = (folder / "TEACHERS.md").read_text(encoding="utf-8")
    assert "Lesson plan" in guide and "{doc}" not in guide
    same_installation(folder, classroom_environment)
    executed = run_notebooks(folder, classroom_environment, journey["home"])
    check_outputs(folder, executed, students=False)


@pytest.mark.parametrize("download", NOTEBOOK_ZIPS)
def test_a_notebook_downloaded_from_its_page_runs_alone_without_solutions(
    journey: dict[str, Path], classroom_environment: Path, download: str, tmp_path: Path
) -> None:
    page = BeautifulSoup(
        (journey["site"] / download.replace(".zip", ".html")).read_text(encoding="utf-8"),
        "html.parser",
    )
    offered = [a["href"] for a in page.select("a[href$='.zip']")]
    assert Path(download).name in offered, offered
    assert not page.select("a[href$='.ipynb']"), "the notebook with its solutions is offered"
    assert not (journey["site"] / "_sources" / download.replace(".zip", ".ipynb")).exists()
    folder = unzip(journey["site"] / download, tmp_path / "unpacked")
    assert sorted(path.name for path in folder.glob("*.ipynb")) == [Path(download).stem + ".ipynb"]
    same_installation(folder, classroom_environment)
    source = next(path for path in SOURCES if path.stem == Path(download).stem)
    shipped = nbformat.read(folder / source.name, as_version=4)
    assert not solutions(shipped)
    assert not IMPORTS_EDITION.search("\n".join(cell.source for cell in shipped.cells))
    executed = run_notebooks(folder, classroom_environment, journey["home"])
    check_outputs(folder, executed, students=True)


def test_launch_buttons_only_with_a_repository_address(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from edition.sphinxext.downloads import REPOSITORY_VARIABLE, launch_only_from_a_repository

    def options(address: str) -> dict:
        monkeypatch.setenv(REPOSITORY_VARIABLE, address)
        config = SimpleNamespace(
            html_theme_options={
                "repository_url": "",
                "launch_buttons": {"thebe": False, "binderhub_url": "https://mybinder.org"},
            }
        )
        launch_only_from_a_repository(None, config)  # type: ignore[arg-type]
        return config.html_theme_options

    assert "binderhub_url" not in options("")["launch_buttons"]
    given = options("https://github.com/example/stalinism-edition")
    assert given["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert given["repository_url"] == "https://github.com/example/stalinism-edition"
