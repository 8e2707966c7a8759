"""Rendering a yearly report to PDF with WeasyPrint, and the job that does it in the background.

The job's state lives in its RenderJob row. Celery delivers a task at least once (acks_late,
and again if the worker dies mid-render), so `render_job_run` is written to be run twice: a job
already done is left alone, and a rerun overwrites the file under the job's own name rather than
adding a second one.
"""

import time
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from weasyprint import CSS, HTML

from ..models import RenderJob, RenderState, YearlyReport
from .document import PRINT_CSS, report_html

# WeasyPrint's tagged variant: a structure tree, table headers as TH, the language and title
# set, so a screen reader can read the PDF.
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int


def _stylesheet() -> CSS:
    return CSS(filename=str(PRINT_CSS))


def pdf_from_html(html: str, *, on_layout=None) -> RenderedPdf:
    """WeasyPrint alone: lay out and write a finished HTML document. `on_layout` is called
    between laying out and writing, for the job's progress."""
    # The variant goes to both steps: layout must keep the tags that writing then exports.
    document = HTML(string=html, base_url=str(PRINT_CSS.parent)).render(
        stylesheets=[_stylesheet()], pdf_variant=PDF_VARIANT
    )
    if on_layout is not None:
        on_layout()
    content = document.write_pdf(pdf_variant=PDF_VARIANT)
    return RenderedPdf(content=content, page_count=len(document.pages))


def report_pdf(report: YearlyReport, *, progress=None) -> RenderedPdf:
    """Gather the records, lay out and write: the whole rendering, without a worker."""
    html = report_html(report, mode="pdf")
    if progress is not None:
        progress(RenderState.LAYING_OUT)
    return pdf_from_html(
        html, on_layout=(lambda: progress(RenderState.WRITING)) if progress else None
    )


def _set_state(job_id: int, state: str, **fields) -> None:
    RenderJob.objects.filter(pk=job_id).update(state=state, **fields)


def job_file_name(job: RenderJob) -> str:
    slug = f"yearly-report-{job.report.period_start:%Y}-{job.report.period_end:%y}"
    return f"{slug}-job-{job.pk}.pdf"


def render_job_run(job_id: int) -> RenderJob:
    """Run one job to its end. Safe to call again for the same job: a finished job is
    returned as it is, an interrupted one starts over and replaces its own file."""
    with transaction.atomic():
        job = RenderJob.objects.select_for_update().select_related("report").get(pk=job_id)
        if job.is_finished:
            return job
        job.attempts += 1
        job.state = RenderState.GATHERING
        job.started_at = timezone.now()
        job.error = ""
        job.save(update_fields=["attempts", "state", "started_at", "error"])
    started = time.perf_counter()
    try:
        rendered = report_pdf(job.report, progress=lambda state: _set_state(job.pk, state))
        name = job_file_name(job)
        with transaction.atomic():
            locked = RenderJob.objects.select_for_update().get(pk=job.pk)
            if locked.is_finished:  # another delivery finished first; keep its file
                return locked
            storage = locked.file.storage
            # A rerun after a worker died may find the first attempt's file: replace it, so
            # one job leaves one file.
            target = RenderJob._meta.get_field("file").generate_filename(locked, name)
            if storage.exists(target):
                storage.delete(target)
            locked.file.save(name, ContentFile(rendered.content), save=False)
            locked.page_count = rendered.page_count
            locked.file_size = len(rendered.content)
            locked.render_ms = round((time.perf_counter() - started) * 1000)
            locked.state = RenderState.DONE
            locked.finished_at = timezone.now()
            locked.save()
            return locked
    except Exception as error:
        _set_state(
            job.pk,
            RenderState.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        raise
