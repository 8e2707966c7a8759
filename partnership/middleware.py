import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

from .access import access_of
from .services.audit import audit_refusal
from .services.two_factor import second_factor_due

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


class SecondFactorMiddleware:
    """Send a signed-in user who still owes the second factor to its page, from every view
    that is not open to the public and not one of the second factor's own (Access's
    `before_second_factor`). It runs on the resolved view, not on a list of paths, so a new
    page, the admin included, is covered without anyone remembering to add it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        access = access_of(view_func)
        if access is not None and (access.anonymous or access.before_second_factor):
            return None
        if not second_factor_due(request):
            return None
        return redirect_to_login(
            request.get_full_path(), login_url="two_factor_verify", redirect_field_name="next"
        )


# Powerful browser features the portal never uses, switched off for its pages and anything
# injected into them; interest-cohort=() keeps visits out of FLoC-style ad cohorts.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


class PermissionsPolicyMiddleware:
    """Set Permissions-Policy on every response.

    SecurityMiddleware covers Referrer-Policy and X-Content-Type-Options, and django-csp the
    Content-Security-Policy, but Django has no setting for Permissions-Policy, so it is set
    here. It sits high in MIDDLEWARE so redirects, refusals, static files and downloads made
    further down carry it too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class RefusalAuditMiddleware:
    """Write a 403 or 404 served to a signed-in user to the audit log, wherever it came from:
    a role check, a record outside the user's agency, a mistyped address. Repeated refusals
    are how someone probing for records shows up. The public's 404s are not logged: there is
    no one to attribute them to, and the log is not a web server log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code in (403, 404)
            and request.user.is_authenticated
            # partnership.access has already logged a sensitive view's refusal.
            and not getattr(request, "refusal_audited", False)
        ):
            audit_refusal(
                request, summary=f"{response.status_code} {request.method} {request.path}"
            )
        return response
