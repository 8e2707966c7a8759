"""Many people book the last places at once, against PostgreSQL: the session ends with exactly
its capacity confirmed and everyone else on the waiting list. With the session lock switched
off the same test overbooks, so it is known to be able to fail (STYLE.md rule 14).

Each attempt runs in its own thread with its own database connection (Django's connections are
per thread), all released together by a barrier. Without the lock the service counts the places
taken and then inserts; the race window there is widened on purpose by a short sleep after the
count, the moment where two unlocked requests both see a free place. The locked paths (the
single statement, and the portable steps SQLite takes) must hold under the same rush.
"""

import threading
import time

import pytest
from django.db import connection, connections

from training.models import Booking, BookingStatus
from training.services import bookings

from ..factories import AgencyFactory
from .factories import SessionFactory, attendee

CAPACITY = 5
ATTEMPTS = 40
WINDOW = 0.02  # seconds between counting the places and taking one


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks: the race needs PostgreSQL")


@pytest.fixture
def slow_count(monkeypatch):
    count = bookings.places_taken

    def places_taken_then_wait(session):
        taken = count(session)
        time.sleep(WINDOW)
        return taken

    monkeypatch.setattr(bookings, "places_taken", places_taken_then_wait)


def book_all_at_once(session, people):
    """Each person books from their own thread; returns the errors raised, as strings."""
    barrier = threading.Barrier(len(people))
    errors = []

    def book(person):
        try:
            barrier.wait(timeout=30)
            bookings.booking_create(session=session, attendee=person)
        except Exception as error:  # noqa: BLE001 - every failure is reported, none lost
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()  # this thread's connection, not the test's

    threads = [threading.Thread(target=book, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a booking thread hung"
    return errors


def count(session, status):
    return Booking.objects.filter(session=session, status=status).count()


@pytest.mark.parametrize("single_statement", [True, False], ids=["one statement", "portable"])
def test_the_last_places_go_to_exactly_capacity_people_and_the_rest_wait(
    postgres, slow_count, monkeypatch, single_statement
):
    monkeypatch.setattr(bookings, "SINGLE_STATEMENT", single_statement)
    agency = AgencyFactory(name="Thameside Community Health")
    session = SessionFactory(capacity=CAPACITY)
    people = [attendee(n, agency=agency) for n in range(ATTEMPTS)]

    errors = book_all_at_once(session, people)

    assert errors == []
    assert count(session, BookingStatus.CONFIRMED) == CAPACITY
    assert count(session, BookingStatus.WAITING) == ATTEMPTS - CAPACITY
    session.refresh_from_db()
    assert session.places_left == 0
    # Served one after the other: every confirmed place was queued before every waiting one.
    confirmed = session.bookings.filter(status=BookingStatus.CONFIRMED)
    waiting = session.bookings.filter(status=BookingStatus.WAITING)
    assert max(b.queued_at for b in confirmed) < min(b.queued_at for b in waiting)


def test_without_the_lock_the_same_rush_overbooks(postgres, slow_count, monkeypatch):
    monkeypatch.setattr(bookings, "LOCK_SESSIONS", False)
    agency = AgencyFactory(name="Thameside Community Health")

    # Threads start when the scheduler says; a few tries make a lost race all but impossible.
    for _ in range(3):
        session = SessionFactory(capacity=CAPACITY)
        people = [attendee(n, agency=agency) for n in range(ATTEMPTS)]
        errors = book_all_at_once(session, people)
        assert errors == []
        confirmed = count(session, BookingStatus.CONFIRMED)
        if confirmed > CAPACITY:
            break

    assert confirmed > CAPACITY
    assert count(session, BookingStatus.WAITING) == ATTEMPTS - confirmed
