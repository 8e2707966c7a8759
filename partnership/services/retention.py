"""Retention: how long the portal keeps each kind of personal record once it has served its
purpose, and the weekly job that deletes or anonymises what has passed its period.

Each kind is a `RetentionRule`: which records are past their period as of a day, and what
happens to them. The periods are settings.RETENTION, one environment variable each. Apps add
their own rules in `<app>/services/retention.py`, found the way the admin finds `admin.py`,
so this app imports none of them (training's bookings are there).

Kept without a time limit, on purpose (KEPT_WITHOUT_LIMIT says why, on the page too): the
audit log, the reviews of serious incidents, money, and the partnership's own record of its
meetings, memberships, publications and scrutiny.
"""

import datetime
import enum
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from celery import states
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import Count, Exists, F, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat, Greatest
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_celery_results.models import TaskResult
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import (
    Action,
    ActionStatus,
    Attendance,
    AuditVerb,
    Membership,
    Person,
    Role,
    Subscriber,
    User,
)
from .audit import Actor, audit_record

logger = logging.getLogger(__name__)

# The retention task acts for nobody: its audit lines read "The portal".
THE_PORTAL = Actor(user=None)


class RetentionAction(enum.Enum):
    """What happens to a record past its period: `label` for the plan, `done` for the log."""

    DELETE = ("Delete", "deleted")
    ANONYMISE = ("Anonymise", "anonymised")
    REMOVE_EMAIL = ("Remove the email address", "removed the email address of")

    def __init__(self, label, done):
        self.label, self.done = label, done


@dataclass(frozen=True)
class RetentionRule:
    """One kind of record. `due(kept_from)` is every record of the kind past its period,
    given the first day still kept; `counted_from` says in words which date the period runs
    from; `dated_by` names a date on `due` whose earliest value the plan shows as the oldest
    record. `anonymise` changes the due records in bulk and returns how many; a rule without
    one deletes them. `setting` is the key of its period in settings.RETENTION."""

    kind: str
    label: str
    setting: str
    action: RetentionAction
    due: Callable[[datetime.date], models.QuerySet]
    dated_by: str
    counted_from: str
    explanation: str
    anonymise: Callable[[models.QuerySet], int] | None = None


_rules: dict[str, RetentionRule] = {}


def retention_rule_register(rule: RetentionRule) -> RetentionRule:
    existing = _rules.get(rule.kind)
    if existing is not None and existing.due.__module__ != rule.due.__module__:
        raise ValueError(f"Two modules register a retention rule called {rule.kind!r}")
    _rules[rule.kind] = rule
    return rule


@functools.cache
def _discover() -> None:
    autodiscover_modules("services.retention")


def retention_rules() -> list[RetentionRule]:
    """Every app's rules, the partnership's first (INSTALLED_APPS order). A rule without a
    period, or a period without a rule, is a configuration mistake: stop rather than guess."""
    _discover()
    configured = settings.RETENTION
    for rule in _rules.values():
        if rule.setting not in configured:
            raise ImproperlyConfigured(
                f"settings.RETENTION has no period for {rule.setting!r} (retention rule "
                f"{rule.kind!r})"
            )
    unused = set(configured) - {rule.setting for rule in _rules.values()}
    if unused:
        raise ImproperlyConfigured(
            f"settings.RETENTION has periods no retention rule uses: {', '.join(sorted(unused))}"
        )
    return list(_rules.values())


def period_text(period: dict[str, int]) -> str:
    (unit, amount), *_ = period.items()
    return f"{amount} {unit[:-1] if amount == 1 else unit}"


def retention_periods() -> dict[str, str]:
    """Each setting's period in words ("6 years"), for the privacy notice."""
    return {key: period_text(period) for key, period in settings.RETENTION.items()}


def kept_from(rule: RetentionRule, today: datetime.date) -> datetime.date:
    """The first day whose records are still kept: the period counted back from `today`. A
    record exactly one period old is kept; a day older and it is due."""
    return today - relativedelta(**settings.RETENTION[rule.setting])


