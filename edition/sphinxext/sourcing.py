"""Every statement the editors add carries a source: the build checks it.

Pages whose front matter says ``edition: commentary``, ``edition: chronology`` or
``edition: glossary`` are checked once read: each commentary entry (a third-level section),
each row of the chronology and each glossary definition must cite at least one work of the
bibliography. One that does not stops the build with its file and line. (That each cited
key exists is checked by sphinxcontrib-bibtex.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from edition.references import MONTHS

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


def where(app: Sphinx, item: nodes.Element) -> nodes.Element | tuple[str, int]:
    """Where an item stands. MyST gives a table's rows no line, only the table: a Markdown
    table's body row n stands after the header rows and the delimiter row."""
    if isinstance(item, nodes.row):
        parent = item.parent
        while parent is not None and not isinstance(parent, nodes.table):
            parent = parent.parent
        table = parent
        body = item.parent
        if isinstance(table, nodes.table) and table.line and isinstance(body, nodes.tbody):
            header_rows = sum(len(head.children) for head in table.findall(nodes.thead))
            return (app.env.docname, table.line + header_rows + 1 + body.index(item))
    return next((n for n in item.findall(nodes.Element) if n.line), item)


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
            logger.warning(
                f"this {label} cites no source: {name!r}",
                location=where(app, item),
                type="edition",
                subtype="unsourced",
            )


DAY_MONTH = re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{'|'.join(MONTHS)})\b")
YEAR = re.compile(r"\b(1[0-9]{3})\b")
CALENDAR_CHANGE = (1918, 2, 14)  # the first New Style day in Soviet Russia


def needs_old_style(date_text: str) -> bool:
    """Whether a date cell gives a day before 14 February 1918 without marking the Old
    Style date: the convention is New Style, with the Old Style date beside it, marked."""
    years = [int(y) for y in YEAR.findall(date_text)]
    if not years or "O.S." in date_text:
        return False
    for match in DAY_MONTH.finditer(date_text):
        month = MONTHS.index(match["month"]) + 1
        if (min(years), month, int(match["day"])) < CALENDAR_CHANGE:
            return True
    return False


def check_calendar(app: Sphinx, doctree: nodes.document) -> None:
    if app.env.metadata.get(app.env.docname, {}).get("edition") != "chronology":
        return
    for row in chronology_rows(doctree):
        first = row.next_node(nodes.entry)
        if first is not None and needs_old_style(first.astext()):
            logger.warning(
                f"date before 14 February 1918 without its Old Style date: {first.astext()!r}; "
                "give the New Style date and the Old Style date marked (O.S.)",
                location=where(app, row),
                type="edition",
                subtype="calendar",
            )


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", check_sources, priority=800)
    app.connect("doctree-read", check_calendar, priority=800)
