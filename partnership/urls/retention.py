"""The retention schedule and what it would do today, for the business unit."""

from django.urls import path

from ..views import retention

urlpatterns = [
    path("", retention.retention, name="retention"),
]
