"""Reading and writing CSV and XLSX through django-import-export, for every app's imports and
exports: the file is read once, blank rows are dropped but keep their spreadsheet numbers, and
every problem is reported as "Row n, column c: what is wrong". An import is all or nothing."""

from dataclasses import dataclass, field
from datetime import date, datetime

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from import_export.formats import base_formats

from ..resources import header


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


EXPORT_FORMATS = {"csv": base_formats.CSV, "xlsx": base_formats.XLSX}


def export_file(dataset: tablib.Dataset, *, file_format: str, stem: str) -> ExportFile:
    export_format = EXPORT_FORMATS[file_format]()
    content = export_format.export_data(dataset)
    if isinstance(content, str):
        # The byte order mark tells Excel the file is UTF-8, so "’" and "é" survive.
        content = content.encode("utf-8-sig")
    return ExportFile(
        content, export_format.get_content_type(), f"{stem}.{export_format.get_extension()}"
    )


class ImportFileError(Exception):
    """The upload cannot be read as a spreadsheet at all; the message says why."""


@dataclass(frozen=True)
class ImportProblem:
    """What is wrong, where: row numbers are the spreadsheet's, the header being row 1."""

    row: int
    column: str
    message: str

    def __str__(self):
        where = f"Row {self.row}, column {self.column}" if self.column else f"Row {self.row}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ImportRow:
    row: int
    is_new: bool
    values: tuple[str, ...]


@dataclass(frozen=True)
class ImportOutcome:
    columns: tuple[str, ...]
    rows: list[ImportRow]
    problems: list[ImportProblem]
    applied: bool
    # Not wrong enough to stop the import, but the person importing should look first.
    warnings: list[ImportProblem] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(row.is_new for row in self.rows)

    @property
    def updated(self) -> int:
        return sum(not row.is_new for row in self.rows)


def _decode(content: bytes) -> str:
    # Excel saves "CSV UTF-8" with a byte order mark, and plain "CSV" in Windows-1252.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("The file is not readable text. Save it as CSV UTF-8 and try again")


def _is_blank(value) -> bool:
    return value is None or not str(value).strip()


def _shown(value) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    return "" if value is None else str(value)


def spreadsheet_read(*, content: bytes, file_format: str) -> tuple[tablib.Dataset, list[int]]:
    """The rows of an uploaded CSV or XLSX file without its blank rows, and for each row the
    number a spreadsheet shows for it, so that problems can be reported where people look."""
    try:
        if file_format == "csv":
            raw = base_formats.CSV().create_dataset(_decode(content))
        else:
            raw = base_formats.XLSX().create_dataset(content)
    except ImportFileError:
        raise
    except Exception as error:
        # A malformed file fails in many ways (bad zip, ragged rows, bad XML): one message.
        label = "CSV" if file_format == "csv" else "Excel (XLSX)"
        raise ImportFileError(f"The file could not be read as {label}") from error
    if not raw.headers or all(_is_blank(name) for name in raw.headers):
        raise ImportFileError("The file is empty: the first row must name the columns")
    dataset = tablib.Dataset(headers=[header(name) for name in raw.headers])
    numbers = []
    for number, values in enumerate(raw, start=2):
        if not all(_is_blank(value) for value in values):
            dataset.append(values)
            numbers.append(number)
    return dataset, numbers


def resource_import(
    *, resource, dataset: tablib.Dataset, numbers: list[int], dry_run: bool
) -> ImportOutcome:
    """Run a django-import-export resource over rows read by spreadsheet_read, all or nothing.
    The caller holds the transaction; on any problem it is marked for rollback."""
    resource.row_numbers = numbers
    columns = tuple(f.column_name for f in resource.get_import_fields() if not f.readonly)
    missing = resource.missing_columns(dataset.headers)
    if missing:
        problems = [
            ImportProblem(1, column, "Add this column to the header row") for column in missing
        ]
        return ImportOutcome(columns, [], problems, applied=False)
    if not numbers:
        problem = ImportProblem(2, "", "The file has a header row but no records below it")
        return ImportOutcome(columns, [], [problem], applied=False)

    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    problems = [ImportProblem(1, "", str(error.error)) for error in result.base_errors]
    for invalid in result.invalid_rows:
        for key, messages in invalid.error_dict.items():
            column = "" if key == NON_FIELD_ERRORS else resource.column_of(key)
            problems += [ImportProblem(numbers[invalid.number - 1], column, m) for m in messages]
    for failed in result.error_rows:
        problems += [
            ImportProblem(numbers[failed.number - 1], "", f"This row could not be saved: {e.error}")
            for e in failed.errors
        ]
    if problems:
        # import_data has rolled its own work back; this makes sure of it.
        transaction.set_rollback(True)
        return ImportOutcome(columns, [], sorted(problems, key=lambda p: p.row), applied=False)
    rows = [
        ImportRow(number, row.is_new(), tuple(_shown(row.row_values.get(c)) for c in columns))
        for number, row in zip(numbers, result.rows, strict=True)
    ]
    return ImportOutcome(columns, rows, [], applied=not dry_run)
