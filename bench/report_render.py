"""What assembling the yearly report costs on top of WeasyPrint: the whole PDF pipeline
(gather the records, render the template, lay out and write) timed beside WeasyPrint alone
laying out and writing the same final HTML, in one run. The ratio is the overhead of
assembly; the issue's target is at most 1.15.

The data is the demo (load_demo, into a throwaway SQLite database in a temporary folder, with
tasks run in-process), whose 2025-26 report is the size of a real partnership's: its
membership appendix, checklist, priorities and budget. --members adds that many more current
memberships, to see how the ratio holds as the membership table grows.

    .venv/bin/python bench/report_render.py [--repeat 6] [--members 0]
"""

import argparse
import atexit
import gc
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
WORK = Path(tempfile.mkdtemp(prefix="bench-report-"))
atexit.register(shutil.rmtree, WORK, ignore_errors=True)
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(WORK / "media")
os.environ["REDIS_URL"] = ""  # tasks in-process: the demo renders its report without a worker
os.environ["LOG_LEVEL"] = "WARNING"  # WeasyPrint logs every layout step at INFO
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from partnership.models import Agency, Body, Membership, MembershipRole, Person  # noqa: E402
from scrutiny.models import YearlyReport  # noqa: E402
from scrutiny.report.document import report_html  # noqa: E402
from scrutiny.report.pdf import pdf_from_html, report_pdf  # noqa: E402
from scrutiny.services.reports import report_create  # noqa: E402

PERIOD = (date(2025, 4, 1), date(2026, 3, 31))


def load(extra_members: int) -> YearlyReport:
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    if extra_members:
        agencies, bodies = list(Agency.objects.all()), list(Body.objects.all())
        people = Person.objects.bulk_create(
            Person(
                full_name=f"Bench member {n}",
                job_title=f"Practice lead {n}",
                email=f"bench{n}@agency.example",
                agency=agencies[n % len(agencies)],
            )
            for n in range(extra_members)
        )
        Membership.objects.bulk_create(
            Membership(
                person=person,
                body=bodies[n % len(bodies)],
                role=MembershipRole.MEMBER,
                started_on=PERIOD[0],
            )
            for n, person in enumerate(people)
        )
    report = YearlyReport.objects.filter(period_start=PERIOD[0], period_end=PERIOD[1]).first()
    # The demo's own report, once load_demo makes one; else a report of the same period.
    return report or report_create(
        title="Demo yearly report 2025-26", period_start=PERIOD[0], period_end=PERIOD[1]
    )


def timed(call) -> float:
    """One call's seconds, with the garbage collector off as timeit has it: a collection
    that falls inside one run and not the other moved single runs by a fifth."""
    gc.collect()
    gc.disable()
    try:
        started = time.perf_counter()
        call()
        return time.perf_counter() - started
    finally:
        gc.enable()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=6, help="timed runs of each (default 6)")
    parser.add_argument("--members", type=int, default=0, help="extra current memberships")
    options = parser.parse_args()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    # Tasks run in-process on the memory broker, which kombu warns has no hostname.
    logging.getLogger("kombu.connection").setLevel(logging.ERROR)

    report = load(options.members)
    html = report_html(report, mode="pdf")
    # One of each untimed first: templates compiled, fonts found, caches warm for both.
    pages = report_pdf(report).page_count
    pdf_from_html(html)

    full, alone = [], []
    for n in range(options.repeat):
        # Interleaved, and in turn which goes first: a run tends to be slower straight after
        # another, and a busy machine slows whatever runs at the time, so both share it.
        pair = [
            lambda: full.append(timed(lambda: report_pdf(report))),
            lambda: alone.append(timed(lambda: pdf_from_html(html))),
        ]
        for run in pair if n % 2 == 0 else reversed(pair):
            run()
    assembly = [timed(lambda: report_html(report, mode="pdf")) for _ in range(options.repeat)]

    members = Membership.objects.current_on(PERIOD[1]).count()
    print(f"report: {report.title!r}, {pages} pages, {members} members, {len(html):,} bytes")
    print(f"{options.repeat} runs each, seconds{'':<8}{'best':>8}{'median':>8}")
    rows = {
        "full pipeline (report_pdf)": full,
        "WeasyPrint alone (pdf_from_html)": alone,
        "assembly alone (report_html)": assembly,
    }
    for name, times in rows.items():
        print(f"{name:<34}{min(times):>8.3f}{statistics.median(times):>8.3f}")
    best = min(full) / min(alone)
    median = statistics.median(full) / statistics.median(alone)
    # The same overhead from the parts, steadier: assembly is milliseconds beside seconds of
    # layout, so the machine's noise in the ratio above can hide it either way.
    parts = 1 + statistics.median(assembly) / statistics.median(alone)
    print(f"full pipeline ÷ WeasyPrint alone: {best:.3f} (best), {median:.3f} (median)")
    print(f"(assembly + WeasyPrint) ÷ WeasyPrint, from the medians: {parts:.3f}")
    print(f"target at most 1.15: {'met' if max(median, parts) <= 1.15 else 'NOT met'}")


if __name__ == "__main__":
    main()
