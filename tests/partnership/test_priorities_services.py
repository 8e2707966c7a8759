"""services.priority_save and services.priority_update_add."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from partnership import services
from partnership.models import Priority, PriorityUpdate

from ..factories import PriorityFactory

pytestmark = pytest.mark.django_db


def fields(**overrides):
    return {
        "area": "Neglect",
        "period_start": datetime.date(2025, 4, 1),
        "period_end": datetime.date(2026, 3, 31),
        "rationale": "Reviews keep finding it.",
        "planned_actions": "Roll out the toolkit.",
        **overrides,
    }


def test_it_creates_a_priority_for_a_period():
    priority = services.priority_save(priority=Priority(), **fields(position=2))

    saved = Priority.objects.get()
    assert saved == priority
    assert (saved.area, saved.period_end, saved.position) == (
        "Neglect",
        datetime.date(2026, 3, 31),
        2,
    )


def test_it_changes_a_priority():
    priority = PriorityFactory(area="Neglect")

    services.priority_save(priority=priority, **fields(impact_statement="Referrals improved."))

    priority.refresh_from_db()
    assert priority.impact_statement == "Referrals improved."


def test_it_refuses_a_period_that_ends_before_it_starts():
    with pytest.raises(ValidationError):
        services.priority_save(priority=Priority(), **fields(period_end=datetime.date(2025, 3, 31)))

    assert not Priority.objects.exists()


def test_an_update_is_dated_and_records_its_author(business_unit):
    priority = PriorityFactory()

    update = services.priority_update_add(
        priority=priority,
        author=business_unit,
        written_on=datetime.date(2025, 9, 1),
        progress="Training delivered.",
    )

    assert PriorityUpdate.objects.get() == update
    assert (update.priority, update.author, update.written_on) == (
        priority,
        business_unit,
        datetime.date(2025, 9, 1),
    )


def test_an_update_needs_some_progress(business_unit):
    with pytest.raises(ValidationError):
        services.priority_update_add(
            priority=PriorityFactory(),
            author=business_unit,
            written_on=datetime.date(2025, 9, 1),
            progress="",
        )

    assert not PriorityUpdate.objects.exists()
