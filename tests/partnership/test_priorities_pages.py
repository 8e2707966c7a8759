"""The priorities list and a priority's page: who reads them, what they show, and queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.models import ActionStatus

from ..factories import ActionFactory, PriorityFactory, PriorityUpdateFactory

URL = reverse("portal:priorities")


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def areas(response):
    return [priority.area for priority in response.context["page"].object_list]


@pytest.fixture
def periods(db):
    """Priorities for last period, this period and next."""
    return {
        "past": PriorityFactory(area="Past", period_start=days(-800), period_end=days(-400)),
        "current": PriorityFactory(area="Current", period_start=days(-100), period_end=days(265)),
        "future": PriorityFactory(area="Future", period_start=days(300), period_end=days(665)),
    }


@pytest.mark.parametrize("who", ["business_unit", "scrutineer", "partner_lead", "agency_lead_a"])
def test_every_role_but_practitioners_reads_the_priorities(client, cast, periods, who):
    client.force_login(cast[who])

    assert client.get(URL).status_code == 200
    priority = reverse("portal:priority", kwargs={"pk": periods["current"].pk})
    assert client.get(priority).status_code == 200


def test_practitioners_are_refused(client, practitioner, periods):
    client.force_login(practitioner)

    assert client.get(URL).status_code == 403
    priority = reverse("portal:priority", kwargs={"pk": periods["current"].pk})
    assert client.get(priority).status_code == 403


def test_the_current_periods_priorities_come_first_then_the_newest(client, scrutineer, periods):
    client.force_login(scrutineer)

    response = client.get(URL)

    assert areas(response) == ["Current", "Future", "Past"]
    assert response.content.decode().count(">Current</strong>") == 1


def test_each_row_shows_the_period_and_the_latest_update(client, scrutineer):
    priority = PriorityFactory(
        area="Neglect",
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2026, 3, 31),
    )
    PriorityUpdateFactory(priority=priority, written_on=datetime.date(2025, 9, 1))
    PriorityUpdateFactory(priority=priority, written_on=datetime.date(2026, 1, 15))
    PriorityFactory(area="Exploitation")
    client.force_login(scrutineer)

    html = client.get(URL).content.decode()

    assert "1 April 2025 to 31 March 2026" in html
    assert "15 January 2026" in html
    assert "1 September 2025" not in html
    assert "No updates yet" in html


def test_the_period_filter_shows_only_that_periods_priorities(client, scrutineer, periods):
    client.force_login(scrutineer)
    past = periods["past"]
    choice = f"{past.period_start:%Y-%m-%d}_{past.period_end:%Y-%m-%d}"

    response = client.get(URL, {"period": choice})

    assert areas(response) == ["Past"]
    assert f'<option value="{choice}" selected>' in response.content.decode()


def test_the_list_is_paged(client, scrutineer):
    PriorityFactory.create_batch(27)
    client.force_login(scrutineer)

    assert len(areas(client.get(URL))) == 25
    assert len(areas(client.get(URL, {"page": 2}))) == 2


def test_the_list_runs_a_fixed_number_of_queries(client, scrutineer, django_assert_num_queries):
    def add(count):
        for n in range(count):
            priority = PriorityFactory(
                period_start=datetime.date(2020 + n % 5, 4, 1),
                period_end=datetime.date(2021 + n % 5, 3, 31),
            )
            PriorityUpdateFactory(priority=priority)

    client.force_login(scrutineer)
    client.get(URL)  # the first request after sign-in stamps the session
    add(2)
    # Session, user, the second factor's device, the periods for the filter, the count, the page,
    # then the session saved inside a savepoint (three): nine, at any size.
    with django_assert_num_queries(9):
        client.get(URL)
    add(30)
    with django_assert_num_queries(9):
        client.get(URL)


# One priority


def priority_page(client, user, priority):
    client.force_login(user)
    return client.get(reverse("portal:priority", kwargs={"pk": priority.pk})).content.decode()


def test_it_shows_the_rationale_plans_updates_newest_first_and_impact(client, scrutineer):
    priority = PriorityFactory(
        area="Neglect",
        rationale="Three reviews found it.",
        planned_actions="Roll out the toolkit.\n\nAudit its use.",
        impact_statement="Referrals now arrive with the toolkit.",
    )
    PriorityUpdateFactory(priority=priority, written_on=datetime.date(2025, 9, 1), progress="Old")
    PriorityUpdateFactory(priority=priority, written_on=datetime.date(2026, 1, 5), progress="New")

    html = priority_page(client, scrutineer, priority)

    assert '<h1 class="govuk-heading-l">Neglect</h1>' in html
    assert "Three reviews found it." in html
    assert '<p class="govuk-body">Audit its use.</p>' in html
    assert "Referrals now arrive with the toolkit." in html
    assert html.index("5 January 2026") < html.index("1 September 2025")
    assert html.index(">New<") < html.index(">Old<")


def test_it_lists_the_actions_raised_against_it_with_status_tags(client, scrutineer, agency_a):
    priority = PriorityFactory()
    ActionFactory(
        title="Audit the toolkit", owner_agency=agency_a, source=priority, status="on_track"
    )
    ActionFactory(
        title="Train the trainers",
        owner_agency=agency_a,
        source=priority,
        status=ActionStatus.AT_RISK,
        due_on=days(-3),
    )
    ActionFactory(title="Action of another priority", source=PriorityFactory())
    ActionFactory(title="An action with no source")

    html = priority_page(client, scrutineer, priority)

    assert "Audit the toolkit" in html
    assert '<strong class="govuk-tag govuk-tag--blue">On track</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in html
    assert "Action of another priority" not in html
    assert "An action with no source" not in html


def test_an_agency_lead_sees_only_their_own_agencys_actions(
    client, agency_lead_a, agency_a, agency_b
):
    priority = PriorityFactory()
    ActionFactory(title="Police action", owner_agency=agency_a, source=priority)
    ActionFactory(title="Health action", owner_agency=agency_b, source=priority)

    html = priority_page(client, agency_lead_a, priority)

    assert "Police action" in html
    assert "Health action" not in html


def test_only_the_business_unit_is_offered_changes(client, business_unit, partner_lead):
    priority = PriorityFactory()
    edit = reverse("portal:priority_edit", kwargs={"pk": priority.pk})
    update = reverse("portal:priority_update_add", kwargs={"pk": priority.pk})

    assert edit in priority_page(client, business_unit, priority)
    assert update in priority_page(client, business_unit, priority)
    assert edit not in priority_page(client, partner_lead, priority)
    assert update not in priority_page(client, partner_lead, priority)
