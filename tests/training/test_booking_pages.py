"""The booking pages: a practitioner books, cancels and hands on their own places; an agency
lead does the same for their agency; a line manager approves and an attendee declines a late
offer by an emailed link. Another person's or agency's booking is a 404."""

import contextlib
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from training.models import Booking, BookingStatus, Charge, ChargeKind, PlacePrice
from training.services import emails
from training.services.bookings import booking_create
from training.services.emails import link_token

from ..factories import UserFactory
from .factories import CourseFactory, SessionFactory, attendee

pytestmark = pytest.mark.django_db


@pytest.fixture
def prices():
    PlacePrice.objects.create(agency_kind="health", amount=Decimal("75.00"))
    PlacePrice.objects.create(agency_kind="voluntary", amount=Decimal("40.00"))


@pytest.fixture
def beforehand(django_capture_on_commit_callbacks, mailoutbox):
    """Set-up whose emails go, and are forgotten, before the step the test is about."""

    @contextlib.contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        mailoutbox.clear()

    return block


def own(user, session=None, **kwargs):
    """A booking made under the user's account."""
    return booking_create(
        session=session or SessionFactory(),
        attendee=attendee(0, email=user.email, agency=user.agency, user=user),
        **kwargs,
    )


def details(**overrides):
    return {
        "job_title": "Health visitor",
        "line_manager_email": "manager@nelft.example",
        **overrides,
    }


def soon(days=2):
    """A session inside the late-cancellation window."""
    starts = (timezone.now() + datetime.timedelta(days=days)).replace(second=0, microsecond=0)
    return SessionFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))


def subjects(mailoutbox):
    return [(message.subject.split(":")[0], message.to) for message in mailoutbox]


# Booking a place


def test_the_booking_page_shows_the_price_for_each_kind_of_agency_and_the_charge_rule(
    client, practitioner, prices
):
    session = SessionFactory()
    client.force_login(practitioner)

    page = client.get(reverse("training:book", args=[session.pk])).content.decode()

    assert f"A place costs {practitioner.agency} £75" in page
    assert "Voluntary or community group" in page and "£40" in page
    assert "costs the agency £100" in page
    assert "the place will be confirmed straight away" in page


def test_a_practitioner_checks_then_books_and_is_emailed_the_confirmation(
    client, practitioner, prices, mailoutbox, django_capture_on_commit_callbacks
):
    session = SessionFactory()
    url = reverse("training:book", args=[session.pk])
    client.force_login(practitioner)
    answers = details(agency=practitioner.agency_id)

    check = client.post(url, answers)
    assert check.templates[0].name == "training/booking/book_check.html"
    assert "£75, charged to NELFT NHS Foundation Trust" in check.content.decode()
    assert not Booking.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**answers, "confirm": "yes"})

    booking = Booking.objects.get()
    assert response["Location"] == reverse("training:booking", args=[booking.pk])
    assert (booking.user, booking.booked_by, booking.status) == (
        practitioner,
        practitioner,
        BookingStatus.CONFIRMED,
    )
    assert (booking.attendee_email, booking.price) == (practitioner.email, Decimal("75.00"))
    assert subjects(mailoutbox) == [("Your place is confirmed", [practitioner.email])]
    assert "is confirmed" in client.get(response["Location"]).content.decode()


def test_changing_the_answers_goes_back_to_the_filled_in_form(client, practitioner):
    session = SessionFactory()
    client.force_login(practitioner)

    response = client.post(
        reverse("training:book", args=[session.pk]),
        {**details(agency=practitioner.agency_id), "change": "yes"},
    )

    assert response.templates[0].name == "training/booking/book.html"
    assert 'value="manager@nelft.example"' in response.content.decode()
    assert not Booking.objects.exists()


def test_a_full_session_puts_them_on_the_waiting_list_and_says_where(client, practitioner):
    session = SessionFactory(capacity=1)
    booking_create(session=session, attendee=attendee(1))
    booking_create(session=session, attendee=attendee(2))
    client.force_login(practitioner)

    response = client.post(
        reverse("training:book", args=[session.pk]),
        {**details(agency=practitioner.agency_id), "confirm": "yes"},
        follow=True,
    )

    page = response.content.decode()
    assert "on the waiting list" in page
    assert "number 2 on the waiting list" in page


def test_a_course_needing_approval_holds_the_place_and_asks_the_line_manager(
    client, practitioner, mailoutbox, django_capture_on_commit_callbacks
):
    session = SessionFactory(course=CourseFactory(needs_manager_approval=True))
    client.force_login(practitioner)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("training:book", args=[session.pk]),
            {**details(agency=practitioner.agency_id), "confirm": "yes"},
        )

    assert Booking.objects.get().status == BookingStatus.AWAITING_APPROVAL
    assert subjects(mailoutbox) == [
        ("Please approve a training booking for Test Practitioner", ["manager@nelft.example"])
    ]


