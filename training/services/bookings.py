"""Booking places on training sessions: the one place the booking rules live.

Every change that can move a place (a booking, a cancellation, a promotion from the waiting
list) first locks the session's row with SELECT ... FOR UPDATE, so two requests for the last
place are served one after the other and capacity is never exceeded, whatever the concurrency.
The database's unique constraint stops one person holding two active bookings on a session
even if a caller skips this module.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from partnership.models import Agency, User

from ..models import HOLDS_A_PLACE, Booking, BookingStatus, Session, SessionStatus

# Switched off only by the concurrency test, to show that without the lock the race is real.
LOCK_SESSIONS = True


class BookingError(ValidationError):
    """A booking the rules refuse; the message says why, in the attendee's terms."""


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str
    job_title: str
    agency: Agency
    line_manager_email: str
    user: User | None = None


def _locked_session(session_id: int) -> Session:
    queryset = Session.objects.select_related("course")
    if LOCK_SESSIONS:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.get(pk=session_id)


def places_taken(session: Session) -> int:
    return session.bookings.filter(status__in=HOLDS_A_PLACE).count()


def places_left(session: Session) -> int:
    return max(session.capacity - places_taken(session), 0)


def booking_create(
    *, session: Session, attendee: Attendee, booked_by: User | None = None
) -> Booking:
    """Book a place: confirmed while places remain (or held for the line manager's approval,
    where the course asks for it), otherwise a place on the waiting list, in order."""
    with transaction.atomic():
        locked = _locked_session(session.pk)
        if locked.status != SessionStatus.SCHEDULED:
            raise BookingError("This session has been cancelled")
        now = timezone.now()
        if locked.starts_at <= now:
            raise BookingError("This session has already started")
        if places_taken(locked) < locked.capacity:
            status = (
                BookingStatus.AWAITING_APPROVAL
                if locked.course.needs_manager_approval
                else BookingStatus.CONFIRMED
            )
        else:
            status = BookingStatus.WAITING
        booking = Booking(
            session=locked,
            user=attendee.user,
            attendee_name=attendee.name.strip(),
            attendee_email=attendee.email.strip(),
            job_title=attendee.job_title.strip(),
            agency=attendee.agency,
            line_manager_email=attendee.line_manager_email.strip(),
            status=status,
            queued_at=now,
            confirmed_at=now if status == BookingStatus.CONFIRMED else None,
            booked_by=booked_by,
        )
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError:
            raise BookingError(
                f"{booking.attendee_email} already has a place or a waiting-list place on "
                "this session"
            ) from None
    return booking


def _promote_next(session: Session, now) -> Booking | None:
    """Give a freed place to the first on the waiting list. The caller holds the lock."""
    if places_taken(session) >= session.capacity:
        return None
    waiting = (
        session.bookings.filter(status=BookingStatus.WAITING).order_by("queued_at", "pk").first()
    )
    if waiting is None:
        return None
    waiting.status = (
        BookingStatus.AWAITING_APPROVAL
        if session.course.needs_manager_approval
        else BookingStatus.CONFIRMED
    )
    waiting.confirmed_at = now if waiting.status == BookingStatus.CONFIRMED else None
    waiting.save(update_fields=["status", "confirmed_at"])
    return waiting


def booking_cancel(*, booking: Booking) -> Booking | None:
    """Cancel a booking or a waiting-list place. A freed place goes to the first on the
    waiting list, who is returned (the caller tells them)."""
    with transaction.atomic():
        session = _locked_session(booking.session_id)
        current = Booking.objects.select_for_update().get(pk=booking.pk)
        if current.status in (BookingStatus.CANCELLED, BookingStatus.DECLINED):
            return None
        if current.status in (BookingStatus.ATTENDED, BookingStatus.DID_NOT_ATTEND):
            raise BookingError(
                "The session has taken place: this booking can no longer be cancelled"
            )
        now = timezone.now()
        if session.starts_at <= now:
            raise BookingError("The session has started: this booking can no longer be cancelled")
        current.status = BookingStatus.CANCELLED
        current.cancelled_at = now
        current.save(update_fields=["status", "cancelled_at"])
        booking.status, booking.cancelled_at = current.status, current.cancelled_at
        if session.status != SessionStatus.SCHEDULED:
            return None  # nobody is offered a place on a session that will not run
        return _promote_next(session, now)
