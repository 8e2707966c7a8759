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
    username: str = "",
) -> AuditEntry:
    """`username` is for an actor with no account: the name a failed sign-in gave, kept so
    the log can be searched for attempts on one account."""
    user = actor.user
    return AuditEntry.objects.create(
        user=user,
        username=user.get_username() if user else username[:150],
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
    # The refusal middleware records every 403 and 404 it sees; this one is already written.
    request.refusal_audited = True
    return audit_record(
        actor=actor_of(request),
        verb=AuditVerb.REFUSED,
        summary=summary or f"{request.method} {request.path}",
    )


def audit_export(request, record: Model | None = None, *, summary: str) -> AuditEntry:
    """A file of records taken out of the portal (a spreadsheet, a PDF, a paper)."""
    return audit_record(
        actor=actor_of(request), verb=AuditVerb.EXPORTED, record=record, summary=summary
    )


def _request_actor(request, user: User | None) -> Actor:
    # The signals' own `user`, not request.user: a test client's sign-in, or a sign-out,
    # sends a request whose `user` is missing or already anonymous.
    if request is None:
        return Actor(user=user)
    return Actor(user=user, address=_address(request), path=request.get_full_path()[:500])


def audit_sign_in(request, user: User) -> AuditEntry:
    return audit_record(
        actor=_request_actor(request, user), verb=AuditVerb.SIGNED_IN, summary="Signed in"
    )


def audit_sign_out(request, user: User | None) -> AuditEntry | None:
    if user is None or not user.is_authenticated:
        return None  # nobody was signed in: nothing ended
    return audit_record(
        actor=_request_actor(request, user), verb=AuditVerb.SIGNED_OUT, summary="Signed out"
    )


def audit_sign_in_failure(request, username: str) -> AuditEntry:
    """A refused sign-in. The name given is kept (it may be no account at all); the password
    never is."""
    return audit_record(
        actor=_request_actor(request, None),
        verb=AuditVerb.SIGN_IN_FAILED,
        summary=f"Failed sign-in as “{username}”",
        username=username,
    )


def audit_lock_out(request, username: str, *, failures: int) -> AuditEntry:
    return audit_record(
        actor=_request_actor(request, None),
        verb=AuditVerb.LOCKED_OUT,
        summary=f"“{username}” locked out after {failures} failed sign-ins from this address",
        username=username,
    )


ACCOUNT_FIELDS = ("role", "agency", "is_staff", "is_superuser", "is_active")


def account_access(user: User) -> dict[str, str]:
    """What an account may reach, as words, for comparing before and after a change."""
    return {
        "role": role_label(user.role),
        "agency": str(user.agency) if user.agency_id else "no agency",
        "is_staff": "admin site" if user.is_staff else "no admin site",
        "is_superuser": "superuser" if user.is_superuser else "not superuser",
        "is_active": "active" if user.is_active else "closed",
    }


def audit_account_change(
    *, actor: Actor, user: User, before: dict[str, str] | None
) -> AuditEntry | None:
    """A change to what `user` may reach (role, agency, admin rights), before → after; or a
    new account (`before` None) with what it starts with. None when nothing of that changed."""
    after = account_access(user)
    if before is None:
        return audit_record(
            actor=actor,
            verb=AuditVerb.CREATED,
            record=user,
            summary="Account created: " + ", ".join(after[field] for field in ACCOUNT_FIELDS),
        )
    changes = [
        f"{before[field]} → {after[field]}"
        for field in ACCOUNT_FIELDS
        if before[field] != after[field]
    ]
    if not changes:
        return None
    return audit_record(
        actor=actor, verb=AuditVerb.ROLE_CHANGED, record=user, summary="; ".join(changes)
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
