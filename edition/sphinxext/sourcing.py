"""Every statement the editors add carries a source: the build checks it.

Pages whose front matter says ``edition: commentary``, ``edition: chronology`` or
``edition: glossary`` are checked once read: each commentary entry (a third-level section),
each row of the chronology and each glossary definition must cite at least one work of the
bibliography. One that does not stops the build with its file and line. (That each cited
key exists is checked by sphinxcontrib-bibtex.)
"""

from __future__ import annotations

from collections.abc import Iterator

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def cites(node: nodes.Element) -> bool:
    return any(ref.get("refdomain") == "cite" for ref in node.findall(addnodes.pending_xref))


def commentary_entries(doctree: nodes.document) -> Iterator[nodes.Element]:
    """The notes: third-level sections (page title, then "Paragraph N", then the note)."""
    for section in doctree.findall(nodes.section):
        parent = section.parent
        if isinstance(parent, nodes.section) and isinstance(parent.parent, nodes.section):
            yield section


def chronology_rows(doctree: nodes.document) -> Iterator[nodes.Element]:
    for body in doctree.findall(nodes.tbody):
        yield from body.findall(nodes.row)


def glossary_definitions(doctree: nodes.document) -> Iterator[nodes.Element]:
    for glossary in doctree.findall(addnodes.glossary):
        yield from glossary.findall(nodes.definition_list_item)


CHECKS = {
    "commentary": (commentary_entries, "commentary note"),
    "chronology": (chronology_rows, "chronology entry"),
    "glossary": (glossary_definitions, "glossary definition"),
}


def check_sources(app: Sphinx, doctree: nodes.document) -> None:
    kind = app.env.metadata.get(app.env.docname, {}).get("edition")
    if kind not in CHECKS:
        return
    items, label = CHECKS[kind]
    for item in items(doctree):
        if not cites(item):
            title = item.next_node(nodes.title)
            name = title.astext() if title else item.astext()[:60]
            located = next((n for n in item.findall(nodes.Element) if n.line), item)
            logger.warning(
                f"this {label} cites no source: {name!r}",
                location=located,
                type="edition",
                subtype="unsourced",
            )


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", check_sources, priority=800)
