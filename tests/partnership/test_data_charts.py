"""The indicator trend chart: its geometry from fixed figures, the gaps, the threshold line,
and the words of its text alternative."""

import dataclasses
import datetime
from decimal import Decimal

from django.template.loader import render_to_string

from partnership.charts import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, trend_chart
from partnership.models import Indicator
from partnership.services.dataset import figure_text, recent_periods

# Q2 2024-25 to Q1 2026-27, oldest first.
QUARTERS = recent_periods("quarterly", datetime.date(2026, 4, 1), 8)


def figures(*values):
    return [
        (start, None if value is None else Decimal(value))
        for start, value in zip(QUARTERS, values, strict=True)
    ]


def re_referrals(**fields):
    defaults = {
        "pk": 7,
        "name": "Re-referral rate",
        "unit": "percentage",
        "frequency": "quarterly",
        "good_direction": "down",
        "threshold": Decimal("20"),
    }
    return Indicator(**(defaults | fields))


def test_each_figure_is_a_point_spaced_evenly_and_scaled_to_the_axis():
    chart = trend_chart(re_referrals(threshold=None), figures(0, 10, 20, 30, 40, 30, 20, 10))

    plot_width = Decimal(WIDTH - LEFT - RIGHT)
    xs = [marker.x for marker in chart.markers]
    assert xs[0] == Decimal(LEFT + plot_width / 16).quantize(Decimal("0.1"))
    assert xs[1] - xs[0] == xs[7] - xs[6] == Decimal(plot_width / 8).quantize(Decimal("0.1"))
    # 0 sits on the baseline, the highest figure (40) on the top gridline.
    assert chart.markers[0].y == chart.baseline == HEIGHT - BOTTOM
    assert chart.markers[4].y == TOP
    assert [tick.label for tick in chart.ticks] == ["0%", "10%", "20%", "30%", "40%"]
    assert len(chart.lines) == 1
    assert chart.lines[0].split(" ")[0] == f"{xs[0]},{chart.markers[0].y}"


def test_geometry_is_decimal_to_the_pixel():
    chart = trend_chart(
        re_referrals(), figures("18.2", "19", None, "17.5", "19.9", "20.5", "19.1", "21.5")
    )

    drawn = [chart.baseline, chart.threshold_y]
    drawn += [value for marker in chart.markers for value in (marker.x, marker.y)]
    drawn += [tick.y for tick in chart.ticks] + [label.x for label in chart.labels]
    assert {type(value) for value in drawn} == {Decimal}
    assert not [
        field.name
        for field in dataclasses.fields(chart)
        if isinstance(getattr(chart, field.name), float)
    ]


def test_a_missing_figure_breaks_the_line():
    chart = trend_chart(
        re_referrals(), figures("18.2", "19", None, "17.5", "19.9", None, "19.1", None)
    )

    # Two figures, a gap, two figures, a gap, then one alone: a marker but no line.
    assert [len(line.split(" ")) for line in chart.lines] == [2, 2]
    assert len(chart.markers) == 5
    assert [row.figure for row in chart.rows] == [
        "18.2%",
        "19%",
        None,
        "17.5%",
        "19.9%",
        None,
        "19.1%",
        None,
    ]


def test_the_threshold_is_a_line_at_its_height():
    chart = trend_chart(re_referrals(), figures(10, 10, 10, 10, 10, 10, 10, 10))

    # The axis runs to 20 for the threshold: it is drawn on the top gridline.
    assert chart.threshold_y == chart.ticks[-1].y == TOP
    assert chart.threshold_label == "Threshold 20%"
    assert trend_chart(re_referrals(threshold=None), figures(*[10] * 8)).threshold_y is None


def test_figures_outside_the_threshold_are_marked_and_flagged():
    chart = trend_chart(
        re_referrals(), figures("18.2", "19", None, "17.5", "19.9", "20", "20.5", "21.5")
    )

    assert [marker.outside for marker in chart.markers] == [False] * 5 + [True, True]
    assert chart.markers[-1].title == "Q1 26-27: 21.5%, above the threshold"
    assert [row.flag for row in chart.rows][-3:] == ["", "Above threshold", "Above threshold"]


def test_where_higher_is_better_the_wrong_side_is_below():
    attendance = re_referrals(name="Attendance", good_direction="up", threshold=Decimal("75"))

    chart = trend_chart(attendance, figures(80, 80, 80, 80, 80, 80, 80, 70))

    assert chart.rows[-1].flag == "Below threshold"
    assert "below the threshold of 75% in the last quarter" in chart.text


def test_the_text_alternative_says_where_the_line_goes_and_against_what():
    chart = trend_chart(
        re_referrals(), figures("18.2", "19", None, "17.5", "19.9", "20.5", "19.1", "21.5")
    )

    assert chart.title == "Re-referral rate, Q2 24-25 to Q1 26-27"
    assert chart.text == (
        "Re-referral rate, Q2 24-25 to Q1 26-27: from 18.2% to 21.5%, above the threshold of "
        "20% in the last quarter. No figure for 1 quarter: Q4 24-25. Lower is better."
    )


def test_the_text_alternative_names_the_periods_where_the_line_starts_or_stops_late():
    chart = trend_chart(re_referrals(), figures(None, None, "15", "16", "17", "18", "19", None))

    assert chart.description.startswith(
        "From 15% in Q4 24-25 to 19% in Q4 25-26, within the threshold of 20% in Q4 25-26."
    )
    assert "No figure for 3 quarters: Q2 24-25, Q3 24-25, Q1 26-27." in chart.description


def test_a_chart_with_no_figures_says_so():
    chart = trend_chart(re_referrals(), figures(*[None] * 8))

    assert chart.lines == [] and chart.markers == []
    assert chart.description.startswith("No figures submitted for these quarters.")
    assert [row.figure for row in chart.rows] == [None] * 8


def test_a_monthly_indicator_is_labelled_by_month():
    months = recent_periods("monthly", datetime.date(2026, 3, 1), 8)
    chart = trend_chart(
        re_referrals(frequency="monthly", unit="count", threshold=None),
        [(start, Decimal(1250)) for start in months],
    )

    assert [label.text for label in chart.labels][:2] == ["Aug 25", "Sep 25"]
    assert chart.period_heading == "Month"
    assert chart.rows[0].figure == "1,250"


def test_figures_are_written_as_people_read_them():
    assert figure_text(Decimal("1250.00"), "count") == "1,250"
    assert figure_text(Decimal("12.50"), "percentage") == "12.5%"
    assert figure_text(Decimal("1.00"), "days") == "1 day"
    assert figure_text(Decimal("34.2"), "rate") == "34.2"


def test_the_partial_draws_the_chart_as_an_image_with_its_text_alternative_and_table():
    chart = trend_chart(
        re_referrals(), figures("18.2", "19", None, "17.5", "19.9", "20.5", "19.1", "21.5")
    )

    html = render_to_string("partnership/data/_trend_chart.html", {"chart": chart})

    assert 'role="img"' in html
    assert 'aria-labelledby="indicator-7-chart-title indicator-7-chart-desc"' in html
    assert (
        '<title id="indicator-7-chart-title">Re-referral rate, Q2 24-25 to Q1 26-27</title>' in html
    )
    assert html.count("<polyline") == 2
    assert 'stroke-dasharray="8 6"' in html
    assert html.count("<polygon points=") == 3  # the two figures above the threshold, the key
    assert "Threshold 20%" in html
    assert html.count(">No figure<") == 1
    assert html.count("Above threshold") == 2
    assert "style=" not in html  # the CSP allows no inline styles
