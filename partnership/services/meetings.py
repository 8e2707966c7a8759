"""Meetings of the partnership's bodies and who attended them."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Count, Q

from ..models import (
    ATTENDED,
    Agency,
    Attendance,
    AttendanceStatus,
    Body,
    Meeting,
    MeetingPaper,
    Membership,
    Person,
)


@dataclass(frozen=True)
class AgencyAttendance:
    agency: Agency
    expected: int
    attended: int
    threshold: int

    @property
    def rate(self) -> Decimal:
        """The rate rounded down, so a rate shown as 75.0 is never one flagged below 75."""
        if not self.expected:
            return Decimal(0)
        return (Decimal(self.attended) * 100 / self.expected).quantize(
            Decimal("0.1"), rounding=ROUND_DOWN
        )

    @property
    def below_threshold(self) -> bool:
        # Compared in whole numbers: 74.96% is below a 75% threshold.
        return (
            self.agency.is_statutory_partner
            and self.attended * 100 < self.threshold * self.expected
        )


def attendance_rates(*, start: date, end: date, body: Body | None = None) -> list[AgencyAttendance]:
    """Each agency's attendance at meetings held in the period: present or represented by a
    deputy, out of every place it was expected to fill. Statutory partners come first."""
    rows = Attendance.objects.filter(meeting__held_on__range=(start, end))
    if body is not None:
        rows = rows.filter(meeting__body=body)
    counts = rows.values("agency").annotate(
        expected=Count("pk"), attended=Count("pk", filter=Q(status__in=ATTENDED))
    )
    agencies = Agency.objects.in_bulk([row["agency"] for row in counts])
    threshold = settings.ATTENDANCE_THRESHOLD_PERCENT
    result = [
        AgencyAttendance(agencies[row["agency"]], row["expected"], row["attended"], threshold)
        for row in counts
    ]
    return sorted(result, key=lambda row: (not row.agency.is_statutory_partner, row.agency.name))


@transaction.atomic
def meeting_save(
    *,
    meeting: Meeting,
    body: Body,
    held_on: date,
    agenda: str = "",
    minutes: str = "",
    minutes_published: bool = False,
) -> Meeting:
    """Create a meeting of a body, or change one."""
    meeting.body = body
    meeting.held_on = held_on
    meeting.agenda = agenda
    meeting.minutes = minutes
    meeting.minutes_published = minutes_published
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_paper_add(*, meeting: Meeting, title: str, file: File) -> MeetingPaper:
    """Attach a paper to a meeting. The form has already checked the file's type and size."""
    paper = MeetingPaper(meeting=meeting, title=title, file=file)
    paper.full_clean()
    paper.save()
    return paper


def register_people(meeting: Meeting) -> list[Person]:
    """Who belongs on a meeting's register: the body's members on the day, and anyone already
    recorded (a membership edited since must not silently drop their attendance)."""
    members = Membership.objects.current_on(meeting.held_on).filter(body_id=meeting.body_id)
    return list(
        Person.objects.filter(
            Q(pk__in=members.values("person_id")) | Q(attendances__meeting=meeting)
        )
        .distinct()
        .select_related("agency")
        .order_by("agency__name", "full_name", "pk")
    )


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, entries: list[tuple[Person, str, str]]
) -> list[Attendance]:
    """Replace a meeting's register with (person, status, deputy name) entries, in one go:
    every entry is checked first, and one bad entry leaves the register as it was."""
    # Two people saving the same register at once would both delete, then both insert, and
    # the second would hit the one-row-per-person constraint: take turns on the meeting.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    allowed = {person.pk for person in register_people(meeting)}
    # The agency is the one the person sat for on the day: re-saving a register after they
    # have moved agency must not carry their old attendance to the new one.
    agency_on_the_day = dict(meeting.attendances.values_list("person_id", "agency_id"))
    errors, seen, rows = [], set(), []
    for person, status, deputy_name in entries:
        deputy_name = deputy_name.strip() if status == AttendanceStatus.DEPUTY else ""
        if person.pk not in allowed:
            errors.append(f"{person} was not a member of {meeting.body} on the day of the meeting")
        elif person.pk in seen:
            errors.append(f"{person} is on the register more than once")
        elif status not in AttendanceStatus.values:
            errors.append(f"Select whether {person} attended")
        elif status == AttendanceStatus.DEPUTY and not deputy_name:
            errors.append(f"Enter the name of the deputy who attended for {person}")
        seen.add(person.pk)
        rows.append(
            Attendance(
                meeting=meeting,
                person=person,
                agency_id=agency_on_the_day.get(person.pk, person.agency_id),
                status=status,
                deputy_name=deputy_name,
            )
        )
    if errors:
        raise ValidationError(errors)
    meeting.attendances.all().delete()
    return Attendance.objects.bulk_create(rows)
