"""Notebook tables in the PDF: small type, and long names allowed to break.

The notebooks show their tables as HTML on the web; for the PDF (and the e-book) they also
give a MyST list-table of class ``notebook-table`` (:func:`edition.data.table_markdown`).
Column names and source keys such as ``households_in_collective_farms`` are single words to
LaTeX, wider than any column of a page. In the LaTeX build these tables are set in
footnote size, ragged right, and a line may break after an underscore or a slash.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

NOTEBOOK_TABLE = "notebook-table"
BREAK_AFTER = re.compile(r"(?<=[_/])")


def latex(code: str) -> nodes.raw:
    return nodes.raw("", code, format="latex")


def ragged_columns(table: nodes.table) -> addnodes.tabular_col_spec:
    """The table's own column widths, with ragged-right cells: justified text in narrow
    columns leaves wide gaps between words."""
    widths = [colspec["colwidth"] for colspec in table.findall(nodes.colspec)]
    total = sum(widths)
    spec = "".join(rf">{{\raggedright\arraybackslash}}\X{{{width}}}{{{total}}}" for width in widths)
    return addnodes.tabular_col_spec(spec=spec)


class NotebookTablesForPrint(SphinxPostTransform):
    default_priority = 400
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for table in list(self.document.findall(nodes.table)):
            if NOTEBOOK_TABLE not in table["classes"]:
                continue
            for text in list(table.findall(nodes.Text)):
                parts = [part for part in BREAK_AFTER.split(str(text)) if part]
                if len(parts) > 1:
                    pieces: list[nodes.Node] = []
                    for part in parts:
                        pieces += [nodes.Text(part), latex(r"\allowbreak{}")]
                    text.parent.replace(text, pieces[:-1])
            parent = table.parent
            position = parent.index(table)
            parent.insert(position + 1, latex("\\endgroup\n"))
            parent.insert(position, ragged_columns(table))
            parent.insert(position, latex("\\begingroup\\footnotesize\n"))


def setup(app: Sphinx) -> None:
    app.add_post_transform(NotebookTablesForPrint)
