"""The attendance rates page: a period (the last 12 months unless chosen), a body, and each
agency's rate, with statutory partners below the threshold flagged in red."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.models import AgencyKind, AttendanceStatus

from ..factories import AgencyFactory, AttendanceFactory, BodyFactory, MeetingFactory, PersonFactory

URL = reverse("portal:attendance")


@pytest.fixture
def police(db):
    return AgencyFactory(name="Thameside Police", kind=AgencyKind.POLICE)


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def attend(meeting, agency, *statuses):
    for status in statuses:
        AttendanceFactory(meeting=meeting, person=PersonFactory(agency=agency), status=status)


def agencies(response):
    return [row.agency.name for row in response.context["rates"]]


def dates(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.mark.parametrize("who", ["business_unit", "scrutineer", "partner_lead"])
def test_the_roles_that_read_meetings_see_the_rates(client, cast, who):
    client.force_login(cast[who])

    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("who", ["agency_lead_a", "practitioner"])
def test_agency_leads_and_practitioners_are_refused(client, cast, who):
    client.force_login(cast[who])

    assert client.get(URL).status_code == 403


def test_it_opens_on_the_last_12_months(client, scrutineer, police):
    health = AgencyFactory(name="Health trust")
    attend(MeetingFactory(held_on=days_ago(300)), police, AttendanceStatus.PRESENT)
    attend(MeetingFactory(held_on=days_ago(400)), health, AttendanceStatus.PRESENT)
    client.force_login(scrutineer)

    response = client.get(URL)

    assert agencies(response) == ["Thameside Police"]
    assert f'name="end_2" value="{timezone.localdate().year}"' in response.content.decode()


def test_a_statutory_partner_below_the_threshold_is_flagged_and_the_threshold_is_stated(
    client, scrutineer, police, settings
):
    settings.ATTENDANCE_THRESHOLD_PERCENT = 75
    attend(MeetingFactory(held_on=days_ago(10)), police, "present", "present", "absent")
    client.force_login(scrutineer)

    html = client.get(URL).content.decode()

    assert "less than 75% of their places are flagged" in html
    assert '<strong class="govuk-tag govuk-tag--red">Below 75%</strong>' in html
    assert "66.6%" in html


def test_an_agency_at_the_threshold_is_not_flagged(client, scrutineer, police):
    attend(MeetingFactory(held_on=days_ago(10)), police, "present", "present", "present", "absent")
    client.force_login(scrutineer)

    html = client.get(URL).content.decode()

    assert "75.0%" in html
    assert "govuk-tag--red" not in html


def test_a_chosen_period_and_body_narrow_the_figures(client, partner_lead, police):
    board, subgroup = BodyFactory(name="Board"), BodyFactory(name="Subgroup")
    health = AgencyFactory(name="Health trust")
    attend(MeetingFactory(body=board, held_on=datetime.date(2024, 5, 1)), police, "present")
    attend(MeetingFactory(body=subgroup, held_on=datetime.date(2024, 5, 2)), health, "present")
    attend(MeetingFactory(body=board, held_on=datetime.date(2023, 5, 1)), health, "present")
    client.force_login(partner_lead)

    query = {
        **dates("start", datetime.date(2024, 4, 1)),
        **dates("end", datetime.date(2025, 3, 31)),
    }
    assert agencies(client.get(URL, query)) == ["Thameside Police", "Health trust"]
    assert agencies(client.get(URL, {**query, "body": board.pk})) == ["Thameside Police"]


def test_an_end_before_the_start_is_an_error_and_shows_no_figures(client, scrutineer, police):
    attend(MeetingFactory(held_on=days_ago(10)), police, "present")
    client.force_login(scrutineer)

    response = client.get(
        URL,
        {**dates("start", datetime.date(2025, 4, 1)), **dates("end", datetime.date(2025, 3, 1))},
    )

    html = response.content.decode()
    assert "<title>Error: Attendance rates" in html
    assert "The end date must be the same as or after the start date" in html
    assert response.context["rates"] is None
    assert "govuk-table" not in html


def test_a_period_with_no_attendance_says_so(client, scrutineer):
    client.force_login(scrutineer)

    html = client.get(URL).content.decode()

    assert "No attendance was recorded at meetings from" in html


def test_the_page_runs_a_fixed_number_of_queries(client, scrutineer, django_assert_num_queries):
    meeting = MeetingFactory(held_on=days_ago(10))
    client.force_login(scrutineer)
    client.get(URL)  # the first request after sign-in stamps the session
    attend(meeting, AgencyFactory(), "present")
    # Session, user, the second factor's device, bodies for the filter, the figures, their agencies,
    # the session saved inside a savepoint (three): nine, at any size.
    with django_assert_num_queries(9):
        client.get(URL)
    for _ in range(30):
        attend(meeting, AgencyFactory(), "present", "absent")
    with django_assert_num_queries(9):
        client.get(URL)
