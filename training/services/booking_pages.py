"""What the booking pages ask of the records: the one scoping path for a practitioner's own
bookings and for an agency lead's agency's, where a booking stands on its waiting list, the
price table, and what cancelling now would cost. Nothing here changes a booking: the rules
live in training.services.bookings, and these helpers only read what those rules would do."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from partnership.models import AgencyKind, Role, User

from ..models import ACTIVE, Booking, BookingStatus, PlacePrice, Session, SessionStatus
from .charges import is_late
from .emails import link_token

# What booking_cancel and booking_substitute accept; the pages offer only what they accept.
CANCELLABLE = (BookingStatus.WAITING, BookingStatus.CONFIRMED, BookingStatus.AWAITING_APPROVAL)
HANDED_ON = (BookingStatus.CONFIRMED, BookingStatus.AWAITING_APPROVAL)


def own_bookings(user) -> QuerySet[Booking]:
    """A practitioner's own bookings: those made under their account. Anyone else's is not in
    it, so a page that fetches a booking through it answers 404 for them."""
    if not user.is_authenticated or user.role != Role.PRACTITIONER:
        return Booking.objects.none()
    return Booking.objects.filter(user=user)


def agency_bookings(user) -> QuerySet[Booking]:
    """An agency lead's agency's bookings, whoever made them; another agency's are not in it."""
    if not user.is_authenticated or user.role != Role.AGENCY_LEAD or user.agency_id is None:
        return Booking.objects.none()
    return Booking.objects.filter(agency_id=user.agency_id)


def with_details(bookings: QuerySet[Booking]) -> QuerySet[Booking]:
    """What a booking's row shows, in a fixed number of queries however many rows: the session
    and course, the agency, the charges, and `waiting_ahead`, how many wait before it."""
    ahead = (
        Booking.objects.filter(session_id=OuterRef("session_id"), status=BookingStatus.WAITING)
        .filter(
            Q(queued_at__lt=OuterRef("queued_at"))
            | Q(queued_at=OuterRef("queued_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("session_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        bookings.select_related("session__course", "agency", "evaluation")
        .prefetch_related("charges")
        .annotate(waiting_ahead=Coalesce(Subquery(ahead), 0))
    )


def describe(bookings, now: datetime.datetime) -> None:
    """Give each booking (from `with_details`) what its row offers: its place on the waiting
    list, whether it may still be cancelled or handed to a colleague, and, for a place offered
    late, the link that declines it free."""
    for booking in bookings:
        upcoming = (
            booking.session.status == SessionStatus.SCHEDULED and booking.session.starts_at > now
        )
        booking.is_upcoming = upcoming
        booking.position = (
            booking.waiting_ahead + 1 if booking.status == BookingStatus.WAITING else None
        )
        booking.may_cancel = upcoming and booking.status in CANCELLABLE
        booking.may_substitute = upcoming and booking.status in HANDED_ON
        booking.may_decline = (
            upcoming and booking.status == BookingStatus.CONFIRMED and booking.offered_late
        )
        booking.decline_url = (
            reverse("training:decline", kwargs={"token": link_token(booking, "decline")})
            if booking.may_decline
            else None
        )
        booking.charged = sum(
            (c.amount for c in booking.charges.all() if not c.is_waived), Decimal(0)
        )


def cancellation_charge(booking: Booking, now: datetime.datetime) -> Decimal | None:
    """What cancelling the booking now would charge its agency, as booking_cancel decides it:
    a confirmed place cancelled inside the late window, unless it was itself a late offer."""
    late_charge = settings.TRAINING_LATE_CHARGE
    if (
        booking.status == BookingStatus.CONFIRMED
        and not booking.offered_late
        and late_charge > 0
        and is_late(booking.session, now)
    ):
        return late_charge
    return None


def prices_by_kind() -> list[tuple[str, str, Decimal]]:
    """Every kind of agency with what a place costs it (nothing where no price is set)."""
    prices = dict(PlacePrice.objects.values_list("agency_kind", "amount"))
    return [(kind, label, prices.get(kind, Decimal("0.00"))) for kind, label in AgencyKind.choices]


def likely_outcome(session: Session) -> BookingStatus:
    """What a booking made now would most likely become. Only a forecast for the page: the
    booking service decides under its lock, and someone may take the last place first."""
    if session.places_left <= 0:
        return BookingStatus.WAITING
    if session.course.needs_manager_approval:
        return BookingStatus.AWAITING_APPROVAL
    return BookingStatus.CONFIRMED


def is_bookable(session: Session, now: datetime.datetime) -> bool:
    return session.status == SessionStatus.SCHEDULED and session.starts_at > now


def active_booking(bookings: QuerySet[Booking], session: Session) -> Booking | None:
    """The booking among `bookings` that holds, or waits for, a place on the session."""
    return with_details(bookings.filter(session=session, status__in=ACTIVE)).order_by("pk").first()


def account_for(email: str) -> User | None:
    """The verified account that uses this email address, if any: a colleague booked by their
    agency lead, or handed a place, then finds the booking among their own. Only a verified
    address counts, so nobody gains a booking by signing up with someone else's address."""
    return User.objects.filter(
        email__iexact=email.strip(), email_verified=True, is_active=True
    ).first()
