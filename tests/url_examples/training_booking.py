"""Example arguments for the booking pages: the practitioner's own bookings (one confirmed,
one on a waiting list, one attended and one missed with its charge), agency A's staff booked
by their lead, a booking awaiting a line manager's approval and a place offered late, so every
state of the lists and the emailed links is drawn. The bookings belong to the practitioner and
to agency A: anyone else asking for one gets a 404."""

import datetime
from decimal import Decimal

from django.utils import timezone

from training.models import Booking, BookingStatus, Charge, ChargeKind, PlacePrice
from training.services.bookings import Attendee, booking_create
from training.services.emails import link_token

from ..training.factories import CourseFactory, SessionFactory


def _attendee(n, agency, user=None):
    return Attendee(
        name=user.get_full_name() if user else f"Colleague {n}",
        email=user.email if user else f"colleague{n}@agency.example",
        job_title="Family support worker",
        agency=agency,
        line_manager_email=f"manager{n}@agency.example",
        user=user,
    )


def _past(session_offset_days, agency, user, status):
    starts = timezone.now() - datetime.timedelta(days=session_offset_days)
    session = SessionFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=3))
    return Booking.objects.create(
        session=session, user=user, attendee_name=user.get_full_name(), attendee_email=user.email,
        job_title="Health visitor", agency=agency, line_manager_email="manager@agency.example",
        status=status, queued_at=starts - datetime.timedelta(days=20), price=Decimal("75.00"),
    )  # fmt: skip


def _world(cast):
    """Everything the pages show; returns the records the URLs name."""
    practitioner, lead = cast["practitioner"], cast["agency_lead_a"]
    PlacePrice.objects.update_or_create(agency_kind="health", defaults={"amount": Decimal("75")})
    open_session = SessionFactory(capacity=10, course__title="Working with families")
    full = SessionFactory(capacity=1, course__title="Neglect: the toolkit in practice")
    approval = SessionFactory(
        capacity=5, course=CourseFactory(title="Leading safeguarding", needs_manager_approval=True)
    )
    world = {
        # Booked by nobody yet, so the booking pages show their form.
        "session": SessionFactory(capacity=20, course__title="Child exploitation: an introduction"),
        "own": booking_create(
            session=open_session, attendee=_attendee(0, practitioner.agency, practitioner)
        ),
        "agency": booking_create(
            session=open_session, attendee=_attendee(1, lead.agency), booked_by=lead
        ),
    }
    booking_create(session=full, attendee=_attendee(2, lead.agency), booked_by=lead)
    booking_create(session=full, attendee=_attendee(3, practitioner.agency, practitioner))
    world["awaiting"] = booking_create(session=approval, attendee=_attendee(4, lead.agency))
    late = booking_create(session=open_session, attendee=_attendee(5, lead.agency))
    Booking.objects.filter(pk=late.pk).update(offered_late=True)
    world["late"] = late
    _past(40, practitioner.agency, practitioner, BookingStatus.ATTENDED)
    missed = _past(20, practitioner.agency, practitioner, BookingStatus.DID_NOT_ATTEND)
    Charge.objects.create(
        booking=missed, agency=missed.agency, kind=ChargeKind.NON_ATTENDANCE,
        amount=Decimal("100.00"), raised_on=timezone.localdate(missed.session.starts_at),
    )  # fmt: skip
    return world


def _lists(cast):
    _world(cast)
    return {}


def _session(cast):
    return {"pk": _world(cast)["session"].pk}


def _own(cast):
    return {"pk": _world(cast)["own"].pk}


def _agency(cast):
    return {"pk": _world(cast)["agency"].pk}


def _approve(cast):
    return {"token": link_token(_world(cast)["awaiting"], "approve")}


def _decline(cast):
    return {"token": link_token(_world(cast)["late"], "decline")}


EXAMPLES = {
    "training:my_bookings": _lists,
    "training:booking": _own,
    "training:cancel": _own,
    "training:substitute": _own,
    "training:book": _session,
    "training:approve": _approve,
    "training:decline": _decline,
    "training_staff:agency_bookings": _lists,
    "training_staff:agency_booking": _agency,
    "training_staff:agency_cancel": _agency,
    "training_staff:agency_substitute": _agency,
    "training_staff:agency_book": _session,
}
# Agency A's booking is not agency B's lead's to see.
OUTCOMES = {
    name: {"agency_lead_b": 404}
    for name in [
        "training_staff:agency_booking",
        "training_staff:agency_cancel",
        "training_staff:agency_substitute",
    ]
}
