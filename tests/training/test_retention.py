"""Training bookings of people who left are anonymised once their period has passed, and the
programme's figures stay as they were (training.services.retention)."""

import datetime
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from partnership.models import User
from partnership.services.retention import retention_apply, retention_plan
from training.models import (
    Booking,
    BookingStatus,
    ChargeKind,
    EmailKind,
    Evaluation,
    ImpactResponse,
    Respondent,
    SentEmail,
)
from training.services.retention import ANONYMISED_NAME, WAIVER_REASON_REMOVED
from training.services.statistics import programme_statistics

from ..factories import AgencyFactory, UserFactory
from .factories import BookingFactory, ChargeFactory, SessionFactory

TODAY = datetime.date(2026, 6, 14)
# The first day whose sessions are still kept: six years before TODAY.
EDGE = datetime.date(2020, 6, 14)


@pytest.fixture(autouse=True)
def periods(settings):
    settings.RETENTION = {**settings.RETENTION, "training_bookings": {"years": 6}}


def at(day, hour=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def booking_on(starts_at, **fields):
    session = SessionFactory(starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=3))
    return BookingFactory(session=session, **{"status": BookingStatus.ATTENDED, **fields})


def anonymised(booking) -> bool:
    booking.refresh_from_db()
    return booking.attendee_name == ANONYMISED_NAME


def due_count():
    plan = retention_plan(today=TODAY)
    return next(row.count for row in plan if row.rule.kind == "training_bookings")


def test_a_booking_just_inside_the_period_is_kept_and_one_just_past_it_is_anonymised(db):
    kept = booking_on(at(EDGE))
    gone = booking_on(at(EDGE) - datetime.timedelta(seconds=1))

    retention_apply(today=TODAY)

    assert not anonymised(kept)
    assert anonymised(gone)


def test_an_attendee_who_booked_again_since_keeps_every_booking(db):
    old = booking_on(at(EDGE - relativedelta(years=3)), attendee_email="Sam.Jones@agency.example")
    booking_on(at(TODAY + datetime.timedelta(days=30)), attendee_email="sam.jones@agency.example")

    retention_apply(today=TODAY)

    assert not anonymised(old)


def test_an_attendee_who_signed_in_since_keeps_their_bookings(db):
    user = UserFactory(email="sam.jones@agency.example")
    User.objects.filter(pk=user.pk).update(
        last_login=at(TODAY - relativedelta(years=1)),
        date_joined=at(EDGE - relativedelta(years=9)),
    )
    by_email = booking_on(
        at(EDGE - relativedelta(years=2)), attendee_email="SAM.JONES@agency.example"
    )
    by_account = booking_on(at(EDGE - relativedelta(years=2)), user=user)

    retention_apply(today=TODAY)

    assert not anonymised(by_email)
    assert not anonymised(by_account)


def test_a_closed_account_does_not_bring_the_clock_forward(db):
    user = UserFactory(is_active=False)
    User.objects.filter(pk=user.pk).update(
        last_login=at(EDGE - relativedelta(years=1)), date_joined=at(EDGE - relativedelta(years=9))
    )
    recent = booking_on(at(EDGE + relativedelta(years=1)), user=user)
    older = booking_on(
        at(EDGE - relativedelta(years=1)), user=user, attendee_email="old@agency.example"
    )

    retention_apply(today=TODAY)

    assert not anonymised(recent)
    assert not anonymised(older)  # the same person, by their account, booked since


