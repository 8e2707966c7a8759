"""The retention page for the business unit, the `retention` command, the weekly task and
the privacy notice's periods: all show or run the one plan (partnership.services.retention)."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from config.settings import CELERY_BEAT_SCHEDULE
from partnership import tasks
from partnership.models import AuditEntry, Role, Subscriber, User
from partnership.services import retention

from ..factories import SubscriberFactory, UserFactory

PAGE = reverse("portal:retention")


def unconfirmed_sign_ups(count, *, days_ago=45):
    joined = timezone.now() - datetime.timedelta(days=days_ago)
    users = [UserFactory(role=Role.PRACTITIONER, email_verified=False) for _ in range(count)]
    User.objects.filter(pk__in=[user.pk for user in users]).update(date_joined=joined)
    return joined


def unconfirmed_subscription(*, days_ago=45):
    row = SubscriberFactory(confirmed_at=None)
    Subscriber.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )


@pytest.fixture(autouse=True)
def periods(settings):
    settings.RETENTION = {
        **settings.RETENTION,
        "unconfirmed_sign_ups": {"days": 30},
        "unconfirmed_subscriptions": {"days": 30},
        "training_bookings": {"years": 6},
    }


# The page


def rows(response):
    return {row.rule.kind: row for row in response.context["plan"]}


def test_the_business_unit_sees_each_kind_with_its_period_and_what_is_due(client, business_unit):
    joined = unconfirmed_sign_ups(3)
    client.force_login(business_unit)

    response = client.get(PAGE)

    assert response.status_code == 200
    plan = rows(response)
    assert plan["unconfirmed_sign_ups"].count == 3
    assert plan["unconfirmed_subscriptions"].count == 0
    page = response.content.decode()
    assert "Unconfirmed sign-ups" in page
    assert "Training bookings of people who left" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in page
    assert timezone.localdate(joined).strftime("%-d %B %Y") in page
    assert "30 days" in page and "6 years" in page
    assert "Reviews of serious incidents" in page  # kept without a time limit, and why
    assert User.objects.filter(email_verified=False).count() == 3  # looking changes nothing


def test_other_roles_may_not_see_it(client, practitioner, scrutineer):
    for user in (practitioner, scrutineer):
        client.force_login(user)
        assert client.get(PAGE).status_code == 403


def test_the_audit_log_and_the_dashboard_link_to_it(client, business_unit):
    client.force_login(business_unit)

    assert f'href="{PAGE}"' in client.get(reverse("portal:audit_log")).content.decode()
    assert f'href="{PAGE}"' in client.get(reverse("portal:dashboard")).content.decode()


def test_the_page_runs_the_same_queries_for_few_and_many_records(
    client, business_unit, django_assert_num_queries
):
    client.force_login(business_unit)
    client.get(PAGE)  # the first request after sign-in stamps the session
    kinds = len(retention.retention_rules())
    unconfirmed_sign_ups(1)
    unconfirmed_subscription()
    # The session, the user and their second factor, one query a kind, then the session
    # saved (three, in a savepoint).
    with django_assert_num_queries(kinds + 6):
        client.get(PAGE)
    unconfirmed_sign_ups(20)
    for _ in range(10):
        unconfirmed_subscription()
    with django_assert_num_queries(kinds + 6):
        client.get(PAGE)


# The command


def test_the_command_by_default_prints_the_plan_and_changes_nothing(db, capsys):
    unconfirmed_sign_ups(2, days_ago=40)

    call_command("retention")

    out = capsys.readouterr().out
    assert "a dry run, nothing changed" in out
    kept_from = timezone.localdate() - datetime.timedelta(days=30)
    oldest = timezone.localdate() - datetime.timedelta(days=40)
    assert (
        f"- Unconfirmed sign-ups: kept 30 days (signed up before {kept_from:%-d %B %Y}), "
        f"then delete: 2 due, the oldest from {oldest:%-d %B %Y}"
    ) in out
    assert "- Unconfirmed subscriptions: kept 30 days" in out and ": 0 due\n" in out
    assert "--apply" in out
    assert User.objects.count() == 2
    assert not AuditEntry.objects.exists()


def test_the_command_applies_with_apply(db, capsys):
    unconfirmed_sign_ups(2)

    call_command("retention", "--apply")

    out = capsys.readouterr().out
    assert "- Deleted 2 unconfirmed sign-ups\n" in out
    assert "- Anonymised 0 training bookings of people who left\n" in out
    assert "Retention applied" in out
    assert User.objects.count() == 0
    assert AuditEntry.objects.count() == len(retention.retention_rules())


def test_the_command_fails_naming_the_kind_that_failed(db, capsys, monkeypatch):
    unconfirmed_sign_ups(2)
    write = retention.audit_record

    def fail_for_subscriptions(**kwargs):
        if "subscriptions" in kwargs["summary"]:
            raise RuntimeError("disk full")
        return write(**kwargs)

    monkeypatch.setattr(retention, "audit_record", fail_for_subscriptions)

    with pytest.raises(CommandError, match="unconfirmed_subscriptions: disk full"):
        call_command("retention", "--apply")

    assert "- Deleted 2 unconfirmed sign-ups\n" in capsys.readouterr().out


# The task


def test_the_weekly_task_applies_the_schedule(db):
    unconfirmed_sign_ups(2)

    result = tasks.apply_retention.delay().get()

    assert result["unconfirmed_sign_ups"] == 2
    assert set(result) == {rule.kind for rule in retention.retention_rules()}
    assert CELERY_BEAT_SCHEDULE["retention"]["task"] == "partnership.tasks.apply_retention"


# The privacy notice


def test_the_privacy_notice_quotes_the_periods_in_force(client, settings):
    settings.RETENTION = {
        **settings.RETENTION,
        "dormant_accounts": {"years": 3},
        "training_bookings": {"years": 7},
    }

    page = client.get(reverse("privacy")).content.decode()

    assert "and password removed, 3 years after the last time you signed in" in page
    assert "kept for 7 years after your last training session or sign-in" in page
