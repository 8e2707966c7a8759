"""The budget in the browser: the business unit adds a year, imports the seed statement with
its printed total (the portal warns about the £8 and imports only on confirmation), adds and
corrects a line, publishes the year, and the public reads the summary. Each page on the way
passes axe-core."""

from decimal import Decimal

import pytest

from budget.models import FinancialYear, LineKind
from budget.services import lines_export

from ..budget.factories import FinancialYearFactory, seed_statement
from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_the_business_unit_imports_checks_and_publishes_a_year(
    page, sign_in_as, business_unit, tmp_path
):
    # The seed statement as a spreadsheet with the total the report printed, for a new year.
    source = seed_statement(2023)
    exported = lines_export(year=source, file_format="csv").content.decode("utf-8-sig")
    printed = exported.replace("2023-24", "2024-25").replace(
        "Total income,,199447.00", "Total income,,199455"
    )
    upload = tmp_path / "statement-2024-25.csv"
    upload.write_text(printed, encoding="utf-8")
    sign_in_as(business_unit)

    page.goto("/portal/")
    page.get_by_role("link", name="Budget", exact=True).first.click()
    assert_accessible(page, "budget-years")
    page.get_by_role("button", name="Add a financial year").click()
    assert_accessible(page, "budget-year-form")
    page.get_by_label("Financial year").select_option(label="2024-25")
    page.get_by_role("button", name="Add the year").click()
    assert page.locator("h1").inner_text().startswith("Budget 2024-25")
    year = FinancialYear.objects.get(start_year=2024)

    page.get_by_role("link", name="Import lines from a spreadsheet").click()
    assert_accessible(page, "budget-import")
    page.get_by_label("Upload a file").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and preview").click()
    assert_accessible(page, "budget-import-preview-warning")
    main = page.locator("main").inner_text()
    assert "The file’s totals do not match its lines" in main
    assert "is £199,455, but its lines add up to £199,447, £8 less" in main
    assert year.lines.count() == 0, "nothing is imported before the user confirms"

    page.get_by_role("button", name="Import the lines anyway").click()
    assert year.lines.count() == 17
    assert_accessible(page, "budget-statement")
    summary = page.locator(".govuk-summary-list").inner_text()
    assert "£199,447" in summary and "£165,278" in summary
    shares = page.locator("table", has_text="Statutory partners’ shares").inner_text()
    assert "4.8%" in shares  # the police share: the scrutineer's equity question
    chart = page.get_by_role("img", name="Statutory partner contributions, 2023-24 to 2024-25")
    assert chart.count() == 1

    # Correct a line: office expenses were £31.50, not £31.
    page.get_by_role("link", name="Office expenses (change)").click()
    assert_accessible(page, "budget-line-form")
    page.get_by_label("Actual amount in pounds (£)").fill("31.505")
    page.get_by_role("button", name="Save the line").click()
    assert_accessible(page, "budget-line-form-error")
    assert "no more than 2 decimal places" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Actual amount in pounds (£)").fill("£31.50")
    page.get_by_role("button", name="Save the line").click()
    assert "£165,278.50" in page.locator(".govuk-summary-list").inner_text()
    assert year.lines.get(kind=LineKind.OFFICE).actual == Decimal("31.50")

    page.get_by_role("button", name="Publish the summary").click()
    assert_accessible(page, "budget-publish")
    page.get_by_role("button", name="Publish the summary").click()
    assert "on the public site" in page.locator(".govuk-notification-banner").inner_text()

    page.context.clear_cookies()
    page.goto("/")
    page.get_by_role("link", name="How the partnership is funded").click()
    assert_accessible(page, "budget-public-years")
    page.get_by_role("link", name="2024-25").click()
    assert_accessible(page, "budget-public-year")
    public = page.locator("main").inner_text()
    assert "£199,447" in public and "Office" in public
    assert "Office expenses" not in public, "line names stay inside the portal"


def test_a_bad_file_names_its_faults_and_changes_nothing(page, sign_in_as, business_unit, tmp_path):
    FinancialYearFactory(start_year=2024)
    upload = tmp_path / "bad.csv"
    upload.write_text(
        "year,side,kind,agency,description,planned,actual\n"
        "2024-25,Income,Agency contribution,Nobody Council,,,1000\n"
        "2024-25,Expenditure,Office,,Stationery,,twelve\n"
        "2019-20,Expenditure,Office,,Post,,10.999\n",
        encoding="utf-8",
    )
    sign_in_as(business_unit)
    page.goto("/portal/budget/import/")
    page.get_by_label("Upload a file").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and preview").click()
    assert_accessible(page, "budget-import-problems")
    problems = page.locator(".govuk-error-summary").inner_text()
    assert "Row 2, column agency: There is no agency called “Nobody Council”" in problems
    assert "Row 3, column actual: “twelve” is not an amount of money" in problems
    assert "Row 4, column year: There is no financial year 2019-20" in problems
    assert "Row 4, column actual: “10.999” has more than two decimal places" in problems
    assert not page.get_by_role("button", name="Confirm import").count()
    assert FinancialYear.objects.get(start_year=2024).lines.count() == 0
