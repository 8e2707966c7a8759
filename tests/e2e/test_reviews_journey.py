"""A serious incident through to a published CSPR in the browser, on a fixed calendar.

The portal's clock is stopped at Tuesday 1 October 2024 so that every clock's state can be
pinned: the local authority became aware on Wednesday 27 March 2024, so the panel was due to be
notified by Friday 5 April (over Good Friday and Easter Monday) and the rapid review by Friday
19 April; the CSPR decided on 15 April 2024 is due for publication on 15 October 2024, with its
final report at the panel 7 working days before. Each page on the way passes axe-core."""

import datetime

import pytest
from django.urls import reverse

from partnership.models import Action, AuditEntry, AuditVerb, Publication
from reviews.models import Notification, Review

from ..factories import PDF_BYTES
from ..reviews.factories import LearningThemeFactory
from .conftest import assert_accessible

pytestmark = pytest.mark.browser

NOW = datetime.datetime(2024, 10, 1, 9, 30, tzinfo=datetime.UTC)  # 10:30 in London


@pytest.fixture
def stopped_clock(monkeypatch):
    # The live server runs in a thread of this process, so it reads the same stopped clock.
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)


def fill_date(page, legend, day, month, year):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def clock_text(page, label):
    return page.locator(".app-clock", has_text=label).inner_text()


