"""Booking places on training sessions: the one place the booking rules live.

A place is claimed with one conditional UPDATE of the session's `places_held` counter (`WHERE
places_held < capacity`). PostgreSQL re-checks that condition on the newest row after any wait,
so two requests for the last place are served one after the other and capacity is never
exceeded; a check constraint on the counter backs this up. The row stays locked only for that
statement and the insert that follows, so the rush is short.

Joining the waiting list takes a shared lock on the session's row instead: many people can join
at once, but nobody can free a place until they have committed, so nobody waits while a place
is free. Every change that frees a place (a cancellation, a declined offer, an approval refused
or not given in time, a move) locks the row outright and hands the place to the first on the
waiting list in the same transaction.

The database's unique constraint stops one person holding two active bookings on a session
even if a caller skips this module.
"""

import datetime
import json
from contextlib import nullcontext
from dataclasses import dataclass

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from partnership.models import Agency, User
from partnership.services.working_days import add_working_days

from ..models import (
    ACTIVE,
    HOLDS_A_PLACE,
    Booking,
    BookingStatus,
    ChargeKind,
    EmailKind,
    Session,
    SessionStatus,
)
from .booking_sql import BOOK_SQL
from .charges import charge_raise, is_late, place_price
from .emails import emails_send_pending, send_after_commit

# Switched off only by the concurrency test, to show that without the guarded claim (counting
# the places, then inserting) the race is real.
LOCK_SESSIONS = True
# The tests switch this off to run the portable path (SQLite's) against PostgreSQL too.
SINGLE_STATEMENT = True
# A waiting-list booking that finds a place freed under its feet tries again this many times
# before taking the session's row lock outright.
_ATTEMPTS = 3


class BookingError(ValidationError):
    """A booking the rules refuse; the message says why, in the attendee's terms."""


class _PlaceFreed(Exception):
    """A place came free between the failed claim and the shared lock: try again."""


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str
    job_title: str
    agency: Agency
    line_manager_email: str
    user: User | None = None

    def booking(self, **fields) -> Booking:
        """An unsaved booking for this person, their details tidied, with `fields` besides."""
        return Booking(
            user=self.user,
            attendee_name=self.name.strip(),
            attendee_email=self.email.strip(),
            job_title=self.job_title.strip(),
            agency=self.agency,
            line_manager_email=self.line_manager_email.strip(),
            **fields,
        )


def places_taken(session: Session) -> int:
    return session.bookings.filter(status__in=HOLDS_A_PLACE).count()


def places_recount(sessions) -> None:
    """Set `places_held` from the bookings themselves, for records made outside this module
    (a historical import, the demo data)."""
    for session in sessions.annotate(
        holding=Count("bookings", filter=Q(bookings__status__in=HOLDS_A_PLACE))
    ):
        Session.objects.filter(pk=session.pk).update(places_held=session.holding)


def _claim_place(session: Session, now: datetime.datetime) -> bool:
    if not LOCK_SESSIONS:
        return places_taken(session) < session.capacity
    claimed = Session.objects.filter(
        pk=session.pk,
        status=SessionStatus.SCHEDULED,
        starts_at__gt=now,
        places_held__lt=F("capacity"),
    ).update(places_held=F("places_held") + 1)
    return claimed == 1


def _reread(session: Session, *, exclusive: bool) -> Session:
    """The session as it is now, locked until the transaction ends: shared (others may join
    the waiting list beside us, nobody may free a place) or exclusive."""
    if not LOCK_SESSIONS:
        return Session.objects.get(pk=session.pk)
    if exclusive:
        return Session.objects.select_for_update().get(pk=session.pk)
    if connection.vendor == "postgresql":
        # Django's ORM offers FOR UPDATE but not FOR SHARE, the lock that lets many join the
        # waiting list at once; the statement after it sees the row as the lock found it.
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM training_session WHERE id = %s FOR SHARE", [session.pk])
    return Session.objects.get(pk=session.pk)


def _refuse_unbookable(session: Session, now: datetime.datetime) -> None:
    if session.status != SessionStatus.SCHEDULED:
        raise BookingError("This session has been cancelled")
    if session.starts_at <= now:
        raise BookingError("This session has already started")


def _place_status(session: Session) -> BookingStatus:
    if session.course.needs_manager_approval:
        return BookingStatus.AWAITING_APPROVAL
    return BookingStatus.CONFIRMED


def _duplicate(booking: Booking) -> BookingError:
    return BookingError(
        f"{booking.attendee_email} already has a place or a waiting-list place on this session"
    )


def _insert(booking: Booking) -> None:
    try:
        booking.save()
    except IntegrityError:
        raise _duplicate(booking) from None


