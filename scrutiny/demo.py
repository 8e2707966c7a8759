"""Demo scrutiny for load_demo: the shipped frameworks, the scrutineer's completed checklist
for 2025-26 and an open Section 11 round in which some agencies have submitted. Safe to run
again: each part is made only if it is not there yet."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from partnership.models import Agency, User
from partnership.services import action_create

from . import demo_data
from .models import (
    Assessment,
    Framework,
    FrameworkPurpose,
    RenderJob,
    Section11Round,
    SignOffDecision,
    YearlyReport,
)
from .report.pdf import render_job_run
from .services import assessments as assessment_services
from .services import frameworks as framework_services
from .services import reports as report_services
from .services import rounds as round_services

PERIOD_START, PERIOD_END = date(2025, 4, 1), date(2026, 3, 31)
ROUND_NAME = "Section 11 audit 2026"
# The round is open whenever the demo is loaded: its deadline is set from the day it is made.
ROUND_OPEN_FOR = timedelta(days=26)
ACTIONS_DUE = date(2027, 3, 31)
LEAD_AGENCY = "London Borough of Thameside"


def _latest(purpose: str) -> Framework:
    return Framework.objects.filter(purpose=purpose).order_by("slug", "-version").first()


def _rate_all(assessment: Assessment, answers) -> None:
    levels = {level.code: level for level in assessment.framework.scale.levels.all()}
    for rating in assessment.ratings.select_related("question"):
        code, evidence, actions_required = answers(rating.question)
        assessment_services.rating_save(
            rating=rating, level=levels[code], evidence=evidence, actions_required=actions_required
        )


def _checklist(scrutineer: User) -> Assessment:
    framework = _latest(FrameworkPurpose.CHECKLIST)
    existing = Assessment.objects.filter(
        framework=framework, agency=None, period_start=PERIOD_START, period_end=PERIOD_END
    ).first()
    if existing is not None:
        return existing
    checklist = assessment_services.assessment_create(
        framework=framework, period_start=PERIOD_START, period_end=PERIOD_END
    )
    _rate_all(checklist, lambda question: demo_data.CHECKLIST[question.number])
    lead = Agency.objects.get(name=LEAD_AGENCY)
    for rating in checklist.ratings.exclude(actions_required=""):
        action_create(
            title=rating.actions_required, owner_agency=lead, due_on=ACTIONS_DUE, source=rating
        )
    checklist.overall_judgement = demo_data.JUDGEMENT
    checklist.save(update_fields=["overall_judgement"])
    assessment_services.assessment_submit(assessment=checklist, user=scrutineer)
    return assessment_services.assessment_accept(assessment=checklist)


def _section_11_round(business: User) -> Section11Round:
    existing = Section11Round.objects.filter(name=ROUND_NAME).first()
    if existing is not None:
        return existing
    agencies = list(Agency.objects.filter(name__in=demo_data.SECTION_11_AGENCIES))
    round_ = round_services.round_open(
        framework=_latest(FrameworkPurpose.SECTION_11),
        name=ROUND_NAME,
        period_start=PERIOD_START,
        period_end=PERIOD_END,
        deadline=timezone.localdate() + ROUND_OPEN_FOR,
        agencies=agencies,
        user=business,
    )
    for return_ in round_.returns.select_related("agency"):
        code = demo_data.SECTION_11_SUBMITTED.get(return_.agency.name)
        if code is None:
            continue
        _rate_all(
            return_,
            lambda question, code=code: (
                code,
                f"Our policy and the last internal audit cover standard {question.number}.",
                "" if code == "green" else "Refresh the policy and audit it again this year.",
            ),
        )
        lead = User.objects.filter(role="agency_lead", agency=return_.agency).first() or business
        assessment_services.assessment_submit(assessment=return_, user=lead)
    return round_


@transaction.atomic
def _yearly_report(business: User) -> YearlyReport:
    """The demo period's report, written, signed off by the three partners, rendered and
    published, so a newcomer sees the finished result at once."""
    existing = YearlyReport.objects.filter(period_start=PERIOD_START, period_end=PERIOD_END).first()
    if existing is not None:
        return existing
    report = report_services.report_create(
        title=demo_data.REPORT_TITLE, period_start=PERIOD_START, period_end=PERIOD_END
    )
    for section in report.sections.filter(title__in=demo_data.REPORT_NARRATIVE):
        report_services.section_save(
            section=section, title=section.title, body=demo_data.REPORT_NARRATIVE[section.title]
        )
    report_services.report_send_for_sign_off(report=report)
    for username in ("partner", "partner-police", "partner-icb"):
        report_services.report_decide(
            report=report,
            user=User.objects.get(username=username),
            decision=SignOffDecision.APPROVED,
        )
    report.refresh_from_db()
    # Rendered here, not queued: load_demo must leave a finished PDF without a worker.
    job = RenderJob.objects.create(report=report, revision=report.revision, requested_by=business)
    render_job_run(job.pk)
    return report_services.report_publish(report=report, user=business)


def load() -> str:
    framework_services.framework_load_shipped()
    checklist = _checklist(User.objects.get(username="scrutineer"))
    round_ = _section_11_round(User.objects.get(username="business"))
    report = _yearly_report(User.objects.get(username="business"))
    pdf = report_services.latest_pdf(report)
    pages = f", {pdf.page_count} pages" if pdf else ""
    submitted = round_.returns.exclude(submitted_at=None).count()
    return (
        f"Scrutiny: {Framework.objects.count()} frameworks, the {checklist.period_start:%Y}-"
        f"{checklist.period_end:%y} checklist ({checklist.get_status_display().lower()}), and "
        f"{round_.name} with {submitted} of {round_.returns.count()} returns submitted; "
        f"the yearly report {report.get_status_display().lower()}{pages}."
    )
