"""The edition's build: HTML, PDF (XeLaTeX) and EPUB, staged and then published at once.

Sphinx (through Jupyter Book's configuration) runs in this process and builds
incrementally into ``_build/work``, the staging area (:mod:`edition.sphinxrun`). Only when
the HTML, the PDF and the EPUB have all been built without a warning is the finished site
copied into a new folder of ``_build/sites`` and the symbolic link ``_build/site`` swapped
to it by one atomic rename, so that ``_build/site`` is a complete site at every moment,
even if the build is killed. A failed build leaves the published site exactly as it was
and prints every problem once, with its file and line. A lock keeps two builds apart.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from edition import changes, downloads, sphinxrun
from edition.epub import normalise_epub
from edition.paths import (
    BUILD,
    EPUB_NAME,
    PDF_NAME,
    ROOT,
    SITE,
    WORK,
)
from edition.sphinxext.config import InputError

SPHINX_OUT = WORK / "_build"
HTML_OUT = SPHINX_OUT / "html"
LATEX_OUT = SPHINX_OUT / "latex"
EPUB_OUT = SPHINX_OUT / "epub"
DOCTREES = SPHINX_OUT / ".doctrees"
PDF_CACHE = WORK / "pdf-cache"  # what XeLaTeX made, by the digest of what it read
PDF_CACHE_ENTRIES = 3
DOWNLOADS_OUT = WORK / "downloads"  # staged before the HTML build, published with it
STAGED_MANIFEST = WORK / "downloads.published"  # what the last build copied into the site
SITES = BUILD / "sites"
LOGS = BUILD / "logs"
LOCK = BUILD / "build.lock"
# Held, shared, by every running preview for as long as it runs (edition/preview.py).
PREVIEW_LOCK = BUILD / "preview.lock"
FINGERPRINT = BUILD / "published.fingerprint"
UNTRACKED_TOP_LEVEL = frozenset({"_build", "node_modules"})
UNTRACKED_ANYWHERE = frozenset({"__pycache__"})

# The TeX log is the one output read as text: XeLaTeX runs as a program of its own.
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


def set_build_environment() -> None:
    """What every output and every notebook kernel of this build is made with."""
    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch()
    os.environ["FORCE_SOURCE_DATE"] = "1"  # TeX: \\today and PDF dates from SOURCE_DATE_EPOCH
    os.environ["NO_COLOR"] = "1"
    # Notebook kernels import the edition package from the repository.
    paths = [str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))


# The LaTeX builder runs first and checks the inputs; the EPUB and HTML builders read the
# same inputs and skip the checks (edition.sphinxext.config.input_check).
INPUTS_CHECKED = {"edition_inputs_checked": True}


def sphinx(
    builder: str, fresh: bool, overrides: dict[str, object] | None = None
) -> sphinxrun.SphinxRun:
    """One Sphinx build in this process; a warning or a failed notebook is a BuildError
    that lists every problem once, with its file and line."""
    LOGS.mkdir(parents=True, exist_ok=True)
    outdir = EPUB_OUT if builder == "epub" else SPHINX_OUT / builder
    log_path = LOGS / f"sphinx-{builder}.log"
    # myst-nb leaves a failed notebook's traceback in <outdir>/reports; a failure stops
    # the build, so any report found now is from an earlier build and must not be published.
    shutil.rmtree(outdir / "reports", ignore_errors=True)
    with log_path.open("w", encoding="utf-8") as log:
        try:
            result = sphinxrun.run(
                ROOT,
                outdir,
                DOCTREES,
                builder,
                fresh=fresh,
                log=log,
                write_all=builder != "html",
                overrides=overrides,
            )
        except (sphinxrun.ConfigError, InputError) as error:
            raise BuildError(str(error)) from error
        except Exception as error:  # an extension or Sphinx itself raised
            raise BuildError(
                f"Sphinx ({builder}) stopped: {type(error).__name__}: {error}\n"
                f"(full log: {log_path.relative_to(ROOT)})"
            ) from error
    problems = [*result.failed, *map(str, result.problems)]
    if problems:
        listing = "\n".join(problems)
        raise BuildError(
            f"{len(problems)} problem(s) in the {builder} build:\n{listing}\n"
            f"(full log: {log_path.relative_to(ROOT)})"
        )
    return result


def latex_digest(folder: Path) -> str:
    """A digest of everything XeLaTeX reads from the LaTeX folder, and of the TeX it runs."""
    digest = hashlib.sha256()
    version = subprocess.run(["xelatex", "--version"], capture_output=True, text=True)
    digest.update(version.stdout.encode())
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def typeset_pdf() -> Path:
    """The PDF of the LaTeX Sphinx wrote. Typesetting is deterministic (the dates come from
    ``SOURCE_DATE_EPOCH``, written into the LaTeX), so the files XeLaTeX made from the same
    LaTeX folder are taken again from a small cache: an edit and its revert typeset once."""
    key = latex_digest(LATEX_OUT)
    cached = PDF_CACHE / key
    if (cached / "edition.pdf").is_file():
        shutil.copytree(cached, LATEX_OUT, dirs_exist_ok=True)
        return LATEX_OUT / "edition.pdf"
    before = {p: p.stat().st_mtime_ns for p in LATEX_OUT.rglob("*") if p.is_file()}
    pdf = run_xelatex()
    made = [
        p for p in LATEX_OUT.rglob("*") if p.is_file() and before.get(p) != p.stat().st_mtime_ns
    ]
    staging = PDF_CACHE / f"{key}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    for path in made:
        target = staging / path.relative_to(LATEX_OUT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    staging.rename(cached)
    entries = sorted(
        (entry for entry in PDF_CACHE.iterdir() if not entry.name.endswith(".partial")),
        key=lambda entry: entry.stat().st_mtime_ns,
    )
    for old in entries[:-PDF_CACHE_ENTRIES]:
        shutil.rmtree(old, ignore_errors=True)
    return pdf


def run_xelatex() -> Path:
    """Run XeLaTeX (through latexmk) on the LaTeX Sphinx wrote; refuse missing glyphs."""
    tex = LATEX_OUT / "edition.tex"
    cmd = ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", tex.name]
    LOGS.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(cmd, cwd=LATEX_OUT, capture_output=True, text=True)
    (LOGS / "xelatex.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    tex_log = LATEX_OUT / "edition.log"
    lines = tex_log.read_text(errors="replace").splitlines() if tex_log.exists() else []
    if proc.returncode != 0:
        first = next((i for i, line in enumerate(lines) if line.startswith("!")), None)
        if first is None:
            detail = f"latexmk exited with status {proc.returncode}"
        else:  # the error, and TeX's "l.<line> <context>" that follows it
            context = next((ln for ln in lines[first : first + 8] if ln.startswith("l.")), "")
            detail = f"{lines[first]} (edition.tex {context.strip()})" if context else lines[first]
        raise BuildError(f"{tex_log.relative_to(ROOT)}: {detail}")
    missing = [line for line in lines if MISSING_GLYPH.match(line)]
    if missing:
        raise BuildError(f"{tex_log.relative_to(ROOT)}: {missing[0]}")
    return LATEX_OUT / "edition.pdf"


def publish(html_dir: Path) -> Path:
    """Copy the staged site into a new folder and point ``_build/site`` at it in one
    atomic rename; then remove the folders no link points to."""
    SITES.mkdir(parents=True, exist_ok=True)
    target = SITES / f"site-{time.time_ns()}"
    # .buildinfo is Sphinx's own bookkeeping for incremental builds (a hash of the
    # configuration, which holds the checkout's path), not part of the edition.
    shutil.copytree(html_dir, target, symlinks=False, ignore=shutil.ignore_patterns(".buildinfo"))
    if SITE.exists() and not SITE.is_symlink():  # a site published before the link existed
        SITE.rename(SITES / f"site-{time.time_ns()}-earlier")
    link = BUILD / "site.new-link"
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    link.symlink_to(target.relative_to(BUILD), target_is_directory=True)
    os.replace(link, SITE)
    for old in SITES.iterdir():
        if old != target:
            shutil.rmtree(old, ignore_errors=True)
    return target


@contextlib.contextmanager
def build_lock() -> Iterator[None]:
    """One build at a time: a second waits, and says so."""
    BUILD.mkdir(parents=True, exist_ok=True)
    with LOCK.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("[edition] another build is running here; waiting for it to finish …")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def inputs_fingerprint() -> str:
    """A digest of every input of the build: the sources, the lock file, the build date,
    and the commit and release tags the Changes page is read from."""
    digest = hashlib.sha256(
        f"{os.environ['SOURCE_DATE_EPOCH']}|{sys.version}|{changes.state()}".encode()
    )
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in UNTRACKED_TOP_LEVEL or any(
            part in UNTRACKED_ANYWHERE or part.startswith(".") for part in relative.parts
        ):
            continue
        if path.is_file():
            digest.update(str(relative).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@contextlib.contextmanager
def preview_running() -> Iterator[None]:
    """Held by the live preview from start to stop: its Sphinx application keeps the
    notebooks' cache and the charts' folder under the staging area open between rebuilds."""
    BUILD.mkdir(parents=True, exist_ok=True)
    with PREVIEW_LOCK.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def preview_is_running() -> bool:
    if not PREVIEW_LOCK.exists():
        return False
    with PREVIEW_LOCK.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def discard_staging_area() -> None:
    """What ``--fresh`` asks, unless a running preview is using the staging area."""
    if not WORK.exists():
        return
    if preview_is_running():
        raise BuildError(
            f"--fresh would delete {WORK}, whose notebook cache and charts a running "
            "preview (make preview) is using: stop the preview (Ctrl-C), or build "
            "without --fresh"
        )
    shutil.rmtree(WORK)


def build(fresh: bool = False) -> BuildReport:
    with build_lock():
        return build_locked(fresh)


def build_locked(fresh: bool) -> BuildReport:
    report = BuildReport()
    set_build_environment()
    if fresh:
        discard_staging_area()
    fingerprint = inputs_fingerprint()
    if (
        not fresh
        and (SITE / "index.html").is_file()
        and read_text_or_empty(FINGERPRINT) == (fingerprint)
    ):
        print("[edition] nothing changed since the published build; site is up to date")
        return report

    def step(name: str, action: Callable[[], object]) -> None:
        start = time.perf_counter()
        print(f"[edition] {name} …", flush=True)
        action()
        report.timings.append(StepTiming(name, time.perf_counter() - start))

    def latex() -> None:
        # The LaTeX and EPUB folders are written whole each time: files left there by
        # earlier builds (images, TeX's auxiliary files) would make the PDF and the e-book
        # differ from a clean build's.
        shutil.rmtree(LATEX_OUT, ignore_errors=True)
        shutil.rmtree(EPUB_OUT, ignore_errors=True)
        report.executed_notebooks += sphinx("latex", fresh).executed

    def xelatex_and_epub() -> None:
        """The Sphinx builds share one environment, so they run one after another;
        XeLaTeX only reads the LaTeX folder and runs beside the EPUB build."""
        with ThreadPoolExecutor(max_workers=1) as pool:
            start = time.perf_counter()
            typeset = pool.submit(typeset_pdf)
            try:
                sphinx("epub", False, INPUTS_CHECKED)
            finally:
                report.timings.append(StepTiming("epub", time.perf_counter() - start))
                typeset.result()
            report.timings.append(StepTiming("pdf", time.perf_counter() - start))

    def stage_downloads() -> None:
        """Everything the HTML build publishes beside its pages and states the size and
        checksum of on the Downloads page."""
        epoch = int(os.environ["SOURCE_DATE_EPOCH"])
        shutil.rmtree(DOWNLOADS_OUT, ignore_errors=True)
        DOWNLOADS_OUT.mkdir(parents=True)
        shutil.copyfile(LATEX_OUT / "edition.pdf", DOWNLOADS_OUT / PDF_NAME)
        normalise_epub(EPUB_OUT / EPUB_NAME, DOWNLOADS_OUT / EPUB_NAME, epoch)
        # The classroom packs hold the reading text the HTML build writes: that build
        # stages them (edition.sphinxext.downloads).
        downloads.stage(DOWNLOADS_OUT, epoch)

    def html() -> None:
        """Last, so that the Downloads page can give the size of every file it offers."""
        staged = {"edition_downloads_dir": str(DOWNLOADS_OUT), **INPUTS_CHECKED}
        report.executed_notebooks += sphinx("html", False, staged).executed

    # The PDF and the EPUB come first: the HTML build publishes them with their checksums.
    step("latex", latex)
    step("pdf and epub", xelatex_and_epub)
    step("downloads", stage_downloads)
    step("html", html)

    def assemble() -> None:
        epoch = int(os.environ["SOURCE_DATE_EPOCH"])
        # The output folder is kept between builds: a download the last build staged and
        # this one did not (a renamed pack) must not be published again.
        for name in read_text_or_empty(STAGED_MANIFEST).splitlines():
            (HTML_OUT / name).unlink(missing_ok=True)
        staged = sorted(
            p.relative_to(DOWNLOADS_OUT).as_posix() for p in DOWNLOADS_OUT.rglob("*") if p.is_file()
        )
        shutil.copytree(DOWNLOADS_OUT, HTML_OUT, dirs_exist_ok=True)
        STAGED_MANIFEST.write_text("\n".join(staged) + "\n", encoding="utf-8")
        downloads.write_site_zip(HTML_OUT, HTML_OUT / downloads.SITE_ZIP, epoch)
        downloads.write_checksums(HTML_OUT)

    step("assemble", assemble)
    # Killed while publishing, the build may or may not have swapped the site: the next
    # build must not take the published site for this one's inputs.
    FINGERPRINT.unlink(missing_ok=True)
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
    started = time.perf_counter()
    try:
        report = build(fresh=fresh)
    except BuildError as error:
        print(
            f"\n[edition] BUILD FAILED — the published site was left as it was.\n{error}",
            file=sys.stderr,
        )
        return 1
    # Wall time: the step timings overlap (the EPUB build runs beside XeLaTeX).
    total = time.perf_counter() - started
    if report_path:
        write_report(report, report_path)
    executed = ", ".join(dict.fromkeys(report.executed_notebooks)) or "none"
    print(f"[edition] notebooks executed: {executed}")
    print(f"[edition] published {SITE.relative_to(ROOT)} in {total:.1f} s")
    return 0
