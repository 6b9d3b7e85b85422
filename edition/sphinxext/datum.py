"""``{datum}`table:column=value,column=value:field```: a number of ``data/`` in the prose.

The role prints the value of ``field`` in the one row of ``table`` that matches every
condition, read from the data at build time, so that a number is never typed a second
time: change the cell and every page that states it changes. The page depends on the
table's file, so an incremental build reads it again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from edition import data

logger = logging.getLogger(__name__)


def format_value(value: Any) -> str:
    if hasattr(value, "item"):  # a NumPy scalar
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10000:
        return f"{value:,}"
    return str(value)


class DatumRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        data_dir = Path(self.env.srcdir) / self.config.edition_data_dir
        try:
            table, selector, field = self.text.split(":")
            conditions = [condition.split("=", 1) for condition in selector.split(",")]
            resource = data.resources(data_dir)[table]
            frame = data.load(table, data_dir)
            rows = frame
            for column, value in conditions:
                rows = rows[rows[column].astype(str) == value]
        except (ValueError, KeyError):
            return self.fail("write {datum}`table:column=value:field` with a table of data/")
        self.env.note_dependency(str(resource.path))
        if field not in frame.columns:
            return self.fail(f"{self.text!r}: {table} has no column {field!r}")
        if len(rows) != 1:
            return self.fail(f"{self.text!r} selects {len(rows)} rows of {table}, not one value")
        datum = rows.iloc[0][field]
        return [nodes.inline(text=format_value(datum), classes=["datum"])], []

    def fail(self, message: str) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        logger.warning(message, location=self.get_location(), type="edition")
        return [nodes.inline(text=self.text)], []


def setup(app: Sphinx) -> None:
    if "edition_data_dir" not in app.config:
        app.add_config_value("edition_data_dir", "data", "env", [str])
    app.add_role("datum", DatumRole())
