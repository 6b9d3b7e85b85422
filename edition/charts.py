"""The edition's chart style and its charts.

One look for every chart, in the book and in the notebooks: the Okabe–Ito palette (safe
for the common colour-vision deficiencies), labels written beside the lines rather than in
a legend, units on the axes, and a source line under every chart. Each chart function
returns a :class:`Chart`: the figure, a text alternative and the data it shows, so that the
book can print a caption, alt text and a data table from one call.

Depends on pandas and matplotlib alone (the classroom pack ships it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # noqa: E402  (charts are drawn to files, never to a screen)

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from edition import data, references  # noqa: E402

# Okabe & Ito (2008), "Color Universal Design": black, orange, sky blue, bluish green,
# yellow, blue, vermillion, reddish purple.
PALETTE = ["#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"]
INK = "#222222"
MUTED = "#666666"

STYLE = {
    "figure.figsize": (7.2, 4.2),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelcolor": INK,
    "axes.edgecolor": MUTED,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#dddddd",
    "grid.linewidth": 0.8,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE[1:] + PALETTE[:1]),
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "legend.frameon": False,
    "svg.hashsalt": "edition",
}


@dataclass
class Chart:
    """A chart with what a reader who cannot see it needs."""

    name: str
    figure: Figure
    alt: str
    table: pd.DataFrame
    sources: list[str]

    def save(self, path: str) -> None:
        # No software version or date in the file, so that two builds give the same bytes.
        self.figure.savefig(path, metadata={"Software": None}, bbox_inches="tight")


def new_figure() -> tuple[Figure, plt.Axes]:
    with plt.rc_context(STYLE):
        figure, axes = plt.subplots(layout="constrained")
    return figure, axes


def apply_style(axes: plt.Axes) -> None:
    for key in ("top", "right"):
        axes.spines[key].set_visible(False)
    axes.grid(axis="y", color="#dddddd", linewidth=0.8)
    axes.set_axisbelow(True)


def label_line_end(axes: plt.Axes, x: float, y: float, text: str, color: str) -> None:
    """A direct label at the end of a line, in the line's colour."""
    axes.annotate(
        text,
        xy=(x, y),
        xytext=(6, 0),
        textcoords="offset points",
        va="center",
        color=color,
        fontsize=9,
        fontweight="bold",
    )


def add_source_line(figure: Figure, frame: pd.DataFrame) -> None:
    rows = frame[[data.SOURCE, data.LOCATOR]].drop_duplicates()
    grouped = rows.groupby(data.SOURCE, sort=False)[data.LOCATOR].apply(
        lambda locators: ", ".join(dict.fromkeys(locators))
    )
    text = references.source_line(grouped.index, grouped.values)
    figure.text(0.0, -0.02, text, ha="left", va="top", fontsize=8, color=MUTED, wrap=True)


def finish(figure: Figure, axes: plt.Axes, title: str, frame: pd.DataFrame) -> None:
    apply_style(axes)
    axes.set_title(title)
    add_source_line(figure, frame)


def table_for(frame: pd.DataFrame, columns: Sequence[str], headers: Sequence[str]) -> pd.DataFrame:
    shown = frame[list(columns)].copy()
    shown.columns = list(headers)
    return shown.reset_index(drop=True)
