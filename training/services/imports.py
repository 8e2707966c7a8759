"""Historical attendance from CSV or XLSX: who came to the programme's past sessions, from the
spreadsheets kept before the portal.

All or nothing: a file with any problem changes nothing and names each row and column at
fault. Each row becomes an attended or did-not-attend booking on a past session: one the
portal has, or one the import adds from the row's start and end when the portal lacks it (a
session added so has as many places as the file gives it people). Imported bookings carry
no price and raise no charge: what was charged then was settled then. Once the rows are in,
every session they touched has its places counted again from its bookings.
"""

from dataclasses import dataclass

import tablib
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery

from partnership.models import User
from partnership.services.spreadsheets import (
    ExportFile,
    ImportOutcome,
    export_file,
    resource_import,
    spreadsheet_read,
)

from ..models import HOLDS_A_PLACE, Booking, Session
from ..resources import AttendanceResource, session_name
from .bookings import places_recount

EXAMPLE_ROWS = [
    [
        "Recognising and responding to neglect",
        "2024-03-05 09:30",
        "12:30",
        "Sam Okafor",
        "sam.okafor@school.example.org",
        "Designated safeguarding lead",
        "Riverside Primary School",
        "head@school.example.org",
        "attended",
    ],
    [
        "Recognising and responding to neglect",
        "2024-03-05 09:30",
        "12:30",
        "Alex Murray",
        "alex.murray@health.example.org",
        "Health visitor",
        "Thameside Community Health",
        "team.lead@health.example.org",
        "did not attend",
    ],
]


@dataclass(frozen=True)
class AttendanceImport:
    outcome: ImportOutcome
    # How many sessions the rows fall on, and the names of those the import adds.
    sessions: int = 0
    added: tuple[str, ...] = ()


@transaction.atomic
def attendance_import(
    *, content: bytes, file_format: str, dry_run: bool, by: User | None = None
) -> AttendanceImport:
    """Import a file of past attendance, all or nothing. A dry run changes nothing and
    reports what would happen. Raises partnership's ImportFileError when the file cannot be
    read at all."""
    dataset, numbers = spreadsheet_read(content=content, file_format=file_format)
    resource = AttendanceResource(by=by)
    # The rows are saved even on a dry run, so that later rows find the sessions earlier ones
    # added and the counts are checked against the database; a dry run then rolls it back.
    outcome = resource_import(resource=resource, dataset=dataset, numbers=numbers, dry_run=False)
    if outcome.problems:
        transaction.set_rollback(True)
        return AttendanceImport(outcome)
    touched = Session.objects.filter(pk__in=list(resource.held))
    holding = (
        Booking.objects.filter(session=OuterRef("pk"), status__in=HOLDS_A_PLACE)
        .order_by()
        .values("session")
        .annotate(count=Count("pk"))
        .values("count")
    )
    Session.objects.filter(pk__in=resource.created).update(capacity=Subquery(holding))
    places_recount(touched)
    added = tuple(
        session_name(session.course, session.starts_at)
        for session in Session.objects.filter(pk__in=resource.created)
        .select_related("course")
        .order_by("starts_at", "pk")
    )
    if dry_run:
        transaction.set_rollback(True)
    outcome = ImportOutcome(outcome.columns, outcome.rows, [], applied=not dry_run)
    return AttendanceImport(outcome, len(resource.held), added)


def attendance_template(*, file_format: str) -> ExportFile:
    """An example file in the columns the import reads, for the business unit to fill in."""
    columns = [
        field.column_name for field in AttendanceResource().get_import_fields() if field.attribute
    ]
    dataset = tablib.Dataset(*EXAMPLE_ROWS, headers=columns)
    return export_file(dataset, file_format=file_format, stem="training-attendance-example")
