"""Assessments: rating a framework's questions for a subject and period, and moving the
assessment through draft, submitted, returned and accepted."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from partnership.models import Agency, User

from ..models import (
    Assessment,
    AssessmentStatus,
    EvidenceLink,
    Framework,
    Question,
    Rating,
    RatingLevel,
)


class AssessmentStateError(Exception):
    """The assessment is not in a state that allows this change; the message says why."""


@transaction.atomic
def assessment_create(
    *,
    framework: Framework,
    period_start: date,
    period_end: date,
    agency: Agency | None = None,
    previous: Assessment | None = None,
    round=None,
    deadline: date | None = None,
) -> Assessment:
    """A new assessment with one unrated rating per question. Starting from a previous one
    carries its evidence, links and actions required forward, but never its ratings: each
    period is judged afresh."""
    assessment = Assessment(
        framework=framework,
        agency=agency,
        period_start=period_start,
        period_end=period_end,
        previous=previous,
        round=round,
        deadline=deadline,
    )
    assessment.full_clean(exclude=["round"] if round is None else None)
    assessment.save()
    carried = {}
    if previous is not None:
        carried = {
            r.question.number: r
            for r in previous.ratings.select_related("question").prefetch_related("links")
        }
    questions = Question.objects.filter(section__framework=framework).select_related("section")
    ratings = Rating.objects.bulk_create(
        Rating(
            assessment=assessment,
            question=question,
            evidence=carried[question.number].evidence if question.number in carried else "",
            actions_required=carried[question.number].actions_required
            if question.number in carried
            else "",
        )
        for question in questions
    )
    links = [
        EvidenceLink(rating=rating, label=link.label, path=link.path)
        for rating in ratings
        if rating.question.number in carried
        for link in carried[rating.question.number].links.all()
    ]
    EvidenceLink.objects.bulk_create(links)
    return assessment


def _require_editable(assessment: Assessment) -> None:
    if not assessment.is_editable:
        raise AssessmentStateError(
            f"This assessment is {assessment.get_status_display().lower()}: it can be changed only "
            "once it is returned for more evidence"
        )


@transaction.atomic
def rating_save(
    *, rating: Rating, level: RatingLevel | None, evidence: str, actions_required: str
) -> Rating:
    """Save a rating, finished or not: part-done work can always be saved while the
    assessment is with its author."""
    locked = (
        Rating.objects.select_for_update().select_related("assessment__framework").get(pk=rating.pk)
    )
    _require_editable(locked.assessment)
    if level is not None and level.scale_id != locked.assessment.framework.scale_id:
        raise ValidationError({"level": "Select one of this framework's ratings"})
    locked.level = level
    locked.evidence = evidence
    locked.actions_required = actions_required
    locked.save(update_fields=["level", "evidence", "actions_required", "updated_at"])
    return locked


def unrated(assessment: Assessment) -> list[Rating]:
    return list(assessment.ratings.filter(level__isnull=True).select_related("question"))


@transaction.atomic
def assessment_submit(*, assessment: Assessment, user: User) -> Assessment:
    """Submit for review. Every question must be rated; a return submitted after its deadline
    is accepted but marked late."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require_editable(locked)
    missing = unrated(locked)
    if missing:
        numbers = ", ".join(rating.question.number for rating in missing)
        raise AssessmentStateError(
            f"Rate every question before you submit: {numbers} not rated yet"
        )
    now = timezone.now()
    locked.status = AssessmentStatus.SUBMITTED
    locked.submitted_at = now
    locked.submitted_late = bool(locked.deadline and timezone.localdate(now) > locked.deadline)
    locked.save(update_fields=["status", "submitted_at", "submitted_late"])
    return locked


@transaction.atomic
def assessment_return(*, assessment: Assessment, comment: str) -> Assessment:
    """Send a submitted assessment back to its author for more evidence, saying what is missing."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status != AssessmentStatus.SUBMITTED:
        raise AssessmentStateError("Only a submitted assessment can be returned")
    if not comment.strip():
        raise ValidationError({"comment": "Say what more evidence is needed"})
    locked.status = AssessmentStatus.RETURNED
    locked.returned_comment = comment.strip()
    locked.save(update_fields=["status", "returned_comment"])
    return locked


@transaction.atomic
def assessment_accept(*, assessment: Assessment) -> Assessment:
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status != AssessmentStatus.SUBMITTED:
        raise AssessmentStateError("Only a submitted assessment can be accepted")
    locked.status = AssessmentStatus.ACCEPTED
    locked.accepted_at = timezone.now()
    locked.save(update_fields=["status", "accepted_at"])
    return locked


@dataclass
class SectionSummary:
    """How many questions of a section (or the whole framework) got each level."""

    title: str
    counts: Counter = field(default_factory=Counter)
    previous_counts: Counter = field(default_factory=Counter)
    unrated: int = 0


def assessment_summary(*, assessment: Assessment) -> tuple[list[SectionSummary], SectionSummary]:
    """Counts of each rating level per section and overall, with the same counts for the
    assessment it started from, for the change since then."""
    by_section: dict[int, SectionSummary] = {}
    overall = SectionSummary(title="All sections")
    for section in assessment.framework.sections.all():
        by_section[section.pk] = SectionSummary(title=f"{section.number} {section.title}")
    rows = assessment.ratings.values_list("question__section_id", "level__code")
    for section_id, code in rows:
        summary = by_section[section_id]
        if code is None:
            summary.unrated += 1
            overall.unrated += 1
        else:
            summary.counts[code] += 1
            overall.counts[code] += 1
    if assessment.previous_id:
        for number, code in assessment.previous.ratings.values_list(
            "question__section__number", "level__code"
        ):
            if code is None:
                continue
            for section in by_section.values():
                if section.title.split(" ", 1)[0] == number:
                    section.previous_counts[code] += 1
            overall.previous_counts[code] += 1
    return list(by_section.values()), overall
