"""The yearly report: create it with the default sections, edit, reorder, hide and add
sections, send it for sign-off, record the partners' decisions, render it to PDF in the
background, and publish it as a Publication.

Every change to the report's content raises its revision; a sign-off counts only for the
revision it was given to, so an edit after sign-off sends the report back to the partners.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F

from partnership.models import (
    STATUTORY_PARTNER_KINDS,
    AgencyKind,
    Publication,
    PublicationKind,
    Role,
    User,
)
from partnership.services import publication_publish, publication_save

from ..models import (
    RenderJob,
    RenderState,
    ReportSection,
    ReportStatus,
    SignOff,
    SignOffDecision,
    YearlyReport,
)
from ..report.document import report_html
from ..report.sections import DEFAULT_ORDER

PARTNER_KINDS = [kind for kind in AgencyKind if kind in STATUTORY_PARTNER_KINDS]
PARTNER_LABELS = {
    AgencyKind.LOCAL_AUTHORITY: "The local authority",
    AgencyKind.POLICE: "The police",
    AgencyKind.ICB: "The integrated care board",
}


def partner_choices() -> list[tuple[str, str]]:
    return [(kind, PARTNER_LABELS[kind]) for kind in PARTNER_KINDS]


def partner_label(kind: str | None) -> str:
    return PARTNER_LABELS.get(kind, "")


class ReportStateError(Exception):
    """The report is not in a state that allows this; the message says why."""


@transaction.atomic
def report_create(*, title: str, period_start: date, period_end: date) -> YearlyReport:
    report = YearlyReport(title=title.strip(), period_start=period_start, period_end=period_end)
    report.full_clean()
    report.save()
    ReportSection.objects.bulk_create(
        ReportSection(
            report=report,
            position=position,
            **(
                {"title": entry}
                if isinstance(entry, str)
                else {"kind": entry.key, "title": entry.title, "is_appendix": entry.is_appendix}
            ),
        )
        for position, entry in enumerate(DEFAULT_ORDER, start=1)
    )
    return report


def _changed(report: YearlyReport) -> None:
    """A change to what the report says: a new revision, and the partners must look again.
    A published report stays on the public site as it was until the new revision is signed
    off and published as a new version."""
    YearlyReport.objects.filter(pk=report.pk).update(revision=F("revision") + 1)
    if report.status in {ReportStatus.SIGNED_OFF, ReportStatus.PUBLISHED}:
        YearlyReport.objects.filter(pk=report.pk).update(status=ReportStatus.AWAITING_SIGN_OFF)
    report.refresh_from_db(fields=["revision", "status"])


def _locked(report: YearlyReport) -> YearlyReport:
    return YearlyReport.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def report_details_save(
    *, report: YearlyReport, title: str, period_start: date, period_end: date
) -> YearlyReport:
    locked = _locked(report)
    locked.title, locked.period_start, locked.period_end = title.strip(), period_start, period_end
    locked.full_clean()
    locked.save(update_fields=["title", "period_start", "period_end", "updated_at"])
    _changed(locked)
    return locked


@transaction.atomic
def section_save(*, section: ReportSection, title: str, body: str = "") -> ReportSection:
    """Change a section's title, and a narrative section's text."""
    report = _locked(section.report)
    section.title = title.strip()
    if section.is_narrative:
        section.body = body.strip()
    section.full_clean()
    section.save(update_fields=["title", "body"])
    _changed(report)
    return section


@transaction.atomic
def section_add(
    *, report: YearlyReport, title: str, body: str = "", is_appendix: bool = False
) -> ReportSection:
    """Add a narrative section: at the end of the chapters, or as the last appendix."""
    report = _locked(report)
    sections = list(report.sections.order_by("position", "pk"))
    if is_appendix:
        position = max((s.position for s in sections), default=0) + 1
    else:
        chapters = [s.position for s in sections if not s.is_appendix]
        position = max(chapters, default=0) + 1
        report.sections.filter(position__gte=position).update(position=F("position") + 1)
    section = ReportSection(
        report=report,
        title=title.strip(),
        body=body.strip(),
        position=position,
        is_appendix=is_appendix,
    )
    section.full_clean()
    section.save()
    _changed(report)
    return section


@transaction.atomic
def section_move(*, section: ReportSection, up: bool) -> ReportSection:
    """Swap a section with its neighbour. Chapters stay among chapters and appendices among
    appendices: an appendix cannot move above the last chapter."""
    report = _locked(section.report)
    siblings = list(
        report.sections.filter(is_appendix=section.is_appendix).order_by("position", "pk")
    )
    index = next(n for n, s in enumerate(siblings) if s.pk == section.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(siblings):
        return section
    # Renumber the siblings first, so two sections never share a position.
    start = siblings[0].position
    for n, sibling in enumerate(siblings):
        sibling.position = start + n
    siblings[index], siblings[other_index] = siblings[other_index], siblings[index]
    for n, sibling in enumerate(siblings):
        ReportSection.objects.filter(pk=sibling.pk).update(position=start + n)
    _changed(report)
    section.refresh_from_db(fields=["position"])
    return section


@transaction.atomic
def section_set_hidden(*, section: ReportSection, hidden: bool) -> ReportSection:
    report = _locked(section.report)
    section.is_hidden = hidden
    section.save(update_fields=["is_hidden"])
    _changed(report)
    return section


@transaction.atomic
def section_delete(*, section: ReportSection) -> None:
    """Remove a narrative section the business unit added. A generated section is hidden
    instead: it can be shown again."""
    if not section.is_narrative:
        raise ValidationError("A generated section cannot be deleted. Hide it instead")
    report = _locked(section.report)
    section.delete()
    _changed(report)


# Sign-off


def partner_kind_of(user: User) -> str | None:
    """The statutory partner a partner lead signs for: their agency's kind."""
    if user.role != Role.PARTNER_LEAD or user.agency is None:
        return None
    return user.agency.kind if user.agency.kind in STATUTORY_PARTNER_KINDS else None


