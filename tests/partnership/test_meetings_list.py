"""The list of meetings: who may read it, its columns, the body filter, paging and queries."""

import datetime

import pytest
from django.urls import reverse

from partnership.models import AttendanceStatus

from ..factories import (
    AttendanceFactory,
    BodyFactory,
    MeetingFactory,
    MeetingPaperFactory,
)

URL = reverse("portal:meetings")


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def rows(response):
    return [(m.held_on, m.body.name) for m in response.context["page"].object_list]


@pytest.mark.parametrize("who", ["business_unit", "scrutineer", "partner_lead"])
def test_the_roles_that_read_meetings_see_the_list(client, cast, who):
    MeetingFactory(body=BodyFactory(name="Partnership board"))
    client.force_login(cast[who])

    response = client.get(URL)

    assert response.status_code == 200
    assert "Partnership board" in response.content.decode()


@pytest.mark.parametrize("who", ["agency_lead_a", "practitioner"])
def test_agency_leads_and_practitioners_are_refused(client, cast, who):
    client.force_login(cast[who])

    assert client.get(URL).status_code == 403


def test_meetings_are_listed_newest_first(client, business_unit):
    board = BodyFactory(name="Board")
    for day in [datetime.date(2025, 1, 9), datetime.date(2025, 11, 3), datetime.date(2025, 6, 1)]:
        MeetingFactory(body=board, held_on=day)
    client.force_login(business_unit)

    assert [day for day, _ in rows(client.get(URL))] == [
        datetime.date(2025, 11, 3),
        datetime.date(2025, 6, 1),
        datetime.date(2025, 1, 9),
    ]


def test_each_row_shows_the_date_papers_minutes_and_attendance(client, scrutineer):
    meeting = MeetingFactory(
        body=BodyFactory(name="Board"), held_on=datetime.date(2026, 3, 5), minutes_published=True
    )
    MeetingPaperFactory.create_batch(2, meeting=meeting)
    for status in ["present", "present", "deputy", "apologies", "absent"]:
        AttendanceFactory(meeting=meeting, status=status)
    MeetingFactory(body=BodyFactory(name="Executive"), held_on=datetime.date(2026, 1, 5))
    client.force_login(scrutineer)

    html = client.get(URL).content.decode()

    assert "5 March 2026" in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in html
    assert '<strong class="govuk-tag govuk-tag--green">Published</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--grey">Not published</strong>' in html
    assert "3 of 5 attended" in html
    assert "No register yet" in html


def test_the_body_filter_shows_only_that_bodys_meetings(client, business_unit):
    board, executive = BodyFactory(name="Board"), BodyFactory(name="Executive")
    MeetingFactory(body=board)
    MeetingFactory(body=executive)
    client.force_login(business_unit)

    response = client.get(URL, {"body": executive.pk})

    assert [body for _, body in rows(response)] == ["Executive"]


def test_an_unknown_body_in_the_filter_is_an_error_not_a_crash(client, business_unit):
    MeetingFactory()
    client.force_login(business_unit)

    response = client.get(URL, {"body": "999999"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Select a body from the list" in html
    assert len(rows(response)) == 1


def test_the_list_is_paged_25_at_a_time_keeping_the_filter(client, business_unit):
    board = BodyFactory(name="Board")
    for n in range(30):
        MeetingFactory(body=board, held_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=n))
    client.force_login(business_unit)

    first = client.get(URL, {"body": board.pk})
    second = client.get(URL, {"body": board.pk, "page": 2})

    assert len(rows(first)) == 25
    assert len(rows(second)) == 5
    assert f'href="?body={board.pk}&amp;page=2"' in first.content.decode()
    assert 'class="govuk-pagination"' in first.content.decode()


def test_only_the_business_unit_is_offered_to_add_a_meeting(client, business_unit, scrutineer):
    add = reverse("portal:meeting_create")
    client.force_login(business_unit)
    assert add in client.get(URL).content.decode()

    client.force_login(scrutineer)
    assert add not in client.get(URL).content.decode()


def test_the_list_runs_a_fixed_number_of_queries(client, business_unit, django_assert_num_queries):
    def add_meetings(count):
        for _ in range(count):
            meeting = MeetingFactory(body=BodyFactory())
            MeetingPaperFactory(meeting=meeting)
            AttendanceFactory(meeting=meeting, status=AttendanceStatus.PRESENT)

    client.force_login(business_unit)
    client.get(URL)  # the first request after sign-in stamps the session
    add_meetings(2)
    # Session, user, the second factor's device, the count, bodies for the filter, the page of
    # meetings with its figures, then the session saved inside a savepoint (three): nine, at any
    # size.
    with django_assert_num_queries(9):
        client.get(URL)
    add_meetings(30)
    with django_assert_num_queries(9):
        client.get(URL)
