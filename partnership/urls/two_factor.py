"""The business unit's view of everyone's second factor, and its reset."""

from django.urls import path

from ..views import two_factor

urlpatterns = [
    path("", two_factor.two_factor_accounts, name="two_factor_accounts"),
    path("<int:pk>/reset/", two_factor.two_factor_reset, name="two_factor_reset"),
]
