"""Portal pages for actions."""

from django.urls import path

from ..views import actions

urlpatterns = [
    path("", actions.action_list, name="actions"),
    path("new/", actions.action_create, name="action_create"),
    path("<int:pk>/", actions.action_detail, name="action"),
    path("<int:pk>/edit/", actions.action_edit, name="action_edit"),
]
