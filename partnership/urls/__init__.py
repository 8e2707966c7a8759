"""The portal's signed-in pages, under /portal/, one module per area."""

from django.urls import include, path

from ..views import portal

app_name = "portal"

urlpatterns = [
    path("", portal.dashboard, name="dashboard"),
    path("account/", portal.account, name="account"),
    path("actions/", include("partnership.urls.actions")),
    path("audit/", include("partnership.urls.audit")),
    path("", include("partnership.urls.meetings")),
    path("priorities/", include("partnership.urls.priorities")),
    path("data/", include("partnership.urls.data")),
    path("", include("partnership.urls.people")),
    path("publications/", include("partnership.urls.publications")),
    path("retention/", include("partnership.urls.retention")),
    path("two-factor/", include("partnership.urls.two_factor")),
]
