"""The edition's build: HTML, PDF (XeLaTeX) and EPUB, staged and then published at once.

Sphinx (through Jupyter Book) builds incrementally into ``_build/work``, the staging
area. Only when the HTML, the PDF and the EPUB have all been built without a warning is
the finished site copied next to the published one and swapped in for it; a failed build
leaves ``_build/site`` exactly as it was and reports the first problem with its file
and line.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from edition import checks
from edition.epub import normalise_epub
from edition.pack import write_pack
from edition.paths import BUILD, EPUB_NAME, PACK_NAME, PDF_NAME, ROOT, SITE, WORK

SPHINX_OUT = WORK / "_build"
HTML_OUT = SPHINX_OUT / "html"
LATEX_OUT = SPHINX_OUT / "latex"
EPUB_OUT = SPHINX_OUT / "epub"
LOGS = BUILD / "logs"
FINGERPRINT = BUILD / "published.fingerprint"
UNTRACKED_TOP_LEVEL = frozenset({"_build", "node_modules"})
UNTRACKED_ANYWHERE = frozenset({"__pycache__"})

# "path:line: WARNING: message" or "path: ERROR: ..." as Sphinx prints them.
SPHINX_PROBLEM = re.compile(
    r"^(?:(?P<location>\S[^\n]*?): )?(?P<level>WARNING|ERROR|CRITICAL|SEVERE): "
)
PYTHON_ERROR = re.compile(r"^[\w.]*(?:Error|Exception)\b.*")
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
EXECUTED_NOTEBOOK = re.compile(r"^(?P<path>\S+\.ipynb): Executed notebook in ")
MISSING_GLYPH = re.compile(r"^Missing character: There is no (?P<char>.+?) in font (?P<font>.+?)!")


class BuildError(Exception):
    """A build step failed; the message names the file and line where known."""


@dataclass
class StepTiming:
    name: str
    seconds: float


@dataclass
class BuildReport:
    timings: list[StepTiming] = field(default_factory=list)
    executed_notebooks: list[str] = field(default_factory=list)

    def seconds(self, name: str) -> float:
        return sum(t.seconds for t in self.timings if t.name == name)


def source_date_epoch() -> str:
    """The date of the last commit, so that every output carries the same date."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        out = ""
    return out or "0"


def build_environment() -> dict[str, str]:
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = source_date_epoch()
    env["FORCE_SOURCE_DATE"] = "1"  # TeX: \today and PDF dates from SOURCE_DATE_EPOCH
    env["PYTHONHASHSEED"] = "0"
    env["NO_COLOR"] = "1"
    # Notebook kernels import the edition package from the repository.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


NOTEBOOK_FAILED = re.compile(r"^(?P<path>\S+\.ipynb): WARNING: Executing notebook failed")
FAILED_CELL = re.compile(r"^Cell In\[(?P<cell>\d+)\], line (?P<line>\d+)")
EXCEPTION_LINE = re.compile(r"^(?P<name>[A-Za-z_][\w.]*(?:Error|Exception|Interrupt|Exit)): ")


def notebook_failure(log: str) -> str | None:
    """``notebook: code cell N, line L: Exception: message`` from myst-nb's traceback."""
    lines = log.splitlines()
    start = next((i for i, line in enumerate(lines) if NOTEBOOK_FAILED.match(line)), None)
    if start is None:
        return None
    path = NOTEBOOK_FAILED.match(lines[start])["path"]
    cell_at = next((i for i in range(start, len(lines)) if FAILED_CELL.match(lines[i])), start)
    cell = FAILED_CELL.match(lines[cell_at])
    exception = next((ln for ln in lines[cell_at:] if EXCEPTION_LINE.match(ln)), None)
    where = f"code cell {cell['cell']}, line {cell['line']}" if cell else "a code cell"
    what = exception.strip() if exception else "the cell raised an exception"
    return f"{path}: {where}: {what}"


def first_problem(log: str) -> str | None:
    failed_notebook = notebook_failure(log)
    if failed_notebook:
        return failed_notebook
    lines = log.splitlines()
    for line in lines:
        if SPHINX_PROBLEM.match(line):
            return line.strip()
    # The first exception with a message is the cause; later ones are re-raises.
    python_errors = [line for line in lines if PYTHON_ERROR.match(line)]
    with_message = [line for line in python_errors if line.rstrip().split(":", 1)[-1].strip()]
    errors = with_message or python_errors
    return errors[0].strip() if errors else None


def run_logged(cmd: list[str], log_name: str, env: dict[str, str], cwd: Path = ROOT) -> str:
    LOGS.mkdir(parents=True, exist_ok=True)
    log_path = LOGS / log_name
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    log = ANSI_ESCAPE.sub("", proc.stdout + proc.stderr)
    log_path.write_text(log, encoding="utf-8")
    if proc.returncode != 0:
        problem = first_problem(log) or f"{cmd[0]} exited with status {proc.returncode}"
        problem = problem.replace(f"{ROOT}{os.sep}", "")
        raise BuildError(f"{problem}\n(full log: {log_path.relative_to(ROOT)})")
    if any(SPHINX_PROBLEM.match(line) for line in log.splitlines()):
        problem = str(first_problem(log)).replace(f"{ROOT}{os.sep}", "")
        raise BuildError(f"{problem}\n(full log: {log_path.relative_to(ROOT)})")
    return log


def executed_notebooks(log: str) -> list[str]:
    """The notebooks that myst-nb executed (rather than took from jupyter-cache)."""
    return [match["path"] for line in log.splitlines() if (match := EXECUTED_NOTEBOOK.match(line))]