def start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the portal's time zone, for datetime fields."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


@dataclass(frozen=True)
class PlannedRemoval:
    rule: RetentionRule
    period: str
    kept_from: datetime.date
    count: int
    oldest: datetime.date | None


def retention_plan(*, today: datetime.date) -> list[PlannedRemoval]:
    """What `retention_apply` would do today, kind by kind, changing nothing: one query a
    kind, whatever the number of records."""
    plan = []
    for rule in retention_rules():
        since = kept_from(rule, today)
        figures = rule.due(since).aggregate(count=Count("pk"), oldest=Min(rule.dated_by))
        plan.append(
            PlannedRemoval(
                rule=rule,
                period=period_text(settings.RETENTION[rule.setting]),
                kept_from=since,
                count=figures["count"],
                oldest=_as_date(figures["oldest"]),
            )
        )
    return plan


@dataclass(frozen=True)
class Removal:
    rule: RetentionRule
    count: int


class RetentionIncomplete(Exception):
    """Some kinds failed (each rolled back whole); `done` are the kinds that were applied."""

    def __init__(self, done: list[Removal], failed: dict[str, str]):
        self.done, self.failed = done, failed
        super().__init__(
            "Retention failed for "
            + "; ".join(f"{kind}: {error}" for kind, error in failed.items())
        )


def _carry_out(rule: RetentionRule, since: datetime.date) -> int:
    due = rule.due(since)
    if rule.anonymise is not None:
        return rule.anonymise(due)
    # Through Django's collector, so what cascades goes too (an axes counter's expiry, a
    # user's groups); by primary key, so a rule's annotations stay out of the DELETE.
    model = due.model
    _, deleted = model.objects.filter(pk__in=due.values("pk")).delete()
    return deleted.get(model._meta.label, 0)


def retention_apply(*, today: datetime.date, actor: Actor = THE_PORTAL) -> list[Removal]:
    """Delete or anonymise every record past its period. Each kind is one transaction with
    its audit line, so a kind is applied whole or not at all; a kind that fails does not
    stop the others, and RetentionIncomplete names it once they have run."""
    done, failed = [], {}
    for rule in retention_rules():
        since = kept_from(rule, today)
        try:
            with transaction.atomic():
                count = _carry_out(rule, since)
                audit_record(
                    actor=actor,
                    verb=AuditVerb.DELETED
                    if rule.action is RetentionAction.DELETE
                    else AuditVerb.CHANGED,
                    summary=f"Retention: {rule.action.done} {count} {rule.label} "
                    f"({rule.counted_from} before {since:%-d %B %Y}; kept "
                    f"{period_text(settings.RETENTION[rule.setting])})",
                )
        except Exception as error:  # whatever went wrong, this kind alone is rolled back
            logger.exception("Retention of %s failed", rule.kind)
            failed[rule.kind] = str(error) or type(error).__name__
            continue
        done.append(Removal(rule=rule, count=count))
    if failed:
        raise RetentionIncomplete(done, failed)
    return done


@dataclass(frozen=True)
class Kept:
    records: str
    why: str


KEPT_WITHOUT_LIMIT = (
    Kept(
        "The audit log",
        "The record of who read or changed what. Nobody can change or delete a line of it, "
        "and the database refuses to; it keeps the user names of accounts since anonymised.",
    ),
    Kept(
        "Reviews of serious incidents",
        "Statutory records: a review may be reopened, cited by a later one or asked for by "
        "the national panel or a coroner. They name no child. Removing one is a decision for "
        "the partnership, case by case, not for a schedule.",
    ),
    Kept(
        "Money: charges, income and expenditure",
        "Financial records that the partners audit. They name agencies, not people; a "
        "charge's waiver reason goes when its booking is anonymised.",
    ),
    Kept(
        "Meetings, memberships, attendance, publications and scrutiny",
        "The partnership's own record of its business, kept permanently as the privacy "
        "notice says. Of a former member only the email address goes.",
    ),
)