def _book_once(booking: Booking, session: Session, now, *, exclusive: bool) -> None:
    with transaction.atomic():
        if exclusive:
            current = _reread(session, exclusive=True)
            _refuse_unbookable(current, now)
            got_place = _claim_place(current, now)
        else:
            got_place = _claim_place(session, now)
            if not got_place:
                current = _reread(session, exclusive=False)
                _refuse_unbookable(current, now)
                if current.places_held < current.capacity:
                    raise _PlaceFreed
        booking.status = _place_status(session) if got_place else BookingStatus.WAITING
        if booking.status == BookingStatus.CONFIRMED:
            booking.confirmed_at = now
        elif booking.status == BookingStatus.AWAITING_APPROVAL:
            booking.approval_requested_at = now
        # Taken under the lock, so the waiting list's order is the order places were decided.
        booking.queued_at = timezone.now()
        _insert(booking)


def _book_in_one_statement(booking: Booking, now: datetime.datetime) -> None:
    params = {
        "session": booking.session_id,
        "now": now,
        "user": booking.user_id,
        "name": booking.attendee_name,
        "email": booking.attendee_email,
        "job_title": booking.job_title,
        "agency": booking.agency_id,
        "kind": booking.agency.kind,
        "line_manager_email": booking.line_manager_email,
        "booked_by": booking.booked_by_id,
        "context": json.dumps(_approval_context(now)),
    }
    try:
        # Alone, the statement is its own transaction and commits as it ends, so the lock is
        # not held over a second round trip for COMMIT. Inside the caller's transaction, a
        # savepoint keeps that transaction usable after a refusal.
        inside = transaction.atomic() if connection.in_atomic_block else nullcontext()
        with inside, connection.cursor() as cursor:
            cursor.execute(BOOK_SQL, params)
            row = cursor.fetchone()
    except IntegrityError:
        raise _duplicate(booking) from None
    if row is None:  # the session was cancelled or started before the lock was granted
        _refuse_unbookable(Session.objects.get(pk=booking.session_id), now)
        raise BookingError("This session cannot be booked")
    booking.pk, booking.status, booking.price, booking.queued_at = row
    booking.booked_at = now
    if booking.status == BookingStatus.CONFIRMED:
        booking.confirmed_at = now
    elif booking.status == BookingStatus.AWAITING_APPROVAL:
        booking.approval_requested_at = now
    booking._state.adding = False
    booking._state.db = connection.alias
    if current_app.conf.task_always_eager:
        transaction.on_commit(emails_send_pending)


def booking_create(
    *, session: Session, attendee: Attendee, booked_by: User | None = None
) -> Booking:
    """Book a place: confirmed while places remain (or held for the line manager's approval,
    where the course asks for it), otherwise a place on the waiting list, in order."""
    now = timezone.now()
    _refuse_unbookable(session, now)
    booking = attendee.booking(
        session=session,
        queued_at=now,
        booked_by=booked_by,
    )
    if LOCK_SESSIONS and connection.vendor == "postgresql" and SINGLE_STATEMENT:
        _book_in_one_statement(booking, now)
        return booking
    booking.price = place_price(attendee.agency)
    for attempt in range(_ATTEMPTS + 1):
        try:
            _book_once(booking, session, now, exclusive=attempt == _ATTEMPTS)
            break
        except _PlaceFreed:
            continue
    _announce(booking)
    return booking


def _approval_context(requested: datetime.datetime) -> dict:
    release_on = add_working_days(
        timezone.localdate(requested), settings.TRAINING_APPROVAL_WORKING_DAYS
    )
    return {"release_on": f"{release_on:%A %-d %B %Y}"}


def _announce(booking: Booking) -> None:
    """Tell the attendee (and, for an approval, their line manager) what their booking is."""
    if booking.status == BookingStatus.AWAITING_APPROVAL:
        send_after_commit(
            booking,
            EmailKind.APPROVAL_REQUEST,
            to=[booking.line_manager_email],
            context=_approval_context(booking.approval_requested_at),
        )
    elif booking.status == BookingStatus.CONFIRMED:
        send_after_commit(booking, EmailKind.CONFIRMATION)
    elif booking.status == BookingStatus.WAITING:
        send_after_commit(booking, EmailKind.WAITING_LIST)


def approval_deadline(booking: Booking) -> datetime.date:
    """The day after which a place held for approval is released."""
    requested = timezone.localdate(booking.approval_requested_at or booking.queued_at)
    return add_working_days(requested, settings.TRAINING_APPROVAL_WORKING_DAYS)


