import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.models import (
    Agency,
    AgencyKind,
    Body,
    BodyKind,
    Membership,
    MembershipRole,
    Person,
)

from ..factories import (
    AgencyFactory,
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    small_partnership,
)

pytestmark = pytest.mark.django_db

READERS = ["business_unit", "scrutineer", "partner_lead"]
OUTSIDERS = ["agency_lead_a", "agency_lead_b", "practitioner"]


def html(response) -> str:
    return response.content.decode()


# Who may do what


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("url_name", ["portal:agencies", "portal:people", "portal:memberships"])
def test_agency_leads_and_practitioners_are_refused(client, cast, who, url_name):
    client.force_login(cast[who])

    assert client.get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize("who", READERS)
def test_the_scrutineer_and_partner_leads_read_the_membership(client, cast, who):
    small_partnership(cast)
    client.force_login(cast[who])

    response = client.get(reverse("portal:memberships"))

    assert response.status_code == 200
    assert "Director of children’s services" in html(response)


@pytest.mark.parametrize("who", ["scrutineer", "partner_lead"])
def test_readers_cannot_add_an_agency_and_see_no_button_for_it(client, cast, who):
    client.force_login(cast[who])

    assert client.post(reverse("portal:agency_create"), {"name": "X"}).status_code == 403
    assert "Add an agency" not in html(client.get(reverse("portal:agencies")))
    assert not Agency.objects.filter(name="X").exists()


# Agencies


def test_the_business_unit_adds_an_agency(client, business_unit):
    client.force_login(business_unit)

    response = client.post(
        reverse("portal:agency_create"),
        {"name": "Thameside College", "kind": AgencyKind.EDUCATION, "is_active": "on"},
    )

    agency = Agency.objects.get(name="Thameside College")
    assert response["Location"] == reverse("portal:agency", args=[agency.pk])
    assert agency.kind == AgencyKind.EDUCATION


def test_an_agency_name_already_used_is_refused(client, business_unit, agency_a):
    client.force_login(business_unit)

    response = client.post(
        reverse("portal:agency_create"), {"name": agency_a.name, "kind": AgencyKind.POLICE}
    )

    assert response.status_code == 200
    assert "An agency with this name already exists" in html(response)
    assert html(response).count("<title>Error: ") == 1


def test_the_agency_list_puts_statutory_partners_first_and_counts_members(client, cast):
    small_partnership(cast)
    AgencyFactory(name="Age Concern", kind=AgencyKind.VOLUNTARY)
    client.force_login(cast["scrutineer"])

    page = client.get(reverse("portal:agencies")).context["page"]

    names = [agency.name for agency in page]
    assert names == [
        "London Borough of Thameside",
        "Metropolitan Police Service",
        "Age Concern",
        "Lay members",
        "NELFT NHS Foundation Trust",
    ]
    nhs = next(agency for agency in page if agency.name == "NELFT NHS Foundation Trust")
    # Cara Doyle: a current co-chair, and a board membership that ended in 2023.
    assert (nhs.people_count, nhs.membership_count) == (1, 1)


def test_the_agency_list_filters_by_kind(client, cast):
    small_partnership(cast)
    client.force_login(cast["business_unit"])

    page = client.get(reverse("portal:agencies"), {"kind": AgencyKind.HEALTH}).context["page"]

    assert [agency.name for agency in page] == ["NELFT NHS Foundation Trust"]


def test_an_agency_page_lists_its_people_and_their_current_memberships(client, cast):
    small_partnership(cast)
    client.force_login(cast["partner_lead"])

    response = client.get(reverse("portal:agency", args=[cast["agency_lead_b"].agency_id]))

    page = html(response)
    assert "Cara Doyle" in page
    assert "Co-chair, <a" in page
    assert "Learning and improvement subgroup" in page
    assert "Safeguarding partnership board" not in page  # her board seat ended in 2023


# People


def test_people_are_searched_by_name_and_filtered_by_agency(client, cast):
    small_partnership(cast)
    client.force_login(cast["business_unit"])
    police = cast["agency_lead_a"].agency

    by_name = client.get(reverse("portal:people"), {"q": "doyle"}).context["page"]
    by_agency = client.get(reverse("portal:people"), {"agency": police.pk}).context["page"]

    assert [person.full_name for person in by_name] == ["Cara Doyle"]
    assert [person.full_name for person in by_agency] == ["Ben Shah"]


