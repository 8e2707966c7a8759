"""Reviews, their publication through the partnership's publications, recommendations and
their actions, and learning themes, through the services."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from partnership.models import ActionStatus, AuditEntry, AuditVerb, Publication, PublicationKind
from partnership.services.audit import Actor
from reviews import services
from reviews.models import RapidReviewDecision, Review, ReviewKind, ReviewStatus
from reviews.services import Progress

from ..factories import pdf
from .factories import (
    LearningThemeFactory,
    RecommendationFactory,
    ReviewFactory,
    rapid_review,
)

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(business_unit):
    return Actor(user=business_unit, address="192.0.2.10")


def decided(decision):
    review = rapid_review()
    review.decision = decision
    review.decided_on = D(2024, 3, 20)
    review.save()
    return review


def test_a_cspr_follows_a_rapid_review_that_decided_on_one(actor):
    source = decided(RapidReviewDecision.LOCAL_CSPR)

    review = services.review_create(
        actor=actor,
        kind=ReviewKind.CSPR,
        rapid_review=source,
        title="Local CSPR: Baby A",
        decided_on=D(2024, 3, 20),
    )

    assert review.rapid_review == source
    assert AuditEntry.objects.get().verb == AuditVerb.CREATED


@pytest.mark.parametrize(
    "decision", [RapidReviewDecision.NO_FURTHER_REVIEW, RapidReviewDecision.LEARNING_REVIEW, ""]
)
def test_a_cspr_cannot_follow_a_rapid_review_that_decided_otherwise(actor, decision):
    source = decided(decision) if decision else rapid_review()
    with pytest.raises(ValidationError, match="The rapid review decided on"):
        services.review_create(
            actor=actor,
            kind=ReviewKind.CSPR,
            rapid_review=source,
            title="Local CSPR: Baby A",
            decided_on=D(2024, 3, 20),
        )
    assert Review.objects.count() == 0


@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        (ReviewKind.CSPR, {}, "Enter the date of the decision to review"),
        (ReviewKind.LEARNING_REVIEW, {}, "Enter the date of the decision to review"),
        (ReviewKind.EXTERNAL, {}, "Select who published the review"),
        (
            ReviewKind.EXTERNAL,
            {"source": "national", "status": ReviewStatus.FINAL_REPORT},
            "cannot be “Final report received”",
        ),
        (
            ReviewKind.CSPR,
            {"decided_on": D(2024, 1, 8), "status": ReviewStatus.PUBLISHED},
            "Publish the review to mark it published",
        ),
        (
            ReviewKind.CSPR,
            {"decided_on": D(2024, 1, 8), "final_report_sent_on": D(2024, 1, 5)},
            "same as or after the decision",
        ),
    ],
)
def test_each_kind_of_review_asks_for_its_own_fields(actor, kind, fields, message):
    with pytest.raises(ValidationError, match=message):
        services.review_create(actor=actor, kind=kind, title="A review", **fields)
    assert (Review.objects.count(), AuditEntry.objects.count()) == (0, 0)


def test_an_edit_says_which_fields_changed(actor):
    review = ReviewFactory()
    services.review_edit(
        actor=actor, review=review, reviewer="Another reviewer", delay_reason="Criminal trial."
    )
    assert AuditEntry.objects.get().summary == "Changed: reviewer, delay_reason"


def test_publishing_a_cspr_makes_a_public_publication_and_stops_its_clock(
    actor, settings, tmp_path
):
    review = ReviewFactory(decided_on=D(2024, 4, 2), final_report_sent_on=D(2024, 9, 20))
    published_at = datetime.datetime(2024, 9, 30, 10, tzinfo=datetime.UTC)

    services.review_publish(
        actor=actor,
        review=review,
        summary="What the review found and what changed.",
        file=pdf("baby-a.pdf"),
        published_at=published_at,
    )

    review.refresh_from_db()
    publication = Publication.objects.published().get()
    assert publication.kind == PublicationKind.CSPR and publication.title == review.title
    assert review.publication == publication
    assert (review.status, review.published_on) == (ReviewStatus.PUBLISHED, D(2024, 9, 30))
    final_report, publication_clock = services.review_clocks(review)
    assert (publication_clock.due_on, publication_clock.met) == (D(2024, 10, 2), True)
    # 7 working days before 30 September 2024 is 19 September: sent a day late.
    assert (final_report.due_on, final_report.met) == (D(2024, 9, 19), False)
    assert AuditEntry.objects.get().verb == AuditVerb.PUBLISHED


def test_publishing_again_makes_a_new_version_and_keeps_the_first_date(actor):
    review = ReviewFactory()
    first = datetime.datetime(2024, 9, 30, 10, tzinfo=datetime.UTC)
    services.review_publish(
        actor=actor, review=review, summary="First.", file=pdf(), published_at=first
    )
    services.review_publish(actor=actor, review=review, summary="Corrected.")

    review.refresh_from_db()
    assert review.published_on == D(2024, 9, 30)
    assert review.publication.versions.count() == 2
    assert review.publication.published_version.summary == "Corrected."


def test_only_a_cspr_is_published_and_only_with_a_report(actor):
    with pytest.raises(ValidationError, match="Only a local child safeguarding practice review"):
        services.review_publish(
            actor=actor,
            review=ReviewFactory(kind=ReviewKind.LEARNING_REVIEW),
            summary="x",
            body="y",
        )
    with pytest.raises(ValidationError, match="Upload the report, or enter its text"):
        services.review_publish(actor=actor, review=ReviewFactory(), summary="x")
    assert Publication.objects.count() == 0


def test_recommendations_are_numbered_once_per_review(actor):
    review = ReviewFactory()
    neglect = LearningThemeFactory(name="Neglect")
    made = services.recommendation_save(
        actor=actor,
        recommendation=review.recommendations.model(review=review),
        number=1,
        text="Relaunch the neglect toolkit.",
        themes=[neglect],
    )
    assert list(made.themes.all()) == [neglect]
    with pytest.raises(ValidationError, match="Recommendation 1 is already recorded"):
        services.recommendation_save(
            actor=actor,
            recommendation=review.recommendations.model(review=review),
            number=1,
            text="Another.",
        )


def test_a_recommendation_raises_actions_and_its_progress_follows_them(actor, agency_a):
    recommendation = RecommendationFactory()
    [before] = services.recommendations_progress([recommendation])
    assert before.progress == Progress.NO_ACTIONS

    action = services.recommendation_action_create(
        actor=actor,
        recommendation=recommendation,
        title="Collate resources on working with fathers",
        owner_agency=agency_a,
        due_on=D(2024, 12, 1),
    )
    assert action.source == recommendation
    [during] = services.recommendations_progress([recommendation])
    assert (during.progress, during.is_open, during.actions) == (
        Progress.IN_PROGRESS,
        True,
        [action],
    )

    action.status = ActionStatus.COMPLETE
    action.save()
    [after] = services.recommendations_progress([recommendation])
    assert (after.progress, after.is_open) == (Progress.COMPLETE, False)


def test_progress_of_many_recommendations_takes_one_query(django_assert_num_queries, agency_a):
    recommendations = [RecommendationFactory() for _ in range(4)]
    for recommendation in recommendations:
        services.recommendation_action_create(
            actor=Actor(user=None),
            recommendation=recommendation,
            title="Act",
            owner_agency=agency_a,
            due_on=D(2024, 12, 1),
        )
    # One for the actions with their owners (the content type is cached once looked up).
    with django_assert_num_queries(1):
        progress = services.recommendations_progress(recommendations)
        assert [p.actions[0].owner_agency.name for p in progress] == [agency_a.name] * 4


def test_theme_names_are_unique_whatever_their_case(actor):
    services.learning_theme_save(
        actor=actor, theme=LearningThemeFactory.build(name="x"), name="Neglect", is_active=True
    )
    with pytest.raises(ValidationError, match="already a theme with this name"):
        services.learning_theme_save(
            actor=actor, theme=LearningThemeFactory.build(name="y"), name="neglect", is_active=True
        )
