"""The edition's Sphinx extension, loaded by Jupyter Book from ``_config.yml``."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from edition import checks, registry
from edition.sphinxext import (
    accessibility,
    assets,
    bibstyle,
    charts,
    claims,
    datum,
    directives,
    domain,
    downloads,
    epub,
    evidence,
    generated,
    gluedeps,
    links,
    metadata,
    nodes,
    notebookinputs,
    printtables,
    reading_text,
    roles,
    searchindex,
    sourcing,
    stale,
    stylesheet,
    versions,
)

logger = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent.parent / "static"


def load_registries(app: Sphinx) -> None:
    app.edition_persons = registry.persons()  # type: ignore[attr-defined]
    app.edition_notes = registry.essay_notes()  # type: ignore[attr-defined]
    known_works = set(checks.read_bibliography().entries)
    for record in [*app.edition_notes, *registry.further_reading()]:  # type: ignore[attr-defined]
        if record["work"] not in known_works:
            logger.warning(
                f"unknown citation key {record['work']!r}: not in references.bib",
                location=record.location,
                type="edition",
            )


def add_static_files(app: Sphinx, config: Config) -> None:
    config.html_static_path.append(str(STATIC))
    preamble = config.latex_elements.get("preamble", "")
    config.latex_elements["preamble"] = preamble + nodes.LATEX_PREAMBLE


def regenerate_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Generated pages depend on every document: re-read them whenever anything changed."""
    if not (added or changed or removed):
        return []
    pages = env.get_domain("edition").pages  # type: ignore[attr-defined]
    return [pages[kind] for kind in ("apparatus", "persons", "evidence") if kind in pages]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_domain(domain.EditionDomain)
    nodes.setup(app)
    for name, role in roles.ROLES.items():
        app.add_role(name, role())
    for name, directive in directives.DIRECTIVES.items():
        app.add_directive(name, directive)
    reading_text.setup(app)
    sourcing.setup(app)
    generated.setup(app)
    bibstyle.setup(app)
    charts.setup(app)
    claims.setup(app)
    datum.setup(app)
    evidence.setup(app)
    gluedeps.setup(app)
    stale.setup(app)
    downloads.setup(app)
    epub.setup(app)
    metadata.setup(app)
    accessibility.setup(app)
    assets.setup(app)
    notebookinputs.setup(app)
    printtables.setup(app)
    stylesheet.setup(app)
    searchindex.setup(app)
    links.setup(app)
    versions.setup(app)
    app.connect("config-inited", add_static_files)
    app.connect("builder-inited", load_registries)
    app.connect("env-get-outdated", regenerate_pages)
    app.add_css_file("icons.css")
    app.add_css_file("edition.css")
    app.add_css_file("edition-web.css")
    app.add_js_file("edition.js", loading_method="defer")
    return {
        "version": "1.0",
        "env_version": code_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def code_version() -> int:
    """Changes with the edition's code: Sphinx reads every document again when it changes,
    since the extension shapes the doctrees it keeps."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return int(digest.hexdigest()[:8], 16)
