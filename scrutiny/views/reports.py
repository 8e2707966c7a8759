"""The yearly report: the business unit writes and arranges it, the partner leads sign it off,
a background job renders its PDF, and the business unit publishes it. The scrutineer and the
partner leads read every page of it. No report belongs to one agency, so roles decide access."""

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partnership.access import declare, roles
from partnership.models import Role
from partnership.navigation import PortalLink, register
from partnership.services.audit import audit_export
from partnership.uploads import stored_file_response
from partnership.views import paginate, posted

from ..forms.reports import DecisionForm, ReportForm, SectionAddForm, SectionForm
from ..models import RenderJob, ReportSection, ReportStatus, YearlyReport
from ..report.document import document_context
from ..services import reports as report_services

READERS = roles(Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.PARTNER_LEAD)
EDITORS = roles(Role.BUSINESS_UNIT)
SIGNERS = roles(Role.PARTNER_LEAD)

register(
    PortalLink(
        "Yearly reports",
        "scrutiny:reports",
        READERS.roles,
        description="The partnership’s yearly report, assembled from the records: write the "
        "narrative, preview it, sign it off, make the PDF and publish it.",
    )
)


def _report(pk) -> YearlyReport:
    return get_object_or_404(YearlyReport, pk=pk)


def _section(pk) -> ReportSection:
    return get_object_or_404(ReportSection.objects.select_related("report"), pk=pk)


def _back_to(report: YearlyReport, anchor: str = ""):
    return redirect(reverse("scrutiny:report", args=[report.pk]) + (f"#{anchor}" if anchor else ""))


@declare(READERS)
def report_list(request):
    page = paginate(request, YearlyReport.objects.all())
    return render(
        request,
        "scrutiny/report/list.html",
        {"page": page, "can_edit": request.user.role in EDITORS.roles},
    )


@declare(EDITORS)
def report_create(request):
    form = ReportForm(posted(request))
    if request.method == "POST" and form.is_valid():
        report = report_services.report_create(**form.cleaned_data)
        messages.success(request, f"“{report.title}” created with the usual sections")
        return redirect("scrutiny:report", pk=report.pk)
    return render(request, "scrutiny/report/form.html", {"form": form, "report": None})


