"""The yearly report's pages: starting a report, editing sections, moving and hiding them,
the partners' decision page, following the PDF job, publishing, and the preview. Who may use
each URL is covered by tests/partnership/test_access.py."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnership.models import AgencyKind, Publication, Role
from scrutiny.models import (
    RenderJob,
    RenderState,
    ReportStatus,
    SignOff,
    SignOffDecision,
    YearlyReport,
)
from scrutiny.services import reports as report_services

from ..factories import PDF_BYTES, AgencyFactory, UserFactory
from .test_report_document import records

START, END = datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)
NOT_A_SIGNER = (
    "Only a partner lead of the local authority, the police or the integrated care board can "
    "sign off the report"
)


@pytest.fixture
def report(db):
    return report_services.report_create(
        title="Thameside yearly report 2025 to 2026", period_start=START, period_end=END
    )


@pytest.fixture
def editor(client, business_unit):
    client.force_login(business_unit)
    return client


def section(report, title):
    return report.sections.get(title=title)


def page(response) -> str:
    return response.content.decode()


def report_url(report, anchor=""):
    return reverse("scrutiny:report", args=[report.pk]) + (f"#{anchor}" if anchor else "")


def dates(name, value: datetime.date) -> dict:
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


# Starting a report


def test_a_period_that_ends_before_it_starts_is_shown_as_an_error(editor, db):
    response = editor.post(
        reverse("scrutiny:report_create"),
        {"title": "Backwards", **dates("period_start", END), **dates("period_end", START)},
    )

    assert response.status_code == 200
    html = page(response)
    assert "The end of the period must be after its start" in html
    assert "<title>Error: " in html
    assert not YearlyReport.objects.exists()


def test_a_report_starts_with_the_usual_sections(editor, db):
    response = editor.post(
        reverse("scrutiny:report_create"),
        {
            "title": "Yearly report 2022 to 2024",
            **dates("period_start", datetime.date(2022, 10, 1)),
            **dates("period_end", datetime.date(2024, 3, 31)),
        },
    )

    report = YearlyReport.objects.get()
    assert response.status_code == 302
    assert response.url == report_url(report)
    assert (report.period_start, report.period_end) == (
        datetime.date(2022, 10, 1),
        datetime.date(2024, 3, 31),
    )
    assert report.sections.count() == 12


# Sections


def test_a_generated_section_has_no_text_to_edit(editor, report):
    scrutiny = section(report, "Independent scrutiny")
    url = reverse("scrutiny:report_section", args=[scrutiny.pk])

    html = page(editor.get(url))
    assert 'name="title"' in html
    assert 'name="body"' not in html
    assert "only its heading can change here" in html

    response = editor.post(url, {"title": "Scrutiny", "body": "Typed anyway"})
    assert response.status_code == 302
    assert response.url == report_url(report, f"row-{scrutiny.pk}")
    scrutiny.refresh_from_db()
    assert (scrutiny.title, scrutiny.body) == ("Scrutiny", "")


def test_a_narrative_section_has_its_text_to_edit(editor, report):
    ahead = section(report, "Looking ahead")
    url = reverse("scrutiny:report_section", args=[ahead.pk])

    assert 'name="body"' in page(editor.get(url))
    editor.post(url, {"title": "Looking ahead", "body": "Next year **more**."})

    ahead.refresh_from_db()
    assert ahead.body == "Next year **more**."


def test_moving_a_section_goes_back_to_its_row(editor, report):
    learning = section(report, "Learning from reviews")

    response = editor.post(
        reverse("scrutiny:report_section_move", args=[learning.pk]), {"direction": "up"}
    )

    assert response.status_code == 302
    assert response.url == report_url(report, f"row-{learning.pk}")
    titles = list(report.sections.order_by("position").values_list("title", flat=True))
    assert titles[2:4] == ["Learning from reviews", "Our safeguarding arrangements"]


def test_moving_down_is_the_default_direction(editor, report):
    learning = section(report, "Learning from reviews")

    editor.post(reverse("scrutiny:report_section_move", args=[learning.pk]))

    titles = list(report.sections.order_by("position").values_list("title", flat=True))
    assert titles[3:5] == ["Learning from reviews: the figures", "Learning from reviews"]


def test_hiding_and_showing_a_section_goes_back_to_its_row(editor, report):
    budget = section(report, "The partnership’s budget")
    url = reverse("scrutiny:report_section_visibility", args=[budget.pk])

    hidden = editor.post(url, {"hidden": "true"}, follow=True)
    assert hidden.redirect_chain == [(report_url(report, f"row-{budget.pk}"), 302)]
    assert "“The partnership’s budget” is hidden from the report" in page(hidden)
    budget.refresh_from_db()
    assert budget.is_hidden is True

    shown = editor.post(url, {"hidden": "false"})
    assert shown.url == report_url(report, f"row-{budget.pk}")
    budget.refresh_from_db()
    assert budget.is_hidden is False


def test_move_and_visibility_take_only_posts(editor, report):
    target = section(report, "Looking ahead")

    for name in ("scrutiny:report_section_move", "scrutiny:report_section_visibility"):
        assert editor.get(reverse(name, args=[target.pk])).status_code == 405


def test_a_generated_section_has_no_delete_page(editor, report):
    budget = section(report, "The partnership’s budget")

    response = editor.post(reverse("scrutiny:report_section_delete", args=[budget.pk]))

    assert response.status_code == 404
    assert report.sections.filter(pk=budget.pk).exists()


# Sign-off


@pytest.fixture
def awaiting(report):
    return report_services.report_send_for_sign_off(report=report)


def test_a_partner_lead_of_another_kind_of_agency_is_warned_and_refused(client, awaiting):
    health_lead = UserFactory(
        role=Role.PARTNER_LEAD,
        agency=AgencyFactory(name="NELFT NHS Foundation Trust", kind=AgencyKind.HEALTH),
    )
    client.force_login(health_lead)
    url = reverse("scrutiny:report_decide", args=[awaiting.pk])

    warning = page(client.get(url))
    assert "Your account is not linked to the local authority, the police or the integrated" in (
        warning
    )
    assert "You are signing for" not in warning

    response = client.post(url, {"decision": SignOffDecision.APPROVED})
    assert response.status_code == 200
    assert NOT_A_SIGNER in page(response)
    assert not SignOff.objects.exists()


def test_a_statutory_partners_lead_signs_for_their_agency(client, partner_lead, awaiting):
    client.force_login(partner_lead)
    url = reverse("scrutiny:report_decide", args=[awaiting.pk])

    assert "You are signing for the local authority." in page(client.get(url))
    response = client.post(url, {"decision": SignOffDecision.APPROVED})

    assert response.status_code == 302
    assert response.url == report_url(awaiting)
    sign_off = SignOff.objects.get()
    assert (sign_off.partner_kind, sign_off.decision, sign_off.revision) == (
        AgencyKind.LOCAL_AUTHORITY,
        SignOffDecision.APPROVED,
        1,
    )


def test_comments_need_text_on_the_decision_page(client, partner_lead, awaiting):
    client.force_login(partner_lead)

    response = client.post(
        reverse("scrutiny:report_decide", args=[awaiting.pk]),
        {"decision": SignOffDecision.COMMENTED, "comment": "  "},
    )

    assert response.status_code == 200
    assert "Enter your comments on the report" in page(response)
    assert not SignOff.objects.exists()


# The PDF job


@pytest.mark.parametrize(
    "state, finished, shown",
    [
        (RenderState.QUEUED, False, "Queued"),
        (RenderState.GATHERING, False, "Gathering the records"),
        (RenderState.LAYING_OUT, False, "Laying out the pages"),
        (RenderState.FAILED, True, "The PDF could not be made: The task queue could not be"),
    ],
)
def test_the_job_status_says_where_the_job_is(client, scrutineer, report, state, finished, shown):
    job = RenderJob.objects.create(
        report=report, revision=1, state=state,
        error="The task queue could not be reached, so the PDF was not started." if finished else "",
    )  # fmt: skip
    client.force_login(scrutineer)

    response = client.get(reverse("scrutiny:render_job_status", args=[job.pk]))

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    data = response.json()
    assert set(data) == {"state", "finished", "html"}
    assert (data["state"], data["finished"]) == (state, finished)
    assert shown in data["html"]


def done_job(report):
    job = RenderJob.objects.create(
        report=report, revision=report.revision, state=RenderState.DONE, page_count=4,
        file_size=len(PDF_BYTES), render_ms=1200, finished_at=timezone.now(),
    )  # fmt: skip
    job.file.save("thameside-2025-26.pdf", ContentFile(PDF_BYTES))
    return job


def test_a_done_job_offers_its_download(client, scrutineer, report):
    job = done_job(report)
    client.force_login(scrutineer)

    data = client.get(reverse("scrutiny:render_job_status", args=[job.pk])).json()
    download = client.get(reverse("scrutiny:render_job_download", args=[job.pk]))

    assert (data["state"], data["finished"]) == ("done", True)
    assert reverse("scrutiny:render_job_download", args=[job.pk]) in data["html"]
    assert "(4 pages, " in data["html"]
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment; filename=")
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_downloading_a_job_without_a_file_is_not_found(client, scrutineer, report):
    job = RenderJob.objects.create(report=report, revision=1, state=RenderState.GATHERING)
    client.force_login(scrutineer)

    assert client.get(reverse("scrutiny:render_job_download", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("who", ["business_unit", "scrutineer", "partner_lead"])
def test_the_pdf_is_sent_to_the_reports_readers_kept_out_of_shared_caches(
    client, cast, report, who
):
    job = done_job(report)
    client.force_login(cast[who])

    download = client.get(reverse("scrutiny:render_job_download", args=[job.pk]))

    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="thameside-2025-26.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"]


@pytest.mark.parametrize("who", ["agency_lead_a", "agency_lead_b", "practitioner"])
def test_the_pdf_is_refused_to_everyone_else(client, cast, report, who):
    job = done_job(report)
    client.force_login(cast[who])

    response = client.get(reverse("scrutiny:render_job_download", args=[job.pk]))

    assert response.status_code == 403
    assert not hasattr(response, "streaming_content")


def test_the_pdf_is_refused_to_the_public(client, report):
    job = done_job(report)

    response = client.get(reverse("scrutiny:render_job_download", args=[job.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_pdf_missing_from_storage_is_not_found(client, scrutineer, report):
    job = done_job(report)
    job.file.storage.delete(job.file.name)
    client.force_login(scrutineer)

    assert client.get(reverse("scrutiny:render_job_download", args=[job.pk])).status_code == 404


def test_making_the_pdf_leads_to_the_jobs_page(editor, report, monkeypatch):
    # The queue takes the job but runs nothing: the page shows it queued.
    monkeypatch.setattr(report_services, "_enqueue", lambda job_id: None)

    response = editor.post(reverse("scrutiny:report_render", args=[report.pk]))

    job = RenderJob.objects.get()
    assert response.url == reverse("scrutiny:render_job", args=[job.pk])
    assert "Queued" in page(editor.get(response.url))


# Publishing


@pytest.fixture
def signers(partner_lead):
    return [
        partner_lead,
        UserFactory(
            role=Role.PARTNER_LEAD,
            agency=AgencyFactory(name="Thameside Police", kind=AgencyKind.POLICE),
        ),
        UserFactory(
            role=Role.PARTNER_LEAD,
            agency=AgencyFactory(name="North East London ICB", kind=AgencyKind.ICB),
        ),
    ]


def approve(report, users):
    for user in users:
        report_services.report_decide(report=report, user=user, decision=SignOffDecision.APPROVED)
    report.refresh_from_db()


def test_the_publish_page_says_the_partners_must_approve_first(editor, awaiting, signers):
    approve(awaiting, signers[:2])
    url = reverse("scrutiny:report_publish", args=[awaiting.pk])

    assert "All three statutory partners must approve version 1 before it can be published." in (
        page(editor.get(url))
    )
    response = editor.post(url)
    assert response.status_code == 200
    assert "The statutory partners must all approve the report first" in page(response)
    assert not Publication.objects.exists()


def test_the_publish_page_says_the_pdf_must_be_made_first(editor, awaiting, signers):
    approve(awaiting, signers)
    url = reverse("scrutiny:report_publish", args=[awaiting.pk])

    assert "Make the PDF of version 1 first" in page(editor.get(url))
    response = editor.post(url)
    assert "Make the PDF of this revision before publishing" in page(response)
    assert not Publication.objects.exists()


def test_publishing_from_the_page(editor, awaiting, signers):
    approve(awaiting, signers)
    done_job(awaiting)
    url = reverse("scrutiny:report_publish", args=[awaiting.pk])

    assert "as a web page and as the 4-page PDF" in page(editor.get(url))
    response = editor.post(url)

    assert response.status_code == 302
    assert response.url == report_url(awaiting)
    awaiting.refresh_from_db()
    assert awaiting.status == ReportStatus.PUBLISHED
    assert awaiting.publication.published_version.number == 1


# The preview


def test_the_preview_query_count_does_not_grow_with_the_records(client, scrutineer):
    small = records(start_year=2023, size=2)
    large = records(start_year=2025, size=12)
    client.force_login(scrutineer)
    client.get(reverse("scrutiny:report_preview", args=[small.pk]))  # warm the caches

    with CaptureQueriesContext(connection) as few:
        small_page = client.get(reverse("scrutiny:report_preview", args=[small.pk]))
    with CaptureQueriesContext(connection) as many:
        large_page = client.get(reverse("scrutiny:report_preview", args=[large.pk]))

    assert (small_page.status_code, large_page.status_code) == (200, 200)
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]
    assert page(large_page).count("#line-") == page(small_page).count("#line-") + 20


def test_the_preview_of_an_empty_report_says_what_is_missing(client, partner_lead, report):
    client.force_login(partner_lead)

    html = page(client.get(reverse("scrutiny:report_preview", args=[report.pk])))

    assert "Preview of version 1, April 2025 to March 2026" in html
    assert html.count("Not written yet") == 6
    assert "The partnership set no strategic priorities for this period." in html
    assert "No financial year ending in this period is in the portal yet." in html
    assert "Appendix B. Membership of the partnership" in html
    assert "No memberships are recorded for 31 March 2026." in html


def test_an_agency_lead_may_not_preview_the_report(client, agency_lead_a, report):
    client.force_login(agency_lead_a)

    response = client.get(reverse("scrutiny:report_preview", args=[report.pk]))

    assert response.status_code == 403
