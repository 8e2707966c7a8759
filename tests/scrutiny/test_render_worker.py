"""A real worker dies in the middle of rendering a yearly report, and the job still ends with
one file and one done row. PostgreSQL and Redis, not eager mode: the worker is a separate
`celery worker` process reading the test database, and the process killed is its prefork pool
child, as the kernel's OOM killer or a crash would.

Why it comes back: the render task is `acks_late` (the message is acknowledged only when the
task ends) and `reject_on_worker_lost` (when the pool child dies, the worker's main process
rejects the message with requeue, so Redis hands it out again at once rather than after the
visibility timeout). render_job_run then finds the job unfinished, runs it again and
overwrites its own file.
"""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from config.celery import app
from scrutiny.models import RenderJob, RenderState
from scrutiny.report.pdf import job_file_name
from scrutiny.services.reports import render_request

from .report_factories import realistic_report

# Enough members for the layout to take a few seconds, so the test can catch it mid-render.
MEMBERS = 800
WORKER_START = 90  # seconds for the worker to boot and take the task
RENDER_DONE = 180  # seconds for the second attempt to finish
RUNNING = {RenderState.GATHERING, RenderState.LAYING_OUT, RenderState.WRITING}


def database_url() -> str:
    """The database this test runs against (pytest-django's test_<name>), for the worker."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`: the worker's prefork pool."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended while we looked
            continue
        # The command name is in brackets and may hold spaces: the parent pid follows it.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.append(int(entry.name))
    return found


def wait_for(condition, *, timeout: float, what: str, log: Path, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    tail = log.read_text(errors="replace")[-4000:] if log.exists() else "(no log)"
    pytest.fail(f"Timed out after {timeout}s waiting for {what}. Worker log:\n{tail}")


@pytest.fixture
def worker(transactional_db, settings, tmp_path):
    """A `celery worker` process with one prefork child, on this test's database, Redis and
    media folder; stopped (and if need be killed) whatever the test does."""
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs PostgreSQL and REDIS_URL: make test sets them")
    app.conf.task_always_eager = False
    # Messages left by an earlier, interrupted run would be rendered first.
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker",
        "--pool", "prefork", "--concurrency", "1", "--prefetch-multiplier", "1",
        "--hostname", f"render-test-{uuid.uuid4().hex[:8]}@%h",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "--loglevel", "INFO",
    ]  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=django_settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so teardown reaches the pool
        )
    try:
        yield process, log
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)  # warm shutdown
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        # A pool child orphaned by a failed shutdown is in the same group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def test_a_job_whose_worker_dies_mid_render_is_delivered_again_and_done_once(worker, settings):
    process, log = worker
    report = realistic_report(members=MEMBERS).report

    job = render_request(report=report)  # enqueued when its transaction commits

    def state():
        assert process.poll() is None, f"the worker exited with {process.returncode}"
        return RenderJob.objects.values_list("state", flat=True).get(pk=job.pk)

    wait_for(
        lambda: state() == RenderState.LAYING_OUT,
        timeout=WORKER_START,
        what="the first attempt to start laying out",
        log=log,
    )
    [child] = wait_for(lambda: children(process.pid), timeout=5, what="the pool child", log=log)
    os.kill(child, signal.SIGKILL)

    wait_for(
        lambda: state() in {RenderState.DONE, RenderState.FAILED},
        timeout=RENDER_DONE,
        what="the job to finish",
        log=log,
    )
    job.refresh_from_db()
    assert (job.state, job.error) == (RenderState.DONE, "")
    assert job.attempts == 2
    # The same message, by its task id, was received twice: once before the child died and
    # once when the main process put it back on the queue.
    text = log.read_text(errors="replace")
    assert f"pid:{child} exited with 'signal 9 (SIGKILL)'" in text
    received = re.findall(r"Task scrutiny\.tasks\.render_report\[([0-9a-f-]+)\] received", text)
    assert len(received) == 2 and received[0] == received[1], received
    # One job, one done row, one file, under the job's own name.
    assert list(RenderJob.objects.values_list("pk", "state")) == [(job.pk, RenderState.DONE)]
    files = sorted(path.name for path in (Path(settings.MEDIA_ROOT) / "reports").iterdir())
    assert files == [job_file_name(job)]
    assert job.file.name == f"reports/{job_file_name(job)}"
    content = (Path(settings.MEDIA_ROOT) / job.file.name).read_bytes()
    assert content.startswith(b"%PDF-") and job.file_size == len(content)
    assert job.page_count > 20
