"""The statutory clocks against a fixed calendar: Easter 2024 (Good Friday 29 March, Easter
Monday 1 April), Christmas 2024, and Christmas 2021 with its substitute days (Christmas and
Boxing Day on a weekend moved to 27 and 28 December, New Year's Day to 3 January 2022)."""

import datetime

import pytest

from reviews.models import Notification, RapidReview, Review, ReviewKind
from reviews.services import clocks
from reviews.services.clocks import Clock, ClockKind, ClockState

from .factories import NotificationFactory, ReviewFactory

D = datetime.date


def notification(aware, notified=None, sent=None):
    record = Notification(became_aware_on=aware, notified_on=notified)
    record.rapid_review = RapidReview(notification=record, sent_on=sent)
    return record


@pytest.mark.parametrize(
    ("aware", "due"),
    [
        (D(2024, 3, 27), D(2024, 4, 5)),  # over Good Friday and Easter Monday
        (D(2024, 12, 20), D(2024, 12, 31)),  # over Christmas Day and Boxing Day
        (D(2021, 12, 24), D(2022, 1, 5)),  # over the substitute days of 2021-22
        (D(2024, 3, 1), D(2024, 3, 8)),  # a plain week: Friday to Friday
        (D(2024, 3, 2), D(2024, 3, 8)),  # aware on a Saturday
    ],
)
def test_the_panel_is_notified_within_5_working_days(aware, due):
    assert clocks.notification_due(aware) == due


def test_the_rapid_review_is_due_15_working_days_after_the_local_authority_became_aware():
    record = notification(D(2024, 3, 27), notified=D(2024, 4, 5))
    assert clocks.rapid_review_due(record) == D(2024, 4, 19)


def test_the_rapid_review_counts_from_the_notification_where_the_setting_says(settings):
    settings.REVIEWS_RAPID_REVIEW_FROM = "notification"
    assert clocks.rapid_review_due(notification(D(2024, 3, 27), notified=D(2024, 4, 5))) == D(
        2024, 4, 26
    )
    not_yet = Clock(
        ClockKind.RAPID_REVIEW, None, clocks.rapid_review_due(notification(D(2024, 3, 27))), None
    )
    assert not_yet.due_on is None
    assert not_yet.state(D(2024, 4, 1)) == ClockState.NOT_STARTED
    assert not_yet.describe(D(2024, 4, 1)) == "Starts when the panel is notified"


@pytest.mark.parametrize(
    ("decided", "published_by"),
    [
        (D(2023, 8, 31), D(2024, 2, 29)),  # six months on, to the last day of a short month
        (D(2024, 4, 2), D(2024, 10, 2)),
    ],
)
def test_a_cspr_is_published_within_6_months_of_the_decision(decided, published_by):
    assert clocks.publication_due(decided) == published_by


def test_the_final_report_reaches_the_panel_7_working_days_before_publication_is_due():
    review = Review(kind=ReviewKind.CSPR, decided_on=D(2023, 8, 31))
    assert clocks.final_report_due(review) == D(2024, 2, 20)


def test_once_published_the_final_report_counts_back_from_the_day_of_publication():
    review = Review(kind=ReviewKind.CSPR, decided_on=D(2023, 12, 1), published_on=D(2024, 4, 2))
    # Back over Easter Monday and Good Friday.
    assert clocks.final_report_due(review) == D(2024, 3, 20)


def test_a_clock_turns_amber_then_red_as_it_runs_out():
    clock = Clock(ClockKind.NOTIFICATION, None, D(2024, 4, 5), None)
    expected = [
        (D(2024, 3, 27), ClockState.ON_TRACK, "5 working days left"),
        (D(2024, 4, 2), ClockState.ON_TRACK, "3 working days left"),
        (D(2024, 4, 3), ClockState.AMBER, "2 working days left"),
        (D(2024, 4, 4), ClockState.AMBER, "1 working day left"),
        (D(2024, 4, 5), ClockState.RED, "Due today"),
        (D(2024, 4, 6), ClockState.OVERDUE, "Overdue since 5 April 2024"),
        (D(2024, 4, 8), ClockState.OVERDUE, "1 working day overdue"),
        (D(2024, 4, 10), ClockState.OVERDUE, "3 working days overdue"),
    ]
    assert [(day, clock.state(day), clock.describe(day)) for day, *_ in expected] == expected


