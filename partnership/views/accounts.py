from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from .. import services
from ..access import GUEST_ONLY, PUBLIC, SIGNED_IN, SIGNING_IN, AccessMixin, declare
from ..forms import (
    PasswordChangeForm,
    PasswordResetForm,
    ResendVerificationForm,
    SetPasswordForm,
    SignInForm,
    SignUpForm,
)
from ..ratelimit import limit_public_form

# Signing in and out


class SignInView(AccessMixin, auth_views.LoginView):
    access = GUEST_ONLY
    form_class = SignInForm
    template_name = "registration/sign_in.html"


class SignOutView(AccessMixin, auth_views.LogoutView):
    """GET asks for confirmation; only the POST signs out, so a link cannot sign anyone out.
    Open before the second factor, so someone without their phone can still leave."""

    access = SIGNING_IN
    http_method_names = ["get", "post", "options"]
    template_name = "registration/sign_out.html"

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name)


# Practitioners sign up themselves


@declare(GUEST_ONLY)
@limit_public_form("sign-up")
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
@limit_public_form("resend-verification")
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


@method_decorator(limit_public_form("password-reset"), name="post")
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
