"""register_mark: the business unit marks who attended a session that has started; not
attending (or leaving early) is charged and asks why; a priced place is charged when attended;
the register can be corrected; it is all or nothing, and places held never change."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from partnership.models import AgencyKind
from training.models import BookingStatus, Charge, ChargeKind, EmailKind, PlacePrice, SentEmail
from training.services.attendance import AttendanceError, register_mark
from training.services.bookings import booking_cancel, booking_create
from training.services.charges import charge_waive

from ..factories import AgencyFactory
from .factories import CourseFactory, SessionFactory, attendee

pytestmark = pytest.mark.django_db

ATTENDED, DNA = BookingStatus.ATTENDED, BookingStatus.DID_NOT_ATTEND


def started(session, *, hours_ago=1):
    """Move a session booked in the future to having started `hours_ago` hours ago."""
    starts = timezone.now() - datetime.timedelta(hours=hours_ago)
    session.starts_at, session.ends_at = starts, starts + datetime.timedelta(hours=3)
    session.save(update_fields=["starts_at", "ends_at"])
    return session


def booked(n=2, *, capacity=10, agency=None):
    """A session with `n` confirmed places, which started an hour ago."""
    session = SessionFactory(capacity=capacity)
    bookings = [
        booking_create(session=session, attendee=attendee(i, agency=agency))
        for i in range(1, n + 1)
    ]
    return started(session), bookings


def no_show_emails():
    # The bookings' confirmations go out of the same outbox on the same commit.
    return [email for email in mail.outbox if email.subject.startswith("Did not attend: ")]


def charges(booking):
    return sorted(booking.charges.values_list("kind", "amount", "waived_at"))


def test_it_marks_who_attended_and_who_did_not(business_unit):
    session, (came, missed) = booked(2)

    register_mark(session=session, marks={came.pk: ATTENDED, missed.pk: DNA}, by=business_unit)

    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.status, missed.status) == (ATTENDED, DNA)
    assert (came.left_early, missed.left_early) == (False, False)
    assert came.attendance_marked_by == business_unit
    assert came.attendance_marked_at is not None


def test_leaving_early_counts_as_not_attending(business_unit):
    session, (left,) = booked(1)

    register_mark(session=session, marks={}, left_early={left.pk}, by=business_unit)

    left.refresh_from_db()
    assert (left.status, left.left_early) == (DNA, True)
    assert charges(left) == [(ChargeKind.NON_ATTENDANCE, settings.TRAINING_LATE_CHARGE, None)]


def test_not_attending_charges_the_agency_on_the_day_of_the_session(business_unit):
    session, (missed,) = booked(1)

    done = register_mark(session=session, marks={missed.pk: DNA}, by=business_unit)

    charge = Charge.objects.get()
    assert done.raised == [charge]
    assert (charge.kind, charge.amount) == (ChargeKind.NON_ATTENDANCE, Decimal("100.00"))
    assert charge.agency == missed.agency
    assert charge.raised_on == timezone.localdate(session.starts_at)


def test_the_non_attendance_charge_is_the_setting(business_unit, settings):
    settings.TRAINING_LATE_CHARGE = Decimal("75.50")
    session, (missed,) = booked(1)

    register_mark(session=session, marks={missed.pk: DNA}, by=business_unit)

    assert Charge.objects.get().amount == Decimal("75.50")


def test_not_attending_asks_the_attendee_and_their_line_manager_why(
    business_unit, django_capture_on_commit_callbacks
):
    session, (missed,) = booked(1)

    with django_capture_on_commit_callbacks(execute=True):
        register_mark(session=session, marks={missed.pk: DNA}, by=business_unit)

    (email,) = no_show_emails()
    assert email.to == ["attendee1@agency.example", "manager1@agency.example"]
    assert (
        email.subject
        == f"Did not attend: {session.course.title}, {timezone.localtime(session.starts_at):%-d %B %Y}"
    )
    assert "tell us why" in email.body
    assert "A non-attendance charge of £100.00 is made to Thameside Community Health" in email.body
    assert SentEmail.objects.filter(booking=missed, kind=EmailKind.NO_SHOW).exists()


def test_marking_again_does_not_ask_twice(business_unit, django_capture_on_commit_callbacks):
    session, (missed,) = booked(1)

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            register_mark(session=session, marks={missed.pk: DNA}, by=business_unit)

    assert len(no_show_emails()) == 1
    assert Charge.objects.count() == 1


def test_attending_a_priced_place_charges_the_price(business_unit):
    PlacePrice.objects.create(agency_kind=AgencyKind.VOLUNTARY, amount=Decimal("45.00"))
    charity = AgencyFactory(name="Thameside Youth Trust", kind=AgencyKind.VOLUNTARY)
    session, (came,) = booked(1, agency=charity)

    done = register_mark(session=session, marks={came.pk: ATTENDED}, by=business_unit)

    assert charges(came) == [(ChargeKind.PLACE, Decimal("45.00"), None)]
    assert [charge.agency for charge in done.raised] == [charity]


def test_attending_a_free_place_charges_nothing(business_unit):
    session, (came,) = booked(1)

    done = register_mark(session=session, marks={came.pk: ATTENDED}, by=business_unit)

    assert done.raised == []
    assert not Charge.objects.exists()


def test_marking_never_changes_the_places_held(business_unit):
    session, bookings = booked(3, capacity=3)

    register_mark(
        session=session,
        marks={bookings[0].pk: ATTENDED, bookings[1].pk: DNA},
        left_early={bookings[2].pk},
        by=business_unit,
    )

    session.refresh_from_db()
    assert (session.places_held, session.places_left) == (3, 0)


def test_a_session_can_be_marked_on_its_day_before_it_starts(business_unit):
    session, (came,) = booked(1)
    # Late tonight: still today, whatever the time the test runs.
    tonight = timezone.localtime().replace(hour=23, minute=59, second=0, microsecond=0)
    session.starts_at, session.ends_at = tonight, tonight + datetime.timedelta(minutes=30)
    session.save()

    register_mark(session=session, marks={came.pk: ATTENDED}, by=business_unit)

    came.refresh_from_db()
    assert came.status == ATTENDED


def test_a_session_on_a_later_day_cannot_be_marked(business_unit):
    session = SessionFactory()
    booking = booking_create(session=session, attendee=attendee(1))

    with pytest.raises(AttendanceError) as refusal:
        register_mark(session=session, marks={booking.pk: ATTENDED}, by=business_unit)

    day = timezone.localdate(session.starts_at)
    assert refusal.value.messages == [
        f"The register can be marked from the day of the session, {day:%-d %B %Y}"
    ]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_a_cancelled_session_has_no_register(business_unit):
    session, (booking,) = booked(1)
    session.status = "cancelled"
    session.save()

    with pytest.raises(AttendanceError, match="cancelled"):
        register_mark(session=session, marks={booking.pk: ATTENDED}, by=business_unit)


def test_it_is_all_or_nothing(business_unit):
    session = SessionFactory()
    keeps = booking_create(session=session, attendee=attendee(1))
    cancels = booking_create(session=session, attendee=attendee(2))
    booking_cancel(booking=cancels)
    started(session)

    with pytest.raises(AttendanceError) as refusal:
        register_mark(
            session=session, marks={keeps.pk: DNA, cancels.pk: ATTENDED}, by=business_unit
        )

    assert refusal.value.messages == [
        "Attendee 2’s booking is cancelled: they are not on the register"
    ]
    keeps.refresh_from_db()
    assert keeps.status == BookingStatus.CONFIRMED
    assert keeps.attendance_marked_at is None
    assert not Charge.objects.exists()


def test_bookings_awaiting_approval_or_waiting_are_not_on_the_register(business_unit):
    session = SessionFactory(capacity=1, course=CourseFactory(needs_manager_approval=True))
    held = booking_create(session=session, attendee=attendee(1))
    waiting = booking_create(session=session, attendee=attendee(2))
    started(session)

    for booking in (held, waiting):
        with pytest.raises(AttendanceError, match="not on the register"):
            register_mark(session=session, marks={booking.pk: ATTENDED}, by=business_unit)


def test_a_booking_on_another_session_is_refused(business_unit):
    session, _ = booked(1)
    _, (elsewhere,) = booked(1)

    with pytest.raises(AttendanceError, match="no longer booked on this session"):
        register_mark(session=session, marks={elsewhere.pk: ATTENDED}, by=business_unit)


def test_it_refuses_a_mark_that_is_not_attendance(business_unit):
    session, (booking,) = booked(1)

    with pytest.raises(AttendanceError, match="attended or did not attend"):
        register_mark(
            session=session, marks={booking.pk: BookingStatus.CANCELLED}, by=business_unit
        )


def test_someone_who_left_early_cannot_also_have_attended(business_unit):
    session, (booking,) = booked(1)

    with pytest.raises(AttendanceError, match="left early"):
        register_mark(
            session=session, marks={booking.pk: ATTENDED}, left_early={booking.pk}, by=business_unit
        )


def test_an_empty_register_is_refused(business_unit):
    session, _ = booked(1)

    with pytest.raises(AttendanceError, match="Mark at least one attendee"):
        register_mark(session=session, marks={}, by=business_unit)


# Correcting the register


def test_correcting_to_attended_takes_away_the_non_attendance_charge(business_unit):
    PlacePrice.objects.create(agency_kind=AgencyKind.HEALTH, amount=Decimal("30.00"))
    session, (booking,) = booked(1)
    register_mark(session=session, marks={booking.pk: DNA}, by=business_unit)

    done = register_mark(session=session, marks={booking.pk: ATTENDED}, by=business_unit)

    booking.refresh_from_db()
    assert (booking.status, booking.left_early) == (ATTENDED, False)
    assert charges(booking) == [(ChargeKind.PLACE, Decimal("30.00"), None)]
    assert [charge.kind for charge in done.removed] == [ChargeKind.NON_ATTENDANCE]


def test_correcting_to_attended_keeps_a_waived_charge_on_record(business_unit):
    session, (booking,) = booked(1)
    register_mark(session=session, marks={}, left_early={booking.pk}, by=business_unit)
    charge_waive(
        charge=Charge.objects.get(),
        reason="Called away to a child protection visit",
        by=business_unit,
    )

    register_mark(session=session, marks={booking.pk: ATTENDED}, by=business_unit)

    (kept,) = Charge.objects.all()
    assert kept.is_waived
    assert kept.kind == ChargeKind.NON_ATTENDANCE


def test_correcting_to_did_not_attend_swaps_the_place_charge_for_the_non_attendance_one(
    business_unit,
):
    PlacePrice.objects.create(agency_kind=AgencyKind.HEALTH, amount=Decimal("30.00"))
    session, (booking,) = booked(1)
    register_mark(session=session, marks={booking.pk: ATTENDED}, by=business_unit)

    register_mark(session=session, marks={booking.pk: DNA}, by=business_unit)

    assert charges(booking) == [(ChargeKind.NON_ATTENDANCE, Decimal("100.00"), None)]


def test_marking_the_same_again_raises_nothing_new(business_unit):
    session, (booking,) = booked(1)
    first = register_mark(session=session, marks={booking.pk: DNA}, by=business_unit)

    again = register_mark(session=session, marks={booking.pk: DNA}, by=business_unit)

    assert len(first.raised) == 1
    assert again.raised == []
    assert again.removed == []