# The partnership's rules, and those for the tables of Django and the libraries it runs on.


def _unconfirmed_sign_ups(since):
    # Only the sign-up page makes unconfirmed practitioners, and such an account cannot sign
    # in (SignInForm), so never having signed in is what tells it from a used account.
    return User.objects.filter(
        role=Role.PRACTITIONER,
        email_verified=False,
        last_login__isnull=True,
        date_joined__lt=start_of(since),
    )


retention_rule_register(
    RetentionRule(
        kind="unconfirmed_sign_ups",
        label="unconfirmed sign-ups",
        setting="unconfirmed_sign_ups",
        action=RetentionAction.DELETE,
        due=_unconfirmed_sign_ups,
        dated_by="date_joined",
        counted_from="signed up",
        explanation="Practitioner accounts whose owner never followed the link sent to the "
        "email address: they cannot sign in, and the address may not be theirs.",
    )
)


def _unconfirmed_subscriptions(since):
    # Asking again for the same address keeps the first row, so the clock runs from the
    # first request: the period is kept well past the link's life for that reason.
    return Subscriber.objects.filter(confirmed_at__isnull=True, created_at__lt=start_of(since))


retention_rule_register(
    RetentionRule(
        kind="unconfirmed_subscriptions",
        label="unconfirmed subscriptions",
        setting="unconfirmed_subscriptions",
        action=RetentionAction.DELETE,
        due=_unconfirmed_subscriptions,
        dated_by="created_at",
        counted_from="asked for",
        explanation="Addresses given for publication emails and never confirmed: nothing is "
        "sent to them, and they may not be the asker's.",
    )
)

ANONYMISED_USER = "anonymised-"


def _anonymised_username():
    return Concat(Value(ANONYMISED_USER), Cast("pk", models.CharField()))


def _dormant_accounts(since):
    # Whoever has not signed in for the period has left their post or no longer needs the
    # portal; closing an account records no date, so the last sign-in is the clock (or the
    # day it was made, for one never used). Unconfirmed sign-ups have their own, shorter
    # rule; superusers are the way back into the admin, so a person decides about those.
    return (
        User.objects.exclude(role=Role.PRACTITIONER, email_verified=False, last_login=None)
        .exclude(is_superuser=True)
        .exclude(username=_anonymised_username())
        .annotate(last_seen=Coalesce("last_login", "date_joined"))
        .filter(last_seen__lt=start_of(since))
    )


def _anonymise_accounts(due) -> int:
    # The row stays, with its role, agency and dates: bookings, notes and sign-offs point at
    # it, and a report sign-off may not be deleted. The audit log keeps the old user name.
    # The authenticator app and recovery codes go: a closed account has no use for them.
    accounts = User.objects.filter(pk__in=due.values("pk"))
    TOTPDevice.objects.filter(user__in=accounts).delete()
    StaticDevice.objects.filter(user__in=accounts).delete()
    return accounts.update(
        username=_anonymised_username(),
        first_name="",
        last_name="",
        email="",
        password=make_password(None),
        is_active=False,
        is_staff=False,
        email_verified=False,
        person=None,
    )


retention_rule_register(
    RetentionRule(
        kind="dormant_accounts",
        label="unused accounts",
        setting="dormant_accounts",
        action=RetentionAction.ANONYMISE,
        due=_dormant_accounts,
        dated_by="last_seen",
        counted_from="last signed in",
        explanation="Accounts nobody has signed in to for the period (or, never used, since "
        "they were made). The account is closed and its user name, name, email address and "
        "password removed; its role, agency and dates stay.",
        anonymise=_anonymise_accounts,
    )
)


