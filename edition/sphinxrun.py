"""One Sphinx build, run in this process, with its problems collected as records.

Jupyter Book's configuration (``_config.yml``, ``_toc.yml``) is turned into Sphinx's by
Jupyter Book's own function, as its command line does; Sphinx then runs here rather than in
a subprocess, so every warning arrives as a log record with its location, and what myst-nb
executed (or failed to execute) is read from its execution data, not from log text. The
HTML, LaTeX and EPUB builds share one environment (``doctreedir``), one after another.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml
from jupyter_book.config import get_final_config
from jupyter_book.pdf import update_latex_documents
from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.application import Sphinx
from sphinx.util import logging as sphinx_logging
from sphinx.util.docutils import docutils_namespace, patch_docutils

from edition import checks
from edition.sphinxext import config as edition_config


class ConfigError(Exception):
    """The book's configuration cannot be read; the message starts with ``path:line:``."""


@dataclass(frozen=True)
class Problem:
    """A warning or error of the build: where (``path:line``, or empty) and what."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


@dataclass
class SphinxRun:
    builder: str
    outdir: Path
    problems: list[Problem] = field(default_factory=list)
    executed: list[str] = field(default_factory=list)  # notebooks run in this build
    failed: list[str] = field(default_factory=list)  # "path: code cell N, line L: Error"


edition_config.reaches_into(
    "sphinx", "7.4.7", "sphinx.util.logging's WarningSuppressor and WarningLogRecordTranslator"
)


class ProblemCollector(logging.Handler):
    """Keeps every warning and error of a Sphinx application as a :class:`Problem`, with
    the location Sphinx itself would print (``suppress_warnings`` applies). A failed
    notebook is reported from myst-nb's execution data instead, so myst-nb's own warning,
    with its whole traceback, is left out."""

    def __init__(self, root: Path) -> None:
        super().__init__(logging.WARNING)
        self.root = root
        self.problems: list[Problem] = []

    def attach(self, app: Sphinx) -> None:
        self.addFilter(sphinx_logging.WarningSuppressor(app))
        self.addFilter(sphinx_logging.WarningLogRecordTranslator(app))
        logging.getLogger(sphinx_logging.NAMESPACE).addHandler(self)

    def detach(self) -> None:
        logging.getLogger(sphinx_logging.NAMESPACE).removeHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        # Sphinx's records put the location and level in front of the message; take the
        # message alone.
        message = logging.LogRecord.getMessage(record).strip()
        if message.startswith(NOTEBOOK_FAILURE_MESSAGES):
            return
        location = str(getattr(record, "location", "") or "")
        location = location.removeprefix(f"{self.root}/")
        problem = Problem(location, message)
        if problem not in self.problems:
            self.problems.append(problem)


NOTEBOOK_FAILURE_MESSAGES = ("Executing notebook failed", "Notebook exception traceback saved")

# The collector of the build under way. Sphinx sets up its logging when the application is
# created and runs ``builder-inited`` before returning, so the collector is attached by
# this module's ``setup``, which Sphinx calls in between; one build runs at a time.
_collector: ProblemCollector | None = None


def setup(app: Sphinx) -> dict[str, bool]:
    if _collector is not None:
        _collector.attach(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")  # IPython colours its tracebacks


def notebook_failure(path: str, traceback: str, error: str) -> str:
    """``path: code cell N, line L: Error: message`` from the traceback myst-nb keeps."""
    plain = ANSI_ESCAPE.sub("", traceback)
    lines = [line.strip() for line in plain.splitlines() if line.strip()]
    cell = next((line for line in lines if line.startswith("Cell In[")), "")
    where = "a code cell"
    if cell:
        number, _, rest = cell.removeprefix("Cell In[").partition("]")
        line_number = rest.removeprefix(", line ").split()[0] if ", line " in rest else "?"
        where = f"code cell {number}, line {line_number}"
    last = next((line for line in reversed(lines) if is_exception_line(line)), error)
    return f"{path}: {where}: {last}"


def is_exception_line(line: str) -> bool:
    """``ZeroDivisionError: division by zero``: a dotted name ending as exceptions do."""
    name, separator, _ = line.partition(": ")
    return (
        bool(separator)
        and name.replace(".", "").replace("_", "").isalnum()
        and name.endswith(("Error", "Exception", "Interrupt", "Exit", "Warning"))
    )


edition_config.reaches_into(
    "jupyter-book",
    "1.0.4.post1",
    "jupyter_book.config.get_final_config and jupyter_book.pdf.update_latex_documents, "
    "called as its command line calls them",
)


def jupyter_book_config(
    root: Path, overrides: dict[str, object] | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Sphinx's configuration from ``_config.yml`` and ``_toc.yml``, as Jupyter Book's
    command line makes it, with this module as one more extension."""
    toc_problems = checks.toc_problems(root / "_toc.yml", root)
    if toc_problems:
        raise ConfigError("\n".join(toc_problems))
    try:
        sphinx_config, config_meta = get_final_config(
            user_yaml=root / "_config.yml",
            cli_config={
                "external_toc_path": (root / "_toc.yml").as_posix(),
                "latex_individualpages": False,
                "nitpicky": True,
                **(overrides or {}),
            },
            sourcedir=root,
            use_external_toc=True,
        )
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigError(f"_config.yml:{line}: malformed YAML: {problem}") from error
    sphinx_config["extensions"] = [*sphinx_config.get("extensions", []), __name__]
    return sphinx_config, config_meta


