"""Example data for the data dashboard and the indicator pages: agency A's re-referral rate
(unshared, above its threshold in the last quarter, with a missing quarter, a late figure and
a correction) and agency B's shared attendance figure, each with two years of quarters."""

from decimal import Decimal

from django.utils import timezone

from partnership.models import (
    Frequency,
    GoodDirection,
    Indicator,
    IndicatorUnit,
    ValueCorrection,
)
from partnership.services.dataset import last_ended_period, recent_periods

from ..factories import IndicatorFactory, IndicatorValueFactory, PriorityFactory

RE_REFERRALS = "Re-referrals to children’s social care within 12 months"


def _indicators(cast):
    # The anonymous walk asks for every example in one database: make the records once.
    made = Indicator.objects.filter(name=RE_REFERRALS).first()
    if made is not None:
        return {"re_referrals": made, "attendance": Indicator.objects.get(is_shared=True)}
    quarters = recent_periods(
        Frequency.QUARTERLY, last_ended_period(Frequency.QUARTERLY, timezone.localdate()), 8
    )
    priority = PriorityFactory(area="Neglect")
    re_referrals = IndicatorFactory(
        name=RE_REFERRALS,
        definition="Referrals in the quarter of a child referred in the 12 months before, as a "
        "share of all referrals.",
        agency=cast["agency_lead_a"].agency,
        unit=IndicatorUnit.PERCENTAGE,
        threshold=Decimal("20"),
        priority=priority,
        collected_from=quarters[0],
    )
    attendance = IndicatorFactory(
        name="Statutory partners at strategy discussions",
        agency=cast["agency_lead_b"].agency,
        unit=IndicatorUnit.PERCENTAGE,
        good_direction=GoodDirection.UP,
        threshold=Decimal("75"),
        is_shared=True,
        collected_from=quarters[0],
    )
    series = {
        re_referrals: ["18.2", "19", None, "17.5", "19.9", "20.5", "19.1", "21.5"],
        attendance: ["81", "78", "74", "79", "83", "85", "86.5", "88"],
    }
    for indicator, figures in series.items():
        for n, (start, figure) in enumerate(zip(quarters, figures, strict=True)):
            if figure is not None:
                IndicatorValueFactory(
                    indicator=indicator, period_start=start, value=Decimal(figure), is_late=n == 3
                )
    corrected = re_referrals.values.get(period_start=quarters[4])
    ValueCorrection.objects.create(
        value=corrected,
        previous=Decimal("24.9"),
        corrected=corrected.value,
        reason="Transfers in from another authority had been counted as re-referrals.",
        corrected_at=timezone.now(),
        corrected_by=cast["business_unit"],
    )
    return {"re_referrals": re_referrals, "attendance": attendance}


def _lists(cast):
    _indicators(cast)
    return {}


EXAMPLES = {
    "portal:data_dashboard": _lists,
    "portal:data_indicators": _lists,
    "portal:data_indicator": lambda cast: {"pk": _indicators(cast)["re_referrals"].pk},
    "portal:data_indicator_edit": lambda cast: {"pk": _indicators(cast)["re_referrals"].pk},
}
# Agency A's indicator is not shared: agency B's lead may not know of it.
OUTCOMES = {"portal:data_indicator": {"agency_lead_b": 404}}
