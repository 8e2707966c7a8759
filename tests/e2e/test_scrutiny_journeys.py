"""Scrutiny in the browser: the scrutineer completes and submits the checklist; an agency lead
completes and submits a Section 11 return; the business unit returns one and accepts another;
the grid shows them. Each page on the way passes axe-core."""

import re

import pytest

from scrutiny.models import AssessmentStatus, FrameworkPurpose
from scrutiny.services import assessments as assessment_services

from ..scrutiny.factories import PERIOD, make_framework, rate_every_question, section_11_round
from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def rate_in_the_browser(page, assessment, level_label):
    """Follow each "Rate" link on the assessment page, as a person would, until none is left."""
    for _ in range(assessment.ratings.count()):
        page.goto(f"/portal/scrutiny/assessments/{assessment.pk}/")
        rate = page.locator("main a.govuk-link", has_text=re.compile(r"^Rate")).first
        if not rate.count():
            break
        rate.click()
        page.get_by_label(level_label, exact=True).check()
        page.get_by_label("Evidence").fill("Minutes of the board and the subgroup reports.")
        page.get_by_role("button", name="Save and continue").click()


def test_the_scrutineer_completes_and_submits_the_checklist(page, sign_in_as, scrutineer):
    framework = make_framework(sections=2, questions=2, purpose=FrameworkPurpose.CHECKLIST)
    checklist = assessment_services.assessment_create(
        framework=framework, period_start=PERIOD[0], period_end=PERIOD[1]
    )
    sign_in_as(scrutineer)

    page.goto(f"/portal/scrutiny/assessments/{checklist.pk}/")
    assert_accessible(page, "scrutiny-checklist-unrated")
    page.locator("main a.govuk-link", has_text=re.compile(r"^Rate")).first.click()
    assert_accessible(page, "scrutiny-rating-form")
    rate_in_the_browser(page, checklist, "Green")

    page.goto(f"/portal/scrutiny/assessments/{checklist.pk}/")
    assert "Green" in page.locator("main").inner_text()
    assert_accessible(page, "scrutiny-checklist-rated")
    page.get_by_role("link", name="Submit for review").click()
    assert_accessible(page, "scrutiny-checklist-submit")
    page.get_by_role("button", name="Submit for review").click()
    checklist.refresh_from_db()
    assert checklist.status == AssessmentStatus.SUBMITTED


def test_returns_are_submitted_returned_accepted_and_shown_in_the_grid(
    page, sign_in_as, agency_lead_a, agency_lead_b, business_unit
):
    round_ = section_11_round(agencies=[agency_lead_a.agency, agency_lead_b.agency])
    return_a = round_.returns.get(agency=agency_lead_a.agency)
    return_b = round_.returns.get(agency=agency_lead_b.agency)

    # The agency lead of A completes and submits their return in the browser.
    sign_in_as(agency_lead_a)
    page.goto("/portal/")
    page.get_by_role("link", name="Section 11 return").first.click()
    assert_accessible(page, "scrutiny-my-returns")
    assert page.goto(f"/portal/scrutiny/assessments/{return_b.pk}/").status == 404
    page.console_errors.clear()  # the browser logs that deliberate 404
    rate_in_the_browser(page, return_a, "Amber")
    page.goto(f"/portal/scrutiny/assessments/{return_a.pk}/submit/")
    page.get_by_role("button", name="Submit for review").click()
    return_a.refresh_from_db()
    assert return_a.status == AssessmentStatus.SUBMITTED

    # B's return arrives too; the business unit returns A's and accepts B's.
    rate_every_question(return_b, "green")
    assessment_services.assessment_submit(assessment=return_b, user=agency_lead_b)
    page.context.clear_cookies()
    sign_in_as(business_unit)
    page.goto(f"/portal/scrutiny/assessments/{return_a.pk}/")
    page.get_by_role("link", name="Return for more evidence").click()
    assert_accessible(page, "scrutiny-return-form")
    page.get_by_label("What more evidence is needed").fill("Attach the safer recruitment audit.")
    page.get_by_role("button", name="Return for more evidence").click()
    page.goto(f"/portal/scrutiny/assessments/{return_b.pk}/")
    page.get_by_role("link", name="Accept").click()
    assert_accessible(page, "scrutiny-accept")
    page.get_by_role("button", name="Accept").click()
    return_a.refresh_from_db()
    return_b.refresh_from_db()
    assert (return_a.status, return_b.status) == (
        AssessmentStatus.RETURNED,
        AssessmentStatus.ACCEPTED,
    )

    page.goto(f"/portal/scrutiny/section-11/{round_.pk}/grid/")
    grid = page.locator("main table").inner_text()
    assert agency_lead_a.agency.name in grid and agency_lead_b.agency.name in grid
    assert "Green" in grid
    assert_accessible(page, "scrutiny-grid")
