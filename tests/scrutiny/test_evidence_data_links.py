"""Step 4 of the checklist asks about the partnership's data: a rating's evidence link can be
chosen from the data set's indicators and the exception report's quarters, with no address to
copy, and the rating page shows it like any other link."""

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership import services
from partnership.models import Frequency
from scrutiny.models import EvidenceLink

from ..factories import IndicatorFactory
from .factories import make_framework
from .test_assessments_pages import ratings_of, start, text, url


@pytest.fixture
def checklist(db):
    return start(make_framework(sections=1, questions=2, name="Independent scrutiny checklist"))


def test_linking_an_indicator_fills_in_its_address_and_text(client, scrutineer, checklist):
    indicator = IndicatorFactory(name="Re-referrals within 12 months")
    first = ratings_of(checklist)[0]
    client.force_login(scrutineer)

    response = client.post(
        url("rating_link_add", checklist, first), {"data-page": f"indicator-{indicator.pk}"}
    )

    assert response.status_code == 302
    path = reverse("portal:data_indicator", args=[indicator.pk])
    assert list(first.links.values_list("label", "path")) == [
        ("Indicator: Re-referrals within 12 months", path)
    ]
    page = text(client.get(url("rating_edit", checklist, first)))
    assert (
        f'<a class="govuk-link" href="{path}">Indicator: Re-referrals within 12 months</a>' in page
    )


def test_linking_a_quarters_exception_report_keeps_the_quarter(client, scrutineer, checklist):
    quarter = services.ended_quarters(timezone.localdate())[1]
    first = ratings_of(checklist)[0]
    client.force_login(scrutineer)

    client.post(
        url("rating_link_add", checklist, first), {"data-page": f"exceptions-{quarter.isoformat()}"}
    )

    link = EvidenceLink.objects.get(rating=first)
    year, number = services.dataset.financial_quarter(quarter)
    assert link.label == f"Exception report: Q{number} {year}"
    assert link.path == f"/portal/data/exceptions/?quarter={quarter.isoformat()}"
    page = text(client.get(url("rating_edit", checklist, first)))
    assert f'href="/portal/data/exceptions/?quarter={quarter.isoformat()}"' in page
    # The link opens that quarter's report.
    report = client.get(link.path)
    assert services.period_label(Frequency.QUARTERLY, quarter) in text(report)


def test_the_form_offers_indicators_and_the_last_eight_quarters(client, scrutineer, checklist):
    IndicatorFactory(name="Strategy discussions with police and health present")
    client.force_login(scrutineer)

    page = text(client.get(url("rating_link_add", checklist, ratings_of(checklist)[0])))

    assert "Or link to the multi-agency data set" in page
    assert "Indicator: Strategy discussions with police and health present" in page
    latest = services.ended_quarters(timezone.localdate())[0]
    assert f"Exception report: {services.quarter_name(latest)}" in page
    assert page.count("Exception report: Q") == 8


def test_choosing_nothing_says_what_to_do(client, scrutineer, checklist):
    first = ratings_of(checklist)[0]
    client.force_login(scrutineer)

    response = client.post(url("rating_link_add", checklist, first), {"data-page": ""})

    assert response.status_code == 200
    assert "Select an indicator or an exception report" in text(response)
    assert text(response).count("Error: ") == 1
    assert not first.links.exists()


def test_the_typed_address_still_works_beside_it(client, scrutineer, checklist):
    first = ratings_of(checklist)[0]
    client.force_login(scrutineer)

    client.post(
        url("rating_link_add", checklist, first),
        {"label": "Exception report, Q1", "path": "/portal/data/exceptions/?quarter=2025-04-01"},
    )

    assert list(first.links.values_list("path", flat=True)) == [
        "/portal/data/exceptions/?quarter=2025-04-01"
    ]
