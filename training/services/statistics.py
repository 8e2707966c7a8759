"""The training programme's figures for a period: what the statistics page shows and what the
yearly report's training section prints (scrutiny reads them; training knows nothing of the
report). The programme runs by academic year, September to August, named like "2022-23".

Every figure is counted by the database from the records, in a fixed number of queries however
many sessions and bookings the period holds.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone

from partnership.models import AgencyKind

from ..models import (
    Booking,
    BookingStatus,
    Evaluation,
    ImpactResponse,
    Level,
    Respondent,
    Session,
    SessionStatus,
)

# How many quotes the figures carry; the most recent first.
QUOTES = 12

# What counts as a booking: every booking on a session in the period, whatever became of it
# (confirmed, waiting, cancelled, attended or not), except those ended by a substitution or a
# move. Those handed their place to a new booking, of a colleague or of the same person on
# another session, which is counted instead, so each place asked for counts once.
COUNTED = ~Q(status__in=[BookingStatus.SUBSTITUTED, BookingStatus.MOVED])
# Leaving early is recorded on the booking and counts as not attending, whichever status the
# register gave it.
ATTENDED = Q(status=BookingStatus.ATTENDED, left_early=False)
DID_NOT_ATTEND = Q(status=BookingStatus.DID_NOT_ATTEND) | Q(
    status=BookingStatus.ATTENDED, left_early=True
)


@dataclass(frozen=True, order=True)
class AcademicYear:
    """September to August. `start_year` 2022 is "2022-23"."""

    start_year: int

    @property
    def name(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.start_year, 9, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.start_year + 1, 8, 31)

    @property
    def months(self) -> str:
        return f"September {self.start_year} to August {self.start_year + 1}"

    @property
    def previous(self) -> "AcademicYear":
        return AcademicYear(self.start_year - 1)

    def __str__(self) -> str:
        return self.name


def academic_year(start_year: int) -> AcademicYear:
    return AcademicYear(start_year)


def academic_year_of(day: datetime.date) -> AcademicYear:
    return AcademicYear(day.year if day.month >= 9 else day.year - 1)


def academic_years_ending_in(start: datetime.date, end: datetime.date) -> list[AcademicYear]:
    """The academic years whose last day falls in the period, oldest first: a yearly report
    presents the whole years it saw finish, as the programme reports once a year is done."""
    first = academic_year_of(start)
    return [
        AcademicYear(start_year)
        for start_year in range(first.start_year, academic_year_of(end).start_year + 1)
        if start <= AcademicYear(start_year).end <= end
    ]


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` as a whole-number percentage, rounded half up; None of nothing."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CourseFigures:
    course_id: int
    title: str
    level: int
    sessions: int  # delivered in the period
    bookings: int
    attended: int
    did_not_attend: int

    @property
    def level_label(self) -> str:
        return Level(self.level).label

    @property
    def non_attendance(self) -> Decimal | None:
        return percent(self.did_not_attend, self.attended + self.did_not_attend)


@dataclass(frozen=True)
class AgencyKindFigures:
    kind: str
    bookings: int
    attended: int
    did_not_attend: int

    @property
    def label(self) -> str:
        return AgencyKind(self.kind).label

    @property
    def non_attendance(self) -> Decimal | None:
        return percent(self.did_not_attend, self.attended + self.did_not_attend)


@dataclass(frozen=True)
class Quote:
    text: str
    respondent: str
    course: str
    submitted_on: datetime.date


@dataclass(frozen=True)
class ProgrammeStatistics:
    start: datetime.date
    end: datetime.date
    sessions_delivered: int  # scheduled sessions that have taken place
    sessions_cancelled: int
    sessions_to_come: int  # scheduled sessions in the period that have not ended yet
    courses_delivered: int
    bookings: int
    bookings_before: int  # the same dates a year earlier
    attended: int
    did_not_attend: int
    courses: list[CourseFigures]
    agency_kinds: list[AgencyKindFigures]
    evaluations: int
    objectives_met: Decimal | None  # percentages of the evaluations
    equipped: Decimal | None
    would_recommend: Decimal | None
    quotes: list[Quote]

    @property
    def bookings_change(self) -> int:
        return self.bookings - self.bookings_before

    @property
    def bookings_change_percent(self) -> Decimal | None:
        return percent(self.bookings_change, self.bookings_before)

    @property
    def non_attendance(self) -> Decimal | None:
        return percent(self.did_not_attend, self.attended + self.did_not_attend)


def _year_earlier(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _moments(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, ...]:
    """The period as [first moment, first moment after), in the portal's time zone, so a
    session at 9am on the last day is in and one at midnight after it is not."""
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone),
    )


def programme_statistics(
    start: datetime.date,
    end: datetime.date,
    *,
    now: datetime.datetime | None = None,
    quotes: int = QUOTES,
) -> ProgrammeStatistics:
    """The programme's figures for sessions that start between `start` and `end`, both days
    included: six queries whatever the rows."""
    now = now or timezone.now()
    since, until = _moments(start, end)
    before_since, before_until = _moments(_year_earlier(start), _year_earlier(end))
    in_period = Q(session__starts_at__gte=since, session__starts_at__lt=until)
    delivered = Q(status=SessionStatus.SCHEDULED, ends_at__lte=now)

    sessions_by_course = list(
        Session.objects.filter(starts_at__gte=since, starts_at__lt=until)
        .values("course_id", "course__title", "course__level")
        .annotate(
            delivered=Count("pk", filter=delivered),
            cancelled=Count("pk", filter=Q(status=SessionStatus.CANCELLED)),
            to_come=Count("pk", filter=Q(status=SessionStatus.SCHEDULED, ends_at__gt=now)),
        )
        .order_by()
    )
    bookings_by_course = {
        row["session__course_id"]: row
        for row in Booking.objects.filter(in_period)
        .values("session__course_id")
        .annotate(
            bookings=Count("pk", filter=COUNTED),
            attended=Count("pk", filter=ATTENDED),
            did_not_attend=Count("pk", filter=DID_NOT_ATTEND),
        )
        .order_by()
    }
    totals = Booking.objects.filter(
        Q(session__starts_at__gte=before_since, session__starts_at__lt=before_until) | in_period
    ).aggregate(
        bookings=Count("pk", filter=COUNTED & in_period),
        before=Count(
            "pk",
            filter=COUNTED
            & Q(session__starts_at__gte=before_since, session__starts_at__lt=before_until),
        ),
    )
    by_kind = (
        Booking.objects.filter(in_period)
        .values("agency__kind")
        .annotate(
            bookings=Count("pk", filter=COUNTED),
            attended=Count("pk", filter=ATTENDED),
            did_not_attend=Count("pk", filter=DID_NOT_ATTEND),
        )
        .order_by()
    )
    evaluations = Evaluation.objects.filter(
        booking__session__starts_at__gte=since, booking__session__starts_at__lt=until
    ).aggregate(
        total=Count("pk"),
        objectives_met=Count("pk", filter=Q(objectives_met=True)),
        equipped=Count("pk", filter=Q(equipped=True)),
        would_recommend=Count("pk", filter=Q(would_recommend=True)),
    )
    quoted = (
        ImpactResponse.objects.filter(
            may_quote=True,
            booking__session__starts_at__gte=since,
            booking__session__starts_at__lt=until,
        )
        .exclude(practice_change="")
        .values("practice_change", "respondent", "submitted_at", "booking__session__course__title")
        .order_by("-submitted_at", "-pk")[:quotes]
    )

    # Bookings are on sessions in the period, so every course with bookings is a course with
    # a session here.
    course_rows = []
    for row in sessions_by_course:
        counted = bookings_by_course.get(row["course_id"], {})
        figures = CourseFigures(
            course_id=row["course_id"],
            title=row["course__title"],
            level=row["course__level"],
            sessions=row["delivered"],
            bookings=counted.get("bookings", 0),
            attended=counted.get("attended", 0),
            did_not_attend=counted.get("did_not_attend", 0),
        )
        if figures.sessions or figures.bookings:
            course_rows.append(figures)
    course_rows.sort(key=lambda row: (row.title.lower(), row.course_id))

    kind_order = {kind: position for position, kind in enumerate(AgencyKind.values)}
    kind_rows = sorted(
        (
            AgencyKindFigures(
                kind=row["agency__kind"],
                bookings=row["bookings"],
                attended=row["attended"],
                did_not_attend=row["did_not_attend"],
            )
            for row in by_kind
        ),
        key=lambda row: kind_order.get(row.kind, len(kind_order)),
    )
    evaluated = evaluations["total"]
    return ProgrammeStatistics(
        start=start,
        end=end,
        sessions_delivered=sum(row["delivered"] for row in sessions_by_course),
        sessions_cancelled=sum(row["cancelled"] for row in sessions_by_course),
        sessions_to_come=sum(row["to_come"] for row in sessions_by_course),
        courses_delivered=sum(1 for row in sessions_by_course if row["delivered"]),
        bookings=totals["bookings"],
        bookings_before=totals["before"],
        attended=sum(row.attended for row in course_rows),
        did_not_attend=sum(row.did_not_attend for row in course_rows),
        courses=course_rows,
        agency_kinds=kind_rows,
        evaluations=evaluated,
        objectives_met=percent(evaluations["objectives_met"], evaluated),
        equipped=percent(evaluations["equipped"], evaluated),
        would_recommend=percent(evaluations["would_recommend"], evaluated),
        quotes=[
            Quote(
                text=row["practice_change"],
                respondent=Respondent(row["respondent"]).label,
                course=row["booking__session__course__title"],
                submitted_on=timezone.localdate(row["submitted_at"]),
            )
            for row in quoted
        ],
    )


def year_statistics(year: AcademicYear, **options) -> ProgrammeStatistics:
    return programme_statistics(year.start, year.end, **options)
