"""The audit log, for the business unit: who read or changed which record, when and from where.

Read-only here as everywhere (see AuditEntry): there is no page to edit or delete an entry.
Downloading the log is itself written to the log, since an export takes records out of the
portal."""

from django.shortcuts import render

from ..access import declare, roles
from ..forms.audit import AuditFilterForm
from ..models import AuditEntry, Role
from ..navigation import PortalLink, register
from ..services import audit as services
from ..services.audit import actor_of, record_type_label, role_label
from . import download, export_format, paginate

STAFF = roles(Role.BUSINESS_UNIT)

register(
    PortalLink(
        "Audit log",
        "portal:audit_log",
        STAFF.roles,
        description="Who read or changed the reviews and other audited records, when and from "
        "which address, and who was turned away. Filter it and download it as CSV.",
        in_header=False,
    )
)


@declare(STAFF)
def audit_log(request):
    filters = AuditFilterForm(request.GET or None)
    entries = filters.apply(AuditEntry.objects.order_by("-at", "-pk"))
    page = paginate(request, entries)
    rows = [
        {
            "entry": entry,
            "role": role_label(entry.role),
            "kind": record_type_label(entry.record_type) if entry.record_type else "",
        }
        for entry in page.object_list
    ]
    query = request.GET.copy()
    for name in ("page", "submit", "format"):
        query.pop(name, None)
    return render(
        request,
        "partnership/audit/list.html",
        {
            "filters": filters,
            "filtered": filters.in_force(),
            "page": page,
            "rows": rows,
            "export_query": query.urlencode(),
        },
    )


@declare(STAFF)
def audit_log_export(request):
    """The filtered entries, all of them, as a spreadsheet; the export is logged too."""
    file_format = export_format(request)
    filters = AuditFilterForm(request.GET or None)
    entries = filters.apply(AuditEntry.objects.order_by("-at", "-pk"))
    response = download(
        services.audit_log_export(
            actor=actor_of(request),
            entries=entries,
            file_format=file_format,
            described=filters.described(),
        )
    )
    response["Cache-Control"] = "private, no-store"
    return response
