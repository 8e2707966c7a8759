"""The managed list of learning themes: who reads and changes it, and what it shows."""

import pytest
from django.urls import reverse

from partnership.models import AuditEntry, AuditVerb
from reviews.models import LearningTheme

from .factories import LearningThemeFactory, RecommendationFactory

LIST = reverse("reviews:themes")
CREATE = reverse("reviews:theme_create")


def edit(theme):
    return reverse("reviews:theme_edit", kwargs={"pk": theme.pk})


@pytest.fixture
def signed_in(client, business_unit):
    client.force_login(business_unit)
    return client


def test_the_list_shows_each_theme_with_its_number_of_recommendations(client, scrutineer):
    neglect = LearningThemeFactory(name="Neglect")
    LearningThemeFactory(name="Transitions", is_active=False)
    for _ in range(3):
        RecommendationFactory().themes.add(neglect)
    client.force_login(scrutineer)

    response = client.get(LIST)

    counts = {theme.name: theme.recommendation_count for theme in response.context["themes"]}
    assert counts == {"Neglect": 3, "Transitions": 0}
    html = response.content.decode()
    assert f"?theme={neglect.pk}&amp;complete=on" in html
    # A scrutineer reads the list; only the business unit changes it.
    assert CREATE not in html
    assert client.get(CREATE).status_code == 404


def test_the_business_unit_adds_a_theme(signed_in):
    response = signed_in.post(CREATE, {"name": "Working with fathers", "is_active": "on"})

    theme = LearningTheme.objects.get()
    assert response["Location"] == LIST
    assert (theme.name, theme.is_active) == ("Working with fathers", True)
    assert AuditEntry.objects.filter(verb=AuditVerb.CREATED, record_id=theme.pk).exists()


@pytest.mark.parametrize("name", ["Neglect", "NEGLECT"])
def test_a_theme_name_already_used_is_refused_in_any_case(signed_in, name):
    LearningThemeFactory(name="Neglect")

    response = signed_in.post(CREATE, {"name": name, "is_active": "on"})

    assert response.context["form"].errors["name"] == ["There is already a theme with this name"]
    assert LearningTheme.objects.count() == 1


def test_a_theme_needs_a_name(signed_in):
    response = signed_in.post(CREATE, {"name": ""})

    assert response.context["form"].errors["name"] == ["Enter the name of the theme"]
    assert not LearningTheme.objects.exists()


def test_a_theme_is_taken_out_of_use(signed_in):
    theme = LearningThemeFactory(name="Transitions")

    assert signed_in.get(edit(theme)).context["form"].initial["name"] == "Transitions"
    signed_in.post(edit(theme), {"name": "Transitions to adulthood"})

    theme.refresh_from_db()
    assert (theme.name, theme.is_active) == ("Transitions to adulthood", False)


@pytest.mark.parametrize("who", ["agency_lead_a", "practitioner"])
def test_agency_leads_and_practitioners_are_refused(client, cast, who):
    client.force_login(cast[who])

    assert client.get(LIST).status_code == 404
    refusal = AuditEntry.objects.exclude(verb=AuditVerb.SIGNED_IN).get(user=cast[who])
    assert refusal.verb == AuditVerb.REFUSED  # written once
