"""The business unit's pages to add and change actions."""

import datetime

import pytest
from django.urls import reverse

from partnership.models import Action, ActionStatus

from ..factories import ActionFactory, AgencyFactory, PersonFactory, PriorityFactory

CREATE = reverse("portal:action_create")


def edit_url(action):
    return reverse("portal:action_edit", kwargs={"pk": action.pk})


def form_data(agency, person=None, **changes):
    data = {
        "title": "Audit neglect referrals",
        "description": "Sample 20 cases.",
        "owner_agency": agency.pk,
        "owner_person": person.pk if person else "",
        "due_on_0": "5",
        "due_on_1": "3",
        "due_on_2": "2027",
        "status": ActionStatus.NOT_STARTED,
    }
    return {**data, **changes}


def test_the_business_unit_adds_an_action(client, business_unit, agency_a):
    owner = PersonFactory(agency=agency_a)
    client.force_login(business_unit)

    response = client.post(CREATE, form_data(agency_a, owner), follow=True)

    action = Action.objects.get()
    assert response.redirect_chain == [(reverse("portal:action", kwargs={"pk": action.pk}), 302)]
    assert "Action added: Audit neglect referrals" in response.content.decode()
    assert (action.owner_agency, action.owner_person) == (agency_a, owner)
    assert action.due_on == datetime.date(2027, 3, 5)
    assert action.source is None


def test_the_owner_must_work_for_the_owner_agency(client, business_unit, agency_a, agency_b):
    someone_else = PersonFactory(agency=agency_b)
    client.force_login(business_unit)

    response = client.post(CREATE, form_data(agency_a, someone_else))

    assert response.context["form"].errors == {
        "owner_person": [
            "Select a person who works for Metropolitan Police Service, or change the owner agency"
        ]
    }
    assert 'href="#id_owner_person"' in response.content.decode()  # in the error summary
    assert not Action.objects.exists()


def test_an_action_may_have_no_named_owner_yet(client, business_unit, agency_a):
    client.force_login(business_unit)

    client.post(CREATE, form_data(agency_a))

    assert Action.objects.get().owner_person is None


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the due date"),
        ("31", "2", "2027", "The due date must be a real date"),
        ("5", "3", "27", "The year of the due date must include 4 numbers"),
    ],
)
def test_it_explains_a_due_date_it_cannot_use(
    client, business_unit, agency_a, day, month, year, message
):
    client.force_login(business_unit)

    response = client.post(CREATE, form_data(agency_a, due_on_0=day, due_on_1=month, due_on_2=year))

    assert response.context["form"].errors["due_on"] == [message]
    assert not Action.objects.exists()


def test_inactive_agencies_and_people_cannot_be_given_new_actions(client, business_unit):
    closed = AgencyFactory(name="Closed trust", is_active=False)
    gone = PersonFactory(full_name="Long gone", is_active=False)
    client.force_login(business_unit)

    form = client.get(CREATE).context["form"]

    assert closed not in form.fields["owner_agency"].queryset
    assert gone not in form.fields["owner_person"].queryset


def test_the_business_unit_changes_an_action_and_keeps_its_source(
    client, business_unit, agency_a, agency_b
):
    priority = PriorityFactory(area="Neglect")
    action = ActionFactory(owner_agency=agency_a, source=priority)
    new_owner = PersonFactory(agency=agency_b)
    client.force_login(business_unit)

    response = client.post(
        edit_url(action),
        form_data(agency_b, new_owner, title="Audit again", status=ActionStatus.ON_TRACK),
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.owner_agency, action.owner_person, action.status) == (
        "Audit again",
        agency_b,
        new_owner,
        ActionStatus.ON_TRACK,
    )
    assert action.source == priority


def test_the_edit_form_starts_with_the_action_as_it_is(client, business_unit, agency_a):
    action = ActionFactory(owner_agency=agency_a, due_on=datetime.date(2027, 3, 5))
    client.force_login(business_unit)

    form = client.get(edit_url(action)).context["form"]

    assert form["title"].value() == action.title
    assert form["owner_person"].value() == action.owner_person_id
    assert form["due_on"].value() == datetime.date(2027, 3, 5)


def test_an_action_of_an_agency_since_closed_can_still_be_changed(client, business_unit):
    closed = AgencyFactory(name="Closed trust", is_active=False)
    action = ActionFactory(owner_agency=closed)
    client.force_login(business_unit)

    response = client.post(
        edit_url(action), form_data(closed, action.owner_person, title="Hand over")
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Hand over"


@pytest.mark.parametrize("who", ["scrutineer", "partner_lead", "agency_lead_a"])
def test_only_the_business_unit_may_add_or_change_actions(client, cast, agency_a, who):
    action = ActionFactory(owner_agency=agency_a)
    client.force_login(cast[who])

    assert client.post(CREATE, form_data(agency_a)).status_code == 403
    assert client.post(edit_url(action), form_data(agency_a, title="Mine")).status_code == 403
    assert Action.objects.get().title == action.title
