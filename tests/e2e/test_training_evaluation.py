"""After a course, in the browser: the attendee evaluates it (a question missed first), is
thanked and downloads the certificate; three months on they and their line manager answer the
follow-up from their emailed links, and a bad link gets a page saying so. Each page passes
axe-core."""

import re

import pypdf
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from training.models import BookingStatus, Evaluation, ImpactResponse, Respondent
from training.services.emails import link_token

from ..training.factories import BookingFactory, SessionFactory, attended_booking
from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_an_attendee_evaluates_and_downloads_the_certificate(page, sign_in_as, practitioner):
    booking = attended_booking(user=practitioner, attendee_name="Sam Patel")
    sign_in_as(practitioner)

    page.goto(reverse("training:certificate", args=[booking.pk]))
    assert_accessible(page, "training-certificate-pending")
    page.get_by_role("link", name="Evaluate the course").click()

    page.get_by_role("group", name="Were the course’s learning objectives met?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("button", name="Send your evaluation").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page, "training-evaluation-errors")

    page.get_by_role("group", name="Do you feel better equipped for your work?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("group", name="Would you recommend this course to a colleague?").get_by_label(
        "No"
    ).check()
    page.get_by_label("Comments (optional)").fill("Clear, practical and well paced.")
    page.get_by_role("button", name="Send your evaluation").click()
    assert page.locator("h1").inner_text() == "Thank you for your evaluation"
    assert_accessible(page, "training-evaluation-done")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your certificate (PDF)").click()
    text = " ".join(
        page_.extract_text() for page_ in pypdf.PdfReader(download_info.value.path()).pages
    )
    assert "Sam Patel" in " ".join(text.split())
    evaluation = Evaluation.objects.get(booking=booking)
    assert (evaluation.objectives_met, evaluation.equipped, evaluation.would_recommend) == (
        True,
        True,
        False,
    )


def test_a_session_not_yet_attended_cannot_be_evaluated(page, sign_in_as, practitioner):
    booking = BookingFactory(session=SessionFactory(), user=practitioner)
    assert booking.status == BookingStatus.CONFIRMED
    sign_in_as(practitioner)

    page.goto(reverse("training:evaluate", args=[booking.pk]))

    assert page.locator("h1").inner_text() == "You cannot evaluate this course yet"
    assert_accessible(page, "training-evaluation-unavailable")


def test_the_attendee_and_line_manager_answer_the_follow_up(page):
    booking = attended_booking(days_ago=91, attendee_name="Sam Patel")
    manager = reverse(
        "training:impact",
        kwargs={"token": link_token(booking, "impact", respondent=Respondent.LINE_MANAGER.value)},
    )

    page.goto(manager)
    assert "for Sam Patel’s line manager" in page.locator("h1").inner_text()
    page.get_by_role("button", name="Send your answer").click()
    assert_accessible(page, "training-impact-errors")
    page.get_by_label("What has changed in Sam Patel’s practice since the course?").fill(
        "Her referrals now say what the child has told her."
    )
    page.get_by_label("The partnership may quote this answer").check()
    page.get_by_role("button", name="Send your answer").click()
    assert page.locator("h1").inner_text() == "Thank you for your answer"
    assert_accessible(page, "training-impact-done")
    answer = ImpactResponse.objects.get()
    assert (answer.respondent, answer.may_quote) == (Respondent.LINE_MANAGER, True)

    page.goto(manager[:-3] + "xx/")
    assert page.locator("h1").inner_text() == "This link does not work"
    assert_accessible(page, "training-impact-bad-link")
