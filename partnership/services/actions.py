"""The one action tracker every app raises actions on."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import timezone

from ..models import (
    Action,
    ActionNote,
    ActionReminder,
    ActionStatus,
    Agency,
    Person,
    User,
)


def action_owner_check(*, owner_agency: Agency, owner_person: Person | None) -> None:
    """An action's named owner works for the agency that owns it: the agency lead who sees and
    updates the action, and the person who is reminded about it, must agree."""
    if owner_person is not None and owner_person.agency_id != owner_agency.pk:
        raise ValidationError(
            {
                "owner_person": f"Select a person who works for {owner_agency}, "
                "or change the owner agency"
            }
        )


def _completed_on(action: Action, status: str) -> date | None:
    # Completing an action that is already complete keeps the day it was first completed.
    if status != ActionStatus.COMPLETE:
        return None
    return action.completed_on or timezone.localdate()


@transaction.atomic
def action_create(
    *,
    title: str,
    owner_agency: Agency,
    due_on: date,
    description: str = "",
    owner_person: Person | None = None,
    status: str = ActionStatus.NOT_STARTED,
    source: Model | None = None,
) -> Action:
    """Raise an action. The apps that raise actions from their own records (a recommendation,
    a checklist rating, a priority) pass that record as `source`."""
    action_owner_check(owner_agency=owner_agency, owner_person=owner_person)
    action = Action(
        title=title,
        description=description,
        owner_agency=owner_agency,
        owner_person=owner_person,
        due_on=due_on,
        status=status,
    )
    if source is not None:
        action.source = source
    action.completed_on = _completed_on(action, status)
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_edit(
    *,
    action: Action,
    title: str,
    description: str,
    owner_agency: Agency,
    owner_person: Person | None,
    due_on: date,
    status: str,
) -> Action:
    """Change an action's details. Its source stays as the raising app set it."""
    action_owner_check(owner_agency=owner_agency, owner_person=owner_person)
    locked = Action.objects.select_for_update().get(pk=action.pk)
    locked.title = title
    locked.description = description
    locked.owner_agency = owner_agency
    locked.owner_person = owner_person
    locked.due_on = due_on
    locked.completed_on = _completed_on(locked, status)
    locked.status = status
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def action_update(*, action: Action, author: User, status: str, note: str) -> Action:
    """Record progress on an action: a dated note and its new status, in one change."""
    locked = Action.objects.select_for_update().get(pk=action.pk)
    locked.completed_on = _completed_on(locked, status)
    locked.status = status
    locked.save(update_fields=["status", "completed_on"])
    ActionNote.objects.create(action=locked, author=author, text=note, status=status)
    return locked


def action_sources(*, actions: list[Action]) -> dict[int, Model]:
    """The record each action came from, keyed by action id, in one query per kind of source
    whatever the number of actions (select_related("source_type") on the actions, or each
    action costs a query for its type). Actions whose source was deleted are left out."""
    wanted: dict[int, tuple[type[Model], set[int]]] = {}
    for action in actions:
        if action.source_type_id is None or action.source_id is None:
            continue
        model = action.source_type.model_class()
        if model is None:  # a content type left behind by a removed model
            continue
        wanted.setdefault(action.source_type_id, (model, set()))[1].add(action.source_id)
    # A source whose name reads from its related rows names them in `action_source_related`
    # (a recommendation is "Recommendation 2 of <its review>"), so they come in the same query.
    found = {
        type_id: model._base_manager.select_related(
            *getattr(model, "action_source_related", ())
        ).in_bulk(ids)
        for type_id, (model, ids) in wanted.items()
    }
    return {
        action.pk: found[action.source_type_id][action.source_id]
        for action in actions
        if action.source_id in found.get(action.source_type_id, {})
    }


def actions_to_remind(*, today: date) -> dict[Person, list[Action]]:
    """Open actions overdue or due within ACTION_REMINDER_DAYS, grouped by their owner. People
    with no email address, or who have left (inactive), cannot be reminded."""
    horizon = today + timedelta(days=settings.ACTION_REMINDER_DAYS)
    actions = (
        Action.objects.open()
        .filter(due_on__lte=horizon, owner_person__isnull=False, owner_person__is_active=True)
        .exclude(owner_person__email="")
        .select_related("owner_person", "owner_agency")
        .order_by("owner_person_id", "due_on", "pk")
    )
    grouped: dict[Person, list[Action]] = {}
    for action in actions:
        grouped.setdefault(action.owner_person, []).append(action)
    return grouped


def action_reminders_send(*, today: date) -> int:
    """Email each owner once a day about their actions due soon or overdue. A second run on
    the same day sends nothing: the reminder row is claimed before the email goes."""
    sent = 0
    for person, actions in actions_to_remind(today=today).items():
        with transaction.atomic():
            _, created = ActionReminder.objects.get_or_create(
                person=person, sent_on=today, defaults={"action_count": len(actions)}
            )
            if not created:
                continue
            context = {
                "person": person,
                "overdue": [a for a in actions if a.due_on < today],
                "due_soon": [a for a in actions if a.due_on >= today],
                "partnership_name": settings.PARTNERSHIP_NAME,
                "days": settings.ACTION_REMINDER_DAYS,
            }
            count = len(actions)
            send_mail(
                subject=f"{count} partnership action{'s need' if count != 1 else ' needs'} "
                "your attention",
                message=render_to_string("partnership/email/action_reminder.txt", context),
                from_email=None,
                recipient_list=[person.email],
            )
        sent += 1
    return sent