def _latest(queryset, field):
    never = Value(datetime.date.min)
    return Coalesce(
        Subquery(queryset.order_by(F(field).desc(nulls_last=True)).values(field)[:1]), never
    )


def _former_members(since):
    """People whose last part in the partnership (a membership ending, a meeting, an action
    due or done) is before `since`, with no membership or action still open. Person has no
    date of its own, so one with no such record at all is never due: it may be new."""
    person = OuterRef("pk")
    last_part = Greatest(
        _latest(Membership.objects.filter(person=person), "ended_on"),
        _latest(Attendance.objects.filter(person=person), "meeting__held_on"),
        _latest(Action.objects.filter(owner_person=person), "due_on"),
        _latest(Action.objects.filter(owner_person=person), "completed_on"),
    )
    open_membership = Membership.objects.filter(person=person, ended_on__isnull=True)
    open_action = Action.objects.filter(owner_person=person).exclude(status=ActionStatus.COMPLETE)
    signed_in = User.objects.filter(
        Q(last_login__gte=start_of(since)) | Q(date_joined__gte=start_of(since)), person=person
    )
    return (
        Person.objects.exclude(email="")
        .exclude(Exists(open_membership))
        .exclude(Exists(open_action))
        .exclude(Exists(signed_in))
        .annotate(last_part=last_part)
        .filter(last_part__gt=datetime.date.min, last_part__lt=since)
    )


def _remove_member_emails(due) -> int:
    return Person.objects.filter(pk__in=due.values("pk")).update(email="", is_active=False)


retention_rule_register(
    RetentionRule(
        kind="former_members",
        label="people who left the partnership's groups",
        setting="former_members",
        action=RetentionAction.REMOVE_EMAIL,
        due=_former_members,
        dated_by="last_part",
        counted_from="last took part",
        explanation="Counted from a person's last membership, meeting or action, once none is "
        "open. The work email address is removed and the person marked inactive; the name, "
        "job title, memberships and attendance stay as the partnership's record.",
        anonymise=_remove_member_emails,
    )
)

SIGN_IN_RECORDS = (
    # The audit log has its own line for every sign-in and failure; these are django-axes's
    # working copies, which need only the cool-off (minutes) to stop password guessing.
    ("sign_in_attempts", "sign-in lock-out counters", AccessAttempt),
    ("sign_in_failures", "failed sign-in records", AccessFailureLog),
    ("sign_ins", "sign-in records", AccessLog),
)

for _kind, _label, _model in SIGN_IN_RECORDS:
    retention_rule_register(
        RetentionRule(
            kind=_kind,
            label=_label,
            setting="sign_in_records",
            action=RetentionAction.DELETE,
            due=lambda since, model=_model: model.objects.filter(attempt_time__lt=start_of(since)),
            dated_by="attempt_time",
            counted_from="made",
            explanation="Kept by django-axes to lock out password guessing: user name, IP "
            "address and browser. The audit log keeps its own line of each sign-in.",
        )
    )


def _finished_tasks(since):
    # date_done is when the row last changed; a task still waiting or running is left
    # alone, however old, since its worker may yet write to it.
    return TaskResult.objects.filter(status__in=states.READY_STATES, date_done__lt=start_of(since))


retention_rule_register(
    RetentionRule(
        kind="task_results",
        label="finished background task results",
        setting="task_results",
        action=RetentionAction.DELETE,
        due=_finished_tasks,
        dated_by="date_done",
        counted_from="finished",
        explanation="Each background task's arguments and result (record numbers, email "
        "addresses), kept to look into a failure.",
    )
)

retention_rule_register(
    RetentionRule(
        kind="expired_sessions",
        label="expired sign-in sessions",
        setting="expired_sessions",
        action=RetentionAction.DELETE,
        due=lambda since: Session.objects.filter(expire_date__lt=start_of(since)),
        dated_by="expire_date",
        counted_from="expired",
        explanation="Sessions past their expiry can no longer be used; Django never removes "
        "them by itself.",
    )
)
