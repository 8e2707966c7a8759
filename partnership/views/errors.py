"""Error pages that Django's own handlers cannot make clear enough."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.shortcuts import render
from django.views import defaults

# What a person meets when a form is bigger than Django will read: text over
# DATA_UPLOAD_MAX_MEMORY_SIZE, or more fields or files than a form of the portal has. A file
# over the upload limits never gets here: the form refuses it by its size (partnership.uploads).
TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def bad_request(request, exception):
    """handler400. A form too large to read answers 413 with a page that says what to do and
    that nothing was saved; any other bad request keeps Django's plain 400 page, which needs
    nothing from a request that may not be trustworthy (a bad Host header, for one)."""
    if isinstance(exception, TOO_LARGE):
        return render(
            request,
            "413.html",
            {
                "upload_max_mb": settings.UPLOAD_MAX_MB,
                "import_max_mb": settings.IMPORT_MAX_MB,
                "text_max_mb": round(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024, 1),
            },
            status=413,
        )
    return defaults.bad_request(request, exception)