def jupyter_book(builder: str, env: dict[str, str], fresh: bool) -> str:
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(ROOT), "--path-output", str(WORK), "-W", "-n", "--keep-going"]
    if builder in ("html", "latex"):
        cmd += ["--builder", builder]
    else:
        cmd += ["--builder", "custom", "--custom-builder", builder]
    return run_logged(cmd, f"sphinx-{builder}.log", env)


def typeset_pdf(env: dict[str, str]) -> Path:
    """Run XeLaTeX (through latexmk) on the LaTeX Sphinx wrote; refuse missing glyphs."""
    tex = LATEX_OUT / "edition.tex"
    cmd = ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", tex.name]
    try:
        run_logged(cmd, "xelatex.log", env, cwd=LATEX_OUT)
    except BuildError as error:
        tex_log = LATEX_OUT / "edition.log"
        if tex_log.exists():
            errors = [
                ln for ln in tex_log.read_text(errors="replace").splitlines() if ln.startswith("!")
            ]
            if errors:
                raise BuildError(f"{tex_log.relative_to(ROOT)}: {errors[0]}") from error
        raise
    missing = [
        line
        for line in (LATEX_OUT / "edition.log").read_text(errors="replace").splitlines()
        if MISSING_GLYPH.match(line)
    ]
    if missing:
        raise BuildError(f"{(LATEX_OUT / 'edition.log').relative_to(ROOT)}: {missing[0]}")
    return LATEX_OUT / "edition.pdf"


def publish(html_dir: Path) -> None:
    """Replace the published site by the staged one in two renames."""
    incoming = BUILD / "site.incoming"
    outgoing = BUILD / "site.outgoing"
    for leftover in (incoming, outgoing):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.copytree(html_dir, incoming, symlinks=False)
    if SITE.exists():
        SITE.rename(outgoing)
    incoming.rename(SITE)
    if outgoing.exists():
        shutil.rmtree(outgoing)


def inputs_fingerprint(env: dict[str, str]) -> str:
    """A digest of every input of the build: the sources, the lock file, the build date."""
    digest = hashlib.sha256(f"{env['SOURCE_DATE_EPOCH']}|{sys.version}".encode())
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in UNTRACKED_TOP_LEVEL or any(
            part in UNTRACKED_ANYWHERE or part.startswith(".") for part in relative.parts
        ):
            continue
        if path.is_file():
            digest.update(str(relative).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def build(fresh: bool = False) -> BuildReport:
    report = BuildReport()
    env = build_environment()
    if fresh and WORK.exists():
        shutil.rmtree(WORK)
    fingerprint = inputs_fingerprint(env)
    if not fresh and SITE.is_dir() and read_text_or_empty(FINGERPRINT) == fingerprint:
        print("[edition] nothing changed since the published build; site is up to date")
        return report

    def step(name: str, action: Callable[[], object]) -> None:
        start = time.perf_counter()
        print(f"[edition] {name} …", flush=True)
        action()
        report.timings.append(StepTiming(name, time.perf_counter() - start))

    step("check inputs", checks.check_all)

    def html() -> None:
        report.executed_notebooks += executed_notebooks(jupyter_book("html", env, fresh))

    def latex() -> None:
        start = time.perf_counter()
        report.executed_notebooks += executed_notebooks(jupyter_book("latex", env, fresh))
        report.timings.append(StepTiming("latex", time.perf_counter() - start))

    def xelatex_and_epub() -> None:
        """The Sphinx builds share one pickled environment, so they run one after another;
        XeLaTeX only reads the LaTeX folder and runs beside the EPUB build."""
        with ThreadPoolExecutor(max_workers=1) as pool:
            start = time.perf_counter()
            typeset = pool.submit(typeset_pdf, env)
            jupyter_book("epub", env, fresh)
            report.timings.append(StepTiming("epub", time.perf_counter() - start))
            typeset.result()
            report.timings.append(StepTiming("pdf", time.perf_counter() - start))

    step("html", html)
    step("latex", latex)
    step("pdf and epub", xelatex_and_epub)

    def assemble() -> None:
        shutil.copyfile(LATEX_OUT / "edition.pdf", HTML_OUT / PDF_NAME)
        normalise_epub(EPUB_OUT / EPUB_NAME, HTML_OUT / EPUB_NAME, int(env["SOURCE_DATE_EPOCH"]))
        write_pack(HTML_OUT / PACK_NAME, int(env["SOURCE_DATE_EPOCH"]))

    step("assemble", assemble)
    step("publish", lambda: publish(HTML_OUT))
    FINGERPRINT.write_text(fingerprint, encoding="utf-8")
    return report


def read_text_or_empty(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def write_report(report: BuildReport, path: Path) -> None:
    data = {
        "steps": {t.name: round(t.seconds, 3) for t in report.timings},
        "executed_notebooks": report.executed_notebooks,
    }
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def main(fresh: bool = False, report_path: Path | None = None) -> int:
    try:
        report = build(fresh=fresh)
    except (BuildError, checks.InputError) as error:
        print(
            f"\n[edition] BUILD FAILED — the published site was left as it was.\n{error}",
            file=sys.stderr,
        )
        return 1
    total = sum(t.seconds for t in report.timings)
    if report_path:
        write_report(report, report_path)
    executed = ", ".join(report.executed_notebooks) or "none"
    print(f"[edition] notebooks executed: {executed}")
    print(f"[edition] published {SITE.relative_to(ROOT)} in {total:.1f} s")
    return 0
