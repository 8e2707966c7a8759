"""Example arguments for the notification and rapid review pages: a notification of two
children with the agencies involved, its rapid review decided and sent to the panel, with
meetings, agencies' summaries (one received, one overdue), a recommendation with learning
themes and the local learning review that followed; so the pages are checked with every part
shown. References come from the factory's sequence: one test walks every example in one
database."""

import datetime

from reviews.models import AgeBand, IncidentCategory, NotifiedChild, RapidReviewDecision, ReviewKind

from ..factories import AgencyFactory
from ..reviews.factories import (
    LearningThemeFactory,
    NotificationFactory,
    RapidReviewMeetingFactory,
    RecommendationFactory,
    ReviewFactory,
    SummaryRequestFactory,
)

D = datetime.date


def _notification(cast):
    notification = NotificationFactory(
        became_aware_on=D(2024, 3, 27),
        notified_on=D(2024, 4, 3),
        category=IncidentCategory.SERIOUS_HARM,
        looked_after=True,
        summary="An infant was taken to hospital with a head injury in March 2024.\n\n"
        "Health visiting, the GP and police had been involved with the family.",
    )
    NotifiedChild.objects.create(
        notification=notification, position=2, pseudonym="Sibling B", age_band=AgeBand.AGE_1_TO_4
    )
    notification.agencies.set([cast["agency_lead_a"].agency, cast["agency_lead_b"].agency])
    rapid_review = notification.rapid_review
    rapid_review.decision = RapidReviewDecision.LEARNING_REVIEW
    rapid_review.decided_on = D(2024, 4, 16)
    rapid_review.sent_on = D(2024, 4, 18)
    rapid_review.findings = "Agencies did not share what they knew about the household."
    rapid_review.panel_response = "The panel agreed that a local learning review is right."
    rapid_review.panel_responded_on = D(2024, 5, 10)
    rapid_review.save()
    RapidReviewMeetingFactory(rapid_review=rapid_review, held_on=D(2024, 4, 10))
    SummaryRequestFactory(
        rapid_review=rapid_review,
        agency=cast["agency_lead_a"].agency,
        requested_on=D(2024, 3, 28),
        due_on=D(2024, 4, 5),
        received_on=D(2024, 4, 4),
    )
    SummaryRequestFactory(
        rapid_review=rapid_review,
        agency=cast["agency_lead_b"].agency,
        requested_on=D(2024, 3, 28),
        due_on=D(2024, 4, 5),
    )
    recommendation = RecommendationFactory(
        review=None,
        rapid_review=rapid_review,
        number=1,
        text="Health visitors should ask who else lives in the household.",
    )
    recommendation.themes.add(LearningThemeFactory(name="Working with fathers"))
    ReviewFactory(
        kind=ReviewKind.LEARNING_REVIEW,
        title="Learning review: Child A",
        rapid_review=rapid_review,
        decided_on=D(2024, 4, 16),
    )
    return notification


def _notifications_to_list(cast):
    _notification(cast)
    NotificationFactory(
        became_aware_on=D(2024, 6, 3),
        notified_on=None,
        category=IncidentCategory.DEATH,
    )
    NotificationFactory(became_aware_on=D(2023, 11, 20), notified_on=D(2023, 11, 24))
    return {}


def _summary_request(cast):
    notification = _notification(cast)
    return notification.rapid_review.summary_requests.get(received_on__isnull=True)


def _agency(cast):
    # An agency not yet asked, for the request form to offer.
    AgencyFactory(name="Thameside Schools")


def _by_notification(cast):
    _agency(cast)
    return {"pk": _notification(cast).pk}


EXAMPLES = {
    "reviews:notifications": _notifications_to_list,
    "reviews:notification": _by_notification,
    "reviews:notification_edit": _by_notification,
    "reviews:rapid_review_edit": _by_notification,
    "reviews:rapid_review_meeting_add": _by_notification,
    "reviews:summary_request_add": _by_notification,
    "reviews:summary_request_receive": lambda cast: {"pk": _summary_request(cast).pk},
}
