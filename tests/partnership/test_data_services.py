"""The multi-agency data set's rules, through its services: periods, entering and submitting
a quarter's figures all together, corrections that keep the earlier value, late figures, the
dashboard's series and the exception report."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from partnership import services
from partnership.models import (
    AuditEntry,
    Frequency,
    GoodDirection,
    IndicatorValue,
    ValueCorrection,
    ValueStatus,
)
from partnership.services.audit import Actor
from partnership.services.dataset import period_end, period_shift, recent_periods

from ..factories import IndicatorFactory, IndicatorValueFactory

D = datetime.date
Q = Frequency.QUARTERLY
M = Frequency.MONTHLY
pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(agency_lead_a):
    return Actor(user=agency_lead_a, address="192.0.2.1")


def on(day):
    """Run as if today were `day`."""
    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.mark.parametrize(
    ("day", "start", "label"),
    [
        (D(2025, 4, 1), D(2025, 4, 1), "Q1 2025-26 (April to June 2025)"),
        (D(2025, 9, 30), D(2025, 7, 1), "Q2 2025-26 (July to September 2025)"),
        (D(2025, 11, 15), D(2025, 10, 1), "Q3 2025-26 (October to December 2025)"),
        (D(2026, 2, 28), D(2026, 1, 1), "Q4 2025-26 (January to March 2026)"),
    ],
)
def test_quarters_are_the_financial_years(day, start, label):
    assert services.period_of(Q, day) == start
    assert services.period_label(Q, start) == label


def test_months_and_the_periods_before_them():
    assert services.period_of(M, D(2025, 2, 17)) == D(2025, 2, 1)
    assert services.period_label(M, D(2025, 2, 1)) == "February 2025"
    assert period_end(Q, D(2026, 1, 1)) == D(2026, 3, 31)
    assert period_shift(Q, D(2025, 4, 1), -1) == D(2025, 1, 1)
    assert recent_periods(Q, D(2025, 4, 1), 3) == [D(2024, 10, 1), D(2025, 1, 1), D(2025, 4, 1)]
    assert services.period_short_label(Q, D(2026, 1, 1)) == "Q4 25-26"


def test_a_figure_is_due_a_set_number_of_days_after_its_period(settings):
    settings.DATA_SUBMISSION_DAYS = 30
    assert services.due_on(Q, D(2025, 4, 1)) == D(2025, 7, 30)


def test_a_figure_is_entered_for_a_period_that_has_ended(actor, agency_a):
    indicator = IndicatorFactory(agency=agency_a)
    with on(D(2025, 7, 2)):
        figure = services.value_enter(
            actor=actor, indicator=indicator, period_start=D(2025, 4, 1), value=Decimal("18.5")
        )
        again = services.value_enter(
            actor=actor, indicator=indicator, period_start=D(2025, 4, 1), value=Decimal("19")
        )
    assert (again.pk, again.value, again.status) == (figure.pk, Decimal("19"), ValueStatus.ENTERED)


@pytest.mark.parametrize(
    ("period", "message"),
    [
        (D(2025, 5, 1), "choose the first day of a period"),
        (D(2024, 1, 1), "is collected from Q1 2024-25"),
        (D(2025, 7, 1), "has not ended yet"),
    ],
)
def test_it_refuses_a_period_that_is_not_one_or_not_over(actor, agency_a, period, message):
    indicator = IndicatorFactory(agency=agency_a)
    with on(D(2025, 7, 2)), pytest.raises(ValidationError, match=message):
        services.value_enter(actor=actor, indicator=indicator, period_start=period, value=1)
    assert IndicatorValue.objects.count() == 0


def test_a_quarter_is_submitted_all_together_and_late_ones_are_marked(actor, agency_a, settings):
    settings.DATA_SUBMISSION_DAYS = 30
    contacts = IndicatorFactory(agency=agency_a, name="Contacts")
    missing = IndicatorFactory(agency=agency_a, name="Missing episodes")
    IndicatorFactory(name="Another agency's")  # not ours to submit
    with on(D(2025, 8, 4)):
        services.value_enter(actor=actor, indicator=contacts, period_start=D(2025, 4, 1), value=9)
        with pytest.raises(ValidationError, match="Enter a figure for Missing episodes"):
            services.values_submit(actor=actor, agency=agency_a, quarter_start=D(2025, 4, 1))
        assert not IndicatorValue.objects.submitted().exists()

        services.value_enter(actor=actor, indicator=missing, period_start=D(2025, 4, 1), value=3)
        assert (
            services.values_submit(actor=actor, agency=agency_a, quarter_start=D(2025, 4, 1)) == 2
        )

    assert set(IndicatorValue.objects.values_list("status", "is_late")) == {
        (ValueStatus.SUBMITTED, True)  # due 30 July, submitted 4 August
    }
    assert (
        AuditEntry.objects.get().summary
        == "2 figures submitted for Q1 2025-26 (April to June 2025)"
    )
    with on(D(2025, 8, 4)), pytest.raises(ValidationError, match="has been submitted"):
        services.value_enter(actor=actor, indicator=contacts, period_start=D(2025, 4, 1), value=1)


def test_a_quarter_that_has_not_ended_cannot_be_submitted(actor, agency_a):
    with on(D(2025, 6, 30)), pytest.raises(ValidationError, match="has not ended yet"):
        services.values_submit(actor=actor, agency=agency_a, quarter_start=D(2025, 4, 1))


def test_a_monthly_indicator_is_submitted_for_each_month_of_the_quarter(actor, agency_a):
    monthly = IndicatorFactory(agency=agency_a, frequency=M, collected_from=D(2025, 5, 1))
    with on(D(2025, 7, 10)):
        services.value_enter(actor=actor, indicator=monthly, period_start=D(2025, 5, 1), value=4)
        with pytest.raises(ValidationError, match=r"June 2025\)"):
            services.values_submit(actor=actor, agency=agency_a, quarter_start=D(2025, 4, 1))
        services.value_enter(actor=actor, indicator=monthly, period_start=D(2025, 6, 1), value=5)
        # April comes before it was collected, so only May and June are due.
        assert (
            services.values_submit(actor=actor, agency=agency_a, quarter_start=D(2025, 4, 1)) == 2
        )


def test_a_correction_needs_a_reason_and_keeps_the_earlier_value(actor, agency_a):
    figure = IndicatorValueFactory(indicator=IndicatorFactory(agency=agency_a), value=12)
    with pytest.raises(ValidationError, match="Enter why"):
        services.value_correct(actor=actor, value=figure, corrected=Decimal(14), reason=" ")
    with pytest.raises(ValidationError, match="different from the one submitted"):
        services.value_correct(actor=actor, value=figure, corrected=Decimal(12), reason="Recount")

    services.value_correct(
        actor=actor, value=figure, corrected=Decimal(14), reason="Two referrals were missed"
    )

    figure.refresh_from_db()
    correction = ValueCorrection.objects.get()
    assert figure.value == 14
    assert (correction.previous, correction.corrected, correction.corrected_by) == (
        12,
        14,
        actor.user,
    )
    assert (
        "corrected from 12.00 to 14: Two referrals were missed" in AuditEntry.objects.get().summary
    )


def test_late_figures_are_those_past_due_and_not_submitted(agency_a, settings):
    settings.DATA_SUBMISSION_DAYS = 30
    indicator = IndicatorFactory(agency=agency_a, collected_from=D(2025, 1, 1))
    IndicatorValueFactory(indicator=indicator, period_start=D(2025, 1, 1))
    IndicatorValueFactory(
        indicator=indicator,
        period_start=D(2025, 4, 1),
        status=ValueStatus.ENTERED,
        submitted_at=None,
    )

    late = services.late_figures(today=D(2025, 11, 1))

    # Q1 is entered but not submitted; Q2 (due 30 October) has nothing; Q3 is not due yet.
    assert [(f.period_start, f.due_on) for f in late] == [
        (D(2025, 4, 1), D(2025, 7, 30)),
        (D(2025, 7, 1), D(2025, 10, 30)),
    ]


def test_the_series_is_the_last_eight_ended_periods_in_one_query(django_assert_num_queries):
    indicators = [IndicatorFactory(collected_from=D(2023, 4, 1)) for _ in range(3)]
    for indicator in indicators:
        IndicatorValueFactory(indicator=indicator, period_start=D(2025, 4, 1), value=7)
    IndicatorValueFactory(
        indicator=indicators[0],
        period_start=D(2025, 1, 1),
        status=ValueStatus.ENTERED,
        submitted_at=None,
    )

    with django_assert_num_queries(1):
        found = services.series(indicators, today=D(2025, 7, 15))

    periods = [start for start, _ in found[indicators[0].pk]]
    assert periods == recent_periods(Q, D(2025, 4, 1), 8)
    # Only submitted figures are shown: an entered one is not yet the agency's figure.
    assert [value and value.value for _, value in found[indicators[0].pk]][-2:] == [None, 7]


def test_the_exception_report_finds_figures_outside_thresholds_or_worsening():
    def figures(indicator, *values):
        for start, value in zip(recent_periods(Q, D(2025, 7, 1), 3), values, strict=True):
            if value is not None:
                IndicatorValueFactory(indicator=indicator, period_start=start, value=value)

    low_bad = IndicatorFactory(name="Re-referrals", good_direction=GoodDirection.DOWN, threshold=20)
    high_good = IndicatorFactory(
        name="Conferences in time", good_direction=GoodDirection.UP, threshold=80
    )
    worsening = IndicatorFactory(name="Missing episodes", good_direction=GoodDirection.DOWN)
    once = IndicatorFactory(name="Worse once only", good_direction=GoodDirection.DOWN)
    on_threshold = IndicatorFactory(
        name="On the threshold", good_direction=GoodDirection.DOWN, threshold=20
    )
    figures(low_bad, 18, 19, 21)
    figures(high_good, 85, 82, 79)
    figures(worsening, 10, 12, 15)
    figures(once, 12, 10, 15)
    figures(on_threshold, 30, 25, 20)

    report = {e.indicator.name: e.reasons for e in services.exception_report(D(2025, 7, 1))}

    assert report == {
        "Re-referrals": ["above its threshold of 20", "moved the wrong way two quarters running"],
        "Conferences in time": [
            "below its threshold of 80",
            "moved the wrong way two quarters running",
        ],
        "Missing episodes": ["moved the wrong way two quarters running"],
    }