@contextlib.contextmanager
def application(
    root: Path,
    outdir: Path,
    doctreedir: Path,
    builder: str,
    *,
    fresh: bool,
    log: TextIO,
    overrides: dict[str, object] | None = None,
) -> Iterator[tuple[Sphinx, ProblemCollector]]:
    """A Sphinx application for ``root`` (a Jupyter Book), with its problem collector."""
    sphinx_config, config_meta = jupyter_book_config(root, overrides)
    global _collector
    _collector = collector = ProblemCollector(root)
    with patch_docutils(root), docutils_namespace():
        try:
            app = Sphinx(
                srcdir=root,
                confdir=None,
                outdir=outdir,
                doctreedir=doctreedir,
                buildername=builder,
                confoverrides=sphinx_config,
                status=log,
                warning=log,
                freshenv=fresh,
                warningiserror=False,
                keep_going=True,
                parallel=1,
            )
            app.config.latex_documents = update_latex_documents(
                app.config.latex_documents, config_meta["latex_doc_overrides"]
            )
            yield app, collector
        finally:
            collector.detach()
            _collector = None


edition_config.reaches_into(
    "myst-nb", "1.4.0", "NbMetadataCollector.get_exec_data and the keys of its execution data"
)


def notebooks_run(app: Sphinx, root: Path, since: float) -> tuple[list[str], list[str]]:
    """The notebooks executed since ``since`` and those that failed, from myst-nb's
    execution data."""
    executed, failed = [], []
    for docname in sorted(app.env.found_docs):
        data = NbMetadataCollector.get_exec_data(app.env, docname)
        if not data:
            continue
        path = Path(app.env.doc2path(docname)).relative_to(root).as_posix()
        if not data["succeeded"]:
            failed.append(
                notebook_failure(path, data.get("traceback") or "", data.get("error") or "")
            )
        elif data["mtime"] >= since:
            executed.append(path)
    return executed, failed


def run(
    root: Path,
    outdir: Path,
    doctreedir: Path,
    builder: str,
    *,
    fresh: bool,
    log: TextIO,
    overrides: dict[str, object] | None = None,
    write_all: bool = False,
) -> SphinxRun:
    """Build ``root`` (a Jupyter Book) with ``builder`` into ``outdir``. ``write_all``
    writes every document, not only those whose source is newer than their output: a
    builder that runs after another over the same environment cannot tell which documents
    the first one read again for a dependency (a data table, the bibliography)."""
    result = SphinxRun(builder, outdir)
    started = time.time()
    with application(
        root, outdir, doctreedir, builder, fresh=fresh, log=log, overrides=overrides
    ) as (app, collector):
        app.build(write_all, [])
        result.problems = list(collector.problems)
        result.executed, result.failed = notebooks_run(app, root, started)
    return result
