"""Reminders to agency leads 14, 7 and 1 days before their return's deadline: each once,
however often the task runs, and only while the return is not in."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from partnership.models import Role
from scrutiny import tasks
from scrutiny.models import ReturnReminder
from scrutiny.services import assessments as assessment_services
from scrutiny.services import rounds
from scrutiny.services.rounds import reminder_step, reminders_send, return_deadline_extend

from ..factories import UserFactory
from .factories import rate_every_question, section_11_round

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2026, 6, 30)


def before_deadline(days):
    return DEADLINE - datetime.timedelta(days=days)


@pytest.fixture(autouse=True)
def _frozen_today(monkeypatch):
    """Opening a round and submitting a return read today's date; the deadline is fixed, so
    put today a month before it."""
    month_before = timezone.make_aware(datetime.datetime(2026, 5, 30, 9, 0))
    monkeypatch.setattr(timezone, "now", lambda: month_before)


@pytest.fixture
def the_return(agency_a):
    round = section_11_round(agencies=[agency_a], deadline=DEADLINE, name="Section 11 audit 2026")
    return round.returns.get()


def run_daily(first, last):
    """Run the reminders every day from `first` to `last` days before the deadline (counting
    down), returning the days before the deadline on which emails went."""
    days = []
    for days_before in range(first, last - 1, -1):
        if reminders_send(today=before_deadline(days_before)):
            days.append(days_before)
    return days


def test_leads_are_reminded_exactly_14_7_and_1_days_before_the_deadline(agency_lead_a, the_return):
    assert run_daily(20, -3) == [14, 7, 1]
    assert len(mail.outbox) == 3
    assert {m.to[0] for m in mail.outbox} == {agency_lead_a.email}
    assert sorted(ReturnReminder.objects.values_list("days_before", flat=True)) == [1, 7, 14]


def test_the_reminder_says_which_return_is_due_and_when(agency_lead_a, the_return):
    reminders_send(today=before_deadline(7))

    [email] = mail.outbox
    assert email.subject == "Section 11 return due in 7 days: Section 11 audit 2026"
    assert email.to == [agency_lead_a.email]
    assert "Metropolitan Police Service" in email.body
    assert "due on 30 June 2026, in 7 days" in email.body
    assert "submitted after its deadline is still accepted, but marked late" in email.body


def test_the_last_reminder_says_one_day(agency_lead_a, the_return):
    reminders_send(today=before_deadline(1))

    assert mail.outbox[0].subject == "Section 11 return due in 1 day: Section 11 audit 2026"


def test_each_reminder_goes_once_however_often_the_task_runs(agency_lead_a, the_return):
    sent = [reminders_send(today=before_deadline(14)) for _ in range(3)]

    assert sent == [1, 0, 0]
    assert len(mail.outbox) == 1
    assert ReturnReminder.objects.get().days_before == 14


def test_a_missed_run_is_made_up_by_the_next_one_before_the_deadline(agency_lead_a, the_return):
    # The worker was down from 15 to 12 days before: the next run sends the 14-day reminder.
    assert run_daily(11, 8) == [11]
    assert mail.outbox[0].subject.startswith("Section 11 return due in 11 days")
    assert list(ReturnReminder.objects.values_list("days_before", flat=True)) == [14]
    # And the 7-day one still goes on its day.
    assert run_daily(7, 0) == [7, 1]


def test_after_several_missed_steps_only_the_most_recent_is_sent(agency_lead_a, the_return):
    # Down for both the 14- and the 7-day reminders: one email, not two, and never the
    # 14-day one after the nearer date has been given.
    assert reminders_send(today=before_deadline(5)) == 1
    assert run_daily(4, 2) == []
    assert list(ReturnReminder.objects.values_list("days_before", flat=True)) == [7]


@pytest.mark.parametrize("days_before", [0, -1, 15, 30])
def test_nothing_goes_on_the_deadline_after_it_or_too_early(agency_lead_a, the_return, days_before):
    assert reminders_send(today=before_deadline(days_before)) == 0
    assert mail.outbox == []
    assert not ReturnReminder.objects.exists()


def test_the_step_due_on_each_day(the_return):
    steps = {
        days: reminder_step(deadline=DEADLINE, today=before_deadline(days))
        for days in range(16, -2, -1)
    }

    assert steps == {
        16: None,
        15: None,
        **dict.fromkeys(range(14, 7, -1), 14),
        **dict.fromkeys(range(7, 1, -1), 7),
        1: 1,
        0: None,
        -1: None,
    }


def submit(assessment):
    rate_every_question(assessment, "green")
    return assessment_services.assessment_submit(assessment=assessment, user=None)


def test_a_submitted_return_gets_no_reminder(agency_lead_a, the_return):
    submit(the_return)

    assert run_daily(20, 0) == []
    assert mail.outbox == []


def test_an_accepted_return_gets_no_reminder(agency_lead_a, the_return):
    assessment_services.assessment_accept(assessment=submit(the_return))

    assert run_daily(20, 0) == []


def test_a_return_sent_back_for_more_evidence_is_reminded_again(agency_lead_a, the_return):
    assessment_services.assessment_return(assessment=submit(the_return), comment="Add the audit")

    assert run_daily(8, 0) == [8, 7, 1]
    assert "returned it for more evidence:\nAdd the audit" in mail.outbox[0].body


def test_no_agency_lead_means_nothing_is_sent_or_claimed(the_return, agency_lead_b):
    assert reminders_send(today=before_deadline(14)) == 0
    assert mail.outbox == []
    assert not ReturnReminder.objects.exists()


def test_a_lead_named_after_a_missed_step_still_hears(the_return, agency_a):
    reminders_send(today=before_deadline(14))
    lead = UserFactory(role=Role.AGENCY_LEAD, agency=agency_a)

    assert reminders_send(today=before_deadline(13)) == 1
    assert mail.outbox[0].to == [lead.email]


def test_only_the_agencys_active_leads_with_an_email_address_are_reminded(
    the_return, agency_a, agency_lead_a, agency_lead_b
):
    second = UserFactory(username="lead-a2", role=Role.AGENCY_LEAD, agency=agency_a)
    UserFactory(username="gone", role=Role.AGENCY_LEAD, agency=agency_a, is_active=False)
    UserFactory(username="no-email", role=Role.AGENCY_LEAD, agency=agency_a, email="")
    UserFactory(username="colleague", role=Role.PRACTITIONER, agency=agency_a)

    reminders_send(today=before_deadline(14))

    [email] = mail.outbox
    assert email.to == [agency_lead_a.email, second.email]


def test_each_agency_hears_about_its_own_return(agency_a, agency_b, agency_lead_a, agency_lead_b):
    both = section_11_round(agencies=[agency_a, agency_b], deadline=DEADLINE)
    other = both.returns.get(agency=agency_b)
    return_deadline_extend(assessment=other, deadline=DEADLINE + datetime.timedelta(days=7))

    assert reminders_send(today=before_deadline(14)) == 1

    assert [m.to for m in mail.outbox] == [[agency_lead_a.email]]


def test_an_extended_deadline_is_counted_down_afresh(agency_lead_a, the_return):
    assert run_daily(20, 10) == [14]
    later = DEADLINE + datetime.timedelta(days=14)
    return_deadline_extend(assessment=the_return, deadline=later)

    days = [
        d for d in range(24, -1, -1) if reminders_send(today=later - datetime.timedelta(days=d))
    ]

    assert days == [14, 7, 1]


def test_a_failed_send_leaves_the_reminder_for_the_next_run(agency_lead_a, the_return, monkeypatch):
    working = rounds.send_mail

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(rounds, "send_mail", broken)
    with pytest.raises(ConnectionRefusedError):
        reminders_send(today=before_deadline(7))
    assert not ReturnReminder.objects.exists()
    monkeypatch.setattr(rounds, "send_mail", working)

    assert reminders_send(today=before_deadline(7)) == 1
    assert len(mail.outbox) == 1


def test_the_task_sends_todays_reminders(agency_lead_a, the_return, monkeypatch):
    fourteen_days_before = timezone.make_aware(datetime.datetime(2026, 6, 16, 7, 15))
    monkeypatch.setattr(timezone, "now", lambda: fourteen_days_before)

    assert tasks.send_return_reminders.delay().get() == 1
    assert len(mail.outbox) == 1


def test_the_task_is_scheduled_daily_at_a_quarter_past_seven():
    [entry] = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "scrutiny.tasks.send_return_reminders"
    ]
    assert entry["schedule"].hour == {7}
    assert entry["schedule"].minute == {15}
