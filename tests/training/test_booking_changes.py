"""What happens to a booking after it is made: approval, refusal and release of a held place,
cancellation charges, late offers declined free, substitution, moves, a whole session
cancelled; and the emails each sends, once."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from partnership.models import AgencyKind
from training.models import (
    Booking,
    BookingStatus,
    ChargeKind,
    EmailKind,
    PlacePrice,
    SentEmail,
    SessionStatus,
)
from training.services import bookings, emails
from training.services.bookings import BookingError

from ..factories import AgencyFactory
from .factories import CourseFactory, SessionFactory, attendee

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["one statement", "portable"])
def booking_path(request, monkeypatch):
    monkeypatch.setattr(bookings, "SINGLE_STATEMENT", request.param == "one statement")


def book(session, *numbers, **kwargs):
    return [
        bookings.booking_create(session=session, attendee=attendee(n, **kwargs)) for n in numbers
    ]


def status_of(booking):
    return Booking.objects.get(pk=booking.pk).status


def held(session):
    session.refresh_from_db()
    return session.places_held


def sent(kind, booking=None):
    rows = SentEmail.objects.filter(kind=kind)
    if booking is not None:
        rows = rows.filter(booking=booking)
    return list(rows.values_list("recipients", flat=True))


def in_days(days, hour=10):
    return (timezone.now() + datetime.timedelta(days=days)).replace(hour=hour, minute=0)


# Approval by the line manager


def test_approval_confirms_the_held_place_and_emails_the_attendee(
    mailoutbox, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1, course=CourseFactory(needs_manager_approval=True))
    with django_capture_on_commit_callbacks(execute=True):
        (booking,) = book(session, 1)
    assert booking.status == BookingStatus.AWAITING_APPROVAL
    assert [m.to for m in mailoutbox] == [["manager1@agency.example"]]
    assert "/training/approve/" in mailoutbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        bookings.booking_approve(booking=booking)

    assert status_of(booking) == BookingStatus.CONFIRMED
    assert mailoutbox[-1].to == ["attendee1@agency.example"]
    assert mailoutbox[-1].attachments[0][0] == "session.ics"
    with pytest.raises(BookingError, match="nothing to approve"):
        bookings.booking_approve(booking=booking)


def test_a_refusal_gives_the_place_to_the_waiting_list():
    session = SessionFactory(capacity=1, course=CourseFactory(needs_manager_approval=True))
    first, second = book(session, 1, 2)

    promoted = bookings.booking_refuse(booking=first)

    assert status_of(first) == BookingStatus.REFUSED
    assert promoted.pk == second.pk
    # The next person's manager is asked in turn.
    assert status_of(second) == BookingStatus.AWAITING_APPROVAL
    assert held(session) == 1
    assert sent(EmailKind.APPROVAL_REQUEST, second) == ["manager2@agency.example"]


def test_a_place_not_approved_in_time_is_released_after_the_working_days():
    session = SessionFactory(
        capacity=1, starts_at=in_days(30), course=CourseFactory(needs_manager_approval=True)
    )
    first, second = book(session, 1, 2)
    # Asked on Friday 20 November 2026: three working days run to Wednesday 25th.
    Booking.objects.filter(pk=first.pk).update(
        approval_requested_at=datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC)
    )

    assert bookings.approvals_release(today=datetime.date(2026, 11, 25)) == 0
    assert bookings.approvals_release(today=datetime.date(2026, 11, 26)) == 1

    assert status_of(first) == BookingStatus.RELEASED
    assert status_of(second) == BookingStatus.AWAITING_APPROVAL
    assert held(session) == 1
    assert sent(EmailKind.RELEASED, first) == ["attendee1@agency.example"]
    # Running again releases nothing more.
    assert bookings.approvals_release(today=datetime.date(2026, 11, 26)) == 0


# Cancellation charges and late offers


def test_cancelling_late_is_charged_to_the_agency_and_early_is_free():
    late = SessionFactory(capacity=2, starts_at=in_days(2))
    early = SessionFactory(capacity=2, starts_at=in_days(40))
    (late_booking,) = book(late, 1)
    (early_booking,) = book(early, 1)

    bookings.booking_cancel(booking=late_booking)
    bookings.booking_cancel(booking=early_booking)

    (charge,) = late_booking.charges.all()
    assert (charge.kind, charge.amount) == (
        ChargeKind.LATE_CANCELLATION,
        settings.TRAINING_LATE_CHARGE,
    )
    assert charge.agency_id == late_booking.agency_id
    assert not early_booking.charges.exists()


def test_a_place_freed_late_is_an_offer_that_can_be_declined_free():
    session = SessionFactory(capacity=1, starts_at=in_days(2))
    first, second, third = book(session, 1, 2, 3)

    promoted = bookings.booking_cancel(booking=first)

    assert promoted.pk == second.pk
    second.refresh_from_db()
    assert second.offered_late and second.status == BookingStatus.CONFIRMED
    assert sent(EmailKind.LATE_OFFER, second) == ["attendee2@agency.example"]

    next_in_line = bookings.booking_decline(booking=second)

    assert status_of(second) == BookingStatus.DECLINED
    assert not second.charges.exists()
    assert next_in_line.pk == third.pk
    assert held(session) == 1


def test_cancelling_a_late_offer_is_never_charged_as_a_late_cancellation():
    session = SessionFactory(capacity=1, starts_at=in_days(2))
    first, second = book(session, 1, 2)
    bookings.booking_cancel(booking=first)

    bookings.booking_cancel(booking=Booking.objects.get(pk=second.pk))

    assert not Booking.objects.get(pk=second.pk).charges.exists()


def test_only_a_late_offer_can_be_declined():
    session = SessionFactory(capacity=1)
    (booking,) = book(session, 1)
    with pytest.raises(BookingError, match="not a late offer"):
        bookings.booking_decline(booking=booking)


# Prices


def test_the_place_price_for_the_agency_kind_is_kept_on_the_booking():
    PlacePrice.objects.create(agency_kind=AgencyKind.VOLUNTARY, amount="60.00")
    session = SessionFactory(capacity=2)
    charity = AgencyFactory(name="Riverside Youth Trust", kind=AgencyKind.VOLUNTARY)
    police = AgencyFactory(name="Thameside Police", kind=AgencyKind.POLICE)

    paid = bookings.booking_create(session=session, attendee=attendee(1, agency=charity))
    free = bookings.booking_create(session=session, attendee=attendee(2, agency=police))

    assert Booking.objects.get(pk=paid.pk).price == paid.price == 60
    assert Booking.objects.get(pk=free.pk).price == 0


# Substitution and moves


def test_a_substitute_takes_the_place_and_the_queue_position_without_a_charge():
    session = SessionFactory(capacity=1, starts_at=in_days(2))
    agency = AgencyFactory(name="Thameside Community Health")
    first, second = book(session, 1, 2, agency=agency)

    colleague = bookings.booking_substitute(booking=first, attendee=attendee(9, agency=agency))

    assert status_of(first) == BookingStatus.SUBSTITUTED
    assert colleague.status == BookingStatus.CONFIRMED
    assert colleague.replaces_id == first.pk
    assert colleague.queued_at == Booking.objects.get(pk=first.pk).queued_at
    assert status_of(second) == BookingStatus.WAITING
    assert held(session) == 1
    assert not first.charges.exists()
    assert sent(EmailKind.SUBSTITUTION, colleague) == ["attendee9@agency.example"]


def test_a_place_goes_only_to_a_colleague_from_the_same_agency():
    session = SessionFactory(capacity=1)
    (booking,) = book(session, 1)
    other = AgencyFactory(name="Thameside Borough Council", kind=AgencyKind.LOCAL_AUTHORITY)

    with pytest.raises(BookingError, match="colleague from"):
        bookings.booking_substitute(booking=booking, attendee=attendee(9, agency=other))
    assert status_of(booking) == BookingStatus.CONFIRMED


def test_a_move_takes_a_place_on_the_new_session_and_frees_the_old(django_user_model):
    staff = django_user_model.objects.create(username="bu", role="business_unit")
    old = SessionFactory(capacity=1)
    new = SessionFactory(capacity=1, course=old.course)
    first, second = book(old, 1, 2)

    moved = bookings.booking_move(booking=first, to=new, by=staff)

    assert (moved.session_id, moved.status) == (new.pk, BookingStatus.CONFIRMED)
    assert status_of(first) == BookingStatus.MOVED
    assert status_of(second) == BookingStatus.CONFIRMED
    assert (held(old), held(new)) == (1, 1)
    with pytest.raises(BookingError, match="no places left"):
        bookings.booking_move(booking=Booking.objects.get(pk=second.pk), to=new, by=staff)
    assert status_of(second) == BookingStatus.CONFIRMED


def test_cancelling_a_session_ends_every_booking_uncharged_and_tells_everyone(django_user_model):
    staff = django_user_model.objects.create(username="bu", role="business_unit")
    session = SessionFactory(capacity=1, starts_at=in_days(2))
    first, second = book(session, 1, 2)

    assert bookings.session_cancel(session=session, by=staff) == 2

    session.refresh_from_db()
    assert (session.status, session.places_held, session.ics_sequence) == (
        SessionStatus.CANCELLED,
        0,
        1,
    )
    assert {status_of(first), status_of(second)} == {BookingStatus.CANCELLED}
    assert not first.charges.exists()
    assert len(sent(EmailKind.SESSION_CANCELLED)) == 2
    with pytest.raises(BookingError, match="cancelled"):
        book(session, 3)


# The outbox


def test_an_email_is_sent_once_however_often_the_outbox_is_emptied(mailoutbox):
    session = SessionFactory(capacity=1)
    (booking,) = book(session, 1)

    assert emails.emails_send_pending() == 1
    assert emails.emails_send_pending() == 0
    emails.send_after_commit(booking, EmailKind.CONFIRMATION)  # queued again: refused
    assert emails.emails_send_pending() == 0

    assert len(mailoutbox) == 1
    assert SentEmail.objects.get(booking=booking).sent_at is not None
    calendar = mailoutbox[0].attachments[0][1]
    calendar = calendar.decode() if isinstance(calendar, bytes) else calendar
    assert "METHOD:PUBLISH" in calendar and "BEGIN:VTIMEZONE" in calendar
    assert f"UID:training-session-{session.pk}@" in calendar


def test_a_failed_send_stays_in_the_outbox_for_the_next_run(mailoutbox, monkeypatch):
    session = SessionFactory(capacity=1)
    book(session, 1)

    def broken(self, fail_silently=False):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with pytest.raises(OSError):
        emails.emails_send_pending()
    monkeypatch.undo()

    assert SentEmail.objects.filter(sent_at__isnull=True).count() == 1
    assert emails.emails_send_pending() == 1


def test_plain_text_emails_are_not_html_escaped(mailoutbox):
    session = SessionFactory(capacity=1, course=CourseFactory(title="Fathers & families"))
    bookings.booking_create(
        session=session,
        attendee=bookings.Attendee(
            name="Siobhán O'Neil",
            email="s.oneil@agency.example",
            job_title="Health visitor",
            agency=AgencyFactory(name="Thameside Community Health"),
            line_manager_email="manager@agency.example",
        ),
    )
    emails.emails_send_pending()

    (message,) = mailoutbox
    assert "Fathers & families" in message.subject
    assert "Dear Siobhán O'Neil," in message.body
