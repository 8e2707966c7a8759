import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

SIGNED_IN_AT = "signed_in_at"


class SessionLifetimeMiddleware:
    """End a session 12 hours (SESSION_ABSOLUTE_LIMIT) after sign-in, however active.

    The idle limit needs no code: SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST expires a
    session that has seen no request for 30 minutes. Nothing in Django caps a busy session's
    total length, which is what a shared office computer left signed in all day needs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            now = int(time.time())
            if started is None:
                request.session[SIGNED_IN_AT] = now
            elif now - started > settings.SESSION_ABSOLUTE_LIMIT:
                logout(request)
                messages.info(request, "Your session has ended. Sign in again to carry on.")
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
