"""The budget pages through the test client: the statement, line editing, publishing, the
public summary, import and export, and query counts that do not grow with the rows. Who may
open which page is the URL x role matrix's job (tests/partnership/test_access.py)."""

import csv
import io
import sys
import types
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from budget.models import FinancialYear, Line, LineKind, Side

from ..factories import office_file
from ..upload_checks import OVER_1_MB, PNG_BYTES, XLSX_MAIN_PART, assert_refused, stored_files
from .factories import (
    FinancialYearFactory,
    LineFactory,
    contribution,
    earlier_years,
    lines_of,
    partners,
    seed_statement,
)

pytestmark = pytest.mark.django_db

SEED_URL = "/portal/budget/2023-24/"


@pytest.fixture
def signed_in(client, business_unit):
    client.force_login(business_unit)
    return client


@pytest.fixture
def seed():
    year = seed_statement()
    earlier_years(partners())
    return year


def page(response):
    assert response.status_code == 200
    return response.content.decode()


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# The statement


def test_the_statement_shows_the_lines_totals_footnotes_and_shares(signed_in, seed):
    html = page(signed_in.get(SEED_URL))

    for label in (
        "London Borough of Thameside",
        "Metropolitan Police Service",
        "DfE implementation grant",
        "Business manager",
        "Senior admin officer",
        "Rapid reviews",
    ):
        assert label in html
    assert html.count("£199,447") >= 2  # the summary and the income column's total
    assert html.count("£165,278") >= 2
    assert "£34,169" in html  # the surplus, carried into 2024-25
    assert "To carry into 2024-25" in html
    assert "Worked out from the actual amounts of the lines below" in html
    for number, note in enumerate(
        ["Actual spend.", "One-off.", "Three days a month.", "Half a shared post."], start=1
    ):
        assert f'<li id="footnote-{number}">{note}</li>' in html
    for share in ("4.8%", "61.3%", "33.9%"):
        assert share in html
    # The two years before, for comparison.
    assert ">2021-22<" in html
    assert ">2022-23<" in html
    assert "other agencies gave £18,347 more in 2023-24" in html


def test_the_statement_context_holds_the_derived_figures(signed_in, seed):
    response = signed_in.get(SEED_URL)

    statement = response.context["statement"]
    assert statement.outturn.income == Decimal("199447.00")
    assert statement.outturn.expenditure == Decimal("165278.00")
    assert [shares.year.name for shares in statement.history] == [
        "2021-22",
        "2022-23",
        "2023-24",
    ]
    assert response.context["can_edit"] is True


def test_a_deficit_is_shown_as_a_deficit(signed_in):
    year = FinancialYearFactory(start_year=2024)
    LineFactory(year=year, side=Side.INCOME, kind=LineKind.OTHER, actual=Decimal("100"))
    LineFactory(year=year, actual=Decimal("150.50"))

    html = page(signed_in.get("/portal/budget/2024-25/"))

    assert "Deficit" in html
    assert "£50.50" in html


def test_a_planned_year_shows_the_planned_column_and_says_so(signed_in):
    year = FinancialYearFactory(start_year=2024)
    LineFactory(year=year, planned=Decimal("1200"), actual=None)

    html = page(signed_in.get("/portal/budget/2024-25/"))

    assert ">Planned</th>" in html
    assert ">Actual</th>" not in html
    assert "Worked out from the planned amounts of the lines below: no actual amounts" in html


def test_the_scrutineer_reads_the_statement_without_change_links(client, scrutineer, seed):
    client.force_login(scrutineer)

    html = page(client.get(SEED_URL))

    assert "£199,447" in html
    assert "Add income" not in html
    assert "Publish the summary" not in html
    assert reverse("budget:line_edit", args=[seed.lines.first().pk]) not in html


def test_a_year_that_is_not_there_is_not_found(signed_in):
    assert signed_in.get("/portal/budget/2030-31/").status_code == 404
    assert signed_in.get("/portal/budget/2023-25/").status_code == 404


def test_the_year_list_shows_each_year_with_its_totals(signed_in, seed):
    html = page(signed_in.get(reverse("budget:years")))

    assert "3 financial years" in html
    assert "£199,447" in html
    assert "£34,169 surplus" in html
    assert 'href="/portal/budget/2021-22/"' in html


