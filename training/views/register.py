"""A session's register (marked by the business unit, printed as a sign-in sheet, downloaded
as CSV) and the charges that follow from bookings: the list, waiving one, and each agency's
statement for a period. Agency leads see their own agency's charges only: the queryset is
scoped (training.services.charges.charges_for_user), so another agency's charge is a 404."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from partnership.access import declare, roles
from partnership.models import Role
from partnership.navigation import PortalLink, register
from partnership.services.audit import audit_export
from partnership.templatetags.portal import pounds
from partnership.views import download, export_format, paginate, posted

from ..forms.register import ChargeFilterForm, ChargeWaiveForm, RegisterForm, StatementForm
from ..models import Charge, Session
from ..services.attendance import (
    AttendanceError,
    mark_label,
    register_bookings,
    register_export,
    register_mark,
    register_open,
    sign_in_sheet_filename,
    sign_in_sheet_pdf,
)
from ..services.charges import (
    ChargeError,
    charge_waive,
    charges_for_user,
    charges_statement,
    charges_statement_export,
)

MARKERS = roles(Role.BUSINESS_UNIT)
CHARGE_READERS = roles(Role.BUSINESS_UNIT, Role.AGENCY_LEAD)

register(
    PortalLink(
        "Training charges",
        "training_staff:charges",
        CHARGE_READERS.roles,
        description="Charges for places on courses, late cancellations and non-attendance, "
        "by agency, with each agency’s statement for a period.",
    )
)


def _session(pk) -> Session:
    return get_object_or_404(Session.objects.select_related("course"), pk=pk)


def _crumbs(*links: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Dashboard", reverse("portal:dashboard")), *links]


# The register


@declare(MARKERS)
def register_page(request, pk):
    session = _session(pk)
    bookings = list(register_bookings(session))
    is_open = register_open(session)
    form = RegisterForm(posted(request), bookings=bookings) if is_open and bookings else None
    if form is not None and request.method == "POST" and form.is_valid():
        marks, left_early = form.marks()
        try:
            done = register_mark(
                session=session, marks=marks, left_early=left_early, by=request.user
            )
        except AttendanceError as error:
            # Someone cancelled or was moved since the page was drawn; nothing was saved.
            form.add_error(None, error)
        else:
            raised = len(done.raised)
            charged = f"{raised} charge{'s' if raised != 1 else ''} raised" if raised else ""
            messages.success(request, "Register saved" + (f": {charged}" if charged else ""))
            return redirect("training_staff:register", pk=session.pk)
    for booking in bookings:
        booking.mark = mark_label(booking)
    charges = (
        Charge.objects.filter(booking__session=session)
        .select_related("booking", "agency")
        .order_by("booking__attendee_name", "kind", "pk")
    )
    session_url = reverse("training_staff:session", args=[session.pk])
    return render(
        request,
        "training/register.html",
        {
            "session": session,
            "bookings": bookings,
            "is_open": is_open,
            "form": form,
            "charges": charges,
            "session_url": session_url,
            "late_charge": settings.TRAINING_LATE_CHARGE,
            "links": _crumbs(
                ("Training sessions", reverse("training_staff:sessions")),
                (str(session), session_url),
            ),
        },
    )


@declare(MARKERS)
def sign_in_sheet(request, pk):
    session = _session(pk)
    response = HttpResponse(sign_in_sheet_pdf(session), content_type="application/pdf")
    filename = sign_in_sheet_filename(session)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    audit_export(request, session, summary=f"Sign-in sheet, {filename}")
    # Names and agencies of the attendees: not for a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


@declare(MARKERS)
def register_csv(request, pk):
    session = _session(pk)
    export = register_export(session=session, file_format="csv")
    audit_export(request, session, summary=f"Register, {export.filename}")
    response = download(export)
    response["Cache-Control"] = "private, no-store"
    return response


# Charges


@declare(CHARGE_READERS)
def charge_list(request):
    visible = charges_for_user(request.user)
    filters = ChargeFilterForm(request.GET or None, user=request.user)
    charges = filters.apply(visible).order_by("-raised_on", "-pk")
    page = paginate(request, charges)
    due = charges.filter(waived_at__isnull=True).aggregate(total=Sum("amount"))["total"]
    return render(
        request,
        "training/charges.html",
        {
            "filters": filters,
            "filtered": filters.in_force(),
            "page": page,
            "charges": page.object_list,
            "due": due,
            "may_waive": request.user.role == Role.BUSINESS_UNIT,
            "own_agency": request.user.agency if request.user.role == Role.AGENCY_LEAD else None,
        },
    )


@declare(CHARGE_READERS)
def charge_detail(request, pk):
    charge = get_object_or_404(charges_for_user(request.user), pk=pk)
    return render(
        request,
        "training/charge.html",
        {
            "charge": charge,
            "may_waive": request.user.role == Role.BUSINESS_UNIT and not charge.is_waived,
            "may_see_register": request.user.role == Role.BUSINESS_UNIT,
            "links": _crumbs(("Training charges", reverse("training_staff:charges"))),
        },
    )


@declare(MARKERS)
def charge_waive_page(request, pk):
    """Waiving asks for the reason on a page of its own, which is the confirmation."""
    charge = get_object_or_404(charges_for_user(request.user), pk=pk)
    if charge.is_waived:
        messages.info(request, "This charge is already waived")
        return redirect("training_staff:charge", pk=charge.pk)
    form = ChargeWaiveForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            charge_waive(charge=charge, reason=form.cleaned_data["reason"], by=request.user)
        except ChargeError as error:
            # Waived by someone else since the page was drawn.
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"The {pounds(charge.amount)} charge to {charge.agency} for "
                f"{charge.booking.attendee_name} is waived",
            )
            return redirect("training_staff:charge", pk=charge.pk)
    return render(
        request,
        "training/charge_waive.html",
        {
            "charge": charge,
            "form": form,
            "links": _crumbs(
                ("Training charges", reverse("training_staff:charges")),
                (
                    f"{charge.get_kind_display()}: {charge.booking.attendee_name}",
                    reverse("training_staff:charge", args=[charge.pk]),
                ),
            ),
        },
    )


def _statement(request):
    """The statement form and, when it is valid, the statement it asks for: an agency lead's
    own agency only, whatever the request says."""
    form = StatementForm(request.GET, user=request.user)
    if not form.is_valid():
        return form, None
    if request.user.role == Role.AGENCY_LEAD:
        if request.user.agency is None:
            raise Http404("No agency")
        agency = request.user.agency
    else:
        agency = form.cleaned_data.get("agency")
    statement = charges_statement(
        start=form.cleaned_data["start"], end=form.cleaned_data["end"], agency=agency
    )
    return form, statement


@declare(CHARGE_READERS)
def statement_page(request):
    form, statement = _statement(request)
    query = {}
    if statement is not None:
        query = {key: value for key, value in form.data.items() if key not in ("submit", "page")}
    return render(
        request,
        "training/charges_statement.html",
        {
            "form": form,
            "statement": statement,
            "csv_query": urlencode({**query, "format": "csv"}),
            "xlsx_query": urlencode({**query, "format": "xlsx"}),
            "charges_query": urlencode(_charges_filters(statement)) if statement else "",
            "links": _crumbs(("Training charges", reverse("training_staff:charges"))),
        },
    )


def _charges_filters(statement) -> dict:
    """The charges list's filters for the statement's period (and agency), to see the charges
    behind it."""
    filters = {
        "start_0": statement.start.day,
        "start_1": statement.start.month,
        "start_2": statement.start.year,
        "end_0": statement.end.day,
        "end_1": statement.end.month,
        "end_2": statement.end.year,
    }
    if statement.agency is not None:
        filters["agency"] = statement.agency.pk
    return filters


@declare(CHARGE_READERS)
def statement_download(request):
    file_format = export_format(request)
    form, statement = _statement(request)
    if statement is None:
        # The page shows what is wrong with the period.
        query = request.GET.copy()
        query.pop("format", None)
        return redirect(f"{reverse('training_staff:charges_statement')}?{query.urlencode()}")
    export = charges_statement_export(statement=statement, file_format=file_format)
    audit_export(request, statement.agency, summary=f"Statement of charges, {export.filename}")
    response = download(export)
    response["Cache-Control"] = "private, no-store"
    return response