@declare(EDITORS)
def report_edit(request, pk):
    report = _report(pk)
    form = ReportForm(posted(request), instance=YearlyReport.objects.get(pk=report.pk))
    if request.method == "POST" and form.is_valid():
        try:
            report_services.report_details_save(report=report, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The title and period are saved")
            return redirect("scrutiny:report", pk=report.pk)
    return render(request, "scrutiny/report/form.html", {"form": form, "report": report})


@declare(READERS)
def report_detail(request, pk):
    report = _report(pk)
    sections = list(report.sections.order_by("position", "pk"))
    decisions = report_services.current_sign_offs(report)
    partners = [(label, decisions.get(kind)) for kind, label in report_services.partner_choices()]
    jobs = list(report.render_jobs.select_related("requested_by")[:5])
    user_kind = report_services.partner_kind_of(request.user)
    return render(
        request,
        "scrutiny/report/detail.html",
        {
            "report": report,
            "chapters": [s for s in sections if not s.is_appendix],
            "appendices": [s for s in sections if s.is_appendix],
            "partners": partners,
            "history": report.sign_offs.exclude(revision=report.revision).select_related("user")[
                :10
            ],
            "jobs": jobs,
            "latest_pdf": report_services.latest_pdf(report),
            "can_edit": request.user.role in EDITORS.roles,
            "can_decide": user_kind is not None
            and report.status in {ReportStatus.AWAITING_SIGN_OFF, ReportStatus.SIGNED_OFF},
            "all_approved": report_services.all_partners_approved(report, decisions),
        },
    )


@declare(READERS)
def report_preview(request, pk):
    report = _report(pk)
    return render(
        request,
        "scrutiny/report/preview.html",
        document_context(report, mode="screen"),
    )


# Sections


@declare(EDITORS)
def section_edit(request, pk):
    section = _section(pk)
    form = SectionForm(posted(request), instance=ReportSection.objects.get(pk=section.pk))
    if request.method == "POST" and form.is_valid():
        report_services.section_save(section=section, **form.cleaned_data)
        messages.success(request, f"“{section.title}” saved")
        return _back_to(section.report, f"row-{section.pk}")
    return render(request, "scrutiny/report/section_form.html", {"form": form, "section": section})


@declare(EDITORS)
def section_add(request, pk):
    report = _report(pk)
    form = SectionAddForm(posted(request))
    if request.method == "POST" and form.is_valid():
        section = report_services.section_add(report=report, **form.cleaned_data)
        messages.success(request, f"“{section.title}” added")
        return _back_to(report, f"row-{section.pk}")
    return render(request, "scrutiny/report/section_add.html", {"form": form, "report": report})


@declare(EDITORS)
@require_POST
def section_move(request, pk):
    section = _section(pk)
    report_services.section_move(section=section, up=request.POST.get("direction") == "up")
    return _back_to(section.report, f"row-{section.pk}")


@declare(EDITORS)
@require_POST
def section_visibility(request, pk):
    section = _section(pk)
    hidden = request.POST.get("hidden") == "true"
    report_services.section_set_hidden(section=section, hidden=hidden)
    messages.success(
        request, f"“{section.title}” is {'hidden from' if hidden else 'shown in'} the report"
    )
    return _back_to(section.report, f"row-{section.pk}")


@declare(EDITORS)
def section_delete(request, pk):
    section = _section(pk)
    if not section.is_narrative:
        raise Http404("A generated section is hidden, not deleted")
    if request.method == "POST":
        report_services.section_delete(section=section)
        messages.success(request, f"“{section.title}” deleted")
        return _back_to(section.report)
    return render(request, "scrutiny/report/section_delete.html", {"section": section})


# Sign-off


@declare(EDITORS)
def report_send(request, pk):
    report = _report(pk)
    error = None
    if request.method == "POST":
        try:
            report_services.report_send_for_sign_off(report=report)
        except report_services.ReportStateError as problem:
            error = str(problem)
        else:
            messages.success(request, "The report is with the statutory partners for sign-off")
            return redirect("scrutiny:report", pk=report.pk)
    return render(request, "scrutiny/report/send.html", {"report": report, "error": error})


@declare(SIGNERS)
def report_decide(request, pk):
    report = _report(pk)
    form = DecisionForm(posted(request))
    kind = report_services.partner_kind_of(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            report_services.report_decide(report=report, user=request.user, **form.cleaned_data)
        except report_services.ReportStateError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your decision is recorded")
            return redirect("scrutiny:report", pk=report.pk)
    return render(
        request,
        "scrutiny/report/decide.html",
        {"form": form, "report": report, "partner": report_services.partner_label(kind)},
    )


# The PDF


@declare(EDITORS)
@require_POST
def render_start(request, pk):
    report = _report(pk)
    job = report_services.render_request(report=report, user=request.user)
    return redirect("scrutiny:render_job", pk=job.pk)


@never_cache
@declare(READERS)
def render_job(request, pk):
    job = get_object_or_404(RenderJob.objects.select_related("report"), pk=pk)
    return render(request, "scrutiny/report/job.html", {"job": job, "report": job.report})


@never_cache
@declare(READERS)
def render_job_status(request, pk):
    """The job's state for the page that waits on it, which asks every two seconds."""
    job = get_object_or_404(RenderJob.objects.select_related("report"), pk=pk)
    html = render_to_string(
        "scrutiny/report/_job_state.html", {"job": job, "report": job.report}, request=request
    )
    return JsonResponse({"state": job.state, "finished": job.is_finished, "html": html})


@declare(READERS)
def render_job_download(request, pk):
    job = get_object_or_404(RenderJob.objects.select_related("report"), pk=pk)
    if not job.file:
        raise Http404("This PDF has not been made")
    # Until it is published the PDF is a draft of the partnership's report: kept out of caches.
    response = stored_file_response(job.file, filename=PurePath(job.file.name).stem)
    audit_export(request, job.report, summary=f"Report PDF, {response.filename}")
    return response


# Publishing


@declare(EDITORS)
def report_publish(request, pk):
    report = _report(pk)
    error = None
    if request.method == "POST":
        try:
            report = report_services.report_publish(report=report, user=request.user)
        except report_services.ReportStateError as problem:
            error = str(problem)
        else:
            messages.success(request, "The report is published on the public site")
            return redirect("scrutiny:report", pk=report.pk)
    return render(
        request,
        "scrutiny/report/publish.html",
        {
            "report": report,
            "error": error,
            "latest_pdf": report_services.latest_pdf(report),
            "all_approved": report_services.all_partners_approved(report),
        },
    )
