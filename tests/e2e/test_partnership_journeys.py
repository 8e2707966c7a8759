"""The partnership's work done in the browser, as the business unit and an agency lead would
do it, with an axe-core check on every page on the way."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from partnership.models import (
    Action,
    ActionStatus,
    AgencyKind,
    Person,
    Publication,
    PublicationKind,
    Subscriber,
)

from ..factories import AgencyFactory
from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_the_business_unit_drafts_previews_publishes_and_unpublishes(
    page, sign_in_as, business_unit, browser, live_server
):
    sign_in_as(business_unit)
    page.goto("/portal/publications/")
    assert_accessible(page, "journey-publications-staff-list")
    page.get_by_role("link", name="Add a publication").click()

    page.get_by_role("button", name="Save draft").click()
    assert page.title().startswith("Error: ")
    assert_accessible(page, "journey-publication-form-errors")

    page.get_by_label("Kind of publication").select_option(label="Newsletter")
    page.get_by_label("Title").fill("Winter newsletter")
    page.get_by_label("Summary").fill("Training dates and learning from reviews.")
    page.get_by_label("Body").fill("<p>Welcome.</p><script>alert(1)</script>")
    page.get_by_role("button", name="Save draft").click()
    publication = Publication.objects.get(title="Winter newsletter")
    assert "<script>" not in publication.body

    page.goto(f"/portal/publications/{publication.pk}/preview/")
    assert "not published" in page.content().lower()
    assert_accessible(page, "journey-publication-preview")

    # The public cannot see a draft.
    visitor = browser.new_context(base_url=live_server.url)
    public = visitor.new_page()
    assert public.goto(f"/publications/{publication.slug}/").status == 404

    page.goto(f"/portal/publications/{publication.pk}/publish/")
    assert_accessible(page, "journey-publication-publish")
    page.get_by_role("button", name=re.compile("Publish version 1")).click()
    assert public.goto(f"/publications/{publication.slug}/").status == 200
    assert public.locator("h1").inner_text() == "Winter newsletter"
    public.goto("/publications/")
    assert "Winter newsletter" in public.locator("main").inner_text()
    public.goto("/")
    assert "Winter newsletter" in public.locator("main").inner_text()

    page.goto(f"/portal/publications/{publication.pk}/unpublish/")
    assert_accessible(page, "journey-publication-unpublish")
    page.get_by_role("button", name=re.compile("Unpublish")).click()
    assert public.goto(f"/publications/{publication.slug}/").status == 404
    visitor.close()


def test_an_agency_lead_records_progress_on_their_own_action_only(
    page, sign_in_as, agency_lead_a, agency_b
):
    today = timezone.localdate()
    own = Action.objects.create(
        title="Refresh the missing-children protocol",
        owner_agency=agency_lead_a.agency,
        due_on=today + timedelta(days=5),
    )
    other = Action.objects.create(
        title="Audit the health visiting referrals",
        owner_agency=agency_b,
        due_on=today - timedelta(days=3),
    )
    sign_in_as(agency_lead_a)

    page.goto("/portal/actions/")
    listed = page.locator("main").inner_text()
    assert own.title in listed and other.title not in listed
    assert_accessible(page, "journey-actions-agency-lead")

    page.get_by_role("link", name=own.title).click()
    page.get_by_label("At risk").check() if page.get_by_label(
        "At risk"
    ).count() else page.get_by_label("Status").select_option(label="At risk")
    page.get_by_label("Progress note").fill("Waiting for the new police lead to start.")
    page.get_by_role("button", name="Add progress note").click()
    assert "Waiting for the new police lead to start." in page.locator("main").inner_text()
    assert_accessible(page, "journey-action-detail-after-note")
    own.refresh_from_db()
    assert own.status == ActionStatus.AT_RISK

    assert page.goto(f"/portal/actions/{other.pk}/").status == 404


def test_the_business_unit_imports_people_and_a_bad_file_changes_nothing(
    page, sign_in_as, business_unit, tmp_path
):
    AgencyFactory(name="Thameside College", kind=AgencyKind.EDUCATION)
    sign_in_as(business_unit)
    bad = tmp_path / "people.csv"
    bad.write_text(
        "full_name,job_title,email,agency\nAlex Rivers,Designated safeguarding lead,alex@college.example,No Such Agency\n"
    )
    good = tmp_path / "people-fixed.csv"
    good.write_text(
        "full_name,job_title,email,agency\nAlex Rivers,Designated safeguarding lead,alex@college.example,Thameside College\n"
    )

    page.goto("/portal/import/")
    assert_accessible(page, "journey-import-form")
    page.get_by_label("People").check()
    page.get_by_label("Upload a file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and preview").click()
    assert page.locator("h1").inner_text() == "The file cannot be imported"
    assert re.search(r"Row 2, column agency", page.locator("main").inner_text(), re.I)
    assert_accessible(page, "journey-import-errors")
    assert not Person.objects.exists()

    page.goto("/portal/import/")
    page.get_by_label("People").check()
    page.get_by_label("Upload a file").set_input_files(str(good))
    page.get_by_role("button", name="Upload and preview").click()
    assert page.locator("h1").inner_text() == "Check the import"
    assert_accessible(page, "journey-import-preview")
    assert not Person.objects.exists()
    page.get_by_role("button", name="Confirm import").click()
    assert Person.objects.get().agency.name == "Thameside College"


def test_a_member_of_the_public_subscribes_confirms_and_unsubscribes(
    page, django_capture_on_commit_callbacks, settings, live_server
):
    settings.PORTAL_URL = live_server.url  # emails sent by tasks link here
    page.goto("/publications/subscribe/")
    assert_accessible(page, "journey-subscribe")
    page.get_by_label("Email address").fill("reader@example.org")
    page.get_by_label("Newsletters").check() if page.get_by_label(
        "Newsletters"
    ).count() else page.get_by_label("Newsletter").check()
    page.get_by_role("button", name="Subscribe").click()
    assert_accessible(page, "journey-subscribe-done")
    confirm = re.search(r"https?://\S+/confirm/\S+", mail.outbox[-1].body).group(0)

    page.goto(confirm)
    assert_accessible(page, "journey-subscription-confirmed")
    assert Subscriber.objects.get().confirmed_at is not None

    from partnership import services

    with django_capture_on_commit_callbacks(execute=True):
        services.publication_create_and_publish(
            kind=PublicationKind.NEWSLETTER, title="Spring newsletter"
        )
    email = mail.outbox[-1]
    assert email.to == ["reader@example.org"]
    unsubscribe = re.search(r"https?://\S+/unsubscribe/\S+", email.body).group(0)

    page.goto(unsubscribe)
    assert_accessible(page, "journey-unsubscribe")
    page.get_by_role("button", name=re.compile("Unsubscribe")).click()
    assert not Subscriber.objects.exists()


def test_the_business_unit_takes_the_register_and_the_rates_flag_a_partner(
    page, sign_in_as, business_unit, agency_a, agency_b
):
    from partnership.models import Body, BodyKind, Meeting, Membership

    board = Body.objects.create(name="Partnership board", kind=BodyKind.BOARD)
    held_on = timezone.localdate() - timedelta(days=10)
    police = Person.objects.create(
        full_name="Sam Police", job_title="Detective Superintendent", agency=agency_a
    )
    nurse = Person.objects.create(
        full_name="Kim Nurse", job_title="Designated Nurse", agency=agency_b
    )
    for person in (police, nurse):
        Membership.objects.create(
            person=person, body=board, started_on=held_on - timedelta(days=100)
        )
    meeting = Meeting.objects.create(body=board, held_on=held_on)
    sign_in_as(business_unit)

    page.goto(f"/portal/meetings/{meeting.pk}/attendance/")
    assert_accessible(page, "journey-register")
    page.get_by_role("group", name=re.compile("Sam Police")).get_by_label("Apologies").check()
    page.get_by_role("group", name=re.compile("Kim Nurse")).get_by_label("Deputy").check()
    page.get_by_role("button", name="Save register").click()
    assert page.title().startswith("Error: ")
    assert (
        "Enter the name of the deputy who attended for Kim Nurse"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert_accessible(page, "journey-register-errors")
    assert not meeting.attendances.exists()

    page.get_by_label("Name of the deputy for Kim Nurse").fill("A named deputy")
    page.get_by_role("button", name="Save register").click()
    assert meeting.attendances.count() == 2

    page.goto("/portal/attendance/")
    rates = page.locator("main table").inner_text()
    assert agency_a.name in rates and agency_b.name in rates
    assert page.locator("main table tr", has_text=agency_a.name).locator(".govuk-tag").count() == 1
    assert page.locator("main table tr", has_text=agency_b.name).locator(".govuk-tag").count() == 0
    assert_accessible(page, "journey-attendance-rates")
