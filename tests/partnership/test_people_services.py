import datetime

import pytest
from django.core.exceptions import ValidationError

from partnership import services
from partnership.models import Agency, AgencyKind, Body, BodyKind, Membership, MembershipRole

from ..factories import AgencyFactory, BodyFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

APRIL_2025 = datetime.date(2025, 4, 1)


def test_agency_save_creates_an_agency_with_its_name_trimmed():
    agency = services.agency_save(agency=Agency(), name="  Cafcass ", kind=AgencyKind.CAFCASS)

    assert Agency.objects.get(pk=agency.pk).name == "Cafcass"


def test_agency_save_refuses_an_unknown_kind():
    with pytest.raises(ValidationError):
        services.agency_save(agency=Agency(), name="Somewhere", kind="club")

    assert not Agency.objects.filter(name="Somewhere").exists()


def test_person_save_refuses_an_email_another_person_has_in_another_case():
    PersonFactory(email="sam@police.example")

    with pytest.raises(ValidationError):
        services.person_save(
            person=PersonFactory.build(),
            full_name="Sam Other",
            job_title="",
            email="SAM@police.example",
            agency=AgencyFactory(),
        )


def test_body_save_keeps_the_terms_of_reference():
    body = services.body_save(
        body=Body(),
        name="Joint executive",
        kind=BodyKind.EXECUTIVE,
        terms_of_reference="The three partners meet monthly.",
    )

    assert Body.objects.get(pk=body.pk).terms_of_reference == "The three partners meet monthly."


def test_membership_save_refuses_an_end_before_the_start():
    with pytest.raises(ValidationError):
        services.membership_save(
            membership=Membership(),
            person=PersonFactory(),
            body=BodyFactory(),
            role=MembershipRole.MEMBER,
            started_on=APRIL_2025,
            ended_on=APRIL_2025 - datetime.timedelta(days=1),
        )

    assert Membership.objects.count() == 0


def test_membership_end_sets_the_last_day():
    membership = MembershipFactory(started_on=APRIL_2025)

    services.membership_end(membership=membership, ended_on=datetime.date(2026, 3, 31))

    membership.refresh_from_db()
    assert membership.ended_on == datetime.date(2026, 3, 31)


def test_membership_end_refuses_a_day_before_the_start_and_changes_nothing():
    membership = MembershipFactory(started_on=APRIL_2025)

    with pytest.raises(ValidationError) as refused:
        services.membership_end(membership=membership, ended_on=datetime.date(2025, 3, 31))

    assert "ended_on" in refused.value.message_dict
    membership.refresh_from_db()
    assert membership.ended_on is None


# The membership appendix of the yearly report


def member(agency, job_title, body, role=MembershipRole.MEMBER, **dates):
    person = PersonFactory(agency=agency, job_title=job_title, full_name=f"Someone {job_title}")
    return MembershipFactory(person=person, body=body, role=role, **dates)


@pytest.fixture
def partnership():
    council = AgencyFactory(name="Thameside Council", kind=AgencyKind.LOCAL_AUTHORITY)
    police = AgencyFactory(name="Metropolitan Police", kind=AgencyKind.POLICE)
    icb = AgencyFactory(name="North East London ICB", kind=AgencyKind.ICB)
    trust = AgencyFactory(name="Barts Health", kind=AgencyKind.HEALTH)
    school = AgencyFactory(name="Thameside College", kind=AgencyKind.EDUCATION)
    board = BodyFactory(name="Partnership board", kind=BodyKind.BOARD)
    subgroup = BodyFactory(name="Training subgroup", kind=BodyKind.SUBGROUP)
    # Made out of order, so the order of the appendix has to come from the function.
    member(school, "Principal", board)
    member(trust, "Chief nurse", subgroup, MembershipRole.CO_CHAIR)
    member(trust, "Named doctor", board)
    member(icb, "Chief nursing officer", board, MembershipRole.DELEGATED_SAFEGUARDING_PARTNER)
    member(police, "Borough commander", board, MembershipRole.LEAD_SAFEGUARDING_PARTNER)
    member(council, "Chief executive", board, MembershipRole.LEAD_SAFEGUARDING_PARTNER)
    return {"council": council, "board": board, "subgroup": subgroup}


def test_the_appendix_groups_by_agency_kind_with_the_statutory_partners_first(partnership):
    groups = services.membership_appendix(on=datetime.date(2025, 1, 1))

    assert [kind for kind, _ in groups] == [
        "Local authority (statutory partner)",
        "Police (statutory partner)",
        "Integrated care board (statutory partner)",
        "Health trust or provider",
        "School or college",
    ]


def test_the_appendix_lists_job_titles_agencies_bodies_and_roles_not_names(partnership):
    groups = dict(services.membership_appendix(on=datetime.date(2025, 1, 1)))

    assert groups["Local authority (statutory partner)"] == [
        services.AppendixRow(
            job_title="Chief executive",
            agency="Thameside Council",
            body="Partnership board",
            role="Lead safeguarding partner",
        )
    ]
    everything = [row for rows in groups.values() for row in rows]
    assert not any("Someone" in str(row) for row in everything)


def test_within_a_kind_the_board_comes_before_the_subgroups(partnership):
    groups = dict(services.membership_appendix(on=datetime.date(2025, 1, 1)))

    assert [(row.job_title, row.body) for row in groups["Health trust or provider"]] == [
        ("Named doctor", "Partnership board"),
        ("Chief nurse", "Training subgroup"),
    ]


def test_the_appendix_is_as_at_the_day_asked_for(partnership):
    council, board = partnership["council"], partnership["board"]
    member(
        council,
        "Former director",
        board,
        started_on=datetime.date(2022, 4, 1),
        ended_on=datetime.date(2023, 3, 31),
    )
    member(council, "Incoming director", board, started_on=datetime.date(2026, 1, 1))

    def council_jobs(day):
        groups = dict(services.membership_appendix(on=day))
        return [row.job_title for row in groups.get("Local authority (statutory partner)", [])]

    assert council_jobs(datetime.date(2023, 3, 31)) == ["Former director"]
    assert council_jobs(datetime.date(2023, 4, 1)) == []
    assert "Incoming director" not in council_jobs(datetime.date(2025, 12, 31))
    assert "Incoming director" in council_jobs(datetime.date(2026, 1, 1))


def test_the_appendix_of_a_day_with_no_members_is_empty():
    assert services.membership_appendix(on=datetime.date(2025, 1, 1)) == []