def test_the_comparison_puts_the_years_side_by_side(signed_in, seed):
    response = signed_in.get(reverse("budget:comparison"))
    html = page(response)

    totals = response.context["comparison"].totals
    assert [(t.income, t.expenditure) for t in totals] == [
        (Decimal("97000.00"), Decimal("0.00")),
        (Decimal("101000.00"), Decimal("0.00")),
        (Decimal("199447.00"), Decimal("165278.00")),
    ]
    assert "£97,000" in html
    assert "Agency contribution" in html
    # The chart's text alternative carries the figures too.
    assert "2023-24: local authority £64,320 (61.3%), police £5,000 (4.8%)" in html


# Lines


def test_adding_a_line_saves_it_and_goes_back_to_it_on_the_statement(signed_in, seed):
    probation = partners()["probation"]

    response = signed_in.post(
        reverse("budget:income_line_create", args=[2023]),
        {
            "kind": "contribution",
            "agency": probation.pk,
            "description": "",
            "planned": "2,500",
            "actual": "£2,616.50",
            "note": "Paid in two parts.",
        },
    )

    line = Line.objects.get(year=seed, note="Paid in two parts.")
    assert response.status_code == 302
    assert response["Location"] == f"{SEED_URL}#line-{line.pk}"
    assert messages_of(response) == ["“Probation Service” saved"]
    assert (line.side, line.kind, line.agency, line.planned, line.actual) == (
        Side.INCOME,
        LineKind.CONTRIBUTION,
        probation,
        Decimal("2500.00"),
        Decimal("2616.50"),
    )
    assert line.position == max(seed.lines.values_list("position", flat=True))


def test_adding_a_grant_keeps_its_conditions_and_spend_by_date(signed_in, seed):
    signed_in.post(
        reverse("budget:income_line_create", args=[2023]),
        {
            "kind": "grant",
            "description": "Home Office grant",
            "actual": "1000",
            "conditions": "Spend on prevention.",
            "spend_by_0": "31",
            "spend_by_1": "3",
            "spend_by_2": "2025",
        },
    )

    line = Line.objects.get(description="Home Office grant")
    assert (line.conditions, line.spend_by) == ("Spend on prevention.", date(2025, 3, 31))


def test_a_field_of_another_kind_is_cleared_not_refused(signed_in, seed):
    police = partners()["police"]

    response = signed_in.post(
        reverse("budget:income_line_create", args=[2023]),
        {
            "kind": "other",
            "agency": police.pk,
            "description": "Donation",
            "actual": "50",
            "conditions": "Left over from choosing a grant.",
        },
    )

    assert response.status_code == 302
    line = Line.objects.get(description="Donation")
    assert (line.agency, line.conditions) == (None, "")


def test_adding_spending_offers_only_the_kinds_of_spending(signed_in, seed):
    response = signed_in.get(reverse("budget:expenditure_line_create", args=[2023]))

    form = response.context["form"]
    assert [value for value, _ in form.fields["kind"].choices] == [
        "staffing",
        "chair_scrutiny",
        "training_programme",
        "reviews",
        "memberships",
        "office",
        "other",
    ]
    assert "agency" not in form.fields
    assert "Add a line of spending" in page(response)


def test_changing_a_line_saves_it(signed_in, seed):
    line = seed.lines.get(description="Rapid reviews")

    response = signed_in.post(
        reverse("budget:line_edit", args=[line.pk]),
        {"kind": "reviews", "description": "Rapid reviews", "planned": "6000", "actual": "6582"},
    )

    assert response["Location"] == f"{SEED_URL}#line-{line.pk}"
    assert messages_of(response) == ["“Rapid reviews” saved"]
    line.refresh_from_db()
    assert (line.side, line.planned, line.actual) == (
        Side.EXPENDITURE,
        Decimal("6000.00"),
        Decimal("6582.00"),
    )
    html = page(signed_in.get(SEED_URL))
    assert "£6,000" in html
    assert ">Planned</th>" in html


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"kind": "office", "planned": "lots"},
            {"planned": ["Enter the planned amount in pounds and pence, like 64320 or 64,320.50"]},
        ),
        (
            {"kind": "office", "actual": "12.345"},
            {"actual": ["The actual amount must have no more than 2 decimal places"]},
        ),
        (
            {"kind": "office", "actual": "-5"},
            {"actual": ["The actual amount must be £0 or more"]},
        ),
        (
            {"kind": "office"},
            {"actual": ["Enter the planned amount, the actual amount, or both"]},
        ),
        (
            {"actual": "5"},
            {"kind": ["Select the kind of line"]},
        ),
    ],
    ids=["text", "fraction-of-a-penny", "below-zero", "no-amount", "no-kind"],
)
def test_a_line_with_a_mistake_is_shown_again_with_the_error(signed_in, seed, data, errors):
    before = lines_of(seed)

    response = signed_in.post(reverse("budget:expenditure_line_create", args=[2023]), data)

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    html = page(response)
    assert "<title>Error: " in html
    assert next(iter(errors.values()))[0] in html
    assert lines_of(seed) == before


