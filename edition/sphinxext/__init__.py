"""The critical-text engine as one Sphinx extension: the edition's nodes with their visitors
for every builder, roles, directives, transforms, checks, the domain and the bibliography
style. It loads whole on any Sphinx or Jupyter Book project::

    extensions = ["myst_parser", "edition.sphinxext"]

and sets up sphinxcontrib-bibtex itself. What only this book's web site, e-book and PDF
need is the second extension, :mod:`edition.sphinxext.site`, which ``_config.yml`` loads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from edition.sphinxext import (
    bibstyle,
    charts,
    claims,
    domain,
    evidence,
    history,
    markup,
    printing,
    reading_text,
    tei,
)
from edition.sphinxext import config as edition_config

logger = logging.getLogger(__name__)

# Bump by hand when a change of the extension alters the doctrees or the domain data it
# leaves in the environment: Sphinx then reads every document again. (Edits elsewhere, such
# as the benchmark, leave the environment as it is.)
ENV_VERSION = 22
STATIC = Path(__file__).resolve().parent.parent / "static"


def add_static_files(app: Sphinx, config: Config) -> None:
    config.html_static_path.append(str(STATIC))
    preamble = config.latex_elements.get("preamble", "")
    config.latex_elements["preamble"] = preamble + markup.LATEX_PREAMBLE


def regenerate_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Generated pages depend on every document: re-read them whenever anything changed."""
    if not (added or changed or removed):
        return []
    edition = domain.EditionDomain.of(env)
    kinds = (domain.PageKind.APPARATUS, domain.PageKind.PERSONS, domain.PageKind.EVIDENCE)
    return [page for page in map(edition.page, kinds) if page]


edition_config.reaches_into(
    "sphinxcontrib-bibtex",
    "2.7.0",
    "builder_inited_cite refuses bibtex_bibfiles = None and accepts an empty list",
)


def default_bibliography(app: Sphinx, config: Config) -> None:
    """An edition without a bibliography is still an edition: sphinxcontrib-bibtex refuses
    to start without ``bibtex_bibfiles``, so it is given an empty list."""
    if config.bibtex_bibfiles is None:
        config.bibtex_bibfiles = []


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxcontrib.bibtex")
    app.connect("config-inited", default_bibliography, priority=100)
    app.add_domain(domain.EditionDomain)
    edition_config.register(app)
    markup.register(app)
    reading_text.register(app)
    bibstyle.register(app)
    charts.register(app)
    claims.register(app)
    evidence.register(app)
    history.register(app)
    printing.register(app)
    tei.register(app)
    app.connect("config-inited", add_static_files)
    app.connect("env-get-outdated", regenerate_pages)
    app.add_css_file("icons.css")
    app.add_css_file("edition.css")
    app.add_css_file("edition-web.css")
    app.add_js_file("edition.js", loading_method="defer")
    return {
        "version": "1.0",
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
