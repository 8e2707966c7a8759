from celery import shared_task
from django.utils import timezone

from .services import rounds


@shared_task
def send_return_reminders() -> int:
    """Daily, from beat: remind agency leads of Section 11 returns due in 14, 7 or 1 days."""
    return rounds.reminders_send(today=timezone.localdate())
