"""Reviews (local CSPRs, local learning reviews, national and other areas' reviews), their
publication, their recommendations and learning themes, and the actions raised from them."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from partnership.models import (
    Action,
    ActionStatus,
    Agency,
    AuditVerb,
    Person,
    Publication,
    PublicationKind,
)
from partnership.services import action_create, publication_publish, publication_save
from partnership.services.audit import Actor, audit_record

from ..models import (
    LearningTheme,
    RapidReview,
    RapidReviewDecision,
    Recommendation,
    Review,
    ReviewKind,
    ReviewStatus,
)

# The fields a form may set on a review; `kind` and `rapid_review` are fixed at creation.
REVIEW_FIELDS = (
    "title",
    "status",
    "decided_on",
    "reviewer",
    "terms_of_reference",
    "delay_reason",
    "final_report_sent_on",
    "led_by",
    "agreed_with_panel_on",
    "source",
    "author",
    "source_published_on",
    "link",
    "our_response",
)

# What a rapid review's decision leads to.
KIND_OF_DECISION = {
    RapidReviewDecision.LOCAL_CSPR: ReviewKind.CSPR,
    RapidReviewDecision.LEARNING_REVIEW: ReviewKind.LEARNING_REVIEW,
}


def _review_check(review: Review) -> None:
    if review.rapid_review_id and review.kind != KIND_OF_DECISION.get(review.rapid_review.decision):
        raise ValidationError(
            "The rapid review decided on "
            + (
                RapidReviewDecision(review.rapid_review.decision).label.lower()
                if review.rapid_review.decision
                else "nothing yet"
            )
            + f", not a {review.get_kind_display().lower()}"
        )
    if review.status == ReviewStatus.PUBLISHED and review.publication_id is None:
        raise ValidationError({"status": "Publish the review to mark it published"})
    if (
        review.final_report_sent_on
        and review.decided_on
        and review.final_report_sent_on < review.decided_on
    ):
        raise ValidationError(
            {
                "final_report_sent_on": "The date the final report was sent must be the same "
                "as or after the decision"
            }
        )
    review.full_clean()


@transaction.atomic
def review_create(
    *, actor: Actor, kind: str, rapid_review: RapidReview | None = None, **fields
) -> Review:
    unknown = set(fields) - set(REVIEW_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of a review: {', '.join(sorted(unknown))}")
    review = Review(kind=kind, rapid_review=rapid_review, **fields)
    _review_check(review)
    review.save()
    audit_record(
        actor=actor, verb=AuditVerb.CREATED, record=review, summary=review.get_kind_display()
    )
    return review


@transaction.atomic
def review_edit(*, actor: Actor, review: Review, **fields) -> Review:
    unknown = set(fields) - set(REVIEW_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of a review: {', '.join(sorted(unknown))}")
    locked = Review.objects.select_for_update().get(pk=review.pk)
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    for name, value in fields.items():
        setattr(locked, name, value)
    _review_check(locked)
    locked.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.CHANGED,
        record=locked,
        summary="Changed: " + ", ".join(changed) if changed else "Saved with no change",
    )
    return locked


@transaction.atomic
def review_publish(
    *,
    actor: Actor,
    review: Review,
    summary: str,
    body: str = "",
    file=None,
    published_at: datetime.datetime | None = None,
) -> Review:
    """Publish a local CSPR on the public site through the partnership's publications: the
    public reads only the Publication, never this record. Publishing again makes a new version
    of the same Publication."""
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if locked.kind != ReviewKind.CSPR:
        raise ValidationError("Only a local child safeguarding practice review is published here")
    if not body and not file and not (locked.publication and locked.publication.file):
        raise ValidationError({"file": "Upload the report, or enter its text"})
    publication = locked.publication or Publication(kind=PublicationKind.CSPR)
    draft = {"kind": PublicationKind.CSPR, "title": locked.title, "summary": summary, "body": body}
    if file:
        draft["file"] = file
    publication = publication_save(publication=publication, **draft)
    version = publication_publish(
        publication=publication, user=actor.user, published_at=published_at
    )
    first = locked.published_on is None
    locked.publication = publication
    locked.status = ReviewStatus.PUBLISHED
    if first:
        locked.published_on = timezone.localdate(version.published_at)
    locked.save(update_fields=["publication", "status", "published_on"])
    audit_record(
        actor=actor,
        verb=AuditVerb.PUBLISHED,
        record=locked,
        summary=f"Published as version {version.number}",
    )
    return locked


@transaction.atomic
def recommendation_save(
    *,
    actor: Actor,
    recommendation: Recommendation,
    number: int,
    text: str,
    themes: Iterable[LearningTheme] = (),
) -> Recommendation:
    """Add or change a recommendation of a review or a rapid review (set on `recommendation`)."""
    adding = recommendation.pk is None
    siblings = Recommendation.objects.filter(
        review_id=recommendation.review_id, rapid_review_id=recommendation.rapid_review_id
    ).exclude(pk=recommendation.pk)
    if siblings.filter(number=number).exists():
        raise ValidationError({"number": f"Recommendation {number} is already recorded"})
    recommendation.number = number
    recommendation.text = text
    recommendation.full_clean()
    recommendation.save()
    recommendation.themes.set(themes)
    audit_record(
        actor=actor,
        verb=AuditVerb.CREATED if adding else AuditVerb.CHANGED,
        record=recommendation.made_by,
        summary=f"Recommendation {number} {'added' if adding else 'changed'}",
    )
    return recommendation


@transaction.atomic
def recommendation_action_create(
    *,
    actor: Actor,
    recommendation: Recommendation,
    title: str,
    owner_agency: Agency,
    due_on: datetime.date,
    description: str = "",
    owner_person: Person | None = None,
) -> Action:
    """Raise an action in the one tracker, with the recommendation as its source."""
    action = action_create(
        title=title,
        description=description,
        owner_agency=owner_agency,
        owner_person=owner_person,
        due_on=due_on,
        source=recommendation,
    )
    audit_record(
        actor=actor,
        verb=AuditVerb.CHANGED,
        record=recommendation.made_by,
        summary=f"Action raised on recommendation {recommendation.number}: {title}",
    )
    return action


@transaction.atomic
def learning_theme_save(*, actor: Actor, theme: LearningTheme, name: str, is_active: bool):
    adding = theme.pk is None
    if LearningTheme.objects.filter(name__iexact=name).exclude(pk=theme.pk).exists():
        raise ValidationError({"name": "There is already a theme with this name"})
    theme.name = name
    theme.is_active = is_active
    theme.full_clean()
    theme.save()
    audit_record(actor=actor, verb=AuditVerb.CREATED if adding else AuditVerb.CHANGED, record=theme)
    return theme


class Progress:
    """A recommendation's progress, from the actions raised on it."""

    NO_ACTIONS = "No actions yet"
    IN_PROGRESS = "In progress"
    COMPLETE = "Complete"


@dataclass
class RecommendationProgress:
    recommendation: Recommendation
    actions: list[Action]

    @property
    def progress(self) -> str:
        if not self.actions:
            return Progress.NO_ACTIONS
        if all(action.status == ActionStatus.COMPLETE for action in self.actions):
            return Progress.COMPLETE
        return Progress.IN_PROGRESS

    @property
    def is_open(self) -> bool:
        return self.progress != Progress.COMPLETE


def recommendations_progress(
    recommendations: Iterable[Recommendation],
) -> list[RecommendationProgress]:
    """Each recommendation with its actions, in one query for all the actions."""
    recommendations = list(recommendations)
    by_recommendation: dict[int, list[Action]] = {r.pk: [] for r in recommendations}
    actions = Action.objects.filter(
        source_type=ContentType.objects.get_for_model(Recommendation),
        source_id__in=list(by_recommendation),
    ).select_related("owner_agency", "owner_person")
    for action in actions:
        by_recommendation[action.source_id].append(action)
    return [RecommendationProgress(r, by_recommendation[r.pk]) for r in recommendations]
