"""``{datum}`table:column=value,column=value:field```: a number of ``data/`` in the prose.

The role prints the value of ``field`` in the one row of ``table`` that matches every
condition, read from the data at build time, so that a number is never typed a second
time: change the cell and every page that states it changes. The page depends on the
table's file, so an incremental build reads it again.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from edition import data
from edition.sphinxext import config as edition_config

logger = logging.getLogger(__name__)


class DatumRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        data_dir = Path(self.env.srcdir) / self.config.edition_data_dir
        try:
            value, path = data.datum(self.text, data_dir)
        except data.DatumError as error:
            logger.warning(str(error), location=self.get_location(), type="edition")
            return [nodes.inline(text=self.text)], []
        self.env.note_dependency(str(path))
        return [nodes.inline(text=value, classes=["datum"])], []


def setup(app: Sphinx) -> None:
    edition_config.add_config_values(app)
    app.add_role("datum", DatumRole())
