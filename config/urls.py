from django.contrib import admin
from django.urls import include, path

from partnership import views as partnership

accounts = [
    path("sign-in/", partnership.SignInView.as_view(), name="login"),
    path("sign-out/", partnership.SignOutView.as_view(), name="logout"),
    path("sign-up/", partnership.sign_up, name="sign_up"),
    path("sign-up/check-your-email/", partnership.sign_up_done, name="sign_up_done"),
    path("verify/resend/", partnership.resend_verification, name="resend_verification"),
    path("verify/<str:token>/", partnership.verify_email, name="verify_email"),
    path("password-reset/", partnership.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        partnership.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        partnership.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        partnership.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("password/change/", partnership.PasswordChangeView.as_view(), name="password_change"),
]

urlpatterns = [
    path("", partnership.home, name="home"),
    path("accessibility/", partnership.accessibility, name="accessibility"),
    path("privacy/", partnership.privacy, name="privacy"),
    path("healthz", partnership.healthz, name="healthz"),
    path("accounts/", include(accounts)),
    path("portal/", include("partnership.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Partnership portal administration"
admin.site.site_title = "Partnership portal"
