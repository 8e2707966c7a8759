"""The public training programme, under /training/ ("training" namespace)."""

from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.programme, name="programme"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
]
