"""The data dashboard: who reads it, which indicators each role sees, the charts and their
tables, the filters, and a fixed number of queries however many indicators there are."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.models import Frequency, IndicatorValue, ValueStatus
from partnership.services.dataset import last_ended_period, recent_periods

from ..factories import IndicatorFactory, IndicatorValueFactory, PriorityFactory

URL = reverse("portal:data_dashboard")


def last_quarters(count=8):
    today = timezone.localdate()
    return recent_periods(Frequency.QUARTERLY, last_ended_period(Frequency.QUARTERLY, today), count)


def names(response):
    return [indicator.name for indicator, _ in response.context["trends"]]


def with_figures(indicator, values):
    """Submitted figures for the last quarters, oldest first; None leaves a quarter out."""
    now = timezone.now()
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator,
            period_start=start,
            value=Decimal(value),
            status=ValueStatus.SUBMITTED,
            entered_at=now,
            submitted_at=now,
        )
        for start, value in zip(last_quarters(len(values)), values, strict=True)
        if value is not None
    )
    return indicator


@pytest.fixture
def indicators(agency_a, agency_b):
    return {
        "own": IndicatorFactory(name="Police referrals", agency=agency_a),
        "shared": IndicatorFactory(name="Health assessments", agency=agency_b, is_shared=True),
        "private": IndicatorFactory(name="Health visits", agency=agency_b),
        "retired": IndicatorFactory(name="Old count", agency=agency_a, is_active=False),
    }


@pytest.mark.parametrize("who", ["business_unit", "scrutineer", "partner_lead", "agency_lead_a"])
def test_every_role_but_practitioners_reads_the_dashboard(client, cast, indicators, who):
    client.force_login(cast[who])

    assert client.get(URL).status_code == 200


def test_practitioners_are_refused(client, practitioner):
    client.force_login(practitioner)

    assert client.get(URL).status_code == 403


def test_staff_see_every_indicator_still_collected(client, scrutineer, indicators):
    client.force_login(scrutineer)

    assert names(client.get(URL)) == ["Health assessments", "Health visits", "Police referrals"]


def test_an_agency_lead_sees_their_own_and_the_shared_indicators_only(
    client, agency_lead_a, indicators
):
    client.force_login(agency_lead_a)

    response = client.get(URL)

    assert names(response) == ["Health assessments", "Police referrals"]
    assert "Health visits" not in response.content.decode()
    assert reverse("portal:data_submit") in response.content.decode()


def test_the_dashboard_is_in_the_header_for_its_readers(client, cast):
    for who in ("business_unit", "agency_lead_a"):
        client.force_login(cast[who])
        assert f'href="{URL}"' in client.get(reverse("portal:dashboard")).content.decode()
    client.force_login(cast["practitioner"])
    assert f'href="{URL}"' not in client.get(reverse("portal:dashboard")).content.decode()


def test_each_indicator_is_drawn_with_its_figures_in_a_table(client, scrutineer, agency_a):
    indicator = IndicatorFactory(
        name="Re-referral rate", agency=agency_a, unit="percentage", threshold=Decimal("20")
    )
    with_figures(indicator, ["18.2", "19", None, "17.5", "19.9", "20.5", "19.1", "21.5"])
    client.force_login(scrutineer)

    html = client.get(URL).content.decode()

    assert html.count('role="img"') == 1
    assert f'href="{reverse("portal:data_indicator", kwargs={"pk": indicator.pk})}"' in html
    assert "from 18.2% to 21.5%, above the threshold of 20% in the last quarter" in html.replace(
        "From 18.2%", "from 18.2%"
    )
    assert html.count("<polyline") == 2  # broken by the missing quarter
    assert html.count(">No figure<") == 1
    assert html.count(">Above threshold<") == 2
    assert ">21.5%<" in html


def test_the_business_unit_may_add_an_indicator_and_open_the_exception_report(
    client, business_unit, scrutineer
):
    client.force_login(business_unit)
    html = client.get(URL).content.decode()
    assert reverse("portal:data_indicator_create") in html
    assert reverse("portal:data_exceptions") in html

    client.force_login(scrutineer)
    html = client.get(URL).content.decode()
    assert reverse("portal:data_indicator_create") not in html


def test_the_agency_filter_shows_only_that_agencys_indicators(
    client, scrutineer, indicators, agency_b
):
    client.force_login(scrutineer)

    response = client.get(URL, {"agency": agency_b.pk})

    assert names(response) == ["Health assessments", "Health visits"]
    assert "matching the filters" in response.content.decode()


def test_the_priority_filter_shows_only_the_indicators_that_evidence_it(
    client, scrutineer, indicators
):
    neglect = PriorityFactory(area="Neglect")
    indicators["own"].priority = neglect
    indicators["own"].save()
    client.force_login(scrutineer)

    assert names(client.get(URL, {"priority": neglect.pk})) == ["Police referrals"]


def test_an_agency_lead_is_offered_only_the_agencies_they_can_see(
    client, agency_lead_a, indicators, agency_a, agency_b
):
    client.force_login(agency_lead_a)

    choices = client.get(URL).context["form"].fields["agency"].queryset

    assert list(choices) == [agency_a, agency_b]


def test_a_filter_for_an_agency_that_is_not_offered_is_shown_in_error(
    client, agency_lead_a, indicators
):
    client.force_login(agency_lead_a)

    response = client.get(URL, {"agency": 999999})

    assert "Select an agency from the list" in response.content.decode()
    assert names(response) == ["Health assessments", "Police referrals"]


def test_the_dashboard_runs_a_fixed_number_of_queries(
    client, scrutineer, agency_a, django_assert_num_queries
):
    priority = PriorityFactory()

    def add(count):
        for _ in range(count):
            indicator = IndicatorFactory(agency=agency_a, priority=priority)
            with_figures(indicator, [10, 12, None, 14, 15, 16, 17, 18])

    client.force_login(scrutineer)
    client.get(URL)  # the first request after sign-in stamps the session
    add(10)
    # Session, user, the second factor's device, the filter's agencies and priorities, the count,
    # the page of indicators and the one query for their figures, then the session saved inside a
    # savepoint (three).
    with django_assert_num_queries(11):
        response = client.get(URL)
    assert len(response.context["trends"]) == 10
    add(90)
    with django_assert_num_queries(11):
        response = client.get(URL)
    assert len(response.context["trends"]) == 10  # a page of charts


def test_the_next_page_carries_on(client, scrutineer, agency_a):
    for n in range(12):
        IndicatorFactory(name=f"Indicator {n:02d}", agency=agency_a)
    client.force_login(scrutineer)

    assert names(client.get(URL, {"page": 2})) == ["Indicator 10", "Indicator 11"]


def test_a_figure_not_yet_submitted_is_not_drawn(client, scrutineer, agency_a):
    indicator = IndicatorFactory(name="Referrals", agency=agency_a)
    IndicatorValueFactory(
        indicator=indicator,
        period_start=last_quarters()[-1],
        value=Decimal("999"),
        status=ValueStatus.ENTERED,
        submitted_at=None,
    )
    client.force_login(scrutineer)

    html = client.get(URL).content.decode()

    assert ">999<" not in html
    assert html.count(">No figure<") == 8
