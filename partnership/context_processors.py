from django.conf import settings

from .access import access_of
from .navigation import navigation_for


def portal(request):
    match = getattr(request, "resolver_match", None)
    access = access_of(match.func) if match else None
    return {
        # Anyone may be reading a page the public can open, perhaps where they are not safe to.
        "public_page": bool(access and access.anonymous),
        "partnership_name": settings.PARTNERSHIP_NAME,
        "partnership_email": settings.PARTNERSHIP_EMAIL,
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "navigation": navigation_for(request),
    }
