"""The business unit's publication pages: list, draft, preview, publish, unpublish, versions."""

import pytest
from django.core import mail
from django.urls import reverse

from partnership import services
from partnership.models import AuditEntry, AuditVerb, Publication, PublicationKind

from ..factories import (
    DOCX_BYTES,
    PDF_BYTES,
    PublicationFactory,
    SubscriberFactory,
    pdf,
)
from ..upload_checks import EXE_BYTES, OVER_1_MB, PNG_BYTES, assert_refused, stored_files


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def staff(client, business_unit):
    client.force_login(business_unit)
    return client


def draft_data(**overrides):
    return {
        "kind": PublicationKind.LEARNING_BRIEFING,
        "title": "Learning from Child C",
        "summary": "What we learned.",
        "body": "<p>Act early.</p>",
        **overrides,
    }


def published(**fields):
    publication = PublicationFactory(**fields)
    services.publication_publish(publication=publication, user=None)
    return publication


# The list


def test_the_list_shows_each_publications_state(staff):
    PublicationFactory(title="A draft")
    published(title="Published as it is")
    changed = published(title="Published then changed")
    services.publication_save(publication=changed, summary="A new summary")

    page = staff.get(reverse("portal:publications")).content.decode()

    assert "A draft" in page
    assert ">Draft<" in page
    assert "Published v1<" in page
    assert "Published v1 with unpublished changes" in page


@pytest.mark.parametrize("rows", [2, 30])
def test_the_list_runs_the_same_queries_however_many_rows(staff, django_assert_num_queries, rows):
    for _ in range(rows):
        published()
    # session, user, the second factor's device, count, the page of publications with their
    # published versions, and the session saved again (a savepoint, the update, its release) for the
    # idle timeout
    with django_assert_num_queries(8):
        response = staff.get(reverse("portal:publications"))

    assert response.status_code == 200


def test_the_list_is_paginated(staff):
    for _ in range(26):
        PublicationFactory()

    first = staff.get(reverse("portal:publications")).content.decode()
    second = staff.get(reverse("portal:publications") + "?page=2").content.decode()

    assert "govuk-pagination" in first
    assert first.count("/preview/") == 25
    assert second.count("/preview/") == 1


# Drafts


def test_staff_add_a_draft_and_land_on_its_preview(staff):
    response = staff.post(reverse("portal:publication_create"), draft_data())

    publication = Publication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:publication_preview", args=[publication.pk])
    assert (publication.title, publication.kind, publication.is_published) == (
        "Learning from Child C",
        PublicationKind.LEARNING_BRIEFING,
        False,
    )


def test_the_body_hint_says_unsafe_html_is_removed(staff):
    page = staff.get(reverse("portal:publication_create")).content.decode()

    assert "Anything unsafe, such as scripts, styles and event handlers, is removed" in page


def test_unsafe_html_is_removed_when_the_draft_is_saved(staff):
    staff.post(
        reverse("portal:publication_create"),
        draft_data(body='<p onclick="x()">Hi</p><script>steal()</script>'),
    )

    assert Publication.objects.get().body == '<p class="govuk-body">Hi</p>'


def test_a_draft_needs_a_body_or_a_file(staff):
    response = staff.post(reverse("portal:publication_create"), draft_data(body=""))

    assert "Enter the body of the publication, or upload a file" in response.content.decode()
    assert not Publication.objects.exists()


def test_a_pdf_is_accepted(staff):
    staff.post(reverse("portal:publication_create"), {**draft_data(body=""), "file": pdf()})

    assert Publication.objects.get().file.name.endswith(".pdf")


def test_a_docx_is_accepted(staff):
    docx = pdf(
        "briefing.docx",
        DOCX_BYTES,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )

    staff.post(reverse("portal:publication_create"), {**draft_data(), "file": docx})

    assert Publication.objects.get().file.name.endswith(".docx")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            pdf("virus.exe", EXE_BYTES, "application/octet-stream"),
            "The selected file must be a PDF, DOCX, XLSX or ODT",
        ),
        (
            pdf("report.pdf", EXE_BYTES, "application/pdf"),
            "The selected file must be a PDF, DOCX, XLSX or ODT",
        ),
        (
            pdf("report.pdf", b"<html>not a pdf</html>", "application/pdf"),
            "The selected file must be a PDF, DOCX, XLSX or ODT",
        ),
        (
            pdf("report.docx", b"PK\x03\x04 not an archive", "application/pdf"),
            "The selected file must be a PDF, DOCX, XLSX or ODT",
        ),
        (pdf("report.pdf", b"", "application/pdf"), "The selected file is empty"),
        (
            pdf("big.pdf", b"%PDF-" + b"0" * OVER_1_MB, "application/pdf"),
            "The selected file must be smaller than 1 MB",
        ),
    ],
    ids=["wrong extension", "executable named pdf", "html named pdf", "not a docx", "empty", "big"],
)
def test_a_bad_upload_is_refused_with_a_clear_message_and_nothing_stored(
    staff, settings, upload, message
):
    settings.UPLOAD_MAX_MB = 1

    response = staff.post(reverse("portal:publication_create"), {**draft_data(), "file": upload})

    assert_refused(response, message)
    assert not Publication.objects.exists()
    assert stored_files(settings) == []


def test_the_browsers_declared_type_is_not_what_decides(staff, settings):
    # Windows sends application/octet-stream for a Word document when Word is not installed.
    docx = pdf("briefing.docx", DOCX_BYTES, "application/octet-stream")

    staff.post(reverse("portal:publication_create"), {**draft_data(), "file": docx})

    assert Publication.objects.get().file.name.endswith(".docx")


