"""The register and charges pages through the test client: marking a register in one POST,
the sign-in sheet PDF and the register CSV, the charges list with its filters and its scoping
to an agency lead's own agency, waiving with a reason, the statement and its downloads, and
query counts that do not grow with the rows. Which role may open which page at all is the URL
x role matrix's job (tests/partnership/test_access.py)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from partnership.models import AgencyKind
from training.models import BookingStatus, Charge, ChargeKind, PlacePrice, Session
from training.services.bookings import places_recount

from ..factories import AgencyFactory
from .factories import BookingFactory, ChargeFactory, SessionFactory

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def signed_in(client, business_unit):
    client.force_login(business_unit)
    return client


def page(response):
    assert response.status_code == 200
    return response.content.decode()


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def started_session(**kwargs):
    starts = timezone.now() - datetime.timedelta(hours=1)
    kwargs.setdefault("venue", "Thameside Civic Centre, Room 2")
    kwargs.setdefault("trainer", "Jo Adeyemi")
    return SessionFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), **kwargs)


def on_register(session, *names, agency=None, **kwargs):
    bookings = [
        BookingFactory(
            session=session, attendee_name=name, **({"agency": agency} if agency else {}), **kwargs
        )
        for name in names
    ]
    places_recount(Session.objects.filter(pk=session.pk))
    return bookings


def register_url(session):
    return reverse("training_staff:register", args=[session.pk])


# Marking the register


def test_the_register_lists_each_confirmed_attendee_with_a_question(signed_in):
    session = started_session()
    first, second = on_register(session, "Ada Byrne", "Sam Okafor")
    BookingFactory(session=session, attendee_name="Wendy Waiting", status=BookingStatus.WAITING)

    html = page(signed_in.get(register_url(session)))

    assert "Ada Byrne, Social worker, Thameside Community Health" in html
    # Attended, did not attend, left early: three radios each.
    assert html.count(f'name="booking_{first.pk}"') == 3
    assert html.count(f'name="booking_{second.pk}"') == 3
    assert 'value="left_early"' in html
    assert "Wendy Waiting" not in html


def test_one_post_marks_everyone_and_raises_the_charges(signed_in, business_unit):
    session = started_session()
    came, missed, left = on_register(session, "Ada Byrne", "Sam Okafor", "Tom Reid")

    response = signed_in.post(
        register_url(session),
        {
            f"booking_{came.pk}": "attended",
            f"booking_{missed.pk}": "did_not_attend",
            f"booking_{left.pk}": "left_early",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == register_url(session)
    assert messages_of(response) == ["Register saved: 2 charges raised"]
    statuses = dict(session.bookings.values_list("attendee_name", "status"))
    assert statuses == {
        "Ada Byrne": BookingStatus.ATTENDED,
        "Sam Okafor": BookingStatus.DID_NOT_ATTEND,
        "Tom Reid": BookingStatus.DID_NOT_ATTEND,
    }
    left.refresh_from_db()
    assert left.left_early and left.attendance_marked_by == business_unit
    html = page(signed_in.get(register_url(session)))
    assert html.count("Did not attend") >= 2
    assert "No charges have been raised" not in html
    assert "Waive<span" in html


def test_a_register_missing_an_answer_saves_nothing_and_names_who(signed_in):
    session = started_session()
    came, missed = on_register(session, "Ada Byrne", "Sam Okafor")

    response = signed_in.post(register_url(session), {f"booking_{came.pk}": "attended"})

    html = page(response)
    assert "<title>Error: " in html
    assert "Select whether Sam Okafor attended" in html
    assert not session.bookings.filter(status=BookingStatus.ATTENDED).exists()
    assert not Charge.objects.exists()


def test_an_answer_for_someone_no_longer_on_the_register_is_left_out(signed_in):
    session = started_session()
    came, gone = on_register(session, "Ada Byrne", "Sam Okafor")
    answers = {f"booking_{came.pk}": "did_not_attend", f"booking_{gone.pk}": "attended"}
    # Moved to another session after the page was drawn, before the answers came back.
    gone.status = BookingStatus.MOVED
    gone.save()

    response = signed_in.post(register_url(session), answers)

    assert response.status_code == 302
    came.refresh_from_db()
    gone.refresh_from_db()
    assert (came.status, gone.status) == (BookingStatus.DID_NOT_ATTEND, BookingStatus.MOVED)
    assert list(Charge.objects.values_list("booking", flat=True)) == [came.pk]


def test_a_session_on_a_later_day_shows_the_register_without_the_form(signed_in):
    session = SessionFactory()
    on_register(session, "Ada Byrne")

    html = page(signed_in.get(register_url(session)))

    assert "The register can be marked from the day of the session" in html
    assert "Ada Byrne" in html
    assert 'type="radio"' not in html


def test_an_empty_session_says_there_is_no_one_to_mark(signed_in):
    html = page(signed_in.get(register_url(started_session())))

    assert "there is no one to mark" in html


def test_the_register_is_for_the_business_unit_only(client, agency_lead_a):
    client.force_login(agency_lead_a)

    assert client.get(register_url(started_session())).status_code == 403


# The sign-in sheet and the register's CSV


def test_the_sign_in_sheet_is_a_pdf_with_a_row_for_each_attendee(signed_in):
    session = started_session(trainer="Jo Adeyemi")
    on_register(session, "Ada Byrne", "Sam Okafor")
    BookingFactory(session=session, attendee_name="Carl Cancelled", status=BookingStatus.CANCELLED)

    response = signed_in.get(reverse("training_staff:sign_in_sheet", args=[session.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in (
        session.course.title,
        "Thameside Civic Centre, Room 2",
        "Jo Adeyemi",
        "Ada Byrne",
        "Sam Okafor",
        "Thameside Community Health",
        "Signature",
    ):
        assert expected in text, expected
    assert "Carl Cancelled" not in text


def test_the_register_downloads_as_csv_with_formulas_escaped(signed_in):
    session = started_session()
    on_register(session, "Ada Byrne", status=BookingStatus.ATTENDED)
    (rogue,) = on_register(session, "=cmd|' /C calc'!A0", status=BookingStatus.DID_NOT_ATTEND)
    ChargeFactory(booking=rogue)

    response = signed_in.get(reverse("training_staff:register_csv", args=[session.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="register-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Name", "Email", "Job title", "Agency", "Line manager email", "Attendance", "Charges",
    ]  # fmt: skip
    assert [row[0] for row in rows[1:]] == ["'=cmd|' /C calc'!A0", "Ada Byrne"]
    assert rows[1][5:] == ["Did not attend", "Did not attend £100.00"]
    assert rows[2][5:] == ["Attended", ""]


# The charges list


def charge_to(agency, *, name="Sam Okafor", kind=ChargeKind.NON_ATTENDANCE, on=None, **kwargs):
    booking = BookingFactory(agency=agency, attendee_name=name)
    on = on or timezone.localdate(booking.session.starts_at)
    return ChargeFactory(booking=booking, kind=kind, raised_on=on, **kwargs)


def test_the_business_unit_sees_every_agencys_charges(signed_in, agency_a, agency_b):
    charge_to(agency_a, name="Police Officer")
    charge_to(agency_b, name="Health Visitor")

    html = page(signed_in.get(reverse("training_staff:charges")))

    assert "Police Officer" in html and "Health Visitor" in html
    assert "2 charges, £200 owed" in html


def test_an_agency_lead_sees_only_their_own_agencys_charges(client, agency_lead_a, agency_b):
    charge_to(agency_lead_a.agency, name="Police Officer")
    theirs = charge_to(agency_b, name="Health Visitor")
    client.force_login(agency_lead_a)

    html = page(client.get(reverse("training_staff:charges") + f"?agency={agency_b.pk}"))

    assert "Police Officer" in html
    assert "Health Visitor" not in html
    assert "/waive/" not in html
    response = client.get(reverse("training_staff:charge", args=[theirs.pk]))
    assert response.status_code == 404


def test_an_agency_lead_reads_their_own_charge(client, agency_lead_a):
    ours = charge_to(agency_lead_a.agency, name="Police Officer")
    client.force_login(agency_lead_a)

    html = page(client.get(reverse("training_staff:charge", args=[ours.pk])))

    assert "Police Officer" in html
    assert "Waive this charge" not in html


def test_the_charges_filter_by_period_kind_and_waived(signed_in, agency_a, agency_b):
    charge_to(agency_a, name="April Absence", on=datetime.date(2024, 4, 3))
    charge_to(agency_a, name="May Absence", on=datetime.date(2024, 5, 3))
    charge_to(agency_b, name="May Place", kind=ChargeKind.PLACE, on=datetime.date(2024, 5, 9))
    charge_to(
        agency_b, name="May Waived", on=datetime.date(2024, 5, 20),
        waived_at=timezone.now(), waiver_reason="Snow closed the roads",
    )  # fmt: skip
    url = reverse("training_staff:charges")
    may = "start_0=1&start_1=5&start_2=2024&end_0=31&end_1=5&end_2=2024"

    html = page(signed_in.get(f"{url}?{may}&kind=non_attendance&waived=no"))
    assert "May Absence" in html
    assert [name for name in ("April Absence", "May Place", "May Waived") if name in html] == []
    html = page(signed_in.get(f"{url}?waived=yes"))
    assert "May Waived" in html and "Snow closed the roads" in html and "May Absence" not in html
    html = page(signed_in.get(f"{url}?agency={agency_b.pk}"))
    assert "May Place" in html and "April Absence" not in html


def test_a_period_ending_before_it_starts_is_an_error(signed_in):
    url = reverse("training_staff:charges")
    html = page(signed_in.get(f"{url}?start_0=2&start_1=5&start_2=2024&end_0=1&end_1=5&end_2=2024"))

    assert "The end date must be the same as or after the start date" in html


def test_the_charges_list_is_paginated(signed_in, agency_a):
    for n in range(27):
        charge_to(agency_a, name=f"Attendee {n:02}")

    html = page(signed_in.get(reverse("training_staff:charges")))

    assert "27 charges" in html
    assert 'aria-label="Page 2"' in html


def queries(client, url):
    client.get(url)  # once first, so a first visit's extra work is not counted
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_charges_list_costs_the_same_with_many_charges(signed_in, agency_a, agency_b):
    charge_to(agency_a)
    few = queries(signed_in, reverse("training_staff:charges"))

    for n in range(20):
        charge_to(agency_a if n % 2 else agency_b, name=f"Attendee {n}", waived_at=None)
    many = queries(signed_in, reverse("training_staff:charges"))

    assert many == few


def test_an_agency_leads_charges_list_costs_the_same_with_many_charges(client, agency_lead_a):
    client.force_login(agency_lead_a)
    charge_to(agency_lead_a.agency)
    few = queries(client, reverse("training_staff:charges"))

    for n in range(20):
        charge_to(agency_lead_a.agency, name=f"Attendee {n}")
    many = queries(client, reverse("training_staff:charges"))

    assert many == few


def test_the_register_costs_the_same_with_many_attendees(signed_in):
    session = started_session(capacity=40)
    (first,) = on_register(session, "Ada Byrne", status=BookingStatus.DID_NOT_ATTEND)
    ChargeFactory(booking=first)
    few = queries(signed_in, register_url(session))

    for booking in on_register(
        session, *(f"Attendee {n}" for n in range(25)), status=BookingStatus.DID_NOT_ATTEND
    ):
        ChargeFactory(booking=booking)
    many = queries(signed_in, register_url(session))

    assert many == few


# Waiving


def test_waiving_asks_for_the_reason_first(signed_in, agency_a):
    owed = charge_to(agency_a)
    url = reverse("training_staff:charge_waive", args=[owed.pk])

    html = page(signed_in.get(url))
    assert "Waive the charge to Metropolitan Police Service?" in html

    html = page(signed_in.post(url, {"reason": "   "}))
    assert "Enter the reason for waiving the charge" in html
    owed.refresh_from_db()
    assert not owed.is_waived


def test_waiving_with_a_reason_waives_and_says_so(signed_in, agency_a, business_unit):
    owed = charge_to(agency_a)

    response = signed_in.post(
        reverse("training_staff:charge_waive", args=[owed.pk]), {"reason": "Off sick"}
    )

    assert response["Location"] == reverse("training_staff:charge", args=[owed.pk])
    assert messages_of(response) == [
        "The £100 charge to Metropolitan Police Service for Sam Okafor is waived"
    ]
    owed.refresh_from_db()
    assert (owed.waiver_reason, owed.waived_by) == ("Off sick", business_unit)
    html = page(signed_in.get(reverse("training_staff:charge", args=[owed.pk])))
    assert "Off sick" in html and "Waive this charge" not in html


def test_a_waived_charge_cannot_be_waived_again(signed_in, agency_a):
    waived = charge_to(agency_a, waived_at=timezone.now(), waiver_reason="Bereavement")

    response = signed_in.post(
        reverse("training_staff:charge_waive", args=[waived.pk]), {"reason": "Again"}
    )

    assert response["Location"] == reverse("training_staff:charge", args=[waived.pk])
    waived.refresh_from_db()
    assert waived.waiver_reason == "Bereavement"


# The statement


@pytest.fixture
def april(agency_a, agency_b):
    charge_to(agency_a, on=datetime.date(2024, 4, 2))
    charge_to(agency_a, on=datetime.date(2024, 4, 3), kind=ChargeKind.LATE_CANCELLATION)
    charge_to(agency_b, on=datetime.date(2024, 4, 4), amount=D("45.50"), kind=ChargeKind.PLACE)
    charge_to(agency_b, on=datetime.date(2024, 5, 4))


APRIL = "start_0=1&start_1=4&start_2=2024&end_0=30&end_1=4&end_2=2024"


def test_the_statement_shows_each_agency_and_the_total(signed_in, april):
    html = page(signed_in.get(reverse("training_staff:charges_statement") + f"?{APRIL}"))

    assert "Metropolitan Police Service" in html and "NELFT NHS Foundation Trust" in html
    assert "£245.50" in html
    assert "format=csv" in html and "format=xlsx" in html


def test_the_statement_opens_on_the_financial_year_so_far(signed_in, agency_a):
    charge_to(agency_a, on=timezone.localdate())

    html = page(signed_in.get(reverse("training_staff:charges_statement")))

    assert "Metropolitan Police Service" in html
    assert "£100" in html


def test_the_statement_downloads_for_the_period_asked(signed_in, april):
    url = reverse("training_staff:charges_statement_download")

    response = signed_in.get(f"{url}?{APRIL}&format=csv")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[-1] == ["Total", "3", "45.50", "100.00", "100.00", "0.00", "245.50"]
    response = signed_in.get(f"{url}?{APRIL}&format=xlsx")
    assert response.content.startswith(b"PK")
    assert signed_in.get(f"{url}?{APRIL}&format=pdf").status_code == 404


def test_an_agency_lead_gets_their_own_agencys_statement_whatever_they_ask(
    client, agency_lead_b, agency_a, april
):
    client.force_login(agency_lead_b)
    asked = f"?{APRIL}&agency={agency_a.pk}"

    html = page(client.get(reverse("training_staff:charges_statement") + asked))
    response = client.get(reverse("training_staff:charges_statement_download") + asked)

    assert "NELFT NHS Foundation Trust" in html
    assert "Metropolitan Police Service" not in html
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["NELFT NHS Foundation Trust", "Total"]


def test_a_statement_download_for_a_wrong_period_goes_back_to_the_page(signed_in):
    url = reverse("training_staff:charges_statement_download")

    response = signed_in.get(f"{url}?start_0=31&start_1=2&start_2=2024&end_0=1&end_1=4&end_2=2024")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("training_staff:charges_statement") + "?")
    html = page(signed_in.get(response["Location"]))
    assert "The start date must be a real date" in html


def test_a_priced_place_attended_shows_on_the_statement(signed_in):
    PlacePrice.objects.create(agency_kind=AgencyKind.VOLUNTARY, amount=D("45.00"))
    charity = AgencyFactory(name="Thameside Youth Trust", kind=AgencyKind.VOLUNTARY)
    session = started_session()
    (came,) = on_register(session, "Ada Byrne", agency=charity, price=D("45.00"))

    signed_in.post(register_url(session), {f"booking_{came.pk}": "attended"})

    day = timezone.localdate(session.starts_at)
    period = f"start_0={day.day}&start_1={day.month}&start_2={day.year}"
    period += f"&end_0={day.day}&end_1={day.month}&end_2={day.year}"
    html = page(signed_in.get(reverse("training_staff:charges_statement") + f"?{period}"))
    assert "Thameside Youth Trust" in html and "£45" in html


def test_the_business_unit_and_agency_leads_find_the_charges_from_the_dashboard(client, cast):
    for who in ("business_unit", "agency_lead_a", "practitioner"):
        client.force_login(cast[who])
        html = page(client.get(reverse("portal:dashboard")))
        found = reverse("training_staff:charges") in html and "Training charges" in html
        assert found == (who != "practitioner"), who
