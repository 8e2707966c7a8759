"""Reminders about late figures, through the Celery beat task: each late figure's email goes
once, a second run sends nothing, and an agency with no lead to tell gets none."""

import pytest
from django.core import mail
from django.utils import timezone

from partnership.models import DataReminder, Frequency, Role
from partnership.services.dataset import last_ended_period, period_shift
from partnership.tasks import send_data_reminders

from ..factories import AgencyFactory, IndicatorFactory, IndicatorValueFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(agency_a, agency_lead_a, settings):
    """One figure of agency A late: its indicator started with the last ended quarter, which
    is past due when figures are due a day after their quarter ends."""
    settings.DATA_SUBMISSION_DAYS = 0
    quarter = last_ended_period(Frequency.QUARTERLY, timezone.localdate())
    indicator = IndicatorFactory(
        name="Contacts to children’s social care", agency=agency_a, collected_from=quarter
    )
    return indicator, quarter


def test_the_agency_lead_is_emailed_once_about_each_late_figure(late, agency_lead_a):
    assert send_data_reminders.delay().get() == 1

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [agency_lead_a.email]
    assert email.subject == "1 figure for the partnership's data set overdue"
    assert "Contacts to children’s social care, Q" in email.body
    assert DataReminder.objects.count() == 1


def test_a_second_run_sends_nothing(late):
    send_data_reminders.delay()
    send_data_reminders.delay()

    assert len(mail.outbox) == 1


def test_a_newly_late_figure_gets_its_own_email(late, agency_a):
    send_data_reminders.delay()
    indicator, quarter = late
    IndicatorFactory(name="Missing episodes", agency=agency_a, collected_from=quarter)

    send_data_reminders.delay()

    assert len(mail.outbox) == 2
    assert "Missing episodes" in mail.outbox[1].body
    assert "Contacts to children" not in mail.outbox[1].body


def test_a_submitted_figure_is_not_late(late):
    indicator, quarter = late
    IndicatorValueFactory(indicator=indicator, period_start=quarter)

    send_data_reminders.delay()

    assert mail.outbox == []


def test_an_agency_with_no_lead_gets_no_email_and_is_reminded_once_it_has_one(late, agency_lead_a):
    agency = AgencyFactory(name="Thameside College")
    indicator, quarter = late
    IndicatorFactory(name="Exclusions", agency=agency, collected_from=quarter)

    send_data_reminders.delay()

    assert [email.to for email in mail.outbox] == [[agency_lead_a.email]]
    assert not DataReminder.objects.filter(indicator__agency=agency).exists()
    UserFactory(role=Role.AGENCY_LEAD, agency=agency, email="head@college.example.org")
    send_data_reminders.delay()
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == ["head@college.example.org"]
    assert "Exclusions" in mail.outbox[1].body


def test_figures_not_yet_due_are_not_reminded(agency_a, agency_lead_a, settings):
    settings.DATA_SUBMISSION_DAYS = 10000
    quarter = last_ended_period(Frequency.QUARTERLY, timezone.localdate())
    IndicatorFactory(agency=agency_a, collected_from=period_shift(Frequency.QUARTERLY, quarter, -2))

    assert send_data_reminders.delay().get() == 0
    assert mail.outbox == []
