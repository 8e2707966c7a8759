"""Who may use each view: declared once, beside the view, and read back by the access test.

Function views take one of the decorators; class-based views mix in `AccessMixin` and set
`access`. Every URL pattern must resolve to a view with a declaration: the URL × role test in
tests/partnership/test_access.py fails on one that has none. LoginRequiredMiddleware is the
backstop: an undeclared view is closed to the public rather than open.
"""

from dataclasses import dataclass, replace
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.decorators import method_decorator

from .models import Role
from .services.audit import audit_refusal

ALL_ROLES = frozenset(Role)


@dataclass(frozen=True)
class Access:
    """`roles` may use the view once signed in; `anonymous` says whether the public may;
    `guest_only` views (sign in, sign up) send a signed-in user to their dashboard instead;
    `sensitive` views (the reviews of serious incidents) answer a refused role with 404, so as
    not to confirm that the record exists, and write the refusal to the audit log;
    `before_second_factor` views (the second factor's own pages, signing out) are open to a
    signed-in user who has not yet passed the second factor: SecondFactorMiddleware sends
    such a user from every other page that needs signing in to the second factor's page."""

    roles: frozenset
    anonymous: bool = False
    guest_only: bool = False
    sensitive: bool = False
    before_second_factor: bool = False

    def check(self, request):
        """Return a response that refuses the request, or None to let it through."""
        user = request.user
        if not user.is_authenticated:
            if self.anonymous:
                return None
            return redirect_to_login(request.get_full_path())
        if self.guest_only:
            return redirect("portal:dashboard")
        if user.role not in self.roles:
            if self.sensitive:
                audit_refusal(request)
                raise Http404
            raise PermissionDenied
        return None


PUBLIC = Access(roles=ALL_ROLES, anonymous=True)
GUEST_ONLY = Access(roles=frozenset(), anonymous=True, guest_only=True)
SIGNED_IN = Access(roles=ALL_ROLES)
SIGNING_IN = Access(roles=ALL_ROLES, before_second_factor=True)


def roles(*allowed: Role) -> Access:
    unknown = set(allowed) - ALL_ROLES
    if unknown or not allowed:
        raise ValueError(f"Declare at least one known role, not {allowed!r}")
    return Access(roles=frozenset(allowed))


def sensitive_roles(*allowed: Role) -> Access:
    """Like `roles`, for records whose very existence is confidential: see Access.sensitive."""
    return replace(roles(*allowed), sensitive=True)


def declare(access: Access):
    """Decorate a function view with who may use it."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            refusal = access.check(request)
            if refusal is not None:
                return refusal
            return view(request, *args, **kwargs)

        wrapped.access = access
        return login_not_required(wrapped) if access.anonymous else wrapped

    return decorator


class AccessMixin:
    """For class-based views: set `access = PUBLIC`, `roles(...)` and so on."""

    access: Access | None = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.access is not None and cls.access.anonymous:
            method_decorator(login_not_required, name="dispatch")(cls)

    def dispatch(self, request, *args, **kwargs):
        if self.access is None:
            raise PermissionDenied  # fail closed; the access test names the culprit
        refusal = self.access.check(request)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)


def access_of(view) -> Access | None:
    """The declaration of a resolved URL callback, whichever way it was declared."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return getattr(view_class, "access", None)
    return getattr(view, "access", None)
