"""Example arguments for the business unit's training pages: an active course whose full
session has a confirmed place, one awaiting approval, a waiting list and a cancelled booking;
a session with places, a cancelled one and a past one; an inactive course; a place price.
No attendance file is waiting (it would live in the uploader's session), so the import
preview shows its "no file" page."""

import datetime
from decimal import Decimal

from django.utils import timezone

from partnership.models import AgencyKind
from training.models import Booking, BookingStatus, PlacePrice, SessionStatus

from ..factories import AgencyFactory
from ..training.factories import CourseFactory, SessionFactory


def _booking(session, n, status, agency):
    return Booking.objects.create(
        session=session, attendee_name=f"Attendee {n}", attendee_email=f"a{n}@school.example",
        job_title="Teacher", agency=agency, line_manager_email="head@school.example",
        status=status, queued_at=timezone.now() + datetime.timedelta(seconds=n),
    )  # fmt: skip


def _world(cast):
    agency = AgencyFactory(name="Riverside Primary School", kind=AgencyKind.EDUCATION)
    # The matrix's anonymous walk makes every example in one test: one price per kind.
    PlacePrice.objects.update_or_create(
        agency_kind=AgencyKind.EDUCATION, defaults={"amount": Decimal("60.00")}
    )
    course = CourseFactory(
        title="Recognising and responding to neglect", needs_manager_approval=True
    )
    CourseFactory(title="Old course", is_active=False)
    session = SessionFactory(course=course, capacity=2, places_held=2)
    confirmed = _booking(session, 1, BookingStatus.CONFIRMED, agency)
    _booking(session, 2, BookingStatus.AWAITING_APPROVAL, agency)
    _booking(session, 3, BookingStatus.WAITING, agency)
    _booking(session, 4, BookingStatus.CANCELLED, agency)
    SessionFactory(course=course, capacity=20)
    SessionFactory(course=course, status=SessionStatus.CANCELLED)
    past = timezone.now() - datetime.timedelta(days=30)
    SessionFactory(course=course, starts_at=past, ends_at=past + datetime.timedelta(hours=3))
    return {"course": course, "session": session, "booking": confirmed}


def _lists(cast):
    _world(cast)
    return {}


def _course(cast):
    return {"pk": _world(cast)["course"].pk}


def _session(cast):
    return {"pk": _world(cast)["session"].pk}


def _booking_of(cast):
    return {"pk": _world(cast)["booking"].pk}


EXAMPLES = {
    "training_staff:courses": _lists,
    "training_staff:course_create": _lists,
    "training_staff:course_edit": _course,
    "training_staff:course_deactivate": _course,
    "training_staff:session_create": _course,
    "training_staff:sessions": _lists,
    "training_staff:session": _session,
    "training_staff:session_edit": _session,
    "training_staff:session_cancel": _session,
    "training_staff:book_on_behalf": _session,
    "training_staff:booking_move": _booking_of,
    "training_staff:booking_cancel": _booking_of,
    "training_staff:prices": _lists,
    "training_staff:import": _lists,
    "training_staff:import_preview": _lists,
    "training_staff:import_template": _lists,
}
NOT_HTML = {"training_staff:import_template"}
