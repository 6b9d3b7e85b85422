"""Make pages that glue outputs from a notebook depend on that notebook.

myst-nb resolves cross-document glue (``{glue:text}`path::key```) only when the
gluing page is written, from the ``.glue.json`` file the notebook left when it was
executed. Sphinx does not know about this link, so after a notebook changes an
incremental build would keep the gluing page as it was and publish a stale value or
figure. Recording the notebook as a dependency of the gluing page makes Sphinx re-read
(and so re-write) the page whenever the notebook's source changes.
"""

from __future__ import annotations

from docutils import nodes
from myst_nb.ext.glue.utils import PendingGlueReference
from sphinx.application import Sphinx

from edition.sphinxext import versions

versions.reaches_into(
    "myst-nb", "1.4.0", "PendingGlueReference and its refdoc, the page a glue reads"
)


def record_glue_sources(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    for node in doctree.findall(PendingGlueReference):
        source_doc = node.refdoc
        if source_doc != env.docname and source_doc in env.found_docs:
            env.note_dependency(str(env.doc2path(source_doc)))


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", record_glue_sources)
