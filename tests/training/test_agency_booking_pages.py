"""An agency lead's booking pages: their agency's bookings (and no other agency's), booking a
colleague onto a session with the agency fixed to theirs, and cancelling or handing on their
staff's places."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from training.models import Booking, BookingStatus
from training.services.bookings import booking_create

from ..factories import UserFactory
from .factories import SessionFactory, attendee

pytestmark = pytest.mark.django_db


def soon(days=2):
    """A session inside the late-cancellation window."""
    starts = (timezone.now() + datetime.timedelta(days=days)).replace(second=0, microsecond=0)
    return SessionFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))


def test_the_session_page_offers_an_agency_lead_to_book_a_colleague(client, agency_lead_a):
    session = SessionFactory()
    client.force_login(agency_lead_a)

    page = client.get(reverse("training:session", args=[session.pk])).content.decode()

    assert reverse("training_staff:agency_book", args=[session.pk]) in page
    assert "Book a colleague" in page


def colleague(n=1):
    return {
        "name": f"Officer {n}",
        "email": f"officer{n}@met.example",
        "job_title": "Detective constable",
        "line_manager_email": "sergeant@met.example",
    }


def agency_booking(agency, session=None, n=1):
    return booking_create(session=session or SessionFactory(), attendee=attendee(n, agency=agency))


def test_an_agency_lead_sees_only_their_agencys_bookings(client, agency_lead_a, agency_b):
    ours = agency_booking(agency_lead_a.agency)
    agency_booking(agency_b, n=2)
    client.force_login(agency_lead_a)

    response = client.get(reverse("training_staff:agency_bookings"))

    assert response.context["bookings"] == [ours]
    assert "Attendee 2" not in response.content.decode()


def test_the_agency_list_filters_by_session_and_status(client, agency_lead_a):
    agency = agency_lead_a.agency
    session = SessionFactory(capacity=1)
    confirmed = agency_booking(agency, session, 1)
    waiting = agency_booking(agency, session, 2)
    elsewhere = agency_booking(agency, n=3)
    client.force_login(agency_lead_a)
    url = reverse("training_staff:agency_bookings")

    by_session = client.get(url, {"session": session.pk}).context["bookings"]
    by_status = client.get(url, {"status": "waiting"}).context["bookings"]
    past = client.get(url, {"when": "past"}).context["bookings"]

    assert set(by_session) == {confirmed, waiting} and elsewhere not in by_session
    assert by_status == [waiting]
    assert past == []


def test_the_agency_list_runs_the_same_queries_for_few_and_many_bookings(client, agency_lead_a):
    client.force_login(agency_lead_a)

    def queries(count):
        for n in range(count):
            agency_booking(agency_lead_a.agency, n=n + 100 * count)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("training_staff:agency_bookings")).status_code == 200
        return len(captured)

    assert queries(2) == queries(20)


@pytest.mark.parametrize(
    "page",
    [
        "training_staff:agency_booking",
        "training_staff:agency_cancel",
        "training_staff:agency_substitute",
    ],
)
def test_another_agencys_booking_is_not_found(client, agency_lead_b, agency_a, page):
    theirs = agency_booking(agency_a)
    client.force_login(agency_lead_b)

    assert client.get(reverse(page, args=[theirs.pk])).status_code == 404
    assert client.post(reverse(page, args=[theirs.pk]), colleague()).status_code == 404
    assert Booking.objects.get(pk=theirs.pk).status == BookingStatus.CONFIRMED


def test_an_agency_lead_books_a_colleague_onto_their_own_agency(
    client, agency_lead_a, agency_b, mailoutbox, django_capture_on_commit_callbacks
):
    colleague_account = UserFactory(email="officer1@met.example", agency=agency_lead_a.agency)
    session = SessionFactory()
    client.force_login(agency_lead_a)

    with django_capture_on_commit_callbacks(execute=True):
        # An agency in the post is ignored: the lead books for their own agency only.
        response = client.post(
            reverse("training_staff:agency_book", args=[session.pk]),
            {**colleague(), "agency": agency_b.pk},
        )

    booking = Booking.objects.get()
    assert response["Location"] == reverse("training_staff:agency_booking", args=[booking.pk])
    assert (booking.agency, booking.booked_by, booking.user) == (
        agency_lead_a.agency,
        agency_lead_a,
        colleague_account,
    )
    [message] = mailoutbox
    assert message.to == ["officer1@met.example"]
    assert message.subject.startswith("Your place is confirmed")


def test_an_agency_lead_cancels_and_hands_on_their_staffs_places(client, agency_lead_a):
    late = agency_booking(agency_lead_a.agency, soon(), 1)
    handed = agency_booking(agency_lead_a.agency, n=2)
    client.force_login(agency_lead_a)

    warning = client.get(reverse("training_staff:agency_cancel", args=[late.pk])).content.decode()
    client.post(reverse("training_staff:agency_cancel", args=[late.pk]))
    client.post(reverse("training_staff:agency_substitute", args=[handed.pk]), colleague(3))

    assert "Cancelling now costs Metropolitan Police Service £100" in warning
    assert Booking.objects.get(pk=late.pk).cancelled_by == agency_lead_a
    assert Booking.objects.get(replaces=handed).attendee_email == "officer3@met.example"


def test_agency_leads_find_their_bookings_from_the_dashboard(client, agency_lead_a, practitioner):
    client.force_login(agency_lead_a)
    lead_links = [link.title for link in client.get(reverse("portal:dashboard")).context["links"]]
    client.force_login(practitioner)
    own_links = [link.title for link in client.get(reverse("portal:dashboard")).context["links"]]

    assert "Training bookings" in lead_links and "Training bookings" not in own_links
    assert "Your training" in own_links