def _free_place(session: Session, now: datetime.datetime) -> Booking | None:
    """Give a freed place to the first on the waiting list, or count it free. The caller holds
    the session's row lock and has already moved the booking out of HOLDS_A_PLACE."""
    waiting = None
    if session.status == SessionStatus.SCHEDULED and session.starts_at > now:
        waiting = (
            session.bookings.filter(status=BookingStatus.WAITING)
            .order_by("queued_at", "pk")
            .select_for_update()
            .first()
        )
    if waiting is None:
        Session.objects.filter(pk=session.pk).update(places_held=F("places_held") - 1)
        return None
    waiting.session = session
    waiting.status = _place_status(session)
    waiting.offered_late = is_late(session, now)
    if waiting.status == BookingStatus.CONFIRMED:
        waiting.confirmed_at = now
    else:
        waiting.approval_requested_at = now
    waiting.save(update_fields=["status", "offered_late", "confirmed_at", "approval_requested_at"])
    if waiting.status == BookingStatus.AWAITING_APPROVAL:
        _announce(waiting)
    elif waiting.offered_late:
        send_after_commit(waiting, EmailKind.LATE_OFFER)
    else:
        send_after_commit(waiting, EmailKind.PROMOTED)
    return waiting


def _end(
    booking: Booking, status: BookingStatus, *, allowed, action: str, by: User | None = None
) -> tuple[Booking, Session, datetime.datetime, BookingStatus] | None:
    """Lock the session and the booking and move the booking to `status`; the caller frees the
    place if it held one. Returns the locked booking, session, the time and the old status, or
    None when the booking is already in `status` (a second click changes nothing)."""
    session = (
        Session.objects.select_for_update().select_related("course").get(pk=booking.session_id)
    )
    current = Booking.objects.select_for_update().get(pk=booking.pk)
    if current.status == status:
        return None
    if current.status in (BookingStatus.ATTENDED, BookingStatus.DID_NOT_ATTEND):
        raise BookingError(f"The session has taken place: this booking can no longer be {action}")
    if current.status not in allowed:
        raise BookingError(
            f"This booking is {current.get_status_display().lower()}: it can no longer be {action}"
        )
    now = timezone.now()
    if session.starts_at <= now:
        raise BookingError(f"The session has started: this booking can no longer be {action}")
    was = current.status
    current.status = status
    current.cancelled_at = now
    current.cancelled_by = by
    current.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    booking.status, booking.cancelled_at = current.status, current.cancelled_at
    return current, session, now, was


def booking_cancel(*, booking: Booking, by: User | None = None) -> Booking | None:
    """Cancel a booking or a waiting-list place before the session starts. Cancelling a place
    late is charged, unless the place was a late offer. The freed place goes to the first on
    the waiting list, who is returned (and emailed)."""
    with transaction.atomic():
        ended = _end(
            booking,
            BookingStatus.CANCELLED,
            by=by,
            allowed=(
                BookingStatus.WAITING,
                BookingStatus.CONFIRMED,
                BookingStatus.AWAITING_APPROVAL,
            ),
            action="cancelled",
        )
        if ended is None:
            return None
        current, session, now, was = ended
        send_after_commit(current, EmailKind.CANCELLATION)
        if was == BookingStatus.WAITING:
            return None
        if was == BookingStatus.CONFIRMED and is_late(session, now) and not current.offered_late:
            charge_raise(
                booking=current,
                kind=ChargeKind.LATE_CANCELLATION,
                amount=settings.TRAINING_LATE_CHARGE,
                on=timezone.localdate(now),
            )
        return _free_place(session, now)


def booking_decline(*, booking: Booking) -> Booking | None:
    """Decline a place offered late from the waiting list: free, with one link."""
    with transaction.atomic():
        if not Booking.objects.filter(pk=booking.pk, offered_late=True).exists():
            raise BookingError("This place was not a late offer: cancel the booking instead")
        ended = _end(
            booking, BookingStatus.DECLINED, allowed=(BookingStatus.CONFIRMED,), action="declined"
        )
        if ended is None:
            return None
        _, session, now, _ = ended
        return _free_place(session, now)


def booking_approve(*, booking: Booking) -> Booking:
    """The line manager approves: the place held for them is confirmed."""
    with transaction.atomic():
        current = Booking.objects.select_for_update().get(pk=booking.pk)
        if current.status != BookingStatus.AWAITING_APPROVAL:
            raise BookingError(
                f"This booking is {current.get_status_display().lower()}: there is nothing "
                "to approve"
            )
        now = timezone.now()
        current.status = BookingStatus.CONFIRMED
        current.approved_at = current.confirmed_at = now
        current.save(update_fields=["status", "approved_at", "confirmed_at"])
        send_after_commit(current, EmailKind.CONFIRMATION)
    return current


def booking_refuse(*, booking: Booking) -> Booking | None:
    """The line manager does not approve: the place goes to the waiting list."""
    with transaction.atomic():
        ended = _end(
            booking,
            BookingStatus.REFUSED,
            allowed=(BookingStatus.AWAITING_APPROVAL,),
            action="refused",
        )
        if ended is None:
            return None
        current, session, now, _ = ended
        send_after_commit(current, EmailKind.REFUSED)
        return _free_place(session, now)