def current_sign_offs(report: YearlyReport) -> dict[str, SignOff]:
    """Each statutory partner's latest decision on the current revision."""
    latest: dict[str, SignOff] = {}
    for sign_off in report.sign_offs.filter(revision=report.revision).select_related("user"):
        latest.setdefault(sign_off.partner_kind, sign_off)  # newest first (Meta.ordering)
    return latest


def all_partners_approved(
    report: YearlyReport, decisions: dict[str, SignOff] | None = None
) -> bool:
    """Whether all three statutory partners approved the current revision. A caller that has
    read `current_sign_offs` already passes them in."""
    if decisions is None:
        decisions = current_sign_offs(report)
    return all(
        kind in decisions and decisions[kind].decision == SignOffDecision.APPROVED
        for kind in PARTNER_KINDS
    )


@transaction.atomic
def report_send_for_sign_off(*, report: YearlyReport) -> YearlyReport:
    locked = _locked(report)
    if locked.status != ReportStatus.DRAFT:
        raise ReportStateError("Only a draft can be sent for sign-off")
    locked.status = ReportStatus.AWAITING_SIGN_OFF
    locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def report_decide(*, report: YearlyReport, user: User, decision: str, comment: str = "") -> SignOff:
    """A partner lead approves the current revision or comments on it. A comment is not an
    approval: it withdraws that partner's earlier approval of the same revision."""
    locked = _locked(report)
    kind = partner_kind_of(user)
    if kind is None:
        raise ReportStateError(
            "Only a partner lead of the local authority, the police or the integrated care "
            "board can sign off the report"
        )
    if locked.status not in {ReportStatus.AWAITING_SIGN_OFF, ReportStatus.SIGNED_OFF}:
        raise ReportStateError("The report is not waiting for sign-off")
    if decision == SignOffDecision.COMMENTED and not comment.strip():
        raise ValidationError({"comment": "Enter your comments on the report"})
    sign_off = SignOff.objects.create(
        report=locked,
        revision=locked.revision,
        user=user,
        partner_kind=kind,
        decision=decision,
        comment=comment.strip(),
    )
    signed = all_partners_approved(locked)
    locked.status = ReportStatus.SIGNED_OFF if signed else ReportStatus.AWAITING_SIGN_OFF
    locked.save(update_fields=["status", "updated_at"])
    return sign_off


# The PDF


class QueueUnavailable(Exception):
    """The task queue could not take the job; the job is marked failed with the reason."""


@transaction.atomic
def render_request(*, report: YearlyReport, user: User | None = None) -> RenderJob:
    """Queue a PDF of the report's current revision. A job already queued or running for that
    revision is returned instead of starting a second."""
    report = _locked(report)
    running = (
        report.render_jobs.filter(revision=report.revision)
        .exclude(state__in=[RenderState.DONE, RenderState.FAILED])
        .first()
    )
    if running is not None:
        return running
    job = RenderJob.objects.create(report=report, revision=report.revision, requested_by=user)
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from ..tasks import render_report

    try:
        # No retries: with the broker down the person waiting should hear so now.
        render_report.apply_async(args=[job_id], retry=False)
    except Exception as error:  # kombu raises several kinds for an unreachable broker
        RenderJob.objects.filter(pk=job_id).update(
            state=RenderState.FAILED,
            error="The task queue could not be reached, so the PDF was not started. "
            f"Try again in a few minutes. ({type(error).__name__})",
        )


def latest_pdf(report: YearlyReport) -> RenderJob | None:
    """The newest finished PDF of the report's current revision."""
    return (
        report.render_jobs.filter(revision=report.revision, state=RenderState.DONE)
        .order_by("-finished_at", "-pk")
        .first()
    )


# Publishing


@transaction.atomic
def report_publish(*, report: YearlyReport, user: User | None = None) -> YearlyReport:
    """Publish the signed-off report: its web version as the Publication's body and its PDF
    as the file. Publishing again adds a version; the earlier ones stay downloadable."""
    locked = _locked(report)
    if locked.status not in {ReportStatus.SIGNED_OFF, ReportStatus.PUBLISHED}:
        raise ReportStateError("The statutory partners must all approve the report first")
    if not all_partners_approved(locked):
        raise ReportStateError("The statutory partners must all approve this revision first")
    pdf = latest_pdf(locked)
    if pdf is None:
        raise ReportStateError("Make the PDF of this revision before publishing")
    publication = locked.publication or Publication(kind=PublicationKind.YEARLY_REPORT)
    with pdf.file.open("rb") as handle:
        content = handle.read()
    publication = publication_save(
        publication=publication,
        title=locked.title,
        summary=f"The partnership’s yearly report for {locked.period}, signed off by the "
        "local authority, the police and the integrated care board.",
        body=report_html(locked, mode="web"),
        generated=True,
        file=ContentFile(content, name=pdf.file.name.rsplit("/", 1)[-1]),
    )
    publication_publish(publication=publication, user=user)
    locked.publication = publication
    locked.status = ReportStatus.PUBLISHED
    locked.save(update_fields=["publication", "status", "updated_at"])
    return locked
