"""Sessions as iCalendar, built with the icalendar package: the public feed, and the event
attached to a booking's emails. A session keeps one UID for life and raises its SEQUENCE when
its time or place changes, so a calendar that holds it replaces the event instead of adding a
second one."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from ..models import Session, SessionStatus

PRODUCT = "-//Safeguarding partnership portal//Training//EN"


def session_uid(session: Session) -> str:
    host = urlsplit(settings.PORTAL_URL).hostname or "portal.invalid"
    return f"training-session-{session.pk}@{host}"


def session_event(session: Session, *, url: str = "", cancelled: bool = False) -> Event:
    event = Event()
    event.add("uid", session_uid(session))
    event.add("sequence", session.ics_sequence)
    event.add("dtstamp", timezone.now())
    # Local times with their zone: the calendar shows 9.30am in London whatever the season.
    event.add("dtstart", timezone.localtime(session.starts_at))
    event.add("dtend", timezone.localtime(session.ends_at))
    event.add("summary", session.course.title)
    event.add("description", session.course.summary)
    location = session.venue or ("Online" if session.online_url else "")
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    cancelled = cancelled or session.status == SessionStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def calendar_ics(sessions, *, method: str = "PUBLISH", url_for=None, cancelled=False) -> bytes:
    """A VCALENDAR of the sessions with the Europe/London VTIMEZONE they use. PUBLISH, for the
    feed and for the event a booking's emails carry (REQUEST would oblige an ORGANIZER who
    answers replies). `cancelled` marks the events STATUS:CANCELLED, for an attendee whose
    booking ended, so their calendar drops the event."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add("x-wr-calname", f"{settings.PARTNERSHIP_NAME} training")
    for session in sessions:
        calendar.add_component(
            session_event(session, url=url_for(session) if url_for else "", cancelled=cancelled)
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()
