"""Index entries of the search index kept across incremental builds.

Sphinx 7.4 collects a page's index entries (the persons, the glossary terms) for the search
index when it writes the page, but does not keep them between builds: after an
incremental build, search no longer offers them for the pages that did not change
(sphinx-doc/sphinx#12599, open). Before the index is written, every indexed page whose
entries are missing is fed to the indexer again, resolved as it is for writing, so that
the index is the one a clean build gives.

Sphinx also keeps a word whose only pages were written again without it as a term with no
pages (``prune`` empties its set but leaves it): after an edit and its revert, the index
would still hold the word. Such terms are dropped, as a clean build never has them.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from edition.sphinxext import config as edition_config
from edition.sphinxext import versions

versions.reaches_into(
    "sphinx",
    "7.4.7",
    "the indexer's _titles, _filenames, _index_entries, _mapping and _title_mapping "
    "(sphinx-doc/sphinx#12599)",
)


def restore_index_entries(app: Sphinx) -> list:
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None or app.config.edition_preview:  # the preview offers no search
        return []
    missing = [name for name in indexer._titles if name not in indexer._index_entries]
    for docname in missing:
        indexer.feed(
            docname,
            indexer._filenames[docname],
            indexer._titles[docname],
            app.env.get_and_resolve_doctree(docname, app.builder),
        )
    for mapping in (indexer._mapping, indexer._title_mapping):
        for word in [word for word, docnames in mapping.items() if not docnames]:
            del mapping[word]
    return []  # no extra pages: html-collect-pages is only the last moment before the dump


def setup(app: Sphinx) -> None:
    edition_config.add_config_values(app)  # also when loaded alone, as in a tiny book
    app.connect("html-collect-pages", restore_index_entries)
