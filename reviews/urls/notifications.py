"""Serious incident notifications and their rapid reviews, under /portal/reviews/notifications/.
The rapid review's pages take the notification's pk: each notification has exactly one."""

from django.urls import path

from ..views import notifications as views

urlpatterns = [
    path("", views.notifications, name="notifications"),
    path("new/", views.notification_create, name="notification_create"),
    path("<int:pk>/", views.notification, name="notification"),
    path("<int:pk>/edit/", views.notification_edit, name="notification_edit"),
    path("<int:pk>/rapid-review/", views.rapid_review_edit, name="rapid_review_edit"),
    path(
        "<int:pk>/rapid-review/meetings/new/",
        views.rapid_review_meeting_add,
        name="rapid_review_meeting_add",
    ),
    path(
        "<int:pk>/rapid-review/summaries/new/",
        views.summary_request_add,
        name="summary_request_add",
    ),
    path(
        "summaries/<int:pk>/received/",
        views.summary_request_receive,
        name="summary_request_receive",
    ),
]
