"""With REDIS_URL set, a task travels through Redis to a real worker and its result is kept by
django-celery-results. The other tests run tasks in-process; this one proves the wiring."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django_celery_results.models import TaskResult

from config.celery import app
from partnership.tasks import send_verification_email

from ..factories import UserFactory


@pytest.fixture
def worker(transactional_db, settings):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: make test sets it")
    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def test_a_task_sent_through_redis_runs_on_the_worker_and_its_result_is_stored(worker):
    user = UserFactory(email="new.starter@agency.example", email_verified=False)

    result = send_verification_email.delay(user.pk, "https://portal.example/")
    result.get(timeout=20)

    assert result.status == "SUCCESS"
    assert [message.to for message in mail.outbox] == [["new.starter@agency.example"]]
    assert "https://portal.example/accounts/verify/" in mail.outbox[0].body
    assert (
        TaskResult.objects.get(task_id=result.id).task_name
        == "partnership.tasks.send_verification_email"
    )