def test_a_contribution_must_name_its_agency(signed_in, seed):
    before = lines_of(seed)

    response = signed_in.post(
        reverse("budget:income_line_create", args=[2023]), {"kind": "contribution", "actual": "5"}
    )

    assert response.context["form"].errors == {
        "agency": ["Select the agency that made the contribution"]
    }
    assert lines_of(seed) == before


def test_deleting_a_line_asks_first_then_deletes_it(signed_in, seed):
    line = seed.lines.get(description="Rapid reviews")
    url = reverse("budget:line_delete", args=[line.pk])

    confirm = page(signed_in.get(url))
    assert "Delete “Rapid reviews”?" in confirm
    assert "(£6,582 actual)" in confirm
    assert Line.objects.filter(pk=line.pk).exists()

    response = signed_in.post(url)

    assert response["Location"] == SEED_URL
    assert messages_of(response) == ["“Rapid reviews” deleted from 2023-24"]
    assert not Line.objects.filter(pk=line.pk).exists()
    assert "£158,696" in page(signed_in.get(SEED_URL))  # 165,278 less 6,582


def test_a_line_that_is_not_there_is_not_found(signed_in):
    assert signed_in.get(reverse("budget:line_edit", args=[999999])).status_code == 404
    assert signed_in.post(reverse("budget:line_delete", args=[999999])).status_code == 404


# Years


def test_adding_a_year_planned_from_the_last(signed_in, seed):
    response = signed_in.post(
        reverse("budget:year_create"), {"start_year": "2024", "plan_from": seed.pk, "note": ""}
    )

    assert response["Location"] == "/portal/budget/2024-25/"
    assert messages_of(response) == ["Financial year 2024-25 added"]
    year = FinancialYear.objects.get(start_year=2024)
    assert year.lines.get(kind=LineKind.CARRIED_FORWARD).planned == Decimal("34169.00")
    assert not year.lines.filter(kind=LineKind.GRANT).exists()


