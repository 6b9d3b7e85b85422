"""Benchmark of the build (cold, no-change, prose-edit and notebook-edit rebuilds) and of
the pages it makes (bytes per page, Lighthouse: see :mod:`edition.pagebench`).

Runs in a scratch copy of the repository so the working tree is never touched, prints a
table and writes the figures to ``_build/bench.json``. ``--pages`` measures only the pages
of the published site.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path

import nbformat

from edition import pagebench
from edition.pack import TOP
from edition.paths import BUILD, ROOT, SITE, TEACHER_PACK_NAME

PROSE_EDIT = ("book/witness.md", "in a single witness", "in a single known witness")
CODE_EDIT_NOTEBOOK = "notebooks/copy_text.ipynb"


def copy_tracked_files(target: Path) -> None:
    """The repository's files, as a clone would have them, with its history (linked), plus
    the installed Node tools (linked, not copied), which the build needs as a set-up
    machine has them."""
    names = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, names.split("\0")):
        source = ROOT / name
        if source.is_file():
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(source.read_bytes())
    if (ROOT / "node_modules").is_dir():
        (target / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    # A clone has the history, which the Changes page is read from: point at this one's.
    if (ROOT / ".git").is_dir():
        (target / ".git").write_text(f"gitdir: {ROOT / '.git'}\n", encoding="utf-8")
    elif (ROOT / ".git").is_file():  # a linked checkout, whose .git names its history
        (target / ".git").write_text((ROOT / ".git").read_text(encoding="utf-8"), encoding="utf-8")


def timed_build(root: Path, *args: str) -> dict:
    report = root / "_build" / "report.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "edition", "build", "--report", str(report), *args],
        cwd=root,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"benchmark build failed:\n{proc.stdout}{proc.stderr}")
    data = json.loads(report.read_text(encoding="utf-8"))
    steps = data["steps"]
    return {
        "seconds": round(seconds, 2),
        "html": round(steps.get("html", 0.0), 2),
        "pdf": round(steps.get("latex", 0.0) + steps.get("pdf", 0.0), 2),
        "epub": round(steps.get("epub", 0.0), 2),
        "notebooks_executed": len(data["executed_notebooks"]),
    }


def edit_prose(root: Path) -> None:
    path, old, new = PROSE_EDIT
    text = (root / path).read_text(encoding="utf-8")
    assert old in text, f"{path} no longer contains the benchmark's edit point {old!r}"
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_notebook_code(root: Path) -> None:
    notebook = nbformat.read(root / CODE_EDIT_NOTEBOOK, as_version=4)
    cell = next(c for c in notebook.cells if c.cell_type == "code")
    cell.source = "# benchmark edit\n" + cell.source
    nbformat.write(notebook, root / CODE_EDIT_NOTEBOOK)


PREVIEW_EDIT = ("book/essay.md", "*Editors' figure, testing ¶5.*", "*Editors' figure, testing ¶5.*")
PREVIEW_PORT = 8019


def preview_latencies(root: Path, edits: int = 3) -> list[float]:
    """Seconds from saving a prose edit of the essay to the preview serving the edited page
    (and telling the open browser to reload), for ``edits`` successive edits."""
    process = subprocess.Popen(
        [sys.executable, "-m", "edition", "preview", "--port", str(PREVIEW_PORT)],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{PREVIEW_PORT}"
    latencies = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("[preview] http://"):
                break
        else:
            raise SystemExit("the preview did not start")
        path = root / PREVIEW_EDIT[0]
        for number in range(1, edits + 1):
            marker = f"benchmarkedit{number}"
            version = fetch(f"{base}/__edition_preview_version")
            text = path.read_text(encoding="utf-8")
            saved = time.perf_counter()
            path.write_text(text.replace(PREVIEW_EDIT[1], f"{PREVIEW_EDIT[2]} {marker}", 1))
            while (
                marker not in fetch(f"{base}/book/essay.html")
                or fetch(f"{base}/__edition_preview_version") == version
            ):
                if time.perf_counter() - saved > 120:
                    raise SystemExit("the preview did not show the edit within two minutes")
                time.sleep(0.05)
            latencies.append(round(time.perf_counter() - saved, 2))
            path.write_text(text, encoding="utf-8")
            time.sleep(1)  # let the revert be rebuilt before the next edit
            while marker in fetch(f"{base}/book/essay.html"):
                time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return latencies


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def notebook_run_times(pack: Path, workdir: Path) -> dict[str, float]:
    """Each classroom notebook run top to bottom in a fresh kernel, from the unzipped pack."""
    with zipfile.ZipFile(pack) as archive:
        archive.extractall(workdir)
    top = workdir / f"{TOP}-teachers"
    jupyter_execute = Path(sys.executable).with_name("jupyter-execute")
    times = {}
    for notebook in sorted(top.glob("*.ipynb")):
        start = time.perf_counter()
        subprocess.run(
            [str(jupyter_execute), "--timeout=300", notebook.name],
            cwd=top,
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONPATH": ""},
        )
        times[notebook.stem] = round(time.perf_counter() - start, 2)
    return times


def main(pages_only: bool = False) -> int:
    if pages_only:
        if not (SITE / "index.html").exists():
            print("No published site yet: run `make book` first.")
            return 1
        figures = pagebench.measure(SITE)
        pagebench.report(figures)
        return write_figures({"pages": figures}, "bench-pages.json")
    with tempfile.TemporaryDirectory(prefix="edition-bench-") as scratch:
        root = Path(scratch)
        copy_tracked_files(root)
        results = {"cold": timed_build(root, "--fresh"), "no_change": timed_build(root)}
        edit_prose(root)
        results["prose_edit"] = timed_build(root)
        edit_notebook_code(root)
        results["notebook_code_edit"] = timed_build(root)
        notebooks = notebook_run_times(root / "_build" / "site" / TEACHER_PACK_NAME, root / "pack")
        preview = preview_latencies(root)
        pages = pagebench.measure(root / "_build" / "site")
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    cold = results["cold"]["seconds"]
    figures = {
        "machine": {
            "processor": platform.processor() or platform.machine(),
            "python": sys.version.split()[0],
        },
        "builds": results,
        "peak_memory_mib": round(peak_kib / 1024, 1),
        "notebook_seconds_from_pack": notebooks,
        "preview_prose_edit_seconds": preview,
        "pages": pages,
        "goals": {
            "no_change_at_most_10_percent_of_cold": results["no_change"]["seconds"] <= 0.10 * cold,
            "prose_edit_at_most_20_percent_of_cold": results["prose_edit"]["seconds"]
            <= 0.20 * cold,
            "prose_edit_executes_no_notebook": results["prose_edit"]["notebooks_executed"] == 0,
            "every_notebook_under_5_seconds": all(t < 5 for t in notebooks.values()),
            "preview_shows_a_prose_edit_within_3_seconds": max(preview) <= 3,
        },
    }
    print("(XeLaTeX runs beside the EPUB build, so pdf and epub overlap)")
    print(f"{'build':<20}{'total s':>9}{'html s':>9}{'pdf s':>9}{'epub s':>9}{'notebooks':>11}")
    for name, row in results.items():
        print(
            f"{name:<20}{row['seconds']:>9.1f}{row['html']:>9.1f}{row['pdf']:>9.1f}"
            f"{row['epub']:>9.1f}{row['notebooks_executed']:>11}"
        )
    for name, row in list(results.items())[1:]:
        print(f"{name}: {100 * row['seconds'] / cold:.0f}% of the cold build")
    print(f"peak memory (largest process): {figures['peak_memory_mib']} MiB")
    print("notebooks run from the unzipped classroom pack, fresh kernel each:")
    for name, seconds in notebooks.items():
        print(f"  {name:<28}{seconds:>6.1f} s")
    print(f"preview, prose edit of the essay to the page served: {preview} s")
    for goal, met in figures["goals"].items():
        print(f"goal {goal}: {'met' if met else 'NOT met'}")
    pagebench.report(pages)
    return write_figures(figures, "bench.json")


def write_figures(figures: dict, name: str) -> int:
    BUILD.mkdir(exist_ok=True)
    (BUILD / name).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(f"figures written to {(BUILD / name).relative_to(ROOT)}")
    return 0
