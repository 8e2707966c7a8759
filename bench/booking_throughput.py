"""What the booking rules cost under a rush: N people book one session at once through
`booking_create` (which locks the session's row, counts the places taken and inserts), timed
beside a baseline of plain single-row inserts (`Booking.objects.create`, no lock, no count)
from the same pool of worker threads, in the same run. The ratio is the service's bookings per
second over the baseline's; the issue's target is at least 0.4. Every run is also checked for
overbooking: exactly `capacity` confirmed, the rest on the waiting list, no errors.

PostgreSQL only: DATABASE_URL names the server; the bench creates its own throwaway database
(portal_bench_booking) there, migrates it, and drops it at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python \\
        bench/booking_throughput.py [--workers 12] [--repeat 5] [--sizes 50 100 250 500]
"""

import argparse
import atexit
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.databases import admin, with_database  # noqa: E402

BENCH_DATABASE = "portal_bench_booking"
TARGET = 0.4


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1/x")
    return url


URL = server_url()
admin(URL, f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
admin(URL, f"CREATE DATABASE {BENCH_DATABASE}")
os.environ["DATABASE_URL"] = with_database(URL, BENCH_DATABASE)
# A booking queues its confirmation email for a worker, as in production; the bench queues
# them on a Redis database of its own, runs no worker, and empties it at the end.
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
# As in production: with DEBUG on, Django keeps a log of every query, which costs the service
# (seven statements a booking) more than the baseline (one).
os.environ["DEBUG"] = "false"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def drop_database():
    from django.db import connections

    from config.celery import app

    app.control.purge()
    connections.close_all()
    admin(URL, f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")


atexit.register(drop_database)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from partnership.models import Agency, AgencyKind  # noqa: E402
from training.models import Booking, BookingStatus, Course, Session  # noqa: E402
from training.services.bookings import Attendee, booking_create  # noqa: E402


def new_session(course: Course, capacity: int) -> Session:
    starts = timezone.now() + timezone.timedelta(days=30)
    return Session.objects.create(
        course=course,
        starts_at=starts,
        ends_at=starts + timezone.timedelta(hours=3),
        capacity=capacity,
        venue="Bench room",
    )


def people(agency: Agency, n: int, run: int) -> list[Attendee]:
    return [
        Attendee(
            name=f"Attendee {run}-{i}",
            email=f"attendee{run}-{i}@agency.example",
            job_title="Social worker",
            agency=agency,
            line_manager_email=f"manager{run}-{i}@agency.example",
        )
        for i in range(n)
    ]


def timed(pool: ThreadPoolExecutor, call, items) -> tuple[float, list[str]]:
    """Run call(item) for every item on the pool; the seconds from the first submission to the
    last result, and the errors raised."""
    errors = []

    def attempt(item):
        try:
            call(item)
        except Exception as error:  # noqa: BLE001 - counted and reported, never lost
            errors.append(f"{type(error).__name__}: {error}")

    started = time.perf_counter()
    for future in [pool.submit(attempt, item) for item in items]:
        future.result()
    return time.perf_counter() - started, errors


def warm(pool: ThreadPoolExecutor, workers: int) -> None:
    """Open every worker thread's connection before timing anything: the barrier makes each
    worker take exactly one of these tasks."""
    barrier = threading.Barrier(workers)

    def touch(_):
        barrier.wait(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    for future in [pool.submit(touch, i) for i in range(workers)]:
        future.result()


def service_run(pool, course, agency, n, run) -> tuple[float, Session, list[str]]:
    session = new_session(course, capacity=n // 2)
    seconds, errors = timed(
        pool,
        lambda person: booking_create(session=session, attendee=person),
        people(agency, n, run),
    )
    return seconds, session, errors


def baseline_run(pool, course, agency, n, run) -> tuple[float, list[str]]:
    session = new_session(course, capacity=n)

    def insert(person: Attendee):
        now = timezone.now()
        Booking.objects.create(
            session=session,
            attendee_name=person.name,
            attendee_email=person.email,
            job_title=person.job_title,
            agency=person.agency,
            line_manager_email=person.line_manager_email,
            status=BookingStatus.CONFIRMED,
            queued_at=now,
            confirmed_at=now,
        )

    return timed(pool, insert, people(agency, n, run))


def main(sizes: list[int], workers: int, repeat: int) -> int:
    call_command("migrate", verbosity=0)
    agency = Agency.objects.create(name="Bench agency", kind=AgencyKind.HEALTH)
    course = Course.objects.create(title="Bench course", summary="-", learning_objectives="-")
    print(
        f"PostgreSQL {connection.pg_version // 10000}, {workers} worker threads; bookings per "
        f"second, median of {repeat} runs,\nservice and baseline interleaved; capacity N / 2.\n"
    )
    print(
        f"{'N':>5}{'capacity':>10}{'service /s':>12}{'baseline /s':>13}{'ratio':>8}"
        f"{'confirmed':>11}{'waiting':>9}{'errors':>8}  verdict"
    )
    failures = 0
    run = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        warm(pool, workers)
        service_run(pool, course, agency, 50, run := run + 1)  # warm the code paths too
        baseline_run(pool, course, agency, 50, run := run + 1)
        for n in sizes:
            service_rates, baseline_rates, errors = [], [], []
            confirmed, waiting, overbooked = set(), set(), False
            for _ in range(repeat):
                seconds, session, service_errors = service_run(
                    pool, course, agency, n, run := run + 1
                )
                service_rates.append(n / seconds)
                errors += service_errors
                done = Booking.objects.filter(session=session)
                confirmed.add(done.filter(status=BookingStatus.CONFIRMED).count())
                waiting.add(done.filter(status=BookingStatus.WAITING).count())
                overbooked |= max(confirmed) > session.capacity

                seconds, baseline_errors = baseline_run(pool, course, agency, n, run := run + 1)
                baseline_rates.append(n / seconds)
                errors += baseline_errors
            service = statistics.median(service_rates)
            baseline = statistics.median(baseline_rates)
            ratio = service / baseline
            exact = confirmed == {n // 2} and waiting == {n - n // 2} and not errors
            if overbooked:
                verdict = "OVERBOOKED"
            elif not exact:
                verdict = "WRONG COUNTS"
            else:
                verdict = "ok" if ratio >= TARGET else "ratio below target"
            failures += verdict != "ok"
            print(
                f"{n:>5}{n // 2:>10}{service:>12.0f}{baseline:>13.0f}{ratio:>8.2f}"
                f"{'/'.join(map(str, sorted(confirmed))):>11}"
                f"{'/'.join(map(str, sorted(waiting))):>9}{len(errors):>8}  {verdict}"
            )
            for error in errors[:3]:
                print(f"      {error}")
    connections.close_all()
    print(f"\nTarget: ratio at least {TARGET}; exactly the capacity confirmed in every run.")
    return 1 if failures else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 250, 500])
    parser.add_argument("--workers", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    sys.exit(main(arguments.sizes, arguments.workers, arguments.repeat))
