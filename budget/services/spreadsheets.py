"""A year's lines to and from CSV or XLSX.

An import replaces the lines of each year the file names, all or nothing. A printed statement
carries total rows; the portal never stores a total, so it checks each one against the lines
above it and warns, naming the row, where they differ: published statements are not always
consistent (the 2023-24 seed prints an income total £8 above its lines).
"""

from dataclasses import dataclass
from decimal import Decimal

import tablib
from django.db import transaction

from partnership.resources import escape_formula
from partnership.services.spreadsheets import (
    ExportFile,
    ImportOutcome,
    ImportProblem,
    export_file,
    resource_import,
    spreadsheet_read,
)
from partnership.templatetags.portal import pounds

from ..models import FinancialYear, Line, Side
from ..resources import LineResource, MoneyWidget, parse_year_name
from .figures import column_totals, year_lines

TOTAL = "total"


@dataclass(frozen=True)
class StatedTotal:
    """A total row of the file: what it says one side of one year adds up to."""

    row: int
    year: FinancialYear
    side: str
    planned: Decimal | None
    actual: Decimal | None


@dataclass(frozen=True)
class LinesImport:
    outcome: ImportOutcome
    # For each year the file names: how many lines it holds now, which the import replaces.
    replaced: dict[str, int]


def _money(value, row: int, column: str, problems: list[ImportProblem]) -> Decimal | None:
    try:
        return MoneyWidget().clean(value)
    except ValueError as error:
        problems.append(ImportProblem(row, column, str(error)))
        return None


def _years_named(dataset: tablib.Dataset) -> dict[int, FinancialYear]:
    starts = set()
    for value in dataset["year"] if "year" in (dataset.headers or []) else []:
        try:
            starts.add(parse_year_name(value))
        except ValueError:
            continue  # the resource names the row and column
    return {year.start_year: year for year in FinancialYear.objects.filter(start_year__in=starts)}


def _split_totals(
    dataset: tablib.Dataset, numbers: list[int], years: dict[int, FinancialYear]
) -> tuple[tablib.Dataset, list[int], list[StatedTotal], list[ImportProblem]]:
    """Take the total rows out of the file; the rest are lines."""
    lines = tablib.Dataset(headers=dataset.headers)
    line_numbers, totals, problems = [], [], []
    headers = dataset.headers or []
    if "kind" not in headers:
        return dataset, numbers, totals, problems
    only_year = next(iter(years.values())) if len(years) == 1 else None
    for number, values in zip(numbers, dataset, strict=True):
        row = dict(zip(headers, values, strict=True))
        if str(row.get("kind") or "").strip().casefold() != TOTAL:
            lines.append(values)
            line_numbers.append(number)
            continue
        side = str(row.get("side") or "").strip().casefold()
        if side not in Side.values:
            problems.append(
                ImportProblem(number, "side", "Say which total this is: income or expenditure")
            )
            continue
        year = only_year
        if str(row.get("year") or "").strip():
            try:
                start_year = parse_year_name(row["year"])
            except ValueError as error:
                problems.append(ImportProblem(number, "year", str(error)))
                continue
            year = years.get(start_year)
            if year is None:
                name = FinancialYear(start_year=start_year).name
                problems.append(
                    ImportProblem(
                        number, "year", f"There is no financial year {name}. Add the year first"
                    )
                )
                continue
        if year is None:
            problems.append(
                ImportProblem(number, "year", "Enter the financial year this total is for")
            )
            continue
        planned = _money(row.get("planned"), number, "planned", problems)
        actual = _money(row.get("actual"), number, "actual", problems)
        totals.append(StatedTotal(number, year, side, planned, actual))
    return lines, line_numbers, totals, problems


def _total_warnings(totals: list[StatedTotal], lines: list[Line]) -> list[ImportProblem]:
    warnings = []
    for stated in totals:
        year_lines_ = [line for line in lines if line.year_id == stated.year.pk]
        for column in ("planned", "actual"):
            printed = getattr(stated, column)
            if printed is None:
                continue
            added = getattr(column_totals(year_lines_, column), stated.side)
            if printed == added:
                continue
            gap = printed - added
            side = Side(stated.side).label.lower()
            warnings.append(
                ImportProblem(
                    stated.row,
                    column,
                    f"The file’s {column} total {side} for {stated.year.name} is "
                    f"{pounds(printed)}, but its lines add up to {pounds(added)}, "
                    f"{pounds(abs(gap))} {'less' if gap > 0 else 'more'}. The portal keeps "
                    "the lines and works the total out from them.",
                )
            )
    return warnings


@transaction.atomic
def lines_import(*, content: bytes, file_format: str, dry_run: bool) -> LinesImport:
    """Replace the lines of each year a CSV or XLSX file names with the file's rows, all or
    nothing, and check the file's total rows against them. A dry run changes nothing and
    reports what would happen.

    Raises partnership's ImportFileError when the file cannot be read at all."""
    dataset, numbers = spreadsheet_read(content=content, file_format=file_format)
    years = _years_named(dataset)
    replaced = {
        year.name: year.lines.count() for year in sorted(years.values(), key=lambda y: y.start_year)
    }
    lines, line_numbers, totals, problems = _split_totals(dataset, numbers, years)
    # The years' lines go first, so the file's rows are the whole statement; a dry run or a
    # problem rolls this back with the rest.
    Line.objects.filter(year__in=years.values()).delete()
    # The rows are saved even on a dry run, so the totals are checked against the lines as
    # the database holds them; a dry run then rolls everything back.
    outcome = resource_import(
        resource=LineResource(), dataset=lines, numbers=line_numbers, dry_run=False
    )
    if problems or outcome.problems:
        transaction.set_rollback(True)
        every = sorted([*problems, *outcome.problems], key=lambda p: p.row)
        return LinesImport(ImportOutcome(outcome.columns, [], every, applied=False), replaced)
    warnings = _total_warnings(totals, list(Line.objects.filter(year__in=years.values())))
    if dry_run:
        transaction.set_rollback(True)
    outcome = ImportOutcome(
        outcome.columns, outcome.rows, [], applied=not dry_run, warnings=warnings
    )
    return LinesImport(outcome, replaced)


def lines_export(*, year: FinancialYear, file_format: str) -> ExportFile:
    """A year's lines in the columns the import reads back, then a total row for each side,
    so a file exported and imported again says nothing is amiss."""
    resource = LineResource()
    lines = year_lines(year)
    dataset = resource.export(
        queryset=year.lines.select_related("year", "agency").in_statement_order()
    )
    columns = dataset.headers
    for side in (Side.INCOME, Side.EXPENDITURE):
        row = dict.fromkeys(columns, "")
        row.update(year=year.name, side=Side(side).label, kind="Total")
        for column in ("planned", "actual"):
            if any(getattr(line, column) is not None for line in lines):
                total = getattr(column_totals(lines, column), side)
                row[column] = f"{total:.2f}"
        row["description"] = f"Total {Side(side).label.lower()}"
        dataset.append([escape_formula(row[column]) for column in columns])
    return export_file(dataset, file_format=file_format, stem=f"budget-{year.name}")
