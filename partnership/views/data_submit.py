"""An agency lead's figures for the multi-agency data set: the quarters due, a quarter's figures
entered or imported from a file and then submitted, and a submitted figure corrected with a
reason. Figures are entered first and submitted together, so the partnership reads a quarter
only once the agency says it is complete."""

import datetime

import tablib
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from .. import services
from ..access import declare, roles
from ..forms.data_submit import CorrectionForm, QuarterFiguresForm, shown
from ..forms.people import SpreadsheetUploadForm
from ..models import Frequency, Indicator, IndicatorValue, Role
from ..navigation import PortalLink, register
from ..resources import escape_formula
from ..resources_data import COLUMNS, PERIOD_HELP
from ..services.audit import actor_of, audit_export
from ..services.dataset import last_ended_period, period_end, recent_periods
from . import download, export_format, posted
from .pending import PendingUpload

LEAD = roles(Role.AGENCY_LEAD)
CORRECTORS = roles(Role.BUSINESS_UNIT, Role.AGENCY_LEAD)
PENDING = PendingUpload("pending_data_import")
# The submission page lists the last ended quarter and the three before it.
QUARTERS_SHOWN = 4

register(
    PortalLink(
        "Your agency’s data",
        "portal:data_submit",
        LEAD.roles,
        description="The figures your agency owes the partnership’s multi-agency data set each "
        "quarter: enter or import them, submit them, and correct a submitted one.",
        in_header=False,
    )
)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def recent_quarters(today: datetime.date) -> list[datetime.date]:
    """The last ended quarter and the three before it, latest first."""
    last = last_ended_period(Frequency.QUARTERLY, today)
    return recent_periods(Frequency.QUARTERLY, last, QUARTERS_SHOWN)[::-1]


def data_notice(user, today: datetime.date) -> dict | None:
    """What the agency lead's dashboard says about figures due or late, in two queries."""
    if user.role != Role.AGENCY_LEAD or not user.agency_id:
        return None
    quarters = recent_quarters(today)
    found = services.quarter_figures(agency=user.agency, quarters=quarters, today=today)
    latest = quarters[0]
    due = [f for f in found[latest] if not f.is_submitted and not f.is_late]
    late = [f for quarter in quarters for f in found[quarter] if f.is_late]
    if not due and not late:
        return None
    return {
        "quarter": latest,
        "quarter_name": services.period_label(Frequency.QUARTERLY, latest).split(" (")[0],
        "due": _plural(len(due), "figure") if due else "",
        "due_verb": "is" if len(due) == 1 else "are",
        "due_on": services.due_on(Frequency.QUARTERLY, latest),
        "late": _plural(len(late), "figure") if late else "",
        "late_verb": "is" if len(late) == 1 else "are",
    }


@declare(LEAD)
def data_submit(request):
    today = timezone.localdate()
    agency = request.user.agency
    quarters = recent_quarters(today)
    found = services.quarter_figures(agency=agency, quarters=quarters, today=today)
    late = services.late_figures(today=today, agency=agency)
    rows = []
    for quarter in quarters:
        figures = found[quarter]
        rows.append(
            {
                "quarter": quarter,
                "label": services.period_label(Frequency.QUARTERLY, quarter),
                "due_on": services.due_on(Frequency.QUARTERLY, quarter),
                "due": len(figures),
                "entered": sum(f.is_entered for f in figures),
                "submitted": sum(f.is_submitted for f in figures),
                "late": sum(
                    quarter <= f.period_start <= period_end(Frequency.QUARTERLY, quarter)
                    for f in late
                ),
            }
        )
    # Late figures from before the quarters listed still need submitting.
    earliest = quarters[-1]
    older = [f for f in late if f.period_start < earliest]
    return render(
        request,
        "partnership/data/submit.html",
        {
            "agency": agency,
            "rows": rows,
            "older": older,
            "submission_days": settings.DATA_SUBMISSION_DAYS,
        },
    )


def _quarter(quarter: datetime.date, today: datetime.date) -> datetime.date:
    # A quarter still running has no figures due yet.
    if period_end(Frequency.QUARTERLY, quarter) >= today:
        raise Http404("That quarter has not ended")
    return quarter


@declare(LEAD)
def data_submit_quarter(request, quarter):
    today = timezone.localdate()
    quarter = _quarter(quarter, today)
    agency = request.user.agency
    figures = services.quarter_figures(agency=agency, quarters=[quarter], today=today)[quarter]
    form = QuarterFiguresForm(posted(request), figures=figures)
    label = services.period_label(Frequency.QUARTERLY, quarter)
    refused = False
    submitting = "submit" in request.POST
    if request.method == "POST" and form.is_valid() and not (submitting or form.entries()):
        form.add_error(None, "Enter at least one figure to save")
    elif request.method == "POST" and form.is_valid():
        actor = actor_of(request)
        try:
            # Saving and submitting are one: a quarter refused for a missing figure keeps
            # nothing of this attempt, as the agency lead was told.
            with transaction.atomic():
                saved = services.values_enter(actor=actor, figures=form.entries())
                if submitting:
                    count = services.values_submit(
                        actor=actor, agency=agency, quarter_start=quarter
                    )
        except ValidationError as error:
            form.add_error(None, error)
            refused = submitting
        else:
            if submitting:
                messages.success(
                    request,
                    f"{_plural(count, 'figure')} submitted for {label}. The partnership’s "
                    "dashboard and exception report now show them.",
                )
            else:
                messages.success(
                    request,
                    f"{_plural(len(saved), 'figure')} saved for {label}. Submit the quarter "
                    "once every figure is in.",
                )
            return redirect("portal:data_submit_quarter", quarter=quarter)
    return render(
        request,
        "partnership/data/submit_quarter.html",
        {
            "agency": agency,
            "quarter": quarter,
            "label": label,
            "due_on": services.due_on(Frequency.QUARTERLY, quarter),
            "form": form,
            "figures": figures,
            "submitted": [f for f in figures if f.is_submitted],
            "refused": refused,
        },
    )


