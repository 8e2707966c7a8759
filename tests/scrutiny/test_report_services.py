"""The yearly report services: the default sections, revisions, arranging the sections, the
partners' sign-off, asking for the PDF, and publishing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from partnership.models import (
    AgencyKind,
    Publication,
    PublicationKind,
    PublicationVersion,
    Role,
)
from scrutiny import tasks
from scrutiny.models import (
    RenderJob,
    RenderState,
    ReportStatus,
    SignOff,
    SignOffDecision,
)
from scrutiny.services import reports as report_services
from scrutiny.services.reports import ReportStateError

from ..budget.factories import seed_statement
from ..factories import PDF_BYTES, AgencyFactory, UserFactory

START, END = datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)
APPROVED, COMMENTED = SignOffDecision.APPROVED, SignOffDecision.COMMENTED
NOT_A_SIGNER = (
    "Only a partner lead of the local authority, the police or the integrated care board can "
    "sign off the report"
)
DEFAULT_SECTIONS = [
    # (title, kind, is_appendix)
    ("Introduction by the independent chair and scrutineer", "narrative", False),
    ("Foreword by the statutory partners", "narrative", False),
    ("Our safeguarding arrangements", "narrative", False),
    ("Learning from reviews", "narrative", False),
    ("Learning from reviews: the figures", "reviews", False),
    ("Evidence of impact", "narrative", False),
    ("The multi-agency training programme", "training", False),
    ("Impact on priority areas", "priorities", False),
    ("Independent scrutiny", "checklist", False),
    ("Looking ahead", "narrative", False),
    ("The partnership’s budget", "budget", True),
    ("Membership of the partnership", "membership", True),
]
SECOND_PDF = b"%PDF-1.7\n" + b"1" * 2000 + b"\n%%EOF\n"


@pytest.fixture
def report(db):
    return report_services.report_create(
        title="  Thameside yearly report 2025 to 2026 ", period_start=START, period_end=END
    )


@pytest.fixture
def signers(partner_lead):
    """A partner lead for each statutory partner: the council's from the cast."""
    police = AgencyFactory(name="Thameside Police", kind=AgencyKind.POLICE)
    icb = AgencyFactory(name="North East London ICB", kind=AgencyKind.ICB)
    return {
        "council": partner_lead,
        "police": UserFactory(username="police-partner", role=Role.PARTNER_LEAD, agency=police),
        "icb": UserFactory(username="icb-partner", role=Role.PARTNER_LEAD, agency=icb),
    }


def titles(report):
    return list(report.sections.order_by("position", "pk").values_list("title", flat=True))


def positions(report):
    return list(report.sections.order_by("position", "pk").values_list("position", flat=True))


def section(report, title):
    return report.sections.get(title=title)


def awaiting(report):
    return report_services.report_send_for_sign_off(report=report)


def approve_all(report, signers):
    for user in signers.values():
        report_services.report_decide(report=report, user=user, decision=APPROVED)
    report.refresh_from_db()
    return report


def finished_pdf(report, content=PDF_BYTES, name="yearly-report.pdf"):
    """A done PDF job for the report's current revision, as the worker leaves it."""
    job = RenderJob.objects.create(
        report=report, revision=report.revision, state=RenderState.DONE, page_count=3,
        file_size=len(content), render_ms=800, finished_at=timezone.now(),
    )  # fmt: skip
    job.file.save(name, ContentFile(content))
    return job


def write(report, title, body):
    target = section(report, title)
    report_services.section_save(section=target, title=target.title, body=body)
    report.refresh_from_db()


# Creating


def test_a_new_report_has_the_seed_reports_sections_in_order(report):
    rows = list(report.sections.order_by("position").values_list("title", "kind", "is_appendix"))

    assert rows == DEFAULT_SECTIONS
    assert positions(report) == list(range(1, 13))
    assert not report.sections.filter(is_hidden=True).exists()
    assert report.sections.filter(kind="narrative").exclude(body="").count() == 0
    assert (report.title, report.revision, report.status) == (
        "Thameside yearly report 2025 to 2026",
        1,
        ReportStatus.DRAFT,
    )


def test_a_period_that_ends_before_it_starts_is_refused(db):
    with pytest.raises(ValidationError, match="The period cannot end before it starts"):
        report_services.report_create(title="Backwards", period_start=END, period_end=START)


# Revisions