def test_anonymising_removes_what_names_the_attendee_and_keeps_what_the_figures_need(
    db, business_unit
):
    agency = AgencyFactory(name="Thameside Primary School")
    user = UserFactory(email="sam.jones@agency.example")
    User.objects.filter(pk=user.pk).update(
        last_login=at(EDGE - relativedelta(years=2)), date_joined=at(EDGE - relativedelta(years=3))
    )
    starts = at(EDGE - relativedelta(years=1), hour=9)
    booking = booking_on(
        starts,
        user=user,
        attendee_name="Sam Jones",
        attendee_email="sam.jones@agency.example",
        job_title="Designated safeguarding lead, Thameside Primary",
        line_manager_email="head@thameside-primary.example",
        agency=agency,
        booked_by=business_unit,
        attendance_marked_by=business_unit,
        price=Decimal("45.00"),
        left_early=True,
        status=BookingStatus.DID_NOT_ATTEND,
    )
    Evaluation.objects.create(
        booking=booking,
        objectives_met=True,
        equipped=False,
        would_recommend=True,
        comments="As the only DSL at Thameside Primary I found this useful.",
    )
    ImpactResponse.objects.create(
        booking=booking,
        respondent=Respondent.LINE_MANAGER,
        practice_change="Sam now leads our staff briefings.",
        may_quote=True,
    )
    SentEmail.objects.create(
        booking=booking, kind=EmailKind.CONFIRMATION, recipients="sam.jones@agency.example"
    )
    charge = ChargeFactory(
        booking=booking,
        kind=ChargeKind.NON_ATTENDANCE,
        waived_at=starts,
        waived_by=business_unit,
        waiver_reason="Sam Jones was in hospital that week",
    )
    figures_before = programme_statistics(EDGE - relativedelta(years=2), EDGE)

    retention_apply(today=TODAY)

    booking.refresh_from_db()
    assert booking.attendee_name == ANONYMISED_NAME
    assert booking.attendee_email == f"anonymised-{booking.pk}@retention.invalid"
    assert booking.job_title == ""
    assert booking.line_manager_email == "line-manager@retention.invalid"
    assert (booking.user_id, booking.booked_by_id, booking.attendance_marked_by_id) == (
        None,
        None,
        None,
    )
    assert booking.session.starts_at == starts
    assert booking.agency == agency
    assert booking.status == BookingStatus.DID_NOT_ATTEND
    assert (booking.price, booking.left_early) == (Decimal("45.00"), True)
    evaluation = Evaluation.objects.get(booking=booking)
    assert evaluation.comments == ""
    assert (evaluation.objectives_met, evaluation.equipped, evaluation.would_recommend) == (
        True,
        False,
        True,
    )
    response = ImpactResponse.objects.get(booking=booking)
    assert (response.practice_change, response.may_quote) == ("", False)
    assert not SentEmail.objects.filter(booking=booking).exists()
    charge.refresh_from_db()
    assert (charge.amount, charge.agency, charge.waived_at) == (Decimal("100.00"), agency, starts)
    assert (charge.waiver_reason, charge.waived_by) == (WAIVER_REASON_REMOVED, None)
    figures_after = programme_statistics(EDGE - relativedelta(years=2), EDGE)
    assert figures_after.bookings == figures_before.bookings == 1
    assert figures_after.did_not_attend == figures_before.did_not_attend == 1
    assert figures_after.agency_kinds == figures_before.agency_kinds
    assert figures_after.courses == figures_before.courses
    assert figures_after.objectives_met == figures_before.objectives_met
    # The account itself is another rule's: unused for two years, it is anonymised too.
    assert User.objects.get(pk=user.pk).email == ""


def test_two_bookings_on_one_session_can_both_be_anonymised(db):
    first = booking_on(at(EDGE - relativedelta(years=1)))
    second = BookingFactory(session=first.session, status=BookingStatus.ATTENDED)

    retention_apply(today=TODAY)

    assert anonymised(first) and anonymised(second)


def test_an_anonymised_booking_is_not_counted_again(db):
    booking_on(at(EDGE - relativedelta(years=1)))
    assert due_count() == 1

    retention_apply(today=TODAY)

    assert due_count() == 0
    assert Booking.objects.filter(attendee_name=ANONYMISED_NAME).count() == 1


def test_the_dry_run_changes_nothing(db):
    booking = booking_on(at(EDGE - relativedelta(years=1)), attendee_name="Sam Jones")

    plan = {row.rule.kind: row for row in retention_plan(today=TODAY)}

    assert plan["training_bookings"].count == 1
    assert plan["training_bookings"].oldest == EDGE - relativedelta(years=1)
    booking.refresh_from_db()
    assert booking.attendee_name == "Sam Jones"
