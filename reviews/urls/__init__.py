"""The reviews' pages under /portal/reviews/, one module per area."""

from django.urls import include, path

app_name = "reviews"

urlpatterns = [
    path("", include("reviews.urls.dashboard")),
    path("notifications/", include("reviews.urls.notifications")),
    path("", include("reviews.urls.reviews")),
]
