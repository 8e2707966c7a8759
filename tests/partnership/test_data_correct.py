"""Correcting a submitted figure: only with a reason, keeping the earlier value; an agency lead
corrects only their own agency's figures, the business unit any."""

from decimal import Decimal

import pytest
from django.urls import reverse

from partnership.models import AuditEntry, ValueCorrection, ValueStatus

from ..factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def figure(agency_a):
    indicator = IndicatorFactory(name="Contacts to children’s social care", agency=agency_a)
    return IndicatorValueFactory(indicator=indicator, value=Decimal("1204"))


def correct_url(value) -> str:
    return reverse("portal:data_value_correct", kwargs={"pk": value.pk})


def test_the_agency_lead_corrects_a_figure_with_a_reason_and_the_earlier_one_is_kept(
    client, agency_lead_a, figure
):
    client.force_login(agency_lead_a)

    response = client.post(
        correct_url(figure), {"corrected": "1,240", "reason": "Transposed digits."}
    )

    assert response["Location"] == reverse(
        "portal:data_indicator", kwargs={"pk": figure.indicator.pk}
    )
    figure.refresh_from_db()
    assert figure.value == Decimal("1240")
    assert figure.status == ValueStatus.SUBMITTED
    correction = ValueCorrection.objects.get(value=figure)
    assert (correction.previous, correction.corrected) == (Decimal("1204"), Decimal("1240"))
    assert (correction.reason, correction.corrected_by) == ("Transposed digits.", agency_lead_a)
    assert AuditEntry.objects.filter(summary__contains="corrected from 1204").exists()


def test_the_page_shows_the_figure_and_its_earlier_corrections(client, agency_lead_a, figure):
    client.force_login(agency_lead_a)
    client.post(correct_url(figure), {"corrected": "1240", "reason": "Transposed digits."})

    page = client.get(correct_url(figure)).content.decode()

    assert "Contacts to children’s social care" in page
    assert "1240" in page
    assert "1204 to 1240" in page and "Transposed digits." in page


def test_a_correction_needs_a_reason_and_changes_nothing_without_one(client, agency_lead_a, figure):
    client.force_login(agency_lead_a)

    response = client.post(correct_url(figure), {"corrected": "1240", "reason": "  "})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Enter why the figure is being corrected"]
    figure.refresh_from_db()
    assert figure.value == Decimal("1204")
    assert not ValueCorrection.objects.exists()


def test_a_correction_must_change_the_figure(client, agency_lead_a, figure):
    client.force_login(agency_lead_a)

    response = client.post(correct_url(figure), {"corrected": "1204.00", "reason": "Checked."})

    assert response.context["form"].errors["corrected"] == [
        "Enter a figure different from the one submitted"
    ]
    assert not ValueCorrection.objects.exists()


def test_a_corrected_figure_must_be_a_number(client, agency_lead_a, figure):
    client.force_login(agency_lead_a)

    response = client.post(correct_url(figure), {"corrected": "lots", "reason": "Checked."})

    assert "like 18.5 or 1,204" in response.context["form"].errors["corrected"][0]


def test_the_business_unit_corrects_any_agencys_figure(client, business_unit, figure):
    client.force_login(business_unit)

    client.post(correct_url(figure), {"corrected": "1000", "reason": "Agreed with the police."})

    figure.refresh_from_db()
    assert figure.value == 1000


def test_another_agencys_figure_is_not_found_for_an_agency_lead(client, agency_lead_b, figure):
    client.force_login(agency_lead_b)

    assert client.get(correct_url(figure)).status_code == 404
    assert client.post(correct_url(figure), {"corrected": "1", "reason": "x"}).status_code == 404
    figure.refresh_from_db()
    assert figure.value == 1204


def test_a_figure_not_yet_submitted_is_changed_on_its_quarter_not_corrected(
    client, agency_lead_a, figure
):
    figure.status, figure.submitted_at = ValueStatus.ENTERED, None
    figure.save()
    client.force_login(agency_lead_a)

    assert client.get(correct_url(figure)).status_code == 404


@pytest.mark.parametrize("who", ["scrutineer", "partner_lead", "practitioner"])
def test_other_roles_may_not_correct(client, cast, who, figure):
    client.force_login(cast[who])

    assert client.get(correct_url(figure)).status_code == 403
