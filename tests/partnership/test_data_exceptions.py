"""The exception report: which indicators it lists for a quarter and why, the page written for
the partnership meeting's papers, and its XLSX and PDF, each export logged."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from partnership import services
from partnership.models import AuditEntry, AuditVerb, Frequency, GoodDirection, IndicatorUnit

from ..factories import AgencyFactory, IndicatorFactory, IndicatorValueFactory, PriorityFactory

D = datetime.date
Q = Frequency.QUARTERLY
pytestmark = pytest.mark.django_db
URL = reverse("portal:data_exceptions")
EXPORT = reverse("portal:data_exceptions_export")


def latest():
    return services.ended_quarters(timezone.localdate())[0]


def three_quarters(last):
    return services.data_exports.recent_periods(Q, last, 3)


def indicator_with(figures, *, last=None, **fields):
    """An indicator with its figures for the three quarters ending `last` (the latest ended
    one by default), oldest first; None leaves a quarter without a figure."""
    fields.setdefault("collected_from", D(2020, 4, 1))
    indicator = IndicatorFactory(**fields)
    for start, value in zip(three_quarters(last or latest()), figures, strict=True):
        if value is not None:
            IndicatorValueFactory(indicator=indicator, period_start=start, value=value)
    return indicator


# Which indicators are listed


def test_it_lists_figures_on_the_wrong_side_of_the_threshold_either_way():
    last = D(2025, 7, 1)
    too_high = indicator_with([10, 10, 25], last=last, name="Too high", threshold=20)
    too_low = indicator_with(
        [90, 90, 70], last=last, name="Too low", threshold=80, good_direction=GoodDirection.UP
    )
    indicator_with([10, 10, 20], last=last, name="On the threshold", threshold=20)
    indicator_with([90, 90, 85], last=last, threshold=80, good_direction=GoodDirection.UP)

    report = services.exception_report_for(last)

    assert [(row.indicator, row.reasons_text) for row in report.rows] == [
        (too_high, "Above its threshold of 20"),
        (too_low, "Below its threshold of 80"),
    ]
    assert report.judged == 4


def test_it_lists_a_figure_that_moved_the_wrong_way_two_quarters_running():
    last = D(2025, 7, 1)
    rising = indicator_with([10, 12, 14], last=last, name="Rising", threshold=20)
    falling = indicator_with(
        [80, 75, 70], last=last, name="Falling", good_direction=GoodDirection.UP
    )

    report = services.exception_report_for(last)

    assert [row.indicator for row in report.rows] == [falling, rising]
    assert [row.reasons_text for row in report.rows] == [
        "Moved the wrong way two quarters running"
    ] * 2
    assert report.rows[1].figures == [Decimal(10), Decimal(12), Decimal(14)]


def test_one_quarter_the_wrong_way_is_not_enough():
    last = D(2025, 7, 1)
    indicator_with([12, 10, 14], last=last, threshold=20)  # better, then worse
    indicator_with([10, 12, 12], last=last, threshold=20)  # worse, then level
    indicator_with([None, 12, 14], last=last, threshold=20)  # no figure before the last

    assert services.exception_report_for(last).rows == []


def test_the_service_reports_both_reasons_with_the_figures_before():
    last = D(2025, 7, 1)
    indicator = indicator_with([16, 19, 23], last=last, threshold=Decimal("20.00"))

    [found] = services.exception_report(last)

    assert found.indicator == indicator
    assert found.value.value == 23
    assert [value.value for value in found.previous] == [16, 19]
    assert (found.outside_threshold, found.worsening) == (True, True)
    assert found.reasons == [
        "above its threshold of 20",
        "moved the wrong way two quarters running",
    ]


def test_indicators_without_a_figure_for_the_quarter_are_listed_apart():
    last = D(2025, 7, 1)
    missing = indicator_with([10, 10, None], last=last, name="Not in yet", threshold=5)
    indicator_with([10, 10, 10], last=last, name="Fine", threshold=20)
    IndicatorFactory(name="Not collected yet", collected_from=D(2026, 4, 1))
    IndicatorFactory(name="Stopped", is_active=False, collected_from=D(2020, 4, 1))

    report = services.exception_report_for(last)

    assert report.missing == [missing]
    assert report.judged == 1
    assert report.rows == []


# The page


def test_the_page_shows_the_latest_ended_quarter_ready_for_the_papers(client, business_unit):
    priority = PriorityFactory(area="A suitable home for every child")
    agency = AgencyFactory(name="London Borough of Thameside")
    indicator = indicator_with(
        [4200, 4350, 4442],
        name="Children in temporary accommodation",
        agency=agency,
        priority=priority,
        threshold=4300,
    )
    indicator_with([10, 10, 10], threshold=20)
    client.force_login(business_unit)

    response = client.get(URL)

    label = services.period_label(Q, latest())
    assert response.status_code == 200
    assert response.context["form"]["quarter"].value() == latest().isoformat()
    html = response.content.decode()
    assert f'<h1 class="govuk-heading-l">Exception report, {label}</h1>' in html
    assert (
        f"1 of the 2 indicators with a figure for {label} is on this report: 1 outside its "
        "threshold and 1 moving the wrong way for two quarters running." in html
    )
    assert reverse("portal:data_indicator", args=[indicator.pk]) in html
    for text in (
        "London Borough of Thameside",
        "A suitable home for every child",
        "4,200",
        "4,350",
        "4,442",
        "4,300",
        "Lower is better",
        "Above its threshold of 4,300; moved the wrong way two quarters running",
        *(services.period_short_label(Q, start) for start in three_quarters(latest())),
    ):
        assert text in html, text
    assert f"?quarter={latest().isoformat()}&amp;format=xlsx" in html


def test_a_quarter_is_chosen_in_the_address(client, scrutineer):
    earlier = services.ended_quarters(timezone.localdate())[3]
    indicator_with([1, 2, 30], last=earlier, name="Then", threshold=20, unit=IndicatorUnit.DAYS)
    client.force_login(scrutineer)

    response = client.get(URL, {"quarter": earlier.isoformat()})

    html = response.content.decode()
    assert f"Exception report, {services.period_label(Q, earlier)}" in html
    assert "30 days" in html
    assert f'<option value="{earlier.isoformat()}" selected>' in html


def test_a_quarter_it_does_not_offer_is_refused(client, partner_lead):
    client.force_login(partner_lead)

    response = client.get(URL, {"quarter": "2001-04-01"})

    assert response.status_code == 200
    assert response.context["report"] is None
    assert "Select one of the last eight quarters" in response.content.decode()
    assert response.content.decode().count("<h1") == 1


def test_it_offers_the_last_eight_ended_quarters(client, business_unit):
    client.force_login(business_unit)

    response = client.get(URL)

    choices = response.context["form"].fields["quarter"].choices
    assert len(choices) == 8
    assert choices[0] == (latest().isoformat(), services.period_label(Q, latest()))


def test_the_page_lists_indicators_with_no_figure(client, business_unit):
    indicator_with([1, 1, None], name="Awaited from the police")
    client.force_login(business_unit)

    html = client.get(URL).content.decode()

    assert "No figure submitted" in html
    assert "Awaited from the police" in html
    assert "so it cannot be judged" in html


@pytest.mark.parametrize("who", ["agency_lead_a", "practitioner"])
def test_agency_leads_and_practitioners_may_not_read_it(client, cast, who):
    client.force_login(cast[who])

    assert client.get(URL).status_code == 403
    assert client.get(EXPORT, {"format": "xlsx"}).status_code == 403


@pytest.mark.parametrize("size", [3, 15])
def test_the_page_runs_a_fixed_number_of_queries(
    client, business_unit, django_assert_num_queries, size
):
    priority = PriorityFactory()
    for n in range(size):
        indicator_with([10, 12, 30], threshold=20, priority=priority if n % 2 else None)
        indicator_with([10, 10, None])
    client.force_login(business_unit)

    # Session, user and the second factor's device, the report's three, and the session's sliding
    # expiry (three).
    with django_assert_num_queries(9):
        response = client.get(URL)

    assert len(response.context["report"].rows) == size


# The exports


def test_the_spreadsheet_holds_the_report(client, business_unit):
    indicator_with([10, 12, 30], name='=HYPERLINK("x")', threshold=20)
    indicator_with([1, 1, None], name="Awaited")
    client.force_login(business_unit)

    response = client.get(EXPORT, {"quarter": latest().isoformat(), "format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="exception-report-{latest():%Y-%m}.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "Indicator",
        "Owning agency",
        "Strategic priority",
        "Unit",
        *(services.period_short_label(Q, start) for start in three_quarters(latest())),
        "Threshold",
        "Which way is good",
        "Why it is listed",
    ]
    assert rows[1][0] == '\'=HYPERLINK("x")'
    assert rows[1][4:7] == [10, 12, 30]
    assert rows[1][7:] == [
        20,
        "Lower is better",
        "Above its threshold of 20; moved the wrong way two quarters running",
    ]
    assert rows[2][0] == "Awaited"
    assert rows[2][-1] == "No figure submitted for the quarter: it cannot be judged"
    entry = AuditEntry.objects.get(verb=AuditVerb.EXPORTED)
    assert entry.verb == AuditVerb.EXPORTED
    assert entry.user == business_unit
    assert entry.summary == (
        f"Exception report, {services.period_label(Q, latest())}, XLSX: 1 indicator"
    )


def test_the_pdf_holds_the_heading_the_indicators_and_their_trends(client, scrutineer):
    indicator_with([10, 12, 30], name="Re-referrals within 12 months", threshold=20)
    indicator_with([90, 80, 70], name="Conferences on time", good_direction=GoodDirection.UP)
    client.force_login(scrutineer)

    response = client.get(EXPORT, {"quarter": latest().isoformat(), "format": "pdf"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    label = services.period_label(Q, latest())
    assert f"Exception report, {label}" in text
    assert "Re-referrals within 12 months" in text
    assert "Conferences on time" in text
    # Each trend's text alternative is printed beneath it.
    assert "Each indicator’s trend over two years" in text
    assert "above the threshold of 20 in the last quarter" in text
    assert reader.metadata.title == f"Exception report, {label}"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert AuditEntry.objects.get(verb=AuditVerb.EXPORTED).summary.endswith("PDF: 2 indicators")


def test_an_export_with_no_quarter_is_of_the_latest(client, partner_lead):
    client.force_login(partner_lead)

    response = client.get(EXPORT)

    assert response.status_code == 200
    assert f"{latest():%Y-%m}.xlsx" in response["Content-Disposition"]


@pytest.mark.parametrize("query", [{"format": "docx"}, {"quarter": "2001-04-01"}])
def test_an_export_of_something_it_does_not_offer_is_not_found(client, business_unit, query):
    client.force_login(business_unit)

    assert client.get(EXPORT, query).status_code == 404
    assert not AuditEntry.objects.filter(verb=AuditVerb.EXPORTED).exists()
