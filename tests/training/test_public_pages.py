"""The public programme, a session's page and the calendar feed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from training.models import Level, SessionStatus
from training.services.bookings import booking_create

from .factories import SessionFactory, attendee

pytestmark = pytest.mark.django_db


def test_the_programme_lists_upcoming_sessions_with_places_left_or_a_waiting_list(client):
    full = SessionFactory(capacity=1, course__title="Neglect toolkit")
    booking_create(session=full, attendee=attendee(1))
    booking_create(session=full, attendee=attendee(2))
    SessionFactory(capacity=12, course__title="Exploitation: an introduction")
    SessionFactory(course__title="Cancelled course", status=SessionStatus.CANCELLED)
    SessionFactory(
        course__title="Last year's course",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3, hours=-2),
    )

    page = client.get("/training/").content.decode()

    assert "Neglect toolkit" in page and "Waiting list" in page
    assert "Exploitation: an introduction" in page and "12 places left" in page
    assert "Cancelled course" not in page
    assert "Last year&#x27;s course" not in page and "Last year's course" not in page


def test_the_programme_filters_by_series_level_and_month(client):
    soon = timezone.now() + datetime.timedelta(days=40)
    SessionFactory(course__title="Neglect level 2", course__series="Neglect")
    SessionFactory(course__title="Exploitation level 1", course__series="Exploitation",
                   course__level=Level.AWARENESS, starts_at=soon,
                   ends_at=soon + datetime.timedelta(hours=2))  # fmt: skip

    by_series = client.get("/training/", {"series": "Neglect"}).content.decode()
    by_level = client.get("/training/", {"level": Level.AWARENESS}).content.decode()
    by_month = client.get("/training/", {"month": f"{soon:%Y-%m}"}).content.decode()

    assert "Neglect level 2" in by_series and "Exploitation level 1" not in by_series
    assert "Exploitation level 1" in by_level and "Neglect level 2" not in by_level
    assert "Exploitation level 1" in by_month and "Neglect level 2" not in by_month


def test_a_month_not_in_the_list_is_an_error_not_a_crash(client):
    SessionFactory()
    response = client.get("/training/", {"month": "not-a-month"})
    assert response.status_code == 200
    assert "Choose a month from the list" in response.content.decode()


def test_the_programme_runs_the_same_queries_for_few_and_many_sessions(client):
    def queries(sessions):
        for n in range(sessions):
            session = SessionFactory(capacity=3)
            booking_create(session=session, attendee=attendee(n))
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/training/").status_code == 200
        return len(captured)

    assert queries(2) == queries(20)


def test_a_session_page_shows_the_course_and_its_objectives(client):
    session = SessionFactory(course__needs_manager_approval=True)
    page = client.get(f"/training/sessions/{session.pk}/").content.decode()
    assert "Recognise the signs of abuse" in page and "Know when and how to refer" in page
    assert "Your line manager approves each booking" in page
    assert "10 places left" in page


def test_the_calendar_feed_is_icalendar_with_a_stable_uid_and_london_times(client, settings):
    settings.PORTAL_URL = "https://portal.thameside.example"
    session = SessionFactory(ics_sequence=2)

    response = client.get("/training/calendar.ics")
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert calendar["METHOD"] == "PUBLISH"
    assert str(event["UID"]) == f"training-session-{session.pk}@portal.thameside.example"
    assert int(event["SEQUENCE"]) == 2
    assert event.decoded("DTSTART") == session.starts_at
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert str(event["URL"]).endswith(f"/training/sessions/{session.pk}/")
