"""The trend of ratings over the year: one line per side, drawn on the server as SVG (no script, CSP-safe).

Built like ``youthcop.core.charts`` (geometry here, drawing in
``youthcop_feedback/charts/line_chart.html``, colours from the
``yc-chart__fill--<side>`` classes); a workshop without enough answers for a
side leaves a gap in that side's line, and the figures are also given in a
visually hidden table.
"""

from dataclasses import dataclass

from youthcop.core.charts import AXIS, HEIGHT, LABELS, MAX_LABELS, RIGHT, TOP, WIDTH

LOW, HIGH = 1, 5  # the scale's ends


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    points: tuple  # one per category; None where withheld
    segments: tuple  # runs of consecutive points, each drawn as one polyline

    @property
    def dots(self):
        return [point for point in self.points if point is not None]


@dataclass(frozen=True)
class Category:
    label: str
    x: float
    show_label: bool
    values: tuple  # one per line, None where withheld


@dataclass(frozen=True)
class LineChart:
    key: str
    title: str
    category_label: str
    withheld_label: str
    lines: tuple
    categories: tuple
    ticks: tuple  # (value, y)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = AXIS
    right: int = WIDTH - RIGHT
    label_y: float = HEIGHT - 6


def _y(value):
    baseline = HEIGHT - LABELS
    return round(baseline - (value - LOW) * (baseline - TOP) / (HIGH - LOW), 1)


def line_chart(key, title, series, rows, *, category_label="", withheld_label=""):
    """``series``: ``[(key, label)]``; ``rows``: ``[(category label, (value of each series or None, …))]``."""
    count = len(rows)
    slot = (WIDTH - AXIS - RIGHT) / max(1, count)
    every = -(-count // MAX_LABELS) or 1
    xs = [round(AXIS + slot * (index + 0.5), 1) for index in range(count)]
    lines = []
    for position, (series_key, label) in enumerate(series):
        points = tuple(
            None if values[position] is None else Point(xs[index], _y(values[position]), values[position])
            for index, (_label, values) in enumerate(rows)
        )
        segments, run = [], []
        for point in points:
            if point is None:
                if run:
                    segments.append(" ".join(f"{p.x},{p.y}" for p in run))
                run = []
            else:
                run.append(point)
        if run:
            segments.append(" ".join(f"{p.x},{p.y}" for p in run))
        lines.append(Line(series_key, label, points, tuple(segments)))
    categories = tuple(
        Category(label, xs[index], index % every == 0, tuple(values)) for index, (label, values) in enumerate(rows)
    )
    ticks = tuple((value, _y(value)) for value in range(LOW, HIGH + 1))
    return LineChart(
        key=key,
        title=title,
        category_label=category_label,
        withheld_label=withheld_label,
        lines=tuple(lines),
        categories=categories,
        ticks=ticks,
    )
