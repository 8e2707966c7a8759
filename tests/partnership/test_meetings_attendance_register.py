"""The attendance register of a meeting: one question per member on the day, saved whole or
not at all, with GOV.UK errors that name the person."""

import datetime

import pytest
from django.urls import reverse

from partnership.models import Attendance, AttendanceStatus

from ..factories import (
    AgencyFactory,
    AttendanceFactory,
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
)

DAY = datetime.date(2025, 6, 12)


@pytest.fixture
def board(db):
    return BodyFactory(name="Partnership board")


@pytest.fixture
def meeting(board):
    return MeetingFactory(body=board, held_on=DAY)


@pytest.fixture
def members(board):
    police = AgencyFactory(name="Police")
    health = AgencyFactory(name="Health trust")
    people = {
        "asha": PersonFactory(full_name="Asha Patel", agency=police),
        "ben": PersonFactory(full_name="Ben Okafor", agency=health),
    }
    for person in people.values():
        MembershipFactory(person=person, body=board)
    return people


def url(meeting):
    return reverse("portal:meeting_attendance", kwargs={"pk": meeting.pk})


def register(meeting):
    return sorted(
        (row.person.full_name, row.status, row.deputy_name)
        for row in meeting.attendances.select_related("person")
    )


def test_the_form_asks_about_each_member_on_the_day_grouped_by_agency(
    client, business_unit, board, meeting, members
):
    left = PersonFactory(full_name="Lola Left")
    MembershipFactory(person=left, body=board, ended_on=DAY - datetime.timedelta(days=1))
    joined = PersonFactory(full_name="Jo Joined")
    MembershipFactory(person=joined, body=board, started_on=DAY + datetime.timedelta(days=1))
    other = PersonFactory(full_name="Olu Other")
    MembershipFactory(person=other, body=BodyFactory(name="Training subgroup"))
    client.force_login(business_unit)

    response = client.get(url(meeting))

    html = response.content.decode()
    assert [person.full_name for person in response.context["form"].people] == [
        "Ben Okafor",
        "Asha Patel",
    ]
    assert html.index(">Health trust</h2>") < html.index("Ben Okafor")
    assert html.index("Ben Okafor") < html.index(">Police</h2>") < html.index("Asha Patel")
    for outsider in ["Lola Left", "Jo Joined", "Olu Other"]:
        assert outsider not in html


def test_the_form_starts_from_the_register_already_recorded(
    client, business_unit, meeting, members
):
    AttendanceFactory(
        meeting=meeting, person=members["ben"], status="deputy", deputy_name="Dan Murphy"
    )
    client.force_login(business_unit)

    form = client.get(url(meeting)).context["form"]

    ben = members["ben"].pk
    assert (form[f"status_{ben}"].value(), form[f"deputy_{ben}"].value()) == (
        "deputy",
        "Dan Murphy",
    )


def test_saving_records_every_member_in_one_go(client, business_unit, meeting, members):
    asha, ben = members["asha"].pk, members["ben"].pk
    client.force_login(business_unit)

    response = client.post(
        url(meeting),
        {
            f"status_{asha}": "apologies",
            f"deputy_{asha}": "",
            f"status_{ben}": "deputy",
            f"deputy_{ben}": "Dan Murphy",
        },
    )

    assert response["Location"] == reverse("portal:meeting", kwargs={"pk": meeting.pk})
    assert register(meeting) == [
        ("Asha Patel", "apologies", ""),
        ("Ben Okafor", "deputy", "Dan Murphy"),
    ]


def test_a_deputy_without_a_name_is_an_error_naming_the_person_and_nothing_changes(
    client, business_unit, meeting, members
):
    AttendanceFactory(meeting=meeting, person=members["asha"], status="present")
    AttendanceFactory(meeting=meeting, person=members["ben"], status="present")
    asha, ben = members["asha"].pk, members["ben"].pk
    client.force_login(business_unit)

    response = client.post(
        url(meeting),
        {f"status_{asha}": "absent", f"status_{ben}": "deputy", f"deputy_{ben}": " "},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Attendance register" in html
    assert (
        f'<a href="#id_deputy_{ben}">Enter the name of the deputy who attended for Ben Okafor</a>'
        in html
    )
    assert register(meeting) == [("Asha Patel", "present", ""), ("Ben Okafor", "present", "")]


def test_a_member_left_unanswered_is_an_error_naming_them(client, business_unit, meeting, members):
    asha = members["asha"].pk
    client.force_login(business_unit)

    html = client.post(url(meeting), {f"status_{asha}": "present"}).content.decode()

    assert f'<a href="#id_status_{members["ben"].pk}_1">Select how Ben Okafor attended</a>' in html
    assert register(meeting) == []


def test_a_deputy_name_for_someone_who_came_themselves_is_an_error(
    client, business_unit, meeting, members
):
    asha, ben = members["asha"].pk, members["ben"].pk
    client.force_login(business_unit)

    html = client.post(
        url(meeting),
        {f"status_{asha}": "present", f"deputy_{asha}": "Dan", f"status_{ben}": "present"},
    ).content.decode()

    assert "Select ‘Deputy attended’ for Asha Patel, or remove the name of the deputy" in html
    assert register(meeting) == []


def test_someone_who_was_not_a_member_cannot_be_posted_onto_the_register(
    client, business_unit, meeting, members
):
    outsider = PersonFactory(full_name="Zed Outsider")
    asha, ben = members["asha"].pk, members["ben"].pk
    client.force_login(business_unit)

    client.post(
        url(meeting),
        {
            f"status_{asha}": "present",
            f"status_{ben}": "present",
            f"status_{outsider.pk}": "present",
        },
    )

    assert [name for name, _, _ in register(meeting)] == ["Asha Patel", "Ben Okafor"]


def test_names_are_escaped_in_the_form(client, business_unit, board, meeting):
    person = PersonFactory(
        full_name="<script>alert(1)</script> {{ request.user.password }}",
        agency=AgencyFactory(name="<b>Bold</b> agency"),
    )
    MembershipFactory(person=person, body=board)
    client.force_login(business_unit)

    html = client.get(url(meeting)).content.decode()

    assert "<script>alert(1)" not in html
    assert "<b>Bold</b>" not in html
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; &#123;&#123; request.user.password &#125;&#125;"
        in html
    )
    assert business_unit.password not in html


def test_a_meeting_with_no_members_on_the_day_says_so(client, business_unit, meeting):
    client.force_login(business_unit)

    response = client.get(url(meeting))

    assert "No one was a member of Partnership board on 12 June 2025" in response.content.decode()
    assert "<form" not in response.content.decode().split('id="main-content"')[1]


@pytest.mark.parametrize("who", ["scrutineer", "partner_lead"])
def test_readers_cannot_record_attendance(client, cast, meeting, members, who):
    client.force_login(cast[who])

    response = client.post(url(meeting), {f"status_{members['asha'].pk}": "present"})

    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_the_register_records_the_agency_the_person_sits_for(
    client, business_unit, meeting, members
):
    asha, ben = members["asha"], members["ben"]
    client.force_login(business_unit)

    client.post(url(meeting), {f"status_{asha.pk}": "present", f"status_{ben.pk}": "absent"})

    assert sorted(meeting.attendances.values_list("person__full_name", "agency__name")) == [
        ("Asha Patel", "Police"),
        ("Ben Okafor", "Health trust"),
    ]
    assert meeting.attendances.get(person=ben).status == AttendanceStatus.ABSENT
