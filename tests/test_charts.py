"""youthcop.core.charts: the geometry of the SVG charts, and what their templates draw."""

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.utils import translation

from youthcop.core.charts import Series, bar_chart, nice_step, progress_bar, stacked_bar_chart

YOUTH, POLICE = Series("youth", "Young people"), Series("police", "Police officers")


@pytest.mark.parametrize("maximum, step", [(0, 1), (4, 1), (5, 2), (9, 5), (18, 5), (27, 10), (120, 50), (300, 100)])
def test_steps_are_round_and_cover_the_maximum_in_four_or_fewer(maximum, step):
    assert nice_step(maximum) == step
    assert step * 4 >= maximum


def test_stacked_bars_stand_on_the_baseline_one_series_on_the_other():
    chart = stacked_bar_chart("a", "Attendance", [YOUTH, POLICE], [("1 Sep", (10, 5)), ("1 Oct", (4, 2)), ("1 Nov", None)])
    ticks = [tick.value for tick in chart.ticks]
    assert ticks == [0, 5, 10, 15]
    top = chart.ticks[-1].y
    first, second, later = chart.bars
    youth, police = first.segments
    assert (youth.series, police.series) == (YOUTH, POLICE)
    assert youth.y + youth.height == chart.baseline  # young people at the bottom
    assert police.y + police.height == pytest.approx(youth.y)  # officers on top of them
    assert police.y == pytest.approx(top)  # 15, the highest tick
    assert second.segments[0].height == pytest.approx(youth.height * 4 / 10, abs=0.1)
    assert later.pending and later.segments == () and later.values == (None, None)
    assert first.x + first.width < second.x  # a gap between bars
    assert second.x + second.width <= chart.right


def test_many_bars_keep_twelve_labels_at_most():
    chart = bar_chart("b", "Sessions", YOUTH, [(f"S{n}", n) for n in range(30)])
    shown = [bar.label for bar in chart.bars if bar.show_label]
    assert len(shown) <= 12 and shown[0] == "S0"
    assert [bar.values for bar in chart.bars[:2]] == [(0,), (1,)]


def test_an_empty_chart_still_has_a_scale():
    chart = bar_chart("c", "Nothing", YOUTH, [])
    assert chart.bars == () and [tick.value for tick in chart.ticks] == [0, 1]


@pytest.mark.parametrize(
    "value, total, percent, fill", [(3, 4, 75, 75.0), (0, 0, None, 0), (2, 3, 67, 66.7), (5, 4, 125, 100)]
)
def test_progress_bars(value, total, percent, fill):
    bar = progress_bar(value, total, "signed")
    assert (bar.percent, bar.fill, bar.key) == (percent, fill, "signed")


def test_the_bar_chart_template_is_an_accessible_image_with_its_figures_in_a_table():
    chart = stacked_bar_chart(
        "attendance", "Attendance <by side>", [YOUTH, POLICE], [("1 Sep", (10, 5)), ("1 Oct", None)],
        category_label="Session", pending_label="Not taken yet",
    )
    with translation.override("fr"):  # a decimal comma would break the drawing
        html = render_to_string("youthcop/charts/bar_chart.html", {"chart": chart})
    soup = BeautifulSoup(html, "html5lib")
    svg = soup.select_one("svg[role=img]")
    assert svg["aria-labelledby"] == "yc-chart-attendance-title"
    assert soup.select_one("#yc-chart-attendance-title").get_text() == "Attendance <by side>"  # escaped, then read back
    assert "<by side>" not in html
    assert all("," not in rect[name] for rect in svg.select("rect") for name in ("x", "y", "width", "height"))
    assert [rect["class"] for rect in svg.select(".yc-chart__bar rect")] == [
        ["yc-chart__fill--youth"], ["yc-chart__fill--police"], ["yc-chart__pending"],
    ]
    table = soup.select_one("table.w-sr-only")
    rows = [[cell.get_text(strip=True) for cell in row.select("th, td")] for row in table.select("tr")]
    assert rows == [["Session", "Young people", "Police officers"], ["1 Sep", "10", "5"], ["1 Oct", "Not taken yet"]]
    assert [title.get_text() for title in svg.select("g title")] == [
        "1 Sep — Young people\u00a0: 10, Police officers\u00a0: 5", "1 Oct — Not taken yet",  # French colons
    ]
    assert not soup.select("[style], script")


def test_the_progress_bar_template_draws_the_filled_share_hidden_from_screen_readers():
    with translation.override("fr"):
        html = render_to_string("youthcop/charts/progress_bar.html", {"bar": progress_bar(2, 3, "signed")})
    svg = BeautifulSoup(html, "html5lib").svg
    assert svg["aria-hidden"] == "true"
    assert svg.select_one(".yc-chart__fill--signed")["width"] == "66.7"
