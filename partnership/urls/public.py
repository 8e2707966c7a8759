"""The public site: pages anyone can read, at the root of the portal."""

from django.urls import include, path

from ..views import accounts, public, publications, two_factor

accounts_patterns = [
    path("sign-in/", accounts.SignInView.as_view(), name="login"),
    path("sign-out/", accounts.SignOutView.as_view(), name="logout"),
    path("sign-up/", accounts.sign_up, name="sign_up"),
    path("sign-up/check-your-email/", accounts.sign_up_done, name="sign_up_done"),
    path("verify/resend/", accounts.resend_verification, name="resend_verification"),
    path("verify/<str:token>/", accounts.verify_email, name="verify_email"),
    path("password-reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/", accounts.PasswordResetDoneView.as_view(), name="password_reset_done"
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        accounts.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("password/change/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("two-factor/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("two-factor/set-up/", two_factor.two_factor_setup, name="two_factor_setup"),
    path(
        "two-factor/recovery-codes/",
        two_factor.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("two-factor/turn-off/", two_factor.two_factor_turn_off, name="two_factor_turn_off"),
]

publication_patterns = [
    path("", publications.publications, name="publications"),
    # Before <slug>/: the slugs "subscribe" and "unsubscribe" are reserved for these.
    path("subscribe/", publications.subscribe, name="subscribe"),
    path("subscribe/check-your-email/", publications.subscribe_done, name="subscribe_done"),
    path(
        "subscribe/confirm/<str:token>/",
        publications.subscription_confirm,
        name="subscription_confirm",
    ),
    path("unsubscribe/<str:token>/", publications.unsubscribe, name="unsubscribe"),
    path("<slug:slug>/", publications.publication_detail, name="publication"),
    path("<slug:slug>/download/", publications.publication_file, name="publication_file"),
    path(
        "<slug:slug>/versions/<int:number>/",
        publications.publication_version,
        name="publication_version",
    ),
    path(
        "<slug:slug>/versions/<int:number>/download/",
        publications.publication_version_file,
        name="publication_version_file",
    ),
]

urlpatterns = [
    path("", public.home, name="home"),
    path("accessibility/", public.accessibility, name="accessibility"),
    path("privacy/", public.privacy, name="privacy"),
    path("healthz", public.healthz, name="healthz"),
    path("publications/", include(publication_patterns)),
]
