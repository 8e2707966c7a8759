from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = "Partnership"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import (
            user_logged_in,
            user_logged_out,
            user_login_failed,
        )

        # The receivers only record: a sign-in and its entry are one event, whichever page
        # (the sign-in form, the admin's, a password reset) did it.
        user_logged_in.connect(_signed_in, dispatch_uid="audit-signed-in")
        user_logged_out.connect(_signed_out, dispatch_uid="audit-signed-out")
        user_login_failed.connect(_sign_in_failed, dispatch_uid="audit-sign-in-failed")
        user_locked_out.connect(_locked_out, dispatch_uid="audit-locked-out")


def _signed_in(sender, request, user, **kwargs):
    from .services.audit import audit_sign_in
    from .services.two_factor import note_second_factor_at_sign_in

    audit_sign_in(request, user)
    note_second_factor_at_sign_in(request, user)


def _signed_out(sender, request, user, **kwargs):
    from .services.audit import audit_sign_out

    audit_sign_out(request, user)


def _sign_in_failed(sender, credentials, request=None, **kwargs):
    from .services.audit import audit_sign_in_failure

    audit_sign_in_failure(request, credentials.get("username") or "")


def _locked_out(sender, request, username, ip_address, **kwargs):
    from axes.helpers import get_failure_limit

    from .services.audit import audit_lock_out

    # django-axes sends this again for every attempt made while locked (each one counts and
    # restarts the cool-off): record the lock once, when the count reaches the limit. Each
    # later attempt is in the log as a failed sign-in.
    failures = getattr(request, "axes_failures_since_start", None)
    limit = get_failure_limit(request, getattr(request, "axes_credentials", None))
    if failures == limit:
        audit_lock_out(request, username or "", failures=failures)
