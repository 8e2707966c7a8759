"""Example arguments for the reviews' pages: a local CSPR that follows a rapid review, with
its report published, recommendations with learning themes, and an action owned by agency A
on one of them; a learning review and a national review beside it; so the pages are checked
with every part shown."""

import datetime

from partnership.models import ActionStatus
from partnership.services.audit import Actor
from reviews import services
from reviews.models import RapidReviewDecision, ReviewKind, ReviewStatus

from ..factories import ActionFactory, BodyFactory
from ..reviews.factories import (
    ExternalReviewFactory,
    LearningThemeFactory,
    RecommendationFactory,
    ReviewFactory,
    rapid_review,
)


def _decided_rapid_review(decision=RapidReviewDecision.LOCAL_CSPR):
    source = rapid_review()
    source.decision = decision
    source.decided_on = datetime.date(2024, 3, 20)
    source.sent_on = datetime.date(2024, 3, 22)
    source.save()
    return source


def _recommendation(cast, **fields):
    """A recommendation (of a new CSPR unless `fields` say whose) with two themes and two
    actions, one of them overdue."""
    fields.setdefault("number", 1)
    recommendation = RecommendationFactory(**fields)
    recommendation.themes.add(
        LearningThemeFactory(name="Working with fathers"),
        LearningThemeFactory(name="Information sharing"),
    )
    ActionFactory(
        title="Add fathers to the health visiting assessment",
        owner_agency=cast["agency_lead_a"].agency,
        status=ActionStatus.ON_TRACK,
        source=recommendation,
    )
    ActionFactory(
        title="Audit household composition recording",
        owner_agency=cast["agency_lead_b"].agency,
        due_on=datetime.date(2024, 12, 31),
        source=recommendation,
    )
    return recommendation


def _cspr(cast, *, published=False):
    review = ReviewFactory(
        title="Local CSPR: Child A",
        rapid_review=_decided_rapid_review(),
        decided_on=datetime.date(2024, 3, 20),
        terms_of_reference="How agencies worked with the family from January 2023.\n\n"
        "Whether the father was known to services.",
        delay_reason="A criminal trial delayed the family's contribution.",
    )
    _recommendation(cast, review=review)
    RecommendationFactory(
        review=review,
        number=2,
        text="The partnership should review its guidance on bruising in non-mobile babies.",
    )
    if published:
        review.final_report_sent_on = datetime.date(2024, 9, 2)
        review.save(update_fields=["final_report_sent_on"])
        services.review_publish(
            actor=Actor(user=cast["business_unit"]),
            review=review,
            summary="What we learned from the review of Child A.",
            body="<p>The review found that fathers were rarely seen.</p>",
        )
    return review


def _reviews_to_list(cast):
    _cspr(cast, published=True)
    ReviewFactory(title="Local CSPR: Child B", final_report_sent_on=datetime.date(2024, 9, 2))
    ReviewFactory(
        kind=ReviewKind.LEARNING_REVIEW,
        title="Learning review: Sibling group C",
        status=ReviewStatus.CONCLUDED,
        led_by=BodyFactory(name="Learning and review subgroup"),
    )
    ExternalReviewFactory()
    return {}


def _recommendations_to_list(cast):
    _cspr(cast)
    _recommendation(cast, review=None, rapid_review=_decided_rapid_review())
    _recommendation(cast, review=ExternalReviewFactory())
    return {}


def _themes_to_list(cast):
    _theme(cast)
    return {}


def _theme(cast):
    theme = LearningThemeFactory(name="Neglect")
    LearningThemeFactory(name="Transitions", is_active=False)
    RecommendationFactory().themes.add(theme)
    return theme


EXAMPLES = {
    "reviews:reviews": _reviews_to_list,
    "reviews:review": lambda cast: {"pk": _cspr(cast, published=True).pk},
    "reviews:review_edit": lambda cast: {"pk": _cspr(cast).pk},
    "reviews:review_publish": lambda cast: {"pk": _cspr(cast).pk},
    "reviews:review_recommendation_create": lambda cast: {"pk": _cspr(cast).pk},
    "reviews:rapid_review_recommendation_create": lambda cast: {
        "pk": _decided_rapid_review().notification_id
    },
    "reviews:recommendation_edit": lambda cast: {"pk": _recommendation(cast).pk},
    "reviews:recommendation_action_create": lambda cast: {"pk": _recommendation(cast).pk},
    "reviews:recommendations": _recommendations_to_list,
    "reviews:themes": _themes_to_list,
    "reviews:theme_edit": lambda cast: {"pk": _theme(cast).pk},
}
