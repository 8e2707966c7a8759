"""Assessments: rating a framework's questions for a subject and period, and moving the
assessment through draft, submitted, returned and accepted."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http.request import validate_host
from django.urls import Resolver404, resolve
from django.utils import timezone

from partnership import services as partnership_services
from partnership.models import Action, ActionStatus, Agency, Person, Role, User

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


def may_rate(user, assessment: Assessment) -> bool:
    """Only an assessment's author rates it: the independent scrutineer for the partnership's
    checklist, the agency's own lead for its Section 11 return. The business unit opens
    assessments and reviews them but never rates, so a judgement stays the author's."""
    if not user.is_authenticated:
        return False
    if assessment.agency_id is None:
        return user.role == Role.SCRUTINEER
    return user.role == Role.AGENCY_LEAD and user.agency_id == assessment.agency_id


def _question_key(question: Question) -> tuple[str, str]:
    # Question numbers are unique within a section only, and a new framework version keeps
    # its numbering: section and question number together find "the same question".
    return (question.section.number, question.number)


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
    if previous is not None:
        if previous.agency_id != (agency.pk if agency else None):
            raise ValidationError("Start from an assessment of the same subject")
        if previous.framework.slug != framework.slug:
            raise ValidationError(f"Start from an earlier assessment against {framework.name}")
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
            _question_key(r.question): r
            for r in previous.ratings.select_related("question__section").prefetch_related("links")
        }
    questions = Question.objects.filter(section__framework=framework).select_related("section")
    ratings = Rating.objects.bulk_create(
        Rating(
            assessment=assessment,
            question=question,
            evidence=carried[key].evidence if key in carried else "",
            actions_required=carried[key].actions_required if key in carried else "",
        )
        for question in questions
        for key in [_question_key(question)]
    )
    links = [
        EvidenceLink(rating=rating, label=link.label, path=link.path)
        for rating in ratings
        if _question_key(rating.question) in carried
        for link in carried[_question_key(rating.question)].links.all()
    ]
    EvidenceLink.objects.bulk_create(links)
    return assessment


def require_editable(assessment: Assessment) -> None:
    """Raise AssessmentStateError, saying why, unless the assessment is with its author."""
    if not assessment.is_editable:
        raise AssessmentStateError(
            f"This assessment is {assessment.get_status_display().lower()}: it can be changed only "
            "once it is returned for more evidence"
        )


def _locked_rating(rating: Rating) -> Rating:
    """The rating, locked with its assessment, so that a submit running at the same moment
    either sees this change or refuses it, never half of it."""
    locked = (
        Rating.objects.select_for_update(of=("self", "assessment"))
        .select_related("assessment__framework", "question__section")
        .get(pk=rating.pk)
    )
    require_editable(locked.assessment)
    return locked


@transaction.atomic
def rating_save(
    *, rating: Rating, level: RatingLevel | None, evidence: str, actions_required: str
) -> Rating:
    """Save a rating, finished or not: part-done work can always be saved while the
    assessment is with its author."""
    locked = _locked_rating(rating)
    if level is not None and level.scale_id != locked.assessment.framework.scale_id:
        raise ValidationError({"level": "Select one of this framework's ratings"})
    locked.level = level
    locked.evidence = evidence
    locked.actions_required = actions_required
    locked.save(update_fields=["level", "evidence", "actions_required", "updated_at"])
    return locked


def evidence_path(address: str) -> str:
    """The portal path an evidence link points at, from a path ("/portal/meetings/3/") or the
    full address copied from the browser. Anything outside the portal is refused: a link kept
    as evidence must stay readable to those who judge it, and an outside page can change or
    go at any time."""
    address = address.strip()
    parts = urlsplit(address)
    if parts.scheme or parts.netloc:
        host = parts.hostname or ""
        if parts.scheme not in {"http", "https"} or not validate_host(host, settings.ALLOWED_HOSTS):
            raise ValidationError(
                {
                    "path": "Enter the address of a page in this portal, like "
                    "/portal/meetings/12/: links to other websites cannot be evidence here"
                }
            )
    if not parts.path.startswith("/") or parts.path.startswith("//"):
        raise ValidationError(
            {
                "path": "Enter the address of a page in this portal, starting with /, like "
                "/portal/meetings/12/"
            }
        )
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise ValidationError(
            {"path": f"There is no page at {parts.path} in this portal: check the address"}
        ) from None
    if match.namespace == "admin" or match.namespace.startswith("admin:"):
        raise ValidationError(
            {"path": "Link to the portal's own pages, not the administration pages"}
        )
    return parts.path + (f"?{parts.query}" if parts.query else "")


@transaction.atomic
def evidence_link_add(*, rating: Rating, label: str, path: str) -> EvidenceLink:
    """Link a rating to a portal page that is its evidence (a meeting, a publication, a page
    of statistics)."""
    locked = _locked_rating(rating)
    link = EvidenceLink(rating=locked, label=label.strip(), path=evidence_path(path))
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def evidence_link_remove(*, link: EvidenceLink) -> None:
    _locked_rating(link.rating)
    link.delete()


@transaction.atomic
def rating_action_add(
    *,
    rating: Rating,
    title: str,
    owner_agency: Agency,
    due_on: date,
    owner_person: Person | None = None,
    description: str = "",
) -> Action:
    """Raise an action in the partnership's tracker from a rating, whatever its colour: the
    action names the rating as its source, so both its page and the tracker show where it
    came from."""
    locked = _locked_rating(rating)
    return partnership_services.action_create(
        title=title,
        description=description,
        owner_agency=owner_agency,
        owner_person=owner_person,
        due_on=due_on,
        source=locked,
    )


