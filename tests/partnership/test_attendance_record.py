"""services.attendance_record: a meeting's register, replaced as a whole, all or nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from partnership import services
from partnership.models import Attendance, AttendanceStatus

from ..factories import (
    AgencyFactory,
    AttendanceFactory,
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 12)


@pytest.fixture
def board():
    return BodyFactory(name="Partnership board")


@pytest.fixture
def meeting(board):
    return MeetingFactory(body=board, held_on=DAY)


def member(board, name, **kwargs):
    person = PersonFactory(full_name=name, **kwargs)
    MembershipFactory(person=person, body=board)
    return person


def register(meeting):
    return sorted(
        (row.person.full_name, row.agency.name, row.status, row.deputy_name)
        for row in meeting.attendances.select_related("person", "agency")
    )


def test_it_records_each_member_with_their_agency_status_and_deputy(board, meeting):
    police = AgencyFactory(name="Police")
    asha = member(board, "Asha", agency=police)
    ben = member(board, "Ben", agency=police)

    services.attendance_record(
        meeting=meeting,
        entries=[(asha, AttendanceStatus.PRESENT, ""), (ben, AttendanceStatus.DEPUTY, "Dan")],
    )

    assert register(meeting) == [
        ("Asha", "Police", "present", ""),
        ("Ben", "Police", "deputy", "Dan"),
    ]


def test_saving_again_replaces_the_register(board, meeting):
    asha = member(board, "Asha")
    services.attendance_record(meeting=meeting, entries=[(asha, AttendanceStatus.ABSENT, "")])

    services.attendance_record(meeting=meeting, entries=[(asha, AttendanceStatus.APOLOGIES, "")])

    assert [status for _, _, status, _ in register(meeting)] == ["apologies"]


@pytest.mark.parametrize(
    ("started_on", "ended_on"),
    [
        (datetime.date(2020, 1, 1), DAY - datetime.timedelta(days=1)),
        (DAY + datetime.timedelta(days=1), None),
    ],
    ids=["left before the meeting", "joined after the meeting"],
)
def test_it_refuses_someone_who_was_not_a_member_on_the_day(board, meeting, started_on, ended_on):
    asha = member(board, "Asha")
    services.attendance_record(meeting=meeting, entries=[(asha, AttendanceStatus.PRESENT, "")])
    outsider = PersonFactory(full_name="Zed Outsider")
    MembershipFactory(person=outsider, body=board, started_on=started_on, ended_on=ended_on)

    with pytest.raises(ValidationError) as refusal:
        services.attendance_record(
            meeting=meeting,
            entries=[(asha, AttendanceStatus.ABSENT, ""), (outsider, AttendanceStatus.PRESENT, "")],
        )

    assert refusal.value.messages == [
        "Zed Outsider was not a member of Partnership board on the day of the meeting"
    ]
    assert [status for _, _, status, _ in register(meeting)] == ["present"]


def test_a_member_of_another_body_cannot_be_added(board, meeting):
    other = PersonFactory(full_name="Yasmin Other")
    MembershipFactory(person=other, body=BodyFactory(name="Training subgroup"))

    with pytest.raises(ValidationError):
        services.attendance_record(meeting=meeting, entries=[(other, "present", "")])

    assert register(meeting) == []


def test_a_deputy_without_a_name_is_refused_naming_the_person(board, meeting):
    asha, ben = member(board, "Asha Patel"), member(board, "Ben Okafor")

    with pytest.raises(ValidationError) as refusal:
        services.attendance_record(
            meeting=meeting,
            entries=[(asha, AttendanceStatus.PRESENT, ""), (ben, AttendanceStatus.DEPUTY, "  ")],
        )

    assert refusal.value.messages == ["Enter the name of the deputy who attended for Ben Okafor"]
    assert register(meeting) == []


def test_a_deputy_name_is_kept_only_for_a_deputy(board, meeting):
    asha = member(board, "Asha")

    services.attendance_record(meeting=meeting, entries=[(asha, AttendanceStatus.PRESENT, "Dan")])

    assert register(meeting)[0][3] == ""


def test_resaving_keeps_the_agency_a_person_sat_for_after_they_move(board, meeting):
    asha = member(board, "Asha", agency=AgencyFactory(name="Police"))
    services.attendance_record(meeting=meeting, entries=[(asha, AttendanceStatus.ABSENT, "")])
    asha.agency = AgencyFactory(name="Council")
    asha.save()

    services.attendance_record(meeting=meeting, entries=[(asha, AttendanceStatus.PRESENT, "")])

    assert register(meeting) == [("Asha", "Police", "present", "")]


def test_someone_already_recorded_stays_recordable_after_their_membership_is_cut_short(
    board, meeting
):
    asha = PersonFactory(full_name="Asha")
    membership = MembershipFactory(person=asha, body=board)
    AttendanceFactory(meeting=meeting, person=asha, status=AttendanceStatus.PRESENT)
    membership.ended_on = DAY - datetime.timedelta(days=30)
    membership.save()

    services.attendance_record(meeting=meeting, entries=[(asha, AttendanceStatus.APOLOGIES, "")])

    assert [status for _, _, status, _ in register(meeting)] == ["apologies"]


def test_a_failure_while_writing_leaves_the_old_register_in_place(board, meeting, monkeypatch):
    asha = member(board, "Asha")
    services.attendance_record(meeting=meeting, entries=[(asha, AttendanceStatus.PRESENT, "")])

    def fail(*args, **kwargs):
        raise IntegrityError("the database went away half way")

    monkeypatch.setattr(Attendance.objects, "bulk_create", fail)
    with pytest.raises(IntegrityError):
        services.attendance_record(meeting=meeting, entries=[(asha, AttendanceStatus.ABSENT, "")])

    assert [status for _, _, status, _ in register(meeting)] == ["present"]
