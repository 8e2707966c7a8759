"""Scrutiny pages: frameworks, under /portal/scrutiny/frameworks/."""

from django.urls import path

from ..views import frameworks

urlpatterns = [
    path("", frameworks.framework_list, name="frameworks"),
    path("import/", frameworks.framework_import, name="framework_import"),
    path("<int:pk>/", frameworks.framework_detail, name="framework"),
    path("<int:pk>/export/", frameworks.framework_export, name="framework_export"),
]
