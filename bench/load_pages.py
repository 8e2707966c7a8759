"""How the busiest pages hold at ten times the demo data: the demo is loaded into a throwaway
PostgreSQL database and multiplied tenfold (bench/demo_x10.py), served by gunicorn on loopback
(2 workers, config.wsgi, DEBUG off), and each page is driven by a load generator for a bounded
time, signed in as the demo business unit user, in slices of about 5 s taken page after page in
turn, so that anything else the machine does falls on every page alike. For each page it prints
p50 and p95 latency and requests per second, each also as a ratio to the home page's in the
same run, and exits 1 naming the page if any page's p95 is more than 3 times the home page's.

PostgreSQL only: DATABASE_URL names the server; the bench creates its own database
(portal_bench_<pid>) there and drops it at the end, with gunicorn stopped, even on failure.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python \\
        bench/load_pages.py [--seconds 20] [--concurrency 8]

The load generator is wrk when it is installed (Debian: `apt-get install wrk`); otherwise a
small threaded client in this file.
"""

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.databases import admin, with_database  # noqa: E402

# Named by the process, so that two runs on one server never drop each other's database.
BENCH_DATABASE = f"portal_bench_{os.getpid()}"
LIMIT = 3.0  # the target: no page's p95 more than 3 times the home page's
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %d %d %d\\n", latency:percentile(50),
    latency:percentile(95), summary.requests, summary.duration,
    summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(factor: int) -> tuple[str, dict[str, str]]:
    """Migrate, load the demo, multiply it; the business unit user's session cookie and the
    pages to drive."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from bench.demo_x10 import counts, multiply
    from budget.models import FinancialYear
    from partnership.models import Role, User
    from scrutiny.models import Section11Round

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)
    started = time.perf_counter()
    multiply(factor)
    print(f"Demo multiplied by {factor} in {time.perf_counter() - started:.0f} s:")
    print(", ".join(f"{n} {label}" for label, n in counts().items()))

    # The demo's latest round and year: the ones a user opens, each now beside nine copies.
    round_ = Section11Round.objects.order_by("-deadline", "-pk").first()
    year = FinancialYear.objects.order_by("-start_year").first()
    year_name = f"{year.start_year}-{(year.start_year + 1) % 100:02d}"
    pages = {
        "home": "/",
        "publications": "/publications/",
        "training list": "/training/",
        "actions list": "/portal/actions/",
        "Section 11 grid": f"/portal/scrutiny/section-11/{round_.pk}/grid/",
        "budget statement": f"/portal/budget/{year_name}/",
        "data dashboard": "/portal/data/",
    }
    # A session made as sign-in makes one, without the form (and its rate limits).
    client = Client()
    business_unit = User.objects.filter(role=Role.BUSINESS_UNIT).order_by("pk").first()
    client.force_login(business_unit)
    # and as the second factor then does with the demo's authenticator app, so the pages
    # measured are the pages, not the redirect to the code page.
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(
        user=business_unit, confirmed=True
    ).persistent_id
    session.save()
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    connections.close_all()
    return cookie, pages


def start_gunicorn(port: int, log) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603 - the venv's own gunicorn, fixed arguments
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],  # fmt: skip
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, stopped whole at the end
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            fetch(f"http://127.0.0.1:{port}/", "")
            return process
        except OSError:  # refused until it listens; a cold worker may also time out
            time.sleep(0.3)
    stop(process)  # the caller never gets it, so it cannot stop it
    raise RuntimeError("gunicorn did not start and answer within 60 seconds; its log follows")


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def fetch(url: str, cookie: str) -> int:
    # Only ever http://127.0.0.1:<port>/..., built in this file.
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


# One slice of load on one page: p50 and p95 in ms, requests, seconds, errors.
Slice = tuple[float, float, int, float, int]


def drive_wrk(url, cookie, seconds, concurrency, script) -> Slice:
    out = subprocess.run(  # noqa: S603 - wrk found on PATH, arguments built here
        [shutil.which("wrk"), "-t", "2", "-c", str(concurrency), "-d", f"{seconds}s",
         "--timeout", "30s", "-H", f"Cookie: {cookie}", "-s", script, url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    line = next(line for line in out.splitlines() if line.startswith("BENCH "))
    p50, p95, requests, duration, errors = map(int, line.split()[1:])
    return p50 / 1e3, p95 / 1e3, requests, duration / 1e6, errors


def drive_threads(url, cookie, seconds, concurrency) -> Slice:
    """The fallback when wrk is missing. No load generator is pinned in constraints.txt, and
    one page at a time from a few threads needs none: each thread sends a request, waits for
    the whole answer and sends the next, as wrk's connections do. Python's client costs a
    little per request (the GIL is released while it waits), the same for every page, so the
    ratios still compare like with like; the absolute rates are a floor."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker():
        mine, failed = [], 0
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                ok = fetch(url, cookie) == 200
            except OSError:
                ok = False
            mine.append(time.perf_counter() - started)
            failed += not ok
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    cuts = statistics.quantiles(latencies, n=100)
    return cuts[49] * 1e3, cuts[94] * 1e3, len(latencies), elapsed, errors[0]