def test_staff_record_a_notification_through_to_a_published_cspr(
    stopped_clock, page, sign_in_as, business_unit, agency_a, agency_b, agency_lead_a, tmp_path
):
    LearningThemeFactory(name="Working with fathers")
    report = tmp_path / "local-cspr-child-a.pdf"
    report.write_bytes(PDF_BYTES)
    sign_in_as(business_unit)

    page.goto("/portal/")
    page.get_by_role("link", name="Reviews", exact=True).first.click()
    assert_accessible(page, "reviews-journey-dashboard")
    page.goto(reverse("reviews:notifications"))
    page.get_by_role("button", name="Add a notification").click()
    assert_accessible(page, "reviews-journey-notification-form")
    assert "never a name" in page.locator("main").inner_text()

    page.get_by_label("Reference").fill("SIN-2024-077")
    fill_date(page, "Date the local authority became aware", 27, 3, 2024)
    fill_date(page, "Notification date (optional)", 3, 4, 2024)
    page.get_by_label("Death").check()
    page.get_by_role("group", name="Was any child").get_by_label("No").check()
    page.get_by_label(agency_a.name).check()
    page.get_by_label("Non-identifying summary").fill(
        "A child died at home in March 2024; police and health were involved."
    )
    child = page.get_by_role("group", name="Child 1", exact=True)
    child.get_by_label("Pseudonym").fill("Jane Smith")
    child.get_by_label("Age band").select_option(label="5 to 9")
    page.get_by_role("button", name="Save notification").click()
    assert_accessible(page, "reviews-journey-notification-form-error")
    assert "never a name" in page.locator(".govuk-error-summary").inner_text()
    assert Notification.objects.count() == 0

    page.get_by_role("group", name="Child 1", exact=True).get_by_label("Pseudonym").fill("Child A")
    page.get_by_role("button", name="Save notification").click()
    assert_accessible(page, "reviews-journey-notification")
    notification = Notification.objects.get()
    assert [c.pseudonym for c in notification.children.all()] == ["Child A"]
    notify = clock_text(page, "Notify the national panel")
    assert "Due Friday 5 April 2024" in notify and "Met" in notify
    rapid = clock_text(page, "Send the rapid review to the panel")
    assert "Due Friday 19 April 2024" in rapid and "Overdue" in rapid

    page.get_by_role("button", name="Change the rapid review").click()
    assert_accessible(page, "reviews-journey-rapid-review-form")
    page.get_by_label("Local child safeguarding practice review").check()
    fill_date(page, "Date of the decision (optional)", 10, 4, 2024)
    fill_date(page, "Date sent to the panel (optional)", 18, 4, 2024)
    page.get_by_role("button", name="Save rapid review").click()
    rapid = clock_text(page, "Send the rapid review to the panel")
    assert "Due Friday 19 April 2024" in rapid and "Met" in rapid

    page.get_by_role("button", name="Start the review").click()
    assert_accessible(page, "reviews-journey-review-form")
    page.get_by_label("Title").fill("Local CSPR: Child A")
    fill_date(page, "Date of the decision to review", 15, 4, 2024)
    page.get_by_label("Lead reviewer (optional)").fill("An independent reviewer")
    page.get_by_role("button", name="Save review").click()
    assert_accessible(page, "reviews-journey-review")
    review = Review.objects.get()
    assert review.rapid_review == notification.rapid_review
    final = clock_text(page, "Send the final report to the panel")
    assert "Due Friday 4 October 2024" in final and "3 working days left" in final
    publish = clock_text(page, "Publish the review")
    assert "Due Tuesday 15 October 2024" in publish and "10 working days left" in publish

    page.get_by_role("button", name="Change the review").click()
    fill_date(page, "Date the final report was sent to the panel (optional)", 19, 9, 2024)
    page.get_by_role("button", name="Save review").click()
    assert "Met" in clock_text(page, "Send the final report to the panel")

    page.get_by_role("button", name="Add a recommendation").click()
    assert_accessible(page, "reviews-journey-recommendation-form")
    page.get_by_label("Recommendation", exact=True).fill(
        "Practitioners should ask who else lives in the household, fathers included."
    )
    page.get_by_label("Working with fathers").check()
    page.get_by_role("button", name="Save recommendation").click()
    page.get_by_role("link", name="Raise an action").click()
    assert_accessible(page, "reviews-journey-action-form")
    page.get_by_label("Title").fill("Collate resources on working with fathers")
    page.get_by_label("Owner agency").select_option(label=agency_b.name)
    fill_date(page, "Due date", 31, 1, 2025)
    page.get_by_role("button", name="Raise the action").click()
    action = Action.objects.get()
    assert action.source.review == review
    assert "Collate resources on working with fathers" in page.locator("main").inner_text()

    page.get_by_role("button", name="Publish the report").click()
    assert_accessible(page, "reviews-journey-publish")
    page.get_by_label("Summary for the public").fill(
        "What the review of Child A found and what the partnership changed."
    )
    page.get_by_label("The report").set_input_files(str(report))
    page.get_by_role("button", name="Publish on the public site").click()
    assert_accessible(page, "reviews-journey-published")
    final = clock_text(page, "Send the final report to the panel")
    # Once published, the final report counts back from the day of publication.
    assert "Due Friday 20 September 2024" in final and "Met" in final
    publish = clock_text(page, "Publish the review")
    assert "Met" in publish and "Done 1 October 2024, due 15 October 2024" in publish

    page.context.clear_cookies()
    page.goto(reverse("publications"))
    page.get_by_role("link", name="Local CSPR: Child A").click()
    assert_accessible(page, "reviews-journey-public-report")
    assert Publication.objects.published().get().kind == "cspr"
    public = page.locator("main").inner_text()
    # The public reads the report the partnership published, nothing of the case record.
    assert "SIN-2024-077" not in public and "An independent reviewer" not in public

    # An agency lead cannot even confirm that the review exists, and the attempt is recorded.
    sign_in_as(agency_lead_a)
    response = page.goto(reverse("reviews:review", args=[review.pk]))
    assert response.status == 404
    page.console_errors.clear()  # the browser logs the 404 it was answered with
    assert AuditEntry.objects.filter(verb=AuditVerb.REFUSED, username="lead-a").exists()

    # The business unit reads back who looked at the notification.
    sign_in_as(business_unit)
    page.goto(reverse("portal:audit_log"))
    assert_accessible(page, "reviews-journey-audit-log")
    assert AuditEntry.objects.filter(
        verb=AuditVerb.VIEWED, record_type="reviews.notification", record_id=notification.pk
    ).exists()
    assert "SIN-2024-077" in page.locator("main").inner_text()
