"""The list of actions: who sees which, the filters, overdue, sources, paging and its queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.models import ActionStatus, Person, Priority

from ..factories import ActionFactory, PersonFactory, PriorityFactory

URL = reverse("portal:actions")


def titles(response):
    return [action.title for action in response.context["actions"]]


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def two_agencies_actions(agency_a, agency_b):
    return {
        "a": ActionFactory(title="Police action", owner_agency=agency_a),
        "b": ActionFactory(title="Health action", owner_agency=agency_b),
    }


@pytest.mark.parametrize("who", ["business_unit", "scrutineer", "partner_lead"])
def test_staff_roles_see_every_agencys_actions(client, cast, two_agencies_actions, who):
    client.force_login(cast[who])

    response = client.get(URL)

    assert titles(response) == ["Police action", "Health action"]


def test_an_agency_lead_sees_only_their_own_agencys_actions(
    client, agency_lead_b, two_agencies_actions
):
    client.force_login(agency_lead_b)

    response = client.get(URL)

    assert titles(response) == ["Health action"]
    assert "Police action" not in response.content.decode()


def test_an_agency_lead_cannot_choose_another_agency_in_the_filters(
    client, agency_lead_b, agency_a, two_agencies_actions
):
    client.force_login(agency_lead_b)

    response = client.get(URL, {"agency": agency_a.pk})

    assert "agency" not in response.context["filters"].fields
    assert titles(response) == ["Health action"]


def test_a_practitioner_may_not_see_the_list(client, practitioner, two_agencies_actions):
    client.force_login(practitioner)

    assert client.get(URL).status_code == 403


def test_it_lists_each_actions_owner_due_date_status_and_source(client, business_unit, agency_a):
    owner = PersonFactory(full_name="Dee Sergeant", agency=agency_a)
    ActionFactory(
        title="Audit neglect referrals",
        owner_agency=agency_a,
        owner_person=owner,
        due_on=datetime.date(2099, 3, 5),
        status=ActionStatus.AT_RISK,
        source=PriorityFactory(area="Neglect"),
    )
    client.force_login(business_unit)

    html = client.get(URL).content.decode()

    assert "Audit neglect referrals" in html
    assert "Metropolitan Police Service" in html
    assert "Dee Sergeant" in html
    assert "5 March 2099" in html
    assert '<strong class="govuk-tag govuk-tag--orange">At risk</strong>' in html
    assert f"{Priority._meta.verbose_name.capitalize()}: Neglect" in html


def test_an_action_without_a_source_says_none(client, business_unit, agency_a):
    ActionFactory(owner_agency=agency_a)
    client.force_login(business_unit)

    response = client.get(URL)

    assert response.context["actions"][0].source_label == "None"


def test_an_action_whose_source_was_deleted_says_so(client, business_unit, agency_a):
    priority = PriorityFactory(area="Online harm")
    ActionFactory(owner_agency=agency_a, source=priority)
    priority.delete()
    client.force_login(business_unit)

    response = client.get(URL)

    assert response.context["actions"][0].source_label == "Strategic priority (since deleted)"


def test_an_open_action_past_its_due_date_is_tagged_overdue(client, business_unit, agency_a):
    ActionFactory(title="Late", owner_agency=agency_a, due_on=days_from_today(-1))
    ActionFactory(title="Due today", owner_agency=agency_a, due_on=days_from_today(0))
    ActionFactory(
        title="Late but done",
        owner_agency=agency_a,
        due_on=days_from_today(-5),
        status=ActionStatus.COMPLETE,
    )
    client.force_login(business_unit)

    response = client.get(URL)

    overdue = {action.title: action.overdue for action in response.context["actions"]}
    assert overdue == {"Late": True, "Due today": False, "Late but done": False}
    assert response.content.decode().count("govuk-tag--red") == 1


def test_it_filters_by_agency(client, business_unit, agency_a, two_agencies_actions):
    client.force_login(business_unit)

    response = client.get(URL, {"agency": agency_a.pk})

    assert titles(response) == ["Police action"]


def test_it_filters_by_status(client, business_unit, agency_a):
    ActionFactory(title="Risky", owner_agency=agency_a, status=ActionStatus.AT_RISK)
    ActionFactory(title="Fine", owner_agency=agency_a, status=ActionStatus.ON_TRACK)
    client.force_login(business_unit)

    response = client.get(URL, {"status": ActionStatus.AT_RISK})

    assert titles(response) == ["Risky"]


def test_it_filters_overdue_actions_only(client, business_unit, agency_a):
    ActionFactory(title="Late", owner_agency=agency_a, due_on=days_from_today(-1))
    ActionFactory(title="In time", owner_agency=agency_a, due_on=days_from_today(1))
    client.force_login(business_unit)

    response = client.get(URL, {"overdue": "on"})

    assert titles(response) == ["Late"]


def test_it_filters_by_the_kind_of_source(client, business_unit, agency_a):
    ActionFactory(title="From a priority", owner_agency=agency_a, source=PriorityFactory())
    ActionFactory(
        title="From a person", owner_agency=agency_a, source=PersonFactory(agency=agency_a)
    )
    ActionFactory(title="From nowhere", owner_agency=agency_a)
    client.force_login(business_unit)
    offered = client.get(URL).context["filters"].fields["source_type"].choices
    priority_type = next(value for value, label in offered if label == "Strategic priority")

    response = client.get(URL, {"source_type": priority_type})

    assert titles(response) == ["From a priority"]


def test_the_source_filter_offers_only_the_kinds_actions_come_from(client, business_unit, agency_a):
    ActionFactory(owner_agency=agency_a, source=PriorityFactory())
    client.force_login(business_unit)

    response = client.get(URL)

    labels = [label for _, label in response.context["filters"].fields["source_type"].choices]
    assert labels == ["All sources", "Strategic priority"]


def test_the_source_filter_offers_an_agency_lead_only_the_kinds_of_their_actions(
    client, agency_lead_b, agency_a, agency_b
):
    ActionFactory(owner_agency=agency_a, source=PriorityFactory())
    ActionFactory(owner_agency=agency_b, source=PersonFactory(agency=agency_b))
    client.force_login(agency_lead_b)

    response = client.get(URL)

    labels = [label for _, label in response.context["filters"].fields["source_type"].choices]
    assert labels == ["All sources", Person._meta.verbose_name.capitalize()]


def test_a_filter_that_does_not_validate_is_shown_in_error_and_ignored(
    client, business_unit, two_agencies_actions
):
    client.force_login(business_unit)

    response = client.get(URL, {"agency": "999999", "status": ActionStatus.NOT_STARTED})

    assert "agency" in response.context["filters"].errors
    assert len(titles(response)) == 2


def test_the_business_unit_is_offered_to_add_an_action(client, business_unit):
    client.force_login(business_unit)

    html = client.get(URL).content.decode()

    assert f'href="{reverse("portal:action_create")}"' in html


@pytest.mark.parametrize("who", ["scrutineer", "partner_lead", "agency_lead_a"])
def test_other_roles_are_not_offered_to_add_an_action(client, cast, who):
    client.force_login(cast[who])

    html = client.get(URL).content.decode()

    assert reverse("portal:action_create") not in html


def test_it_shows_25_actions_a_page_and_keeps_the_filters_in_the_page_links(
    client, business_unit, agency_a
):
    ActionFactory.create_batch(30, owner_agency=agency_a, status=ActionStatus.ON_TRACK)
    client.force_login(business_unit)

    first = client.get(URL, {"status": ActionStatus.ON_TRACK, "submit": "Apply filters"})
    second = client.get(URL, {"status": ActionStatus.ON_TRACK, "page": 2})

    assert len(first.context["actions"]) == 25
    assert len(second.context["actions"]) == 5
    html = first.content.decode()
    assert 'class="govuk-pagination"' in html
    assert "?status=on_track&amp;page=2" in html


@pytest.mark.parametrize("who", ["business_unit", "agency_lead_a"])
def test_the_list_runs_a_fixed_number_of_queries(
    client, cast, agency_a, django_assert_num_queries, who
):
    def make(count):
        for _ in range(count):
            ActionFactory(owner_agency=agency_a, source=PriorityFactory())
            ActionFactory(owner_agency=agency_a, source=PersonFactory(agency=agency_a))

    client.force_login(cast[who])
    client.get(URL)  # the first request after sign-in stamps the session
    make(1)
    # Session, user, the kinds of source for the filters, the count, the page, one query for
    # each of the two kinds of source, the session saved (three); then either the agencies
    # the business unit may filter by or the agency lead's own agency, named in the lead text;
    # and for the business unit, who has a second factor, its device.
    expected = 12 if who == "business_unit" else 11
    with django_assert_num_queries(expected):
        response = client.get(URL, {"overdue": ""})
    assert len(response.context["actions"]) == 2
    make(14)
    with django_assert_num_queries(expected):
        response = client.get(URL, {"overdue": ""})
    assert len(response.context["actions"]) == 25


@pytest.mark.parametrize(
    ("who", "offered"),
    [
        ("business_unit", True),
        ("scrutineer", True),
        ("partner_lead", True),
        ("agency_lead_a", True),
        ("practitioner", False),
    ],
)
def test_the_dashboard_offers_actions_to_the_roles_that_may_see_them(client, cast, who, offered):
    client.force_login(cast[who])

    links = client.get(reverse("portal:dashboard")).context["links"]

    assert ("Actions" in [link.title for link in links]) is offered
