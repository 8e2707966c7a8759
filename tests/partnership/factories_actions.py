"""Factories for the action tracker's tests and URL examples."""

import datetime

import factory

from partnership.models import Action, ActionNote, ActionStatus, Person, Priority

from ..factories import AgencyFactory


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Person {n}")
    job_title = "Designated safeguarding lead"
    email = factory.Sequence(lambda n: f"person{n}@agency.example")
    agency = factory.SubFactory(AgencyFactory)


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    area = factory.Sequence(lambda n: f"Priority {n}")
    period_start = datetime.date(2025, 4, 1)
    period_end = datetime.date(2026, 3, 31)
    rationale = "Reviews keep finding it."
    planned_actions = "Train every practitioner."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    title = factory.Sequence(lambda n: f"Action {n}")
    owner_agency = factory.SubFactory(AgencyFactory)
    owner_person = factory.SubFactory(PersonFactory, agency=factory.SelfAttribute("..owner_agency"))
    due_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
    status = ActionStatus.NOT_STARTED


class ActionNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionNote

    action = factory.SubFactory(ActionFactory)
    text = "Training dates booked."
    status = ActionStatus.ON_TRACK
