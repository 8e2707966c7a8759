"""The yearly report in the browser: the business unit starts a report, writes a section,
previews it, sends it for sign-off; the three statutory partners approve; the business unit
makes the PDF, publishes, and the public downloads it. Each page on the way passes axe-core."""

import pypdf
import pytest

from partnership.models import AgencyKind, Role
from scrutiny.models import RenderState, ReportStatus, YearlyReport

from ..budget.factories import seed_statement
from ..factories import AgencyFactory, UserFactory
from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def fill_date(page, legend, day, month, year):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def test_a_report_is_written_signed_off_rendered_and_published(
    page, sign_in_as, business_unit, partner_lead, live_server
):
    seed_statement(2023)  # the budget appendix of a period ending March 2024
    partners = [
        partner_lead,
        UserFactory(
            username="police-lead",
            role=Role.PARTNER_LEAD,
            agency=AgencyFactory(name="Metropolitan Police Service", kind=AgencyKind.POLICE),
        ),
        UserFactory(
            username="icb-lead",
            role=Role.PARTNER_LEAD,
            agency=AgencyFactory(name="NHS North East London ICB", kind=AgencyKind.ICB),
        ),
    ]
    sign_in_as(business_unit)

    page.goto("/portal/")
    page.get_by_role("link", name="Yearly reports").first.click()
    assert_accessible(page, "report-list")
    page.get_by_role("button", name="Start a yearly report").click()
    page.get_by_label("Title").fill("Thameside yearly report 2022 to 2024")
    fill_date(page, "Start of the period", 1, 10, 2022)
    fill_date(page, "End of the period", 31, 3, 2024)
    page.get_by_role("button", name="Save the report").click()
    assert_accessible(page, "report-detail-new")
    report = YearlyReport.objects.get()

    page.get_by_role("link", name="Write Introduction by the independent chair").click()
    assert_accessible(page, "report-section-form")
    page.get_by_label("Text").fill(
        "The partners kept children at the centre.\n\n- one\n- two\n\n<script>alert(1)</script>"
    )
    page.get_by_role("button", name="Save the section").click()
    # The appendices can be reordered: membership before budget.
    page.get_by_role("button", name="Up Membership of the partnership").click()

    page.get_by_role("button", name="Preview the report").click()
    page.wait_for_url("**/preview/")
    assert_accessible(page, "report-preview")
    main = page.locator("main").inner_text()
    assert "The partners kept children at the centre." in main
    assert "<script>alert(1)</script>" in main, "HTML in the text is shown, not run"
    assert main.index("Appendix A. Membership") < main.index("Appendix B. The partnership’s budget")
    assert "£199,447" in main
    # Provenance: the budget total links to the lines it was worked out from.
    total = page.get_by_role("link", name="£199,447")
    assert total.get_attribute("href") == "/portal/budget/2023-24/"

    page.get_by_role("link", name="Back to the report").click()
    page.get_by_role("button", name="Send for sign-off").click()
    assert_accessible(page, "report-send")
    page.get_by_role("button", name="Send for sign-off").click()

    for number, partner in enumerate(partners):
        page.context.clear_cookies()
        sign_in_as(partner)
        page.goto(f"/portal/scrutiny/reports/{report.pk}/")
        page.get_by_role("button", name="Sign off or comment").click()
        if number == 0:
            assert_accessible(page, "report-decide")
        page.get_by_label("I approve the report for publication").check()
        page.get_by_role("button", name="Send your decision").click()
    report.refresh_from_db()
    assert report.status == ReportStatus.SIGNED_OFF

    page.context.clear_cookies()
    sign_in_as(business_unit)
    page.goto(f"/portal/scrutiny/reports/{report.pk}/")
    assert_accessible(page, "report-detail-signed-off")
    page.get_by_role("button", name="Make the PDF").click()
    assert_accessible(page, "report-pdf-job")
    job = report.render_jobs.get()
    assert job.state == RenderState.DONE
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = pypdf.PdfReader(download_info.value.path())
    assert len(pdf.pages) == job.page_count
    assert "Thameside yearly report 2022 to 2024" in " ".join(pdf.pages[0].extract_text().split())

    page.goto(f"/portal/scrutiny/reports/{report.pk}/")
    page.get_by_role("button", name="Publish").click()
    assert_accessible(page, "report-publish")
    page.get_by_role("button", name="Publish the report").click()
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED

    page.context.clear_cookies()
    page.goto(f"/publications/{report.publication.slug}/")
    assert_accessible(page, "report-published")
    public = page.locator("main").inner_text()
    assert "The partners kept children at the centre." in public
    assert "£199,447" in public
    assert page.locator("main svg[role=img]").count() == 1, "the chart survives publication"
