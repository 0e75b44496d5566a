"""Small charts drawn on the server as SVG: no JavaScript, no outside library, nothing inline to allow (CSP).

A builder returns the geometry and figures a template draws
(``youthcop/charts/bar_chart.html``, ``youthcop/charts/progress_bar.html``).
Colours come from one CSS class per series, ``yc-chart__fill--<key>``
(``youthcop/static/youthcop/css/overview.css``). A bar chart carries its own
text equivalent (a visually hidden table); a progress bar is drawn next to the
sentence that says the same, so it is hidden from screen readers.
"""

import math
from dataclasses import dataclass

WIDTH = 640  # viewBox units: the drawing scales to its container
HEIGHT = 200
AXIS = 32  # room left of the plot for the value labels
RIGHT = 16  # room right of the plot for half the last category label
LABELS = 22  # room under the plot for the category labels
TOP = 10  # room above the highest tick for its label
MAX_LABELS = 12  # category labels shown at most; every bar keeps its tooltip and table row
GAP = 0.25  # share of a bar's slot left empty


@dataclass(frozen=True)
class Series:
    key: str  # names the CSS class of its colour
    label: str


@dataclass(frozen=True)
class Segment:
    series: Series
    value: int
    y: float
    height: float


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple  # one per series; None when there is no figure yet
    x: float
    width: float
    segments: tuple
    show_label: bool

    @property
    def pending(self):
        return all(value is None for value in self.values)

    @property
    def centre(self):
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class BarChart:
    key: str  # makes the drawing's element ids unique in the page
    title: str
    category_label: str
    series: tuple
    bars: tuple
    ticks: tuple
    pending_label: str = ""
    width: int = WIDTH
    height: int = HEIGHT
    left: int = AXIS
    right: int = WIDTH - RIGHT
    baseline: float = HEIGHT - LABELS
    label_y: float = HEIGHT - 6


def nice_step(maximum, ticks=4):
    """A round step (1, 2 or 5 times a power of ten) that covers ``maximum`` in at most ``ticks`` steps."""
    if maximum <= ticks:
        return 1
    rough = maximum / ticks
    power = 10 ** math.floor(math.log10(rough))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= rough)


def stacked_bar_chart(key, title, series, rows, *, category_label="", pending_label=""):
    """Bars of ``rows`` — ``[(category label, (value of each series…) or None)]`` — stacked bottom-up in series order."""
    series = tuple(series)
    totals = [sum(v or 0 for v in values or ()) for _label, values in rows]
    step = nice_step(max(totals, default=0))
    top = step * max(1, math.ceil(max(totals, default=0) / step))
    baseline = HEIGHT - LABELS
    scale = (baseline - TOP) / top
    slot = (WIDTH - AXIS - RIGHT) / max(1, len(rows))
    every = math.ceil(len(rows) / MAX_LABELS) or 1
    bars = []
    for index, (label, values) in enumerate(rows):
        values = tuple(values) if values is not None else (None,) * len(series)
        y = baseline
        segments = []
        for one, value in zip(series, values):
            height = round((value or 0) * scale, 1)
            y = round(y - height, 1)
            if value is not None:
                segments.append(Segment(series=one, value=value, y=y, height=height))
        bars.append(
            Bar(
                label=label,
                values=values,
                x=round(AXIS + index * slot + slot * GAP / 2, 1),
                width=round(slot * (1 - GAP), 1),
                segments=tuple(segments),
                show_label=index % every == 0,
            )
        )
    ticks = tuple(Tick(value=value, y=round(baseline - value * scale, 1)) for value in range(0, top + 1, step))
    return BarChart(
        key=key,
        title=title,
        category_label=category_label,
        series=series,
        bars=tuple(bars),
        ticks=ticks,
        pending_label=pending_label,
    )


def bar_chart(key, title, series, rows, *, category_label="", pending_label=""):
    """Bars of one ``series``: ``rows`` is ``[(category label, value or None)]``."""
    rows = [(label, None if value is None else (value,)) for label, value in rows]
    return stacked_bar_chart(key, title, [series], rows, category_label=category_label, pending_label=pending_label)


@dataclass(frozen=True)
class Progress:
    value: int
    total: int
    key: str

    @property
    def percent(self):
        """Rounded percentage, or None without a total."""
        return round(100 * self.value / self.total) if self.total else None

    @property
    def fill(self):
        """The filled share of the bar, 0–100, in viewBox units."""
        return round(min(100, 100 * self.value / self.total), 1) if self.total else 0


def progress_bar(value, total, key="value"):
    return Progress(value=value, total=total, key=key)
