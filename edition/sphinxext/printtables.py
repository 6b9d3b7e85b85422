"""Data tables in the PDF: the charts' data tables, the notebooks' tables and every other
long table (the chronology).

Sphinx sets a long table's columns as wide as their longest line, and a table of events,
sources or locators then runs off the page. Column names and source keys such as
``households_in_collective_farms`` are single words to LaTeX, wider than any column of a
page. In the LaTeX build, these tables are set in footnote size, with
ragged-right columns sized to their texts, and a line may break after an underscore or a
slash.
"""

from __future__ import annotations

import re
import statistics
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

# The charts' data tables (sphinxext/charts.py) and the notebooks' tables
# (edition.data.table_markdown).
DATA_TABLES = {"chart-table", "notebook-table"}
# Sphinx's LaTeX writer makes a table of more rows a longtable with unbreakable columns.
LONG_TABLE_ROWS = 30
BREAK_AFTER = re.compile(r"(?<=[_/])")
BREAKS = re.compile(r"[\s_/-]+")
# Widths in characters of footnote-size type: about 105 fit on a line, and each column's
# margins take about 3.
LINE_CHARACTERS = 105
COLUMN_MARGIN = 3
WIDEST_COLUMN = 60


def column_widths(columns: list[tuple[str, ...]]) -> list[int]:
    """Each column as wide as its longest text if the line has room; if not, every column
    keeps room for its longest unbreakable word, and the rest of the line goes to the
    columns with longer texts, in proportion to half as much again as their average text
    (up to WIDEST_COLUMN), so that a column of sentences gets more than a column of dates."""
    floors = [
        COLUMN_MARGIN + max(len(word) for text in column for word in [*BREAKS.split(text), ""])
        for column in columns
    ]
    longest = [COLUMN_MARGIN + max(len(text) for text in column) for column in columns]
    if sum(longest) <= LINE_CHARACTERS:
        return longest
    averages = [statistics.fmean(map(len, column)) for column in columns]
    wishes = [
        max(floor, min(size, COLUMN_MARGIN + min(WIDEST_COLUMN, round(1.5 * average))))
        for floor, size, average in zip(floors, longest, averages, strict=True)
    ]
    spare = LINE_CHARACTERS - sum(floors)
    stretch = sum(wishes) - sum(floors)
    if spare <= 0 or stretch == 0:
        return floors
    return [
        floor + round(spare * (wish - floor) / stretch)
        for floor, wish in zip(floors, wishes, strict=True)
    ]


def ragged_columns(table: nodes.table) -> addnodes.tabular_col_spec:
    """Columns sized to the table's texts, with ragged-right cells: justified text in
    narrow columns leaves wide gaps between words."""
    rows = [
        [entry.astext() for entry in row.children if isinstance(entry, nodes.entry)]
        for row in table.findall(nodes.row)
    ]
    widths = column_widths(list(zip(*rows, strict=True)))
    total = sum(widths)
    spec = "".join(rf">{{\raggedright\arraybackslash}}\X{{{width}}}{{{total}}}" for width in widths)
    return addnodes.tabular_col_spec(spec=spec)


def latex(code: str) -> nodes.raw:
    return nodes.raw("", code, format="latex")


class DataTablesForPrint(SphinxPostTransform):
    default_priority = 400
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for table in list(self.document.findall(nodes.table)):
            long = len(list(table.findall(nodes.row))) > LONG_TABLE_ROWS
            if not (long or DATA_TABLES & set(table["classes"])):
                continue
            column_spec = ragged_columns(table)  # from the texts, before any break is added
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
            parent.insert(position, column_spec)
            parent.insert(position, latex("\\begingroup\\footnotesize\n"))


def setup(app: Sphinx) -> None:
    app.add_post_transform(DataTablesForPrint)
