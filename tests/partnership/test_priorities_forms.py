"""Adding and changing priorities and their progress updates: business unit only, GOV.UK
errors, nothing saved when the form is wrong."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.models import Priority, PriorityUpdate

from ..factories import PriorityFactory


def priority_data(**overrides):
    return {
        "area": "Neglect",
        "period_start_0": "1",
        "period_start_1": "4",
        "period_start_2": "2025",
        "period_end_0": "31",
        "period_end_1": "3",
        "period_end_2": "2026",
        "rationale": "Three reviews found it.",
        "planned_actions": "Roll out the toolkit.",
        "impact_statement": "",
        "position": "1",
        **overrides,
    }


def test_the_business_unit_adds_a_priority(client, business_unit):
    client.force_login(business_unit)

    response = client.post(reverse("portal:priority_create"), priority_data())

    priority = Priority.objects.get()
    assert response["Location"] == reverse("portal:priority", kwargs={"pk": priority.pk})
    assert (priority.area, priority.period_start, priority.period_end) == (
        "Neglect",
        datetime.date(2025, 4, 1),
        datetime.date(2026, 3, 31),
    )


@pytest.mark.parametrize("who", ["scrutineer", "partner_lead", "agency_lead_a"])
def test_readers_cannot_add_priorities(client, cast, who):
    client.force_login(cast[who])

    assert client.post(reverse("portal:priority_create"), priority_data()).status_code == 403
    assert not Priority.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message", "anchor"),
    [
        ({"area": ""}, "Enter the priority area", "id_area"),
        ({"rationale": ""}, "Enter why this is a priority", "id_rationale"),
        ({"planned_actions": ""}, "Enter what the partnership plans to do", "id_planned_actions"),
        (
            {"period_end_2": "2025"},
            "The end of the period must be the same as or after the start",
            "id_period_end",
        ),
        (
            {"period_start_0": "", "period_start_1": "", "period_start_2": ""},
            "Enter the start of the period",
            "id_period_start",
        ),
        ({"position": "first"}, "The position must be a whole number, like 1", "id_position"),
    ],
)
def test_a_wrong_priority_form_says_what_to_fix_and_saves_nothing(
    client, business_unit, overrides, message, anchor
):
    client.force_login(business_unit)

    response = client.post(reverse("portal:priority_create"), priority_data(**overrides))

    html = response.content.decode()
    assert "<title>Error: Add a priority" in html
    assert f'<a href="#{anchor}">{message}</a>' in html
    assert not Priority.objects.exists()


def test_the_business_unit_changes_a_priority(client, business_unit):
    priority = PriorityFactory(area="Neglect")
    client.force_login(business_unit)

    client.post(
        reverse("portal:priority_edit", kwargs={"pk": priority.pk}),
        priority_data(area="Neglect and poverty", impact_statement="Referrals improved."),
    )

    priority.refresh_from_db()
    assert (priority.area, priority.impact_statement) == (
        "Neglect and poverty",
        "Referrals improved.",
    )


def test_a_wrong_change_keeps_the_saved_name_in_the_heading(client, business_unit):
    priority = PriorityFactory(area="Neglect")
    client.force_login(business_unit)

    html = client.post(
        reverse("portal:priority_edit", kwargs={"pk": priority.pk}),
        priority_data(area="Renamed", rationale=""),
    ).content.decode()

    assert "Back to Neglect" in html
    priority.refresh_from_db()
    assert priority.area == "Neglect"


# Progress updates


def update_url(priority):
    return reverse("portal:priority_update_add", kwargs={"pk": priority.pk})


def day_fields(day):
    return {"written_on_0": day.day, "written_on_1": day.month, "written_on_2": day.year}


def test_the_business_unit_adds_a_dated_progress_update(client, business_unit):
    priority = PriorityFactory()
    client.force_login(business_unit)

    response = client.post(
        update_url(priority),
        {**day_fields(datetime.date(2025, 9, 1)), "progress": "Training delivered."},
    )

    update = PriorityUpdate.objects.get()
    assert response["Location"] == reverse("portal:priority", kwargs={"pk": priority.pk})
    assert (update.priority, update.written_on, update.progress, update.author) == (
        priority,
        datetime.date(2025, 9, 1),
        "Training delivered.",
        business_unit,
    )


def test_the_update_form_starts_on_today(client, business_unit):
    client.force_login(business_unit)

    html = client.get(update_url(PriorityFactory())).content.decode()

    assert f'name="written_on_2" value="{timezone.localdate().year}"' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"progress": "Done"} | day_fields(timezone.localdate() + datetime.timedelta(days=1)),
            "The date of the update must be today or in the past",
        ),
        ({"progress": ""} | day_fields(datetime.date(2025, 9, 1)), "Enter the progress made"),
        ({"progress": "Done"}, "Enter the date of the update"),
    ],
    ids=["future date", "no progress", "no date"],
)
def test_a_wrong_update_says_what_to_fix_and_saves_nothing(client, business_unit, data, message):
    client.force_login(business_unit)

    html = client.post(update_url(PriorityFactory()), data).content.decode()

    assert message in html
    assert 'class="govuk-error-summary"' in html
    assert not PriorityUpdate.objects.exists()


@pytest.mark.parametrize("who", ["scrutineer", "agency_lead_a"])
def test_readers_cannot_add_updates(client, cast, who):
    client.force_login(cast[who])

    response = client.post(
        update_url(PriorityFactory()),
        {**day_fields(datetime.date(2025, 9, 1)), "progress": "Done"},
    )

    assert response.status_code == 403
    assert not PriorityUpdate.objects.exists()
