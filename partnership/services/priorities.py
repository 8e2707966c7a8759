"""Strategic priorities and their progress."""

from datetime import date

from django.db import transaction

from ..models import (
    Priority,
    PriorityUpdate,
    User,
)


@transaction.atomic
def priority_save(
    *,
    priority: Priority,
    area: str,
    period_start: date,
    period_end: date,
    rationale: str,
    planned_actions: str,
    impact_statement: str = "",
    position: int = 0,
) -> Priority:
    """Create a strategic priority for a period, or change one."""
    priority.area = area
    priority.period_start = period_start
    priority.period_end = period_end
    priority.rationale = rationale
    priority.planned_actions = planned_actions
    priority.impact_statement = impact_statement
    priority.position = position
    priority.full_clean()
    priority.save()
    return priority


@transaction.atomic
def priority_update_add(
    *, priority: Priority, author: User | None, written_on: date, progress: str
) -> PriorityUpdate:
    """Record dated progress against a priority. Updates are kept, never edited, so the yearly
    report can show how a priority moved through the year."""
    update = PriorityUpdate(
        priority=priority, author=author, written_on=written_on, progress=progress
    )
    update.full_clean()
    update.save()
    return update
