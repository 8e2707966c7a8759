"""The retention schedule, for the business unit: how long each kind of personal record is
kept, and what the weekly task would delete or anonymise if it ran today. Read-only: the
task (or `manage.py retention --apply`) is what changes records."""

from django.shortcuts import render
from django.utils import timezone

from ..access import declare, roles
from ..models import Role
from ..navigation import PortalLink, register
from ..services.retention import KEPT_WITHOUT_LIMIT, retention_plan

STAFF = roles(Role.BUSINESS_UNIT)

register(
    PortalLink(
        "Retention",
        "portal:retention",
        STAFF.roles,
        description="How long the portal keeps each kind of personal record, and what the "
        "weekly task would delete or anonymise today.",
        in_header=False,
    )
)


@declare(STAFF)
def retention(request):
    today = timezone.localdate()
    return render(
        request,
        "partnership/retention/plan.html",
        {"today": today, "plan": retention_plan(today=today), "kept": KEPT_WITHOUT_LIMIT},
    )