def test_a_year_that_exists_is_not_offered_again(signed_in, seed):
    response = signed_in.post(reverse("budget:year_create"), {"start_year": "2023"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["start_year"]
    assert FinancialYear.objects.filter(start_year=2023).count() == 1


def test_the_note_on_a_statement_is_saved(signed_in, seed):
    response = signed_in.post(reverse("budget:year_note", args=[2023]), {"note": "Draft."})

    assert response["Location"] == SEED_URL
    assert messages_of(response) == ["The note on 2023-24 is saved"]
    assert '<li id="footnote-1">Draft.</li>' in page(signed_in.get(SEED_URL))


# Publishing


def test_publishing_asks_first_then_publishes(signed_in, seed):
    url = reverse("budget:year_publish", args=[2023])

    confirm = page(signed_in.get(url))
    assert "Publish the summary?" in confirm
    assert not FinancialYear.objects.get(pk=seed.pk).is_published

    response = signed_in.post(url)

    assert response["Location"] == SEED_URL
    assert messages_of(response) == ["The summary of 2023-24 is on the public site"]
    assert FinancialYear.objects.get(pk=seed.pk).is_published


def test_taking_a_summary_down_asks_first_then_unpublishes(signed_in, seed):
    url = reverse("budget:year_publish", args=[2023])
    signed_in.post(url)

    confirm = page(signed_in.get(url))
    assert "Take the summary down?" in confirm

    response = signed_in.post(url)

    assert messages_of(response) == ["The summary of 2023-24 is no longer on the public site"]
    assert not FinancialYear.objects.get(pk=seed.pk).is_published


def test_a_year_with_no_lines_cannot_be_published(signed_in):
    FinancialYearFactory(start_year=2024)

    response = signed_in.post(reverse("budget:year_publish", args=[2024]))

    html = page(response)
    assert "<title>Error: " in html
    assert "A year with no lines has nothing to publish" in html
    assert not FinancialYear.objects.get(start_year=2024).is_published


# The public summary


@pytest.fixture
def published(seed):
    from budget.services import year_publish

    return year_publish(year=seed)


def test_the_public_list_shows_only_published_years(client, published):
    html = page(client.get("/budget/"))

    assert 'href="/budget/2023-24/"' in html
    assert "£199,447" in html
    assert "2022-23" not in html
    assert "2021-22" not in html


def test_an_unpublished_year_is_not_found_by_the_public(client, published):
    assert client.get("/budget/2022-23/").status_code == 404
    assert client.get("/budget/2030-31/").status_code == 404


def test_the_public_summary_shows_sources_and_categories_but_no_lines_or_notes(client, published):
    html = page(client.get("/budget/2023-24/"))

    assert "£199,447" in html
    assert "£165,278" in html
    assert "leaving £34,169 to carry into 2024-25" in html
    assert "Agency contribution" in html
    assert "£123,267" in html  # the seven agencies' contributions together
    assert "£125,115" in html  # staffing: three posts together
    assert "4.8%" in html
    for private in (
        "Business manager",
        "Senior admin officer",
        "DfE implementation grant",
        "Metropolitan Police Service",
        "Probation Service",
        "Actual spend.",
        "One-off.",
        "Three days a month.",
        "Half a shared post.",
    ):
        assert private not in html


def test_a_summary_taken_down_is_no_longer_public(client, signed_in, published):
    signed_in.post(reverse("budget:year_publish", args=[2023]))
    client.logout()

    assert client.get("/budget/2023-24/").status_code == 404
    assert "2023-24" not in page(client.get("/budget/"))


# Import


def upload(client, content, name="budget-2023-24.csv"):
    return client.post(reverse("budget:import"), {"file": SimpleUploadedFile(name, content)})


def printed(year):
    """The seed statement's file as the report prints it: an income total of 199,455."""
    content = signed_export(year)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    rows[18][6] = "199455.00"
    assert rows[18][2] == "Total"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def signed_export(year):
    from budget.services import lines_export

    return lines_export(year=year, file_format="csv").content


def test_an_import_is_previewed_with_its_warning_then_confirmed(signed_in, seed):
    before = lines_of(seed)
    pks = set(seed.lines.values_list("pk", flat=True))

    response = upload(signed_in, printed(seed))
    assert response["Location"] == reverse("budget:import_preview")

    html = page(signed_in.get(reverse("budget:import_preview")))
    assert "The file’s totals do not match its lines" in html
    assert (
        "Row 19, column actual: The file’s actual total income for 2023-24 is £199,455, but "
        "its lines add up to £199,447, £8 less." in html
    )
    assert "Import the lines anyway" in html
    assert "The file holds 17 lines." in html
    assert set(seed.lines.values_list("pk", flat=True)) == pks

    confirmed = signed_in.post(reverse("budget:import_preview"))

    assert confirmed["Location"] == SEED_URL
    assert messages_of(confirmed) == ["budget-2023-24.csv imported: 17 lines for 2023-24"]
    assert lines_of(seed) == before
    assert not seed.lines.filter(pk__in=pks).exists()
    again = page(signed_in.get(reverse("budget:import_preview")))
    assert "No file to import" in again


def test_a_bad_import_shows_its_problems_and_changes_nothing(signed_in, seed):
    before = lines_of(seed)
    content = (
        b"year,side,kind,agency,actual\n"
        b"2023-24,expenditure,office,,lots\n"
        b"2023-24,income,contribution,Thameside Zoo,5\n"
        b"2030-31,income,other,,12.345\n"
    )

    upload(signed_in, content, name="bad.csv")
    html = page(signed_in.get(reverse("budget:import_preview")))

    assert "<title>Error: " in html
    assert "Nothing has been imported" in html
    assert "Row 2, column actual: “lots” is not an amount of money" in html
    assert "Row 3, column agency: There is no agency called “Thameside Zoo”" in html
    assert "Row 4, column year: There is no financial year 2030-31" in html
    assert "Row 4, column actual: “12.345” has more than two decimal places" in html
    assert "Confirm import" not in html

    response = signed_in.post(reverse("budget:import_preview"))

    assert response.status_code == 200
    assert lines_of(seed) == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("budget.xlsx", b"PK\x03\x04 broken", "The selected file must be a CSV or XLSX"),
        ("budget.csv", PNG_BYTES, "The selected file must be a CSV or XLSX"),
        ("budget.csv", b"year,side\n" + b"x" * OVER_1_MB, "The selected file must be smaller than 1 MB"),
    ],
    ids=["broken workbook", "image named csv", "too big"],
)  # fmt: skip
def test_a_bad_file_is_refused_at_upload_and_nothing_is_kept(
    signed_in, seed, settings, name, content, message
):
    settings.IMPORT_MAX_MB = 1
    before = lines_of(seed)

    response = upload(signed_in, content, name=name)

    assert_refused(response, message)
    assert "pending_budget_import" not in signed_in.session
    assert lines_of(seed) == before
    assert stored_files(settings) == []


