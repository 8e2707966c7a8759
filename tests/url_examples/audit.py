"""Example entries for the audit log page, so the browser check sees a filled table: a read,
a change and a refusal."""

from partnership.models import AuditEntry, AuditVerb, Role


def _some_entries(cast):
    business = cast["business_unit"]
    for verb, record_type, record, summary in (
        (AuditVerb.VIEWED, "", "", "Reviews dashboard"),
        (AuditVerb.CHANGED, "partnership.priority", "Neglect", "Details changed"),
    ):
        AuditEntry.objects.create(
            user=business,
            username=business.username,
            role=Role.BUSINESS_UNIT,
            address="192.0.2.10",
            verb=verb,
            record_type=record_type,
            record_id=1 if record_type else None,
            record=record,
            summary=summary,
            path="/portal/reviews/",
        )
    practitioner = cast["practitioner"]
    AuditEntry.objects.create(
        user=practitioner,
        username=practitioner.username,
        role=Role.PRACTITIONER,
        address="198.51.100.7",
        verb=AuditVerb.REFUSED,
        summary="GET /portal/reviews/",
        path="/portal/reviews/",
    )
    return {}


EXAMPLES = {"portal:audit_log": _some_entries}
NOT_HTML = {"portal:audit_log_export"}
