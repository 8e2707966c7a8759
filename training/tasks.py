"""The training programme's Celery tasks."""

from celery import shared_task

from .services import emails


@shared_task
def send_pending_emails() -> int:
    """Every few seconds, from beat: send what the outbox holds (training.services.emails)."""
    return emails.emails_send_pending()
