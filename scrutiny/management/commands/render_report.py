import logging
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scrutiny.models import YearlyReport


class Command(BaseCommand):
    help = (
        "Render a yearly report to a PDF file here and now, without a worker or a RenderJob: "
        "for scripts and benchmarks. The file is the one the background job would make."
    )

    def add_arguments(self, parser):
        parser.add_argument("report_id", type=int, help="The yearly report's id.")
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            help="Where to write the PDF (default: yearly-report-<id>.pdf here).",
        )

    def handle(self, *args, report_id, output, verbosity, **options):
        report = YearlyReport.objects.filter(pk=report_id).first()
        if report is None:
            known = ", ".join(
                f"{pk} ({title})" for pk, title in YearlyReport.objects.values_list("pk", "title")
            )
            raise CommandError(
                f"There is no yearly report {report_id}. "
                + (f"Reports: {known}." if known else "There are no yearly reports yet.")
            )
        output = output or Path(f"yearly-report-{report.pk}.pdf")
        if output.is_dir():
            raise CommandError(f"{output} is a folder: give a file name, e.g. {output}/report.pdf")
        if not output.parent.exists():
            raise CommandError(f"The folder {output.parent} does not exist")
        if verbosity < 2:
            # WeasyPrint logs every step at INFO, from the moment it is imported (hence the
            # import below); the command prints its own summary instead.
            logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        from scrutiny.report.pdf import report_pdf

        started = time.perf_counter()
        rendered = report_pdf(report)
        seconds = time.perf_counter() - started
        output.write_bytes(rendered.content)
        self.stdout.write(
            f"Wrote {output}: {rendered.page_count} pages, {len(rendered.content):,} bytes, "
            f"rendered in {seconds:.2f} seconds."
        )