@declare(LEAD)
def data_import(request):
    form = SpreadsheetUploadForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid() and PENDING.keep_upload(request, form):
        return redirect("portal:data_import_preview")
    indicators = Indicator.objects.owned_by(request.user).active()
    return render(
        request,
        "partnership/data/import_form.html",
        {
            "form": form,
            "columns": COLUMNS,
            "period_help": PERIOD_HELP,
            "indicators": indicators,
            "quarter_label": services.period_label(
                Frequency.QUARTERLY, recent_quarters(timezone.localdate())[0]
            ),
        },
    )


@declare(LEAD)
def data_import_preview(request):
    """GET shows what the file would do (a dry run, repeated so it reflects the figures as they
    are now); POST enters the figures, all or nothing."""
    found = PENDING.get(request)
    if found is None:
        return render(request, "partnership/data/import_preview.html", {"pending": None})
    pending, content = found
    result = services.values_import(
        actor=actor_of(request),
        agency=request.user.agency,
        content=content,
        file_format=pending["file_format"],
        dry_run=request.method != "POST",
    )
    if result.outcome.applied:
        PENDING.forget(request)
        count = len(result.outcome.rows)
        messages.success(
            request,
            f"{pending['filename']} imported: {_plural(count, 'figure')} entered, not yet "
            "submitted. Check them and submit the quarter.",
        )
        if len(result.quarters) == 1:
            return redirect("portal:data_submit_quarter", quarter=result.quarters[0])
        return redirect("portal:data_submit")
    return render(
        request,
        "partnership/data/import_preview.html",
        {
            "pending": pending,
            "outcome": result.outcome,
            "quarters": [
                services.period_label(Frequency.QUARTERLY, quarter) for quarter in result.quarters
            ],
        },
    )


@declare(LEAD)
def data_import_template(request):
    """A file to fill in: a row for each figure of the agency due in the quarter (the latest
    ended one, or ?quarter=2025-04-01) and not yet submitted, with any figure entered."""
    today = timezone.localdate()
    quarter = recent_quarters(today)[0]
    if "quarter" in request.GET:
        try:
            quarter = datetime.date.fromisoformat(request.GET["quarter"])
        except ValueError:
            raise Http404("Choose a quarter by its first day, like 2025-04-01") from None
        if services.period_of(Frequency.QUARTERLY, quarter) != quarter:
            raise Http404("Choose a quarter by its first day, like 2025-04-01")
        _quarter(quarter, today)
    figures = services.quarter_figures(agency=request.user.agency, quarters=[quarter], today=today)[
        quarter
    ]
    dataset = tablib.Dataset(headers=list(COLUMNS))
    for figure in figures:
        if figure.is_submitted:
            continue
        dataset.append(
            [
                escape_formula(figure.indicator.name),
                figure.period_start.isoformat(),
                shown(figure.value.value) if figure.value else "",
                escape_formula(figure.value.note) if figure.value else "",
            ]
        )
    export = services.export_file(
        dataset, file_format=export_format(request), stem=f"figures-{quarter.isoformat()}"
    )
    audit_export(
        request,
        request.user.agency,
        summary=f"Figures to send for the quarter from {quarter.isoformat()}, {export.filename}",
    )
    return download(export)


def _add_errors(form, error: ValidationError) -> None:
    """A service's errors on the form: on the field they name where the form has it, else
    above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, problems in error.message_dict.items():
        form.add_error(key if key in form.fields else None, problems)


@declare(CORRECTORS)
def data_value_correct(request, pk):
    # The business unit corrects any figure; an agency lead only their own agency's.
    values = IndicatorValue.objects.for_user(request.user).submitted()
    if request.user.role == Role.AGENCY_LEAD:
        values = values.filter(indicator__in=Indicator.objects.owned_by(request.user))
    value = get_object_or_404(values.select_related("indicator", "indicator__agency"), pk=pk)
    indicator = value.indicator
    form = CorrectionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.value_correct(
                actor=actor_of(request),
                value=value,
                corrected=form.cleaned_data["corrected"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"{indicator} for {services.period_label(indicator.frequency, value.period_start)} "
                f"corrected from {shown(value.value)} to {shown(form.cleaned_data['corrected'])}",
            )
            return redirect(reverse("portal:data_indicator", kwargs={"pk": indicator.pk}))
    return render(
        request,
        "partnership/data/correct_form.html",
        {
            "form": form,
            "value": value,
            "indicator": indicator,
            "label": services.period_label(indicator.frequency, value.period_start),
            "shown": shown(value.value),
            "corrections": [
                {
                    "corrected_at": correction.corrected_at,
                    "corrected_by": correction.corrected_by,
                    "previous_shown": shown(correction.previous),
                    "corrected_shown": shown(correction.corrected),
                    "reason": correction.reason,
                }
                for correction in value.corrections.select_related("corrected_by")
            ],
            "quarter": services.period_of(Frequency.QUARTERLY, value.period_start),
            "is_lead": request.user.role == Role.AGENCY_LEAD,
        },
    )
