"""Agencies, people, bodies and memberships, and their import and export."""

from dataclasses import dataclass
from datetime import date

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import (
    Agency,
    AgencyKind,
    Body,
    BodyKind,
    Membership,
    MembershipRole,
    Person,
)
from ..resources import RESOURCES, escape_formula
from .spreadsheets import (
    ExportFile,
    ImportOutcome,
    export_file,
    resource_import,
    spreadsheet_read,
)


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


def records_export(*, what: str, file_format: str) -> ExportFile:
    """Agencies, people or memberships as CSV or XLSX, in the columns the import reads back.
    Cells that a spreadsheet would run as formulas come out as text."""
    dataset = RESOURCES[what]().export()
    return export_file(dataset, file_format=file_format, stem=what)


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
    return export_file(dataset, file_format=file_format, stem=f"membership-{on.isoformat()}")


@transaction.atomic
def spreadsheet_import(
    *, what: str, content: bytes, file_format: str, dry_run: bool
) -> ImportOutcome:
    """Import agencies, people or memberships from a CSV or XLSX file, all or nothing: one
    problem in any row, and no row is saved. A dry run reports what would change.

    Raises ImportFileError when the file cannot be read at all."""
    dataset, numbers = spreadsheet_read(content=content, file_format=file_format)
    return resource_import(
        resource=RESOURCES[what](), dataset=dataset, numbers=numbers, dry_run=dry_run
    )
