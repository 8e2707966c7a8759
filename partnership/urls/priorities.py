"""Portal pages for the partnership's strategic priorities."""

from django.urls import path

from ..views import priorities

urlpatterns = [
    path("", priorities.priorities, name="priorities"),
    path("new/", priorities.priority_create, name="priority_create"),
    path("<int:pk>/", priorities.priority, name="priority"),
    path("<int:pk>/edit/", priorities.priority_edit, name="priority_edit"),
    path("<int:pk>/updates/new/", priorities.priority_update_add, name="priority_update_add"),
]