def test_an_unverified_practitioner_is_asked_to_confirm_their_email_and_cannot_book(client):
    user = UserFactory(email_verified=False)
    session = SessionFactory()
    client.force_login(user)
    url = reverse("training:book", args=[session.pk])

    page = client.get(url).content.decode()
    client.post(url, {**details(agency=user.agency_id), "confirm": "yes"})

    assert "Confirm your email address before you book" in page
    assert reverse("resend_verification") in page
    assert not Booking.objects.exists()


def test_the_line_manager_must_be_someone_else(client, practitioner):
    client.force_login(practitioner)

    response = client.post(
        reverse("training:book", args=[SessionFactory().pk]),
        details(agency=practitioner.agency_id, line_manager_email=practitioner.email.upper()),
    )

    assert response.context["form"].errors == {
        "line_manager_email": ["Enter your line manager’s email address, not the attendee’s own"]
    }
    assert response.content.decode().count("govuk-error-summary") >= 1


def test_a_refusal_from_the_booking_rules_shows_as_the_error_summary(client, practitioner):
    session = SessionFactory()
    # Booked by someone else under the same address, so not found among their own bookings.
    booking_create(session=session, attendee=attendee(9, email=practitioner.email))
    client.force_login(practitioner)

    response = client.post(
        reverse("training:book", args=[session.pk]),
        {**details(agency=practitioner.agency_id), "confirm": "yes"},
    )

    summary = response.content.decode().split('class="govuk-error-summary"')[1]
    assert "already has a place or a waiting-list place" in summary.split("</div>")[0]
    assert Booking.objects.count() == 1


def test_a_booked_or_cancelled_session_is_not_offered_again(client, practitioner):
    booking = own(practitioner)
    cancelled = SessionFactory(status="cancelled")
    client.force_login(practitioner)

    booked = client.get(reverse("training:book", args=[booking.session_id])).content.decode()
    closed = client.get(reverse("training:book", args=[cancelled.pk])).content.decode()

    assert "You have already booked this session" in booked
    assert "This session has been cancelled" in closed


# The practitioner's own bookings


def test_my_bookings_lists_upcoming_and_past_with_status_price_and_charges(
    client, practitioner, prices
):
    upcoming = own(practitioner, SessionFactory(course__title="Working with families"))
    past = Booking.objects.create(
        session=SessionFactory(
            course__title="Neglect toolkit",
            starts_at=timezone.now() - datetime.timedelta(days=30),
            ends_at=timezone.now() - datetime.timedelta(days=30, hours=-2),
        ),
        user=practitioner, attendee_name="Test Practitioner", attendee_email=practitioner.email,
        job_title="Nurse", agency=practitioner.agency, line_manager_email="m@nelft.example",
        status=BookingStatus.DID_NOT_ATTEND, queued_at=timezone.now(), price=Decimal("75"),
    )  # fmt: skip
    Charge.objects.create(
        booking=past, agency=past.agency, kind=ChargeKind.NON_ATTENDANCE,
        amount=Decimal("100"), raised_on=timezone.localdate(),
    )  # fmt: skip
    someone_else = UserFactory(agency=practitioner.agency)
    own(someone_else, SessionFactory(course__title="Not mine"))
    client.force_login(practitioner)

    response = client.get(reverse("training:my_bookings"))
    page = response.content.decode()

    assert response.context["upcoming"] == [upcoming]
    assert response.context["past"] == [past]
    assert "Did not attend: £100" in page and "£75" in page
    assert reverse("training:cancel", args=[upcoming.pk]) in page
    assert reverse("training:substitute", args=[upcoming.pk]) in page
    assert "Not mine" not in page


def test_my_bookings_offers_a_late_offer_its_free_decline_link(client, practitioner):
    booking = own(practitioner)
    Booking.objects.filter(pk=booking.pk).update(offered_late=True)
    client.force_login(practitioner)

    page = client.get(reverse("training:my_bookings")).content.decode()

    assert "Decline the late offer" in page and "/training/decline/" in page


