"""The indicators of the multi-agency data set, as the business unit defines them."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import AuditVerb, Frequency, Indicator
from .audit import Actor, audit_record
from .dataset import is_period_start, period_of, period_shift

EDITABLE = (
    "name",
    "definition",
    "agency",
    "unit",
    "frequency",
    "good_direction",
    "threshold",
    "priority",
    "is_shared",
    "collected_from",
    "is_active",
    "position",
)


def collection_start_problem(frequency: str, day: datetime.date) -> str | None:
    """Why `day` cannot be where collection starts, naming the nearest day that can: figures
    are due period by period, so collection starts on a period's first day."""
    if is_period_start(frequency, day):
        return None
    earlier = period_of(frequency, day)
    later = period_shift(frequency, earlier, 1)
    nearest = earlier if day - earlier <= later - day else later
    period = "quarter" if frequency == Frequency.QUARTERLY else "month"
    return (
        f"The collection start date must be the first day of a {period}: the nearest is "
        f"{nearest:%-d %B %Y}"
    )


@transaction.atomic
def indicator_save(*, actor: Actor, indicator: Indicator, **fields) -> Indicator:
    """Define an indicator, or change one: the fields are the model's editable ones."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"indicator_save() does not set {', '.join(sorted(unknown))}")
    adding = indicator.pk is None
    for name, value in fields.items():
        setattr(indicator, name, value)
    problem = indicator.collected_from and collection_start_problem(
        indicator.frequency, indicator.collected_from
    )
    if problem:
        raise ValidationError({"collected_from": problem})
    indicator.full_clean()
    indicator.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.CREATED if adding else AuditVerb.CHANGED,
        record=indicator,
        summary="Indicator defined" if adding else "Indicator changed",
    )
    return indicator