def test_a_workbook_that_cannot_be_read_is_refused_at_upload(signed_in, seed):
    broken = office_file(XLSX_MAIN_PART, part_name="/xl/workbook.xml")

    response = upload(signed_in, broken, name="budget.xlsx")

    assert response.context["form"].errors == {
        "file": ["The file could not be read as Excel (XLSX)"]
    }
    assert "pending_budget_import" not in signed_in.session


# Export


def test_the_lines_download_as_csv(signed_in, seed):
    response = signed_in.get(reverse("budget:year_export", args=[2023]) + "?format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == 'attachment; filename="budget-2023-24.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 19
    assert rows[-2]["actual"] == "199447.00"


def test_the_lines_download_as_xlsx(signed_in, seed):
    import openpyxl

    response = signed_in.get(reverse("budget:year_export", args=[2023]) + "?format=xlsx")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="budget-2023-24.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 20
    assert sheet["D3"].value == "London Borough of Thameside"


def test_an_unknown_download_format_is_not_found(signed_in, seed):
    response = signed_in.get(reverse("budget:year_export", args=[2023]) + "?format=pdf")

    assert response.status_code == 404


# Training fees from the training app


def test_the_training_fee_figure_is_offered_and_used(signed_in, seed, monkeypatch):
    module = types.ModuleType("training.services")
    module.fee_income = lambda *, start, end: Decimal("30000.00")
    monkeypatch.setitem(sys.modules, "training.services", module)

    html = page(signed_in.get(SEED_URL))
    assert "The training records show £30,000 of fees charged in 2023-24" in html

    response = signed_in.post(reverse("budget:training_fees", args=[2023]))

    assert response["Location"] == SEED_URL
    assert messages_of(response) == ["Training fees for 2023-24 set to £30,000.00"]
    assert seed.lines.get(kind=LineKind.TRAINING_FEES).actual == Decimal("30000.00")
    assert "The training records show" not in page(signed_in.get(SEED_URL))


def test_without_a_training_figure_the_fees_are_left_alone(signed_in, seed, monkeypatch):
    monkeypatch.setitem(sys.modules, "training.services", None)

    assert "The training records show" not in page(signed_in.get(SEED_URL))
    response = signed_in.post(reverse("budget:training_fees", args=[2023]))

    assert messages_of(response) == ["The training records hold no fee income for this year yet"]
    assert seed.lines.get(kind=LineKind.TRAINING_FEES).actual == Decimal("28880.00")


# Query counts do not grow with the rows


def queries(client, url):
    client.get(url)  # once first, so a first visit's extra work is not counted
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def more_lines(year, count):
    agencies = list(partners().values())
    for n in range(count):
        contribution(year, agencies[n % len(agencies)], 100 + n, note=f"Note {n}.")
        LineFactory(year=year, kind=LineKind.STAFFING, description=f"Post {n}", note=f"N{n}")


def more_years(first, count, *, publish=False):
    agencies = partners()
    for start_year in range(first, first + count):
        year = FinancialYearFactory(start_year=start_year, note="Planned.")
        contribution(year, agencies["council"], 60000)
        contribution(year, agencies["police"], 5000)
        LineFactory(year=year, kind=LineKind.OFFICE, planned=Decimal("10"), actual=None)
        if publish:
            year.published_at = timezone.now()
            year.save()


def test_the_statement_costs_the_same_with_many_lines_and_years(signed_in):
    year = FinancialYearFactory(start_year=2023)
    LineFactory(year=year)
    few = queries(signed_in, SEED_URL)

    more_lines(year, 30)
    more_years(2015, 8)
    many = queries(signed_in, SEED_URL)

    assert many == few


def test_the_year_list_costs_the_same_with_many_years(signed_in):
    more_years(2023, 1)
    few = queries(signed_in, reverse("budget:years"))

    more_years(2000, 23)
    more_lines(FinancialYear.objects.get(start_year=2023), 10)
    many = queries(signed_in, reverse("budget:years"))

    assert FinancialYear.objects.count() == 24
    assert many == few


def test_the_comparison_costs_the_same_with_many_years(signed_in):
    more_years(2023, 1)
    few = queries(signed_in, reverse("budget:comparison"))

    more_years(2010, 13)
    many = queries(signed_in, reverse("budget:comparison"))

    assert many == few


def test_the_public_pages_cost_the_same_with_many_years_and_lines(client):
    more_years(2023, 1, publish=True)
    few_list = queries(client, "/budget/")
    few_year = queries(client, "/budget/2023-24/")

    more_years(2000, 20, publish=True)
    more_lines(FinancialYear.objects.get(start_year=2023), 20)

    assert queries(client, "/budget/") == few_list
    assert queries(client, "/budget/2023-24/") == few_year
