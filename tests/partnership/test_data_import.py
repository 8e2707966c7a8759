"""Importing an agency's figures from a file: upload, preview (a dry run), confirm; all or
nothing, each fault named by row and column; and the template to fill in."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnership import services
from partnership.models import Frequency, IndicatorValue, ValueStatus
from partnership.resources_data import parse_period, quarter_name
from partnership.services.audit import Actor
from partnership.services.dataset import period_shift

from ..factories import IndicatorFactory, IndicatorValueFactory
from ..upload_checks import OVER_1_MB, PNG_BYTES, assert_refused, stored_files
from .test_data_submit import last_quarter, make_indicators, quarter_url

pytestmark = pytest.mark.django_db

PREVIEW = reverse("portal:data_import_preview")


def months(quarter):
    return [period_shift(Frequency.MONTHLY, quarter, n) for n in range(3)]


def good_csv(quarter) -> bytes:
    april, may, june = months(quarter)
    return (
        "Indicator,Period,Value,Note\n"
        f'Contacts to children’s social care,{quarter_name(quarter)},"1,204",New front door\n'
        f"strategy discussions with police present,{april.isoformat()},71.5,\n"
        f"Strategy discussions with police present,{may:%B %Y},80,\n"
        f"Strategy discussions with police present,{june.isoformat()},92.25,\n"
    ).encode()


def upload(client, content, name="figures.csv"):
    return client.post(reverse("portal:data_import"), {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def lead(client, agency_lead_a):
    client.force_login(agency_lead_a)
    return client


@pytest.fixture
def figures(agency_a):
    return make_indicators(agency_a)


def test_the_upload_page_says_how_to_write_a_period(lead, figures):
    page = lead.get(reverse("portal:data_import")).content.decode()

    assert "Write each period as its first day, like 2025-04-01" in page
    assert "Contacts to children’s social care (quarterly)" in page


def test_an_upload_leads_to_a_preview_that_changes_nothing(lead, figures):
    response = upload(lead, good_csv(last_quarter()))

    assert response["Location"] == PREVIEW
    page = lead.get(PREVIEW).content.decode()
    assert "The file holds 4 figures for Q" in page
    assert "Confirm import" in page
    assert not IndicatorValue.objects.exists()


def test_confirming_enters_the_figures_and_sends_the_lead_to_submit_the_quarter(lead, figures):
    contacts, strategy = figures
    quarter = last_quarter()
    upload(lead, good_csv(quarter))

    response = lead.post(PREVIEW)

    assert response["Location"] == quarter_url(quarter)
    figure = IndicatorValue.objects.get(indicator=contacts, period_start=quarter)
    assert (figure.value, figure.note) == (Decimal("1204"), "New front door")
    assert [v.value for v in IndicatorValue.objects.filter(indicator=strategy)] == [
        Decimal("71.5"),
        Decimal("80"),
        Decimal("92.25"),
    ]
    assert not IndicatorValue.objects.submitted().exists(), "imported figures are entered only"
    page = lead.get(response["Location"]).content.decode()
    assert "figures.csv imported: 4 figures entered, not yet submitted" in page
    assert "No file to import" in lead.get(PREVIEW).content.decode()


def test_an_import_replaces_figures_entered_but_not_submitted(lead, figures):
    contacts, _ = figures
    quarter = last_quarter()
    IndicatorValueFactory(
        indicator=contacts, period_start=quarter, value=1, status="entered", submitted_at=None
    )
    upload(lead, good_csv(quarter))

    assert "1 of them replaces a figure entered" in lead.get(PREVIEW).content.decode()
    lead.post(PREVIEW)
    assert IndicatorValue.objects.get(indicator=contacts).value == 1204


def test_a_bad_file_names_each_fault_by_row_and_column_and_saves_nothing(lead, figures, agency_b):
    contacts, strategy = figures
    IndicatorFactory(name="Health visitor contacts", agency=agency_b)
    quarter = last_quarter()
    running = period_shift(Frequency.QUARTERLY, quarter, 1)
    earlier = period_shift(Frequency.QUARTERLY, quarter, -1)
    IndicatorValueFactory(indicator=contacts, period_start=earlier, value=3)
    content = (
        "indicator,period,value\n"
        f"Contacts to children’s social care,{quarter.isoformat()},12\n"
        f"Strategy discussions with police present,{quarter.isoformat()},twelve\n"
        f"Health visitor contacts,{quarter.isoformat()},4\n"
        f"Contacts to children’s social care,{running.isoformat()},5\n"
        f"Contacts to children’s social care,{earlier.isoformat()},4\n"
        f"Strategy discussions with police present,{quarter_name(quarter)},4\n"
        f"Contacts to children’s social care,{quarter.isoformat()},13\n"
        f"Contacts to children’s social care,last spring,\n"
    ).encode()
    upload(lead, content)

    response = lead.get(PREVIEW)

    problems = [str(problem) for problem in response.context["outcome"].problems]
    assert "Row 3, column value: “twelve” is not a number. Enter a number, like 18.5" in problems
    assert (
        "Row 4, column indicator: Metropolitan Police Service does not own an indicator "
        "called “Health visitor contacts”" in problems
    )
    assert any(
        p.startswith("Row 5, column period: Q") and "has not ended yet" in p for p in problems
    )
    assert any(
        p.startswith("Row 6, column value: The figure for Q") and "submitted" in p for p in problems
    )
    assert any(
        p.startswith("Row 7, column period: Strategy discussions") and "monthly" in p
        for p in problems
    )
    assert any(p.startswith("Row 8, column period: ") and "is also on row 2" in p for p in problems)
    assert any(
        p.startswith("Row 9, column period: “last spring” is not a period") for p in problems
    )
    assert "Row 9, column value: Enter the figure, like 18.5, or delete the row" in problems
    page = response.content.decode()
    assert "Row 3, column value:" in page and "Nothing has been imported" in page
    assert "Confirm import" not in page
    lead.post(PREVIEW)
    assert IndicatorValue.objects.count() == 1, "not even the good row 2 is saved"


def test_a_file_without_the_columns_says_which(lead, figures):
    upload(lead, b"name,figure\nContacts,3\n")

    problems = [str(p) for p in lead.get(PREVIEW).context["outcome"].problems]

    assert problems == [
        "Row 1, column indicator: Add this column to the header row",
        "Row 1, column period: Add this column to the header row",
        "Row 1, column value: Add this column to the header row",
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("figures.xlsx", b"\x00\x01PK not a workbook", "The selected file must be a CSV or XLSX"),
        ("figures.csv", PNG_BYTES, "The selected file must be a CSV or XLSX"),
        ("figures.png", PNG_BYTES, "The selected file must be a CSV or XLSX"),
        ("figures.csv", b"x" * OVER_1_MB, "The selected file must be smaller than 1 MB"),
    ],
    ids=["not a workbook", "image named csv", "image", "too big"],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_and_nothing_is_kept(
    lead, figures, settings, name, content, message
):
    settings.IMPORT_MAX_MB = 1

    response = upload(lead, content, name=name)

    assert_refused(response, message)
    assert "pending_data_import" not in lead.session
    assert not IndicatorValue.objects.exists()
    assert stored_files(settings) == []


def test_an_excel_file_with_number_and_date_cells_imports(lead, figures):
    contacts, strategy = figures
    quarter = last_quarter()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["indicator", "period", "value", "note"])
    sheet.append(
        [
            "Contacts to children’s social care",
            datetime.datetime(*quarter.timetuple()[:3]),
            1204,
            None,
        ]
    )
    for month, value in zip(months(quarter), [71.5, 0.1 + 0.2, 92], strict=True):
        sheet.append(["Strategy discussions with police present", month.isoformat(), value, ""])
    out = io.BytesIO()
    book.save(out)
    upload(lead, out.getvalue(), name="figures.xlsx")

    lead.post(PREVIEW)

    assert IndicatorValue.objects.get(indicator=contacts).value == 1204
    assert IndicatorValue.objects.filter(indicator=strategy).order_by("period_start")[
        1
    ].value == Decimal("0.3")


def test_a_file_over_several_quarters_sends_the_lead_to_the_list(lead, figures):
    contacts, _ = figures
    quarter = last_quarter()
    earlier = period_shift(Frequency.QUARTERLY, quarter, -1)
    upload(
        lead,
        (
            "indicator,period,value\n"
            f"Contacts to children’s social care,{quarter.isoformat()},1\n"
            f"Contacts to children’s social care,{earlier.isoformat()},2\n"
        ).encode(),
    )

    assert lead.post(PREVIEW)["Location"] == reverse("portal:data_submit")
    assert IndicatorValue.objects.filter(indicator=contacts).count() == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-04-01", (datetime.date(2025, 4, 1), "day")),
        ("01/07/2025", (datetime.date(2025, 7, 1), "day")),
        ("Q1 2025-26", (datetime.date(2025, 4, 1), "quarter")),
        ("q4 2025/26", (datetime.date(2026, 1, 1), "quarter")),
        ("Q3 2025-2026", (datetime.date(2025, 10, 1), "quarter")),
        ("April 2025", (datetime.date(2025, 4, 1), "month")),
        ("sep 2025", (datetime.date(2025, 9, 1), "month")),
    ],
)
def test_a_period_is_read_as_people_write_it(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["Q5 2025-26", "Q1 2025-27", "Spring 2025", "2025-02-30"])
def test_a_period_that_is_not_one_is_refused(text):
    with pytest.raises(ValueError, match="is not a period"):
        parse_period(text)


# The template


def test_the_template_lists_the_figures_owed_for_the_latest_quarter(lead, figures):
    contacts, strategy = figures
    quarter = last_quarter()
    april = months(quarter)[0]
    IndicatorValueFactory(indicator=contacts, period_start=quarter)
    IndicatorValueFactory(
        indicator=strategy, period_start=april, value=70, status="entered", submitted_at=None
    )

    response = lead.get(reverse("portal:data_import_template") + "?format=csv")

    assert response["Content-Disposition"] == (
        f'attachment; filename="figures-{quarter.isoformat()}.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["indicator", "period", "value", "note"]
    assert rows[1:] == [
        ["Strategy discussions with police present", month.isoformat(), value, ""]
        for month, value in zip(months(quarter), ["70", "", ""], strict=True)
    ], "the submitted figure is left out; the entered one is filled in"


def test_the_template_downloads_as_excel_for_a_chosen_quarter(lead, figures):
    earlier = period_shift(Frequency.QUARTERLY, last_quarter(), -1)

    response = lead.get(
        reverse("portal:data_import_template") + f"?format=xlsx&quarter={earlier.isoformat()}"
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == ["indicator", "period", "value", "note"]
    assert sheet.max_row == 5
    assert sheet["B2"].value == earlier.isoformat()


@pytest.mark.parametrize("quarter", ["2025-05-01", "soon", "2099-04-01"])
def test_the_template_refuses_a_quarter_that_is_not_one(lead, figures, quarter):
    response = lead.get(reverse("portal:data_import_template") + f"?quarter={quarter}")

    assert response.status_code == 404


def test_a_filled_in_template_imports_back(lead, figures):
    template = lead.get(reverse("portal:data_import_template") + "?format=csv")
    rows = list(csv.reader(io.StringIO(template.content.decode("utf-8-sig"))))
    for number, row in enumerate(rows[1:], start=1):
        row[2] = str(number * 10)
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    upload(lead, out.getvalue().encode())

    lead.post(PREVIEW)

    assert IndicatorValue.objects.filter(status=ValueStatus.ENTERED).count() == 4


# The services


def test_a_dry_run_changes_nothing(agency_a, agency_lead_a, figures):
    result = services.values_import(
        actor=Actor(agency_lead_a),
        agency=agency_a,
        content=good_csv(last_quarter()),
        file_format="csv",
        dry_run=True,
    )

    assert len(result.outcome.rows) == 4 and not result.outcome.applied
    assert result.quarters == [last_quarter()]
    assert not IndicatorValue.objects.exists()


def test_entering_several_figures_keeps_none_when_one_is_refused(agency_lead_a, figures):
    contacts, strategy = figures
    quarter = last_quarter()
    IndicatorValueFactory(indicator=contacts, period_start=quarter, value=3)
    entries = {
        "good": services.FigureEntry(strategy, quarter, Decimal("5")),
        "submitted": services.FigureEntry(contacts, quarter, Decimal("4")),
    }

    with pytest.raises(ValidationError) as refused:
        services.values_enter(actor=Actor(agency_lead_a), figures=entries)

    assert list(refused.value.message_dict) == ["submitted"]
    assert "has been submitted" in refused.value.message_dict["submitted"][0]
    assert not IndicatorValue.objects.filter(indicator=strategy).exists()
    assert IndicatorValue.objects.get(indicator=contacts).value == 3