def test_my_bookings_runs_the_same_queries_for_few_and_many_bookings(client, practitioner):
    client.force_login(practitioner)

    def queries(count):
        for _ in range(count):
            own(practitioner)
            Booking.objects.create(
                session=SessionFactory(
                    starts_at=timezone.now() - datetime.timedelta(days=9),
                    ends_at=timezone.now() - datetime.timedelta(days=8),
                ),
                user=practitioner, attendee_name="T", attendee_email=practitioner.email,
                job_title="Nurse", agency=practitioner.agency, line_manager_email="m@x.example",
                status=BookingStatus.ATTENDED, queued_at=timezone.now(),
            )  # fmt: skip
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("training:my_bookings")).status_code == 200
        return len(captured)

    assert queries(1) == queries(12)


@pytest.mark.parametrize("page", ["training:booking", "training:cancel", "training:substitute"])
def test_another_persons_booking_is_not_found(client, practitioner, page):
    theirs = own(UserFactory(agency=practitioner.agency))
    client.force_login(practitioner)

    assert client.get(reverse(page, args=[theirs.pk])).status_code == 404
    assert client.post(reverse(page, args=[theirs.pk])).status_code == 404
    assert Booking.objects.get(pk=theirs.pk).status == BookingStatus.CONFIRMED


def test_cancelling_asks_first_then_cancels_and_offers_the_place_to_the_waiting_list(
    client, practitioner, mailoutbox, django_capture_on_commit_callbacks, beforehand
):
    session = SessionFactory(capacity=1)
    with beforehand():
        booking = own(practitioner, session)
        waiting = booking_create(session=session, attendee=attendee(2))
    url = reverse("training:cancel", args=[booking.pk])
    client.force_login(practitioner)

    page = client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert "Cancel the booking?" in page and "costs nothing" in page
    assert response["Location"] == reverse("training:my_bookings")
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED
    assert Booking.objects.get(pk=waiting.pk).status == BookingStatus.CONFIRMED
    assert sorted(subjects(mailoutbox)) == [
        ("A place has come free for you", ["attendee2@agency.example"]),
        ("Booking cancelled", [practitioner.email]),
    ]


def test_cancelling_late_warns_of_the_charge_and_charges_it(client, practitioner):
    booking = own(practitioner, soon())
    url = reverse("training:cancel", args=[booking.pk])
    client.force_login(practitioner)

    page = client.get(url).content.decode()
    client.post(url)

    assert f"Cancelling now costs {practitioner.agency} £100" in page
    assert Charge.objects.get(booking=booking).kind == ChargeKind.LATE_CANCELLATION


def test_a_place_offered_late_is_cancelled_without_a_warning_or_a_charge(client, practitioner):
    booking = own(practitioner, soon())
    Booking.objects.filter(pk=booking.pk).update(offered_late=True)
    url = reverse("training:cancel", args=[booking.pk])
    client.force_login(practitioner)

    page = client.get(url).content.decode()
    client.post(url)

    assert "Cancelling now costs" not in page
    assert not Charge.objects.exists()


def test_a_booking_that_cannot_be_cancelled_says_why_and_offers_no_button(client, practitioner):
    booking = own(practitioner)
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)
    client.force_login(practitioner)

    response = client.post(reverse("training:cancel", args=[booking.pk]))

    page = response.content.decode()
    assert "This booking is cancelled: it cannot be cancelled" in page
    assert "govuk-error-summary" in page and "Cancel the booking</button>" not in page


def test_handing_a_place_to_a_colleague_keeps_the_agency_and_emails_them_both(
    client, practitioner, mailoutbox, django_capture_on_commit_callbacks, beforehand
):
    with beforehand():
        booking = own(practitioner)
    client.force_login(practitioner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("training:substitute", args=[booking.pk]),
            {
                "name": "Sam Colleague",
                "email": "sam@nelft.example",
                "job_title": "School nurse",
                "line_manager_email": "manager@nelft.example",
            },
        )

    colleague = Booking.objects.get(replaces=booking)
    assert response["Location"] == reverse("training:my_bookings")
    assert (colleague.attendee_name, colleague.agency, colleague.status) == (
        "Sam Colleague",
        practitioner.agency,
        BookingStatus.CONFIRMED,
    )
    assert sorted(subjects(mailoutbox)) == [
        ("A colleague has given you their place", ["sam@nelft.example"]),
        ("Booking cancelled", [practitioner.email]),
    ]
    assert not Charge.objects.exists()


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("sam@gmail.com", "not a personal one"),
        ("PRACTITIONER@agency.example", "not the attendee’s"),
    ],
)
def test_the_colleague_must_be_someone_else_at_a_work_address(client, practitioner, email, error):
    booking = own(practitioner)
    client.force_login(practitioner)

    response = client.post(
        reverse("training:substitute", args=[booking.pk]),
        {"name": "Sam", "email": email, "job_title": "Nurse", "line_manager_email": "m@x.example"},
    )

    assert error in response.context["form"].errors["email"][0]
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED


