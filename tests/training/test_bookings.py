"""booking_create and booking_cancel: places confirmed while they last, then the waiting list
in order; one active booking per person per session, in the service and in the database; a
cancellation hands the freed place to the first on the waiting list."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from training.models import Booking, BookingStatus, Session, SessionStatus
from training.services import bookings
from training.services.bookings import (
    BookingError,
    booking_cancel,
    booking_create,
    places_recount,
)

from .factories import CourseFactory, SessionFactory, attendee

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["one statement", "portable"])
def booking_path(request, monkeypatch):
    """Every rule holds on both paths: PostgreSQL's single statement and the ORM's steps
    (the path SQLite takes)."""
    monkeypatch.setattr(bookings, "SINGLE_STATEMENT", request.param == "one statement")


DUPLICATE = "already has a place or a waiting-list place on this session"


def book(session, *numbers):
    return [booking_create(session=session, attendee=attendee(n)) for n in numbers]


def fresh(session):
    session.refresh_from_db()
    return session


def statuses(session):
    return list(
        session.bookings.order_by("queued_at", "pk").values_list("attendee_email", "status")
    )


# Booking


def test_it_confirms_while_places_remain():
    session = SessionFactory(capacity=2)

    first, second = book(session, 1, 2)

    assert (first.status, second.status) == (BookingStatus.CONFIRMED, BookingStatus.CONFIRMED)
    assert first.confirmed_at is not None and first.approval_requested_at is None
    assert first.attendee_email == "attendee1@agency.example"
    assert fresh(session).places_left == 0


def test_it_puts_the_rest_on_the_waiting_list_in_the_order_they_booked():
    session = SessionFactory(capacity=1)

    bookings = book(session, 1, 2, 3, 4)

    assert statuses(session) == [
        ("attendee1@agency.example", BookingStatus.CONFIRMED),
        ("attendee2@agency.example", BookingStatus.WAITING),
        ("attendee3@agency.example", BookingStatus.WAITING),
        ("attendee4@agency.example", BookingStatus.WAITING),
    ]
    queued = [booking.queued_at for booking in bookings]
    assert queued == sorted(queued)
    assert [booking.confirmed_at for booking in bookings[1:]] == [None, None, None]


def test_a_course_needing_manager_approval_holds_the_place_meanwhile():
    session = SessionFactory(capacity=1, course=CourseFactory(needs_manager_approval=True))

    held, waiting = book(session, 1, 2)

    assert held.status == BookingStatus.AWAITING_APPROVAL
    assert held.confirmed_at is None
    # The held place counts against capacity: the next person waits.
    assert waiting.status == BookingStatus.WAITING
    assert fresh(session).places_left == 0


@pytest.mark.parametrize("again", ["attendee1@agency.example", "  ATTENDEE1@Agency.Example "])
def test_it_refuses_a_second_active_booking_for_the_same_email_in_any_case(again):
    session = SessionFactory(capacity=5)
    book(session, 1)

    with pytest.raises(BookingError) as refused:
        booking_create(session=session, attendee=attendee(1, email=again))

    assert refused.value.messages == [f"{again.strip()} {DUPLICATE}"]
    assert session.bookings.count() == 1


def test_it_refuses_a_second_booking_from_someone_on_the_waiting_list():
    session = SessionFactory(capacity=1)
    book(session, 1, 2)

    with pytest.raises(BookingError) as refused:
        booking_create(session=session, attendee=attendee(2, email="Attendee2@agency.example"))

    assert refused.value.messages == [f"Attendee2@agency.example {DUPLICATE}"]
    assert statuses(session) == [
        ("attendee1@agency.example", BookingStatus.CONFIRMED),
        ("attendee2@agency.example", BookingStatus.WAITING),
    ]


def test_the_database_refuses_a_duplicate_active_booking_made_without_the_service():
    session = SessionFactory(capacity=5)
    (first,) = book(session, 1)
    now = timezone.now()

    with (
        pytest.raises(IntegrityError, match="one_active_booking_per_person_per_session"),
        transaction.atomic(),
    ):
        Booking.objects.create(
            session=session,
            attendee_name="Attendee 1",
            attendee_email="ATTENDEE1@AGENCY.EXAMPLE",
            job_title="Health visitor",
            agency=first.agency,
            line_manager_email="manager1@agency.example",
            status=BookingStatus.WAITING,
            queued_at=now,
        )

    # A cancelled row is not active, so the constraint lets it be.
    Booking.objects.create(
        session=session,
        attendee_name="Attendee 1",
        attendee_email="Attendee1@agency.example",
        job_title="Health visitor",
        agency=first.agency,
        line_manager_email="manager1@agency.example",
        status=BookingStatus.CANCELLED,
        queued_at=now,
    )
    assert session.bookings.count() == 2


def test_a_cancelled_booking_lets_the_same_person_book_again():
    session = SessionFactory(capacity=1)
    (first,) = book(session, 1)
    booking_cancel(booking=first)

    again = booking_create(session=session, attendee=attendee(1))

    assert again.pk != first.pk
    assert again.status == BookingStatus.CONFIRMED
    assert statuses(session) == [
        ("attendee1@agency.example", BookingStatus.CANCELLED),
        ("attendee1@agency.example", BookingStatus.CONFIRMED),
    ]


def test_it_refuses_a_cancelled_session():
    session = SessionFactory(status=SessionStatus.CANCELLED)

    with pytest.raises(BookingError) as refused:
        book(session, 1)

    assert refused.value.messages == ["This session has been cancelled"]
    assert session.bookings.count() == 0


def test_it_refuses_a_session_that_has_already_started():
    started = timezone.now() - datetime.timedelta(minutes=5)
    session = SessionFactory(starts_at=started, ends_at=started + datetime.timedelta(hours=3))

    with pytest.raises(BookingError) as refused:
        book(session, 1)

    assert refused.value.messages == ["This session has already started"]
    assert session.bookings.count() == 0


# Cancelling


def test_cancelling_promotes_the_first_on_the_waiting_list_by_when_they_queued():
    session = SessionFactory(capacity=1)
    confirmed, second, third = book(session, 1, 2, 3)
    # The third joined the list first (e.g. kept their place in a substitution): queued_at
    # decides, not the order the rows were written.
    Booking.objects.filter(pk=third.pk).update(
        queued_at=second.queued_at - datetime.timedelta(minutes=1)
    )

    promoted = booking_cancel(booking=confirmed)

    assert promoted.pk == third.pk
    assert promoted.status == BookingStatus.CONFIRMED
    assert promoted.confirmed_at == confirmed.cancelled_at
    assert confirmed.status == BookingStatus.CANCELLED
    assert confirmed.cancelled_at is not None
    assert statuses(session) == [
        ("attendee3@agency.example", BookingStatus.CONFIRMED),
        ("attendee1@agency.example", BookingStatus.CANCELLED),
        ("attendee2@agency.example", BookingStatus.WAITING),
    ]


def test_a_place_freed_on_a_course_needing_approval_is_held_for_the_manager():
    session = SessionFactory(capacity=1, course=CourseFactory(needs_manager_approval=True))
    held, waiting = book(session, 1, 2)

    promoted = booking_cancel(booking=held)

    assert promoted.pk == waiting.pk
    assert promoted.status == BookingStatus.AWAITING_APPROVAL
    assert promoted.confirmed_at is None


def test_cancelling_a_waiting_list_place_promotes_nobody():
    session = SessionFactory(capacity=1)
    _, second, _ = book(session, 1, 2, 3)

    assert booking_cancel(booking=second) is None

    assert statuses(session) == [
        ("attendee1@agency.example", BookingStatus.CONFIRMED),
        ("attendee2@agency.example", BookingStatus.CANCELLED),
        ("attendee3@agency.example", BookingStatus.WAITING),
    ]


def test_cancelling_twice_is_harmless():
    session = SessionFactory(capacity=1)
    first, second, _ = book(session, 1, 2, 3)
    assert booking_cancel(booking=first).pk == second.pk
    cancelled_at = Booking.objects.get(pk=first.pk).cancelled_at

    assert booking_cancel(booking=first) is None

    assert Booking.objects.get(pk=first.pk).cancelled_at == cancelled_at
    assert statuses(session) == [
        ("attendee1@agency.example", BookingStatus.CANCELLED),
        ("attendee2@agency.example", BookingStatus.CONFIRMED),
        ("attendee3@agency.example", BookingStatus.WAITING),
    ]


def test_a_stale_copy_of_a_cancelled_booking_cancels_nothing_more():
    session = SessionFactory(capacity=1)
    first, second, _ = book(session, 1, 2, 3)
    stale = Booking.objects.get(pk=first.pk)
    booking_cancel(booking=first)

    # The caller's copy still says confirmed; the service reads the row under its lock.
    assert stale.status == BookingStatus.CONFIRMED
    assert booking_cancel(booking=stale) is None
    assert session.bookings.filter(status=BookingStatus.CONFIRMED).get().pk == second.pk


@pytest.mark.parametrize("status", [BookingStatus.ATTENDED, BookingStatus.DID_NOT_ATTEND])
def test_a_booking_for_a_session_that_took_place_cannot_be_cancelled(status):
    session = SessionFactory(capacity=1)
    taken_place, _ = book(session, 1, 2)
    Booking.objects.filter(pk=taken_place.pk).update(status=status)

    with pytest.raises(BookingError) as refused:
        booking_cancel(booking=taken_place)

    assert refused.value.messages == [
        "The session has taken place: this booking can no longer be cancelled"
    ]
    assert statuses(session) == [
        ("attendee1@agency.example", status),
        ("attendee2@agency.example", BookingStatus.WAITING),
    ]


# Places left


def test_places_recount_counts_every_booking_that_holds_a_place():
    session = SessionFactory(capacity=6)
    assert session.places_left == 6
    bookings = book(session, 1, 2, 3, 4, 5)
    for booking, status in zip(
        bookings,
        [
            BookingStatus.CONFIRMED,
            BookingStatus.AWAITING_APPROVAL,
            BookingStatus.DID_NOT_ATTEND,
            BookingStatus.CANCELLED,
            BookingStatus.DECLINED,
        ],
        strict=True,
    ):
        Booking.objects.filter(pk=booking.pk).update(status=status)

    places_recount(Session.objects.filter(pk=session.pk))

    # Confirmed, awaiting approval and did not attend hold places; cancelled and declined do not.
    session.refresh_from_db()
    assert session.places_held == 3
    assert session.places_left == 3


def test_the_capacity_cannot_fall_below_the_places_booked():
    session = SessionFactory(capacity=2)
    book(session, 1, 2)
    session.refresh_from_db()
    session.capacity = 1

    with pytest.raises(IntegrityError), transaction.atomic():
        session.save(update_fields=["capacity"])


def test_a_booking_cannot_be_cancelled_once_the_session_has_started():
    session = SessionFactory(capacity=1)
    booking = booking_create(session=session, attendee=attendee(1))
    booking_create(session=session, attendee=attendee(2))
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=5)
    )

    with pytest.raises(BookingError, match="The session has started"):
        booking_cancel(booking=booking)
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED


def test_cancelling_on_a_cancelled_session_offers_nobody_the_place():
    session = SessionFactory(capacity=1)
    booking = booking_create(session=session, attendee=attendee(1))
    waiting = booking_create(session=session, attendee=attendee(2))
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.CANCELLED)

    assert booking_cancel(booking=booking) is None
    assert Booking.objects.get(pk=waiting.pk).status == BookingStatus.WAITING
