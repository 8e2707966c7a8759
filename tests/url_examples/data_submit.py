"""Example arguments for an agency lead's figures: agency A owns a quarterly and a monthly
indicator; in the last ended quarter one figure is submitted and one entered, so the quarter
page shows both the form and a submitted figure to correct."""

from django.utils import timezone

from partnership.models import Frequency, IndicatorValue, ValueStatus
from partnership.services.dataset import last_ended_period, period_shift

from ..factories import IndicatorFactory, IndicatorValueFactory

CONTACTS = "Contacts to children’s social care"


def _quarter():
    return last_ended_period(Frequency.QUARTERLY, timezone.localdate())


def _figures(cast):
    agency = cast["agency_lead_a"].agency
    quarter = _quarter()
    # The anonymous walk asks for every example in one database: make the records once.
    made = IndicatorValue.objects.filter(
        indicator__name=CONTACTS, period_start=quarter, status=ValueStatus.SUBMITTED
    ).first()
    if made is not None:
        return made
    start = period_shift(Frequency.QUARTERLY, quarter, -4)
    contacts = IndicatorFactory(name=CONTACTS, agency=agency, collected_from=start)
    IndicatorFactory(
        name="Strategy discussions with police present",
        agency=agency,
        unit="percentage",
        frequency=Frequency.MONTHLY,
        collected_from=start,
    )
    IndicatorFactory(name="Health visitor contacts", agency=cast["agency_lead_b"].agency)
    submitted = IndicatorValueFactory(indicator=contacts, period_start=quarter, value=1204)
    IndicatorValueFactory(
        indicator=contacts,
        period_start=period_shift(Frequency.QUARTERLY, quarter, -1),
        value=18.5,
        status=ValueStatus.ENTERED,
        submitted_at=None,
    )
    return submitted


def _lists(cast):
    _figures(cast)
    return {}


EXAMPLES = {
    "portal:data_submit": _lists,
    "portal:data_import": _lists,
    "portal:data_import_template": _lists,
    "portal:data_submit_quarter": lambda cast: {"quarter": _figures(cast).period_start},
    "portal:data_value_correct": lambda cast: {"pk": _figures(cast).pk},
}
NOT_HTML = {"portal:data_import_template"}
# Another agency's figure is not theirs to correct, nor to know of.
OUTCOMES = {"portal:data_value_correct": {"agency_lead_b": 404}}
