"""Example arguments for the yearly report pages: a report awaiting sign-off that the council
has approved and the police have commented on, with a finished PDF, so every part of the
report page is drawn for the access and browser checks."""

import datetime

from django.core.files.base import ContentFile

from partnership.models import AgencyKind, Role, User
from scrutiny.models import RenderJob, RenderState, SignOffDecision
from scrutiny.services import reports as report_services

from ..factories import PDF_BYTES, AgencyFactory, UserFactory


def _report(cast):
    report = report_services.report_create(
        title="Thameside yearly report 2025 to 2026",
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2026, 3, 31),
    )
    introduction = report.sections.order_by("position").first()
    report_services.section_save(
        section=introduction, title=introduction.title, body="A year of **steady** progress."
    )
    report = report_services.report_send_for_sign_off(report=report)
    report_services.report_decide(
        report=report, user=cast["partner_lead"], decision=SignOffDecision.APPROVED
    )
    # Examples run once per URL in some tests: the second report finds the police lead made.
    police = User.objects.filter(username="police-partner").first() or UserFactory(
        username="police-partner",
        role=Role.PARTNER_LEAD,
        agency=AgencyFactory(name="Thameside Police", kind=AgencyKind.POLICE),
    )
    report_services.report_decide(
        report=report, user=police, decision=SignOffDecision.COMMENTED, comment="Add the data."
    )
    job = RenderJob.objects.create(
        report=report, revision=report.revision, state=RenderState.DONE, page_count=3,
        file_size=len(PDF_BYTES), render_ms=900,
    )  # fmt: skip
    job.file.save("yearly-report-2025-26-example.pdf", ContentFile(PDF_BYTES))
    report.refresh_from_db()
    return report


def _report_pk(cast):
    return {"pk": _report(cast).pk}


def _lists(cast):
    _report(cast)
    return {}


def _narrative_section(cast):
    return {"pk": _report(cast).sections.filter(kind="narrative").first().pk}


def _job(cast):
    return {"pk": _report(cast).render_jobs.first().pk}


EXAMPLES = {
    "scrutiny:reports": _lists,
    "scrutiny:report_create": _lists,
    "scrutiny:report": _report_pk,
    "scrutiny:report_edit": _report_pk,
    "scrutiny:report_preview": _report_pk,
    "scrutiny:report_section_add": _report_pk,
    "scrutiny:report_send": _report_pk,
    "scrutiny:report_decide": _report_pk,
    "scrutiny:report_render": _report_pk,
    "scrutiny:report_publish": _report_pk,
    "scrutiny:report_section": _narrative_section,
    "scrutiny:report_section_move": _narrative_section,
    "scrutiny:report_section_visibility": _narrative_section,
    "scrutiny:report_section_delete": _narrative_section,
    "scrutiny:render_job": _job,
    "scrutiny:render_job_status": _job,
    "scrutiny:render_job_download": _job,
}
POST_ONLY = {
    "scrutiny:report_section_move",
    "scrutiny:report_section_visibility",
    "scrutiny:report_render",
}
NOT_HTML = POST_ONLY | {"scrutiny:render_job_status", "scrutiny:render_job_download"}
OUTCOMES = {name: {"business_unit": "302 to a record"} for name in POST_ONLY}
