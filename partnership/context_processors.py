from django.conf import settings

from .navigation import navigation_for


def portal(request):
    return {
        "partnership_name": settings.PARTNERSHIP_NAME,
        "partnership_email": settings.PARTNERSHIP_EMAIL,
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "navigation": navigation_for(request),
    }
