"""The totals that sources print, checked against the cells the edition copied.

``data/totals.csv`` records, for a table of ``data/``, either a printed column total (the
rows selected by ``where`` must add up to ``printed_total``) or a row identity (``parts``
names columns, ``a+b+c``, whose sum must equal ``column`` in every selected row).
``data/reconciliations.csv`` records each place where the source itself does not add up
or where the edition uses another value than the one printed: the cell (``resource``,
``where``, ``column``), the printed value, the value used and the reason. A reconciliation
whose ``where`` and ``column`` are those of a printed total reconciles the total itself;
any other names one cell, which must hold the value used.

Every problem is returned as ``path:line: message`` so that the build names the place.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

TOTALS_FILE = "totals.csv"
RECONCILIATIONS_FILE = "reconciliations.csv"


@dataclass(frozen=True)
class Row:
    """One CSV row with the file and line it stands on."""

    cells: dict[str, str]
    path: Path
    line: int

    def __getitem__(self, key: str) -> str:
        return (self.cells.get(key) or "").strip()

    def at(self, shown: str) -> str:
        return f"{shown}:{self.line}"


def read_rows(path: Path) -> list[Row]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Row(cells, path, line) for line, cells in enumerate(csv.DictReader(handle), start=2)
        ]


def parse_where(where: str) -> list[tuple[str, str]]:
    """``col=value,col=value`` (the selector of ``{datum}``; ``;`` may separate too); empty
    selects every row. A comma inside a value is kept: a piece without ``=`` continues the
    value before it (``series=Report of A, B and C``)."""
    if not where.strip():
        return []
    pieces: list[str] = []
    tokens = re.split(r"([;,])", where)  # pieces, with the separators between them
    for separator, piece in zip([""] + tokens[1::2], tokens[0::2], strict=True):
        if "=" in piece or not pieces:
            pieces.append(piece)
        else:
            pieces[-1] += separator + piece
    pairs = []
    for condition in pieces:
        column, sep, value = condition.partition("=")
        if not sep:
            raise ValueError(f"selector {where!r}: write column=value, separated by commas")
        pairs.append((column.strip(), value.strip()))
    return pairs


def select(rows: list[Row], where: str) -> list[Row]:
    conditions = parse_where(where)
    for row in rows:
        for column, _ in conditions:
            if column not in row.cells:
                raise ValueError(f"selector {where!r}: no column {column!r}")
    return [row for row in rows if all(row[column] == value for column, value in conditions)]


def number(text: str) -> Decimal | None:
    text = text.replace(",", "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ValueError(f"{text!r} is not a number") from error


def tolerance(printed: Decimal, terms: int) -> Decimal:
    """Rounded figures may differ from their sum by half a unit of the last printed place
    for each term; whole numbers must agree exactly."""
    exponent = printed.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= 0:
        return Decimal(0)
    return Decimal(terms) * Decimal(5) * Decimal(10) ** (exponent - 1)


def check(data_dir: Path, tables: dict[str, Path], shown: Callable[[Path], str]) -> list[str]:
    """Every problem with the printed totals and reconciliations of ``data_dir``."""
    totals = read_rows(data_dir / TOTALS_FILE)
    reconciliations = read_rows(data_dir / RECONCILIATIONS_FILE)
    table_rows = {name: read_rows(path) for name, path in tables.items()}
    problems: list[str] = []
    reconciled_totals: dict[tuple[str, str, str], Row] = {}
    reconciled_cells: set[tuple[str, int, str]] = set()
    printed_totals = {(t["resource"], t["where"], t["column"]): t for t in totals if not t["parts"]}
    total_keys = set(printed_totals)

    for rec in reconciliations:
        where = rec.at(shown(rec.path))
        try:
            for message in _check_reconciliation(rec, table_rows, printed_totals):
                problems.append(f"{where}: {message}")
        except ValueError as error:
            problems.append(f"{where}: {error}")
            continue
        key = (rec["resource"], rec["where"], rec["column"])
        if key in total_keys:
            reconciled_totals[key] = rec
        elif rec["resource"] in table_rows:
            for row in select(table_rows[rec["resource"]], rec["where"]):
                reconciled_cells.add((rec["resource"], row.line, rec["column"]))

    for total in totals:
        where = total.at(shown(total.path))
        try:
            problems += [
                f"{place or where}: {message}"
                for place, message in _check_total(
                    total, table_rows, reconciled_totals, reconciled_cells, shown
                )
            ]
        except ValueError as error:
            problems.append(f"{where}: {error}")
    return problems


def _check_reconciliation(
    rec: Row, table_rows: dict[str, list[Row]], printed_totals: dict[tuple[str, str, str], Row]
) -> Iterator[str]:
    if rec["resource"] not in table_rows:
        yield f"no table {rec['resource']!r} in the data package"
        return
    if not rec["reason"]:
        yield "a reconciliation must give its reason"
    printed = number(rec["printed_value"])
    used = number(rec["value_used"])
    total = printed_totals.get((rec["resource"], rec["where"], rec["column"]))
    if total is not None:  # it reconciles a printed total: both files must quote it alike
        if printed != number(total["printed_total"]):
            yield (
                f"the printed value {rec['printed_value']!r} is not the printed total "
                f"{total['printed_total']!r} recorded for {rec['resource']} {rec['column']} "
                f"({rec['where'] or 'all rows'}) at {total.path.name}:{total.line}"
            )
        return
    rows = select(table_rows[rec["resource"]], rec["where"])
    if len(rows) != 1:
        yield f"{rec['where']!r} selects {len(rows)} rows of {rec['resource']}, not one cell"
        return
    if rec["column"] not in rows[0].cells:
        yield f"{rec['resource']} has no column {rec['column']!r}"
        return
    held = number(rows[0][rec["column"]])
    if held != used:
        yield (
            f"{rec['resource']} {rec['where']} {rec['column']} holds {rows[0][rec['column']]!r}, "
            f"but the reconciliation says the value used is {rec['value_used']!r}"
        )


def _check_total(
    total: Row,
    table_rows: dict[str, list[Row]],
    reconciled_totals: dict[tuple[str, str, str], Row],
    reconciled_cells: set[tuple[str, int, str]],
    shown: Callable[[Path], str],
) -> Iterator[tuple[str | None, str]]:
    name, column = total["resource"], total["column"]
    if name not in table_rows:
        yield None, f"no table {name!r} in the data package"
        return
    rows = select(table_rows[name], total["where"])
    if not rows:
        yield None, f"{total['where']!r} selects no row of {name}"
        return
    if column not in rows[0].cells:
        yield None, f"{name} has no column {column!r}"
        return
    if total["parts"]:
        parts = [part.strip() for part in total["parts"].split("+")]
        for part in parts:
            if part not in rows[0].cells:
                yield None, f"{name} has no column {part!r}"
                return
        for row in rows:
            whole = number(row[column])
            values = [number(row[part]) for part in parts]
            if whole is None or all(v is None for v in values):
                continue
            if (name, row.line, column) in reconciled_cells:
                continue  # the source's own row does not add up; recorded with its reason
            found = sum((v or Decimal(0) for v in values), Decimal(0))
            if abs(found - whole) > tolerance(whole, len(parts)):
                yield (
                    row.at(shown(row.path)),
                    f"{' + '.join(parts)} = {found}, but {column} is {whole} "
                    f"(identity recorded at {total.at(shown(total.path))}); correct the cell or "
                    "record a reconciliation",
                )
        return
    printed = number(total["printed_total"])
    if printed is None:
        yield None, "a printed column total needs printed_total"
        return
    reconciliation = reconciled_totals.get((name, total["where"], column))
    expected = number(reconciliation["value_used"]) if reconciliation else printed
    values = [number(row[column]) for row in rows]
    found = sum((v for v in values if v is not None), Decimal(0))
    if expected is not None and abs(found - expected) > tolerance(expected, len(rows)):
        yield (
            None,
            f"the {len(rows)} rows of {name} ({total['where'] or 'all rows'}) add up to {found} "
            f"in {column}, but the source prints {printed}"
            + (f" (reconciled to {expected})" if reconciliation else "")
            + "; correct the cell or record a reconciliation in data/reconciliations.csv",
        )
