import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from ..access import PUBLIC, declare
from ..models import Agency, AgencyKind, Publication
from ..navigation import public_links
from ..services.retention import retention_periods

# The statutory safeguarding partners, in the order section 16E of the Children Act 2004 lists them.
STATUTORY_PARTNER_ROLES = {
    AgencyKind.LOCAL_AUTHORITY: "Local authority",
    AgencyKind.ICB: "Integrated care board",
    AgencyKind.POLICE: "Police",
}


@declare(PUBLIC)
def home(request):
    partners = sorted(
        Agency.objects.active().filter(kind__in=STATUTORY_PARTNER_ROLES),
        key=lambda agency: (list(STATUTORY_PARTNER_ROLES).index(agency.kind), agency.name),
    )
    latest = (
        Publication.objects.published()
        .select_related("published_version")
        .order_by("-first_published_at", "-pk")[:3]
    )
    return render(
        request,
        "partnership/home.html",
        {
            "concern_phone": settings.CONCERN_PHONE,
            "concern_out_of_hours_phone": settings.CONCERN_OUT_OF_HOURS_PHONE,
            "partnership_phone": settings.PARTNERSHIP_PHONE,
            "partnership_address": settings.PARTNERSHIP_ADDRESS,
            "partnership_area": settings.PARTNERSHIP_AREA,
            "statutory_partners": [
                (STATUTORY_PARTNER_ROLES[agency.kind], agency) for agency in partners
            ],
            "latest_publications": latest,
            "public_links": public_links(),
        },
    )


@declare(PUBLIC)
def accessibility(request):
    return render(request, "partnership/accessibility.html")


@declare(PUBLIC)
def privacy(request):
    return render(
        request,
        "partnership/privacy.html",
        {
            "dpo_email": settings.DATA_PROTECTION_OFFICER_EMAIL,
            "partnership_address": settings.PARTNERSHIP_ADDRESS,
            "session_idle_minutes": settings.SESSION_COOKIE_AGE // 60,
            "session_max_hours": settings.SESSION_ABSOLUTE_LIMIT // 3600,
            "retention": retention_periods(),
        },
    )


@never_cache
@declare(PUBLIC)
def healthz(request):
    """For a load balancer or uptime check: can the portal reach its database and broker?"""
    checks = {"database": _database_status(), "broker": _broker_status()}
    healthy = all(status in {"ok", "in-process"} for status in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # any failure means "down"; the reason goes to the log, not the public
        return "unreachable"


def _broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
        return "ok"
    except redis.RedisError:
        return "unreachable"
