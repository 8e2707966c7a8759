"""The business unit's management of the programme: courses, their sessions, and the price of
a place for each kind of agency.

A session's capacity changes under its row lock, as every booking does (training.services.
bookings): places freed by a raise go to the waiting list in order, as a cancellation's would,
and a capacity below the places already held is refused before the database's check
constraint would refuse it less clearly. A change of time or place raises the session's
calendar SEQUENCE and tells everyone booked, so their calendars replace the event.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from partnership.models import AgencyKind

from ..models import ACTIVE, Booking, Course, EmailKind, PlacePrice, Session, SessionStatus
from .bookings import _free_place
from .emails import send_after_commit

# What a session's attendees are told about when it changes: the calendar event's own fields.
ANNOUNCED = ("starts_at", "ends_at", "venue", "online_url")


# Courses


@transaction.atomic
def course_save(
    *,
    course: Course,
    title: str,
    summary: str,
    learning_objectives: str,
    level: int,
    series: str = "",
    provider: str = "",
    needs_manager_approval: bool = False,
) -> Course:
    """Add a course, or change one. Whether the line manager approves each booking is the
    course's own setting; a change applies to bookings made after it."""
    course.title = title.strip()
    course.summary = summary.strip()
    course.learning_objectives = learning_objectives.strip()
    course.level = level
    course.series = series.strip()
    course.provider = provider.strip()
    course.needs_manager_approval = needs_manager_approval
    course.full_clean()
    course.save()
    return course


@transaction.atomic
def course_deactivate(*, course: Course) -> Course:
    """Stop offering a course: no new sessions. Its sessions, past and planned, stay as they
    are; the business unit cancels a planned one on its own page."""
    Course.objects.filter(pk=course.pk).update(is_active=False)
    course.is_active = False
    return course


@transaction.atomic
def course_reactivate(*, course: Course) -> Course:
    Course.objects.filter(pk=course.pk).update(is_active=True)
    course.is_active = True
    return course


# Sessions


def _venue_check(session: Session) -> None:
    if not (session.venue.strip() or session.online_url.strip()):
        raise ValidationError({"venue": "Enter the venue, the online joining link, or both"})


@transaction.atomic
def session_create(
    *,
    course: Course,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    venue: str = "",
    online_url: str = "",
    trainer: str = "",
) -> Session:
    if not course.is_active:
        raise ValidationError(
            f"“{course.title}” is no longer offered. Make it active again to add a session"
        )
    session = Session(
        course=course,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        venue=venue.strip(),
        online_url=online_url.strip(),
        trainer=trainer.strip(),
    )
    _venue_check(session)
    session.full_clean()
    session.save()
    return session


def _capacity_check(session: Session, capacity: int) -> None:
    if capacity < 1:
        raise ValidationError({"capacity": "A session needs at least 1 place"})
    if capacity < session.places_held:
        held = session.places_held
        raise ValidationError(
            {
                "capacity": f"The capacity cannot be less than the {held} place"
                f"{'s' if held != 1 else ''} already held. Cancel or move bookings first"
            }
        )


@transaction.atomic
def session_capacity_change(*, session: Session, capacity: int) -> list[Booking]:
    """Set a session's number of places. A raise gives the places it frees to the waiting
    list, first come first served, as a cancellation would; the people promoted are returned
    (and emailed). A capacity below the places held is refused."""
    locked = Session.objects.select_for_update().select_related("course").get(pk=session.pk)
    _capacity_check(locked, capacity)
    Session.objects.filter(pk=locked.pk).update(capacity=capacity)
    locked.capacity = capacity
    now = timezone.now()
    promoted = []
    for _ in range(capacity - locked.places_held):
        # _free_place hands over a place that someone held; claim each free place first, so
        # that it either goes to the next on the waiting list or is counted free again.
        Session.objects.filter(pk=locked.pk).update(places_held=F("places_held") + 1)
        taker = _free_place(locked, now)
        if taker is None:
            break
        promoted.append(taker)
    locked.refresh_from_db(fields=["places_held"])
    session.capacity, session.places_held = locked.capacity, locked.places_held
    return promoted


@dataclass
class SessionUpdate:
    session: Session
    # Moved up from the waiting list by a raised capacity.
    promoted: list[Booking] = field(default_factory=list)
    # How many bookings were told of a change of time or place.
    told: int = 0


@transaction.atomic
def session_update(
    *,
    session: Session,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    venue: str = "",
    online_url: str = "",
    trainer: str = "",
) -> SessionUpdate:
    """Change a session. A new time or place raises its calendar SEQUENCE and emails every
    active booking, once per change, with a calendar file that replaces the event; a
    session that has already started is corrected quietly. A new capacity goes through
    session_capacity_change."""
    locked = Session.objects.select_for_update().select_related("course").get(pk=session.pk)
    if locked.status == SessionStatus.CANCELLED:
        raise ValidationError("This session has been cancelled: it can no longer be changed")
    was_upcoming = locked.starts_at > timezone.now()
    before = {name: getattr(locked, name) for name in ANNOUNCED}
    locked.starts_at, locked.ends_at = starts_at, ends_at
    locked.venue, locked.online_url = venue.strip(), online_url.strip()
    locked.trainer = trainer.strip()
    _venue_check(locked)
    _capacity_check(locked, capacity)
    changed = any(getattr(locked, name) != value for name, value in before.items())
    if changed:
        locked.ics_sequence += 1
    locked.full_clean(exclude=["capacity", "places_held"])
    locked.save(update_fields=[*ANNOUNCED, "trainer", "ics_sequence"])
    update = SessionUpdate(locked)
    if capacity != locked.capacity:
        update.promoted = session_capacity_change(session=locked, capacity=capacity)
    if changed and was_upcoming:
        promoted = {booking.pk for booking in update.promoted}
        # The people just promoted hear of their place, with the new details, once.
        told = [
            booking
            for booking in locked.bookings.filter(status__in=ACTIVE).order_by("queued_at", "pk")
            if booking.pk not in promoted
        ]
        for booking in told:
            send_after_commit(booking, EmailKind.SESSION_CHANGED, key=str(locked.ics_sequence))
        update.told = len(told)
    for name in (*ANNOUNCED, "trainer", "ics_sequence", "capacity", "places_held"):
        setattr(session, name, getattr(locked, name))
    return update


# Prices


@transaction.atomic
def place_prices_set(*, amounts: dict[str, Decimal | None]) -> None:
    """Set the price of a place for each kind of agency; no amount means the kind's places
    are free. Bookings keep the price they were made at."""
    for kind, amount in amounts.items():
        if kind not in AgencyKind.values:
            raise ValidationError(f"“{kind}” is not a kind of agency")
        if amount is None:
            PlacePrice.objects.filter(agency_kind=kind).delete()
            continue
        price = PlacePrice.objects.filter(agency_kind=kind).first() or PlacePrice(agency_kind=kind)
        if price.pk and price.amount == amount:
            continue
        price.amount = amount
        price.full_clean()
        price.save()
