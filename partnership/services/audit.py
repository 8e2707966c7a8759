"""The portal's one audit log: who read or changed which record, when and from where.

A service that changes an audited record calls `audit_record` inside its own transaction, so
the entry and the change commit or roll back together (STYLE.md rule 5). Views record reads
and refusals the same way, with the `Actor` taken from the request.
"""

import ipaddress
from dataclasses import dataclass

import tablib
from django.apps import apps
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import capfirst

from ..models import AuditEntry, AuditVerb, Role, User
from ..resources import escape_formula
from .spreadsheets import ExportFile, export_file


@dataclass(frozen=True)
class Actor:
    """Who is acting and from which address. Services take one instead of a request, so a
    command or a task (user None, address None) can act too."""

    user: User | None
    address: str | None = None
    path: str = ""


def _address(request) -> str | None:
    # REMOTE_ADDR is the peer that connected. Behind the production proxy that is the proxy;
    # trusting X-Forwarded-For from anyone would let a client write any address it liked.
    address = request.META.get("REMOTE_ADDR") or None
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


def actor_of(request) -> Actor:
    user = request.user if request.user.is_authenticated else None
    return Actor(user=user, address=_address(request), path=request.get_full_path()[:500])


def record_label(record: Model) -> str:
    return str(record)[:300]


def audit_record(
    *,
    actor: Actor,
    verb: AuditVerb,
    record: Model | None = None,
    summary: str = "",
) -> AuditEntry:
    user = actor.user
    return AuditEntry.objects.create(
        user=user,
        username=user.get_username() if user else "",
        role=user.role if user else "",
        address=actor.address,
        verb=verb,
        record_type=record._meta.label_lower if record is not None else "",
        record_id=record.pk if record is not None else None,
        record=record_label(record) if record is not None else "",
        summary=summary,
        path=actor.path,
    )


def audit_view(request, record: Model | None = None, *, summary: str = "") -> AuditEntry:
    """A read of a sensitive record (or of a list of them, with no `record`)."""
    return audit_record(
        actor=actor_of(request), verb=AuditVerb.VIEWED, record=record, summary=summary
    )


def audit_refusal(request, *, summary: str = "") -> AuditEntry:
    """A signed-in person turned away from a page they may not use."""
    return audit_record(
        actor=actor_of(request),
        verb=AuditVerb.REFUSED,
        summary=summary or f"{request.method} {request.path}",
    )


def record_type_label(record_type: str) -> str:
    """What a kind of record is called on the page ("Notification"), not "reviews.notification".
    A kind whose model has since gone keeps its stored name: the log outlives the code."""
    try:
        model = apps.get_model(record_type)
    except (LookupError, ValueError):
        return record_type
    return capfirst(model._meta.verbose_name)


def role_label(role: str) -> str:
    return Role(role).label if role in Role.values else role


EXPORT_HEADERS = (
    "When",
    "User name",
    "Role",
    "What",
    "Kind of record",
    "Record ID",
    "Record",
    "Summary",
    "IP address",
    "Address in the portal",
)


@transaction.atomic
def audit_log_export(*, actor: Actor, entries, file_format: str, described: str) -> ExportFile:
    """`entries` (the filtered log, all of them) as a spreadsheet. An export takes records out
    of the portal, so it is itself logged, with the filters it was made under (`described`)."""
    dataset = tablib.Dataset(headers=list(EXPORT_HEADERS))
    count = 0
    for entry in entries.iterator():
        count += 1
        dataset.append(
            [
                timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
                escape_formula(entry.username),
                role_label(entry.role),
                AuditVerb(entry.verb).label if entry.verb in AuditVerb.values else entry.verb,
                record_type_label(entry.record_type) if entry.record_type else "",
                entry.record_id if entry.record_id is not None else "",
                escape_formula(entry.record),
                escape_formula(entry.summary),
                entry.address or "",
                escape_formula(entry.path),
            ]
        )
    # Written after the rows are read, so the file holds the log as it was when asked for.
    audit_record(
        actor=actor,
        verb=AuditVerb.EXPORTED,
        summary=f"Audit log, {count} entr{'y' if count == 1 else 'ies'}"
        + (f" ({described})" if described else ""),
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return export_file(dataset, file_format=file_format, stem=f"audit-log-{stamp}")
