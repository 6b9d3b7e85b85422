"""The inputs every document depends on are checked as Sphinx starts, before any document
is read: ``references.bib`` must parse (when the configuration is read, before
sphinxcontrib-bibtex parses it), and the tables of the data folder must validate and cite
works of the bibliography (once the bibliography is loaded); and each notebook about to be
read must be JSON (myst-nb's reader would not say where it breaks). A problem raises
:class:`InputError` listing every problem as ``file:line: message``: reading documents
against broken data would only add tracebacks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import SphinxError

from edition import checks, data, evidence
from edition.sphinxext import config as edition_config


class InputError(SphinxError):
    category = "Bad input"


def raise_problems(problems: list[str]) -> None:
    if problems:
        raise InputError("\n".join(problems))


@edition_config.input_check
def check_bibliography(app: Sphinx, config: Config) -> None:
    srcdir = Path(app.srcdir)
    problems = []
    for name in config.bibtex_bibfiles:
        problems += checks.bibliography_problems(srcdir / name, srcdir)
    raise_problems(problems)


@edition_config.input_check
def check_data(app: Sphinx) -> None:
    srcdir = Path(app.srcdir)
    data_dir = srcdir / app.config.edition_data_dir
    if not (data_dir / data.PACKAGE).is_file():
        return  # a project without a data package has no data tables
    entries = app.env.get_domain("cite").bibdata.data.entries  # type: ignore[attr-defined]
    finding_aids = frozenset(key for key, entry in entries.items() if evidence.is_wikipedia(entry))
    raise_problems(checks.data_problems(data_dir, set(entries), srcdir, finding_aids))


@edition_config.input_check
def check_notebooks(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    srcdir = Path(app.srcdir)
    problems = []
    for docname in docnames:
        path = Path(env.doc2path(docname))
        if path.suffix == ".ipynb":
            problems += checks.notebook_problems(path, srcdir)
    raise_problems(problems)


def setup(app: Sphinx) -> dict[str, Any]:
    edition_config.add_config_values(app)
    app.connect("config-inited", check_bibliography, priority=400)
    app.connect("builder-inited", check_data, priority=900)  # after the bibliography is read
    app.connect("env-before-read-docs", check_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
