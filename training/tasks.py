"""The training programme's Celery tasks."""

from celery import shared_task
from django.utils import timezone

from .services import bookings, emails, schedule


@shared_task
def send_pending_emails() -> int:
    """Every few seconds, from beat: send what the outbox holds (training.services.emails)."""
    return emails.emails_send_pending()


@shared_task
def send_training_emails() -> dict[str, int]:
    """Hourly, from beat: release places whose approval did not come in time, then send the
    reminders, evaluation requests and impact follow-ups that are due. Every email is recorded
    once (SentEmail), so a second run, or a run on two workers, sends nothing twice."""
    now = timezone.now()
    today = timezone.localdate(now)
    return {
        "approvals_released": bookings.approvals_release(today=today),
        "reminders": schedule.reminders_send(now=now),
        "evaluation_requests": schedule.evaluation_requests_send(now=now),
        "impact_follow_ups": schedule.impact_follow_ups_send(today=today),
    }
