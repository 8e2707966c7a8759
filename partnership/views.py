import redis
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache

from . import services
from .access import GUEST_ONLY, PUBLIC, SIGNED_IN, AccessMixin, declare
from .forms import (
    PasswordChangeForm,
    PasswordResetForm,
    ResendVerificationForm,
    SetPasswordForm,
    SignInForm,
    SignUpForm,
)
from .navigation import links_for

# Public pages


@declare(PUBLIC)
def home(request):
    return render(
        request,
        "partnership/home.html",
        {
            "concern_phone": settings.CONCERN_PHONE,
            "concern_out_of_hours_phone": settings.CONCERN_OUT_OF_HOURS_PHONE,
            "partnership_phone": settings.PARTNERSHIP_PHONE,
            "partnership_address": settings.PARTNERSHIP_ADDRESS,
            "partnership_area": settings.PARTNERSHIP_AREA,
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


# Signing in and out


class SignInView(AccessMixin, auth_views.LoginView):
    access = GUEST_ONLY
    form_class = SignInForm
    template_name = "registration/sign_in.html"


class SignOutView(AccessMixin, auth_views.LogoutView):
    """GET asks for confirmation; only the POST signs out, so a link cannot sign anyone out."""

    access = SIGNED_IN
    http_method_names = ["get", "post", "options"]
    template_name = "registration/sign_out.html"

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name)


# Practitioners sign up themselves


@declare(GUEST_ONLY)
def sign_up(request):
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.practitioner_sign_up(
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            email=form.cleaned_data["email"],
            agency=form.cleaned_data["agency"],
            password=form.cleaned_data["password1"],
            base_url=request.build_absolute_uri("/"),
        )
        request.session["signed_up_email"] = user.email
        return redirect("sign_up_done")
    return render(request, "registration/sign_up.html", {"form": form})


@declare(GUEST_ONLY)
def sign_up_done(request):
    return render(
        request, "registration/sign_up_done.html", {"email": request.session.get("signed_up_email")}
    )


@declare(PUBLIC)
def verify_email(request, token):
    outcome = services.email_verify(token=token)
    return render(request, "registration/verify_email.html", {"outcome": outcome.name})


@declare(PUBLIC)
def resend_verification(request):
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.verification_resend(
            email=form.cleaned_data["email"], base_url=request.build_absolute_uri("/")
        )
        messages.success(
            request,
            "If an account with that address is waiting to be confirmed, we have sent a new link to it.",
        )
        return redirect("login")
    return render(request, "registration/resend_verification.html", {"form": form})


# Passwords


class PasswordResetView(AccessMixin, auth_views.PasswordResetView):
    access = PUBLIC
    form_class = PasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetDoneView(AccessMixin, auth_views.PasswordResetDoneView):
    access = PUBLIC
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(AccessMixin, auth_views.PasswordResetConfirmView):
    access = PUBLIC
    form_class = SetPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


class PasswordResetCompleteView(AccessMixin, auth_views.PasswordResetCompleteView):
    access = PUBLIC
    template_name = "registration/password_reset_complete.html"


class PasswordChangeView(AccessMixin, auth_views.PasswordChangeView):
    access = SIGNED_IN
    form_class = PasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("portal:account")

    def form_valid(self, form):
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)


# The signed-in portal


@declare(SIGNED_IN)
def dashboard(request):
    return render(
        request,
        "partnership/dashboard.html",
        {"links": [link for link in links_for(request.user) if link.on_dashboard]},
    )


@declare(SIGNED_IN)
def account(request):
    return render(request, "partnership/account.html")
