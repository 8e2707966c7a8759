"""Section 11 rounds: the business unit asks a set of agencies for their returns by a deadline,
extends it for one agency, reminds the leads who have not submitted, and reads the answers as
a grid of standards × agencies against the round before."""

import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill

from partnership.models import STATUTORY_PARTNER_KINDS, Agency, Role, User
from partnership.resources import escape_formula

from ..models import (
    EDITABLE_STATUSES,
    Assessment,
    AssessmentStatus,
    Framework,
    FrameworkPurpose,
    Question,
    Rating,
    RatingLevel,
    ReturnReminder,
    Section,
    Section11Round,
)
from . import assessments as assessment_services
from .assessments import AssessmentStateError

# Days before a return's deadline on which its agency's leads are reminded, furthest first.
REMINDER_DAYS = (14, 7, 1)

# A return counts as in once it has been submitted, and stays in when accepted; one returned
# for more evidence is back with its agency.
SUBMITTED_STATUSES = frozenset({AssessmentStatus.SUBMITTED, AssessmentStatus.ACCEPTED})


def statutory_partners_first(agencies: QuerySet, prefix: str = "") -> QuerySet:
    """Order agencies (or records with an agency under `prefix`, e.g. "agency__") with the three
    statutory partners first, each group by name: the order of the round's pages and grid."""
    return agencies.annotate(
        statutory_last=Case(
            When(**{f"{prefix}kind__in": STATUTORY_PARTNER_KINDS}, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("statutory_last", f"{prefix}name")


def last_accepted_returns(*, framework: Framework, agencies: list[Agency]) -> dict[int, Assessment]:
    """Each agency's most recent accepted Section 11 return against any version of this
    framework (the questions a return carries forward must be the same questions), keyed by
    agency id, in one query."""
    accepted = Assessment.objects.filter(
        agency__in=agencies,
        framework__purpose=FrameworkPurpose.SECTION_11,
        framework__slug=framework.slug,
        status=AssessmentStatus.ACCEPTED,
    ).order_by("agency_id", "-period_end", "-accepted_at", "-pk")
    latest: dict[int, Assessment] = {}
    for assessment in accepted:
        latest.setdefault(assessment.agency_id, assessment)
    return latest


def rounds_with_progress(*, today: date) -> QuerySet:
    """Rounds, latest deadline first, each with how many returns it asked for, how many are
    in, how many of those came in late, and how many are still out after their deadline."""
    return Section11Round.objects.annotate(
        returns_count=Count("returns", distinct=True),
        submitted_count=Count(
            "returns", filter=Q(returns__status__in=SUBMITTED_STATUSES), distinct=True
        ),
        late_count=Count(
            "returns",
            filter=Q(returns__status__in=SUBMITTED_STATUSES, returns__submitted_late=True),
            distinct=True,
        ),
        overdue_count=Count(
            "returns",
            filter=Q(returns__status__in=EDITABLE_STATUSES, returns__deadline__lt=today),
            distinct=True,
        ),
    ).order_by("-deadline", "-pk")


@transaction.atomic
def round_open(
    *,
    framework: Framework,
    name: str,
    period_start: date,
    period_end: date,
    deadline: date,
    agencies: list[Agency],
    user: User | None,
) -> Section11Round:
    """Open a round: one return per agency, due by the deadline. Each return starts from the
    agency's last accepted one, so evidence, links and actions required are carried forward;
    its ratings start unrated because each round is judged afresh."""
    agencies = list(dict.fromkeys(agencies))  # the same agency chosen twice gets one return
    errors = {}
    if framework.purpose != FrameworkPurpose.SECTION_11:
        errors["framework"] = "Select a Section 11 framework"
    if not agencies:
        errors["agencies"] = "Select at least one agency"
    inactive = [agency.name for agency in agencies if not agency.is_active]
    if inactive:
        errors["agencies"] = f"These agencies are no longer active: {', '.join(inactive)}"
    if period_end < period_start:
        errors["period_end"] = "The end of the period must be the same as or after its start"
    if deadline < timezone.localdate():
        errors["deadline"] = "The deadline must be today or in the future"
    if errors:
        raise ValidationError(errors)
    round = Section11Round(
        framework=framework,
        name=name.strip(),
        period_start=period_start,
        period_end=period_end,
        deadline=deadline,
        opened_by=user,
    )
    round.full_clean()
    round.save()
    previous = last_accepted_returns(framework=framework, agencies=agencies)
    for agency in agencies:
        assessment_services.assessment_create(
            framework=framework,
            agency=agency,
            period_start=period_start,
            period_end=period_end,
            previous=previous.get(agency.pk),
            round=round,
            deadline=deadline,
        )
    return round


@transaction.atomic
def return_deadline_extend(*, assessment: Assessment, deadline: date) -> Assessment:
    """Give one agency longer. Only forward, and only while the return is with the agency: once
    it is in, its lateness has been judged against the deadline it had."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.round_id is None or locked.deadline is None:
        raise AssessmentStateError("Only a Section 11 return in a round has a deadline to extend")
    if not locked.is_editable:
        raise AssessmentStateError(
            f"This return is {locked.get_status_display().lower()}: its deadline can be extended "
            "only while it is with the agency"
        )
    if deadline <= locked.deadline:
        raise ValidationError(
            {"deadline": f"The new deadline must be after {locked.deadline:%-d %B %Y}"}
        )
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": "The new deadline must be today or in the future"})
    locked.deadline = deadline
    locked.save(update_fields=["deadline"])
    # The reminders already sent counted down to the old date; the leads are reminded again,
    # 14, 7 and 1 days before the new one.
    locked.reminders.all().delete()
    return locked


# The grid


@dataclass(frozen=True)
class GridCell:
    agency: Agency
    assessment: Assessment
    level: RatingLevel | None  # this round's, once the return is in
    status: str  # what to show instead of a level while the return is not in
    previous: RatingLevel | None  # the previous round's, for the same agency and question


@dataclass(frozen=True)
class GridRow:
    question: Question
    cells: list[GridCell]


@dataclass(frozen=True)
class GridSection:
    section: Section
    rows: list[GridRow]


@dataclass(frozen=True)
class RoundGrid:
    round: Section11Round
    previous_round: Section11Round | None
    agencies: list[Agency]
    returns: list[Assessment]
    levels: list[RatingLevel]
    sections: list[GridSection]


def previous_round(*, round: Section11Round) -> Section11Round | None:
    """The round due before this one: the one its trend is read against."""
    return (
        Section11Round.objects.filter(
            Q(deadline__lt=round.deadline) | Q(deadline=round.deadline, pk__lt=round.pk)
        )
        .order_by("-deadline", "-pk")
        .first()
    )


def round_grid(*, round: Section11Round) -> RoundGrid:
    """Standards (grouped by section) × agencies: each cell this round's level once the return
    is in, and the level the same agency gave the same question in the previous round.
    A fixed number of queries whatever the numbers of agencies and standards."""
    framework = round.framework
    returns = list(
        statutory_partners_first(round.returns.select_related("agency"), prefix="agency__")
    )
    levels = list(RatingLevel.objects.filter(scale_id=framework.scale_id))
    by_id = {level.pk: level for level in levels}
    current = {
        (assessment_id, question_id): level_id
        for assessment_id, question_id, level_id in Rating.objects.filter(
            assessment__round=round
        ).values_list("assessment_id", "question_id", "level_id")
    }
    before = previous_round(round=round)
    # Keyed by agency and the section and question numbers: a new version of the framework
    # keeps its numbering, so "the same question" is found by number, not by row.
    earlier: dict[tuple[int, str, str], RatingLevel] = {}
    if before is not None:
        # Only returns that were submitted count: a draft's colours are not yet a judgement.
        for rating in Rating.objects.filter(
            assessment__round=before,
            assessment__status__in=SUBMITTED_STATUSES,
            level__isnull=False,
        ).select_related("level", "question__section", "assessment"):
            key = (
                rating.assessment.agency_id,
                rating.question.section.number,
                rating.question.number,
            )
            earlier[key] = rating.level
    sections: dict[int, GridSection] = {}
    questions = Question.objects.filter(section__framework=framework).select_related("section")
    for question in questions:
        cells = []
        for assessment in returns:
            is_in = assessment.status in SUBMITTED_STATUSES
            level_id = current.get((assessment.pk, question.pk))
            cells.append(
                GridCell(
                    agency=assessment.agency,
                    assessment=assessment,
                    level=by_id.get(level_id) if is_in else None,
                    status=_cell_status(assessment, rated=level_id is not None),
                    previous=earlier.get(
                        (assessment.agency_id, question.section.number, question.number)
                    ),
                )
            )
        section = sections.setdefault(
            question.section_id, GridSection(section=question.section, rows=[])
        )
        section.rows.append(GridRow(question=question, cells=cells))
    return RoundGrid(
        round=round,
        previous_round=before,
        agencies=[assessment.agency for assessment in returns],
        returns=returns,
        levels=levels,
        sections=list(sections.values()),
    )


def _cell_status(assessment: Assessment, *, rated: bool) -> str:
    if assessment.status == AssessmentStatus.DRAFT:
        return "Not submitted"
    if assessment.status == AssessmentStatus.RETURNED:
        return "Returned"
    return "" if rated else "Not rated"


# GOV.UK Frontend 5's tag colours (background, text), so the spreadsheet reads like the page.
XLSX_COLOURS = {
    "green": ("CCE2D8", "005A30"),
    "yellow": ("FFF7BF", "594D00"),
    "orange": ("FCD6C3", "6E3619"),
    "red": ("F4CDC6", "2A0B06"),
    "blue": ("BBD4EA", "0C2D4A"),
    "grey": ("E5E6E7", "282D30"),
}


def _text(value) -> str:
    """Cell text a spreadsheet shows as typed: never run as a formula, nothing Excel refuses."""
    return escape_formula(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _level_cell(cell, level: RatingLevel | None, fallback: str) -> None:
    if level is None:
        cell.value = _text(fallback) if fallback else None
        return
    # The label is written as well as the fill, so the colour is never the only signal.
    cell.value = _text(level.label)
    background, text = XLSX_COLOURS.get(level.colour, XLSX_COLOURS["grey"])
    cell.fill = PatternFill(fill_type="solid", start_color=background, end_color=background)
    cell.font = Font(color=text, bold=True)


def round_grid_xlsx(*, round: Section11Round) -> bytes:
    """The grid as a workbook: one row per standard, and for each agency two columns, this
    round's level and the previous round's, each as its label on its colour; then a key."""
    grid = round_grid(round=round)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Grid"
    headers = ["Section", "Number", "Standard"]
    for agency in grid.agencies:
        headers += [agency.name, f"{agency.name}: previous round"]
    sheet.append([_text(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for section in grid.sections:
        for row in section.rows:
            sheet.append(
                [
                    _text(f"{section.section.number} {section.section.title}"),
                    _text(row.question.number),
                    _text(row.question.text),
                ]
            )
            line = sheet.max_row
            for index, cell in enumerate(row.cells):
                column = 4 + 2 * index
                _level_cell(sheet.cell(line, column), cell.level, cell.status)
                _level_cell(
                    sheet.cell(line, column + 1),
                    cell.previous,
                    "" if grid.previous_round is None else "None",
                )
    sheet.freeze_panes = "D2"
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["C"].width = 50

    key = workbook.create_sheet("Key")
    key.append(["Round", _text(round.name)])
    key.append(["Period", f"{round.period_start:%-d %B %Y} to {round.period_end:%-d %B %Y}"])
    key.append(["Deadline", f"{round.deadline:%-d %B %Y}"])
    key.append(
        ["Previous round", _text(grid.previous_round.name) if grid.previous_round else "None"]
    )
    key.append([])
    key.append(["Level", "Definition"])
    for level in grid.levels:
        key.append([None, _text(level.definition)])
        _level_cell(key.cell(key.max_row, 1), level, "")
    key.column_dimensions["A"].width = 20
    key.column_dimensions["B"].width = 80

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Reminders


def reminder_step(*, deadline: date, today: date) -> int | None:
    """Which reminder is due today for a return due on `deadline`, if any.

    On time, that is the step whose day it is: 14, 7 or 1 days before. If the task did not run
    on a step's day (a worker down over a weekend), the next run still sends the most recent
    step that has come round, as long as the deadline has not arrived; an earlier missed step
    is never sent after a later one, which already gives the nearer date."""
    days_left = (deadline - today).days
    if days_left < 1:
        return None
    arrived = [step for step in REMINDER_DAYS if step >= days_left]
    return min(arrived) if arrived else None


def reminders_send(*, today: date) -> int:
    """Remind the agency leads of each return not yet in (draft, or returned for more
    evidence) 14, 7 and 1 days before its deadline. Each step of each return is sent once,
    however often this runs: the ReturnReminder row is claimed before the email goes, and
    a failed send rolls the claim back for the next run. Returns the number of reminders sent.
    An agency with no active lead with an email address gets none, and nothing is claimed,
    so a lead named later still hears."""
    returns = list(
        Assessment.objects.filter(
            round__isnull=False,
            status__in=EDITABLE_STATUSES,
            deadline__gt=today,
            deadline__lte=today + timedelta(days=max(REMINDER_DAYS)),
        ).select_related("round", "agency")
    )
    leads: dict[int, list[str]] = defaultdict(list)
    for agency_id, email in (
        User.objects.filter(
            role=Role.AGENCY_LEAD,
            is_active=True,
            agency_id__in={assessment.agency_id for assessment in returns},
        )
        .exclude(email="")
        .order_by("pk")
        .values_list("agency_id", "email")
    ):
        leads[agency_id].append(email)
    sent = 0
    for assessment in returns:
        recipients = leads.get(assessment.agency_id)
        if not recipients or reminder_step(deadline=assessment.deadline, today=today) is None:
            continue
        with transaction.atomic():
            # Re-read under a lock: a lead submitting at this moment waits for the email
            # instead of being reminded about a return that is already in.
            locked = (
                Assessment.objects.select_for_update()
                .filter(pk=assessment.pk, status__in=EDITABLE_STATUSES)
                .order_by("pk")  # the default ordering joins the agency, which cannot be locked
                .first()
            )
            step = locked and reminder_step(deadline=locked.deadline, today=today)
            if not step:
                continue
            _, claimed = ReturnReminder.objects.get_or_create(assessment=locked, days_before=step)
            if not claimed:
                continue
            days_left = (locked.deadline - today).days
            context = {
                "assessment": locked,
                "round": assessment.round,
                "agency": assessment.agency,
                "days_left": days_left,
                "partnership_name": settings.PARTNERSHIP_NAME,
            }
            send_mail(
                subject=f"Section 11 return due in {days_left} day{'s' if days_left != 1 else ''}"
                f": {assessment.round.name}",
                message=render_to_string("scrutiny/email/return_reminder.txt", context),
                from_email=None,
                recipient_list=recipients,
            )
        sent += 1
    return sent
