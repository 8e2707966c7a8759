"""Two-factor sign-in pages: passing the second factor, setting up an app, recovery codes,
turning it off (where the role allows), and the business unit's reset of someone else's.

The rules are in services.two_factor; SecondFactorMiddleware sends a session that owes the
second factor here from every other page that needs signing in.
"""

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe

from ..access import SIGNED_IN, SIGNING_IN, declare, roles
from ..forms.two_factor import AccountSearchForm, AppCodeForm, ConfirmForm, SecurityCodeForm
from ..models import Role, User
from ..navigation import PortalLink, register
from ..services import two_factor as services
from ..services.audit import actor_of
from . import paginate

# Shown once, on the page after they were made; the session forgets them when it is shown.
NEW_CODES = "new_recovery_codes"

register(
    PortalLink(
        "Two-factor sign-in of accounts",
        "portal:two_factor_accounts",
        frozenset({Role.BUSINESS_UNIT}),
        description="Who has set up an authenticator app, how many recovery codes they have "
        "left, and resetting the second factor of someone who has lost their phone.",
        in_header=False,
    )
)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("portal:dashboard")


@declare(SIGNING_IN)
def two_factor_verify(request):
    """The second step of signing in."""
    next_url = _next_url(request)
    if request.user.is_verified():
        return redirect(next_url)
    if services.app_device(request.user) is None:
        if services.second_factor_required(request.user):
            return redirect(_with_next("two_factor_setup", next_url))
        # An optional app removed since sign-in (in the admin, say): nothing is owed now.
        request.session.pop(services.SECOND_FACTOR_DUE, None)
        return redirect(next_url)
    form = SecurityCodeForm(
        request.POST or None,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes",
    )
    if request.method == "POST" and form.is_valid():
        outcome = services.second_factor_verify(request, form.cleaned_data["code"])
        if outcome.passed:
            if outcome.with_recovery_code:
                messages.warning(
                    request,
                    f"You used a recovery code. You have {outcome.recovery_codes_left} left: "
                    "each works once. Make new ones from your account page if you are "
                    "running out.",
                )
            return redirect(next_url)
        if outcome.wait_until is not None:
            seconds = max(1, int((outcome.wait_until - timezone.now()).total_seconds()) + 1)
            form.add_error(
                "code",
                f"Too many wrong codes. Wait {seconds} second{'s' if seconds != 1 else ''} "
                "and enter the code again",
            )
        else:
            form.add_error(
                "code",
                "The security code is not right. Enter the code the app shows now, or a "
                "recovery code you have not used",
            )
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": next_url},
    )


def _qr_code_svg(device) -> str:
    # segno draws the QR code as SVG on the server, so it needs no script and no image
    # request; the key is printed beside it for people who cannot scan it.
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=4, light="#fff", title="QR code of the key below", svgclass="app-qr-code"
    )
    # An image to assistive technology, named by its <title>.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 - our own key


@declare(SIGNING_IN)
def two_factor_setup(request):
    next_url = _next_url(request)
    if not services.app_setup_allowed(request):
        # They have an app: they must pass it before putting another in its place.
        return redirect(_with_next("two_factor_verify", request.get_full_path()))
    device = services.app_setup_start(request.user)
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.app_setup_confirm(request, device, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            request.session[NEW_CODES] = codes
            messages.success(request, "Two-factor sign-in is set up.")
            return redirect(_with_next("two_factor_recovery_codes", next_url))
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": _qr_code_svg(device),
            "key": services.key_text(device),
            "replacing": services.app_device(request.user) is not None,
            "required": services.second_factor_required(request.user),
        },
    )


@declare(SIGNED_IN)
def two_factor_recovery_codes(request):
    """New codes are shown once, straight after they are made; otherwise how many are left,
    and a button to make new ones."""
    if services.app_device(request.user) is None:
        return redirect("two_factor_setup")
    form = ConfirmForm(
        request.POST if request.method == "POST" else None, submit_label="Make new recovery codes"
    )
    if request.method == "POST" and form.is_valid():
        request.session[NEW_CODES] = services.recovery_codes_renew(request)
        messages.success(request, "You have new recovery codes. The old ones no longer work.")
        return redirect("two_factor_recovery_codes")
    return render(
        request,
        "registration/two_factor_recovery_codes.html",
        {
            "form": form,
            "codes": request.session.pop(NEW_CODES, None),
            "left": services.recovery_codes_left(request.user),
            "next": _next_url(request),
        },
    )


@declare(SIGNED_IN)
def two_factor_turn_off(request):
    if services.second_factor_required(request.user):
        messages.info(
            request, f"As {request.user.role_label.lower()} you must use two-factor sign-in."
        )
        return redirect("portal:account")
    if services.app_device(request.user) is None:
        return redirect("portal:account")
    form = ConfirmForm(
        request.POST if request.method == "POST" else None,
        submit_label="Turn off two-factor sign-in",
    )
    if request.method == "POST" and form.is_valid():
        services.second_factor_turn_off(request)
        messages.success(request, "Two-factor sign-in is off. You sign in with your password.")
        return redirect("portal:account")
    return render(request, "registration/two_factor_turn_off.html", {"form": form})


# The business unit's pages

BUSINESS_UNIT = roles(Role.BUSINESS_UNIT)


@declare(BUSINESS_UNIT)
def two_factor_accounts(request):
    search = AccountSearchForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    page = paginate(request, services.accounts_with_second_factor(query))
    return render(
        request,
        "partnership/two_factor/accounts.html",
        {
            "search": search,
            "query": query,
            "page": page,
            "required_roles": services.SECOND_FACTOR_ROLES,
        },
    )


@declare(BUSINESS_UNIT)
def two_factor_reset(request, pk):
    account = get_object_or_404(User.objects.select_related("agency"), pk=pk, is_active=True)
    form = ConfirmForm(
        request.POST if request.method == "POST" else None, submit_label="Reset the second factor"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.second_factor_reset(actor=actor_of(request), user=account)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"The second factor of {account.get_username()} is reset and their sessions "
                "are ended. They set up an app again when they next sign in.",
            )
            return redirect("portal:two_factor_accounts")
    return render(
        request,
        "partnership/two_factor/reset.html",
        {
            "form": form,
            "account": account,
            "has_app": services.app_device(account) is not None,
            "own": account.pk == request.user.pk,
        },
    )
