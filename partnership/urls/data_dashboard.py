"""The data set's dashboard and indicators, under /portal/data/."""

from django.urls import path

from ..views import data_dashboard as views

urlpatterns = [
    path("", views.data_dashboard, name="data_dashboard"),
    path("indicators/", views.data_indicators, name="data_indicators"),
    path("indicators/new/", views.data_indicator_create, name="data_indicator_create"),
    path("indicators/<int:pk>/", views.data_indicator, name="data_indicator"),
    path("indicators/<int:pk>/edit/", views.data_indicator_edit, name="data_indicator_edit"),
]
