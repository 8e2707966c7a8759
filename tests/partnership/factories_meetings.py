"""Factories for meetings, their papers and attendance, and the people and bodies they need."""

import datetime

import factory
from django.core.files.base import ContentFile

from partnership.models import (
    Attendance,
    AttendanceStatus,
    Body,
    BodyKind,
    Meeting,
    MeetingPaper,
    Membership,
    Person,
)

from ..factories import AgencyFactory

# The smallest file each check accepts as a real PDF: its signature and an end marker.
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Member {n}")
    job_title = "Head of safeguarding"
    email = factory.Sequence(lambda n: f"member{n}@agency.example")
    agency = factory.SubFactory(AgencyFactory)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Subgroup {n}")
    kind = BodyKind.SUBGROUP


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    body = factory.SubFactory(BodyFactory)
    started_on = datetime.date(2020, 1, 1)
    ended_on = None


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    held_on = datetime.date(2025, 6, 12)
    agenda = "Welcome and apologies\nMinutes of the last meeting\nRapid review update"
    minutes = ""


class MeetingPaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingPaper

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Paper {n}")
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="paper.pdf"))


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    agency = factory.SelfAttribute("person.agency")
    status = AttendanceStatus.PRESENT
