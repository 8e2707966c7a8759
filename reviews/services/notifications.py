"""Notifications of serious incidents and their rapid reviews. Every change is one transaction
that writes its audit entry inside it."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from partnership.models import Agency, AuditVerb
from partnership.services.audit import Actor, audit_record

from ..models import (
    MAX_CHILDREN,
    Notification,
    NotifiedChild,
    RapidReview,
    RapidReviewDecision,
    RapidReviewMeeting,
    SummaryRequest,
)


@dataclass(frozen=True)
class ChildDetails:
    pseudonym: str
    age_band: str


def _children_check(children: list[ChildDetails]) -> None:
    if not children:
        raise ValidationError({"children": "Enter at least one child’s pseudonym and age band"})
    if len(children) > MAX_CHILDREN:
        raise ValidationError(
            {"children": f"A notification can name at most {MAX_CHILDREN} children"}
        )
    pseudonyms = [child.pseudonym for child in children]
    if len(set(pseudonyms)) != len(pseudonyms):
        raise ValidationError({"children": "Give each child a different pseudonym"})


def _dates_check(*, became_aware_on: datetime.date, notified_on: datetime.date | None) -> None:
    if notified_on is not None and notified_on < became_aware_on:
        raise ValidationError(
            {
                "notified_on": "The notification date must be the same as or after the date "
                "the local authority became aware"
            }
        )


def _save_children(notification: Notification, children: list[ChildDetails]) -> None:
    notification.children.all().delete()
    rows = [
        NotifiedChild(
            notification=notification,
            position=position,
            pseudonym=child.pseudonym,
            age_band=child.age_band,
        )
        for position, child in enumerate(children, start=1)
    ]
    for row in rows:
        row.full_clean(exclude=["notification"], validate_unique=False)
    NotifiedChild.objects.bulk_create(rows)


def _notification_save(
    notification: Notification,
    *,
    children: list[ChildDetails],
    agencies: Iterable[Agency],
    **fields,
) -> Notification:
    """What creating and changing a notification share: its checks, its fields, its agencies
    and its children, replaced as a whole."""
    _children_check(children)
    _dates_check(became_aware_on=fields["became_aware_on"], notified_on=fields["notified_on"])
    for name, value in fields.items():
        setattr(notification, name, value)
    notification.full_clean()
    notification.save()
    notification.agencies.set(agencies)
    _save_children(notification, children)
    return notification


@transaction.atomic
def notification_create(
    *,
    actor: Actor,
    reference: str,
    became_aware_on: datetime.date,
    notified_on: datetime.date | None,
    category: str,
    looked_after: bool,
    summary: str,
    children: list[ChildDetails],
    agencies: Iterable[Agency] = (),
) -> Notification:
    """Record a serious incident notification, with its rapid review, whose clock starts now."""
    notification = _notification_save(
        Notification(),
        reference=reference,
        became_aware_on=became_aware_on,
        notified_on=notified_on,
        category=category,
        looked_after=looked_after,
        summary=summary,
        children=children,
        agencies=agencies,
    )
    RapidReview.objects.create(notification=notification)
    audit_record(
        actor=actor,
        verb=AuditVerb.CREATED,
        record=notification,
        summary=f"Notification with {len(children)} child{'ren' if len(children) != 1 else ''}",
    )
    return notification


@transaction.atomic
def notification_edit(
    *,
    actor: Actor,
    notification: Notification,
    reference: str,
    became_aware_on: datetime.date,
    notified_on: datetime.date | None,
    category: str,
    looked_after: bool,
    summary: str,
    children: list[ChildDetails],
    agencies: Iterable[Agency] = (),
) -> Notification:
    locked = _notification_save(
        Notification.objects.select_for_update().get(pk=notification.pk),
        reference=reference,
        became_aware_on=became_aware_on,
        notified_on=notified_on,
        category=category,
        looked_after=looked_after,
        summary=summary,
        children=children,
        agencies=agencies,
    )
    audit_record(actor=actor, verb=AuditVerb.CHANGED, record=locked, summary="Details changed")
    return locked


@transaction.atomic
def rapid_review_save(
    *,
    actor: Actor,
    rapid_review: RapidReview,
    decision: str,
    decided_on: datetime.date | None,
    sent_on: datetime.date | None,
    findings: str,
    panel_response: str,
    panel_responded_on: datetime.date | None,
) -> RapidReview:
    """The rapid review's outcome: what it found, the decision, when it went to the panel and
    what the panel said."""
    errors = {}
    if decision and not decided_on:
        errors["decided_on"] = "Enter the date of the decision"
    if decided_on and not decision:
        errors["decision"] = "Select the decision, or remove the date of the decision"
    became_aware_on = rapid_review.notification.became_aware_on
    for field, day in (("decided_on", decided_on), ("sent_on", sent_on)):
        if day and day < became_aware_on and field not in errors:
            errors[field] = (
                "The date must be the same as or after the date the local authority became "
                f"aware ({became_aware_on:%-d %B %Y})"
            )
    if panel_responded_on and not sent_on:
        errors["sent_on"] = "Enter the date the rapid review was sent to the panel"
    elif panel_responded_on and sent_on and panel_responded_on < sent_on:
        errors["panel_responded_on"] = (
            "The panel’s response must be the same as or after the date it was sent"
        )
    if errors:
        raise ValidationError(errors)
    locked = RapidReview.objects.select_for_update().get(pk=rapid_review.pk)
    before = locked.decision
    locked.decision = decision
    locked.decided_on = decided_on
    locked.sent_on = sent_on
    locked.findings = findings
    locked.panel_response = panel_response
    locked.panel_responded_on = panel_responded_on
    locked.full_clean()
    locked.save()
    summary = "Rapid review updated"
    if decision != before and decision:
        summary = f"Decision: {RapidReviewDecision(decision).label}"
    audit_record(actor=actor, verb=AuditVerb.CHANGED, record=locked, summary=summary)
    return locked


@transaction.atomic
def rapid_review_meeting_add(
    *, actor: Actor, rapid_review: RapidReview, held_on: datetime.date
) -> RapidReviewMeeting:
    if rapid_review.meetings.filter(held_on=held_on).exists():
        raise ValidationError({"held_on": "A meeting on this date is already recorded"})
    meeting = RapidReviewMeeting.objects.create(rapid_review=rapid_review, held_on=held_on)
    audit_record(
        actor=actor,
        verb=AuditVerb.CHANGED,
        record=rapid_review,
        summary=f"Meeting on {held_on:%-d %B %Y} recorded",
    )
    return meeting


@transaction.atomic
def summary_request_add(
    *,
    actor: Actor,
    rapid_review: RapidReview,
    agency: Agency,
    requested_on: datetime.date,
    due_on: datetime.date,
) -> SummaryRequest:
    if due_on < requested_on:
        raise ValidationError({"due_on": "The due date must be the same as or after the request"})
    if rapid_review.summary_requests.filter(agency=agency).exists():
        raise ValidationError({"agency": f"{agency} has already been asked for a summary"})
    request = SummaryRequest.objects.create(
        rapid_review=rapid_review, agency=agency, requested_on=requested_on, due_on=due_on
    )
    audit_record(
        actor=actor,
        verb=AuditVerb.CHANGED,
        record=rapid_review,
        summary=f"Summary asked of {agency}, due {due_on:%-d %B %Y}",
    )
    return request


@transaction.atomic
def summary_request_receive(
    *, actor: Actor, summary_request: SummaryRequest, received_on: datetime.date
) -> SummaryRequest:
    if received_on < summary_request.requested_on:
        raise ValidationError(
            {"received_on": "The date received must be the same as or after the request"}
        )
    locked = SummaryRequest.objects.select_for_update().get(pk=summary_request.pk)
    locked.received_on = received_on
    locked.save(update_fields=["received_on"])
    audit_record(
        actor=actor,
        verb=AuditVerb.CHANGED,
        record=locked.rapid_review,
        summary=f"Summary from {locked.agency} received {received_on:%-d %B %Y}",
    )
    return locked
