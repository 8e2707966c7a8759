"""An agency lead's figures in the browser: from the dashboard to a quarter's form, saved and
submitted, then one corrected with a reason; and a bad file (its faults named by row and
column, nothing saved) followed by a good one for the next quarter, submitted. Each page on
the way passes axe-core."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from partnership.models import Frequency, IndicatorValue, ValueCorrection, ValueStatus
from partnership.resources_data import quarter_name
from partnership.services.dataset import period_shift

from ..partnership.test_data_submit import last_quarter, make_indicators
from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def months(quarter):
    return [period_shift(Frequency.MONTHLY, quarter, n) for n in range(3)]


def test_an_agency_lead_enters_submits_and_corrects_a_quarters_figures(
    page, sign_in_as, agency_lead_a, agency_a
):
    contacts, strategy = make_indicators(agency_a)
    quarter = last_quarter()
    label = quarter_name(quarter)
    sign_in_as(agency_lead_a)

    page.goto("/portal/")
    assert "figures are late" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page, "data-dashboard-agency-lead")
    page.get_by_role("link", name="Your agency’s data").click()
    assert_accessible(page, "data-submit")
    page.get_by_role("link", name=f"{label} (").click()
    assert_accessible(page, "data-submit-quarter")

    page.get_by_label(f"Contacts to children’s social care (count), {label}").fill("1,204")
    first, second, third = months(quarter)
    page.get_by_label(f"Strategy discussions with police present (percentage), {first:%B %Y}").fill(
        "71.5"
    )
    page.get_by_role("button", name="Save figures").click()
    assert "2 figures saved" in page.locator(".govuk-notification-banner").inner_text()
    assert IndicatorValue.objects.filter(status=ValueStatus.ENTERED).count() == 2

    page.get_by_role("button", name="Submit the quarter").click()
    assert_accessible(page, "data-submit-quarter-refused")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter a figure for Strategy discussions with police present" in summary
    assert not IndicatorValue.objects.submitted().exists()

    page.get_by_label(
        f"Strategy discussions with police present (percentage), {second:%B %Y}"
    ).fill("80")
    page.get_by_label(f"Strategy discussions with police present (percentage), {third:%B %Y}").fill(
        "92.25"
    )
    page.get_by_role("button", name="Submit the quarter").click()
    assert "4 figures submitted" in page.locator(".govuk-notification-banner").inner_text()
    assert IndicatorValue.objects.submitted().count() == 4
    assert IndicatorValue.objects.filter(is_late=True).count() == 4
    assert_accessible(page, "data-submit-quarter-submitted")

    page.get_by_role("link", name=f"Correct Contacts to children’s social care, {label}").click()
    assert_accessible(page, "data-value-correct")
    page.get_by_label("Corrected figure").fill("1,240")
    page.get_by_role("button", name="Correct the figure").click()
    assert_accessible(page, "data-value-correct-error")
    assert (
        "Enter why the figure is being corrected"
        in page.locator(".govuk-error-summary").inner_text()
    )
    page.get_by_label("Why is the figure being corrected?").fill("The digits were transposed.")
    page.get_by_role("button", name="Correct the figure").click()
    figure = IndicatorValue.objects.get(indicator=contacts, period_start=quarter)
    assert figure.value == Decimal("1240")
    assert ValueCorrection.objects.get(value=figure).previous == Decimal("1204")
    assert "corrected from 1204 to 1240" in page.locator(".govuk-notification-banner").inner_text()

    # The partnership's dashboard draws the corrected figure, with its text alternative.
    page.goto(reverse("portal:data_dashboard"))
    assert_accessible(page, "data-dashboard-after-submit")
    chart = page.get_by_role("img", name=re.compile("^Contacts to children’s social care"))
    assert chart.count() == 1 and chart.bounding_box()["height"] > 100
    # The text alternative gives the only figure so far, the corrected one.
    assert "One figure: 1,240 in " in chart.locator("desc").text_content()


def test_an_agency_lead_imports_a_bad_file_then_a_good_one_and_submits_it(
    page, sign_in_as, agency_lead_a, agency_a, tmp_path
):
    make_indicators(agency_a)
    quarter = period_shift(Frequency.QUARTERLY, last_quarter(), -1)
    first, second, third = months(quarter)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "indicator,period,value,note\n"
        f"Contacts to children’s social care,{quarter.isoformat()},1204,\n"
        f"Strategy discussions with police present,{first.isoformat()},seventy,\n"
        f"Missing episodes,{second.isoformat()},3,\n",
        encoding="utf-8",
    )
    good = tmp_path / "good.csv"
    good.write_text(
        "indicator,period,value,note\n"
        f'Contacts to children’s social care,{quarter_name(quarter)},"1,204",New front door\n'
        f"Strategy discussions with police present,{first:%B %Y},70,\n"
        f"Strategy discussions with police present,{second:%B %Y},75.5,\n"
        f"Strategy discussions with police present,{third.isoformat()},81,\n",
        encoding="utf-8",
    )
    sign_in_as(agency_lead_a)

    page.goto("/portal/data/submit/")
    page.get_by_role("link", name="Import figures from a spreadsheet").click()
    assert_accessible(page, "data-import")
    page.get_by_label("Upload a file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and preview").click()
    assert_accessible(page, "data-import-problems")
    problems = page.locator(".govuk-error-summary").inner_text()
    assert "Row 3, column value: “seventy” is not a number. Enter a number, like 18.5" in problems
    assert (
        "Row 4, column indicator: Metropolitan Police Service does not own an indicator called "
        "“Missing episodes”" in problems
    )
    assert not page.get_by_role("button", name="Confirm import").count()
    assert not IndicatorValue.objects.exists()

    page.get_by_role("link", name="Upload a corrected file").click()
    page.get_by_label("Upload a file").set_input_files(str(good))
    page.get_by_role("button", name="Upload and preview").click()
    assert_accessible(page, "data-import-preview")
    assert "The file holds 4 figures" in page.locator("main").inner_text()
    assert not IndicatorValue.objects.exists()
    page.get_by_role("button", name="Confirm import").click()

    assert page.locator("h1").inner_text().startswith(f"Figures for {quarter_name(quarter)}")
    assert (
        "4 figures entered, not yet submitted"
        in page.locator(".govuk-notification-banner").inner_text()
    )
    assert IndicatorValue.objects.filter(status=ValueStatus.ENTERED).count() == 4
    page.get_by_role("button", name="Submit the quarter").click()
    assert "4 figures submitted" in page.locator(".govuk-notification-banner").inner_text()
    assert IndicatorValue.objects.submitted().count() == 4
