from celery import shared_task
from django.utils import timezone

from .report.pdf import render_job_run
from .services import rounds

# A render of the demo report takes seconds; a report ten times its size well under a minute.
# Past this the task is killed and the job is marked failed rather than holding the worker.
RENDER_TIME_LIMIT = 300


@shared_task
def send_return_reminders() -> int:
    """Daily, from beat: remind agency leads of Section 11 returns due in 14, 7 or 1 days."""
    return rounds.reminders_send(today=timezone.localdate())


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=RENDER_TIME_LIMIT,
    soft_time_limit=RENDER_TIME_LIMIT - 30,
)
def render_report(job_id: int) -> str:
    """Render one yearly report PDF job. acks_late and reject_on_worker_lost put the job back
    on the queue if the worker dies mid-render; render_job_run then finishes it once."""
    return render_job_run(job_id).state