@transaction.atomic
def assessment_judgement_save(*, assessment: Assessment, overall_judgement: str) -> Assessment:
    """The author's overall judgement, in their own words, beside the counts of each level."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    require_editable(locked)
    locked.overall_judgement = overall_judgement.strip()
    locked.save(update_fields=["overall_judgement"])
    return locked


def unrated(assessment: Assessment) -> list[Rating]:
    return list(assessment.ratings.filter(level__isnull=True).select_related("question__section"))


@transaction.atomic
def assessment_submit(*, assessment: Assessment, user: User) -> Assessment:
    """Submit for review. Every question must be rated; a return submitted after its deadline
    is accepted but marked late."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    require_editable(locked)
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
    """How many questions of a section (or the whole framework) got each level, and how many
    got it in the assessment this one started from. `levels` is the framework's scale, best
    first, so a page lists the counts in the scale's order whatever its length."""

    title: str
    number: str = ""
    counts: Counter = field(default_factory=Counter)
    previous_counts: Counter = field(default_factory=Counter)
    unrated: int = 0
    levels: list = field(default_factory=list)
    compared: bool = False

    @property
    def level_counts(self) -> list[tuple[RatingLevel, int]]:
        return [(level, self.counts[level.code]) for level in self.levels]

    @property
    def changes(self) -> list[tuple[RatingLevel, int]]:
        """The levels whose count moved since the previous assessment, with the difference."""
        moved = [
            (level, self.counts[level.code] - self.previous_counts[level.code])
            for level in self.levels
        ]
        return [(level, difference) for level, difference in moved if difference]

    @property
    def change_text(self) -> str:
        """ "+1 green, −1 amber"; the minus sign is a true one, as screen readers read it."""
        if not self.compared:
            return ""
        if not self.changes:
            return "No change"
        return ", ".join(
            f"{'+' if difference > 0 else '−'}{abs(difference)} {level.label.lower()}"
            for level, difference in self.changes
        )


def assessment_summary(
    *, assessment: Assessment, levels: list[RatingLevel] | None = None
) -> tuple[list[SectionSummary], SectionSummary]:
    """Counts of each rating level per section and overall, with the same counts for the
    assessment it started from, for the change since then. Sections are matched to the
    previous assessment's by number, so a new version of the framework still compares."""
    if levels is None:
        levels = list(RatingLevel.objects.filter(scale_id=assessment.framework.scale_id))
    compared = assessment.previous_id is not None
    by_section: dict[int, SectionSummary] = {}
    by_number: dict[str, SectionSummary] = {}
    overall = SectionSummary(title="All sections", levels=levels, compared=compared)
    for section in assessment.framework.sections.all():
        summary = SectionSummary(
            title=f"{section.number} {section.title}",
            number=section.number,
            levels=levels,
            compared=compared,
        )
        by_section[section.pk] = by_number[section.number] = summary
    rows = Rating.objects.filter(assessment=assessment).values_list(
        "question__section_id", "level__code"
    )
    for section_id, code in rows:
        summary = by_section[section_id]
        if code is None:
            summary.unrated += 1
            overall.unrated += 1
        else:
            summary.counts[code] += 1
            overall.counts[code] += 1
    if compared:
        previous = Rating.objects.filter(
            assessment_id=assessment.previous_id, level__isnull=False
        ).values_list("question__section__number", "level__code")
        for number, code in previous:
            if number in by_number:
                by_number[number].previous_counts[code] += 1
            overall.previous_counts[code] += 1
    return list(by_section.values()), overall


@dataclass
class RaisedAction:
    """An action raised from a rating, or still open from the same question's rating in the
    assessment this one started from (`carried`)."""

    action: Action
    carried: bool


def raised_actions(
    *, assessment: Assessment, ratings: list[Rating], visible
) -> dict[int, list[RaisedAction]]:
    """The actions raised from each rating, keyed by rating id, among `visible` (the actions
    the reader may see, e.g. Action.objects.for_user(user)). Open actions raised from the
    previous assessment's rating of the same question are carried forward with it: the work
    they track has not stopped because a new period began. Two queries, whatever the number
    of ratings."""
    owner = {rating.pk: rating.pk for rating in ratings}
    if assessment.previous_id:
        current = {_question_key(rating.question): rating.pk for rating in ratings}
        earlier = Rating.objects.filter(assessment_id=assessment.previous_id).values_list(
            "pk", "question__section__number", "question__number"
        )
        for pk, section_number, number in earlier:
            if (section_number, number) in current:
                owner[pk] = current[(section_number, number)]
    actions = (
        visible.filter(
            source_type__app_label=Rating._meta.app_label,
            source_type__model=Rating._meta.model_name,
            source_id__in=list(owner),
        )
        .select_related("owner_agency", "owner_person")
        .order_by("due_on", "pk")
    )
    raised: dict[int, list[RaisedAction]] = {rating.pk: [] for rating in ratings}
    for action in actions:
        carried = action.source_id not in raised
        if carried and action.status == ActionStatus.COMPLETE:
            continue
        raised[owner[action.source_id]].append(RaisedAction(action=action, carried=carried))
    return raised


def level_counts(*, assessments: list[Assessment]) -> dict[int, Counter]:
    """How many of each assessment's questions got each level, keyed by assessment id then
    level id, in one query whatever the number of assessments: for lists of assessments."""
    counts: dict[int, Counter] = {assessment.pk: Counter() for assessment in assessments}
    rows = (
        Rating.objects.filter(assessment__in=[assessment.pk for assessment in assessments])
        .values_list("assessment_id", "level_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for assessment_id, level_id, n in rows:
        counts[assessment_id][level_id] = n
    return counts
