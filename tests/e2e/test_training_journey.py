"""The whole of a practitioner's course, in the browser: they book a full session and join the
waiting list, a place comes free when someone cancels and goes to them, the business unit marks
them attended on the register, they evaluate the course and download their certificate. Each
step's email arrives (the test's outbox), with the calendar file where there should be one, and
every page passes axe-core."""

import datetime
import re

import pypdf
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from training.models import Booking, BookingStatus, Session
from training.services import bookings, schedule

from ..training.factories import CourseFactory, SessionFactory, attendee
from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def subjects_to(address):
    return [message.subject for message in mail.outbox if address in message.to]


def test_a_practitioner_is_waitlisted_promoted_attends_evaluates_and_gets_a_certificate(
    page, sign_in_as, practitioner, business_unit, agency_b
):
    course = CourseFactory(title="Neglect: seeing the whole child", needs_manager_approval=False)
    session = SessionFactory(course=course, capacity=1)
    first = bookings.booking_create(session=session, attendee=attendee(1, agency=agency_b))
    sign_in_as(practitioner)

    # Book: the session is full, so the practitioner joins the waiting list.
    page.goto(reverse("training:session", args=[session.pk]))
    assert_accessible(page, "journey-session")
    page.get_by_role("button", name="Book a place").click()
    page.get_by_label("Job title").fill("School nurse")
    page.get_by_label("Agency you work for").select_option(label=agency_b.name)
    page.get_by_label("Line manager’s email address").fill("lead.nurse@agency.example")
    assert_accessible(page, "journey-book")
    page.get_by_role("button", name="Continue").click()
    assert_accessible(page, "journey-book-check")
    page.get_by_role("button", name="Book the place").click()
    expect(page.locator("main")).to_contain_text("waiting list")
    assert_accessible(page, "journey-booked-waiting")
    mine = Booking.objects.get(session=session, user=practitioner)
    assert mine.status == BookingStatus.WAITING
    assert len(subjects_to(practitioner.email)) == 1
    assert subjects_to(practitioner.email)[0].startswith("You are on the waiting list")

    # Someone cancels: the first on the waiting list gets the place and an email with the event.
    bookings.booking_cancel(booking=first)
    page.goto(reverse("training:my_bookings"))
    expect(page.locator("main")).to_contain_text("Confirmed")
    assert_accessible(page, "journey-my-bookings-promoted")
    (promoted,) = [m for m in mail.outbox if m.subject.startswith("A place has come free")]
    assert promoted.to == [practitioner.email]
    assert promoted.attachments[0][0] == "session.ics"

    # The session takes place; the business unit marks the register.
    started = timezone.now() - datetime.timedelta(hours=4)
    Session.objects.filter(pk=session.pk).update(
        starts_at=started, ends_at=started + datetime.timedelta(hours=3)
    )
    sign_in_as(business_unit)
    page.goto(reverse("training_staff:register", args=[session.pk]))
    assert_accessible(page, "journey-register")
    page.get_by_role("group", name=re.compile(practitioner.get_full_name())).get_by_label(
        "Attended", exact=True
    ).check()
    page.get_by_role("button", name="Save the register").click()
    expect(page.locator("main")).to_contain_text("saved")
    mine.refresh_from_db()
    assert mine.status == BookingStatus.ATTENDED

    # The evaluation request goes out (hourly from beat), once.
    assert schedule.evaluation_requests_send(now=timezone.now()) == 1
    assert schedule.evaluation_requests_send(now=timezone.now()) == 0
    assert any(
        s.startswith("How was") or "evaluat" in s.lower() for s in subjects_to(practitioner.email)
    )

    # The practitioner evaluates and downloads the certificate.
    sign_in_as(practitioner)
    page.goto(reverse("training:my_bookings"))
    page.get_by_role("link", name=re.compile("Evaluate the course")).click()
    for question in (
        "Were the course’s learning objectives met?",
        "Do you feel better equipped for your work?",
        "Would you recommend this course to a colleague?",
    ):
        page.get_by_role("group", name=question).get_by_label("Yes").check()
    page.get_by_role("button", name="Send your evaluation").click()
    assert page.locator("h1").inner_text() == "Thank you for your evaluation"
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your certificate (PDF)").click()
    text = " ".join(
        sheet.extract_text() for sheet in pypdf.PdfReader(download_info.value.path()).pages
    )
    assert practitioner.get_full_name() in " ".join(text.split())
    assert course.title in " ".join(text.split())
    page.goto(reverse("training:my_bookings"))
    expect(page.get_by_role("link", name=re.compile("Download your certificate"))).to_be_visible()
    assert_accessible(page, "journey-my-bookings-after")
    assert page.console_errors == []
