"""services.attendance_rates: each agency's attendance at meetings in a period, the evidence
the scrutineer reads, with statutory partners below the threshold flagged."""

import datetime
from decimal import Decimal

import pytest

from partnership import services
from partnership.models import AgencyKind, AttendanceStatus

from ..factories import AgencyFactory, AttendanceFactory, BodyFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 4, 1)
END = datetime.date(2026, 3, 31)


@pytest.fixture
def police():
    return AgencyFactory(name="Thameside Police", kind=AgencyKind.POLICE)


@pytest.fixture
def health():
    return AgencyFactory(name="Thameside Health Trust", kind=AgencyKind.HEALTH)


def attend(meeting, agency, *statuses):
    for status in statuses:
        AttendanceFactory(meeting=meeting, person=PersonFactory(agency=agency), status=status)


def rates(**kwargs):
    kwargs.setdefault("start", START)
    kwargs.setdefault("end", END)
    return {row.agency.name: row for row in services.attendance_rates(**kwargs)}


def figures(row):
    return row.expected, row.attended, row.rate


def test_present_and_deputy_count_as_attended_and_apologies_and_absent_do_not(police):
    meeting = MeetingFactory(held_on=datetime.date(2025, 6, 1))
    attend(
        meeting,
        police,
        AttendanceStatus.PRESENT,
        AttendanceStatus.DEPUTY,
        AttendanceStatus.APOLOGIES,
        AttendanceStatus.ABSENT,
    )

    assert figures(rates()["Thameside Police"]) == (4, 2, Decimal("50.0"))


def test_meetings_on_the_first_and_last_day_of_the_period_count(police):
    for day in [START, END]:
        attend(MeetingFactory(held_on=day), police, AttendanceStatus.PRESENT)
    for day in [START - datetime.timedelta(days=1), END + datetime.timedelta(days=1)]:
        attend(MeetingFactory(held_on=day), police, AttendanceStatus.ABSENT)

    assert figures(rates()["Thameside Police"]) == (2, 2, Decimal("100.0"))


def test_it_counts_only_the_chosen_bodys_meetings(police):
    board = BodyFactory(name="Partnership board")
    subgroup = BodyFactory(name="Training subgroup")
    attend(MeetingFactory(body=board, held_on=datetime.date(2025, 5, 1)), police, "present")
    attend(MeetingFactory(body=subgroup, held_on=datetime.date(2025, 5, 2)), police, "absent")

    assert figures(rates(body=board)["Thameside Police"]) == (1, 1, Decimal("100.0"))
    assert figures(rates(body=subgroup)["Thameside Police"]) == (1, 0, Decimal("0.0"))
    assert figures(rates()["Thameside Police"]) == (2, 1, Decimal("50.0"))


def test_only_statutory_partners_below_the_threshold_are_flagged(police, health):
    local_authority = AgencyFactory(name="Thameside Council", kind=AgencyKind.LOCAL_AUTHORITY)
    meeting = MeetingFactory(held_on=datetime.date(2025, 7, 1))
    attend(meeting, police, "present", "present", "absent")  # 66.7%
    attend(meeting, local_authority, "present", "present", "present", "apologies")  # 75%
    attend(meeting, health, "absent")  # 0%, but not a statutory partner

    found = rates()

    assert found["Thameside Police"].below_threshold is True
    assert found["Thameside Council"].below_threshold is False
    assert found["Thameside Health Trust"].below_threshold is False


def test_the_threshold_is_the_setting(settings, police):
    settings.ATTENDANCE_THRESHOLD_PERCENT = 60
    attend(
        MeetingFactory(held_on=datetime.date(2025, 7, 1)), police, "present", "present", "absent"
    )

    row = rates()["Thameside Police"]

    assert (row.threshold, row.below_threshold) == (60, False)


def test_a_rate_just_under_the_threshold_is_flagged_and_not_shown_rounded_up(police):
    # 1,500 of 2,001 is 74.96%: rounding to 75.0 would show a flagged partner as on target.
    row = services.AgencyAttendance(police, expected=2001, attended=1500, threshold=75)

    assert (row.rate, row.below_threshold) == (Decimal("74.9"), True)


def test_attendance_stays_with_the_agency_the_person_sat_for_on_the_day(police, health):
    person = PersonFactory(agency=police)
    AttendanceFactory(meeting=MeetingFactory(held_on=datetime.date(2025, 5, 1)), person=person)
    person.agency = health
    person.save()
    AttendanceFactory(
        meeting=MeetingFactory(held_on=datetime.date(2025, 9, 1)),
        person=person,
        status=AttendanceStatus.ABSENT,
    )

    found = rates()

    assert figures(found["Thameside Police"]) == (1, 1, Decimal("100.0"))
    assert figures(found["Thameside Health Trust"]) == (1, 0, Decimal("0.0"))


def test_an_agency_with_no_meetings_in_the_period_is_not_listed(police, health):
    attend(MeetingFactory(held_on=datetime.date(2025, 5, 1)), police, "present")
    attend(MeetingFactory(held_on=datetime.date(2024, 5, 1)), health, "present")

    assert list(rates()) == ["Thameside Police"]


def test_statutory_partners_come_first_then_agencies_by_name(police, health):
    schools = AgencyFactory(name="Academy Trust", kind=AgencyKind.EDUCATION)
    council = AgencyFactory(name="Thameside Council", kind=AgencyKind.LOCAL_AUTHORITY)
    meeting = MeetingFactory(held_on=datetime.date(2025, 5, 1))
    for agency in [health, schools, police, council]:
        attend(meeting, agency, "present")

    assert list(rates()) == [
        "Thameside Council",
        "Thameside Police",
        "Academy Trust",
        "Thameside Health Trust",
    ]


def test_it_runs_two_queries_whatever_the_number_of_agencies(django_assert_num_queries):
    meeting = MeetingFactory(held_on=datetime.date(2025, 5, 1))
    attend(meeting, AgencyFactory(), "present")
    with django_assert_num_queries(2):
        services.attendance_rates(start=START, end=END)

    for _ in range(20):
        attend(meeting, AgencyFactory(), "present", "absent")
    with django_assert_num_queries(2):
        services.attendance_rates(start=START, end=END)
