"""The portal's signed-in pages, under /portal/, one module per area."""

from django.urls import path

from ..views import portal

app_name = "portal"

urlpatterns = [
    path("", portal.dashboard, name="dashboard"),
    path("account/", portal.account, name="account"),
]
