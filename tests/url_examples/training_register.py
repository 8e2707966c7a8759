"""Example arguments for the register and charges pages: a session that started this morning
with people attended, not attended, left early and not yet marked, and charges to agency A
(the police) and agency B (the health trust), one of them waived, so every state is drawn."""

import datetime
from decimal import Decimal

from django.utils import timezone

from partnership.models import Agency
from training.models import BookingStatus, ChargeKind, Session
from training.services.bookings import places_recount

from ..training.factories import BookingFactory, ChargeFactory, SessionFactory


def _session(cast):
    starts = timezone.now() - datetime.timedelta(hours=1)
    session = SessionFactory(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), capacity=8
    )
    police, health = (
        Agency.objects.get(name="Metropolitan Police Service"),
        Agency.objects.get(name="NELFT NHS Foundation Trust"),
    )
    rows = [
        ("Sam Okafor", police, BookingStatus.ATTENDED, False),
        ("Priya Shah", health, BookingStatus.DID_NOT_ATTEND, False),
        ("Tom Reid", police, BookingStatus.DID_NOT_ATTEND, True),
        ("Ada Byrne", health, BookingStatus.CONFIRMED, False),
    ]
    bookings = {}
    for name, agency, status, left_early in rows:
        bookings[name] = BookingFactory(
            session=session, attendee_name=name, agency=agency, status=status,
            left_early=left_early, price=Decimal("0.00"),
        )  # fmt: skip
    places_recount(Session.objects.filter(pk=session.pk))
    ChargeFactory(booking=bookings["Priya Shah"])
    ChargeFactory(booking=bookings["Tom Reid"])
    waived = ChargeFactory(
        booking=BookingFactory(agency=police, status=BookingStatus.CANCELLED),
        kind=ChargeKind.LATE_CANCELLATION,
    )
    waived.waived_at, waived.waived_by = timezone.now(), cast["business_unit"]
    waived.waiver_reason = "The course was moved at short notice"
    waived.save()
    return session


def _register(cast):
    return {"pk": _session(cast).pk}


def _lists(cast):
    _session(cast)
    return {}


def _police_charge(cast):
    session = _session(cast)
    return {"pk": session.bookings.get(attendee_name="Tom Reid").charges.get().pk}


EXAMPLES = {
    "training_staff:register": _register,
    "training_staff:sign_in_sheet": _register,
    "training_staff:register_csv": _register,
    "training_staff:charges": _lists,
    "training_staff:charges_statement": _lists,
    "training_staff:charges_statement_download": _lists,
    "training_staff:charge": _police_charge,
    "training_staff:charge_waive": _police_charge,
}
NOT_HTML = {
    "training_staff:sign_in_sheet",
    "training_staff:register_csv",
    "training_staff:charges_statement_download",
}
# An agency lead reads their own agency's charges only: another agency's is not found.
OUTCOMES = {"training_staff:charge": {"agency_lead_b": 404}}