def approvals_release(*, today: datetime.date) -> int:
    """Release the places held for an approval that did not come in time; each freed place
    goes to the waiting list. Returns how many were released."""
    released = 0
    held = Booking.objects.filter(status=BookingStatus.AWAITING_APPROVAL).select_related(
        "session__course"
    )
    for booking in held:
        if approval_deadline(booking) >= today:
            continue
        with transaction.atomic():
            try:
                ended = _end(
                    booking,
                    BookingStatus.RELEASED,
                    allowed=(BookingStatus.AWAITING_APPROVAL,),
                    action="released",
                )
            except BookingError:
                continue  # approved or cancelled meanwhile, or the session has started
            if ended is None:
                continue
            current, session, now, _ = ended
            send_after_commit(current, EmailKind.RELEASED)
            _free_place(session, now)
            released += 1
    return released


def booking_substitute(*, booking: Booking, attendee: Attendee, by: User | None = None) -> Booking:
    """Hand a place to a colleague from the same agency before the session starts: not a
    cancellation, so nothing is charged and the waiting list keeps its order (the colleague
    takes the booking's place in the queue)."""
    if attendee.agency.pk != booking.agency_id:
        raise BookingError(f"A place can only be handed to a colleague from {booking.agency}")
    with transaction.atomic():
        ended = _end(
            booking,
            BookingStatus.SUBSTITUTED,
            by=by,
            allowed=(BookingStatus.CONFIRMED, BookingStatus.AWAITING_APPROVAL),
            action="handed on",
        )
        if ended is None:
            raise BookingError("This place has already been handed to a colleague")
        current, session, now, was = ended
        colleague = attendee.booking(
            session=session,
            price=current.price,
            status=was,
            queued_at=current.queued_at,
            confirmed_at=now if was == BookingStatus.CONFIRMED else None,
            approval_requested_at=now if was == BookingStatus.AWAITING_APPROVAL else None,
            offered_late=current.offered_late,
            booked_by=by,
            replaces=current,
        )
        _insert(colleague)
        send_after_commit(current, EmailKind.CANCELLATION)
        if was == BookingStatus.AWAITING_APPROVAL:
            _announce(colleague)
        else:
            send_after_commit(colleague, EmailKind.SUBSTITUTION)
    return colleague


def booking_move(*, booking: Booking, to: Session, by: User) -> Booking:
    """The business unit moves a booking to another session of any course: the new session
    must have a place; the old place goes to its waiting list. No charge."""
    if to.pk == booking.session_id:
        raise BookingError("Choose a different session to move the booking to")
    with transaction.atomic():
        ended = _end(
            booking,
            BookingStatus.MOVED,
            by=by,
            allowed=(
                BookingStatus.CONFIRMED,
                BookingStatus.AWAITING_APPROVAL,
                BookingStatus.WAITING,
            ),
            action="moved",
        )
        if ended is None:
            raise BookingError("This booking has already been moved")
        current, session, now, was = ended
        target = _reread(to, exclusive=True)
        _refuse_unbookable(target, now)
        if not _claim_place(target, now):
            raise BookingError(f"{target} has no places left")
        moved = Booking(
            session=target,
            user=current.user,
            attendee_name=current.attendee_name,
            attendee_email=current.attendee_email,
            job_title=current.job_title,
            agency_id=current.agency_id,
            line_manager_email=current.line_manager_email,
            price=current.price,
            status=BookingStatus.CONFIRMED,
            queued_at=now,
            confirmed_at=now,
            booked_by=by,
            replaces=current,
        )
        _insert(moved)
        send_after_commit(moved, EmailKind.CONFIRMATION)
        if was != BookingStatus.WAITING:
            _free_place(session, now)
    return moved


def session_cancel(*, session: Session, by: User) -> int:
    """Cancel a whole session: every active booking ends, uncharged, and each attendee gets a
    calendar update taking the event out. Returns how many people were told."""
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.status == SessionStatus.CANCELLED:
            return 0
        if locked.starts_at <= timezone.now():
            raise BookingError("The session has started: it can no longer be cancelled")
        locked.status = SessionStatus.CANCELLED
        locked.ics_sequence += 1
        locked.places_held = 0
        locked.save(update_fields=["status", "ics_sequence", "places_held"])
        active = list(locked.bookings.filter(status__in=ACTIVE).select_related("session__course"))
        Booking.objects.filter(pk__in=[b.pk for b in active]).update(
            status=BookingStatus.CANCELLED, cancelled_at=timezone.now(), cancelled_by=by
        )
        for booking in active:
            booking.session = locked
            send_after_commit(booking, EmailKind.SESSION_CANCELLED)
    session.status, session.ics_sequence = locked.status, locked.ics_sequence
    return len(active)
