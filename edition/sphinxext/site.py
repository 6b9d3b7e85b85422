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
    links,
    metadata,
    notebooks,
    searchindex,
    stale,
    stylesheet,
    versions,
)

# The templates in edition/templates copy or extend the themes' own.
versions.reaches_into(
    "pydata-sphinx-theme",
    "0.17.1",
    "templates/search-button-field.html, theme-switcher.html, navbar-logo.html: copies of "
    "the theme's templates; templates/search.html: the scripts block of its search page; "
    "templates/static/webpack-macros.html: the theme's asset digest",
)
versions.reaches_into(
    "sphinx-book-theme",
    "1.3.0",
    "templates/layout.html and sections/header.html: the theme's layout without the search "
    "index and the site header",
)


SITE_MODULES = [
    accessibility,
    assets,
    changes,
    citation,
    classroom,
    downloads,
    epub,
    links,
    metadata,
    notebooks,
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
