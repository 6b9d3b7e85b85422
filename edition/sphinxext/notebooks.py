"""The notebooks in the build, where Sphinx alone would keep stale outputs.

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
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from docutils import nodes
from jupyter_cache import get_cache
from myst_nb.ext.glue.utils import PendingGlueReference
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from edition import pack
from edition.sphinxext import versions

logger = logging.getLogger(__name__)
STAMP_NAME = "edition-notebook-inputs.sha256"

versions.reaches_into(
    "myst-nb", "1.4.0", "PendingGlueReference and its refdoc, the page a glue reads"
)
versions.reaches_into("myst-nb", "1.4.0", "env.mystnb_config.execution_cache_path")


def record_glue_sources(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    for node in doctree.findall(PendingGlueReference):
        source_doc = node.refdoc
        if source_doc != env.docname and source_doc in env.found_docs:
            env.note_dependency(str(env.doc2path(source_doc)))


def inputs_digest() -> str:
    digest = hashlib.sha256()
    for path in pack.notebook_inputs():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def rerun_notebooks_on_new_inputs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    cache_path = Path(env.mystnb_config.execution_cache_path)  # type: ignore[attr-defined]
    stamp = cache_path.parent / STAMP_NAME
    digest = inputs_digest()
    if stamp.exists() and stamp.read_text(encoding="utf-8") == digest:
        return
    if cache_path.exists():
        get_cache(str(cache_path)).clear_cache()
        logger.info("[edition] notebook inputs changed: the notebooks run again")
    notebooks = [doc for doc in sorted(env.found_docs) if str(env.doc2path(doc)).endswith(".ipynb")]
    docnames.extend(doc for doc in notebooks if doc not in docnames)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest, encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", record_glue_sources)
    app.connect("env-before-read-docs", rerun_notebooks_on_new_inputs)
