"""Import and export of a year's lines (budget.services.lines_import and lines_export): the
seed statement's printed total, round trips, files that name two years, spreadsheet number
cells, and bad files that must change nothing and say where they are wrong."""

import csv
import io
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from budget import services
from budget.models import FinancialYear, Line
from partnership.services import ImportFileError

from .factories import FinancialYearFactory, LineFactory, lines_of, seed_statement

pytestmark = pytest.mark.django_db

HEADERS = ["year", "side", "kind", "agency", "description", "planned", "actual", "note"]


def exported_rows(year, file_format="csv"):
    content = services.lines_export(year=year, file_format=file_format).content
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def as_csv(rows, headers=None):
    headers = headers or list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headers, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def as_xlsx(rows, *, exact=None):
    """An XLSX file of rows (lists, the first the headers). `exact` maps a number as openpyxl
    writes it to the text Excel would save instead: Excel writes a double in full."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    if not exact:
        return out.getvalue()
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    patched = io.BytesIO()
    with zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                for written, saved in exact.items():
                    assert f"<v>{written}</v>".encode() in data
                    data = data.replace(f"<v>{written}</v>".encode(), f"<v>{saved}</v>".encode())
            target.writestr(item, data)
    return patched.getvalue()


def run(content, *, file_format="csv", dry_run=False):
    return services.lines_import(content=content, file_format=file_format, dry_run=dry_run)


def problems(result):
    return [str(problem) for problem in result.outcome.problems]


def warnings(result):
    return [str(warning) for warning in result.outcome.warnings]


def with_printed_total(year, income="199455.00"):
    """The seed statement as its report prints it: the income total row says 199,455."""
    rows = exported_rows(year)
    total = next(row for row in rows if row["kind"] == "Total" and row["side"] == "Income")
    total["actual"] = income
    return as_csv(rows)


PRINTED_TOTAL_WARNING = (
    "Row 19, column actual: The file’s actual total income for 2023-24 is £199,455, but its "
    "lines add up to £199,447, £8 less. The portal keeps the lines and works the total out "
    "from them."
)


# Export


def test_the_export_lists_the_lines_then_a_total_row_for_each_side():
    rows = exported_rows(seed_statement())

    assert list(rows[0]) == [
        "year",
        "side",
        "kind",
        "agency",
        "description",
        "planned",
        "actual",
        "note",
        "conditions",
        "spend_by",
    ]
    assert len(rows) == 19
    assert rows[1] == {
        "year": "2023-24",
        "side": "Income",
        "kind": "Agency contribution",
        "agency": "London Borough of Thameside",
        "description": "",
        "planned": "",
        "actual": "64320.00",
        "note": "",
        "conditions": "",
        "spend_by": "",
    }
    assert [(row["kind"], row["description"], row["actual"]) for row in rows[-2:]] == [
        ("Total", "Total income", "199447.00"),
        ("Total", "Total expenditure", "165278.00"),
    ]
    # No planned amounts: the totals leave the planned column empty.
    assert rows[-1]["planned"] == ""


def test_the_export_names_its_file_after_the_year():
    year = seed_statement()

    as_csv_file = services.lines_export(year=year, file_format="csv")
    as_xlsx_file = services.lines_export(year=year, file_format="xlsx")

    assert (as_csv_file.filename, as_csv_file.content_type) == ("budget-2023-24.csv", "text/csv")
    assert as_xlsx_file.filename == "budget-2023-24.xlsx"
    assert as_xlsx_file.content_type == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx_file.content)).active
    assert (sheet["C19"].value, sheet["G19"].value) == ("Total", "199447.00")


def test_a_text_cell_that_a_spreadsheet_would_run_as_a_formula_is_exported_escaped():
    year = FinancialYearFactory(start_year=2023)
    LineFactory(year=year, description="=HYPERLINK(1)", note="+44 phone")

    row = exported_rows(year)[0]

    assert (row["description"], row["note"]) == ("'=HYPERLINK(1)", "'+44 phone")


# The seed statement's printed total


def test_the_printed_total_is_reported_as_one_warning_naming_its_row_and_the_difference():
    year = seed_statement()

    result = run(with_printed_total(year), dry_run=True)

    assert problems(result) == []
    assert warnings(result) == [PRINTED_TOTAL_WARNING]
    assert result.outcome.applied is False
    assert len(result.outcome.rows) == 17
    assert result.replaced == {"2023-24": 17}


def test_a_dry_run_imports_nothing():
    year = seed_statement()
    LineFactory(year=year, description="Not in the file")
    before = lines_of(year)
    pks = set(year.lines.values_list("pk", flat=True))

    run(with_printed_total(year), dry_run=True)

    assert lines_of(year) == before
    assert set(year.lines.values_list("pk", flat=True)) == pks


def test_confirming_imports_the_lines_and_replaces_the_years_lines():
    year = seed_statement()
    seed_lines = lines_of(year)
    content = with_printed_total(year)
    stray = LineFactory(year=year, description="Not in the file")
    old = set(year.lines.values_list("pk", flat=True))

    result = run(content, dry_run=False)

    assert result.outcome.applied is True
    assert warnings(result) == [PRINTED_TOTAL_WARNING]
    assert result.replaced == {"2023-24": 18}
    assert lines_of(year) == seed_lines
    assert not year.lines.filter(pk__in=old).exists()
    assert not Line.objects.filter(pk=stray.pk).exists()
    statement = services.statement(year)
    # The portal keeps the lines' own total, not the printed one.
    assert statement.actual.income == Decimal("199447.00")
    assert statement.actual.expenditure == Decimal("165278.00")


def test_the_imported_lines_keep_the_files_order():
    year = seed_statement()

    run(with_printed_total(year), dry_run=False)

    positions = list(year.lines.in_statement_order().values_list("position", flat=True))
    assert positions == list(range(2, 19))


def test_an_expenditure_total_above_its_lines_says_how_much_more_the_file_claims():
    year = seed_statement()
    rows = exported_rows(year)
    rows[-1]["actual"] = "165000.50"
    rows[-1]["planned"] = "170000"

    result = run(as_csv(rows), dry_run=True)

    assert warnings(result) == [
        "Row 20, column planned: The file’s planned total expenditure for 2023-24 is "
        "£170,000, but its lines add up to £0, £170,000 less. The portal keeps the lines and "
        "works the total out from them.",
        "Row 20, column actual: The file’s actual total expenditure for 2023-24 is "
        "£165,000.50, but its lines add up to £165,278, £277.50 more. The portal keeps the "
        "lines and works the total out from them.",
    ]


# Round trips


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_exported_year_imports_again_without_a_warning_and_unchanged(file_format):
    year = seed_statement()
    LineFactory(
        year=year,
        side="income",
        kind="grant",
        description="Home Office grant",
        planned=Decimal("1234.56"),
        actual=None,
        conditions="Spend on prevention.",
        spend_by=date(2024, 3, 31),
        note="Paid late.",
    )
    before = lines_of(year)
    content = services.lines_export(year=year, file_format=file_format).content

    result = run(content, file_format=file_format, dry_run=False)

    assert problems(result) == []
    assert warnings(result) == []
    assert result.outcome.applied is True
    assert lines_of(year) == before


# A file naming two years


def test_a_file_naming_two_years_replaces_the_lines_of_both():
    earlier = FinancialYearFactory(start_year=2022)
    LineFactory(year=earlier, description="Old 2022-23 line")
    later = FinancialYearFactory(start_year=2023)
    LineFactory(year=later, description="Old 2023-24 line")
    LineFactory(year=later, description="Another old 2023-24 line")
    untouched = FinancialYearFactory(start_year=2021)
    LineFactory(year=untouched, description="A 2021-22 line")
    content = (
        b"year,side,kind,description,planned,actual\n"
        b"2022-23,income,other,Gift,,500\n"
        b"2023/24,expenditure,office,Stationery,20,25.50\n"
        b"2022 to 2023,expenditure,reviews,Rapid review,,300\n"
        b"2022-23,income,total,,,500\n"
        b"2023-24,expenditure,total,,20,25.50\n"
    )

    result = run(content, dry_run=False)

    assert problems(result) == []
    assert warnings(result) == []
    assert result.replaced == {"2022-23": 1, "2023-24": 2}
    assert [(line[3], line[5]) for line in lines_of(earlier)] == [
        ("Gift", Decimal("500.00")),
        ("Rapid review", Decimal("300.00")),
    ]
    assert [(line[3], line[4], line[5]) for line in lines_of(later)] == [
        ("Stationery", Decimal("20.00"), Decimal("25.50")),
    ]
    assert [line[3] for line in lines_of(untouched)] == ["A 2021-22 line"]


def test_a_total_row_in_a_file_of_two_years_must_name_its_year():
    FinancialYearFactory(start_year=2022)
    FinancialYearFactory(start_year=2023)
    content = (
        b"year,side,kind,actual\n"
        b"2022-23,income,other,500\n"
        b"2023-24,income,other,600\n"
        b",income,total,1100\n"
    )

    result = run(content, dry_run=False)

    assert problems(result) == [
        "Row 4, column year: Enter the financial year this total is for",
    ]
    assert not Line.objects.exists()


# Number cells of a spreadsheet


def test_xlsx_number_cells_import_as_exact_pounds_and_pence():
    year = FinancialYearFactory(start_year=2023)
    content = as_xlsx(
        [
            ["year", "side", "kind", "description", "planned", "actual"],
            ["2023-24", "income", "other", "Typed pence", 12.34, 0.1],
            ["2023-24", "income", "other", "Whole pounds", 64320, 64320.0],
            ["2023-24", "income", "other", "A formula's sum", None, 0.3],
            ["2023-24", "expenditure", "office", "A long sum", None, 64320.3],
            ["2023-24", "income", "total", None, None, 64320.40],
        ],
        # As Excel saves =0.1+0.2 and =64320.1+0.2: the double in full.
        exact={"0.3": "0.30000000000000004", "64320.3": "64320.299999999996"},
    )

    result = run(content, file_format="xlsx", dry_run=False)

    assert problems(result) == []
    assert warnings(result) == []
    amounts = [(line[3], line[4], line[5]) for line in lines_of(year)]
    assert amounts == [
        ("Typed pence", Decimal("12.34"), Decimal("0.10")),
        ("Whole pounds", Decimal("64320.00"), Decimal("64320.00")),
        ("A formula's sum", None, Decimal("0.30")),
        ("A long sum", None, Decimal("64320.30")),
    ]
    for line in Line.objects.all():
        assert type(line.actual) is Decimal
        assert line.actual.as_tuple().exponent == -2


def test_an_xlsx_cell_with_a_fraction_of_a_penny_is_refused():
    FinancialYearFactory(start_year=2023)
    content = as_xlsx(
        [
            ["year", "side", "kind", "actual"],
            ["2023-24", "income", "other", 12.345],
        ]
    )

    result = run(content, file_format="xlsx", dry_run=False)

    assert problems(result) == [
        "Row 2, column actual: “12.345” has more than two decimal places. "
        "Enter pounds and pence, like 64320.50",
    ]
    assert not Line.objects.exists()


# Bad files change nothing and say where they are wrong


@pytest.fixture
def year_with_lines():
    year = seed_statement()
    return year, lines_of(year), set(Line.objects.values_list("pk", flat=True))


def assert_unchanged(year_with_lines):
    year, before, pks = year_with_lines
    assert lines_of(year) == before
    assert set(Line.objects.values_list("pk", flat=True)) == pks
    assert list(FinancialYear.objects.values_list("start_year", flat=True)) == [2023]


def good_row(**cells):
    return {
        "year": "2023-24",
        "side": "expenditure",
        "kind": "office",
        "agency": "",
        "description": "Stationery",
        "planned": "",
        "actual": "25.00",
        "note": "",
        **cells,
    }


BAD_FILES = {
    "text-in-an-amount": (
        [good_row(), good_row(actual="lots")],
        [
            "Row 3, column actual: “lots” is not an amount of money. Enter pounds and pence, "
            "like 64320 or 64,320.50"
        ],
    ),
    "unknown-agency": (
        [good_row(side="income", kind="contribution", agency="Thameside Zoo")],
        ["Row 2, column agency: There is no agency called “Thameside Zoo”"],
    ),
    "a-year-that-does-not-exist": (
        [good_row(), good_row(year="2030-31")],
        ["Row 3, column year: There is no financial year 2030-31. Add the year first"],
    ),
    "not-a-financial-year": (
        [good_row(year="2023-25")],
        [
            "Row 2, column year: “2023-25” is not a financial year. Write it like 2023-24 "
            "(April 2023 to March 2024)"
        ],
    ),
    "three-decimal-places": (
        [good_row(planned="12.345")],
        [
            "Row 2, column planned: “12.345” has more than two decimal places. Enter pounds "
            "and pence, like 64320.50"
        ],
    ),
    "below-zero": (
        [good_row(actual="-5.00")],
        ["Row 2, column actual: “-5.00” is below zero. Enter an amount of 0 or more"],
    ),
    "unknown-kind": (
        [good_row(side="income", kind="donation")],
        [
            "Row 2, column kind: “donation” is not a kind of line. Use one of: Agency "
            "contribution; Training fees; Grant; Carried forward; Staffing; Independent chair "
            "and scrutiny; Training programme; Reviews; Memberships; Office; Other"
        ],
    ),
    "kind-on-the-wrong-side": (
        [good_row(side="income", kind="staffing")],
        [
            "Row 2, column kind: Staffing is not a kind of income. Use one of: agency "
            "contribution, training fees, grant, carried forward, other"
        ],
    ),
    "no-amount": (
        [good_row(actual="")],
        ["Row 2, column actual: Enter the planned amount, the actual amount, or both"],
    ),
    "a-total-row-without-a-side": (
        [good_row(), good_row(side="", kind="Total", actual="25.00")],
        ["Row 3, column side: Say which total this is: income or expenditure"],
    ),
    "a-total-row-with-text-for-its-amount": (
        [good_row(), good_row(kind="Total", actual="about 25")],
        [
            "Row 3, column actual: “about 25” is not an amount of money. Enter pounds and "
            "pence, like 64320 or 64,320.50"
        ],
    ),
    "problems-on-several-rows": (
        [good_row(actual="lots"), good_row(), good_row(year="2030-31", planned="1.001")],
        [
            "Row 2, column actual: “lots” is not an amount of money. Enter pounds and pence, "
            "like 64320 or 64,320.50",
            "Row 4, column year: There is no financial year 2030-31. Add the year first",
            "Row 4, column planned: “1.001” has more than two decimal places. Enter pounds "
            "and pence, like 64320.50",
        ],
    ),
}


@pytest.mark.parametrize("dry_run", [True, False], ids=["preview", "confirm"])
@pytest.mark.parametrize(("rows", "expected"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_names_the_row_and_column_and_changes_nothing(
    year_with_lines, rows, expected, dry_run
):
    result = run(as_csv(rows, HEADERS), dry_run=dry_run)

    assert sorted(problems(result)) == sorted(expected)
    assert result.outcome.applied is False
    assert result.outcome.rows == []
    assert_unchanged(year_with_lines)


def test_a_bad_row_in_one_year_leaves_the_other_years_lines_as_they_were(year_with_lines):
    earlier = FinancialYearFactory(start_year=2022)
    kept = LineFactory(year=earlier, description="Kept")
    content = as_csv(
        [good_row(year="2022-23"), good_row(actual="lots")],
        HEADERS,
    )

    result = run(content, dry_run=False)

    assert problems(result) == [
        "Row 3, column actual: “lots” is not an amount of money. Enter pounds and pence, "
        "like 64320 or 64,320.50"
    ]
    assert list(earlier.lines.all()) == [kept]
    year, before, _ = year_with_lines
    assert lines_of(year) == before


def test_a_file_without_a_required_column_names_it(year_with_lines):
    content = b"year,side,description,actual\n2023-24,expenditure,Stationery,25\n"

    result = run(content, dry_run=False)

    assert problems(result) == ["Row 1, column kind: Add this column to the header row"]
    assert_unchanged(year_with_lines)


def test_a_file_with_headers_and_no_rows_changes_nothing(year_with_lines):
    result = run(",".join(HEADERS).encode() + b"\n", dry_run=False)

    assert problems(result) == ["Row 2: The file has a header row but no records below it"]
    assert_unchanged(year_with_lines)


@pytest.mark.parametrize(
    ("content", "file_format", "message"),
    [
        (b"", "csv", "The file is empty: the first row must name the columns"),
        (b"\n\n", "csv", "The file is empty: the first row must name the columns"),
        (b"PK\x03\x04 not really a workbook", "xlsx", "The file could not be read as Excel (XLSX)"),
        (b"year,side\n2023-24", "xlsx", "The file could not be read as Excel (XLSX)"),
    ],
    ids=["empty", "blank-lines", "broken-zip", "csv-named-xlsx"],
)
def test_a_file_that_cannot_be_read_is_refused_whole(
    year_with_lines, content, file_format, message
):
    with pytest.raises(ImportFileError) as refusal:
        run(content, file_format=file_format, dry_run=False)

    assert str(refusal.value) == message
    assert_unchanged(year_with_lines)
