"""The yearly report's pages, under /portal/scrutiny/reports/."""

from django.urls import path

from ..views import reports

urlpatterns = [
    path("", reports.report_list, name="reports"),
    path("new/", reports.report_create, name="report_create"),
    path("<int:pk>/", reports.report_detail, name="report"),
    path("<int:pk>/edit/", reports.report_edit, name="report_edit"),
    path("<int:pk>/preview/", reports.report_preview, name="report_preview"),
    path("<int:pk>/sections/add/", reports.section_add, name="report_section_add"),
    path("<int:pk>/send/", reports.report_send, name="report_send"),
    path("<int:pk>/sign-off/", reports.report_decide, name="report_decide"),
    path("<int:pk>/pdf/", reports.render_start, name="report_render"),
    path("<int:pk>/publish/", reports.report_publish, name="report_publish"),
    path("sections/<int:pk>/", reports.section_edit, name="report_section"),
    path("sections/<int:pk>/move/", reports.section_move, name="report_section_move"),
    path(
        "sections/<int:pk>/visibility/",
        reports.section_visibility,
        name="report_section_visibility",
    ),
    path("sections/<int:pk>/delete/", reports.section_delete, name="report_section_delete"),
    path("pdf/<int:pk>/", reports.render_job, name="render_job"),
    path("pdf/<int:pk>/status/", reports.render_job_status, name="render_job_status"),
    path("pdf/<int:pk>/download/", reports.render_job_download, name="render_job_download"),
]
