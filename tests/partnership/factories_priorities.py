"""Factories for strategic priorities and their progress updates."""

import datetime

import factory

from partnership.models import Priority, PriorityUpdate


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    area = factory.Sequence(lambda n: f"Priority area {n}")
    period_start = datetime.date(2025, 4, 1)
    period_end = datetime.date(2026, 3, 31)
    rationale = "Three rapid reviews this year found neglect had been missed."
    planned_actions = "Roll out the neglect toolkit.\n\nAudit its use after six months."


class PriorityUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityUpdate

    priority = factory.SubFactory(PriorityFactory)
    written_on = datetime.date(2025, 9, 1)
    progress = "Toolkit training delivered to 120 practitioners."
