"""Example arguments for the priorities pages: a current priority with progress updates, an
impact statement and an action owned by agency A raised against it."""

import datetime

from django.utils import timezone

from partnership.models import ActionStatus

from ..factories import ActionFactory, PriorityFactory, PriorityUpdateFactory


def _current_priority(cast):
    today = timezone.localdate()
    priority = PriorityFactory(
        area="Neglect",
        period_start=today - datetime.timedelta(days=200),
        period_end=today + datetime.timedelta(days=165),
        impact_statement="Referrals for neglect now arrive with the toolkit completed.",
    )
    PriorityUpdateFactory(priority=priority, written_on=today - datetime.timedelta(days=90))
    PriorityUpdateFactory(
        priority=priority,
        written_on=today - datetime.timedelta(days=10),
        progress="The audit of toolkit use has started.",
        author=cast["business_unit"],
    )
    ActionFactory(
        title="Audit the use of the neglect toolkit",
        owner_agency=cast["agency_lead_a"].agency,
        status=ActionStatus.ON_TRACK,
        source=priority,
    )
    return priority


def _priorities_to_list(cast):
    _current_priority(cast)
    PriorityFactory(
        area="Child exploitation",
        period_start=datetime.date(2022, 4, 1),
        period_end=datetime.date(2023, 3, 31),
    )
    return {}


EXAMPLES = {
    "portal:priorities": _priorities_to_list,
    "portal:priority": lambda cast: {"pk": _current_priority(cast).pk},
    "portal:priority_edit": lambda cast: {"pk": _current_priority(cast).pk},
    "portal:priority_update_add": lambda cast: {"pk": _current_priority(cast).pk},
}