CHANGES = {
    "details": lambda report: report_services.report_details_save(
        report=report, title="Renamed", period_start=START, period_end=END
    ),
    "text": lambda report: report_services.section_save(
        section=section(report, "Looking ahead"), title="Looking ahead", body="Next year."
    ),
    "heading of a generated section": lambda report: report_services.section_save(
        section=section(report, "Independent scrutiny"), title="Scrutiny", body="ignored"
    ),
    "add": lambda report: report_services.section_add(report=report, title="Thanks"),
    "move": lambda report: report_services.section_move(
        section=section(report, "Learning from reviews"), up=True
    ),
    "hide": lambda report: report_services.section_set_hidden(
        section=section(report, "Evidence of impact"), hidden=True
    ),
    "delete": lambda report: report_services.section_delete(
        section=section(report, "Evidence of impact")
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_to_the_content_raises_the_revision(report, change):
    CHANGES[change](report)

    report.refresh_from_db()
    assert report.revision == 2


def test_a_generated_sections_text_is_never_stored(report):
    scrutiny = section(report, "Independent scrutiny")

    report_services.section_save(section=scrutiny, title=" Scrutiny ", body="Typed text")

    scrutiny.refresh_from_db()
    assert (scrutiny.title, scrutiny.body) == ("Scrutiny", "")


def test_sending_and_deciding_do_not_raise_the_revision(report, signers):
    awaiting(report)
    report_services.report_decide(report=report, user=signers["council"], decision=APPROVED)

    report.refresh_from_db()
    assert report.revision == 1


# Moving


def test_moving_a_chapter_down_swaps_it_with_the_next(report):
    report_services.section_move(section=section(report, "Evidence of impact"), up=False)

    assert titles(report)[5:7] == ["The multi-agency training programme", "Evidence of impact"]
    assert positions(report) == list(range(1, 13))


def test_moving_the_first_section_up_changes_nothing(report):
    before = titles(report)

    report_services.section_move(section=section(report, before[0]), up=True)

    report.refresh_from_db()
    assert titles(report) == before
    assert report.revision == 1


def test_the_last_chapter_does_not_move_among_the_appendices(report):
    before = titles(report)

    report_services.section_move(section=section(report, "Looking ahead"), up=False)

    assert titles(report) == before


def test_the_first_appendix_does_not_move_above_the_last_chapter(report):
    before = titles(report)

    report_services.section_move(section=section(report, "The partnership’s budget"), up=True)

    assert titles(report) == before


def test_appendices_swap_among_themselves(report):
    report_services.section_move(section=section(report, "Membership of the partnership"), up=True)

    assert titles(report)[-2:] == ["Membership of the partnership", "The partnership’s budget"]


def test_positions_stay_unique_and_chapters_stay_before_appendices(report):
    report_services.section_delete(section=section(report, "Learning from reviews"))
    added = report_services.section_add(report=report, title="Thanks", is_appendix=False)
    report_services.section_add(report=report, title="Glossary", is_appendix=True)
    for title, up in [
        ("Thanks", True),
        ("Thanks", True),
        ("Glossary", True),
        ("Glossary", True),
        ("Introduction by the independent chair and scrutineer", False),
        ("Thanks", False),
        ("Membership of the partnership", False),
    ]:
        report_services.section_move(section=section(report, title), up=up)

    rows = list(report.sections.order_by("position").values_list("position", "is_appendix"))
    assert len({position for position, _ in rows}) == len(rows) == 13
    assert [is_appendix for _, is_appendix in rows] == [False] * 10 + [True] * 3
    assert titles(report) == [
        "Foreword by the statutory partners",
        "Introduction by the independent chair and scrutineer",
        "Our safeguarding arrangements",
        "Learning from reviews: the figures",
        "Evidence of impact",
        "The multi-agency training programme",
        "Impact on priority areas",
        "Independent scrutiny",
        "Thanks",
        "Looking ahead",
        "Glossary",
        "The partnership’s budget",
        "Membership of the partnership",
    ]
    assert section(report, "Thanks").pk == added.pk


# Hiding, adding, deleting


def test_a_section_can_be_hidden_and_shown_again(report):
    target = section(report, "The partnership’s budget")

    report_services.section_set_hidden(section=target, hidden=True)
    assert report.sections.get(pk=target.pk).is_hidden is True

    report_services.section_set_hidden(section=target, hidden=False)
    assert report.sections.get(pk=target.pk).is_hidden is False
    report.refresh_from_db()
    assert report.revision == 3


def test_an_added_chapter_goes_after_the_last_chapter(report):
    added = report_services.section_add(
        report=report, title=" Thanks to our partners ", body=" With thanks. "
    )

    assert titles(report)[9:] == [
        "Looking ahead",
        "Thanks to our partners",
        "The partnership’s budget",
        "Membership of the partnership",
    ]
    assert (added.kind, added.is_appendix, added.body) == ("narrative", False, "With thanks.")
    assert positions(report) == list(range(1, 14))


def test_an_added_appendix_goes_last(report):
    added = report_services.section_add(report=report, title="Glossary", is_appendix=True)

    assert titles(report)[-3:] == [
        "The partnership’s budget",
        "Membership of the partnership",
        "Glossary",
    ]
    assert added.is_appendix is True


def test_a_narrative_section_can_be_deleted(report):
    report_services.section_delete(section=section(report, "Evidence of impact"))

    assert "Evidence of impact" not in titles(report)
    assert report.sections.count() == 11


def test_a_generated_section_cannot_be_deleted(report):
    budget = section(report, "The partnership’s budget")

    with pytest.raises(ValidationError, match="A generated section cannot be deleted. Hide it"):
        report_services.section_delete(section=budget)

    assert report.sections.filter(pk=budget.pk).exists()
    report.refresh_from_db()
    assert report.revision == 1


# Sign-off


def test_only_a_draft_can_be_sent_for_sign_off(report):
    sent = awaiting(report)
    assert sent.status == ReportStatus.AWAITING_SIGN_OFF

    with pytest.raises(ReportStateError, match="Only a draft can be sent for sign-off"):
        awaiting(report)


def test_a_draft_cannot_be_decided_on(report, signers):
    with pytest.raises(ReportStateError, match="The report is not waiting for sign-off"):
        report_services.report_decide(report=report, user=signers["council"], decision=APPROVED)

    assert not SignOff.objects.exists()


def partner_lead_of(kind):
    return UserFactory(role=Role.PARTNER_LEAD, agency=AgencyFactory(name=f"A {kind}", kind=kind))


@pytest.mark.parametrize(
    "who",
    [
        lambda cast: cast["business_unit"],
        lambda cast: cast["scrutineer"],
        # An agency lead of the police is not its partner lead.
        lambda cast: cast["agency_lead_a"],
        lambda cast: partner_lead_of(AgencyKind.HEALTH),
        lambda cast: partner_lead_of(AgencyKind.PROBATION),
        lambda cast: UserFactory(role=Role.PARTNER_LEAD, agency=None),
    ],
    ids=["business unit", "scrutineer", "police agency lead", "health", "probation", "no agency"],
)
def test_only_a_statutory_partners_lead_may_decide(report, cast, who):
    awaiting(report)

    with pytest.raises(ReportStateError) as raised:
        report_services.report_decide(report=report, user=who(cast), decision=APPROVED)

    assert str(raised.value) == NOT_A_SIGNER
    assert not SignOff.objects.exists()


def test_each_partner_lead_signs_for_their_agencys_kind(signers):
    assert {name: report_services.partner_kind_of(user) for name, user in signers.items()} == {
        "council": AgencyKind.LOCAL_AUTHORITY,
        "police": AgencyKind.POLICE,
        "icb": AgencyKind.ICB,
    }


@pytest.mark.parametrize("comment", ["", "   \n "])
def test_a_comment_needs_text(report, signers, comment):
    awaiting(report)

    with pytest.raises(ValidationError) as raised:
        report_services.report_decide(
            report=report, user=signers["police"], decision=COMMENTED, comment=comment
        )

    assert raised.value.message_dict == {"comment": ["Enter your comments on the report"]}
    assert not SignOff.objects.exists()


def test_a_comment_withdraws_that_partners_approval(report, signers):
    awaiting(report)
    report_services.report_decide(report=report, user=signers["council"], decision=APPROVED)
    report_services.report_decide(report=report, user=signers["police"], decision=APPROVED)
    report_services.report_decide(
        report=report, user=signers["council"], decision=COMMENTED, comment=" Add the data. "
    )
    report_services.report_decide(report=report, user=signers["icb"], decision=APPROVED)

    decisions = report_services.current_sign_offs(report)
    assert {kind: d.decision for kind, d in decisions.items()} == {
        AgencyKind.LOCAL_AUTHORITY: COMMENTED,
        AgencyKind.POLICE: APPROVED,
        AgencyKind.ICB: APPROVED,
    }
    assert decisions[AgencyKind.LOCAL_AUTHORITY].comment == "Add the data."
    assert report_services.all_partners_approved(report) is False
    report.refresh_from_db()
    assert report.status == ReportStatus.AWAITING_SIGN_OFF
    assert SignOff.objects.filter(report=report).count() == 4


def test_the_report_is_signed_off_when_all_three_partners_approve(report, signers):
    awaiting(report)
    report_services.report_decide(report=report, user=signers["council"], decision=APPROVED)
    report_services.report_decide(report=report, user=signers["police"], decision=APPROVED)
    report.refresh_from_db()
    assert report.status == ReportStatus.AWAITING_SIGN_OFF
    assert report_services.all_partners_approved(report) is False

    report_services.report_decide(report=report, user=signers["icb"], decision=APPROVED)

    report.refresh_from_db()
    assert report.status == ReportStatus.SIGNED_OFF
    assert report_services.all_partners_approved(report) is True


def test_an_edit_after_sign_off_sends_the_report_back_to_the_partners(report, signers):
    awaiting(report)
    approve_all(report, signers)

    write(report, "Looking ahead", "One more thing.")

    assert (report.status, report.revision) == (ReportStatus.AWAITING_SIGN_OFF, 2)
    assert report_services.current_sign_offs(report) == {}
    assert report_services.all_partners_approved(report) is False
    # The approvals of revision 1 stay in the history.
    assert sorted(
        SignOff.objects.filter(report=report).values_list("revision", "partner_kind", "decision")
    ) == [
        (1, AgencyKind.ICB, APPROVED),
        (1, AgencyKind.LOCAL_AUTHORITY, APPROVED),
        (1, AgencyKind.POLICE, APPROVED),
    ]

    approve_all(report, signers)
    assert report.status == ReportStatus.SIGNED_OFF


# The PDF


@pytest.mark.parametrize(
    "state",
    [RenderState.QUEUED, RenderState.GATHERING, RenderState.LAYING_OUT, RenderState.WRITING],
)
def test_asking_again_returns_the_running_job(report, business_unit, state):
    running = report_services.render_request(report=report, user=business_unit)
    RenderJob.objects.filter(pk=running.pk).update(state=state)

    again = report_services.render_request(report=report, user=business_unit)

    assert again.pk == running.pk
    assert RenderJob.objects.count() == 1
    assert (running.revision, running.requested_by) == (1, business_unit)


@pytest.mark.parametrize("state", [RenderState.DONE, RenderState.FAILED])
def test_a_finished_job_does_not_stop_a_new_one(report, state):
    first = report_services.render_request(report=report)
    RenderJob.objects.filter(pk=first.pk).update(state=state)

    second = report_services.render_request(report=report)

    assert second.pk != first.pk
    assert second.state == RenderState.QUEUED


def test_a_new_revision_gets_its_own_job(report):
    first = report_services.render_request(report=report)
    write(report, "Looking ahead", "Changed.")

    second = report_services.render_request(report=report)

    assert second.pk != first.pk
    assert (first.revision, second.revision) == (1, 2)


def test_the_job_is_queued_after_commit(report, monkeypatch, django_capture_on_commit_callbacks):
    queued = []
    monkeypatch.setattr(
        tasks.render_report, "apply_async", lambda args, **kwargs: queued.append(args)
    )

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = report_services.render_request(report=report)
    assert queued == []

    for callback in callbacks:
        callback()
    assert queued == [[job.pk]]


def test_an_unreachable_broker_fails_the_job_with_a_clear_reason(
    report, monkeypatch, django_capture_on_commit_callbacks
):
    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.render_report, "apply_async", unreachable)

    with django_capture_on_commit_callbacks(execute=True):
        job = report_services.render_request(report=report)

    job.refresh_from_db()
    assert job.state == RenderState.FAILED
    assert job.error == (
        "The task queue could not be reached, so the PDF was not started. "
        "Try again in a few minutes. (OperationalError)"
    )
    assert not job.file
    # Asking again starts afresh rather than returning the failed job.
    assert report_services.render_request(report=report).pk != job.pk


# Publishing


def test_a_report_not_approved_by_all_partners_is_not_published(report, signers):
    with pytest.raises(ReportStateError, match="The statutory partners must all approve"):
        report_services.report_publish(report=report)

    awaiting(report)
    report_services.report_decide(report=report, user=signers["council"], decision=APPROVED)
    report_services.report_decide(report=report, user=signers["police"], decision=APPROVED)
    finished_pdf(report)

    with pytest.raises(ReportStateError, match="The statutory partners must all approve"):
        report_services.report_publish(report=report)
    assert not Publication.objects.exists()


def test_a_signed_off_report_needs_a_pdf_of_its_current_revision(report, signers):
    awaiting(report)
    approve_all(report, signers)
    with pytest.raises(ReportStateError, match="Make the PDF of this revision before publishing"):
        report_services.report_publish(report=report)

    finished_pdf(report)  # revision 1
    write(report, "Looking ahead", "Changed after the PDF.")
    approve_all(report, signers)
    RenderJob.objects.create(report=report, revision=report.revision, state=RenderState.FAILED)

    assert report_services.latest_pdf(report) is None
    with pytest.raises(ReportStateError, match="Make the PDF of this revision before publishing"):
        report_services.report_publish(report=report)
    assert not Publication.objects.exists()


@pytest.fixture
def with_budget(db):
    """A 2025-26 statement, so the budget appendix draws the contributions chart."""
    return seed_statement(start_year=2025)


def test_publishing_creates_a_yearly_report_publication(
    report, signers, business_unit, with_budget, client
):
    write(report, "Introduction by the independent chair and scrutineer", "A **steady** year.")
    awaiting(report)
    approve_all(report, signers)
    finished_pdf(report)

    published = report_services.report_publish(report=report, user=business_unit)

    publication = Publication.objects.get()
    assert published.status == ReportStatus.PUBLISHED
    assert published.publication == publication
    assert (publication.kind, publication.title) == (
        PublicationKind.YEARLY_REPORT,
        "Thameside yearly report 2025 to 2026",
    )
    assert "A <strong>steady</strong> year." in publication.body
    assert "<svg" in publication.body and "<rect" in publication.body
    assert "Statutory partner contributions over the years" in publication.body
    assert "<script" not in publication.body
    version = publication.published_version
    assert (version.number, version.published_by) == (1, business_unit)
    assert version.body == publication.body
    with version.file.open("rb") as handle:
        assert handle.read() == PDF_BYTES

    public = client.get(reverse("publication", kwargs={"slug": publication.slug}))
    assert public.status_code == 200
    assert "A <strong>steady</strong> year." in public.content.decode()


def test_publishing_a_new_revision_adds_a_version_and_keeps_the_first(
    report, signers, with_budget, client
):
    awaiting(report)
    approve_all(report, signers)
    finished_pdf(report, name="first.pdf")
    report_services.report_publish(report=report)

    write(report, "Looking ahead", "Next year we will listen to children.")
    assert report.status == ReportStatus.AWAITING_SIGN_OFF
    with pytest.raises(ReportStateError, match="The statutory partners must all approve"):
        report_services.report_publish(report=report)
    approve_all(report, signers)
    finished_pdf(report, content=SECOND_PDF, name="second.pdf")
    report_services.report_publish(report=report)

    publication = Publication.objects.get()
    assert list(publication.versions.values_list("number", flat=True)) == [2, 1]
    assert publication.published_version.number == 2
    assert "Next year we will listen to children." in publication.published_version.body
    first = PublicationVersion.objects.get(publication=publication, number=1)
    assert "Next year we will listen to children." not in first.body
    slug = publication.slug
    old = client.get(reverse("publication_version_file", kwargs={"slug": slug, "number": 1}))
    new = client.get(reverse("publication_file", kwargs={"slug": slug}))
    assert (old.status_code, new.status_code) == (200, 200)
    assert b"".join(old.streaming_content) == PDF_BYTES
    assert b"".join(new.streaming_content) == SECOND_PDF


def test_a_rendered_pdf_is_what_gets_published(
    report, signers, business_unit, django_capture_on_commit_callbacks
):
    """End to end with the eager task: the job renders the real PDF, and that file is the one
    the publication offers."""
    awaiting(report)
    approve_all(report, signers)

    with django_capture_on_commit_callbacks(execute=True):
        job = report_services.render_request(report=report, user=business_unit)

    job.refresh_from_db()
    assert job.state == RenderState.DONE, job.error
    assert report_services.latest_pdf(report) == job
    report_services.report_publish(report=report, user=business_unit)
    version = Publication.objects.get().published_version
    with job.file.open("rb") as made, version.file.open("rb") as offered:
        content = offered.read()
        assert content == made.read()
    assert content.startswith(b"%PDF-")
    assert version.file_size == len(content)
