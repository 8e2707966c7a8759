"""The training programme's public pages: the upcoming sessions with their places left, a
session's page, and the calendar feed. Booking and the staff pages come with the rest of the
training issue."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from partnership.access import PUBLIC, declare
from partnership.navigation import PublicLink, register_public
from partnership.views import paginate

from ..forms.public import ProgrammeFilterForm
from ..models import Session, SessionStatus
from ..services.calendar import calendar_ics
from .booking import session_panel

register_public(
    PublicLink(
        "Multi-agency training",
        "training:programme",
        "the partnership's courses for people who work with children, with places left",
    )
)


def _upcoming():
    return (
        Session.objects.filter(status=SessionStatus.SCHEDULED, starts_at__gt=timezone.now())
        .select_related("course")
        .order_by("starts_at", "pk")
    )


@declare(PUBLIC)
def programme(request):
    sessions = _upcoming()
    months = [moment.date() for moment in sessions.datetimes("starts_at", "month")]
    form = ProgrammeFilterForm(request.GET or None, months=months)
    if form.is_valid():
        if form.cleaned_data["series"]:
            sessions = sessions.filter(course__series=form.cleaned_data["series"])
        if form.cleaned_data["level"]:
            sessions = sessions.filter(course__level=form.cleaned_data["level"])
        if form.cleaned_data["month"]:
            month = form.cleaned_data["month"]
            sessions = sessions.filter(starts_at__year=month.year, starts_at__month=month.month)
    page = paginate(request, sessions)
    return render(
        request,
        "training/programme.html",
        {"form": form, "page": page, "partnership_area": settings.PARTNERSHIP_AREA},
    )


@declare(PUBLIC)
def session_detail(request, pk):
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    return render(
        request,
        "training/session.html",
        {
            "session": session,
            "objectives": [
                line.strip()
                for line in session.course.learning_objectives.splitlines()
                if line.strip()
            ],
            "is_past": session.starts_at <= timezone.now(),
            **session_panel(request, session),
        },
    )


@declare(PUBLIC)
def calendar_feed(request):
    """Every upcoming session, for a calendar app to subscribe to."""
    content = calendar_ics(
        _upcoming(),
        url_for=lambda session: request.build_absolute_uri(
            reverse("training:session", args=[session.pk])
        ),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="training.ics"'
    return response
