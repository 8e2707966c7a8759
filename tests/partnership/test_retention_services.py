"""The retention schedule's partnership rules, and how every rule is planned and applied
(partnership.services.retention). Training's bookings: tests/training/test_retention.py."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from celery import states
from dateutil.relativedelta import relativedelta
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django_celery_results.models import TaskResult
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.models import (
    ActionStatus,
    AuditEntry,
    AuditVerb,
    Person,
    Role,
    Subscriber,
    User,
)
from partnership.services import retention
from partnership.services.retention import (
    RetentionIncomplete,
    retention_apply,
    retention_plan,
    retention_rules,
)

from ..factories import (
    ActionFactory,
    AttendanceFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    SubscriberFactory,
    UserFactory,
)
from ..second_factor import app_for

TODAY = datetime.date(2026, 6, 14)
PERIODS = {
    "unconfirmed_sign_ups": {"days": 30},
    "unconfirmed_subscriptions": {"days": 30},
    "dormant_accounts": {"years": 2},
    "former_members": {"years": 2},
    "training_bookings": {"years": 6},
    "sign_in_records": {"days": 90},
    "task_results": {"days": 30},
    "expired_sessions": {"days": 1},
}


@pytest.fixture(autouse=True)
def periods(settings):
    """The periods these tests count with, whatever the environment says."""
    settings.RETENTION = PERIODS


def first_kept_moment(**period) -> datetime.datetime:
    """Midnight (London) starting the first day still kept: a record made then is exactly one
    period old and stays; one made a second earlier is past it."""
    day = TODAY - relativedelta(**period)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


SECOND = datetime.timedelta(seconds=1)


def kept_and_past(**period) -> tuple[datetime.datetime, datetime.datetime]:
    edge = first_kept_moment(**period)
    return edge, edge - SECOND


def planned(kind):
    return next(row for row in retention_plan(today=TODAY) if row.rule.kind == kind)


# Unconfirmed sign-ups


def sign_up(joined, **fields):
    user = UserFactory(**{"role": Role.PRACTITIONER, "email_verified": False, **fields})
    User.objects.filter(pk=user.pk).update(date_joined=joined)
    return user


def test_an_unconfirmed_sign_up_goes_a_day_after_its_period(db):
    inside, past = kept_and_past(days=30)
    kept, gone = sign_up(inside), sign_up(past)

    retention_apply(today=TODAY)

    assert User.objects.filter(pk=kept.pk).exists()
    assert not User.objects.filter(pk=gone.pk).exists()


def test_a_confirmed_or_used_account_is_no_unconfirmed_sign_up(db):
    _, past = kept_and_past(days=30)
    confirmed = sign_up(past, email_verified=True)
    staff = sign_up(past, role=Role.BUSINESS_UNIT)

    assert planned("unconfirmed_sign_ups").count == 0
    retention_apply(today=TODAY)

    assert User.objects.filter(pk__in=[confirmed.pk, staff.pk]).count() == 2


# Unconfirmed subscriptions


def subscriber(asked, **fields):
    row = SubscriberFactory(**fields)
    Subscriber.objects.filter(pk=row.pk).update(created_at=asked)
    return row


def test_an_unconfirmed_subscription_goes_after_its_period_and_a_confirmed_one_stays(db):
    inside, past = kept_and_past(days=30)
    kept = subscriber(inside, confirmed_at=None)
    gone = subscriber(past, confirmed_at=None)
    confirmed = subscriber(past - datetime.timedelta(days=900))

    retention_apply(today=TODAY)

    assert set(Subscriber.objects.values_list("pk", flat=True)) == {kept.pk, confirmed.pk}
    assert gone.pk not in Subscriber.objects.values_list("pk", flat=True)


# Unused accounts


def account(last_login, **fields):
    user = UserFactory(**fields)
    User.objects.filter(pk=user.pk).update(
        last_login=last_login, date_joined=last_login - datetime.timedelta(days=400)
    )
    return user


def test_an_account_unused_for_its_period_is_anonymised_and_keeps_its_role_and_agency(
    agency_a,
):
    inside, past = kept_and_past(years=2)
    kept = account(inside, role=Role.AGENCY_LEAD, agency=agency_a)
    person = PersonFactory(agency=agency_a)
    gone = account(past, role=Role.AGENCY_LEAD, agency=agency_a, is_staff=True, person=person)
    app_for(kept)
    app_for(gone)

    retention_apply(today=TODAY)

    kept.refresh_from_db()
    gone.refresh_from_db()
    assert kept.is_active and kept.email
    assert gone.username == f"anonymised-{gone.pk}"
    assert (gone.first_name, gone.last_name, gone.email) == ("", "", "")
    assert not gone.has_usable_password()
    assert (gone.is_active, gone.is_staff, gone.person_id) == (False, False, None)
    assert (gone.role, gone.agency_id) == (Role.AGENCY_LEAD, agency_a.pk)
    assert gone.last_login == past
    assert not TOTPDevice.objects.filter(user=gone).exists()
    assert TOTPDevice.objects.filter(user=kept).exists()


def test_an_account_never_signed_in_to_is_counted_from_when_it_was_made(db):
    inside, past = kept_and_past(years=2)
    kept, gone = UserFactory(), UserFactory()
    User.objects.filter(pk=kept.pk).update(date_joined=inside)
    User.objects.filter(pk=gone.pk).update(date_joined=past)

    row = planned("dormant_accounts")

    assert (row.count, row.oldest) == (1, past.date())
    retention_apply(today=TODAY)
    assert User.objects.get(pk=gone.pk).email == ""
    assert User.objects.get(pk=kept.pk).email != ""


def test_a_superuser_is_never_anonymised_by_the_schedule(db):
    _, past = kept_and_past(years=2)
    admin = account(past, role=Role.BUSINESS_UNIT, is_superuser=True)

    retention_apply(today=TODAY)

    assert User.objects.get(pk=admin.pk).username == admin.username


def test_an_anonymised_account_is_not_counted_again(db):
    _, past = kept_and_past(years=2)
    account(past)
    retention_apply(today=TODAY)

    assert planned("dormant_accounts").count == 0


# People who left the partnership's groups


def member(ended_on, **fields):
    return MembershipFactory(
        started_on=datetime.date(2015, 4, 1), ended_on=ended_on, **fields
    ).person


def test_a_former_members_email_goes_after_their_last_membership_ends(db):
    edge = TODAY - relativedelta(years=2)
    kept = member(edge)
    gone = member(edge - datetime.timedelta(days=1))

    retention_apply(today=TODAY)

    kept.refresh_from_db()
    gone.refresh_from_db()
    assert kept.email and kept.is_active
    assert (gone.email, gone.is_active) == ("", False)
    # The partnership's record of them stays.
    assert gone.full_name.startswith("Person")
    assert gone.job_title == "Designated safeguarding lead"
    assert gone.memberships.count() == 1


def test_someone_still_taking_part_keeps_their_email(db):
    long_ago = TODAY - relativedelta(years=5)
    still_a_member = member(long_ago)
    MembershipFactory(person=still_a_member, ended_on=None)
    came_to_a_meeting = member(long_ago)
    AttendanceFactory(
        person=came_to_a_meeting,
        agency=came_to_a_meeting.agency,
        meeting=MeetingFactory(held_on=TODAY - relativedelta(years=1)),
    )
    owns_an_open_action = member(long_ago)
    ActionFactory(
        owner_person=owns_an_open_action,
        owner_agency=owns_an_open_action.agency,
        due_on=long_ago,
        status=ActionStatus.AT_RISK,
    )
    signs_in = member(long_ago)
    account(timezone.now(), person=signs_in)
    never_in_anything = PersonFactory(is_active=False)

    assert planned("former_members").count == 0
    retention_apply(today=TODAY)

    assert Person.objects.filter(email="").count() == 0
    assert never_in_anything.email


def test_the_last_part_is_the_latest_of_membership_meeting_and_action(db):
    left = member(TODAY - relativedelta(years=6))
    last_action_done = TODAY - relativedelta(years=3)
    ActionFactory(
        owner_person=left,
        owner_agency=left.agency,
        due_on=TODAY - relativedelta(years=4),
        status=ActionStatus.COMPLETE,
        completed_on=last_action_done,
    )

    assert planned("former_members").oldest == last_action_done


# Sign-in records, task results, sessions


@pytest.mark.parametrize("model", [AccessAttempt, AccessFailureLog, AccessLog])
def test_sign_in_records_go_after_their_period(db, model):
    extra = {"get_data": "", "post_data": "", "failures_since_start": 1}
    inside, past = kept_and_past(days=90)
    rows = [
        model.objects.create(
            username=f"someone{n}@agency.example",
            ip_address="192.0.2.1",
            user_agent=f"Browser {n}",
            http_accept="*/*",
            path_info="/accounts/login/",
            **(extra if model is AccessAttempt else {}),
        )
        for n in range(2)
    ]
    model.objects.filter(pk=rows[0].pk).update(attempt_time=inside)
    model.objects.filter(pk=rows[1].pk).update(attempt_time=past)

    retention_apply(today=TODAY)

    assert list(model.objects.values_list("pk", flat=True)) == [rows[0].pk]


def task(status, done):
    row = TaskResult.objects.create(task_id=f"task-{status}-{done:%s}", status=status)
    TaskResult.objects.filter(pk=row.pk).update(date_done=done)
    return row


def test_finished_task_results_go_after_their_period_and_running_ones_stay(db):
    inside, past = kept_and_past(days=30)
    kept = task(states.SUCCESS, inside)
    task(states.SUCCESS, past)
    task(states.FAILURE, past - SECOND)
    running = task(states.STARTED, past - datetime.timedelta(days=300))

    retention_apply(today=TODAY)

    assert set(TaskResult.objects.values_list("pk", flat=True)) == {kept.pk, running.pk}


def test_sessions_go_a_day_after_they_expire(db):
    inside, past = kept_and_past(days=1)
    Session.objects.create(session_key="k" * 32, session_data="", expire_date=inside)
    Session.objects.create(session_key="g" * 32, session_data="", expire_date=past)

    retention_apply(today=TODAY)

    assert list(Session.objects.values_list("session_key", flat=True)) == ["k" * 32]


# Planning and applying


def some_of_everything():
    _, past = kept_and_past(days=90)
    sign_up(past)
    sign_up(past - datetime.timedelta(days=3))
    subscriber(past, confirmed_at=None)
    account(past - datetime.timedelta(days=800))
    member(TODAY - relativedelta(years=3))


def test_the_plan_counts_each_kind_with_its_oldest_date_and_changes_nothing(db):
    _, past = kept_and_past(days=90)
    some_of_everything()
    before = (User.objects.count(), Subscriber.objects.count(), AuditEntry.objects.count())

    plan = {row.rule.kind: row for row in retention_plan(today=TODAY)}

    assert plan["unconfirmed_sign_ups"].count == 2
    assert plan["unconfirmed_sign_ups"].oldest == (past - datetime.timedelta(days=3)).date()
    assert plan["unconfirmed_sign_ups"].period == "30 days"
    assert plan["unconfirmed_sign_ups"].kept_from == datetime.date(2026, 5, 15)
    assert plan["unconfirmed_subscriptions"].count == 1
    assert plan["dormant_accounts"].count == 1
    assert plan["dormant_accounts"].period == "2 years"
    assert plan["former_members"].count == 1
    assert plan["expired_sessions"].period == "1 day"
    assert plan["sign_ins"].count == 0
    assert plan["sign_ins"].oldest is None
    assert (User.objects.count(), Subscriber.objects.count(), AuditEntry.objects.count()) == before
    assert Person.objects.filter(email="").count() == 0


def test_the_plan_takes_one_query_a_kind_whatever_the_records(db, django_assert_num_queries):
    kinds = len(retention_rules())
    some_of_everything()
    with django_assert_num_queries(kinds):
        retention_plan(today=TODAY)
    for _ in range(5):
        some_of_everything()
    with django_assert_num_queries(kinds):
        retention_plan(today=TODAY)


def test_applying_writes_one_audit_line_a_kind_as_the_portal(db):
    some_of_everything()

    done = {removal.rule.kind: removal.count for removal in retention_apply(today=TODAY)}

    assert done["unconfirmed_sign_ups"] == 2
    assert done["dormant_accounts"] == 1
    entries = list(AuditEntry.objects.order_by("pk"))
    assert len(entries) == len(retention_rules())
    assert {(entry.user_id, entry.username) for entry in entries} == {(None, "")}
    by_summary = {entry.summary: entry.verb for entry in entries}
    assert (
        by_summary[
            "Retention: deleted 2 unconfirmed sign-ups (signed up before 15 May 2026; kept 30 days)"
        ]
        == AuditVerb.DELETED
    )
    assert (
        by_summary[
            "Retention: anonymised 1 unused accounts (last signed in before 14 June 2024; "
            "kept 2 years)"
        ]
        == AuditVerb.CHANGED
    )
    assert "Retention: deleted 0 sign-in records (made before 16 March 2026; kept 90 days)" in (
        by_summary
    )


def test_a_kind_that_fails_is_rolled_back_whole_and_the_others_still_apply(db, monkeypatch):
    some_of_everything()
    write = retention.audit_record

    def fail_for_accounts(**kwargs):
        write(**kwargs)  # after the accounts were changed, so the rollback has work to do
        if "unused accounts" in kwargs["summary"]:
            raise RuntimeError("disk full")

    monkeypatch.setattr(retention, "audit_record", fail_for_accounts)

    with pytest.raises(RetentionIncomplete) as raised:
        retention_apply(today=TODAY)

    assert raised.value.failed == {"dormant_accounts": "disk full"}
    assert "dormant_accounts" not in {removal.rule.kind for removal in raised.value.done}
    assert User.objects.filter(username__startswith="anonymised-").count() == 0
    assert not AuditEntry.objects.filter(summary__contains="unused accounts").exists()
    assert planned("unconfirmed_sign_ups").count == 0  # the kind before it was applied
    assert planned("former_members").count == 0  # and the kinds after it too


def test_every_rule_has_a_period_and_every_period_a_rule(settings):
    assert {rule.setting for rule in retention_rules()} == set(settings.RETENTION)

    settings.RETENTION = {**PERIODS, "forgotten": {"days": 3}}
    with pytest.raises(ImproperlyConfigured, match="no retention rule uses: forgotten"):
        retention_rules()

    settings.RETENTION = {k: v for k, v in PERIODS.items() if k != "task_results"}
    with pytest.raises(ImproperlyConfigured, match="no period for 'task_results'"):
        retention_rules()


def test_the_periods_come_from_the_setting(db, settings):
    _, past = kept_and_past(days=30)
    sign_up(past)
    settings.RETENTION = {**PERIODS, "unconfirmed_sign_ups": {"days": 60}}

    row = planned("unconfirmed_sign_ups")

    assert (row.period, row.count) == ("60 days", 0)
