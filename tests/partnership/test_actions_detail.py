"""An action's page: what it shows, who may record progress on it, and agency scoping."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.models import ActionNote, ActionStatus

from ..factories import ActionFactory, ActionNoteFactory, PersonFactory, PriorityFactory


def url(action):
    return reverse("portal:action", kwargs={"pk": action.pk})


@pytest.fixture
def action(agency_a):
    return ActionFactory(
        title="Audit neglect referrals",
        description="Sample 20 cases.",
        owner_agency=agency_a,
        owner_person=PersonFactory(full_name="Dee Sergeant", agency=agency_a),
        due_on=datetime.date(2099, 3, 5),
        source=PriorityFactory(area="Neglect"),
    )


def progress(status=ActionStatus.ON_TRACK, note="Training dates booked."):
    return {"status": status, "note": note}


def test_it_shows_the_action_its_source_and_its_notes(client, scrutineer, agency_lead_a, action):
    ActionNoteFactory(action=action, author=agency_lead_a, text="Cases chosen.")
    client.force_login(scrutineer)

    html = client.get(url(action)).content.decode()

    assert "<h1" in html and "Audit neglect referrals</h1>" in html
    assert "Dee Sergeant" in html
    assert "5 March 2099" in html
    assert "Sample 20 cases." in html
    assert "Strategic priority: Neglect" in html
    assert "Cases chosen." in html
    assert "Test Lead-A" in html


def test_an_agency_lead_cannot_see_another_agencys_action(client, agency_lead_b, action):
    client.force_login(agency_lead_b)

    assert client.get(url(action)).status_code == 404


def test_an_agency_lead_cannot_update_another_agencys_action(client, agency_lead_b, action):
    client.force_login(agency_lead_b)

    response = client.post(url(action), progress(ActionStatus.COMPLETE))

    assert response.status_code == 404
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED
    assert not ActionNote.objects.exists()


def test_an_agency_lead_records_progress_on_their_agencys_action(client, agency_lead_a, action):
    client.force_login(agency_lead_a)

    response = client.post(
        url(action), progress(ActionStatus.AT_RISK, "Staff off sick."), follow=True
    )

    assert response.redirect_chain == [(url(action), 302)]
    assert "Progress note added" in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.AT_RISK
    note = action.notes.get()
    assert (note.text, note.status, note.author) == (
        "Staff off sick.",
        ActionStatus.AT_RISK,
        agency_lead_a,
    )


def test_completing_an_action_records_the_day(client, business_unit, action):
    client.force_login(business_unit)

    client.post(url(action), progress(ActionStatus.COMPLETE, "Audit reported."))

    action.refresh_from_db()
    assert action.completed_on == timezone.localdate()


@pytest.mark.parametrize("who", ["scrutineer", "partner_lead"])
def test_readers_are_not_offered_the_progress_form_and_cannot_post_it(client, cast, who, action):
    client.force_login(cast[who])

    assert client.get(url(action)).context["form"] is None
    assert client.post(url(action), progress()).status_code == 403
    assert not ActionNote.objects.exists()


def test_a_progress_note_needs_text_and_a_status(client, agency_lead_a, action):
    client.force_login(agency_lead_a)

    response = client.post(url(action), {"status": "", "note": ""})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "Enter a progress note" in html
    assert "Select the status of the action" in html
    assert not ActionNote.objects.exists()


def test_the_progress_form_starts_at_the_current_status(client, agency_lead_a, action):
    action.status = ActionStatus.AT_RISK
    action.save()
    client.force_login(agency_lead_a)

    form = client.get(url(action)).context["form"]

    assert form["status"].value() == ActionStatus.AT_RISK


def test_an_overdue_action_is_tagged_overdue(client, business_unit, agency_a):
    late = ActionFactory(owner_agency=agency_a, due_on=timezone.localdate() - datetime.timedelta(1))
    client.force_login(business_unit)

    html = client.get(url(late)).content.decode()

    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in html


def test_only_the_business_unit_is_offered_to_change_the_action(
    client, business_unit, agency_lead_a, action
):
    edit = reverse("portal:action_edit", kwargs={"pk": action.pk})
    client.force_login(business_unit)
    assert edit in client.get(url(action)).content.decode()

    client.force_login(agency_lead_a)
    assert edit not in client.get(url(action)).content.decode()
