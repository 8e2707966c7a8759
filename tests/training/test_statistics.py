"""Programme statistics for a period: academic years, what counts as a session delivered and
as a booking, attendance per course and per kind of agency, the evaluation shares, the quotes,
and a number of queries that does not grow with the records."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnership.models import AgencyKind
from training.models import (
    Booking,
    BookingStatus,
    Evaluation,
    ImpactResponse,
    Respondent,
    SessionStatus,
)
from training.services.statistics import (
    academic_year,
    academic_year_of,
    academic_years_ending_in,
    percent,
    programme_statistics,
    year_statistics,
)

from ..factories import AgencyFactory
from .factories import CourseFactory, SessionFactory

LONDON = ZoneInfo("Europe/London")
YEAR = academic_year(2022)


def at(day: str, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(hour), tzinfo=LONDON
    )


def session_on(day: str, course=None, **fields):
    starts = at(day)
    return SessionFactory(
        course=course or CourseFactory(),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        capacity=fields.pop("capacity", 30),
        **fields,
    )


_numbers = iter(range(1, 1_000_000))


def book(session, status=BookingStatus.ATTENDED, *, agency=None, **fields) -> Booking:
    n = next(_numbers)
    return Booking.objects.create(
        session=session,
        attendee_name=f"Attendee {n:04d}",
        attendee_email=f"attendee{n:04d}@agency.example",
        job_title="Social worker",
        agency=agency or AgencyFactory(name="Thameside Council", kind=AgencyKind.LOCAL_AUTHORITY),
        line_manager_email="manager@agency.example",
        status=status,
        queued_at=session.starts_at - datetime.timedelta(days=10),
        **fields,
    )


def evaluate(booking, objectives_met=True, equipped=True, would_recommend=True):
    return Evaluation.objects.create(
        booking=booking,
        objectives_met=objectives_met,
        equipped=equipped,
        would_recommend=would_recommend,
    )


# Academic years


def test_an_academic_year_runs_from_september_to_august_and_is_named_by_both_years():
    year = academic_year(2022)

    assert year.name == "2022-23"
    assert (year.start, year.end) == (datetime.date(2022, 9, 1), datetime.date(2023, 8, 31))
    assert year.previous.name == "2021-22"
    assert academic_year(1999).name == "1999-00"


def test_a_day_belongs_to_the_academic_year_that_started_the_september_before():
    assert academic_year_of(datetime.date(2023, 8, 31)) == academic_year(2022)
    assert academic_year_of(datetime.date(2023, 9, 1)) == academic_year(2023)
    assert academic_year_of(datetime.date(2023, 1, 15)) == academic_year(2022)


def test_a_report_period_presents_the_academic_years_that_end_in_it():
    # The seed report ran from October 2022 to March 2024 and gave the 2022-23 programme.
    assert academic_years_ending_in(datetime.date(2022, 10, 1), datetime.date(2024, 3, 31)) == [
        academic_year(2022)
    ]
    assert academic_years_ending_in(datetime.date(2021, 9, 1), datetime.date(2023, 8, 31)) == [
        academic_year(2021),
        academic_year(2022),
    ]
    assert academic_years_ending_in(datetime.date(2025, 9, 1), datetime.date(2026, 3, 31)) == []


def test_percentages_are_whole_numbers_rounded_half_up_and_none_of_nothing():
    assert percent(2, 3) == Decimal(67)
    assert percent(1, 8) == Decimal(13)  # 12.5
    assert percent(0, 5) == Decimal(0)
    assert percent(3, 0) is None


# Sessions


@pytest.mark.django_db
def test_sessions_delivered_are_the_scheduled_sessions_of_the_year_that_have_taken_place():
    course = CourseFactory()
    session_on("2022-09-01", course)  # first day of the year
    session_on("2023-08-31", course)  # last day
    session_on("2022-10-05", course, status=SessionStatus.CANCELLED)
    session_on("2022-08-31", course)  # the year before
    session_on("2023-09-01", course)  # the year after
    now = at("2023-08-31", 12)  # the last day's session is still running

    figures = year_statistics(YEAR, now=now)

    assert figures.sessions_delivered == 1
    assert figures.sessions_to_come == 1
    assert figures.sessions_cancelled == 1
    assert figures.courses_delivered == 1


# Bookings


@pytest.mark.django_db
def test_every_place_asked_for_counts_once_whatever_became_of_it():
    session = session_on("2023-02-01")
    for status in [
        BookingStatus.ATTENDED,
        BookingStatus.DID_NOT_ATTEND,
        BookingStatus.CANCELLED,
        BookingStatus.WAITING,
        BookingStatus.DECLINED,
    ]:
        book(session, status)
    # A place handed to a colleague, and a booking moved to another session: the new
    # bookings are what count.
    handed_on = book(session, BookingStatus.SUBSTITUTED)
    book(session, BookingStatus.ATTENDED, replaces=handed_on)
    moved = book(session, BookingStatus.MOVED)
    book(session_on("2023-03-01"), BookingStatus.ATTENDED, replaces=moved)

    figures = year_statistics(YEAR)

    assert figures.bookings == 7


@pytest.mark.django_db
def test_bookings_are_set_against_the_same_dates_a_year_before():
    for _ in range(3):
        book(session_on("2022-03-01"))
    book(session_on("2021-08-31"))  # before the year before
    for _ in range(4):
        book(session_on("2023-03-01"))

    figures = year_statistics(YEAR)

    assert (figures.bookings, figures.bookings_before) == (4, 3)
    assert figures.bookings_change == 1
    assert figures.bookings_change_percent == Decimal(33)


# Attendance


@pytest.mark.django_db
def test_attendance_is_counted_per_course_and_leaving_early_is_not_attending():
    neglect = CourseFactory(title="Recognising neglect")
    exploitation = CourseFactory(title="Child exploitation")
    first, second = session_on("2022-11-01", neglect), session_on("2023-01-10", neglect)
    for session in (first, second):
        book(session, BookingStatus.ATTENDED)
    book(first, BookingStatus.DID_NOT_ATTEND)
    book(second, BookingStatus.DID_NOT_ATTEND, left_early=True)
    book(second, BookingStatus.ATTENDED, left_early=True)
    book(second, BookingStatus.CANCELLED)
    book(session_on("2022-12-01", exploitation), BookingStatus.ATTENDED)

    figures = year_statistics(YEAR)

    rows = {row.title: row for row in figures.courses}
    assert list(rows) == ["Child exploitation", "Recognising neglect"]
    neglect_row = rows["Recognising neglect"]
    assert (neglect_row.sessions, neglect_row.bookings) == (2, 6)
    assert (neglect_row.attended, neglect_row.did_not_attend) == (2, 3)
    assert neglect_row.non_attendance == Decimal(60)
    assert (figures.attended, figures.did_not_attend) == (3, 3)
    assert figures.non_attendance == Decimal(50)


@pytest.mark.django_db
def test_attendance_is_counted_by_the_kind_of_agency_in_the_kinds_order():
    session = session_on("2023-05-10")
    school = AgencyFactory(name="Riverside Primary School", kind=AgencyKind.EDUCATION)
    police = AgencyFactory(name="Metropolitan Police", kind=AgencyKind.POLICE)
    book(session, BookingStatus.ATTENDED, agency=school)
    book(session, BookingStatus.DID_NOT_ATTEND, agency=school)
    book(session, BookingStatus.ATTENDED, agency=police)

    figures = year_statistics(YEAR)

    rows = [
        (row.kind, row.bookings, row.attended, row.did_not_attend) for row in figures.agency_kinds
    ]
    assert rows == [(AgencyKind.POLICE, 1, 1, 0), (AgencyKind.EDUCATION, 2, 1, 1)]
    assert figures.agency_kinds[1].label == "School or college"


# Evaluations and quotes


@pytest.mark.django_db
def test_the_three_evaluation_figures_are_shares_of_the_evaluations_returned():
    session = session_on("2023-06-01")
    evaluate(book(session))
    evaluate(book(session), objectives_met=False)
    evaluate(book(session), equipped=False, would_recommend=False)
    book(session)  # attended, never evaluated
    evaluate(book(session_on("2023-09-05")), objectives_met=False)  # the next year

    figures = year_statistics(YEAR)

    assert figures.evaluations == 3
    assert (figures.objectives_met, figures.equipped, figures.would_recommend) == (
        Decimal(67),
        Decimal(67),
        Decimal(67),
    )


@pytest.mark.django_db
def test_without_evaluations_there_are_no_percentages():
    book(session_on("2023-06-01"))

    figures = year_statistics(YEAR)

    assert figures.evaluations == 0
    assert figures.objectives_met is None


@pytest.mark.django_db
def test_only_impact_responses_that_may_be_quoted_are_quoted():
    course = CourseFactory(title="Working with fathers")
    booking = book(session_on("2023-02-01", course))
    ImpactResponse.objects.create(
        booking=booking,
        respondent=Respondent.ATTENDEE,
        practice_change="I ask about every adult in the home now.",
        may_quote=True,
    )
    ImpactResponse.objects.create(
        booking=booking,
        respondent=Respondent.LINE_MANAGER,
        practice_change="Not for quoting.",
        may_quote=False,
    )

    figures = year_statistics(YEAR)

    assert [(quote.text, quote.respondent, quote.course) for quote in figures.quotes] == [
        ("I ask about every adult in the home now.", "Attendee", "Working with fathers")
    ]
    assert figures.quotes[0].submitted_on == timezone.localdate()


# Queries


def _programme(sessions: int) -> None:
    kinds = [AgencyKind.LOCAL_AUTHORITY, AgencyKind.HEALTH, AgencyKind.VOLUNTARY]
    for n in range(sessions):
        session = session_on(f"2023-0{n % 6 + 1}-1{n % 9}", CourseFactory())
        agency = AgencyFactory(name=f"Agency {n}", kind=kinds[n % 3])
        evaluate(book(session, agency=agency))
        book(session, BookingStatus.DID_NOT_ATTEND, agency=agency)
        ImpactResponse.objects.create(
            booking=book(session, agency=agency),
            respondent=Respondent.ATTENDEE,
            practice_change=f"Change {n}",
            may_quote=True,
        )


def _queries() -> int:
    with CaptureQueriesContext(connection) as captured:
        figures = programme_statistics(YEAR.start, YEAR.end)
    assert figures.bookings
    return len(captured)


@pytest.mark.django_db
def test_the_figures_take_the_same_few_queries_however_many_records():
    _programme(2)
    few = _queries()
    _programme(12)
    many = _queries()

    assert few == many == 6
