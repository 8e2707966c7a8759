"""An agency lead's figures: the quarters due, a quarter's form (save, submit, late flags) and
the notice on their dashboard."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.models import AuditEntry, Frequency, IndicatorUnit, IndicatorValue, ValueStatus
from partnership.services.dataset import last_ended_period, period_shift

from ..factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


def last_quarter() -> datetime.date:
    return last_ended_period(Frequency.QUARTERLY, timezone.localdate())


def quarter_url(quarter: datetime.date) -> str:
    return reverse("portal:data_submit_quarter", kwargs={"quarter": quarter})


def make_indicators(agency, quarter=None):
    """A quarterly count and a monthly percentage owned by `agency`, collected for a year
    before `quarter`: four figures are due in each quarter."""
    quarter = quarter or last_quarter()
    start = period_shift(Frequency.QUARTERLY, quarter, -4)
    contacts = IndicatorFactory(
        name="Contacts to children’s social care",
        agency=agency,
        collected_from=start,
        position=1,
    )
    strategy = IndicatorFactory(
        name="Strategy discussions with police present",
        agency=agency,
        unit=IndicatorUnit.PERCENTAGE,
        frequency=Frequency.MONTHLY,
        collected_from=start,
        position=2,
    )
    return contacts, strategy


def field(indicator, start: datetime.date) -> str:
    return f"value_{indicator.pk}_{start:%Y%m%d}"


def note(indicator, start: datetime.date) -> str:
    return f"note_{indicator.pk}_{start:%Y%m%d}"


def every_figure(contacts, strategy, quarter, values=("1,204", "71.5", "80", "92.25")):
    months = [period_shift(Frequency.MONTHLY, quarter, n) for n in range(3)]
    data = {field(contacts, quarter): values[0]}
    for month, value in zip(months, values[1:], strict=True):
        data[field(strategy, month)] = value
    return data


@pytest.fixture
def lead(client, agency_lead_a):
    client.force_login(agency_lead_a)
    return client


@pytest.fixture
def figures(agency_a):
    return make_indicators(agency_a)


# The list of quarters


def test_the_page_lists_the_last_four_quarters_with_what_is_due(lead, figures, agency_a):
    contacts, strategy = figures
    quarter = last_quarter()
    IndicatorValueFactory(indicator=contacts, period_start=quarter, value=10)
    IndicatorValueFactory(
        indicator=strategy, period_start=quarter, status=ValueStatus.ENTERED, submitted_at=None
    )

    response = lead.get(reverse("portal:data_submit"))

    rows = response.context["rows"]
    assert [row["quarter"] for row in rows] == [
        period_shift(Frequency.QUARTERLY, quarter, -n) for n in range(4)
    ]
    assert (rows[0]["due"], rows[0]["entered"], rows[0]["submitted"]) == (4, 1, 1)
    # Thirty days after its end, every quarter listed is past due: the rest are late.
    assert rows[0]["late"] == 3
    assert rows[3]["late"] == 4
    page = response.content.decode()
    assert quarter_url(quarter) in page
    assert "Metropolitan Police Service" in page


def test_the_quarter_page_is_for_agency_leads_only(client, business_unit, figures):
    client.force_login(business_unit)

    assert client.get(reverse("portal:data_submit")).status_code == 403
    assert client.get(quarter_url(last_quarter())).status_code == 403


@pytest.mark.parametrize("size", [2, 20])
def test_the_list_runs_a_fixed_number_of_queries(lead, agency_a, django_assert_num_queries, size):
    for _ in range(size):
        indicator = IndicatorFactory(agency=agency_a, collected_from=datetime.date(2024, 4, 1))
        IndicatorValueFactory(indicator=indicator, period_start=last_quarter())
    lead.get(reverse("portal:data_submit"))

    # Session, user and agency; indicators and figures; late_figures' two; the session saved
    # in a savepoint (three).
    with django_assert_num_queries(10):
        lead.get(reverse("portal:data_submit"))


# A quarter's form


def test_the_form_asks_for_each_figure_due_labelled_by_indicator_unit_and_period(
    lead, figures, agency_b
):
    contacts, strategy = figures
    IndicatorFactory(name="Health visitor contacts", agency=agency_b)
    quarter = last_quarter()

    response = lead.get(quarter_url(quarter))

    form = response.context["form"]
    values = [name for name in form.fields if name.startswith("value_")]
    assert values == list(every_figure(contacts, strategy, quarter))
    label = form.fields[field(contacts, quarter)].label
    assert "Contacts to children’s social care (count)" in label
    assert label.endswith(response.context["label"])
    assert "Health visitor contacts" not in response.content.decode()
    assert 'href="/portal/data/submit/import/"' in response.content.decode()


def test_saving_enters_the_figures_typed_in_one_go(lead, figures):
    contacts, strategy = figures
    quarter = last_quarter()
    data = every_figure(contacts, strategy, quarter)
    data[note(contacts, quarter)] = "Counted from the new front door."

    response = lead.post(quarter_url(quarter), {**data, "save": ""})

    assert response["Location"] == quarter_url(quarter)
    figure = IndicatorValue.objects.get(indicator=contacts, period_start=quarter)
    assert figure.value == Decimal("1204")
    assert figure.status == ValueStatus.ENTERED
    assert figure.note == "Counted from the new front door."
    assert IndicatorValue.objects.filter(indicator=strategy).count() == 3
    page = lead.get(quarter_url(quarter)).content.decode()
    assert "4 figures saved" in page
    assert 'value="1204"' in page, "the form is filled with what is entered"


def test_a_figure_that_is_not_a_number_is_named_and_nothing_is_saved(lead, figures):
    contacts, strategy = figures
    quarter = last_quarter()
    data = every_figure(contacts, strategy, quarter, values=("1,204", "seventy", "", ""))

    response = lead.post(quarter_url(quarter), {**data, "save": ""})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field(strategy, quarter)]
    assert "as a number, like 18.5 or 1,204" in errors[field(strategy, quarter)][0]
    assert "Error: " in response.content.decode().split("</title>")[0]
    assert not IndicatorValue.objects.exists()


def test_submitting_refuses_while_a_figure_is_missing_and_changes_nothing(lead, figures):
    contacts, strategy = figures
    quarter = last_quarter()
    IndicatorValueFactory(
        indicator=contacts,
        period_start=quarter,
        value=5,
        status=ValueStatus.ENTERED,
        submitted_at=None,
    )
    data = every_figure(contacts, strategy, quarter, values=("6", "71.5", "80", ""))

    response = lead.post(quarter_url(quarter), {**data, "submit": ""})

    assert response.status_code == 200
    summary = response.context["form"].non_field_errors()
    assert "Enter a figure for Strategy discussions with police present" in summary[0]
    assert "Nothing has been saved or submitted" in response.content.decode()
    assert IndicatorValue.objects.get(indicator=contacts).value == 5
    assert IndicatorValue.objects.filter(indicator=strategy).count() == 0
    assert not IndicatorValue.objects.submitted().exists()


def test_submitting_every_figure_submits_the_quarter_and_confirms(lead, figures, settings):
    settings.DATA_SUBMISSION_DAYS = 10000  # not late
    contacts, strategy = figures
    quarter = last_quarter()

    response = lead.post(
        quarter_url(quarter), {**every_figure(contacts, strategy, quarter), "submit": ""}
    )

    assert response["Location"] == quarter_url(quarter)
    assert IndicatorValue.objects.submitted().count() == 4
    assert not IndicatorValue.objects.filter(is_late=True).exists()
    assert AuditEntry.objects.filter(summary__startswith="4 figures submitted").exists()
    page = lead.get(quarter_url(quarter)).content.decode()
    assert "4 figures submitted for" in page
    assert "Every figure for this quarter has been submitted" in page
    assert "Submit the quarter" not in page


def test_a_figure_past_its_due_date_is_flagged_late(lead, figures, settings):
    contacts, strategy = figures
    quarter = last_quarter()
    settings.DATA_SUBMISSION_DAYS = 10000

    assert "govuk-tag--red" not in lead.get(quarter_url(quarter)).content.decode()

    settings.DATA_SUBMISSION_DAYS = 1
    page = lead.get(quarter_url(quarter)).content.decode()
    assert page.count('<strong class="govuk-tag govuk-tag--red">Late</strong>') == 4
    lead.post(quarter_url(quarter), {**every_figure(contacts, strategy, quarter), "submit": ""})
    assert IndicatorValue.objects.filter(is_late=True).count() == 4
    page = lead.get(quarter_url(quarter)).content.decode()
    assert page.count("Late</strong>") == 4, "submitted late, and still shown so"


def test_a_submitted_figure_is_read_only_with_a_link_to_correct_it(lead, figures):
    contacts, _ = figures
    quarter = last_quarter()
    figure = IndicatorValueFactory(indicator=contacts, period_start=quarter, value=1204)

    response = lead.get(quarter_url(quarter))

    assert field(contacts, quarter) not in response.context["form"].fields
    page = response.content.decode()
    assert reverse("portal:data_value_correct", kwargs={"pk": figure.pk}) in page
    assert ">1204<" in page


def test_saving_an_empty_form_asks_for_a_figure(lead, figures):
    response = lead.post(quarter_url(last_quarter()), {"save": ""})

    assert response.context["form"].non_field_errors() == ["Enter at least one figure to save"]


def test_the_quarter_page_offers_a_template_of_its_figures(lead, figures):
    quarter = period_shift(Frequency.QUARTERLY, last_quarter(), -1)

    page = lead.get(quarter_url(quarter)).content.decode()

    assert f"/portal/data/submit/import/template/?format=xlsx&amp;quarter={quarter}" in page


def test_a_submitted_figure_cannot_be_posted_over(lead, figures):
    contacts, strategy = figures
    quarter = last_quarter()
    IndicatorValueFactory(indicator=contacts, period_start=quarter, value=1204)

    lead.post(quarter_url(quarter), {**every_figure(contacts, strategy, quarter), "save": ""})

    assert IndicatorValue.objects.get(indicator=contacts).value == 1204


@pytest.mark.parametrize("quarter", ["2025-05-01", "2025-04-02", "2025-13-01", "2025-4-1", "next"])
def test_a_date_that_is_not_a_quarters_first_day_is_not_found(lead, quarter):
    assert lead.get(f"/portal/data/submit/{quarter}/").status_code == 404


def test_a_quarter_not_yet_ended_is_not_found(lead, figures):
    running = period_shift(Frequency.QUARTERLY, last_quarter(), 1)

    assert lead.get(quarter_url(running)).status_code == 404


def test_a_quarter_with_nothing_due_says_so(lead, agency_a):
    page = lead.get(quarter_url(last_quarter())).content.decode()

    assert "Metropolitan Police Service has no figures due for this quarter" in page


# The agency lead's dashboard


def test_the_dashboard_links_to_the_agencys_figures(lead):
    response = lead.get(reverse("portal:dashboard"))

    assert "Your agency’s data" in [link.title for link in response.context["links"]]


def test_the_dashboard_shows_the_figures_due(lead, figures, settings):
    settings.DATA_SUBMISSION_DAYS = 10000

    page = lead.get(reverse("portal:dashboard")).content.decode()

    notice = page.split('id="data-notice-title"')[1]
    assert "4 figures are due for Q" in notice
    assert " late" not in notice.split("</div>\n</div>")[0]


def test_the_dashboard_shows_the_figures_late(lead, figures, settings):
    settings.DATA_SUBMISSION_DAYS = 1

    page = lead.get(reverse("portal:dashboard")).content.decode()

    # Four figures in each of the four quarters looked at.
    assert "16 figures are late." in page


def test_the_dashboard_says_nothing_once_the_figures_are_in(lead, figures, settings):
    settings.DATA_SUBMISSION_DAYS = 10000
    contacts, strategy = figures
    quarter = last_quarter()
    IndicatorValueFactory(indicator=contacts, period_start=quarter)
    for n in range(3):
        IndicatorValueFactory(
            indicator=strategy, period_start=period_shift(Frequency.MONTHLY, quarter, n)
        )

    page = lead.get(reverse("portal:dashboard")).content.decode()

    assert "data-notice-title" not in page


def test_other_roles_see_no_notice(client, business_unit, figures):
    client.force_login(business_unit)

    assert client.get(reverse("portal:dashboard")).context["data_notice"] is None


@pytest.mark.parametrize("size", [1, 15])
def test_the_lead_dashboard_runs_a_fixed_number_of_queries(
    lead, agency_a, django_assert_num_queries, size
):
    for _ in range(size):
        IndicatorFactory(agency=agency_a)
    lead.get(reverse("portal:dashboard"))

    # Session, user, agency, the session saved in a savepoint, and the notice's two.
    with django_assert_num_queries(8):
        lead.get(reverse("portal:dashboard"))
