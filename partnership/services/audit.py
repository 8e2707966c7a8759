"""The portal's one audit log: who read or changed which record, when and from where.

A service that changes an audited record calls `audit_record` inside its own transaction, so
the entry and the change commit or roll back together (STYLE.md rule 5). Views record reads
and refusals the same way, with the `Actor` taken from the request.
"""

import ipaddress
from dataclasses import dataclass

from django.db.models import Model

from ..models import AuditEntry, AuditVerb, User


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