def test_the_business_unit_adds_a_person(client, business_unit, agency_a):
    client.force_login(business_unit)

    response = client.post(
        reverse("portal:person_create"),
        {
            "full_name": "Ann Lee",
            "job_title": "Detective inspector",
            "email": "ann@police.example",
            "agency": agency_a.pk,
            "is_active": "on",
        },
    )

    person = Person.objects.get(email="ann@police.example")
    assert response["Location"] == reverse("portal:person", args=[person.pk])
    assert (person.full_name, person.agency) == ("Ann Lee", agency_a)


def test_a_persons_email_already_held_is_refused_beside_the_field(client, business_unit, agency_a):
    PersonFactory(email="ann@police.example")
    client.force_login(business_unit)

    response = client.post(
        reverse("portal:person_create"),
        {"full_name": "Ann Lee", "email": "ANN@police.example", "agency": agency_a.pk},
    )

    assert "Another person already has this email address" in html(response)
    assert Person.objects.count() == 1


def test_an_inactive_agency_cannot_be_chosen_for_a_new_person(client, business_unit):
    closed = AgencyFactory(name="Closed trust", is_active=False)
    client.force_login(business_unit)

    response = client.post(
        reverse("portal:person_create"),
        {"full_name": "Ann Lee", "email": "ann@x.example", "agency": closed.pk},
    )

    assert response.status_code == 200
    assert not Person.objects.filter(email="ann@x.example").exists()


# Bodies and memberships


def test_a_body_page_shows_its_terms_of_reference_and_current_members(client, cast):
    small_partnership(cast)
    client.force_login(cast["scrutineer"])
    board = Body.objects.get(kind=BodyKind.BOARD)

    page = html(client.get(reverse("portal:body", args=[board.pk])))

    assert "It meets quarterly." in page
    assert page.index("Lead safeguarding partner") < page.index("Delegated safeguarding partner")
    assert "Cara Doyle" not in page  # her board membership has ended


def test_the_business_unit_adds_a_body(client, business_unit):
    client.force_login(business_unit)

    client.post(
        reverse("portal:body_create"),
        {"name": "Joint executive", "kind": BodyKind.EXECUTIVE, "terms_of_reference": "Monthly."},
    )

    assert Body.objects.get(name="Joint executive").terms_of_reference == "Monthly."


def membership_post(person, body, start, end=("", "", "")):
    return {
        "person": person.pk,
        "body": body.pk,
        "role": MembershipRole.CO_CHAIR,
        "started_on_0": start[0],
        "started_on_1": start[1],
        "started_on_2": start[2],
        "ended_on_0": end[0],
        "ended_on_1": end[1],
        "ended_on_2": end[2],
    }


def test_the_business_unit_adds_a_membership(client, business_unit):
    person, body = PersonFactory(), BodyFactory()
    client.force_login(business_unit)

    response = client.post(
        reverse("portal:membership_create"), membership_post(person, body, ("1", "4", "2025"))
    )

    membership = Membership.objects.get()
    assert response["Location"] == reverse("portal:body", args=[body.pk])
    assert (membership.role, membership.started_on, membership.ended_on) == (
        MembershipRole.CO_CHAIR,
        datetime.date(2025, 4, 1),
        None,
    )


def test_an_end_before_the_start_is_an_error_on_the_end_date(client, business_unit):
    person, body = PersonFactory(), BodyFactory()
    client.force_login(business_unit)

    response = client.post(
        reverse("portal:membership_create"),
        membership_post(person, body, ("1", "4", "2025"), ("31", "3", "2025")),
    )

    assert response.context["form"].errors == {
        "ended_on": ["The end date must be the same as or after the start date"]
    }
    assert Membership.objects.count() == 0


def test_ending_a_membership_asks_first_then_sets_the_end_date(client, business_unit):
    membership = MembershipFactory(started_on=datetime.date(2024, 4, 1))
    url = reverse("portal:membership_end", args=[membership.pk])
    client.force_login(business_unit)

    confirmation = client.get(url)
    membership.refresh_from_db()
    assert "End membership" in html(confirmation)
    assert membership.ended_on is None

    response = client.post(url, {"ended_on_0": "31", "ended_on_1": "3", "ended_on_2": "2026"})

    membership.refresh_from_db()
    assert response.status_code == 302
    assert membership.ended_on == datetime.date(2026, 3, 31)


