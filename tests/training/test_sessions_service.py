"""training.services.sessions: a session's capacity changed under its lock (a raise gives the
places to the waiting list in order, a cut below the places held is refused), a change of
time or place told to everyone booked once per change, courses and place prices."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from partnership.models import AgencyKind
from training.models import Booking, BookingStatus, EmailKind, PlacePrice, SentEmail, Session
from training.services.bookings import booking_create
from training.services.sessions import (
    course_deactivate,
    course_reactivate,
    course_save,
    place_prices_set,
    session_capacity_change,
    session_create,
    session_update,
)

from .factories import CourseFactory, SessionFactory, attendee

pytestmark = pytest.mark.django_db


def book(session, *numbers):
    return [booking_create(session=session, attendee=attendee(n)) for n in numbers]


def statuses(session):
    return list(session.bookings.order_by("queued_at", "pk").values_list("attendee_name", "status"))


def fresh(session):
    session.refresh_from_db()
    return session


def details(session, **changes):
    values = {
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "capacity": session.capacity,
        "venue": session.venue,
        "online_url": session.online_url,
        "trainer": session.trainer,
    }
    return {**values, **changes}


# Capacity


def test_a_raise_gives_the_new_places_to_the_waiting_list_in_order():
    session = SessionFactory(capacity=1)
    book(session, 1, 2, 3, 4)

    promoted = session_capacity_change(session=session, capacity=3)

    assert [booking.attendee_name for booking in promoted] == ["Attendee 2", "Attendee 3"]
    assert statuses(session) == [
        ("Attendee 1", BookingStatus.CONFIRMED),
        ("Attendee 2", BookingStatus.CONFIRMED),
        ("Attendee 3", BookingStatus.CONFIRMED),
        ("Attendee 4", BookingStatus.WAITING),
    ]
    assert (fresh(session).capacity, session.places_held) == (3, 3)


def test_a_raise_beyond_the_waiting_list_leaves_the_rest_free():
    session = SessionFactory(capacity=1)
    book(session, 1, 2)

    promoted = session_capacity_change(session=session, capacity=5)

    assert len(promoted) == 1
    assert (fresh(session).places_held, session.places_left) == (2, 3)


def test_a_promoted_place_on_an_approval_course_is_held_for_the_line_manager():
    session = SessionFactory(capacity=1, course=CourseFactory(needs_manager_approval=True))
    book(session, 1, 2)

    [promoted] = session_capacity_change(session=session, capacity=2)

    assert promoted.status == BookingStatus.AWAITING_APPROVAL
    assert fresh(session).places_held == 2


def test_promotion_emails_go_once_the_change_commits(django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        book(session, 1, 2)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        session_capacity_change(session=session, capacity=2)

    assert [message.to for message in mail.outbox] == [["attendee2@agency.example"]]
    assert SentEmail.objects.filter(kind=EmailKind.PROMOTED).count() == 1


def test_a_cut_down_to_the_places_held_is_allowed():
    session = SessionFactory(capacity=5)
    book(session, 1, 2)

    assert session_capacity_change(session=session, capacity=2) == []

    assert (fresh(session).capacity, session.places_left) == (2, 0)
    # The next booking waits: the cut is real.
    [late] = book(session, 3)
    assert late.status == BookingStatus.WAITING


def test_a_cut_below_the_places_held_is_refused_and_changes_nothing():
    session = SessionFactory(capacity=5)
    book(session, 1, 2, 3)

    with pytest.raises(ValidationError) as refused:
        session_capacity_change(session=session, capacity=2)

    assert refused.value.message_dict == {
        "capacity": [
            "The capacity cannot be less than the 3 places already held. Cancel or move "
            "bookings first"
        ]
    }
    assert fresh(session).capacity == 5


def test_the_cut_is_checked_against_the_places_held_now_not_as_the_caller_saw_them():
    session = SessionFactory(capacity=5)
    stale = Session.objects.get(pk=session.pk)  # read before the bookings came in
    book(session, 1, 2, 3)

    with pytest.raises(ValidationError):
        session_capacity_change(session=stale, capacity=2)


def test_a_past_session_gives_no_place_from_its_waiting_list():
    session = SessionFactory(capacity=1)
    book(session, 1, 2)
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )

    assert session_capacity_change(session=session, capacity=2) == []
    assert fresh(session).places_held == 1


# Changing a session


def test_a_new_time_raises_the_sequence_and_tells_every_active_booking_once(
    django_capture_on_commit_callbacks,
):
    session = SessionFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed, waiting, gone = book(session, 1, 2, 3)
    Booking.objects.filter(pk=gone.pk).update(status=BookingStatus.CANCELLED)
    later = session.starts_at + datetime.timedelta(days=7)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        update = session_update(
            session=session,
            **details(session, starts_at=later, ends_at=later + datetime.timedelta(hours=2)),
        )

    assert update.told == 2
    assert fresh(session).ics_sequence == 1
    assert sorted(message.to[0] for message in mail.outbox) == [
        "attendee1@agency.example",
        "attendee2@agency.example",
    ]
    sent = SentEmail.objects.filter(kind=EmailKind.SESSION_CHANGED)
    assert sorted(sent.values_list("booking_id", "key")) == [
        (confirmed.pk, "1"),
        (waiting.pk, "1"),
    ]
    message = next(m for m in mail.outbox if m.to == ["attendee1@agency.example"])
    assert "Session changed" in message.subject
    assert "Your place is kept" in message.body
    [(_, ics, _)] = message.attachments
    [event] = Calendar.from_ical(ics).walk("VEVENT")
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == later


def test_each_change_is_told_under_its_own_sequence(django_capture_on_commit_callbacks):
    session = SessionFactory()
    book(session, 1)

    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=session, **details(session, venue="Room 4"))
    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=session, **details(session, online_url="https://meet.example/a"))

    assert list(
        SentEmail.objects.filter(kind=EmailKind.SESSION_CHANGED).values_list("key", flat=True)
    ) == ["1", "2"]


def test_a_new_trainer_or_capacity_alone_tells_nobody(django_capture_on_commit_callbacks):
    session = SessionFactory()
    book(session, 1)

    with django_capture_on_commit_callbacks(execute=True):
        update = session_update(session=session, **details(session, trainer="Sam Lee", capacity=12))

    assert update.told == 0
    assert (fresh(session).ics_sequence, session.trainer, session.capacity) == (0, "Sam Lee", 12)
    assert not SentEmail.objects.filter(kind=EmailKind.SESSION_CHANGED).exists()


def test_people_promoted_by_the_change_hear_of_their_place_not_twice(
    django_capture_on_commit_callbacks,
):
    session = SessionFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        book(session, 1, 2)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        update = session_update(session=session, **details(session, venue="Room 9", capacity=2))

    assert [booking.attendee_name for booking in update.promoted] == ["Attendee 2"]
    kinds = sorted(SentEmail.objects.filter(booking__attendee_name="Attendee 2").values_list(
        "kind", flat=True
    ))  # fmt: skip
    assert kinds == [EmailKind.PROMOTED, EmailKind.WAITING_LIST]
    assert "Room 9" in next(m for m in mail.outbox if m.to == ["attendee2@agency.example"]).body


def test_a_session_that_has_started_is_corrected_quietly(django_capture_on_commit_callbacks):
    session = SessionFactory()
    book(session, 1)
    started = timezone.now() - datetime.timedelta(hours=1)
    Session.objects.filter(pk=session.pk).update(
        starts_at=started, ends_at=started + datetime.timedelta(hours=3)
    )
    session.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        update = session_update(session=session, **details(session, venue="Room 1"))

    assert update.told == 0
    assert fresh(session).venue == "Room 1"


def test_a_cut_below_the_places_held_on_a_change_saves_nothing():
    session = SessionFactory(capacity=3)
    book(session, 1, 2)

    with pytest.raises(ValidationError) as refused:
        session_update(session=session, **details(session, venue="Room 4", capacity=1))

    assert "capacity" in refused.value.message_dict
    assert (fresh(session).venue, session.capacity, session.ics_sequence) == (
        "Thameside Civic Centre, Room 2",
        3,
        0,
    )


def test_a_cancelled_session_cannot_be_changed():
    session = SessionFactory(status="cancelled")

    with pytest.raises(ValidationError, match="cancelled"):
        session_update(session=session, **details(session, venue="Room 4"))


def test_a_session_needs_a_venue_or_a_joining_link():
    session = SessionFactory()

    with pytest.raises(ValidationError) as refused:
        session_update(session=session, **details(session, venue=" ", online_url=""))

    assert refused.value.message_dict == {
        "venue": ["Enter the venue, the online joining link, or both"]
    }


# Adding sessions and courses


def test_a_session_is_added_to_an_active_course_only():
    course = CourseFactory()
    starts = timezone.now() + datetime.timedelta(days=20)
    when = {"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=2)}

    session = session_create(course=course, capacity=12, venue=" Library ", **when)
    course_deactivate(course=course)

    assert (session.venue, session.places_held, session.capacity) == ("Library", 0, 12)
    with pytest.raises(ValidationError, match="no longer offered"):
        session_create(course=course, capacity=12, venue="Library", **when)
    course_reactivate(course=course)
    assert session_create(course=course, capacity=5, venue="Library", **when).pk


def test_a_session_must_end_after_it_starts():
    starts = timezone.now() + datetime.timedelta(days=20)

    with pytest.raises(ValidationError, match="end after it starts"):
        session_create(
            course=CourseFactory(), starts_at=starts, ends_at=starts, capacity=5, venue="Hall"
        )


def test_a_course_is_saved_with_its_approval_setting():
    course = course_save(
        course=CourseFactory.build(),
        title=" Neglect ",
        summary="Spotting neglect.",
        learning_objectives="Use the toolkit",
        level=2,
        needs_manager_approval=True,
    )

    course.refresh_from_db()
    assert (course.title, course.needs_manager_approval, course.is_active) == (
        "Neglect",
        True,
        True,
    )


def test_deactivating_a_course_leaves_its_sessions_alone():
    session = SessionFactory()

    course_deactivate(course=session.course)

    session.course.refresh_from_db()
    assert not session.course.is_active
    assert fresh(session).status == "scheduled"


# Prices


def test_prices_are_set_changed_and_cleared_by_kind():
    PlacePrice.objects.create(agency_kind=AgencyKind.HEALTH, amount=Decimal("40.00"))

    place_prices_set(
        amounts={
            AgencyKind.VOLUNTARY: Decimal("60.00"),
            AgencyKind.HEALTH: None,
            AgencyKind.POLICE: None,
        }
    )

    assert dict(PlacePrice.objects.values_list("agency_kind", "amount")) == {
        "voluntary": Decimal("60.00")
    }


def test_a_booking_keeps_the_price_it_was_made_at():
    session = SessionFactory()
    agency = attendee(1).agency
    place_prices_set(amounts={agency.kind: Decimal("60.00")})
    [booking] = book(session, 1)

    place_prices_set(amounts={agency.kind: Decimal("80.00")})

    booking.refresh_from_db()
    assert booking.price == Decimal("60.00")


def test_a_negative_price_is_refused():
    with pytest.raises(ValidationError):
        place_prices_set(amounts={AgencyKind.OTHER: Decimal("-1.00")})
    assert not PlacePrice.objects.exists()
