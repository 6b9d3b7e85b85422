"""What only this book's web site, e-book and PDF need, beside the critical-text engine
(:mod:`edition.sphinxext`), which this extension sets up first: ``_config.yml`` loads it as
``edition.sphinxext.site``.

The theme's assets and one joined style sheet, the pages' metadata and sitemap, the
downloads and classroom packs, the Changes page and the edition's citation, the EPUB's
rewriting, the search index kept across builds, the notebooks' inputs and glue, and the
removal of pages no longer built.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from edition.sphinxext import (
    ENV_VERSION,
    accessibility,
    assets,
    changes,
    citation,
    classroom,
    downloads,
    epub,
    gluedeps,
    links,
    metadata,
    notebookinputs,
    searchindex,
    stale,
    stylesheet,
)

SITE_MODULES = [
    accessibility,
    assets,
    changes,
    citation,
    classroom,
    downloads,
    epub,
    gluedeps,
    links,
    metadata,
    notebookinputs,
    searchindex,
    stale,
    stylesheet,
]


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("edition.sphinxext")
    for module in SITE_MODULES:
        module.setup(app)
    return {
        "version": "1.0",
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        # The site style sheet is collected in this process's memory while pages are written.
        "parallel_write_safe": False,
    }
