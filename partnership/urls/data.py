"""The multi-agency data set under /portal/data/: the dashboard and indicators, the agencies'
submissions, and the exception report."""

from django.urls import include, path

urlpatterns = [
    path("", include("partnership.urls.data_dashboard")),
    path("", include("partnership.urls.data_submit")),
    path("", include("partnership.urls.data_exceptions")),
]
