"""Every email the training programme sends about a booking goes through SentEmail, an outbox.

A change that must tell someone (a booking, a cancellation, a promotion) writes a pending row in
its own transaction with `send_after_commit`: rolled back with the change, never sent for a
change that did not happen, and no broker call while the session's row is locked. A worker
sends pending rows (`emails_send_pending`, polled by Celery beat; at once after the commit when
tasks run in-process). Scheduled emails (reminders, evaluations) use `send_once`, which records
and sends in one go. The row's unique constraint (booking, kind, key) refuses a second email of
a kind, and each row is sent under its row lock and stamped in the same transaction: a task
that runs twice, or two workers at once, send it once. If the mail server fails, the stamp is
rolled back with it, so the next run tries again.

Links in emails carry signed tokens (django.core.signing), not stored secrets: a line
manager approving a booking, an attendee declining a late offer or answering the impact
follow-up, need no account.
"""

import json

from celery import current_app
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ..models import Booking, BookingStatus, EmailKind, SentEmail
from .calendar import calendar_ics

# Emails that put the session in the attendee's calendar, or take it out.
CALENDAR_KINDS = {
    EmailKind.CONFIRMATION,
    EmailKind.PROMOTED,
    EmailKind.LATE_OFFER,
    EmailKind.SUBSTITUTION,
    EmailKind.SESSION_CHANGED,
    EmailKind.REMINDER,
    EmailKind.CANCELLATION,
    EmailKind.SESSION_CANCELLED,
}
# Emails that carry a signed link for the booking: {kind: (context name, purpose)}.
LINKS = {
    EmailKind.APPROVAL_REQUEST: ("approve_url", "approve"),
    EmailKind.LATE_OFFER: ("decline_url", "decline"),
}
# How long an emailed link works, in days, by its purpose.
LINK_DAYS = {"approve": 30, "decline": 30, "impact": 60}


def portal_url(path: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + path


def link_token(booking: Booking, purpose: str, **extra) -> str:
    return signing.dumps({"booking": booking.pk, **extra}, salt=f"training-{purpose}")


def link_booking(token: str, purpose: str) -> tuple[int, dict]:
    """The booking's pk and the extra values a link carries; raises signing.BadSignature (or
    its SignatureExpired) for a link that was altered or is too old."""
    data = signing.loads(token, salt=f"training-{purpose}", max_age=LINK_DAYS[purpose] * 86400)
    return data.pop("booking"), data


def link_url(booking: Booking, purpose: str, **extra) -> str:
    """The absolute URL of training:<purpose> with a token for the booking."""
    return portal_url(
        reverse(f"training:{purpose}", kwargs={"token": link_token(booking, purpose, **extra)})
    )


def _calendar(booking: Booking, kind: str) -> bytes:
    url = portal_url(reverse("training:session", args=[booking.session_id]))
    return calendar_ics(
        [booking.session],
        url_for=lambda _: url,
        cancelled=kind in (EmailKind.CANCELLATION, EmailKind.SESSION_CANCELLED),
    )


def _message(row: SentEmail) -> EmailMessage:
    booking = row.booking
    context = {
        "booking": booking,
        "session": booking.session,
        "course": booking.session.course,
        "partnership_name": settings.PARTNERSHIP_NAME,
        "session_url": portal_url(reverse("training:session", args=[booking.session_id])),
        "bookings_url": portal_url(reverse("training:my_bookings")),
        "programme_url": portal_url(reverse("training:programme")),
        "late_days": settings.TRAINING_LATE_CANCELLATION_WORKING_DAYS,
        **row.context,
    }
    if row.kind in LINKS:
        name, purpose = LINKS[row.kind]
        context[name] = link_url(booking, purpose)
    subject = render_to_string(f"training/emails/{row.kind}_subject.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=render_to_string(f"training/emails/{row.kind}.txt", context),
        to=row.recipients.split(", "),
    )
    # Someone on the waiting list has no place, so no event to add (a session change tells
    # them too).
    if row.kind in CALENDAR_KINDS and booking.status != BookingStatus.WAITING:
        message.attach("session.ics", _calendar(booking, row.kind), "text/calendar")
    return message


def _record(booking: Booking, kind, *, to, key, context) -> None:
    json.dumps(context)  # refuse here, in tests too, what the JSON column would refuse later
    recipients = ", ".join(to or [booking.attendee_email])
    SentEmail.objects.bulk_create(
        [
            SentEmail(
                booking=booking, kind=kind, key=key, recipients=recipients, context=context or {}
            )
        ],
        ignore_conflicts=True,
    )


def _send_row(pk: int) -> bool:
    """Send one outbox row unless it went already; its lock keeps a second worker off it."""
    with transaction.atomic():
        row = (
            SentEmail.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("booking__session__course", "booking__agency", "booking__replaces")
            .filter(pk=pk, sent_at__isnull=True)
            .first()
        )
        if row is None:
            return False
        _message(row).send()
        row.sent_at = timezone.now()
        row.save(update_fields=["sent_at"])
    return True


def emails_send_pending(limit: int = 500) -> int:
    """Send what the outbox holds, oldest first; returns how many went."""
    pending = SentEmail.objects.filter(sent_at__isnull=True).order_by("queued_at", "pk")
    return sum(_send_row(pk) for pk in pending.values_list("pk", flat=True)[:limit])


def send_after_commit(
    booking: Booking,
    kind: EmailKind,
    *,
    to: list[str] | None = None,
    key: str = "",
    context: dict | None = None,
) -> None:
    """Put the email in the outbox, in the caller's transaction: it goes once that commits. It
    goes to the attendee unless `to` says otherwise. `context` is stored as JSON, so give it
    strings and numbers (a link, a formatted date), not records: the template reaches the
    booking, its session and course, and `booking.replaces` itself."""
    _record(booking, kind, to=to, key=key, context=context)
    if current_app.conf.task_always_eager:
        # Tasks run in-process (make run, the tests): no beat polls the outbox, so send now.
        transaction.on_commit(emails_send_pending)


def send_once(
    booking: Booking,
    kind: EmailKind,
    *,
    to: list[str] | None = None,
    key: str = "",
    context: dict | None = None,
) -> bool:
    """Record and send the email now, for scheduled tasks; True if it went now, False if it
    had been sent before."""
    with transaction.atomic():
        _record(booking, kind, to=to, key=key, context=context)
        pk = SentEmail.objects.get(booking=booking, kind=kind, key=key).pk
        return _send_row(pk)
