"""``make preview``: the HTML kept warm in this process, rebuilt when a source is saved,
and the browser reloaded.

The Sphinx application is created once and rebuilds in place, so an edit costs only the
reading and writing of what it touched. The preview has its own output folder (under
``_build/preview``) and shares the notebook cache of the full build, so it never publishes
and never runs a notebook that the build already ran. The server adds to every page it
sends a small script that asks every half second whether a newer build exists and reloads
the page when it does; the built files themselves are not changed. For speed the preview
keeps the style sheet of its first build, does not restore the search index's entries of
unchanged pages, writes no downloads (see ``edition_preview``) and gives citations no
tooltips; ``make book`` does all of these. Each rebuild holds the build lock, as
``make book`` does, since both use the notebooks' cache and the charts' images: a build
waits for a rebuild to finish, and a rebuild for a build. Between rebuilds its Sphinx
application still holds that cache open, so a build with ``--fresh``, which would delete
it, stops with a message while a preview runs.
"""

from __future__ import annotations

import contextlib
import http.server
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from edition import sphinxrun
from edition.build import SPHINX_OUT, build_lock, preview_running, set_build_environment
from edition.paths import BUILD, ROOT

PREVIEW = BUILD / "preview"
WATCHED = ("book", "notebooks", "data", "references.bib", "_toc.yml")
VERSION_PATH = "/__edition_preview_version"
RELOAD_SCRIPT = f"""<script>
(() => {{
  let seen = null;
  setInterval(async () => {{
    try {{
      const version = await (await fetch("{VERSION_PATH}", {{cache: "no-store"}})).text();
      if (seen !== null && version !== seen) location.reload();
      seen = version;
    }} catch (error) {{}}
  }}, 500);
}})();
</script>""".encode()


class PreviewState:
    """The number of finished builds, which the pages poll."""

    def __init__(self) -> None:
        self.version = 0
        self.lock = threading.Lock()

    def bump(self) -> None:
        with self.lock:
            self.version += 1


def handler_for(outdir: Path, state: PreviewState) -> type[http.server.BaseHTTPRequestHandler]:
    class PreviewHandler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(outdir), **kwargs)  # type: ignore[misc]

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == VERSION_PATH:
                self.send_text(str(state.version).encode(), "text/plain")
                return
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                body = path.read_bytes().replace(b"</body>", RELOAD_SCRIPT + b"</body>", 1)
                self.send_text(body, "text/html; charset=utf-8")
                return
            super().do_GET()

        def send_text(self, body: bytes, content_type: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return PreviewHandler


def sources(root: Path, watched: Iterable[str] = WATCHED) -> dict[Path, int]:
    """The modification time of every watched source file."""
    found: dict[Path, int] = {}
    for name in watched:
        path = root / name
        files = [path] if path.is_file() else path.rglob("*") if path.is_dir() else []
        for file in files:
            if file.is_file() and ".ipynb_checkpoints" not in file.parts:
                found[file] = file.stat().st_mtime_ns
    return found


def report(collector: sphinxrun.ProblemCollector, seconds: float, failed: list[str]) -> None:
    problems = [*failed, *map(str, collector.problems)]
    for problem in problems:
        print(f"  {problem}")
    state = f"{len(problems)} problem(s)" if problems else "no problems"
    print(f"[preview] rebuilt in {seconds:.1f} s, {state}", flush=True)
    collector.problems.clear()


def main(port: int = 8001) -> int:
    set_build_environment()
    outdir = PREVIEW / "html"
    overrides = {
        # Share the full build's executed notebooks.
        "nb_execution_cache_path": str(SPHINX_OUT / ".jupyter_cache"),
        # Keep the first purged style sheet, skip restoring the search index and writing
        # the downloads.
        "edition_preview": True,
        # Citations without the full reference on hover: formatting every entry a second
        # time for the tooltips costs more than a second at each rebuild.
        "bibtex_tooltips": False,
    }
    state = PreviewState()
    PREVIEW.mkdir(parents=True, exist_ok=True)
    with (
        preview_running(),
        (PREVIEW / "sphinx.log").open("w", encoding="utf-8") as log,
        sphinxrun.application(
            ROOT, outdir, PREVIEW / ".doctrees", "html", fresh=False, log=log, overrides=overrides
        ) as (app, collector),
    ):
        started = time.perf_counter()
        with build_lock():  # the notebooks' cache and the charts are shared with make book
            app.build(False, [])
        report(collector, time.perf_counter() - started, [])
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler_for(outdir, state))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        state.bump()
        print(f"[preview] http://127.0.0.1:{port}/ — edit and save a page; Ctrl-C to stop")
        seen = sources(ROOT)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(0.2)
                now = sources(ROOT)
                if now == seen:
                    continue
                seen = now
                started = time.perf_counter()
                since = time.time()
                try:
                    with build_lock():
                        app.build(False, [])
                except Exception as error:  # report and keep serving the last pages
                    print(f"[preview] build stopped: {type(error).__name__}: {error}")
                    continue
                _, failed = sphinxrun.notebooks_run(app, ROOT, since)
                report(collector, time.perf_counter() - started, failed)
                state.bump()
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
