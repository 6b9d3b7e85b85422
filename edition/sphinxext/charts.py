"""Charts and numbers from ``data/`` in the book's pages.

``{edition-chart} name``
    The chart ``name`` of :mod:`edition.charts` (the same code the notebooks call) as a
    figure with caption and alt text, followed by its data table with sources.

Numbers in the prose are written with ``{datum}`` (:mod:`edition.sphinxext.markup`).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from edition import charts, data
from edition.data import format_datum
from edition.sphinxext import config as edition_config
from edition.sphinxext import markup
from edition.sphinxext.markup import passthrough, set_aside, table_frame

logger = logging.getLogger(__name__)
CODE_FILES = [Path(charts.__file__), Path(data.__file__)]


class chart_data(set_aside, markup.on_request):
    """A chart's data table: a disclosure on the web site, a plain table in print."""


def chart_table(title: str) -> chart_data:
    return chart_data(
        summary=f"Data table: {title}",
        key_prefix="table",
        waiting="The table is loaded when opened; the data are also among the downloads.",
        classes=["chart-data"],
    )


def dataframe_table(frame: Any, cite: Any) -> nodes.table:
    """The chart's data as a docutils table; ``cite`` turns a source key into the nodes of
    its bibliography label, so that no reader sees a key."""
    headers = [str(column) for column in frame.columns]
    table, body = table_frame(headers, [1] * len(headers), ["chart-table"])
    for values in frame.itertuples(index=False):
        row = nodes.row()
        for column, value in zip(frame.columns, values, strict=True):
            if data.is_source_column(column) and not pd.isna(value):
                row += nodes.entry("", nodes.paragraph("", "", *cite(str(value))))
                continue
            text = "" if pd.isna(value) else format_datum(value)
            row += nodes.entry("", nodes.paragraph(text=text))
        body += row
    return table


def chart_inputs(env: BuildEnvironment) -> charts.Inputs:
    """The project's data package and bibliography (the first of ``bibtex_bibfiles``)."""
    bibfiles = env.config.bibtex_bibfiles or []
    return charts.Inputs(
        data_dir=edition_config.input_path(env.srcdir, env.config, "data_dir"),
        bibfile=Path(env.srcdir) / bibfiles[0] if bibfiles else charts.REPOSITORY.bibfile,
    )


def drawn_from(inputs: charts.Inputs) -> list[Path]:
    """What a chart's image is drawn from: the chart and data code, the data, the labels."""
    tables = [resource.path for resource in data.resources(inputs.data_dir).values()]
    return sorted({*CODE_FILES, *tables, inputs.bibfile})


def inputs_digest(inputs: charts.Inputs) -> str:
    digest = hashlib.sha256()
    for path in drawn_from(inputs):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


# One file per output: the web and the e-book take the PNG, the PDF takes vector graphics.
# Sphinx picks for each builder the first of its supported image types among the files that
# the image's ``name.*`` matches.
IMAGE_SUFFIXES = (".png", ".pdf")


def written_whole(path: Path, write: Callable[[str], object]) -> None:
    """Call ``write`` with a temporary file beside ``path``, then rename it to ``path``:
    a reader sees the old file or the new one, never part of one."""
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=path.suffix)
    os.close(handle)
    try:
        write(partial)
        os.replace(partial, path)
    finally:
        Path(partial).unlink(missing_ok=True)


def save_unless_unchanged(chart: charts.Chart, image_path: Path, inputs: charts.Inputs) -> None:
    """Draw the image (a third of a second each) only when its inputs changed since it was
    last drawn: a prose edit of a page with charts does not draw them again. The image and
    its stamp are written under temporary names and renamed, so that a build running beside
    (the live preview beside ``make book``) never reads half an image."""
    stamp = image_path.with_name(image_path.name + ".sha256")
    digest = inputs_digest(inputs)
    if image_path.is_file() and stamp.is_file() and stamp.read_text() == digest:
        return
    written_whole(image_path, chart.save)
    written_whole(stamp, lambda partial: Path(partial).write_text(digest))


class ChartDirective(SphinxDirective):
    required_arguments = 1
    option_spec = {"caption": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        if name not in charts.CHARTS:
            logger.warning(f"unknown chart {name!r}", location=(self.env.docname, self.lineno))
            return []
        inputs = chart_inputs(self.env)
        for path in drawn_from(inputs):
            self.env.note_dependency(str(path))
        chart = charts.CHARTS[name](inputs)
        chart_dir = edition_config.input_path(self.env.srcdir, self.config, "charts_dir")
        chart_dir.mkdir(parents=True, exist_ok=True)
        for suffix in IMAGE_SUFFIXES:
            save_unless_unchanged(chart, chart_dir / f"{name}{suffix}", inputs)
        # Read by Sphinx against the source folder, in which the charts' folder lies.
        uri = "/" + (chart_dir / f"{name}.*").relative_to(self.env.srcdir).as_posix()

        figure = nodes.figure(ids=[f"chart-{name}"], classes=["edition-chart"])
        figure += nodes.image(uri=uri, alt=chart.alt)
        caption_text = self.options.get("caption", chart.alt)
        caption = nodes.caption()
        parsed, messages = self.state.inline_text(caption_text, self.lineno)
        caption += parsed
        figure += caption
        table = chart_table(chart.title)
        table += dataframe_table(chart.table, self.cite)
        self.set_source_info(figure)
        return [figure, table, *messages]

    def cite(self, key: str) -> list[nodes.Node]:
        parsed, _ = self.state.inline_text(f"{{cite:label}}`{key}`", self.lineno)
        return parsed


def register(app: Any) -> None:
    app.add_node(
        chart_data,
        html=(markup.visit_on_request_html, markup.depart_on_request_html),
        latex=(passthrough, passthrough),
        text=(passthrough, passthrough),
    )
    app.add_directive("edition-chart", ChartDirective)
