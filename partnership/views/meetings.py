"""Meetings of the partnership's bodies, their papers and attendance registers, and the
attendance rates per agency that the scrutineer reads as evidence."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify

from .. import services
from ..access import declare, roles
from ..forms.meetings import (
    AttendancePeriodForm,
    AttendanceRegisterForm,
    MeetingFilterForm,
    MeetingForm,
    MeetingPaperForm,
)
from ..models import ATTENDED, Meeting, MeetingPaper, Role
from ..navigation import PortalLink, register
from ..services.audit import audit_export
from ..uploads import stored_file_response
from . import paginate, paragraphs, posted

# Meetings are evidence for scrutiny: the scrutineer and the partner leads read them.
READERS = roles(Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.PARTNER_LEAD)
MANAGERS = roles(Role.BUSINESS_UNIT)

register(
    PortalLink(
        "Meetings",
        "portal:meetings",
        READERS.roles,
        description="Meetings of the board, the executive and the subgroups: agendas, papers, "
        "minutes and who attended.",
    )
)
register(
    PortalLink(
        "Attendance",
        "portal:attendance",
        READERS.roles,
        description="How often each agency attended the partnership's meetings, with statutory "
        "partners below the expected rate flagged.",
        in_header=False,
    )
)


def can_manage(request) -> bool:
    return request.user.role in MANAGERS.roles


@declare(READERS)
def meetings(request):
    form = MeetingFilterForm(request.GET or None)
    rows = (
        Meeting.objects.select_related("body")
        .annotate(
            paper_count=Count("papers", distinct=True),
            expected=Count("attendances", distinct=True),
            attended=Count(
                "attendances", filter=Q(attendances__status__in=ATTENDED), distinct=True
            ),
        )
        .order_by("-held_on", "-pk")
    )
    if form.is_valid() and form.cleaned_data["body"]:
        rows = rows.filter(body=form.cleaned_data["body"])
    return render(
        request,
        "partnership/meetings/meeting_list.html",
        {"form": form, "page": paginate(request, rows), "can_manage": can_manage(request)},
    )


@declare(READERS)
def meeting(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    register = list(
        meeting.attendances.select_related("person", "agency").order_by(
            "agency__name", "person__full_name", "pk"
        )
    )
    return render(
        request,
        "partnership/meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": [line.strip() for line in meeting.agenda.splitlines() if line.strip()],
            "minutes": paragraphs(meeting.minutes),
            "papers": meeting.papers.order_by("title", "pk"),
            "register": register,
            "attended": sum(row.status in ATTENDED for row in register),
            "can_manage": can_manage(request),
        },
    )


@declare(MANAGERS)
def meeting_create(request):
    return _meeting_form(request, Meeting())


@declare(MANAGERS)
def meeting_edit(request, pk):
    return _meeting_form(request, get_object_or_404(Meeting.objects.select_related("body"), pk=pk))


def _meeting_form(request, meeting):
    adding = meeting.pk is None
    # The form writes what was typed into the instance: keep the saved name for the heading.
    saved_name = "" if adding else str(meeting)
    form = MeetingForm(posted(request), instance=meeting)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_save(meeting=meeting, **form.cleaned_data)
        messages.success(request, "Meeting added" if adding else "Meeting updated")
        return redirect("portal:meeting", pk=meeting.pk)
    return render(
        request,
        "partnership/meetings/meeting_form.html",
        {"form": form, "meeting": None if adding else meeting, "saved_name": saved_name},
    )


@declare(MANAGERS)
def meeting_paper_add(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    form = MeetingPaperForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        paper = services.meeting_paper_add(meeting=meeting, **form.cleaned_data)
        messages.success(request, f"Paper ‘{paper.title}’ added")
        return redirect("portal:meeting", pk=meeting.pk)
    return render(
        request, "partnership/meetings/paper_form.html", {"form": form, "meeting": meeting}
    )


@declare(READERS)
def meeting_paper(request, pk):
    """Papers are served only through this view, to the roles that may read meetings: the
    media folder is never published."""
    paper = get_object_or_404(MeetingPaper, pk=pk)
    response = stored_file_response(paper.file, filename=slugify(paper.title) or "paper")
    audit_export(request, paper, summary=f"Meeting paper, {response.filename}")
    return response


@declare(MANAGERS)
def meeting_attendance(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    recorded = {row.person_id: row for row in meeting.attendances.all()}
    form = AttendanceRegisterForm(
        posted(request), people=services.register_people(meeting), recorded=recorded
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(meeting=meeting, entries=form.entries())
        except ValidationError as error:
            # Someone changed the memberships since the form was drawn; nothing was saved.
            form.add_error(None, error)
        else:
            messages.success(request, "Register saved")
            return redirect("portal:meeting", pk=meeting.pk)
    return render(
        request, "partnership/meetings/attendance_form.html", {"form": form, "meeting": meeting}
    )


@declare(READERS)
def attendance(request):
    # Not paginated: agencies number in the dozens, and the period's evidence belongs on one
    # page for the scrutineer.
    form = AttendancePeriodForm(request.GET)
    rates = None
    if form.is_valid():
        rates = services.attendance_rates(
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            body=form.cleaned_data["body"],
        )
    return render(
        request,
        "partnership/meetings/attendance_rates.html",
        {
            "form": form,
            "rates": rates,
            "threshold": settings.ATTENDANCE_THRESHOLD_PERCENT,
        },
    )
