"""The exception report for the access and browser checks: the latest ended quarter with one
indicator above its threshold, one worsening two quarters running and one with no figure, so
the page is drawn in full."""

from django.utils import timezone

from partnership import services
from partnership.models import Frequency, GoodDirection, Indicator

from ..factories import IndicatorFactory, IndicatorValueFactory, PriorityFactory


def _report(cast):
    # The access test asks for every URL in one test: make the records once.
    if Indicator.objects.filter(name="Children in temporary accommodation").exists():
        return {}
    latest = services.ended_quarters(timezone.localdate())[0]
    quarters = services.data_exports.recent_periods(Frequency.QUARTERLY, latest, 3)
    priority = PriorityFactory(area="A suitable home for every child")
    rows = [
        ("Children in temporary accommodation", [4200, 4350, 4442], 4300, GoodDirection.DOWN),
        ("Health assessments on time", [92, 88, 84], 80, GoodDirection.UP),
        ("Missing episodes", [60, 58, None], None, GoodDirection.DOWN),
    ]
    for name, figures, threshold, direction in rows:
        indicator = IndicatorFactory(
            name=name,
            agency=cast["agency_lead_a"].agency,
            threshold=threshold,
            good_direction=direction,
            priority=priority,
        )
        for start, value in zip(quarters, figures, strict=True):
            if value is not None:
                IndicatorValueFactory(indicator=indicator, period_start=start, value=value)
    return {}


EXAMPLES = {
    "portal:data_exceptions": _report,
    "portal:data_exceptions_export": _report,
}
NOT_HTML = {"portal:data_exceptions_export"}
