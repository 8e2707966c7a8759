"""The reviews' pages, under /portal/reviews/ ("reviews" namespace), one module per area.

These are the most sensitive records in the portal. Only the business unit, the scrutineer
and partner leads may see them, and only the business unit change them; anyone else gets a
404 that does not confirm a record exists, and the refusal is audited (Access.sensitive).
Every page that shows these records writes a read to the audit log with `viewed`.
"""

from django.shortcuts import get_object_or_404

from partnership.access import sensitive_roles
from partnership.models import Role
from partnership.navigation import PortalLink, register
from partnership.services.audit import audit_view

from ..models import READERS

READ = sensitive_roles(*READERS)
EDIT = sensitive_roles(Role.BUSINESS_UNIT)

register(
    PortalLink(
        "Reviews",
        "reviews:dashboard",
        READ.roles,
        description="Serious incident notifications, rapid reviews and practice reviews, "
        "their statutory clocks, and the recommendations and actions that follow.",
    )
)


def can_edit(request) -> bool:
    return request.user.role in EDIT.roles


def fetch(request, queryset, **lookup):
    """The one fetch-and-authorize path: `queryset` (e.g. Review.objects.select_related(...))
    scoped to the user, then the record or 404."""
    return get_object_or_404(queryset.for_user(request.user), **lookup)


def viewed(request, record=None, *, summary: str = ""):
    """Write the read of `record` (or of a list, with a summary) to the audit log."""
    return audit_view(request, record, summary=summary)
