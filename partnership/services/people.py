"""Agencies, people, bodies and memberships, and their import and export."""

from dataclasses import dataclass
from datetime import date, datetime

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from import_export.formats import base_formats

from ..models import (
    Agency,
    AgencyKind,
    Body,
    BodyKind,
    Membership,
    MembershipRole,
    Person,
)
from ..resources import RESOURCES, escape_formula, header


@transaction.atomic
def agency_save(*, agency: Agency, name: str, kind: str, is_active: bool = True) -> Agency:
    agency.name, agency.kind, agency.is_active = name.strip(), kind, is_active
    agency.full_clean()
    agency.save()
    return agency


@transaction.atomic
def person_save(
    *,
    person: Person,
    full_name: str,
    job_title: str,
    email: str,
    agency: Agency,
    is_active: bool = True,
) -> Person:
    person.full_name, person.job_title = full_name.strip(), job_title.strip()
    person.email, person.agency, person.is_active = email.strip(), agency, is_active
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def body_save(
    *, body: Body, name: str, kind: str, terms_of_reference: str, is_active: bool = True
) -> Body:
    body.name, body.kind, body.is_active = name.strip(), kind, is_active
    body.terms_of_reference = terms_of_reference
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def membership_save(
    *,
    membership: Membership,
    person: Person,
    body: Body,
    role: str,
    started_on: date,
    ended_on: date | None = None,
) -> Membership:
    membership.person, membership.body, membership.role = person, body, role
    membership.started_on, membership.ended_on = started_on, ended_on
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, ended_on: date) -> Membership:
    """Close a membership on a day; it stays on record, so past appendices do not change."""
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if ended_on < locked.started_on:
        raise ValidationError(
            {"ended_on": "The end date must be the same as or after the start date"}
        )
    locked.ended_on = ended_on
    locked.save(update_fields=["ended_on"])
    return locked


@dataclass(frozen=True)
class AppendixRow:
    job_title: str
    agency: str
    body: str
    role: str


APPENDIX_HEADERS = ("Agency kind", "Job title", "Agency", "Body", "Role")


def membership_appendix(*, on: date) -> list[tuple[str, list[AppendixRow]]]:
    """Who sat on the partnership's bodies on a day, for the yearly report's membership
    appendix: (kind label, rows) in AgencyKind order, so the statutory partners come first.
    Rows name the job, not the person, as published reports do. A member's agency is the one
    their record holds now."""
    kind_order = {kind.value: n for n, kind in enumerate(AgencyKind)}
    body_order = {kind.value: n for n, kind in enumerate(BodyKind)}
    role_order = {role.value: n for n, role in enumerate(MembershipRole)}
    memberships = sorted(
        Membership.objects.current_on(on).select_related("person__agency", "body"),
        key=lambda m: (
            kind_order[m.person.agency.kind],
            m.person.agency.name,
            body_order[m.body.kind],
            m.body.name,
            role_order[m.role],
            m.person.job_title,
        ),
    )
    groups: dict[str, list[AppendixRow]] = {}
    for membership in memberships:
        agency = membership.person.agency
        groups.setdefault(agency.kind, []).append(
            AppendixRow(
                job_title=membership.person.job_title,
                agency=agency.name,
                body=membership.body.name,
                role=membership.get_role_display(),
            )
        )
    return [(AgencyKind(kind).label, rows) for kind, rows in groups.items()]


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


EXPORT_FORMATS = {"csv": base_formats.CSV, "xlsx": base_formats.XLSX}


def _export_file(dataset: tablib.Dataset, *, file_format: str, stem: str) -> ExportFile:
    export_format = EXPORT_FORMATS[file_format]()
    content = export_format.export_data(dataset)
    if isinstance(content, str):
        # The byte order mark tells Excel the file is UTF-8, so "’" and "é" survive.
        content = content.encode("utf-8-sig")
    return ExportFile(
        content, export_format.get_content_type(), f"{stem}.{export_format.get_extension()}"
    )


def records_export(*, what: str, file_format: str) -> ExportFile:
    """Agencies, people or memberships as CSV or XLSX, in the columns the import reads back.
    Cells that a spreadsheet would run as formulas come out as text."""
    dataset = RESOURCES[what]().export()
    return _export_file(dataset, file_format=file_format, stem=what)


def membership_appendix_export(*, on: date, file_format: str) -> ExportFile:
    dataset = tablib.Dataset(headers=list(APPENDIX_HEADERS))
    for kind, rows in membership_appendix(on=on):
        for row in rows:
            dataset.append(
                [
                    escape_formula(value)
                    for value in (kind, row.job_title, row.agency, row.body, row.role)
                ]
            )
    return _export_file(dataset, file_format=file_format, stem=f"membership-{on.isoformat()}")


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


@transaction.atomic
def spreadsheet_import(
    *, what: str, content: bytes, file_format: str, dry_run: bool
) -> ImportOutcome:
    """Import agencies, people or memberships from a CSV or XLSX file, all or nothing: one
    problem in any row, and no row is saved. A dry run reports what would change.

    Raises ImportFileError when the file cannot be read at all."""
    resource = RESOURCES[what]()
    dataset, numbers = spreadsheet_read(content=content, file_format=file_format)
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
