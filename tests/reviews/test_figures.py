"""The reviews' figures for a period (the yearly report's "learning from reviews"): what counts
in the period and what does not, which reviews are active in it, their recommendations'
progress, and a query count that does not grow with the records.

The period is the financial year 2023-24, 1 April 2023 to 31 March 2024."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnership.models import ActionStatus
from reviews.models import IncidentCategory, ReviewKind, ReviewStatus
from reviews.services import ClockKind, Progress, learning_figures

from ..factories import ActionFactory
from .factories import (
    ExternalReviewFactory,
    LearningThemeFactory,
    NotificationFactory,
    RecommendationFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
START, END = D(2023, 4, 1), D(2024, 3, 31)
TODAY = D(2024, 5, 1)


def figures(start=START, end=END, today=TODAY):
    return learning_figures(start, end, today=today)


def sent(notification, day):
    notification.rapid_review.sent_on = day
    notification.rapid_review.save()
    return notification


def recommendation(review, number, *statuses, themes=()):
    """A recommendation of `review` with one action in each of `statuses`."""
    made = RecommendationFactory(review=review, number=number, text=f"Recommendation {number}.")
    made.themes.set([LearningThemeFactory(name=name) for name in themes])
    for status in statuses:
        ActionFactory(source=made, status=status)
    return made


def titles(items):
    return [item.review.title for item in items]


def test_a_notification_counts_in_the_period_it_was_made_or_if_not_made_when_known():
    # made in the period, though known before it
    NotificationFactory(became_aware_on=D(2023, 3, 28), notified_on=D(2023, 4, 3))
    NotificationFactory(
        became_aware_on=D(2023, 10, 2),
        notified_on=D(2023, 10, 10),
        category=IncidentCategory.DEATH,
    )
    # not made yet: counts in the period the local authority became aware
    NotificationFactory(became_aware_on=D(2024, 3, 25), notified_on=None)
    # made before the period, and after it
    NotificationFactory(became_aware_on=D(2023, 3, 27), notified_on=D(2023, 3, 30))
    NotificationFactory(became_aware_on=D(2024, 3, 28), notified_on=D(2024, 4, 2))

    result = figures()

    assert (result.notifications, result.deaths, result.serious_harm) == (3, 1, 2)


def test_rapid_reviews_count_in_the_period_they_were_sent_to_the_panel():
    sent(NotificationFactory(became_aware_on=D(2023, 3, 27)), D(2023, 4, 14))
    sent(NotificationFactory(became_aware_on=D(2024, 3, 4)), D(2024, 3, 25))
    sent(NotificationFactory(became_aware_on=D(2024, 3, 11)), D(2024, 4, 2))
    NotificationFactory(became_aware_on=D(2023, 6, 1))  # not sent yet

    assert figures().rapid_reviews_sent == 2


def test_local_reviews_count_in_the_period_they_were_decided_and_published():
    ReviewFactory(title="Decided in the period", decided_on=D(2023, 6, 5))
    ReviewFactory(title="Decided before", decided_on=D(2023, 3, 31))
    ReviewFactory(
        title="Published in the period",
        decided_on=D(2022, 11, 1),
        status=ReviewStatus.PUBLISHED,
        published_on=D(2023, 5, 10),
    )
    ReviewFactory(
        title="Published after",
        decided_on=D(2023, 10, 2),
        status=ReviewStatus.PUBLISHED,
        published_on=D(2024, 4, 2),
    )
    ReviewFactory(
        kind=ReviewKind.LEARNING_REVIEW, title="Learning review", decided_on=D(2024, 1, 15)
    )

    result = figures()

    assert (result.csprs_decided, result.learning_reviews_decided) == (2, 1)
    assert [review.title for review in result.published] == ["Published in the period"]


def test_the_share_on_time_is_that_of_the_clocks_due_in_the_period():
    # Notification due 9 October, made on the 10th; rapid review due 23 October, sent the 20th.
    sent(
        NotificationFactory(became_aware_on=D(2023, 10, 2), notified_on=D(2023, 10, 10)),
        D(2023, 10, 20),
    )

    by_kind = {row.kind: (row.met, row.due) for row in figures().on_time}

    assert by_kind == {
        ClockKind.NOTIFICATION: (0, 1),
        ClockKind.RAPID_REVIEW: (1, 1),
        ClockKind.FINAL_REPORT: (0, 0),
        ClockKind.PUBLICATION: (0, 0),
    }


def test_it_reports_the_reviews_active_in_the_period_with_their_recommendations():
    running = ReviewFactory(title="Running since before", decided_on=D(2022, 12, 1))
    recommendation(running, 1, ActionStatus.COMPLETE)
    # Published before the period, but one recommendation is still being acted on.
    earlier = ReviewFactory(
        title="Published before, still acting",
        decided_on=D(2022, 1, 10),
        status=ReviewStatus.PUBLISHED,
        published_on=D(2022, 10, 14),
    )
    recommendation(earlier, 1, ActionStatus.COMPLETE, themes=["Neglect"])
    recommendation(earlier, 2, ActionStatus.COMPLETE, ActionStatus.ON_TRACK)
    recommendation(earlier, 3)
    # Published before the period with every recommendation complete: done with.
    done = ReviewFactory(
        title="Published before, done",
        decided_on=D(2021, 6, 1),
        status=ReviewStatus.PUBLISHED,
        published_on=D(2022, 1, 5),
    )
    recommendation(done, 1, ActionStatus.COMPLETE)
    # Begun in the period, and begun after it.
    ReviewFactory(
        kind=ReviewKind.LEARNING_REVIEW, title="Learning review", decided_on=D(2024, 1, 15)
    )
    ReviewFactory(title="Decided after", decided_on=D(2024, 4, 2))
    # Another body's reviews: one answered and still acted on, one concluded long ago.
    national = ExternalReviewFactory(
        title="National review",
        source_published_on=D(2022, 5, 26),
        status=ReviewStatus.CONCLUDED,
        our_response="We checked our own practice against each finding.",
    )
    recommendation(national, 1, ActionStatus.AT_RISK)
    ExternalReviewFactory(
        title="Concluded before",
        source_published_on=D(2021, 3, 1),
        status=ReviewStatus.CONCLUDED,
        our_response="Noted.",
    )
    ExternalReviewFactory(title="Not answered yet", source_published_on=D(2024, 2, 1))

    result = figures()

    assert titles(result.reviews) == [
        "Published before, still acting",
        "Running since before",
        "Learning review",
        "National review",
        "Not answered yet",
    ]
    assert [review.title for review in result.responded] == ["National review"]
    acting = result.reviews[0]
    assert [item.progress for item in acting.recommendations] == [
        Progress.COMPLETE,
        Progress.IN_PROGRESS,
        Progress.NO_ACTIONS,
    ]
    assert [theme.name for theme in acting.recommendations[0].recommendation.themes.all()] == [
        "Neglect"
    ]
    assert acting.progress == {"Complete": 1, "In progress": 1, "No actions yet": 1}
    assert result.recommendations == 5
    assert result.progress == {"Complete": 2, "In progress": 2, "No actions yet": 1}


def test_a_published_review_counts_as_active_in_the_period_it_was_published():
    ReviewFactory(
        title="Published in the period",
        decided_on=D(2022, 9, 1),
        status=ReviewStatus.PUBLISHED,
        published_on=D(2023, 4, 3),
    )

    assert titles(figures().reviews) == ["Published in the period"]


def test_an_empty_period_has_nothing_to_report():
    result = figures()

    assert (result.notifications, result.rapid_reviews_sent, result.csprs_decided) == (0, 0, 0)
    assert result.reviews == [] and result.published == [] and result.responded == []
    assert result.progress == {"Complete": 0, "In progress": 0, "No actions yet": 0}
    assert all(row.due == 0 for row in result.on_time)


def some_records(n: int) -> None:
    for k in range(n):
        sent(
            NotificationFactory(
                became_aware_on=D(2023, 5, 1) + datetime.timedelta(days=k), notified_on=None
            ),
            D(2023, 6, 1),
        )
        review = ReviewFactory(decided_on=D(2023, 5, 2) + datetime.timedelta(days=k))
        recommendation(review, 1, ActionStatus.COMPLETE, themes=["Neglect", f"Theme {k}"])
        recommendation(review, 2)


def test_it_takes_the_same_queries_however_many_records():
    some_records(2)
    with CaptureQueriesContext(connection) as few:
        small = figures()
    some_records(10)
    with CaptureQueriesContext(connection) as many:
        large = figures()

    assert len(many) == len(few)
    assert (small.notifications, large.notifications) == (2, 12)
    assert large.recommendations == 24
