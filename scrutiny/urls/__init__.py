"""Scrutiny's pages, under /portal/scrutiny/, in the "scrutiny" namespace."""

from django.urls import include, path

app_name = "scrutiny"

urlpatterns = [
    path("frameworks/", include("scrutiny.urls.frameworks")),
    path("", include("scrutiny.urls.checklist")),
    path("section-11/", include("scrutiny.urls.rounds")),
    path("reports/", include("scrutiny.urls.reports")),
]
