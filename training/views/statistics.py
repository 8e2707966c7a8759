"""The programme's statistics for an academic year, beside the year before: for the business
unit, which reports them to the partnership each January, the scrutineer and partner leads.
No record here belongs to one agency: roles decide."""

from django.db.models import Max, Min
from django.shortcuts import render
from django.utils import timezone

from partnership.access import declare, roles
from partnership.models import Role
from partnership.navigation import PortalLink, register

from ..forms.statistics import AcademicYearForm
from ..models import Session
from ..services.statistics import AcademicYear, academic_year_of, year_statistics

READ = roles(Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.PARTNER_LEAD)

register(
    PortalLink(
        "Training statistics",
        "training_staff:statistics",
        READ.roles,
        description="Each academic year’s sessions, bookings against the year before, "
        "attendance by course and agency, and what attendees said of the training.",
        in_header=False,
    )
)


def _years() -> list[AcademicYear]:
    """The academic years with sessions, newest first, and always the current one."""
    current = academic_year_of(timezone.localdate())
    span = Session.objects.aggregate(first=Min("starts_at"), last=Max("starts_at"))
    first = academic_year_of(timezone.localdate(span["first"])) if span["first"] else current
    last = academic_year_of(timezone.localdate(span["last"])) if span["last"] else current
    first, last = min(first, current), max(last, current)
    return [AcademicYear(start) for start in range(last.start_year, first.start_year - 1, -1)]


@declare(READ)
def statistics(request):
    years = _years()
    current = academic_year_of(timezone.localdate())
    form = AcademicYearForm(
        request.GET if "year" in request.GET else None,
        years=years,
        initial={"year": current.start_year},
    )
    year = AcademicYear(form.cleaned_data["year"]) if form.is_valid() else current
    return render(
        request,
        "training/statistics.html",
        {
            "form": form,
            "year": year,
            "figures": year_statistics(year),
            "before": year_statistics(year.previous),
            "is_current": year == current,
        },
    )
