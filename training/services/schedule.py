"""The training emails that go on a timetable rather than on a change: the reminder before a
session, the request to evaluate it, and the impact follow-up about three months on.

Celery beat runs these every hour (training.tasks). Each email goes through emails.send_once,
whose SentEmail row refuses a second send, and each query leaves out the bookings already
emailed, so a run that finds nothing new costs one query per kind however many bookings there
are, and a run twice over, or on two workers at once, sends nothing twice.
"""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse

from ..models import Booking, BookingStatus, EmailKind, Respondent, SentEmail, SessionStatus
from .emails import LINK_DAYS, link_url, portal_url, send_once

# An evaluation is asked for only about a session that ended this recently, and a follow-up
# that fell due this many days ago is still sent: a worker down for a few days catches up, but
# attendance imported from past years never emails people about courses long over.
EVALUATION_REQUEST_DAYS = 28
IMPACT_CATCH_UP_DAYS = 14


def _sent(kind: EmailKind, key: str = "") -> Exists:
    return Exists(SentEmail.objects.filter(booking=OuterRef("pk"), kind=kind, key=key))


def _bookings():
    return Booking.objects.select_related("session__course").order_by("session__starts_at", "pk")


def reminders_send(*, now: datetime.datetime) -> int:
    """Remind everyone with a confirmed place on a session starting within
    TRAINING_REMINDER_DAYS_BEFORE days; the calendar file comes with it. Returns how many."""
    soon = now + datetime.timedelta(days=settings.TRAINING_REMINDER_DAYS_BEFORE)
    due = _bookings().filter(
        ~_sent(EmailKind.REMINDER),
        status=BookingStatus.CONFIRMED,
        session__status=SessionStatus.SCHEDULED,
        session__starts_at__gt=now,
        session__starts_at__lte=soon,
    )
    return sum(send_once(booking, EmailKind.REMINDER) for booking in due)


def evaluation_requests_send(*, now: datetime.datetime) -> int:
    """Ask each attendee of a session that has ended to evaluate it, with a link to the
    evaluation page. The page is behind the attendee's account, so a booking made for someone
    without one is not asked. Returns how many were asked."""
    due = _bookings().filter(
        ~_sent(EmailKind.EVALUATION),
        status=BookingStatus.ATTENDED,
        user__isnull=False,
        evaluation__isnull=True,
        session__ends_at__lte=now,
        session__ends_at__gt=now - datetime.timedelta(days=EVALUATION_REQUEST_DAYS),
    )
    return sum(
        send_once(
            booking,
            EmailKind.EVALUATION,
            context={"evaluation_url": portal_url(reverse("training:evaluate", args=[booking.pk]))},
        )
        for booking in due
    )


def impact_follow_ups_send(*, today: datetime.date) -> int:
    """About TRAINING_IMPACT_FOLLOW_UP_DAYS after a session, ask the attendee and their line
    manager, each by their own link, what has changed in practice. Returns how many emails."""
    due_on = today - datetime.timedelta(days=settings.TRAINING_IMPACT_FOLLOW_UP_DAYS)
    due = _bookings().filter(
        ~_sent(EmailKind.IMPACT_FOLLOW_UP, Respondent.ATTENDEE)
        | ~_sent(EmailKind.IMPACT_FOLLOW_UP, Respondent.LINE_MANAGER),
        status=BookingStatus.ATTENDED,
        session__ends_at__date__lte=due_on,
        session__ends_at__date__gt=due_on - datetime.timedelta(days=IMPACT_CATCH_UP_DAYS),
    )
    sent = 0
    for booking in due:
        for respondent, to in (
            (Respondent.ATTENDEE, booking.attendee_email),
            (Respondent.LINE_MANAGER, booking.line_manager_email),
        ):
            sent += send_once(
                booking,
                EmailKind.IMPACT_FOLLOW_UP,
                to=[to],
                key=respondent.value,
                context={
                    "respondent": respondent.value,
                    "impact_url": link_url(booking, "impact", respondent=respondent.value),
                    "link_days": LINK_DAYS["impact"],
                },
            )
    return sent
