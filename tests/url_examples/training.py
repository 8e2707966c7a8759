"""Example arguments for the public training pages: two courses, one session full with a
waiting list, one with places left, one cancelled, so every state of the list is drawn."""

import datetime

from django.utils import timezone

from partnership.models import AgencyKind
from training.models import Booking, BookingStatus, Course, Level, Session, SessionStatus

from ..factories import AgencyFactory


def _programme(cast):
    soon = timezone.now() + datetime.timedelta(days=10)
    neglect = Course.objects.create(
        title="Recognising and responding to neglect", summary="Spotting neglect early.",
        learning_objectives="Use the neglect toolkit\nKnow when to refer", level=Level.PRACTICE,
        series="Neglect", provider="Thameside partnership", needs_manager_approval=True,
    )  # fmt: skip
    exploitation = Course.objects.create(
        title="Child exploitation: an introduction", summary="What exploitation looks like.",
        learning_objectives="Name the signs", level=Level.AWARENESS, series="Exploitation",
    )  # fmt: skip
    full = Session.objects.create(
        course=neglect, starts_at=soon, ends_at=soon + datetime.timedelta(hours=3),
        venue="Thameside Civic Centre", capacity=1, trainer="Training manager",
    )  # fmt: skip
    agency = AgencyFactory(name="Riverside Primary School", kind=AgencyKind.EDUCATION)
    for n, status in enumerate([BookingStatus.CONFIRMED, BookingStatus.WAITING]):
        Booking.objects.create(
            session=full, attendee_name=f"Attendee {n}", attendee_email=f"a{n}@school.example",
            job_title="Teacher", agency=agency, line_manager_email="head@school.example",
            status=status, queued_at=timezone.now(),
        )  # fmt: skip
    Session.objects.create(
        course=exploitation, starts_at=soon + datetime.timedelta(days=30),
        ends_at=soon + datetime.timedelta(days=30, hours=2), online_url="https://meet.example/x",
        capacity=40,
    )  # fmt: skip
    Session.objects.create(
        course=exploitation, starts_at=soon + datetime.timedelta(days=5),
        ends_at=soon + datetime.timedelta(days=5, hours=2), venue="Library", capacity=20,
        status=SessionStatus.CANCELLED,
    )  # fmt: skip
    return full


def _lists(cast):
    _programme(cast)
    return {}


EXAMPLES = {
    "training:programme": _lists,
    "training:calendar": _lists,
    "training:session": lambda cast: {"pk": _programme(cast).pk},
}
NOT_HTML = {"training:calendar"}
