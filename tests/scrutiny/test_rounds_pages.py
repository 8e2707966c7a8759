"""The Section 11 round pages: who may use them, what they show, opening a round, extending a
deadline, the grid and its download, and each agency lead's own returns."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partnership.models import AgencyKind
from scrutiny.models import FrameworkPurpose, Section11Round
from scrutiny.services import assessments as assessment_services

from ..factories import AgencyFactory
from .factories import make_framework, rate_every_question, section_11_round

pytestmark = pytest.mark.django_db


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def submit(assessment, *codes):
    rate_every_question(assessment, *codes)
    return assessment_services.assessment_submit(assessment=assessment, user=None)


@pytest.fixture
def framework():
    return make_framework(
        sections=2, questions=2, purpose=FrameworkPurpose.SECTION_11, name="Section 11 standards"
    )


@pytest.fixture
def round(framework, agency_a, agency_b):
    return section_11_round(
        agencies=[agency_a, agency_b],
        framework=framework,
        name="Section 11 audit 2025",
        deadline=days_from_today(-1),
    )


def return_of(round, agency):
    return round.returns.get(agency=agency)


# Who may use the pages


READERS = ["business_unit", "scrutineer", "partner_lead"]


@pytest.mark.parametrize("page", ["scrutiny:round", "scrutiny:round_grid"])
@pytest.mark.parametrize("who", READERS)
def test_the_business_unit_scrutineer_and_partner_leads_read_a_round(
    client, cast, round, page, who
):
    client.force_login(cast[who])

    assert client.get(reverse(page, args=[round.pk])).status_code == 200


@pytest.mark.parametrize(
    "page", ["scrutiny:round", "scrutiny:round_grid", "scrutiny:round_grid_export"]
)
@pytest.mark.parametrize("who", ["agency_lead_a", "practitioner"])
def test_agency_leads_and_practitioners_cannot_see_a_rounds_pages(client, cast, round, page, who):
    """A round's pages show every agency's return; an agency lead sees only their own."""
    client.force_login(cast[who])

    assert client.get(reverse(page, args=[round.pk])).status_code == 403


@pytest.mark.parametrize("who", ["agency_lead_a", "practitioner"])
def test_agency_leads_and_practitioners_cannot_list_the_rounds(client, cast, who):
    client.force_login(cast[who])

    assert client.get(reverse("scrutiny:rounds")).status_code == 403


@pytest.mark.parametrize("who", ["scrutineer", "partner_lead", "agency_lead_a"])
def test_only_the_business_unit_opens_rounds_and_extends_deadlines(client, cast, round, who):
    client.force_login(cast[who])

    assert client.get(reverse("scrutiny:round_create")).status_code == 403
    extend = reverse(
        "scrutiny:return_extend", args=[return_of(round, cast["agency_lead_a"].agency).pk]
    )
    assert (
        client.post(
            extend, {"deadline_0": "1", "deadline_1": "1", "deadline_2": "2099"}
        ).status_code
        == 403
    )


def test_the_dashboard_offers_each_role_its_section_11_page(client, cast):
    client.force_login(cast["agency_lead_a"])
    lead = client.get(reverse("portal:dashboard")).content.decode()
    client.force_login(cast["business_unit"])
    staff = client.get(reverse("portal:dashboard")).content.decode()

    def link(name):
        return f'href="{reverse(name)}"'

    assert link("scrutiny:my_returns") in lead
    assert link("scrutiny:rounds") not in lead
    assert link("scrutiny:rounds") in staff
    assert link("scrutiny:my_returns") not in staff


# The list of rounds


def test_the_list_shows_each_rounds_deadline_and_returns_in_and_late(
    client, business_unit, round, agency_a, agency_b
):
    submit(return_of(round, agency_a), "green")  # a day after the deadline: late
    client.force_login(business_unit)

    response = client.get(reverse("scrutiny:rounds"))

    [listed] = response.context["rounds"]
    assert (listed.submitted_count, listed.returns_count) == (1, 2)
    assert (listed.late_count, listed.overdue_count) == (1, 1)
    page = response.content.decode()
    assert "1 of 2" in page
    assert days_from_today(-1).strftime("%-d %B %Y") in page


def test_the_list_of_rounds_takes_the_same_queries_whatever_its_length(
    client, business_unit, framework, agency_a, django_assert_num_queries
):
    client.force_login(business_unit)
    for n in range(2):
        section_11_round(agencies=[agency_a], framework=framework, name=f"Round {n}")
    with django_assert_num_queries(8):
        client.get(reverse("scrutiny:rounds"))
    for n in range(2, 30):
        section_11_round(agencies=[agency_a], framework=framework, name=f"Round {n}")
    with django_assert_num_queries(8):
        response = client.get(reverse("scrutiny:rounds"))
    assert len(response.context["rounds"]) == 25


# Opening a round


def round_data(agencies, framework, **overrides):
    data = {
        "framework": framework.pk,
        "name": "Section 11 audit 2026",
        "period_start_0": "1",
        "period_start_1": "4",
        "period_start_2": "2025",
        "period_end_0": "31",
        "period_end_1": "3",
        "period_end_2": "2026",
        "deadline_0": str(days_from_today(30).day),
        "deadline_1": str(days_from_today(30).month),
        "deadline_2": str(days_from_today(30).year),
        "agencies": [agency.pk for agency in agencies],
    }
    data.update(overrides)
    return data


def test_the_form_offers_active_agencies_statutory_partners_first_and_section_11_frameworks(
    client, business_unit, framework, agency_a, agency_b
):
    council = AgencyFactory(name="London Borough of Thameside", kind=AgencyKind.LOCAL_AUTHORITY)
    AgencyFactory(name="Closed Trust", is_active=False)
    make_framework(purpose=FrameworkPurpose.CHECKLIST, name="Six-step checklist")
    client.force_login(business_unit)

    form = client.get(reverse("scrutiny:round_create")).context["form"]

    assert list(form.fields["agencies"].queryset) == [council, agency_a, agency_b]
    assert list(form.fields["framework"].queryset) == [framework]


def test_the_business_unit_opens_a_round(client, business_unit, framework, agency_a, agency_b):
    client.force_login(business_unit)

    response = client.post(
        reverse("scrutiny:round_create"), round_data([agency_a, agency_b], framework), follow=True
    )

    round = Section11Round.objects.get()
    assert response.redirect_chain == [(reverse("scrutiny:round", args=[round.pk]), 302)]
    assert round.name == "Section 11 audit 2026"
    assert round.opened_by == business_unit
    assert round.deadline == days_from_today(30)
    assert {r.agency for r in round.returns.all()} == {agency_a, agency_b}
    assert "Round opened: 2 agencies asked for a return" in response.content.decode()


def test_a_round_with_mistakes_shows_them_and_opens_nothing(
    client, business_unit, framework, agency_a
):
    client.force_login(business_unit)
    yesterday = days_from_today(-1)

    response = client.post(
        reverse("scrutiny:round_create"),
        round_data(
            [],
            framework,
            name="",
            period_end_2="2024",
            deadline_0=str(yesterday.day),
            deadline_1=str(yesterday.month),
            deadline_2=str(yesterday.year),
        ),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["Enter a name for the round"],
        "agencies": ["Select at least one agency"],
        "period_end": ["The end of the period must be the same as or after its start"],
    }
    assert not Section11Round.objects.exists()
    assert "<title>Error: " in response.content.decode()


def test_a_deadline_in_the_past_is_refused_by_the_service_and_shown_on_its_field(
    client, business_unit, framework, agency_a
):
    client.force_login(business_unit)
    yesterday = days_from_today(-1)

    response = client.post(
        reverse("scrutiny:round_create"),
        round_data(
            [agency_a],
            framework,
            deadline_0=str(yesterday.day),
            deadline_1=str(yesterday.month),
            deadline_2=str(yesterday.year),
        ),
    )

    assert response.context["form"].errors == {
        "deadline": ["The deadline must be today or in the future"]
    }
    assert not Section11Round.objects.exists()


# A round's page


def test_the_round_page_shows_each_return_with_its_status_late_and_extended_deadline(
    client, business_unit, round, agency_a, agency_b
):
    submitted = submit(return_of(round, agency_a), "green")
    draft = return_of(round, agency_b)
    draft.deadline = days_from_today(14)
    draft.save(update_fields=["deadline"])
    client.force_login(business_unit)

    response = client.get(reverse("scrutiny:round", args=[round.pk]))

    page = response.content.decode()
    rows = {a.agency: a for a in response.context["returns"]}
    assert rows[agency_a].submitted_late and not rows[agency_a].overdue
    assert rows[agency_b].extended and not rows[agency_b].overdue
    assert ">Late</strong>" in page
    assert ">Extended</strong>" in page
    assert days_from_today(14).strftime("%-d %B %Y") in page
    assert reverse("scrutiny:assessment", args=[submitted.pk]) in page
    assert reverse("scrutiny:assessment", args=[draft.pk]) in page
    assert reverse("scrutiny:assessment_accept", args=[submitted.pk]) in page
    assert reverse("scrutiny:assessment_return", args=[submitted.pk]) in page
    assert reverse("scrutiny:return_extend", args=[draft.pk]) in page
    # Only a return still with its agency can be given longer.
    assert reverse("scrutiny:return_extend", args=[submitted.pk]) not in page


def test_a_return_still_out_after_its_deadline_is_overdue(client, business_unit, round, agency_b):
    client.force_login(business_unit)

    response = client.get(reverse("scrutiny:round", args=[round.pk]))

    rows = {a.agency: a for a in response.context["returns"]}
    assert rows[agency_b].overdue
    assert ">Overdue</strong>" in response.content.decode()


def test_readers_see_the_returns_but_not_the_business_units_actions(
    client, scrutineer, round, agency_a
):
    submitted = submit(return_of(round, agency_a), "green")
    client.force_login(scrutineer)

    page = client.get(reverse("scrutiny:round", args=[round.pk])).content.decode()

    assert reverse("scrutiny:assessment", args=[submitted.pk]) in page
    assert reverse("scrutiny:assessment_accept", args=[submitted.pk]) not in page
    assert "Extend deadline" not in page


def make_round_of(count, framework):
    agencies = [AgencyFactory(name=f"Agency {count}-{n}") for n in range(count)]
    earlier = section_11_round(
        agencies=agencies, framework=framework, deadline=days_from_today(-count * 10)
    )
    for assessment in earlier.returns.all():
        submit(assessment, "amber")
    round = section_11_round(agencies=agencies, framework=framework)
    for assessment in list(round.returns.all())[::2]:
        submit(assessment, "green")
    return round


@pytest.mark.parametrize(("page", "queries"), [("scrutiny:round", 9), ("scrutiny:round_grid", 13)])
def test_the_round_page_and_grid_take_the_same_queries_whatever_the_number_of_agencies(
    client, business_unit, framework, django_assert_num_queries, page, queries
):
    small, large = make_round_of(2, framework), make_round_of(30, framework)
    client.force_login(business_unit)

    with django_assert_num_queries(queries):
        assert client.get(reverse(page, args=[small.pk])).status_code == 200
    with django_assert_num_queries(queries):
        response = client.get(reverse(page, args=[large.pk]))
    # The round page lists 25 returns a page; the grid shows every agency.
    shown = 25 if page == "scrutiny:round" else 30
    links = re.findall(r'href="/portal/scrutiny/assessments/\d+/"', response.content.decode())
    assert len(links) == shown


# Extending one agency's deadline


def extend_data(day):
    return {"deadline_0": str(day.day), "deadline_1": str(day.month), "deadline_2": str(day.year)}


def test_the_business_unit_gives_one_agency_longer(client, business_unit, round, agency_a):
    draft = return_of(round, agency_a)
    client.force_login(business_unit)

    response = client.post(
        reverse("scrutiny:return_extend", args=[draft.pk]),
        extend_data(days_from_today(10)),
        follow=True,
    )

    assert response.redirect_chain == [(reverse("scrutiny:round", args=[round.pk]), 302)]
    draft.refresh_from_db()
    assert draft.deadline == days_from_today(10)
    assert (
        f"Deadline for {agency_a} extended to {days_from_today(10):%-d %B %Y}"
        in response.content.decode()
    )


def test_an_earlier_deadline_is_refused_on_the_form(client, business_unit, round, agency_a):
    draft = return_of(round, agency_a)
    client.force_login(business_unit)

    response = client.post(
        reverse("scrutiny:return_extend", args=[draft.pk]), extend_data(days_from_today(-5))
    )

    assert response.context["form"].errors == {
        "deadline": [f"The new deadline must be after {days_from_today(-1):%-d %B %Y}"]
    }
    draft.refresh_from_db()
    assert draft.deadline == days_from_today(-1)


def test_a_submitted_return_cannot_be_given_longer(client, business_unit, round, agency_a):
    submitted = submit(return_of(round, agency_a), "green")
    client.force_login(business_unit)

    response = client.post(
        reverse("scrutiny:return_extend", args=[submitted.pk]), extend_data(days_from_today(10))
    )

    assert response.context["form"].non_field_errors() == [
        "This return is submitted: its deadline can be extended only while it is with the agency"
    ]
    submitted.refresh_from_db()
    assert submitted.deadline == days_from_today(-1)


def test_an_assessment_outside_a_round_has_no_deadline_page(client, business_unit):
    checklist = assessment_services.assessment_create(
        framework=make_framework(),
        period_start=datetime.date(2024, 4, 1),
        period_end=datetime.date(2025, 3, 31),
    )
    client.force_login(business_unit)

    assert client.get(reverse("scrutiny:return_extend", args=[checklist.pk])).status_code == 404


# The grid and its download


def test_the_grid_shows_each_level_as_a_tag_with_text_and_the_previous_one_beside_it(
    client, partner_lead, framework, agency_a, agency_b
):
    earlier = section_11_round(
        agencies=[agency_a], framework=framework, deadline=days_from_today(-300)
    )
    submit(return_of(earlier, agency_a), "amber")
    round = section_11_round(agencies=[agency_a, agency_b], framework=framework)
    submit(return_of(round, agency_a), "green")
    client.force_login(partner_lead)

    response = client.get(reverse("scrutiny:round_grid", args=[round.pk]))

    page = response.content.decode()
    assert page.count('<strong class="govuk-tag govuk-tag--green">Green</strong>') >= 4
    assert page.count("was Amber") == 4
    assert page.count("Not submitted") == 4
    assert "<caption" in page
    assert reverse("scrutiny:round_grid_export", args=[round.pk]) in page


def test_the_grid_downloads_as_a_spreadsheet(client, scrutineer, round, agency_a):
    submit(return_of(round, agency_a), "red")
    client.force_login(scrutineer)

    response = client.get(reverse("scrutiny:round_grid_export", args=[round.pk]))

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="section-11-audit-2025-grid.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content))["Grid"]
    assert sheet.cell(1, 4).value == agency_a.name
    assert sheet.cell(2, 4).value == "Red"


# An agency lead's own returns


def test_an_agency_lead_sees_only_their_own_agencys_returns(
    client, agency_lead_a, framework, round, agency_a, agency_b
):
    section_11_round(agencies=[agency_b], framework=framework, name="Health only")
    client.force_login(agency_lead_a)

    response = client.get(reverse("scrutiny:my_returns"))

    assert [a.agency for a in response.context["returns"]] == [agency_a]
    page = response.content.decode()
    assert reverse("scrutiny:assessment", args=[return_of(round, agency_a).pk]) in page
    assert reverse("scrutiny:assessment", args=[return_of(round, agency_b).pk]) not in page
    assert "Health only" not in page


def test_another_agencys_return_is_not_found_for_an_agency_lead(
    client, agency_lead_a, round, agency_b
):
    client.force_login(agency_lead_a)

    response = client.get(reverse("scrutiny:assessment", args=[return_of(round, agency_b).pk]))

    assert response.status_code == 404


def test_an_agency_lead_sees_each_returns_status_and_deadline(
    client, agency_lead_a, round, agency_a
):
    assessment_services.assessment_return(
        assessment=submit(return_of(round, agency_a), "green"), comment="Add the audit"
    )
    client.force_login(agency_lead_a)

    response = client.get(reverse("scrutiny:my_returns"))

    page = response.content.decode()
    assert "Returned for more evidence" in page
    assert days_from_today(-1).strftime("%-d %B %Y") in page


def test_an_agency_lead_without_returns_is_told_so(client, agency_lead_b):
    client.force_login(agency_lead_b)

    response = client.get(reverse("scrutiny:my_returns"))

    assert "has not been asked for a Section 11 return yet" in response.content.decode()


def test_an_agency_leads_returns_take_the_same_queries_whatever_their_number(
    client, agency_lead_a, framework, agency_a, django_assert_num_queries
):
    client.force_login(agency_lead_a)
    for n in range(2):
        section_11_round(agencies=[agency_a], framework=framework, name=f"Round {n}")
    with django_assert_num_queries(8):
        client.get(reverse("scrutiny:my_returns"))
    for n in range(2, 30):
        section_11_round(agencies=[agency_a], framework=framework, name=f"Round {n}")
    with django_assert_num_queries(8):
        response = client.get(reverse("scrutiny:my_returns"))
    assert len(response.context["returns"]) == 25