def combine(slices: list[Slice]) -> tuple[float, float, float, int]:
    """p50 and p95 as the median of the slices', requests per second over them all."""
    return (
        statistics.median(s[0] for s in slices),
        statistics.median(s[1] for s in slices),
        sum(s[2] for s in slices) / sum(s[3] for s in slices),
        sum(s[4] for s in slices),
    )


def main(seconds: int, concurrency: int, factor: int) -> int:
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1/x")
    work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    os.environ.update(
        DATABASE_URL=with_database(server, BENCH_DATABASE),
        DJANGO_ENV="development",
        DEBUG="false",  # as in production: no query log, no debug pages
        ALLOWED_HOSTS="127.0.0.1",
        REDIS_URL="",  # tasks in-process: the demo renders its report without a worker
        MEDIA_ROOT=str(work / "media"),  # the demo's files, thrown away at the end
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    wrk = shutil.which("wrk")
    if not wrk:
        print("wrk is not installed (Debian: sudo apt-get install wrk); using the threaded client.")
    admin(server, f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
    admin(server, f"CREATE DATABASE {BENCH_DATABASE}")
    gunicorn = None
    log = open(work / "gunicorn.log", "w+")  # noqa: SIM115 - read back on failure
    try:
        cookie, pages = prepare(factor)
        port = free_port()
        gunicorn = start_gunicorn(port, log)
        script = work / "report.lua"
        script.write_text(WRK_SCRIPT)
        urls = {name: f"http://127.0.0.1:{port}{path}" for name, path in pages.items()}
        for name, url in urls.items():
            status = fetch(url, cookie)  # also warms the workers' code paths
            if status != 200:
                raise RuntimeError(f"{name} ({pages[name]}) answered {status}, not 200")
        # Each page's time is cut into slices of about 5 s, taken in turn page after page, so
        # that anything else the machine does in the meantime falls on every page alike
        # rather than on whichever page ran then; the ratios to home stay like with like.
        rounds = max(1, round(seconds / 5))
        cut = max(1, round(seconds / rounds))
        slices = {name: [] for name in urls}
        for _ in range(rounds):
            for name, url in urls.items():
                if wrk:
                    slices[name].append(drive_wrk(url, cookie, cut, concurrency, str(script)))
                else:
                    slices[name].append(drive_threads(url, cookie, cut, concurrency))
        results = {name: combine(taken) for name, taken in slices.items()}
        print(
            f"\n{rounds} × {cut} s a page, interleaved, {concurrency} concurrent clients, "
            f"gunicorn 2 workers, demo × {factor}, {'wrk' if wrk else 'threaded urllib client'}."
            "\np50 and p95: the median of the slices'.\n"
        )
        print(
            f"{'page':<18}{'p50 ms':>8}{'p95 ms':>8}{'req/s':>8}"
            f"{'p50 ×home':>11}{'p95 ×home':>11}{'req/s ×home':>13}{'errors':>8}"
        )
        home_p50, home_p95, home_rate, _ = results["home"]
        slow = []
        for name, (p50, p95, rate, errors) in results.items():
            print(
                f"{name:<18}{p50:>8.1f}{p95:>8.1f}{rate:>8.1f}{p50 / home_p50:>11.2f}"
                f"{p95 / home_p95:>11.2f}{rate / home_rate:>13.2f}{errors:>8}"
            )
            if p95 > LIMIT * home_p95 or errors:
                slow.append(name)
        if slow:
            print(f"\nOver {LIMIT:g}× the home page's p95, or with errors: {', '.join(slow)}")
            return 1
        print(f"\nEvery page's p95 is within {LIMIT:g}× the home page's.")
        return 0
    except Exception:
        log.seek(0)
        sys.stderr.write(log.read())
        raise
    finally:
        stop(gunicorn)
        log.close()
        admin(server, f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=8)
    # 1 shows which pages are heavy at the demo's own size, to tell weight from growth.
    parser.add_argument("--factor", type=int, default=10)
    arguments = parser.parse_args()
    sys.exit(main(arguments.seconds, arguments.concurrency, arguments.factor))
