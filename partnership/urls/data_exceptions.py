"""The exception report for a quarter, and its XLSX and PDF."""

from django.urls import path

from ..views import data_exceptions as views

urlpatterns = [
    path("exceptions/", views.exceptions, name="data_exceptions"),
    path("exceptions/export/", views.exceptions_export, name="data_exceptions_export"),
]