def test_a_clock_stopped_in_time_is_met_and_one_stopped_late_is_late():
    met = Clock(ClockKind.NOTIFICATION, None, D(2024, 4, 5), D(2024, 4, 5))
    late = Clock(ClockKind.NOTIFICATION, None, D(2024, 4, 5), D(2024, 4, 8))
    assert (met.met, met.state(D(2025, 1, 1))) == (True, ClockState.MET)
    assert (late.met, late.state(D(2025, 1, 1))) == (False, ClockState.LATE)
    assert met.describe(D(2025, 1, 1)) == "Done 5 April 2024, due 5 April 2024"


def test_only_a_local_cspr_with_a_decision_has_clocks():
    assert (
        clocks.review_clocks(Review(kind=ReviewKind.LEARNING_REVIEW, decided_on=D(2024, 1, 8)))
        == []
    )
    assert clocks.review_clocks(Review(kind=ReviewKind.CSPR, decided_on=None)) == []
    kinds = [
        c.kind for c in clocks.review_clocks(Review(kind=ReviewKind.CSPR, decided_on=D(2024, 1, 8)))
    ]
    assert kinds == [ClockKind.FINAL_REPORT, ClockKind.PUBLICATION]


@pytest.mark.django_db
def test_open_clocks_come_soonest_first_and_stopped_ones_are_left_out():
    NotificationFactory(reference="LATER", became_aware_on=D(2024, 6, 3), notified_on=None)
    sooner = NotificationFactory(
        reference="SOONER", became_aware_on=D(2024, 5, 1), notified_on=D(2024, 5, 2)
    )
    ReviewFactory(decided_on=D(2024, 1, 8), final_report_sent_on=D(2024, 6, 20))

    running = [(c.kind, str(c.record), c.due_on) for c in clocks.open_clocks()]

    assert running == [
        (ClockKind.RAPID_REVIEW, "SOONER", D(2024, 5, 23)),  # over the early May bank holiday
        (ClockKind.NOTIFICATION, "LATER", D(2024, 6, 10)),
        (ClockKind.RAPID_REVIEW, "LATER", D(2024, 6, 24)),
        (ClockKind.PUBLICATION, str(Review.objects.get()), D(2024, 7, 8)),
    ]
    assert sooner.notified_on <= clocks.notification_due(sooner.became_aware_on)


@pytest.mark.django_db
def test_all_clocks_run_two_queries_whatever_the_number_of_records(django_assert_num_queries):
    for _ in range(5):
        NotificationFactory()
        ReviewFactory()
    with django_assert_num_queries(2):
        assert len(clocks.all_clocks()) == 20


def test_on_time_counts_the_clocks_due_in_the_period():
    def clock(kind, due, done=None):
        return Clock(kind, None, due, done)

    period = (D(2024, 4, 1), D(2025, 3, 31))
    given = [
        clock(ClockKind.NOTIFICATION, D(2024, 5, 1), D(2024, 4, 30)),  # met
        clock(ClockKind.NOTIFICATION, D(2024, 6, 1), D(2024, 6, 3)),  # late
        clock(ClockKind.NOTIFICATION, D(2024, 7, 1)),  # open and past due: missed
        clock(ClockKind.NOTIFICATION, D(2024, 12, 1)),  # open, not due yet: not counted
        clock(ClockKind.NOTIFICATION, D(2024, 3, 1), D(2024, 3, 1)),  # outside the period
        clock(ClockKind.RAPID_REVIEW, D(2024, 5, 20), D(2024, 5, 20)),  # met on the day
        clock(ClockKind.RAPID_REVIEW, None),  # not started
    ]

    figures = {
        f.kind: (f.met, f.due, f.percent)
        for f in clocks.on_time(*period, today=D(2024, 9, 1), clocks=given)
    }

    assert figures == {
        ClockKind.NOTIFICATION: (1, 3, 33),
        ClockKind.RAPID_REVIEW: (1, 1, 100),
        ClockKind.FINAL_REPORT: (0, 0, None),
        ClockKind.PUBLICATION: (0, 0, None),
    }
