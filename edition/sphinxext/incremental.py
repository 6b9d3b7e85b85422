"""What an incremental build must do again, so that it gives the site a clean build gives.

Pages no longer built
---------------------

Keep the output folders in step with the sources.

Sphinx builds incrementally into the staging folder and never deletes the output of a
document that was removed from the book (or newly excluded); the whole folder is then
published, so such a page would live on in the site. Removed documents' pages are deleted
here, and when the configuration changed (so every document is read again) all pages are
deleted before they are written anew.

Notebooks and what they read
----------------------------

The notebooks in the build, where Sphinx alone would keep stale outputs.

- Pages that glue a notebook's outputs depend on that notebook. myst-nb resolves
  cross-document glue (``{glue:text}`path::key```) only when the gluing page is written,
  from the ``.glue.json`` file the notebook left when it was executed. Sphinx does not know
  about this link, so after a notebook changes an incremental build would keep the gluing
  page as it was and publish a stale value or figure. Recording the notebook as a
  dependency of the gluing page (``doctree-read``) makes Sphinx re-read (and so re-write)
  the page whenever the notebook's source changes.
- The notebooks run again when what they read changes. jupyter-cache keys a notebook on
  its code cells, and Sphinx reads a document again only when its source changes. The
  edition's notebooks also import the edition's modules and read ``data/`` and
  ``references.bib``: after a change there, both would keep the old outputs. A digest of
  those inputs is kept beside the cache; when it differs (``env-before-read-docs``), the
  cache is cleared and every notebook is read (and so executed) again.

The search index
----------------

Index entries of the search index kept across incremental builds.

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

import hashlib
from pathlib import Path

from docutils import nodes
from jupyter_cache import get_cache
from myst_nb.ext.glue.utils import PendingGlueReference
from sphinx.application import Sphinx
from sphinx.environment import CONFIG_OK, BuildEnvironment
from sphinx.util import logging

from edition import pack
from edition.sphinxext import config as edition_config

# stale

PAGE_SUFFIXES = (".html", ".xhtml")


def _is_page_output(app: Sphinx) -> bool:
    return app.builder.format == "html"


def delete_removed_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    if _is_page_output(app):
        outdir = Path(app.builder.outdir)
        for docname in removed:
            (outdir / f"{docname}{app.builder.out_suffix}").unlink(missing_ok=True)
    return []


def always_refresh_root(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Sphinx copies static files (and packs the EPUB) only when it writes a page; a build
    in which only a style sheet or a script changed would otherwise publish the old one.
    Re-reading the short title page each time makes every build write and copy."""
    root = app.config.root_doc
    return [root] if root in env.found_docs else []


def write_pages_read_since_written(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The LaTeX build runs first and reads every changed source into the environment the
    builds share; the HTML build then has nothing left to read, and Sphinx would write only
    the pages whose source file is newer than the page (not those whose data, bibliography
    or included files changed). Every page whose document was read after the page was
    written is written again."""
    if app.builder.name != "html":
        return []
    stale = []
    for docname, read_at in env.all_docs.items():  # microseconds since the epoch
        page = Path(app.builder.get_outfilename(docname))
        written_at = page.stat().st_mtime_ns // 1000 if page.exists() else 0
        if read_at > written_at:
            stale.append(docname)
    return stale


def delete_all_pages_after_config_change(app: Sphinx) -> None:
    if not _is_page_output(app) or app.env.config_status == CONFIG_OK:
        return
    outdir = Path(app.builder.outdir)
    for page in outdir.rglob("*"):
        relative = page.relative_to(outdir)
        if page.suffix in PAGE_SUFFIXES and not relative.parts[0].startswith("_"):
            page.unlink()


def register_stale(app: Sphinx) -> None:
    app.connect("builder-inited", delete_all_pages_after_config_change)
    app.connect("env-get-outdated", delete_removed_pages)
    app.connect("env-get-outdated", always_refresh_root)
    app.connect("env-get-updated", write_pages_read_since_written)


# notebooks

logger = logging.getLogger(__name__)
STAMP_NAME = "edition-notebook-inputs.sha256"

edition_config.reaches_into(
    "myst-nb", "1.4.0", "PendingGlueReference and its refdoc, the page a glue reads"
)
edition_config.reaches_into("myst-nb", "1.4.0", "env.mystnb_config.execution_cache_path")


def record_glue_sources(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    for node in doctree.findall(PendingGlueReference):
        source_doc = node.refdoc
        if source_doc != env.docname and source_doc in env.found_docs:
            env.note_dependency(str(env.doc2path(source_doc)))


def inputs_digest(srcdir: Path) -> str:
    """A digest of what the project's notebooks read besides their cells: the edition's
    modules they import, the data and the bibliography (those the project has)."""
    digest = hashlib.sha256()
    for path in pack.notebook_inputs(srcdir):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def rerun_notebooks_on_new_inputs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    cache_path = Path(env.mystnb_config.execution_cache_path)  # type: ignore[attr-defined]
    stamp = cache_path.parent / STAMP_NAME
    digest = inputs_digest(Path(app.srcdir))
    if stamp.exists() and stamp.read_text(encoding="utf-8") == digest:
        return
    if cache_path.exists():
        get_cache(str(cache_path)).clear_cache()
        logger.info("[edition] notebook inputs changed: the notebooks run again")
    notebooks = [doc for doc in sorted(env.found_docs) if str(env.doc2path(doc)).endswith(".ipynb")]
    docnames.extend(doc for doc in notebooks if doc not in docnames)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest, encoding="utf-8")


def register_notebooks(app: Sphinx) -> None:
    app.connect("doctree-read", record_glue_sources)
    app.connect("env-before-read-docs", rerun_notebooks_on_new_inputs)


# searchindex

edition_config.reaches_into(
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


def register_searchindex(app: Sphinx) -> None:
    app.connect("html-collect-pages", restore_index_entries)


def register(app: Sphinx) -> None:
    register_stale(app)
    register_notebooks(app)
    register_searchindex(app)
