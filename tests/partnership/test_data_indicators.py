"""The indicators: the list, one indicator's page (its chart, every submitted figure and its
corrections), and the business unit's form and the service behind it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partnership import services
from partnership.models import AuditEntry, AuditVerb, Indicator, ValueCorrection
from partnership.services.audit import Actor

from ..factories import IndicatorFactory, IndicatorValueFactory, PriorityFactory

LIST = reverse("portal:data_indicators")
CREATE = reverse("portal:data_indicator_create")


def page_of(indicator):
    return reverse("portal:data_indicator", kwargs={"pk": indicator.pk})


def edit_of(indicator):
    return reverse("portal:data_indicator_edit", kwargs={"pk": indicator.pk})


@pytest.fixture
def indicators(agency_a, agency_b):
    return {
        "own": IndicatorFactory(name="Police referrals", agency=agency_a),
        "shared": IndicatorFactory(name="Health assessments", agency=agency_b, is_shared=True),
        "private": IndicatorFactory(name="Health visits", agency=agency_b),
    }


# The list


def listed(response):
    return [indicator.name for indicator, _ in response.context["rows"]]


@pytest.mark.parametrize("who", ["business_unit", "scrutineer", "partner_lead"])
def test_staff_list_every_indicator(client, cast, indicators, who):
    client.force_login(cast[who])

    assert listed(client.get(LIST)) == ["Health assessments", "Health visits", "Police referrals"]


def test_an_agency_lead_lists_their_own_and_the_shared_indicators(
    client, agency_lead_a, indicators
):
    client.force_login(agency_lead_a)

    assert listed(client.get(LIST)) == ["Health assessments", "Police referrals"]


def test_practitioners_cannot_list_indicators(client, practitioner, indicators):
    client.force_login(practitioner)

    assert client.get(LIST).status_code == 403


def test_the_list_shows_each_indicators_terms(client, scrutineer, agency_a):
    IndicatorFactory(
        name="Re-referral rate",
        agency=agency_a,
        unit="percentage",
        threshold=Decimal("12.50"),
        is_shared=True,
    )
    IndicatorFactory(name="Retired", agency=agency_a, is_active=False)
    client.force_login(scrutineer)

    html = client.get(LIST).content.decode()

    for text in ("Metropolitan Police Service", "Percentage", "Quarterly", "Lower is better"):
        assert text in html
    assert ">12.5%<" in html
    assert "From 1 April 2024" in html
    assert "No longer collected" in html


def test_the_list_runs_a_fixed_number_of_queries(
    client, scrutineer, agency_a, django_assert_num_queries
):
    priority = PriorityFactory()
    client.force_login(scrutineer)
    client.get(LIST)
    for _ in range(3):
        IndicatorFactory(agency=agency_a, priority=priority)
    # Session, user, the second factor's device, the count, the page with agencies and priorities,
    # the session saved (3).
    with django_assert_num_queries(8):
        client.get(LIST)
    for _ in range(40):
        IndicatorFactory(agency=agency_a, priority=priority)
    with django_assert_num_queries(8):
        client.get(LIST)


# One indicator


def test_an_indicator_shows_its_definition_terms_and_chart(client, scrutineer, agency_a):
    neglect = PriorityFactory(area="Neglect")
    indicator = IndicatorFactory(
        name="Re-referral rate",
        definition="Referrals within 12 months of a previous one.",
        agency=agency_a,
        unit="percentage",
        threshold=Decimal("20"),
        priority=neglect,
    )
    client.force_login(scrutineer)

    html = client.get(page_of(indicator)).content.decode()

    assert "Referrals within 12 months of a previous one." in html
    assert "Metropolitan Police Service" in html
    assert ">20%<" in html
    assert ">Neglect<" in html
    assert html.count('role="img"') == 1


def test_every_submitted_figure_is_listed_with_its_tags_and_corrections(
    client, scrutineer, business_unit, agency_a
):
    indicator = IndicatorFactory(name="Referrals", agency=agency_a, threshold=Decimal("100"))
    IndicatorValueFactory(indicator=indicator, period_start=datetime.date(2024, 4, 1), value=90)
    late = IndicatorValueFactory(
        indicator=indicator, period_start=datetime.date(2024, 7, 1), value=120, is_late=True
    )
    ValueCorrection.objects.create(
        value=late,
        previous=Decimal("210"),
        corrected=Decimal("120"),
        reason="Counted each child twice.",
        corrected_at=timezone.now(),
        corrected_by=business_unit,
    )
    client.force_login(scrutineer)

    response = client.get(page_of(indicator))
    html = response.content.decode()

    assert [row["label"] for row in response.context["rows"]] == [
        "Q2 2024-25 (July to September 2024)",
        "Q1 2024-25 (April to June 2024)",
    ]
    assert html.count(">Late<") == 1
    assert html.count(">Corrected<") == 1
    assert html.count(">Outside threshold<") == 1
    assert "from 210 to 120" in html
    assert "Counted each child twice." in html


def test_an_agency_lead_reads_a_shared_indicator_of_another_agency(
    client, agency_lead_a, indicators
):
    client.force_login(agency_lead_a)

    assert client.get(page_of(indicators["shared"])).status_code == 200


def test_another_agencys_unshared_indicator_is_not_found_for_an_agency_lead(
    client, agency_lead_a, indicators
):
    client.force_login(agency_lead_a)

    assert client.get(page_of(indicators["private"])).status_code == 404


def test_the_page_offers_a_change_only_to_the_business_unit(client, cast, indicators):
    client.force_login(cast["business_unit"])
    assert edit_of(indicators["own"]) in client.get(page_of(indicators["own"])).content.decode()
    client.force_login(cast["agency_lead_a"])
    assert edit_of(indicators["own"]) not in client.get(page_of(indicators["own"])).content.decode()


# The form


def indicator_data(owner, **overrides):
    return {
        "name": "Re-referral rate",
        "definition": "Referrals within 12 months of a previous one.",
        "agency": str(owner.pk),
        "unit": "percentage",
        "frequency": "quarterly",
        "good_direction": "down",
        "threshold": "12.5",
        "priority": "",
        "is_shared": "True",
        "collected_from_0": "1",
        "collected_from_1": "4",
        "collected_from_2": "2024",
        "is_active": "True",
        "position": "3",
        **overrides,
    }


def test_the_business_unit_adds_an_indicator(client, business_unit, agency_a):
    client.force_login(business_unit)

    response = client.post(CREATE, indicator_data(agency_a))

    indicator = Indicator.objects.get()
    assert response["Location"] == page_of(indicator)
    assert (indicator.name, indicator.agency, indicator.threshold) == (
        "Re-referral rate",
        agency_a,
        Decimal("12.5"),
    )
    assert indicator.collected_from == datetime.date(2024, 4, 1)
    assert indicator.is_shared and indicator.is_active
    entry = AuditEntry.objects.get(record_type="partnership.indicator")
    assert (entry.verb, entry.record_id, entry.user) == (
        AuditVerb.CREATED,
        indicator.pk,
        business_unit,
    )


def test_an_indicator_stops_being_collected(client, business_unit, agency_a):
    indicator = IndicatorFactory(name="Referrals", agency=agency_a, is_shared=True)
    client.force_login(business_unit)

    client.post(
        edit_of(indicator),
        indicator_data(agency_a, name="Referrals", is_shared="False", is_active="False"),
    )

    indicator.refresh_from_db()
    assert (indicator.is_shared, indicator.is_active) == (False, False)


def test_the_business_unit_changes_an_indicator(client, business_unit, agency_a, agency_b):
    indicator = IndicatorFactory(name="Referrals", agency=agency_a)
    neglect = PriorityFactory(area="Neglect")
    client.force_login(business_unit)

    response = client.post(
        edit_of(indicator),
        indicator_data(
            agency_b, name="Referrals to social care", threshold="20", priority=str(neglect.pk)
        ),
    )

    assert response["Location"] == page_of(indicator)
    indicator.refresh_from_db()
    assert (indicator.name, indicator.agency, indicator.threshold, indicator.priority) == (
        "Referrals to social care",
        agency_b,
        Decimal("20"),
        neglect,
    )
    assert AuditEntry.objects.get(record_type="partnership.indicator").verb == AuditVerb.CHANGED


def test_the_form_starts_with_the_indicators_own_values(client, business_unit, agency_a):
    indicator = IndicatorFactory(name="Referrals", agency=agency_a, threshold=Decimal("20"))
    client.force_login(business_unit)

    html = client.get(edit_of(indicator)).content.decode()

    assert 'value="Referrals"' in html
    assert 'value="20"' in html  # as it was typed, not "20.00"
    assert "---------" not in html
    assert 'name="collected_from_1"' in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"collected_from_0": "15", "collected_from_1": "5"},
            "The collection start date must be the first day of a quarter: the nearest is "
            "1 April 2024",
        ),
        (
            {"collected_from_0": "20", "collected_from_1": "6"},
            "The collection start date must be the first day of a quarter: the nearest is "
            "1 July 2024",
        ),
        (
            {"frequency": "monthly", "collected_from_0": "20", "collected_from_1": "6"},
            "The collection start date must be the first day of a month: the nearest is "
            "1 July 2024",
        ),
        ({"threshold": "twenty"}, "Enter the threshold as a number, like 20 or 12.5"),
        ({"threshold": "12.555"}, "The threshold must have no more than 2 decimal places"),
        ({"name": ""}, "Enter the name of the indicator"),
        ({"unit": ""}, "Select the unit"),
        ({"good_direction": ""}, "Select which way is good"),
        ({"agency": ""}, "Select the owning agency"),
        ({"is_shared": ""}, "Select whether it is shared with every agency"),
        (
            {"collected_from_0": "", "collected_from_1": "", "collected_from_2": ""},
            "Enter the collection start date",
        ),
    ],
)
def test_a_wrong_indicator_form_says_what_to_fix_and_saves_nothing(
    client, business_unit, agency_a, overrides, message
):
    client.force_login(business_unit)

    response = client.post(CREATE, indicator_data(agency_a, **overrides))

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "<title>Error: " in html
    assert not Indicator.objects.exists()


def test_a_threshold_may_be_typed_with_a_percent_sign_or_commas(client, business_unit, agency_a):
    client.force_login(business_unit)

    client.post(CREATE, indicator_data(agency_a, threshold="1,250"))

    assert Indicator.objects.get().threshold == Decimal("1250")


def test_two_indicators_cannot_share_a_name(client, business_unit, agency_a):
    IndicatorFactory(name="Re-referral rate")
    client.force_login(business_unit)

    response = client.post(CREATE, indicator_data(agency_a))

    assert "An indicator with this name already exists" in response.content.decode()
    assert Indicator.objects.count() == 1


@pytest.mark.parametrize("who", ["scrutineer", "partner_lead", "agency_lead_a"])
def test_only_the_business_unit_defines_indicators(client, cast, agency_a, who):
    indicator = IndicatorFactory(name="Referrals", agency=agency_a)
    client.force_login(cast[who])

    assert client.post(CREATE, indicator_data(agency_a)).status_code == 403
    assert client.post(edit_of(indicator), indicator_data(agency_a)).status_code == 403
    assert Indicator.objects.get().name == "Referrals"


# The service


def test_the_service_refuses_a_collection_start_that_is_not_a_periods_first_day(
    business_unit, agency_a
):
    with pytest.raises(ValidationError) as refused:
        services.indicator_save(
            actor=Actor(user=business_unit),
            indicator=Indicator(),
            name="Referrals",
            definition="Referrals.",
            agency=agency_a,
            unit="count",
            frequency="quarterly",
            good_direction="down",
            collected_from=datetime.date(2024, 2, 14),
        )

    assert refused.value.message_dict == {
        "collected_from": [
            "The collection start date must be the first day of a quarter: the nearest is "
            "1 January 2024"
        ]
    }
    assert not Indicator.objects.exists()
    assert not AuditEntry.objects.exists()


def correct_link(value):
    return reverse("portal:data_value_correct", kwargs={"pk": value.pk})


def test_the_business_unit_and_the_owning_agencys_lead_may_correct_a_figure(
    client, cast, indicators
):
    shared = indicators["shared"]  # agency B's, shared with every agency
    value = IndicatorValueFactory(indicator=shared)

    for who, offered in [
        ("business_unit", True),
        ("agency_lead_b", True),
        ("agency_lead_a", False),
        ("scrutineer", False),
    ]:
        client.force_login(cast[who])
        html = client.get(page_of(shared)).content.decode()
        assert (correct_link(value) in html) is offered, who
