"""The multi-agency data set's dashboard and its indicators: each indicator's trend over its
last eight periods, drawn on the server, and the business unit's pages to define them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from .. import services
from ..access import declare, roles
from ..charts import trend_chart
from ..forms.data import DashboardFilterForm, IndicatorForm, indicator_fields
from ..models import Indicator, IndicatorValue, Role, ValueCorrection
from ..navigation import PortalLink, register
from ..services.audit import actor_of
from ..services.dataset import figure_text
from . import paginate, paragraphs, posted

# Agency leads read their own agency's indicators and the shared ones (Indicator.for_user);
# practitioners none.
READERS = roles(Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.PARTNER_LEAD, Role.AGENCY_LEAD)
MANAGERS = roles(Role.BUSINESS_UNIT)
# Periods on each chart: two years of quarters.
TREND_PERIODS = 8

register(
    PortalLink(
        "Data",
        "portal:data_dashboard",
        READERS.roles,
        description="The multi-agency data set: each indicator's trend over the last two "
        "years, against its threshold.",
    )
)


def _readable(user):
    return Indicator.objects.for_user(user).select_related("agency", "priority")


# Each chart with its table is drawn on the server (about 3 ms and 9 kB each): ten a page keep
# the dashboard within the time of the portal's other pages (bench/load_pages.py measured 25
# a page at 4.7 times the home page's p95), and ten charts are as many as a reader takes in.
CHARTS_PER_PAGE = 10


def _trends(indicators, today):
    """Each indicator with its chart, the figures fetched in one query for them all."""
    found = services.series(indicators, today=today, count=TREND_PERIODS)
    return [(indicator, trend_chart(indicator, found[indicator.pk])) for indicator in indicators]


@declare(READERS)
def data_dashboard(request):
    readable = Indicator.objects.for_user(request.user).active()
    form = DashboardFilterForm(request.GET or None, indicators=readable)
    page = paginate(
        request,
        form.apply(readable.select_related("agency", "priority")).order_by("position", "name"),
        per_page=CHARTS_PER_PAGE,
    )
    indicators = list(page.object_list)
    return render(
        request,
        "partnership/data/dashboard.html",
        {
            "form": form,
            "filtered": form.in_force(),
            "page": page,
            "trends": _trends(indicators, timezone.localdate()),
            "can_manage": request.user.role in MANAGERS.roles,
        },
    )


@declare(READERS)
def data_indicators(request):
    page = paginate(request, _readable(request.user).order_by("-is_active", "position", "name"))
    return render(
        request,
        "partnership/data/indicator_list.html",
        {
            "page": page,
            "rows": [(indicator, _threshold_text(indicator)) for indicator in page.object_list],
            "can_manage": request.user.role in MANAGERS.roles,
        },
    )


def _threshold_text(indicator) -> str:
    if indicator.threshold is None:
        return "None"
    return figure_text(indicator.threshold, indicator.unit)


@declare(READERS)
def data_indicator(request, pk):
    indicator = get_object_or_404(_readable(request.user), pk=pk)
    figures = (
        IndicatorValue.objects.submitted()
        .filter(indicator=indicator)
        .select_related("submitted_by")
        .prefetch_related(
            Prefetch(
                "corrections",
                queryset=ValueCorrection.objects.select_related("corrected_by"),
            )
        )
        .order_by("-period_start")
    )
    unit = indicator.unit
    rows = [
        {
            "value": value,
            "label": services.period_label(indicator.frequency, value.period_start),
            "figure": figure_text(value.value, unit),
            "outside": indicator.is_exception(value.value),
            "corrections": [
                {
                    "correction": correction,
                    "previous": figure_text(correction.previous, unit),
                    "corrected": figure_text(correction.corrected, unit),
                }
                for correction in value.corrections.all()
            ],
        }
        for value in figures
    ]
    user = request.user
    return render(
        request,
        "partnership/data/indicator_detail.html",
        {
            "indicator": indicator,
            "definition": paragraphs(indicator.definition),
            "threshold": _threshold_text(indicator),
            "chart": _trends([indicator], timezone.localdate())[0][1],
            "rows": rows,
            "can_manage": user.role in MANAGERS.roles,
            # The business unit and the owning agency's lead correct a submitted figure.
            "can_correct": user.role in MANAGERS.roles
            or (user.role == Role.AGENCY_LEAD and user.agency_id == indicator.agency_id),
        },
    )


@declare(MANAGERS)
def data_indicator_create(request):
    return _indicator_form(request, Indicator())


@declare(MANAGERS)
def data_indicator_edit(request, pk):
    return _indicator_form(request, get_object_or_404(Indicator, pk=pk))


def _indicator_form(request, indicator):
    adding = indicator.pk is None
    # The form writes what was typed into the instance: keep the saved name for the heading.
    saved_name = indicator.name
    form = IndicatorForm(posted(request), instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_save(
                actor=actor_of(request), indicator=indicator, **indicator_fields(form)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Indicator added" if adding else "Indicator updated")
            return redirect("portal:data_indicator", pk=indicator.pk)
    return render(
        request,
        "partnership/data/indicator_form.html",
        {"form": form, "indicator": None if adding else indicator, "saved_name": saved_name},
    )
