"""The edition's chart style and its charts.

One look for every chart, in the book and in the notebooks: the Okabe–Ito palette (safe
for the common colour-vision deficiencies), labels written beside the lines rather than in
a legend, units on the axes, and a source line under every chart. Each chart function
returns a :class:`Chart`: the figure, a text alternative and the data it shows, so that the
book can print a caption, alt text and a data table from one call.

Depends on pandas and matplotlib (with Pillow, which matplotlib needs) alone: the
classroom pack ships it.
"""

from __future__ import annotations

import base64
import calendar
import functools
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from PIL import Image

from . import data, references
from .paths import BIBFILE, DATA

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


@dataclass(frozen=True)
class Inputs:
    """What a chart reads: the data package and the bibliography whose labels its source
    line gives. The repository's by default (the notebooks, the packs); a build passes its
    project's."""

    data_dir: Path = DATA
    bibfile: Path = BIBFILE


REPOSITORY = Inputs()


@dataclass
class Chart:
    """A chart with what a reader who cannot see it needs."""

    name: str
    figure: Figure
    alt: str
    table: pd.DataFrame
    sources: list[str]

    @property
    def title(self) -> str:
        return self.figure.axes[0].get_title(loc="left") if self.figure.axes else self.name

    def _repr_png_(self) -> bytes:
        """Jupyter shows a chart as its image, with or without matplotlib's integration."""
        buffer = io.BytesIO()
        self.figure.savefig(
            buffer,
            format="png",
            dpi=self.figure.dpi,
            metadata={"Software": None},
            bbox_inches="tight",
        )
        return palette_png(buffer.getvalue())

    def _repr_html_(self) -> str:
        """Where HTML can be shown (the book, JupyterLab), the image with its text
        alternative, and the data it shows as a table for screen readers and for reuse."""
        png = self._repr_png_()
        width, height = Image.open(io.BytesIO(png)).size
        scale = 100 / self.figure.dpi  # CSS pixels per image pixel
        return (
            f'<figure class="edition-chart-output">'
            f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}" '
            f'alt="{escape(self.alt, quote=True)}" width="{round(width * scale)}" '
            f'height="{round(height * scale)}" style="max-width: 100%; height: auto">'
            f'<details class="chart-data"><summary>Data table: {escape(self.title)}</summary>'
            f"{data.table_html(self.table)}</details></figure>"
        )

    def _repr_pdf_(self) -> bytes:
        """The chart as vector graphics, which print and a PDF take (Jupyter's LaTeX and
        PDF exports, the book's PDF) and which stay sharp at any zoom: no date, creator or
        producer in the file, so that two builds give the same bytes, and the text as
        TrueType (Type 42), which a PDF reader can search and copy."""
        buffer = io.BytesIO()
        with matplotlib.rc_context({"pdf.fonttype": 42}):
            self.figure.savefig(
                buffer,
                format="pdf",
                metadata={"Creator": None, "Producer": None, "CreationDate": None},
                bbox_inches="tight",
            )
        return buffer.getvalue()

    def save(self, path: str) -> None:
        """Write the image in the format the file's suffix names (``.png`` or ``.pdf``).
        No software version or date in the file, so that two builds give the same bytes."""
        suffix = Path(path).suffix.lower()
        writers = {".png": self._repr_png_, ".pdf": self._repr_pdf_}
        if suffix not in writers:
            raise ValueError(f"a chart is saved as PNG or PDF, not {suffix!r}: {path}")
        Path(path).write_bytes(writers[suffix]())


def palette_png(png: bytes) -> bytes:
    """The chart as a 256-colour PNG: a chart has few colours, so the image looks the same
    at about a third of the bytes, which a reader on a slow connection notices."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    palette = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def new_figure() -> tuple[Figure, Axes]:
    """A figure outside pyplot's registry: nothing is shown twice in a notebook, and the
    book's build keeps no figures open."""
    figure = Figure(figsize=STYLE["figure.figsize"], layout="constrained")
    return figure, figure.subplots()