def test_a_membership_cannot_end_before_it_started(client, business_unit):
    membership = MembershipFactory(started_on=datetime.date(2024, 4, 1))
    client.force_login(business_unit)

    response = client.post(
        reverse("portal:membership_end", args=[membership.pk]),
        {"ended_on_0": "1", "ended_on_1": "1", "ended_on_2": "2024"},
    )

    assert "on or after the start date, 1 April 2024" in html(response)
    membership.refresh_from_db()
    assert membership.ended_on is None


# The membership page and its download


def test_the_membership_page_groups_the_appendix_by_kind_of_agency(client, cast):
    small_partnership(cast)
    client.force_login(cast["partner_lead"])

    response = client.get(reverse("portal:memberships"))

    assert [kind for kind, _ in response.context["groups"]] == [
        "Local authority (statutory partner)",
        "Police (statutory partner)",
        "Health trust or provider",
        "Lay member",
    ]
    assert "Amara Lewis" not in html(response)  # job titles, not names


def test_the_membership_page_shows_the_members_on_a_chosen_day(client, cast):
    small_partnership(cast)
    client.force_login(cast["scrutineer"])

    response = client.get(reverse("portal:memberships"), {"on_0": "1", "on_1": "6", "on_2": "2022"})

    assert response.context["on"] == datetime.date(2022, 6, 1)
    assert [(kind, [r.job_title for r in rows]) for kind, rows in response.context["groups"]] == [
        ("Health trust or provider", ["Designated nurse"])
    ]
    assert "Membership on 1 June 2022" in html(response)


def test_the_membership_download_is_the_same_table(client, cast):
    small_partnership(cast)
    client.force_login(cast["scrutineer"])

    response = client.get(
        reverse("portal:memberships_export"), {"on": "2025-01-01", "format": "csv"}
    )

    assert response["Content-Disposition"] == 'attachment; filename="membership-2025-01-01.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Agency kind", "Job title", "Agency", "Body", "Role"]
    assert rows[1] == [
        "Local authority (statutory partner)",
        "Director of children’s services",
        "London Borough of Thameside",
        "Safeguarding partnership board",
        "Lead safeguarding partner",
    ]
    assert len(rows) == 5


def test_the_membership_download_comes_as_xlsx_too(client, cast):
    small_partnership(cast)
    client.force_login(cast["partner_lead"])

    response = client.get(reverse("portal:memberships_export"), {"format": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in next(sheet.iter_rows())] == [
        "Agency kind",
        "Job title",
        "Agency",
        "Body",
        "Role",
    ]
    assert sheet.max_row == 5


def test_an_unknown_download_format_is_not_found(client, business_unit):
    client.force_login(business_unit)

    response = client.get(reverse("portal:memberships_export"), {"format": "pdf"})

    assert response.status_code == 404


# Fixed queries, whatever the number of rows


def grow(n):
    """n more agencies, each with a person sitting on a body."""
    today = timezone.localdate()
    board = BodyFactory(name="Partnership board", kind=BodyKind.BOARD)
    for i in range(n):
        agency = AgencyFactory(kind=AgencyKind.HEALTH if i % 2 else AgencyKind.POLICE)
        MembershipFactory(
            person=PersonFactory(agency=agency),
            body=BodyFactory() if i % 3 else board,
            started_on=today - datetime.timedelta(days=30),
        )
    return board


@pytest.mark.parametrize(
    ("url_name", "queries"),
    [
        ("portal:agencies", 8),
        ("portal:agency", 9),
        ("portal:people", 9),
        ("portal:person", 8),
        ("portal:bodies", 8),
        ("portal:body", 8),
        ("portal:memberships", 7),
    ],
)
def test_each_page_runs_a_fixed_number_of_queries(
    client, business_unit, django_assert_num_queries, url_name, queries
):
    board = grow(2)
    agency = Agency.objects.filter(people__isnull=False).first()
    person = agency.people.first()
    args = {
        "portal:agency": [agency.pk],
        "portal:person": [person.pk],
        "portal:body": [board.pk],
    }.get(url_name)
    url = reverse(url_name, args=args)
    client.force_login(business_unit)
    client.get(url)  # the first request after sign-in stamps the session

    with django_assert_num_queries(queries):
        client.get(url)
    grow(30)
    for person in Person.objects.all():
        # Give the chosen agency many people, each on several bodies.
        MembershipFactory(person=PersonFactory(agency=agency), body=board)
        MembershipFactory(person=person, body=board)
    with django_assert_num_queries(queries):
        client.get(url)
