"""Factories for people, bodies and memberships, and a small partnership built from them."""

import datetime

import factory

from partnership.models import AgencyKind, Body, BodyKind, Membership, MembershipRole, Person

from ..factories import AgencyFactory


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