def styled(make_chart: Callable[[Inputs], Chart]) -> Callable[..., Chart]:
    """Draw a chart with the edition's style, whatever the reader's matplotlib settings."""

    @functools.wraps(make_chart)
    def wrapper(inputs: Inputs = REPOSITORY) -> Chart:
        with matplotlib.rc_context(STYLE):
            return make_chart(inputs)

    return wrapper


def apply_style(axes: Axes) -> None:
    for key in ("top", "right"):
        axes.spines[key].set_visible(False)
    axes.grid(axis="y", color="#dddddd", linewidth=0.8)
    axes.set_axisbelow(True)


def label_line_end(axes: Axes, x: float, y: float, text: str, color: str) -> None:
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


def add_source_line(figure: Figure, frame: pd.DataFrame, inputs: Inputs) -> None:
    """The sources of the rows shown; the data table beside the chart gives the locators."""
    text = references.source_line(data.sources_of(frame), inputs.bibfile)
    figure.text(0.0, -0.02, text, ha="left", va="top", fontsize=8, color=MUTED, wrap=True)


def spread_labels(positions: list[float], gap: float) -> list[float]:
    """Move end-of-line labels apart so that none is closer than ``gap`` to the next."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = list(positions)
    for previous, current in zip(order, order[1:], strict=False):
        placed[current] = max(placed[current], placed[previous] + gap)
    return placed


def finish(figure: Figure, axes: Axes, title: str, frame: pd.DataFrame, inputs: Inputs) -> None:
    apply_style(axes)
    axes.set_title(title)
    add_source_line(figure, frame, inputs)


def table_for(frame: pd.DataFrame, columns: Sequence[str], headers: Sequence[str]) -> pd.DataFrame:
    shown = frame[list(columns)].copy()
    shown.columns = list(headers)
    return shown.reset_index(drop=True)


# --- The charts -----------------------------------------------------------------------


@styled
def party_membership(inputs: Inputs) -> Chart:
    """Party membership as reported at each congress, with the Lenin Enrolment and purges."""
    frame = data.load("party_membership", inputs.data_dir)
    congress = frame[(frame["date"] == "congress") & (frame[data.SOURCE] == "gse3_en")].copy()
    congress["members"] = congress["total_members"].fillna(
        congress["full_members"] + congress["candidate_members"]
    )
    january_1924 = frame[frame["date"] == "1924-01-01"]
    figure, axes = new_figure()
    colour = PALETTE[5]
    axes.plot(congress["year"], congress["members"] / 1e6, marker="o", color=colour)
    label_line_end(
        axes,
        congress["year"].iloc[-1],
        congress["members"].iloc[-1] / 1e6,
        "at party congresses",
        colour,
    )
    axes.plot(
        january_1924["year"],
        january_1924["total_members"] / 1e6,
        marker="D",
        linestyle="none",
        color=PALETTE[6],
    )
    axes.annotate(
        "1 Jan. 1924,\nbefore the\nLenin Enrolment",
        xy=(1924, january_1924["total_members"].iloc[0] / 1e6),
        xytext=(1925.5, 2.2),
        color=PALETTE[6],
        fontsize=8,
        arrowprops={"arrowstyle": "-", "color": PALETTE[6]},
    )
    events = data.load("party_events", inputs.data_dir)
    bands = events[
        events["event"].str.contains("purge|suspended", case=False) & events["date_end"].notna()
    ]
    for row in bands.itertuples():
        start, end = decimal_year(row.date_start), decimal_year(row.date_end, end=True)
        label = "purge" if "purge" in row.event.lower() else "admissions\nsuspended"
        axes.axvspan(start, end, color="#eeeeee", zorder=0)
        height = 6.6 if label == "purge" else 5.9  # the 1933 purge falls inside the freeze
        axes.text((start + end) / 2, height, label, ha="center", va="top", fontsize=7, color=MUTED)
    axes.set_ylabel("members and candidates (millions)")
    axes.set_xlabel("year")
    axes.set_xlim(1916, 1956)
    axes.set_ylim(0, 7)
    shown = frame[(frame.index.isin(congress.index)) | (frame.index.isin(january_1924.index))]
    sourced = pd.concat([shown[[data.SOURCE, data.LOCATOR]], bands[[data.SOURCE, data.LOCATOR]]])
    first, last = congress["year"].min(), congress["year"].max()
    finish(figure, axes, f"Communist Party membership, {first}–{last}", sourced, inputs)
    table = table_for(
        shown,
        [
            "year",
            "date",
            "full_members",
            "candidate_members",
            "total_members",
            data.SOURCE,
            data.LOCATOR,
        ],
        ["Year", "Date counted", "Full members", "Candidates", "Total", "Source", "Locator"],
    )
    points = "; ".join(
        f"{year}: {members / 1e6:.2f} million"
        for year, members in zip(congress["year"], congress["members"], strict=True)
    )
    shaded = "; ".join(
        f"{row.event} ({period(row.date_start, row.date_end)})" for row in bands.itertuples()
    )
    alt = (
        "Line chart of Communist Party membership, members and candidates together, as reported "
        f"at the party congresses ({points}). A separate point marks "
        f"{int(january_1924['total_members'].iloc[0]):,} members on 1 January 1924, before the "
        f"Lenin Enrolment. Shaded bands: {shaded}."
    )
    return Chart("party_membership", figure, alt, table, data.sources_of(sourced))


@styled
def central_committee(inputs: Inputs) -> Chart:
    frame = data.load("central_committee", inputs.data_dir)
    both = frame.dropna(subset=["full_members", "candidate_members"]).drop_duplicates("congress")
    both = both[both["year"] <= 1953]  # the essay's period: Stalin died in 1953
    figure, axes = new_figure()
    labels = [f"{c}th\n{y}" for c, y in zip(both["congress"], both["year"], strict=True)]
    positions = range(len(both))
    axes.bar(positions, both["full_members"], color=PALETTE[5], label="full members")
    axes.bar(
        positions,
        both["candidate_members"],
        bottom=both["full_members"],
        color=PALETTE[2],
        label="candidate members",
    )
    for x, full, candidates in zip(
        positions, both["full_members"], both["candidate_members"], strict=True
    ):
        axes.text(x, full / 2, str(full), ha="center", va="center", color="white", fontsize=8)
        axes.text(x, full + candidates + 2, str(full + candidates), ha="center", fontsize=8)
    axes.set_xticks(list(positions), labels)
    axes.set_xlabel("party congress and year")
    axes.set_ylabel("members of the Central Committee")
    axes.legend(loc="upper left")
    finish(figure, axes, "Size of the Central Committee elected at each congress", both, inputs)
    table = table_for(
        both,
        ["congress", "year", "full_members", "candidate_members", data.SOURCE, data.LOCATOR],
        ["Congress", "Year", "Full members", "Candidates", "Source", "Locator"],
    )
    bars = "; ".join(
        f"{congress}th congress, {year}: {full} full and {candidates} candidate members"
        for congress, year, full, candidates in zip(
            both["congress"],
            both["year"],
            both["full_members"],
            both["candidate_members"],
            strict=True,
        )
    )
    alt = f"Stacked bar chart of the Central Committee elected at each party congress: {bars}."
    return Chart("central_committee", figure, alt, table, data.sources_of(both))


@styled
def grain_harvest(inputs: Inputs) -> Chart:
    frame = data.load("grain", inputs.data_dir)
    yearly = frame[frame["year"].str.fullmatch(r"\d{4}")].copy()
    yearly["year"] = yearly["year"].astype(int)
    figure, axes = new_figure()
    ends = []
    for colour, (series, rows) in zip(
        PALETTE[1:], yearly.groupby("series", sort=False), strict=False
    ):
        rows = rows[rows["year"] >= 1928]
        axes.plot(rows["year"], rows["harvest_million_tonnes"], marker="o", color=colour)
        last = rows.iloc[-1]
        ends.append((last["year"], last["harvest_million_tonnes"], series, colour))
    label_y = spread_labels([end[1] for end in ends], gap=4)
    for (x, _, series, colour), y in zip(ends, label_y, strict=True):
        label_line_end(axes, x, y, series, colour)
    pre_war = yearly[yearly["year"] == 1913]["harvest_million_tonnes"]
    axes.axhspan(pre_war.min(), pre_war.max(), color="#eeeeee", zorder=0)
    axes.text(
        1928.1,
        pre_war.max() + 0.8,
        "1913 harvest (range of the three series)",
        fontsize=8,
        color=MUTED,
    )
    axes.axvspan(1931.5, 1933.5, color="#f6e8e8", zorder=0)
    axes.text(1932.5, 52, "famine", ha="center", fontsize=8, color=PALETTE[6])
    axes.set_xlim(1927.5, 1943.5)
    axes.set_ylim(50, 125)
    axes.set_xlabel("year")
    axes.set_ylabel("grain harvest (million tonnes)")
    shown = yearly[(yearly["year"] >= 1928) | (yearly["year"] == 1913)]
    finish(figure, axes, "Grain harvest, 1928–1940, in three estimates", shown, inputs)
    table = table_for(
        shown.sort_values(["year", "series"]),
        ["year", "series", "harvest_million_tonnes", data.SOURCE, data.LOCATOR],
        ["Year", "Series", "Harvest (million tonnes)", "Source", "Locator"],
    )
    plotted = yearly[yearly["year"] >= 1928]
    ranges = "; ".join(
        f"{series}: from {rows['harvest_million_tonnes'].min():g} "
        f"({rows.loc[rows['harvest_million_tonnes'].idxmin(), 'year']}) to "
        f"{rows['harvest_million_tonnes'].max():g} "
        f"({rows.loc[rows['harvest_million_tonnes'].idxmax(), 'year']})"
        for series, rows in plotted.groupby("series", sort=False)
    )
    alt = (
        f"Line chart of the grain harvest from {plotted['year'].min()} to "
        f"{plotted['year'].max()} in three estimates, in million tonnes ({ranges}). A band marks "
        f"the 1913 harvest, {pre_war.min():g} to {pre_war.max():g} million tonnes in the three "
        "series, and another the famine years 1932–33."
    )
    return Chart("grain_harvest", figure, alt, table, data.sources_of(shown))


@styled
def famine_estimates(inputs: Inputs) -> Chart:
    frame = data.load("famine_estimates", inputs.data_dir)
    ussr = frame[frame["region"] == "USSR"].reset_index(drop=True)
    figure, axes = new_figure()
    positions = range(len(ussr))
    for y, row in zip(positions, ussr.itertuples(), strict=True):
        low, high = row.deaths_low_million, row.deaths_high_million
        if low == high:
            axes.plot([low], [y], marker="o", color=PALETTE[5])
        else:
            axes.plot([low, high], [y, y], color=PALETTE[5], linewidth=4, solid_capstyle="butt")
    axes.set_yticks(list(positions), [textwrap_short(s) for s in ussr["scholar"]], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, 10)
    axes.set_xlabel("excess deaths in the USSR (millions)")
    axes.grid(axis="x", color="#dddddd")
    finish(figure, axes, "Estimates of deaths in the famine of 1930–1933", ussr, inputs)
    table = table_for(
        ussr,
        [
            "scholar",
            "period",
            "deaths_low_million",
            "deaths_high_million",
            data.SOURCE,
            data.LOCATOR,
        ],
        ["Estimate by", "Period", "Low (millions)", "High (millions)", "Source", "Locator"],
    )
    described = "; ".join(
        f"{row.scholar}: "
        + (
            f"{format_number(row.deaths_low_million)} million"
            if row.deaths_low_million == row.deaths_high_million
            else f"{format_number(row.deaths_low_million)} to "
            f"{format_number(row.deaths_high_million)} million"
        )
        for row in ussr.itertuples()
    )
    alt = (
        "Dot and range chart of published estimates of excess deaths in the Soviet famine, for "
        f"the USSR as a whole ({described})."
    )
    return Chart("famine_estimates", figure, alt, table, data.sources_of(ussr))


def format_number(value: float) -> str:
    """5.5 as "5.5", 7.0 as "7"."""
    return f"{value:g}"


def period(start: str, end: str) -> str:
    """'1921', '1921' as "1921"; '1933-01', '1936-11' as "January 1933 to November 1936"."""

    def spoken(date: str) -> str:
        year, _, month = date.partition("-")
        return f"{calendar.month_name[int(month[:2])]} {year}" if month else year

    return spoken(start) if start == end else f"{spoken(start)} to {spoken(end)}"


def decimal_year(date: str, end: bool = False) -> float:
    """'1929' or '1933-01' as a position on a time axis; an end date covers its whole
    year or month."""
    year, _, month = date.partition("-")
    if month:
        return int(year) + (int(month[:2]) - (0 if end else 1)) / 12
    return int(year) + (1.0 if end else 0.0)


def floats(column: pd.Series) -> pd.Series:
    """A column of integers with gaps, as floats with NaN, which matplotlib can draw."""
    return column.astype("float64")


def textwrap_short(text: str, width: int = 38) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@styled
def five_year_plan(inputs: Inputs) -> Chart:
    frame = data.load("five_year_plan", inputs.data_dir)
    rows = frame[frame[data.SOURCE] == "worldhistoryproject_fyp"].reset_index(drop=True)
    figure, axes = new_figure()
    width = 0.27
    for offset, column, colour, label in [
        (-width, "output_1928", PALETTE[0], "output 1928"),
        (0, "plan_target_1932_33", PALETTE[1], "plan target for 1932/33"),
        (width, "output_1932", PALETTE[5], "output 1932"),
    ]:
        ratios = floats(rows[column]) / floats(rows["output_1928"])
        axes.bar([i + offset for i in range(len(rows))], ratios, width, color=colour, label=label)
    axes.axhline(1, color=MUTED, linewidth=0.8)
    axes.set_xticks(
        range(len(rows)),
        [f"{p}\n({u})" for p, u in zip(rows["product"], rows["unit"], strict=True)],
        fontsize=8,
    )
    axes.set_ylabel("index, output in 1928 = 1")
    axes.legend(loc="upper left")
    finish(figure, axes, "First Five-Year Plan: target and result, relative to 1928", rows, inputs)
    table = table_for(
        rows,
        [
            "product",
            "unit",
            "output_1928",
            "plan_target_1932_33",
            "output_1932",
            data.SOURCE,
            data.LOCATOR,
        ],
        ["Product", "Unit", "Output 1928", "Target 1932/33", "Output 1932", "Source", "Locator"],
    )
    met = rows["output_1932"] >= rows["plan_target_1932_33"]
    alt = (
        f"Grouped bar chart comparing, for {', '.join(rows['product'])}, output in 1928, the "
        "plan target for 1932/33 given by a web page (the plan's starting variant where it is "
        "identified) and output in 1932, each relative to 1928. Output in 1932 met that target "
        f"for {', '.join(rows.loc[met, 'product']) or 'no product'} and fell short of it for "
        f"{', '.join(rows.loc[~met, 'product']) or 'no product'}."
    )
    return Chart("five_year_plan", figure, alt, table, data.sources_of(rows))


MVD_CERTIFICATE = "MVD certificate of December 1953"


@styled
def repression(inputs: Inputs) -> Chart:
    frame = data.load("repression", inputs.data_dir)
    series = frame[(frame["series"] == MVD_CERTIFICATE) & frame["year"].str.fullmatch(r"\d{4}")]
    series = series.assign(year=series["year"].astype(int))
    figure, axes = new_figure()
    axes.bar(
        series["year"], floats(series["convictions"]) / 1000, color=PALETTE[2], label="convictions"
    )
    axes.bar(
        series["year"],
        floats(series["death_sentences"]) / 1000,
        color=PALETTE[6],
        label="of which death sentences",
    )
    axes.set_xlabel("year")
    axes.set_ylabel("persons sentenced (thousands)")
    axes.legend(loc="upper left")
    axes.annotate(
        "1937–38",
        xy=(1937.5, 790),
        xytext=(1941, 700),
        fontsize=8,
        color=MUTED,
        arrowprops={"arrowstyle": "-", "color": MUTED},
    )
    first, last = series["year"].min(), series["year"].max()
    finish(
        figure,
        axes,
        f"Sentences passed on cases of the political police, {first}–{last}",
        series,
        inputs,
    )
    table = table_for(
        series,
        ["year", "convictions", "death_sentences", data.SOURCE, data.LOCATOR],
        ["Year", "Convictions", "Death sentences", "Source", "Locator"],
    )
    in_peak = series["year"].isin([1937, 1938])
    peak, rest = series[in_peak], series[~in_peak]
    highest = rest.loc[rest["convictions"].idxmax()]
    peak_text = " and ".join(
        f"{int(row.convictions):,} in {row.year} (of which {int(row.death_sentences):,} were "
        "death sentences)"
        for row in peak.itertuples()
    )
    alt = (
        "Bar chart of convictions and death sentences on cases of the political police (Cheka, "
        f"OGPU, NKVD, MGB) for each year from {first} to {last}, as counted by the Interior "
        f"Ministry in December 1953. Convictions reach {peak_text}; in every other year they "
        f"are at most {int(highest['convictions']):,} (in {highest['year']})."
    )
    return Chart("repression", figure, alt, table, data.sources_of(series))


# The kinds of place of confinement the Gulag table counts (its column what_counted), each
# drawn as its own series and never added to another: label, colour and marker.
GULAG_KINDS = [
    ("Gulag camps (ITL)", "camps (ITL)", PALETTE[5], "o"),
    ("Gulag colonies (ITK)", "colonies (ITK)", PALETTE[3], "s"),
    ("NKVD-MVD prisons only", "prisons (NKVD-MVD)", PALETTE[6], "^"),
]


def spoken_day(date: str) -> str:
    """'1939-01-01' as "1 January 1939", '1940-01' as "January 1940", '1934' as "1934"."""
    year, _, rest = date.partition("-")
    month, _, day = rest.partition("-")
    if not month:
        return year
    named = f"{calendar.month_name[int(month)]} {year}"
    return f"{int(day)} {named}" if day else named


def counts_described(rows: pd.DataFrame) -> str:
    """The counts of one series in words: every count of a short series; of a long one the
    first, the last, the highest and the lowest."""

    def count(row: pd.Series) -> str:
        flag = ", unverified" if data.is_unverified(row["note"]) else ""
        return f"{int(row['prisoners']):,} ({spoken_day(row['date'])}{flag})"

    if len(rows) <= 5:
        return "; ".join(count(row) for _, row in rows.iterrows())
    highest = rows.loc[rows["prisoners"].idxmax()]
    lowest = rows.loc[rows["prisoners"].idxmin()]
    return (
        f"{len(rows)} counts from {spoken_day(rows['date'].iloc[0])} to "
        f"{spoken_day(rows['date'].iloc[-1])}, from {count(rows.iloc[0])} to "
        f"{count(rows.iloc[-1])}; highest {count(highest)}, lowest {count(lowest)}"
    )


@styled
def gulag(inputs: Inputs) -> Chart:
    """Prisoners of the Gulag's camps and colonies and of the prisons, one series for each
    kind of place, on the dates counted; an unverified count is drawn hollow."""
    frame = data.load("gulag", inputs.data_dir)
    frame = frame.assign(position=frame["date"].map(decimal_year)).sort_values("position")
    figure, axes = new_figure()
    described, absent = [], []
    for kind, label, colour, marker in GULAG_KINDS:
        rows = frame[frame["what_counted"] == kind]
        if rows.empty:
            absent.append(label)
            continue
        thousands = floats(rows["prisoners"]) / 1000
        # A line joins only counts a year apart: a gap in the series is not drawn over.
        runs = (rows["position"].diff() > 1.01).cumsum()
        for _, run in rows.groupby(runs):
            if len(run) > 1:
                axes.plot(run["position"], floats(run["prisoners"]) / 1000, color=colour)
        hollow = rows["note"].map(data.is_unverified)
        axes.plot(
            rows.loc[~hollow, "position"],
            thousands[~hollow],
            marker=marker,
            markersize=6,
            linestyle="none",
            color=colour,
        )
        axes.plot(
            rows.loc[hollow, "position"],
            thousands[hollow],
            marker=marker,
            markersize=8,
            markerfacecolor="white",
            markeredgewidth=1.5,
            linestyle="none",
            color=colour,
        )
        label_line_end(axes, rows["position"].iloc[-1], thousands.iloc[-1], label, colour)
        described.append(f"{label[0].upper()}{label[1:]}: {counts_described(rows)}")
    if absent:
        axes.text(
            0.01,
            0.97,
            f"No count of the {' or the '.join(absent)} in the data",
            transform=axes.transAxes,
            va="top",
            fontsize=8,
            color=MUTED,
        )
    key = [
        Line2D([], [], marker="o", markersize=6, color=INK, linestyle="none"),
        Line2D(
            [], [], marker="o", markersize=8, markerfacecolor="white", color=INK, linestyle="none"
        ),
    ]
    axes.legend(
        key,
        [
            "count read in a text of its source (see the note of its row)",
            "unverified: taken from a finding aid",
        ],
        loc="upper left",
        bbox_to_anchor=(0.0, 0.9),
        fontsize=8,
    )
    first, last = int(frame["position"].min()), int(frame["position"].max())
    axes.set_xlim(first - 1, last + 4)
    axes.set_ylim(0, frame["prisoners"].max() / 1000 * 1.15)
    axes.set_xlabel("year")
    axes.set_ylabel("prisoners (thousands)")
    finish(
        figure,
        axes,
        f"Prisoners of the Gulag camps and colonies and of the prisons, {first}–{last}",
        frame,
        inputs,
    )
    table = table_for(
        frame,
        ["date", "prisoners", "what_counted", data.SOURCE, data.LOCATOR],
        ["Date counted", "Prisoners", "What was counted", "Source", "Locator"],
    )
    missing = f" The data hold no count of the {' or the '.join(absent)}." if absent else ""
    alt = (
        "Chart of the number of prisoners on the dates counted, one series for each kind of "
        "place of confinement, which are never added together; a year alone means the day of "
        f"the count is not known, and hollow markers are unverified counts. {'. '.join(described)}."
        f"{missing}"
    )
    return Chart("gulag", figure, alt, table, data.sources_of(frame))


ENCYCLOPEDIA_LIVESTOCK = "bse3_zhivotnovodstvo"
KHRUSHCHEV_1953 = "khrushchev1953measures"
LONGEST_JOINED_GAP = 10  # years between two rows of the data that a line may join


@styled
def livestock(inputs: Inputs) -> Chart:
    """Cattle and cows from 1916 to 1956: the encyclopaedia's table (on 1 January) and
    Khrushchev's figures for 1916 and 1953 as quoted, each source with its own marker."""
    frame = data.load("livestock", inputs.data_dir)
    shown = frame[frame[data.SOURCE].isin([ENCYCLOPEDIA_LIVESTOCK, KHRUSHCHEV_1953])]
    shown = shown.sort_values(["year", data.SOURCE]).reset_index(drop=True)
    table_rows = shown[shown[data.SOURCE] == ENCYCLOPEDIA_LIVESTOCK]
    quoted = shown[shown[data.SOURCE] == KHRUSHCHEV_1953]
    animals = [
        ("cattle_million", "all cattle", PALETTE[5]),
        ("cows_million", "of which cows", PALETTE[6]),
    ]
    # The line does not bridge a long stretch of years for which the data hold no row of
    # the table (the Civil War, the war of 1941–45): a line across it would draw a path
    # that no figure shows.
    runs = (table_rows["year"].astype(int).diff() > LONGEST_JOINED_GAP).cumsum()
    years = table_rows["year"].tolist()
    skipped = [
        f"{before + 1}–{after - 1}"
        for before, after in zip(years, years[1:], strict=False)
        if after - before > LONGEST_JOINED_GAP
    ]
    figure, axes = new_figure()
    for column, label, colour in animals:
        for _, run in table_rows.groupby(runs):
            axes.plot(
                run["year"],
                run[column],
                marker="o",
                markersize=6,
                linewidth=1,
                linestyle=":",
                color=colour,
            )
        axes.plot(
            quoted["year"],
            quoted[column],
            marker="D",
            markersize=10,
            markerfacecolor="none",
            markeredgewidth=1.6,
            linestyle="none",
            color=colour,
        )
        last = table_rows.iloc[-1]
        label_line_end(axes, last["year"], last[column], label, colour)
        level_1916 = table_rows.loc[table_rows["year"] == 1916, column].iloc[0]
        axes.axhline(level_1916, color=colour, linewidth=0.6, alpha=0.5, zorder=0)
        axes.text(1937, level_1916 + 0.9, "1916 level", fontsize=8, color=colour)
    axes.axvline(1953.2, color=MUTED, linewidth=0.8, linestyle="--", zorder=0)
    axes.text(1952.9, 3, "Stalin's death,\nMarch 1953", ha="right", fontsize=8, color=MUTED)
    key = [
        Line2D([], [], marker="o", markersize=6, color=INK, linestyle=":", linewidth=1),
        Line2D(
            [], [], marker="D", markersize=9, markerfacecolor="none", color=INK, linestyle="none"
        ),
    ]
    axes.legend(
        key,
        [
            "Great Soviet Encyclopedia, Table 1 (on 1 January)",
            "Khrushchev, September 1953, as quoted (day not given)",
        ],
        loc="lower left",
        bbox_to_anchor=(0.0, 0.14),
        fontsize=8,
    )
    axes.set_xlim(1913, 1961)
    axes.set_ylim(0, 68)
    axes.set_xlabel("year")
    axes.set_ylabel("million head")
    for gap in skipped:
        start, end = (int(year) for year in gap.split("–"))
        axes.text(
            (start + end) / 2,
            40,
            f"years {gap}\nnot shown",
            ha="center",
            fontsize=8,
            color=MUTED,
        )
    first, last_year = shown["year"].min(), shown["year"].max()
    apply_style(axes)
    axes.set_title(f"Cattle and cows, {first}–{last_year}")
    # Khrushchev's figures are known only as a magazine quoted them: the line says which.
    labels = references.labels(inputs.bibfile)
    quoted_in = references.bibliography(inputs.bibfile).entries[KHRUSHCHEV_1953].fields["quotedin"]
    line = references.source_line(data.sources_of(shown), inputs.bibfile).replace(
        labels[KHRUSHCHEV_1953], f"{labels[KHRUSHCHEV_1953]}, as quoted in {labels[quoted_in]}"
    )
    figure.text(0.0, -0.02, line, ha="left", va="top", fontsize=8, color=MUTED, wrap=True)
    table = table_for(
        shown,
        ["year", "date", "cattle_million", "cows_million", data.SOURCE, data.LOCATOR],
        [
            "Year",
            "Date counted",
            "Cattle (millions)",
            "Of which cows (millions)",
            "Source",
            "Locator",
        ],
    )

    def points(rows: pd.DataFrame) -> str:
        return "; ".join(
            f"{row.year}: {format_number(row.cattle_million)} million cattle, of which "
            f"{format_number(row.cows_million)} million cows"
            for row in rows.itertuples()
        )

    alt = (
        "Chart of the number of cattle, and of cows among them, in million head. Filled circles "
        f"joined by dotted lines (none across {' and '.join(skipped)}, years for which the data "
        "hold no row of the table): the "
        "Great Soviet Encyclopedia's table, on 1 January of each "
        f"year ({points(table_rows)}). Open diamonds: Khrushchev's figures of September 1953 "
        f"as quoted in a magazine ({points(quoted)}). Thin horizontal lines mark the levels "
        "of 1916, a dashed vertical line Stalin's death in March 1953."
    )
    return Chart("livestock", figure, alt, table, data.sources_of(shown))


CHARTS = {
    "party_membership": party_membership,
    "central_committee": central_committee,
    "grain_harvest": grain_harvest,
    "famine_estimates": famine_estimates,
    "livestock": livestock,
    "five_year_plan": five_year_plan,
    "repression": repression,
    "gulag": gulag,
}
