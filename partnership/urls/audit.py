"""The audit log, for the business unit: read and download, never change."""

from django.urls import path

from ..views import audit

urlpatterns = [
    path("", audit.audit_log, name="audit_log"),
    path("export/", audit.audit_log_export, name="audit_log_export"),
]
