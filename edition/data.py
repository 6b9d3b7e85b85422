"""The edition's data: CSV files described by ``data/datapackage.json``.

Every row of every table names its source (a key of ``references.bib``) and a locator
(page, table or section), so a number can always be traced. This module only reads; the
checks that stop the build on bad data are in :mod:`edition.datacheck`.

It depends on pandas and pybtex alone, so that the classroom pack can ship it beside the
notebooks.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import references
from .paths import DATA

PACKAGE = "datapackage.json"
SOURCE = "source"
LOCATOR = "locator"


@dataclass(frozen=True)
class Resource:
    name: str
    path: Path
    title: str
    description: str
    fields: tuple[dict, ...]

    @property
    def sourced(self) -> bool:
        """Whether every row names its source (the data tables; not the claim register)."""
        return any(field["name"] == SOURCE for field in self.fields)

    def field(self, name: str) -> dict:
        return next(field for field in self.fields if field["name"] == name)


def package(data_dir: Path = DATA) -> dict:
    return json.loads((data_dir / PACKAGE).read_text(encoding="utf-8"))


def resources(data_dir: Path = DATA) -> dict[str, Resource]:
    return {
        item["name"]: Resource(
            name=item["name"],
            path=data_dir / item["path"],
            title=item.get("title", item["name"]),
            description=item.get("description", ""),
            fields=tuple(item["schema"]["fields"]),
        )
        for item in package(data_dir)["resources"]
    }


def load(name: str, data_dir: Path = DATA) -> pd.DataFrame:
    """One table as a DataFrame; ``.attrs`` carries its name, title and description."""
    resource = resources(data_dir)[name]
    mtime_ns = resource.path.stat().st_mtime_ns
    kept = _TABLES.get(resource.path)
    if kept is None or kept[0] != mtime_ns:
        kept = _TABLES[resource.path] = (mtime_ns, _read(name, data_dir))
    stored = kept[1]
    frame = stored.copy()
    frame.attrs = dict(stored.attrs)
    return frame


# Each table as last read, with its file's modification time: read again when the file
# changes, replacing the old reading, so that a long preview does not keep every version.
_TABLES: dict[Path, tuple[int, pd.DataFrame]] = {}


def _read(name: str, data_dir: Path) -> pd.DataFrame:
    """A table as read from its file."""
    resource = resources(data_dir)[name]
    integers = {f["name"]: "Int64" for f in resource.fields if f["type"] == "integer"}
    frame = pd.read_csv(resource.path, dtype=integers, keep_default_na=False, na_values=[""])
    frame.attrs.update(name=name, title=resource.title, description=resource.description)
    return frame


class DatumError(ValueError):
    """A ``{datum}`` reference that names no table, no column, or not exactly one row."""


DATUM_SYNTAX = "write {datum}`table:column=value:field` with a table of data/"
DATUM_ROLE = re.compile(r"\{datum\}`([^`]+)`")


def format_datum(value: object) -> str:
    """A number as the prose prints it: whole floats as integers, thousands separated from
    10,000 up (the edition writes 9000 but 10,000)."""
    if hasattr(value, "item"):  # a NumPy scalar
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10000:
        return f"{value:,}"
    return str(value)


def datum(reference: str, data_dir: Path = DATA) -> tuple[str, Path]:
    """The value ``table:column=value,column=value:field`` selects, formatted for prose,
    and the file it was read from. Raises :class:`DatumError` unless exactly one row
    matches every condition."""
    try:
        table, selector, field = reference.split(":")
        conditions = [condition.split("=", 1) for condition in selector.split(",")]
        resource = resources(data_dir)[table]
        frame = load(table, data_dir)
        rows = frame
        for column, value in conditions:
            rows = rows[rows[column].astype(str) == value]
    except (ValueError, KeyError) as error:
        raise DatumError(DATUM_SYNTAX) from error
    if field not in frame.columns:
        raise DatumError(f"{reference!r}: {table} has no column {field!r}")
    if len(rows) != 1:
        raise DatumError(f"{reference!r} selects {len(rows)} rows of {table}, not one value")
    value = rows.iloc[0][field]
    if pd.isna(value):
        raise DatumError(f"{reference!r}: the cell is empty")
    return format_datum(value), resource.path


def with_data(markdown: str, data_dir: Path = DATA) -> str:
    """Markdown with every ``{datum}`` reference replaced by its value, for reading outside
    the edition (the classroom pack's notebooks)."""
    return DATUM_ROLE.sub(lambda match: datum(match.group(1), data_dir)[0], markdown)


def reconciliations(name: str, data_dir: Path = DATA) -> pd.DataFrame:
    """Where the source of table ``name`` does not add up to its own printed totals, or the
    edition uses another value than the one printed: the cell, both values and the reason."""
    frame = load("reconciliations", data_dir)
    rows = frame[frame["resource"] == name].drop(columns=["resource"])
    rows["where"] = rows["where"].map(row_described)
    return rows.rename(columns={"where": "row"}).reset_index(drop=True)


def row_described(selector: str) -> str:
    """The row a reconciliation selects (``series=…;year=1938``, or with commas), as a
    reader names it: the values alone, a source by its bibliography label
    ("MVD certificate of December 1953, 1938")."""
    labels = references.labels()
    separator = ";" if ";" in selector else ","
    values = []
    for condition in selector.split(separator):
        column, _, value = condition.partition("=")
        values.append(labels.get(value, value) if column.strip() == SOURCE else value)
    return ", ".join(value.strip() for value in values)


def sources_of(frame: pd.DataFrame) -> list[str]:
    """The source keys a table (or a selection of its rows) rests on, in order of use."""
    return list(dict.fromkeys(frame[SOURCE]))


def provenance(frame: pd.DataFrame) -> pd.DataFrame:
    """Source and locator of every row, for showing beside the numbers."""
    return frame[[SOURCE, LOCATOR]].drop_duplicates().reset_index(drop=True)


def displayed(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as the notebooks show it. Every header cell has a text: pandas leaves the
    corner cell above the row labels empty, and a screen reader announces nothing there.
    Named row labels become an ordinary first column; plain row numbers are left out. Long
    texts are shortened as pandas' own display does."""
    shown = frame.copy()
    shown.columns.name = None
    plain_rows = isinstance(shown.index, pd.RangeIndex) or shown.index.name is None
    if not plain_rows:
        shown = shown.reset_index()
    width = pd.get_option("display.max_colwidth")
    if width:
        shown = shown.map(
            lambda value: (
                value[: width - 3] + "..."
                if isinstance(value, str) and len(value) > width
                else value
            )
        )
    return shown


# Inside the edition a notebook page lies in notebooks/, the bibliography in book/.
BIBLIOGRAPHY_PAGE = "../book/bibliography.html"


def source_link(key: str) -> str:
    """A source as its bibliography label, linked to its entry: readers never see a key."""
    label = references.labels().get(key, key)
    return f'<a href="{BIBLIOGRAPHY_PAGE}#{references.anchor(key)}">{html.escape(label)}</a>'


def is_unverified(note: object) -> bool:
    """A row whose figure was taken from a finding aid: its note begins "Unverified" (the
    principles, **Data**)."""
    return str(note or "").startswith("Unverified")


def is_source_column(name: object) -> bool:
    """The column that names each row's source: ``source`` in the data, "Source" in the
    tables beside the charts."""
    return str(name).lower() == SOURCE


def table_html(frame: pd.DataFrame) -> str:
    """A table as HTML, for the web pages and Jupyter; a missing value is an empty cell,
    as in the CSV files, and a source is its label linked to the bibliography. Numbers are
    written as in the PDF's tables (:func:`cell_text`): pandas would pad a column to its
    longest decimals, giving 3.3 as "3.30", a precision no source printed."""
    precision = pd.get_option("display.precision")
    shown = displayed(frame)
    for name, column in shown.items():  # pandas writes <NA> for a missing whole number
        if isinstance(column.dtype, pd.api.extensions.ExtensionDtype) and column.hasnans:
            shown[name] = column.astype(object).where(column.notna(), "")
    sources = [name for name in shown.columns if is_source_column(name)]
    linked = bool(sources)
    if linked:  # the links are HTML, so every other text is escaped here, not by pandas
        shown = shown.map(lambda value: html.escape(value) if isinstance(value, str) else value)
        for name in sources:
            shown[name] = shown[name].map(source_link)
    return shown.to_html(
        index=False,
        max_rows=pd.get_option("display.max_rows"),
        border=0,
        na_rep="",
        justify="left",
        escape=not linked,
        float_format=lambda value: cell_text(value, precision),
    )


# CommonMark lets a backslash escape any ASCII punctuation, so no value is read as markup.
PUNCTUATION = re.compile(r"([!-/:-@\\[-`{-~])")


def table_markdown(frame: pd.DataFrame) -> str:
    """A table as a MyST list-table, for the PDF and the e-book, which cannot show HTML."""
    shown = displayed(frame)
    precision = pd.get_option("display.precision")
    header = [str(column) for column in shown.columns]
    rows = [[cell_text(value, precision) for value in row] for row in shown.itertuples(index=False)]
    if not rows:  # a list-table needs a body: say plainly that no row was selected
        return "*(no rows)*"
    limit = pd.get_option("display.max_rows")
    if limit and len(rows) > limit:  # as pandas does: the first and the last rows
        rows = [*rows[: limit // 2], ["…"] * len(header), *rows[-(limit // 2) :]]
    lines = [
        "```{list-table}",
        ":header-rows: 1",
        ":class: notebook-table",
        "",
    ]
    source_columns = {i for i, name in enumerate(header) if is_source_column(name)}
    for number, row in enumerate([header, *rows]):
        for i, text in enumerate(row):
            if number and i in source_columns and text in references.labels():
                escaped = f"{{cite:label}}`{text}`"  # the label, linked to the bibliography
            else:
                escaped = PUNCTUATION.sub(r"\\\1", text)
            lines.append(f"{'* -' if i == 0 else '  -'} {escaped}".rstrip())
    lines.append("```")
    return "\n".join(lines)


def cell_text(value: object, precision: int) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.{precision}f}".rstrip("0").rstrip(".")
    return " ".join(str(value).split())


def show_tables_accessibly() -> None:
    """Display every DataFrame in this notebook with :func:`table_html`, and give it also
    as :func:`table_markdown`, which the PDF and the e-book typeset as a table."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        formatters = shell.display_formatter.formatters
        formatters["text/html"].for_type(pd.DataFrame, table_html)
        formatters["text/markdown"].for_type(pd.DataFrame, table_markdown)
