"""Training records for the tests: courses, sessions a fortnight ahead, and attendees (the
details a person gives when they book) made by `attendee`."""

import datetime

import factory
from django.utils import timezone

from training.models import Course, Level, Session
from training.services.bookings import Attendee

from ..factories import AgencyFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Working together to safeguard children {n}")
    summary = "How the partners share information and act together when a child is at risk."
    learning_objectives = "Recognise the signs of abuse\nKnow when and how to refer"
    level = Level.PRACTICE
    series = "Core practice"
    provider = "Thameside Safeguarding Partnership"
    needs_manager_approval = False


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    course = factory.SubFactory(CourseFactory)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=14)).replace(
            hour=9, minute=30, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + datetime.timedelta(hours=3))
    venue = "Thameside Civic Centre, Room 2"
    capacity = 10
    trainer = "Jo Adeyemi"


def attendee(n: int = 1, *, email: str | None = None, agency=None, user=None) -> Attendee:
    """Attendee number `n`, from `agency` (by default one health agency shared by all)."""
    return Attendee(
        name=f"Attendee {n}",
        email=email or f"attendee{n}@agency.example",
        job_title="Health visitor",
        agency=agency or AgencyFactory(name="Thameside Community Health"),
        line_manager_email=f"manager{n}@agency.example",
        user=user,
    )
