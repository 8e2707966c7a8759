"""The daily reminder: one email per owner a day, listing their overdue and due-soon actions."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from partnership import services
from partnership.models import ActionReminder, ActionStatus
from partnership.tasks import send_action_reminders

from ..factories import ActionFactory, PersonFactory

TODAY = datetime.date(2026, 3, 5)
HORIZON = settings.ACTION_REMINDER_DAYS


def due(days, **fields):
    return ActionFactory(due_on=TODAY + datetime.timedelta(days=days), **fields)


@pytest.fixture
def owner(agency_a):
    return PersonFactory(full_name="Dee Sergeant", email="dee@police.example", agency=agency_a)


def test_the_reminder_horizon_is_seven_days():
    assert HORIZON == 7


def test_it_groups_each_owners_overdue_and_due_soon_actions(owner, agency_a):
    late = due(-3, owner_agency=agency_a, owner_person=owner)
    soon = due(2, owner_agency=agency_a, owner_person=owner)
    other = due(1)

    grouped = services.actions_to_remind(today=TODAY)

    assert grouped == {owner: [late, soon], other.owner_person: [other]}


def test_the_horizon_includes_its_last_day_and_not_the_next(owner, agency_a):
    last_day = due(HORIZON, owner_agency=agency_a, owner_person=owner)
    due(HORIZON + 1, owner_agency=agency_a, owner_person=owner)

    assert services.actions_to_remind(today=TODAY) == {owner: [last_day]}


def test_completed_actions_are_not_reminded(owner, agency_a):
    due(-3, owner_agency=agency_a, owner_person=owner, status=ActionStatus.COMPLETE)
    due(2, owner_agency=agency_a, owner_person=owner, status=ActionStatus.COMPLETE)

    assert services.actions_to_remind(today=TODAY) == {}


def test_people_without_an_email_address_or_who_have_left_are_skipped(agency_a):
    due(1, owner_agency=agency_a, owner_person=PersonFactory(agency=agency_a, email=""))
    due(1, owner_agency=agency_a, owner_person=PersonFactory(agency=agency_a, is_active=False))
    due(1, owner_agency=agency_a, owner_person=None)

    assert services.actions_to_remind(today=TODAY) == {}
    assert services.action_reminders_send(today=TODAY) == 0
    assert mail.outbox == []


def test_it_sends_one_email_per_person_listing_all_their_actions(owner, agency_a):
    due(-3, title="Chase the audit", owner_agency=agency_a, owner_person=owner)
    due(0, title="Report to the board", owner_agency=agency_a, owner_person=owner)
    due(6, title="Book training", owner_agency=agency_a, owner_person=owner)
    due(5, title="Someone else's", owner_agency=agency_a)

    sent = services.action_reminders_send(today=TODAY)

    assert sent == 2
    assert sorted(len(message.to) for message in mail.outbox) == [1, 1]
    dee = next(message for message in mail.outbox if message.to == ["dee@police.example"])
    assert dee.subject == "3 partnership actions need your attention"
    overdue, due_soon = dee.body.split("Due in the next 7 days:")
    assert "Chase the audit (due 2 March 2026, not started)" in overdue
    assert "Report to the board" in due_soon and "Book training" in due_soon
    assert "Someone else's" not in dee.body


def test_one_action_is_spoken_of_in_the_singular(owner, agency_a):
    due(1, owner_agency=agency_a, owner_person=owner)

    services.action_reminders_send(today=TODAY)

    assert mail.outbox[0].subject == "1 partnership action needs your attention"


def test_running_twice_the_same_day_sends_one_email_per_person(owner, agency_a):
    due(1, owner_agency=agency_a, owner_person=owner)
    due(2, owner_agency=agency_a, owner_person=owner)

    first = services.action_reminders_send(today=TODAY)
    second = services.action_reminders_send(today=TODAY)

    assert (first, second) == (1, 0)
    assert len(mail.outbox) == 1
    reminder = ActionReminder.objects.get()
    assert (reminder.person, reminder.sent_on, reminder.action_count) == (owner, TODAY, 2)


def test_the_next_day_brings_a_new_reminder(owner, agency_a):
    due(1, owner_agency=agency_a, owner_person=owner)

    services.action_reminders_send(today=TODAY)
    services.action_reminders_send(today=TODAY + datetime.timedelta(days=1))

    assert len(mail.outbox) == 2
    assert ActionReminder.objects.count() == 2


def test_the_daily_task_sends_the_reminders(owner, agency_a):
    ActionFactory(
        owner_agency=agency_a,
        owner_person=owner,
        due_on=timezone.localdate() + datetime.timedelta(days=1),
    )

    result = send_action_reminders.delay()

    assert result.get() == 1
    assert [message.to for message in mail.outbox] == [["dee@police.example"]]
    assert ActionReminder.objects.get().sent_on == timezone.localdate()


def test_beat_runs_the_reminder_task():
    tasks = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]

    assert "partnership.tasks.send_action_reminders" in tasks
