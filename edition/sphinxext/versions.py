"""The versions the edition's overrides were written for, checked at every build.

Some parts of the edition copy or reach into the internals of Sphinx, myst-parser, myst-nb
and the themes. When an installed version differs from the one an override was written
and checked against, the build stops and names each override to review, rather than
producing a site that is wrong in ways no other check sees. After reviewing them, update
``WRITTEN_FOR`` (and the lock file).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

WRITTEN_FOR: dict[str, tuple[str, tuple[str, ...]]] = {
    "sphinx": (
        "7.4.7",
        (
            "edition/sphinxext/searchindex.py: the indexer's _titles, _filenames, "
            "_index_entries, _mapping and _title_mapping (sphinx-doc/sphinx#12599)",
            "edition/sphinxrun.py: sphinx.util.logging's WarningSuppressor and "
            "WarningLogRecordTranslator",
            "edition/sphinxext/epub.py: the EPUB builder's content_metadata and "
            "toc_metadata keys, build_content and build_navigation_doc, and the "
            "package and navigation documents they write",
            "edition/sphinxext/epub.py and nodes.py: the e-book translator's "
            "visit_footnote_reference (the HTML translator's markup, less the class the "
            "e-book theme's style sheet brackets) and depart_paragraph",
            "edition/sphinxext/printfigures.py: the LaTeX writer's figure_align element "
            "and the assembled document's start_of_file markers",
        ),
    ),
    # TeX Live (Debian 12): edition/sphinxext/printdesign.py calls hyperxmp 5.9's internal
    # \\hyxmp@auto@assign@data and \\hyxmp@embed@packet; tests/test_outputs.py checks the XMP.
    "myst-parser": (
        "3.0.1",
        ("edition/sphinxext/reading_text.py: the myst_slugs metadata of the reading text",),
    ),
    "myst-nb": (
        "1.4.0",
        (
            "edition/sphinxrun.py: NbMetadataCollector.get_exec_data and the keys of its "
            "execution data",
            "edition/sphinxext/notebookinputs.py: env.mystnb_config.execution_cache_path",
        ),
    ),
    "pydata-sphinx-theme": (
        "0.17.1",
        (
            "edition/templates/search-button-field.html, theme-switcher.html, "
            "navbar-logo.html: copies of the theme's templates",
            "edition/templates/static/webpack-macros.html: the theme's asset digest",
        ),
    ),
    "sphinx-book-theme": (
        "1.3.0",
        (
            "edition/templates/layout.html and sections/header.html: the theme's layout "
            "without the search index and the site header",
        ),
    ),
}


def installed(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def mismatches(
    written_for: dict[str, tuple[str, tuple[str, ...]]] = WRITTEN_FOR,
) -> list[str]:
    """One message per package whose installed version differs, naming its overrides."""
    messages = []
    for package, (expected, overrides) in written_for.items():
        found = installed(package)
        if found != expected:
            listing = "; ".join(overrides)
            messages.append(
                f"{package} {found or 'is not installed'} (the overrides were written for "
                f"{expected}): review {listing}"
            )
    return messages


def check_versions(app: Sphinx) -> None:
    for message in mismatches():
        logger.warning(message, type="edition", subtype="versions")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", check_versions)