# Links in emails


def test_a_line_manager_approves_by_the_link_without_an_account(
    client, mailoutbox, django_capture_on_commit_callbacks, beforehand
):
    with beforehand():
        booking = booking_create(
            session=SessionFactory(course=CourseFactory(needs_manager_approval=True)),
            attendee=attendee(1),
        )
    url = reverse("training:approve", args=[link_token(booking, "approve")])

    page = client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"decision": "approve"}).content.decode()

    assert "Attendee 1" in page and "Do not approve" in page
    assert "Booking approved" in done
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED
    assert subjects(mailoutbox) == [("Your place is confirmed", ["attendee1@agency.example"])]


def test_a_line_manager_who_does_not_approve_frees_the_place(
    client, mailoutbox, django_capture_on_commit_callbacks, beforehand
):
    with beforehand():
        booking = booking_create(
            session=SessionFactory(course=CourseFactory(needs_manager_approval=True)),
            attendee=attendee(1),
        )

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("training:approve", args=[link_token(booking, "approve")]),
            {"decision": "refuse"},
        ).content.decode()

    assert "Booking not approved" in done
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.REFUSED
    assert subjects(mailoutbox) == [("Booking not approved", ["attendee1@agency.example"])]


def test_a_booking_no_longer_awaiting_approval_says_so(client):
    booking = booking_create(session=SessionFactory(), attendee=attendee(1))
    url = reverse("training:approve", args=[link_token(booking, "approve")])

    page = client.get(url).content.decode()
    posted = client.post(url, {"decision": "approve"}).content.decode()

    assert "no longer awaiting approval: it is confirmed" in page
    assert "there is nothing to approve" in posted


def test_an_altered_link_gives_a_clear_page(client):
    booking = booking_create(session=SessionFactory(), attendee=attendee(1))
    token = link_token(booking, "approve")

    altered = client.get(reverse("training:approve", args=[token[:-2] + "xx"]))
    wrong_purpose = client.get(reverse("training:decline", args=[token]))

    assert altered.status_code == 200 and "This link does not work" in altered.content.decode()
    assert "This link does not work" in wrong_purpose.content.decode()


def test_an_expired_link_says_it_has_expired(client, monkeypatch):
    booking = booking_create(session=SessionFactory(), attendee=attendee(1))
    token = link_token(booking, "approve")
    monkeypatch.setitem(emails.LINK_DAYS, "approve", -1)

    response = client.post(reverse("training:approve", args=[token]), {"decision": "approve"})

    assert "This link has expired" in response.content.decode()


def test_an_attendee_declines_a_late_offer_free_and_the_next_person_is_offered_it(
    client, mailoutbox, django_capture_on_commit_callbacks, beforehand
):
    session = soon()
    session.capacity = 1
    session.save()
    with beforehand():
        offered = booking_create(session=session, attendee=attendee(1))
        waiting = booking_create(session=session, attendee=attendee(2))
    Booking.objects.filter(pk=offered.pk).update(offered_late=True)
    url = reverse("training:decline", args=[link_token(offered, "decline")])

    page = client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url).content.decode()

    assert "Decline the place" in page
    assert "Place declined" in done and "There is no charge" in done
    assert Booking.objects.get(pk=offered.pk).status == BookingStatus.DECLINED
    assert Booking.objects.get(pk=waiting.pk).status == BookingStatus.CONFIRMED
    assert not Charge.objects.exists()
    assert [message.to for message in mailoutbox] == [["attendee2@agency.example"]]


def test_a_place_that_was_not_a_late_offer_cannot_be_declined_by_the_link(client):
    booking = booking_create(session=SessionFactory(), attendee=attendee(1))
    url = reverse("training:decline", args=[link_token(booking, "decline")])

    page = client.get(url).content.decode()
    posted = client.post(url).content.decode()

    assert "was not offered at short notice" in page
    assert "not a late offer" in posted
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED


# The public session page


def test_the_session_page_offers_a_practitioner_a_place_at_their_agencys_price(
    client, practitioner, prices
):
    session = SessionFactory()
    client.force_login(practitioner)

    page = client.get(reverse("training:session", args=[session.pk])).content.decode()

    assert "Book a place" in page and reverse("training:book", args=[session.pk]) in page
    assert f"A place costs {practitioner.agency} £75" in page


def test_the_session_page_shows_a_practitioner_their_own_booking(client, practitioner):
    booking = own(practitioner, SessionFactory(capacity=1))
    client.force_login(practitioner)

    page = client.get(reverse("training:session", args=[booking.session_id])).content.decode()

    assert "You have booked this session" in page and "Book a place" not in page
