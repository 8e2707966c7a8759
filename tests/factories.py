"""factory_boy factories, one per model, for the tests and the URL examples; and small helpers
that build more than one record (`small_partnership`) or an upload (`pdf`)."""

import datetime
import io
import zipfile

import factory
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partnership.models import (
    Action,
    ActionNote,
    ActionStatus,
    Agency,
    AgencyKind,
    Attendance,
    AttendanceStatus,
    Body,
    BodyKind,
    GoodDirection,
    Indicator,
    IndicatorUnit,
    IndicatorValue,
    Meeting,
    MeetingPaper,
    Membership,
    MembershipRole,
    Person,
    Priority,
    PriorityUpdate,
    Publication,
    PublicationKind,
    Role,
    Subscriber,
    User,
    ValueStatus,
)

PASSWORD = "correct-horse-battery-staple"


def office_file(main_part: str, *, part_name: str = "/word/document.xml") -> bytes:
    """The smallest ZIP that the upload check takes for an Office Open XML file: its
    [Content_Types].xml names `main_part` as the type of its main part."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org'
            f'/package/2006/content-types"><Override PartName="{part_name}" '
            f'ContentType="{main_part}"/></Types>',
        )
        archive.writestr(part_name.lstrip("/"), "<document/>")
    return out.getvalue()


# Files that pass the upload checks: the right first bytes (and, for a PDF, an end marker),
# and big enough for a size to show.
PDF_BYTES = b"%PDF-1.7\n" + b"0" * 1250 + b"\n%%EOF\n"
DOCX_BYTES = office_file(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)


def pdf(name="report.pdf", content=PDF_BYTES, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# Accounts and agencies


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = AgencyKind.HEALTH


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@agency.example")
    first_name = "Test"
    last_name = factory.LazyAttribute(lambda user: user.username.title())
    role = Role.PRACTITIONER
    agency = factory.SubFactory(AgencyFactory)
    email_verified = True

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])


# People, bodies and memberships


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Person {n}")
    job_title = "Designated safeguarding lead"
    email = factory.Sequence(lambda n: f"person{n}@agency.example")
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
    role = MembershipRole.MEMBER
    started_on = datetime.date(2024, 4, 1)
    ended_on = None


def small_partnership(cast) -> dict:
    """The board and a subgroup with members from the three statutory partners, health and a
    lay member, one of them past: enough to draw every part of the pages."""
    police = cast["agency_lead_a"].agency
    health = cast["agency_lead_b"].agency
    council = cast["partner_lead"].agency
    lay = AgencyFactory(name="Lay members", kind=AgencyKind.LAY)
    board = BodyFactory(
        name="Safeguarding partnership board",
        kind=BodyKind.BOARD,
        terms_of_reference="The board holds the partners to account.\n\nIt meets quarterly.",
    )
    subgroup = BodyFactory(name="Learning and improvement subgroup", kind=BodyKind.SUBGROUP)
    director = PersonFactory(
        full_name="Amara Lewis", job_title="Director of children’s services", agency=council
    )
    commander = PersonFactory(
        full_name="Ben Shah", job_title="Detective chief superintendent", agency=police
    )
    nurse = PersonFactory(full_name="Cara Doyle", job_title="Designated nurse", agency=health)
    lay_member = PersonFactory(full_name="Dev Kapoor", job_title="Lay member", agency=lay)
    memberships = {
        "director": MembershipFactory(
            person=director, body=board, role=MembershipRole.LEAD_SAFEGUARDING_PARTNER
        ),
        "commander": MembershipFactory(
            person=commander, body=board, role=MembershipRole.DELEGATED_SAFEGUARDING_PARTNER
        ),
        "nurse": MembershipFactory(person=nurse, body=subgroup, role=MembershipRole.CO_CHAIR),
        "lay_member": MembershipFactory(
            person=lay_member, body=board, role=MembershipRole.LAY_MEMBER
        ),
        "past": MembershipFactory(
            person=nurse,
            body=board,
            started_on=datetime.date(2022, 4, 1),
            ended_on=datetime.date(2023, 3, 31),
        ),
    }
    return {
        "board": board,
        "subgroup": subgroup,
        "people": [director, commander, nurse, lay_member],
        "memberships": memberships,
    }


# Meetings


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


# Priorities and actions


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


# Publications and subscriptions


class PublicationFactory(factory.django.DjangoModelFactory):
    """A draft; publish it with services.publication_publish."""

    class Meta:
        model = Publication

    kind = PublicationKind.NEWSLETTER
    title = factory.Sequence(lambda n: f"Partnership newsletter {n}")
    slug = factory.Sequence(lambda n: f"partnership-newsletter-{n}")
    summary = "News from the partnership."
    body = '<p class="govuk-body">What we did this quarter.</p>'


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber; pass confirmed_at=None for one still to confirm."""

    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    kinds = factory.LazyFunction(lambda: [PublicationKind.NEWSLETTER])
    confirmed_at = factory.LazyFunction(timezone.now)


# The multi-agency data set


class IndicatorFactory(factory.django.DjangoModelFactory):
    """A quarterly count collected from April 2024, where lower is better."""

    class Meta:
        model = Indicator

    name = factory.Sequence(lambda n: f"Indicator {n}")
    definition = "What is counted, each quarter."
    agency = factory.SubFactory(AgencyFactory)
    unit = IndicatorUnit.COUNT
    good_direction = GoodDirection.DOWN
    collected_from = datetime.date(2024, 4, 1)


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    """A submitted figure for the first quarter of 2025-26."""

    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    period_start = datetime.date(2025, 4, 1)
    value = 10
    status = ValueStatus.SUBMITTED
    entered_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyFunction(timezone.now)
