"""Training records for the tests: courses, sessions a fortnight ahead, and attendees (the
details a person gives when they book) made by `attendee`."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from training.models import Booking, BookingStatus, Charge, ChargeKind, Course, Level, Session
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


class BookingFactory(factory.django.DjangoModelFactory):
    """A booking written straight to the table, in whatever status a test needs; the session's
    `places_held` counter is not kept (use training.services.bookings for that)."""

    class Meta:
        model = Booking

    session = factory.SubFactory(SessionFactory)
    attendee_name = factory.Sequence(lambda n: f"Booked attendee {n}")
    attendee_email = factory.Sequence(lambda n: f"booked{n}@agency.example")
    job_title = "Social worker"
    agency = factory.LazyFunction(lambda: AgencyFactory(name="Thameside Community Health"))
    line_manager_email = factory.Sequence(lambda n: f"booked-manager{n}@agency.example")
    status = BookingStatus.CONFIRMED
    queued_at = factory.LazyFunction(timezone.now)


def attended_booking(*, days_ago: int = 1, **kwargs) -> Booking:
    """A booking marked attended on a three-hour session that ended at 12.30pm `days_ago`
    days ago (by the calendar, whatever the clocks did since)."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    ends = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 30)))
    session = SessionFactory(starts_at=ends - datetime.timedelta(hours=3), ends_at=ends)
    return BookingFactory(session=session, **{"status": BookingStatus.ATTENDED, **kwargs})


class ChargeFactory(factory.django.DjangoModelFactory):
    """A charge to the booking's agency, raised on the session's day, not waived."""

    class Meta:
        model = Charge

    booking = factory.SubFactory(BookingFactory)
    agency = factory.SelfAttribute("booking.agency")
    kind = ChargeKind.NON_ATTENDANCE
    amount = Decimal("100.00")
    raised_on = factory.LazyAttribute(
        lambda charge: timezone.localdate(charge.booking.session.starts_at)
    )
