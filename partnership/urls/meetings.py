"""Portal pages for meetings of the partnership's bodies and attendance at them."""

from django.urls import path

from ..views import meetings

urlpatterns = [
    path("meetings/", meetings.meetings, name="meetings"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting, name="meeting"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/papers/new/", meetings.meeting_paper_add, name="meeting_paper_add"),
    path("meetings/papers/<int:pk>/", meetings.meeting_paper, name="meeting_paper"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("attendance/", meetings.attendance, name="attendance"),
]
