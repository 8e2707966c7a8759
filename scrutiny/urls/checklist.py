"""Scrutiny pages: the scrutineer's checklists, and the assessment pages every framework
shares (a checklist or a Section 11 return, by the assessment's id)."""

from django.urls import path

from ..views import checklist

urlpatterns = [
    path("checklists/", checklist.checklists, name="checklists"),
    path("checklists/new/", checklist.checklist_create, name="checklist_create"),
    path("assessments/<int:pk>/", checklist.assessment, name="assessment"),
    path(
        "assessments/<int:pk>/judgement/",
        checklist.assessment_judgement,
        name="assessment_judgement",
    ),
    path("assessments/<int:pk>/submit/", checklist.assessment_submit, name="assessment_submit"),
    path("assessments/<int:pk>/return/", checklist.assessment_return, name="assessment_return"),
    path("assessments/<int:pk>/accept/", checklist.assessment_accept, name="assessment_accept"),
    path(
        "assessments/<int:pk>/ratings/<int:rating_pk>/",
        checklist.rating_edit,
        name="rating_edit",
    ),
    path(
        "assessments/<int:pk>/ratings/<int:rating_pk>/links/new/",
        checklist.rating_link_add,
        name="rating_link_add",
    ),
    path(
        "assessments/<int:pk>/ratings/<int:rating_pk>/links/<int:link_pk>/remove/",
        checklist.rating_link_remove,
        name="rating_link_remove",
    ),
    path(
        "assessments/<int:pk>/ratings/<int:rating_pk>/actions/new/",
        checklist.rating_action_add,
        name="rating_action_add",
    ),
]
