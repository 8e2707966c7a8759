"""The demo's data set: loaded twice it is the same, and its latest quarter shows exactly the
exceptions, the unsubmitted figure, the late submissions and the correction it was drawn with."""

import datetime

import pytest
from django.utils import timezone

from partnership import demo, services
from partnership.demo_data_set import INDICATORS
from partnership.models import (
    Frequency,
    Indicator,
    IndicatorValue,
    ValueCorrection,
    ValueStatus,
)
from partnership.services.dataset import due_on

Q = Frequency.QUARTERLY


@pytest.fixture
def loaded(db):
    return demo.load(password="demo-password")


def counts():
    return (
        Indicator.objects.count(),
        IndicatorValue.objects.count(),
        IndicatorValue.objects.submitted().count(),
        ValueCorrection.objects.count(),
    )


def test_loading_twice_gives_the_same_records(loaded):
    first = counts()

    demo.load(password="demo-password")

    assert counts() == first == (len(INDICATORS), 8 * len(INDICATORS), 8 * len(INDICATORS) - 1, 1)


def test_each_indicator_is_owned_by_an_agency_of_the_partnership_with_two_years_of_figures(
    loaded,
):
    indicators = Indicator.objects.select_related("agency", "priority")
    assert {indicator.agency.kind for indicator in indicators} >= {
        "local_authority",
        "police",
        "icb",
        "health",
    }
    assert all(indicator.definition and indicator.threshold is not None for indicator in indicators)
    assert sum(indicator.priority is not None for indicator in indicators) >= 6
    latest = services.ended_quarters(timezone.localdate())[0]
    series = services.series(indicators, today=timezone.localdate())
    assert all(len(points) == 8 for points in series.values())
    assert all(points[-1][0] == latest for points in series.values())


def test_the_latest_quarter_has_exactly_the_three_planned_exceptions(loaded):
    latest = services.ended_quarters(timezone.localdate())[0]

    report = services.exception_report_for(latest)

    assert [(row.indicator.name, row.reasons_text) for row in report.rows] == [
        ("Referrals to children's social care", "Above its threshold of 1,050"),
        (
            "Children subject to a child protection plan for a second or subsequent time",
            "Above its threshold of 23%",
        ),
        (
            "Strategy discussions with police and health present",
            "Moved the wrong way two quarters running",
        ),
    ]
    assert [indicator.name for indicator in report.missing] == ["School exclusions"]
    assert report.judged == len(INDICATORS) - 1


def test_no_earlier_quarter_is_missing_a_figure(loaded):
    for start in services.ended_quarters(timezone.localdate())[1:]:
        assert services.exception_report_for(start).missing == []


def test_the_only_late_figure_is_the_one_left_unsubmitted(loaded):
    today = timezone.localdate()
    latest = services.ended_quarters(today)[0]

    late = services.late_figures(today=today)

    expected = [("School exclusions", latest)] if due_on(Q, latest) < today else []
    assert [(figure.indicator.name, figure.period_start) for figure in late] == expected
    assert (
        IndicatorValue.objects.get(indicator__name="School exclusions", period_start=latest).status
        == ValueStatus.ENTERED
    )


def test_two_figures_were_submitted_late_and_one_corrected_with_a_reason(loaded):
    late = IndicatorValue.objects.filter(is_late=True).select_related("indicator")
    assert len(late) == 2
    for value in late:
        assert timezone.localdate(value.submitted_at) > due_on(Q, value.period_start)
    on_time = IndicatorValue.objects.submitted().filter(is_late=False)
    for value in on_time:
        assert value.submitted_at <= timezone.now()
        assert value.submitted_at.date() > value.period_start + datetime.timedelta(days=80)
    correction = ValueCorrection.objects.select_related("value").get()
    assert correction.value.value == correction.corrected != correction.previous
    assert "duplicates" in correction.reason