def test_a_bad_new_file_leaves_the_draft_and_its_old_file_alone(staff, settings):
    publication = services.publication_save(publication=PublicationFactory(), file=pdf())
    before = stored_files(settings)

    response = staff.post(
        reverse("portal:publication_edit", args=[publication.pk]),
        {**draft_data(title="Changed"), "file": pdf("new.pdf", PNG_BYTES)},
    )

    assert_refused(response, "The selected file must be a PDF, DOCX, XLSX or ODT")
    publication.refresh_from_db()
    assert publication.title != "Changed"
    assert stored_files(settings) == before


def test_editing_changes_the_draft_but_not_the_public_version(staff):
    publication = published(title="Newsletter, spring")

    staff.post(
        reverse("portal:publication_edit", args=[publication.pk]),
        draft_data(title="Newsletter, spring (corrected)"),
    )

    publication.refresh_from_db()
    assert publication.title == "Newsletter, spring (corrected)"
    assert publication.published_version.title == "Newsletter, spring"


def test_editing_without_a_new_file_keeps_the_old_one(staff):
    publication = services.publication_save(publication=PublicationFactory(), file=pdf())
    name = publication.file.name

    staff.post(reverse("portal:publication_edit", args=[publication.pk]), draft_data())

    assert Publication.objects.get(pk=publication.pk).file.name == name


def test_the_file_can_be_removed_from_the_draft(staff):
    publication = services.publication_save(publication=PublicationFactory(), file=pdf())

    staff.post(
        reverse("portal:publication_edit", args=[publication.pk]),
        draft_data(remove_file="on"),
    )

    assert not Publication.objects.get(pk=publication.pk).file


# Preview


def test_the_preview_shows_the_draft_in_a_not_published_banner(staff):
    publication = published(title="Old title")
    services.publication_save(publication=publication, title="New title", body="<p>New body</p>")

    page = staff.get(reverse("portal:publication_preview", args=[publication.pk])).content.decode()

    assert "Preview: not published" in page
    assert "New title" in page
    assert "New body" in page
    assert "The public sees version 1, not these changes" in page


def test_the_draft_file_is_served_to_staff(staff):
    publication = services.publication_save(publication=PublicationFactory(), file=pdf())

    response = staff.get(reverse("portal:publication_draft_file", args=[publication.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
    [entry] = AuditEntry.objects.filter(verb=AuditVerb.EXPORTED)
    assert (entry.record_id, entry.summary) == (
        publication.pk,
        f"Draft file, {publication.slug}-draft.pdf",
    )


# Publish and unpublish


def test_publishing_asks_first_and_changes_nothing_on_get(staff):
    publication = PublicationFactory()

    response = staff.get(reverse("portal:publication_publish", args=[publication.pk]))

    assert "Publish version 1" in response.content.decode()
    assert not Publication.objects.get(pk=publication.pk).is_published


def test_publishing_warns_that_subscribers_will_be_emailed_the_first_time(staff):
    publication = PublicationFactory(kind=PublicationKind.NEWSLETTER)

    page = staff.get(reverse("portal:publication_publish", args=[publication.pk])).content.decode()

    assert "everyone subscribed to newsletter publications will be emailed" in page


def test_staff_publish_a_draft_and_subscribers_hear_of_it(
    staff, business_unit, django_capture_on_commit_callbacks
):
    SubscriberFactory(kinds=[PublicationKind.NEWSLETTER])
    publication = PublicationFactory(kind=PublicationKind.NEWSLETTER, title="Summer newsletter")

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("portal:publication_publish", args=[publication.pk]), follow=True
        )

    publication.refresh_from_db()
    assert publication.published_version.number == 1
    assert publication.published_version.published_by == business_unit
    assert "“Summer newsletter” is published as version 1." in response.content.decode()
    assert len(mail.outbox) == 1


def test_an_unchanged_publication_cannot_be_published_again(staff):
    publication = published()

    page = staff.get(reverse("portal:publication_publish", args=[publication.pk])).content.decode()
    staff.post(reverse("portal:publication_publish", args=[publication.pk]))

    assert "there is nothing new to publish" in page
    assert publication.versions.count() == 1


def test_staff_unpublish_after_confirming(staff, client):
    publication = published()

    question = staff.get(reverse("portal:publication_unpublish", args=[publication.pk]))
    assert Publication.objects.get(pk=publication.pk).is_published
    response = staff.post(
        reverse("portal:publication_unpublish", args=[publication.pk]), follow=True
    )

    assert "Unpublish" in question.content.decode()
    assert "is no longer on the public site" in response.content.decode()
    assert not Publication.objects.get(pk=publication.pk).is_published
    client.logout()
    assert client.get(reverse("publication", args=[publication.slug])).status_code == 404


def test_the_version_history_lists_every_version(staff):
    publication = published(title="First")
    services.publication_save(publication=publication, title="Second")
    services.publication_publish(publication=publication, user=None)

    page = staff.get(reverse("portal:publication_versions", args=[publication.pk])).content.decode()

    assert "2 versions, newest first" in page
    assert page.index("Second") < page.index("First")


@pytest.mark.parametrize("who", ["scrutineer", "agency_lead_a", "practitioner", "partner_lead"])
def test_other_roles_cannot_publish(client, cast, who):
    publication = PublicationFactory()
    client.force_login(cast[who])

    response = client.post(reverse("portal:publication_publish", args=[publication.pk]))

    assert response.status_code == 403
    assert not Publication.objects.get(pk=publication.pk).is_published
