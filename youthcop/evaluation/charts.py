"""The results chart, drawn on the server as SVG: per statement, one bar per round on the 1–5 scale.

A withheld figure (under five answers) draws no bar, only a dashed mark and
the words "too few answers". The template (``youthcop_evaluation/chart.html``)
carries a visually hidden table with the same figures.
"""

from dataclasses import dataclass

WIDTH = 640
LEFT = 40  # room for the statement numbers
RIGHT = 16
TOP = 24  # room for the scale's labels
BAR = 12
BAR_GAP = 3
ITEM_GAP = 14
SCALE = (1, 2, 3, 4, 5)
# Presentation attributes, for renderers that do not apply the page's CSS to SVG (WeasyPrint); the admin's CSS wins.
COLOURS = {"before": "#9aa3ad", "mid": "#3f7fa5", "after": "#1d3f6e"}


@dataclass(frozen=True)
class ChartBar:
    kind: str
    label: str
    value: float | None
    y: float
    width: float

    @property
    def colour(self):
        return COLOURS.get(self.kind, "#555")

    @property
    def withheld(self):
        return self.value is None


@dataclass(frozen=True)
class ChartItem:
    number: int
    text: str
    y: float
    bars: tuple


@dataclass(frozen=True)
class MeansChart:
    key: str
    title: str
    items: tuple
    ticks: tuple  # (value, x)
    series: tuple  # (kind, label, colour)
    height: float
    width: int = WIDTH
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP


def x_of(value):
    """The x of ``value`` on the 1–5 scale (bars start at 1: "strongly disagree")."""
    return LEFT + (value - 1) / 4 * (WIDTH - LEFT - RIGHT)


def means_chart(key, title, side_result, rounds):
    """The chart of one side's ``SideResult`` for ``rounds`` (in order)."""
    series = tuple((one.kind, str(one.get_kind_display()), COLOURS.get(one.kind, "#555")) for one in rounds)
    items = []
    y = TOP
    for number, item in enumerate(side_result.items, 1):
        bars = []
        for index, (kind, label, _colour) in enumerate(series):
            figure = item.mean(kind)
            value = None if figure is None or figure.withheld else figure.value
            bar_y = y + index * (BAR + BAR_GAP)
            bars.append(ChartBar(kind=kind, label=label, value=value, y=round(bar_y, 1),
                                 width=round(x_of(value) - LEFT, 1) if value is not None else 0))
        items.append(ChartItem(number=number, text=item.text, y=round(y, 1), bars=tuple(bars)))
        y += max(1, len(series)) * (BAR + BAR_GAP) + ITEM_GAP
    ticks = tuple((value, round(x_of(value), 1)) for value in SCALE)
    return MeansChart(key=key, title=title, items=tuple(items), ticks=ticks, series=series, height=round(y, 1))
