"""The public's publication pages: the list, a publication, its versions and its download."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership import services
from partnership.models import Publication, PublicationKind

from ..factories import DOCX_BYTES, PDF_BYTES, PublicationFactory, pdf


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def published(first_published_at=None, **fields):
    publication = PublicationFactory(**fields)
    services.publication_publish(publication=publication, user=None)
    if first_published_at is not None:
        Publication.objects.filter(pk=publication.pk).update(first_published_at=first_published_at)
    return Publication.objects.select_related("published_version").get(pk=publication.pk)


def on(year, month=6, day=1):
    return timezone.make_aware(datetime(year, month, day, 12))


# Drafts are not public


def test_a_drafts_public_address_is_not_found(client, db):
    draft = PublicationFactory()

    assert client.get(reverse("publication", args=[draft.slug])).status_code == 404
    assert client.get(reverse("publication_file", args=[draft.slug])).status_code == 404
    assert client.get(reverse("publication_version", args=[draft.slug, 1])).status_code == 404


def test_an_unpublished_publication_and_its_versions_are_not_found(client, db):
    publication = published()
    services.publication_unpublish(publication=publication)

    assert client.get(reverse("publication", args=[publication.slug])).status_code == 404
    assert client.get(reverse("publication_version", args=[publication.slug, 1])).status_code == 404


def test_staff_see_only_published_items_on_the_public_pages_too(client, business_unit):
    draft = PublicationFactory(title="Not ready yet")
    client.force_login(business_unit)

    assert client.get(reverse("publication", args=[draft.slug])).status_code == 404
    assert "Not ready yet" not in client.get(reverse("publications")).content.decode()


def test_the_list_shows_only_published_items(client, db):
    PublicationFactory(title="Secret draft")
    published(title="Public newsletter")

    page = client.get(reverse("publications")).content.decode()

    assert "Public newsletter" in page
    assert "Secret draft" not in page


def test_the_public_sees_the_published_version_not_the_draft(client, db):
    publication = published(title="What the public reads")
    services.publication_save(publication=publication, title="Work in progress")

    detail = client.get(reverse("publication", args=[publication.slug])).content.decode()
    listing = client.get(reverse("publications")).content.decode()

    assert "What the public reads" in detail and "What the public reads" in listing
    assert "Work in progress" not in detail + listing


# The list


def test_the_list_is_newest_first(client, db):
    published(title="Older one", first_published_at=on(2023))
    published(title="Newer one", first_published_at=on(2025))

    page = client.get(reverse("publications")).content.decode()

    assert page.index("Newer one") < page.index("Older one")


def test_the_list_filters_by_kind(client, db):
    published(title="A newsletter", kind=PublicationKind.NEWSLETTER)
    published(title="A briefing", kind=PublicationKind.LEARNING_BRIEFING)

    page = client.get(reverse("publications"), {"kind": "learning_briefing"}).content.decode()

    assert "A briefing" in page
    assert "A newsletter" not in page


def test_the_list_filters_by_year_of_first_publication(client, db):
    published(title="From 2023", first_published_at=on(2023))
    published(title="From 2025", first_published_at=on(2025))

    page = client.get(reverse("publications"), {"year": "2023"}).content.decode()

    assert "From 2023" in page
    assert "From 2025" not in page
    assert '<option value="2025">2025</option>' in page


def test_a_year_nobody_published_in_is_an_error_not_a_crash(client, db):
    published(first_published_at=on(2025))

    response = client.get(reverse("publications"), {"year": "1999"})

    assert response.status_code == 200
    assert "Select a year from the list" in response.content.decode()


def test_the_list_shows_kind_date_and_summary_and_links_to_subscribe(client, db):
    published(
        title="Thameside newsletter",
        kind=PublicationKind.NEWSLETTER,
        summary="Our news.",
        first_published_at=on(2025, 3, 5),
    )

    page = client.get(reverse("publications")).content.decode()

    assert "Newsletter, published 5 March 2025" in page
    assert "Our news." in page
    assert reverse("subscribe") in page


def test_the_pages_keep_the_filters(client, db):
    for _ in range(26):
        published(kind=PublicationKind.NEWSLETTER)

    page = client.get(reverse("publications"), {"kind": "newsletter"}).content.decode()

    assert "?kind=newsletter&amp;page=2" in page


@pytest.mark.parametrize("rows", [2, 30])
def test_the_list_runs_the_same_queries_however_many_rows(
    client, db, django_assert_num_queries, rows
):
    for n in range(rows):
        published(first_published_at=on(2020 + n % 5))

    # years for the filter, count, the page of publications with their published versions
    with django_assert_num_queries(3):
        response = client.get(reverse("publications"), {"kind": "newsletter"})

    assert response.status_code == 200


# One publication


def test_a_publication_shows_its_title_date_summary_and_body(client, db):
    publication = services.publication_save(
        publication=PublicationFactory(),
        title="Learning briefing: neglect",
        summary="What to look for.",
        body="<h2>Findings</h2><p>Notice early.</p>",
    )
    services.publication_publish(publication=publication, user=None)
    Publication.objects.filter(pk=publication.pk).update(first_published_at=on(2026, 3, 5))

    page = client.get(reverse("publication", args=[publication.slug])).content.decode()

    assert "<h1" in page and "Learning briefing: neglect" in page
    assert "Published 5 March 2026" in page
    assert "Updated" not in page
    assert "What to look for." in page
    assert '<h2 class="govuk-heading-m">Findings</h2>' in page


def test_a_publication_shows_when_it_was_updated_and_links_to_earlier_versions(client, db):
    publication = published(title="Report, first edition")
    services.publication_save(publication=publication, title="Report, second edition")
    services.publication_publish(publication=publication, user=None)
    publication.refresh_from_db()
    updated = publication.published_version.published_at

    page = client.get(reverse("publication", args=[publication.slug])).content.decode()

    assert f"Updated {updated:%-d %B %Y}" in page
    assert reverse("publication_version", args=[publication.slug, 1]) in page


def test_an_earlier_version_stays_readable(client, db):
    publication = published(title="Report, first edition")
    services.publication_save(publication=publication, title="Report, second edition")
    services.publication_publish(publication=publication, user=None)

    page = client.get(reverse("publication_version", args=[publication.slug, 1])).content.decode()

    assert "Report, first edition" in page
    assert "It has been replaced" in page
    assert reverse("publication", args=[publication.slug]) in page


def test_a_version_that_does_not_exist_is_not_found(client, db):
    publication = published()

    assert client.get(reverse("publication_version", args=[publication.slug, 7])).status_code == 404


def test_a_script_typed_into_the_body_never_reaches_the_public_page(client, db):
    publication = services.publication_save(
        publication=PublicationFactory(), body='<p>Hi</p><script>alert("owned")</script>'
    )
    services.publication_publish(publication=publication, user=None)

    page = client.get(reverse("publication", args=[publication.slug])).content.decode()

    assert '<p class="govuk-body">Hi</p>' in page
    assert "owned" not in page


def test_the_download_link_shows_the_file_type_and_size(client, db):
    content = b"%PDF-1.7\n" + b"0" * (1_258_291 - 9)  # 1.2 MB
    publication = services.publication_save(
        publication=PublicationFactory(), file=pdf("report.pdf", content)
    )
    services.publication_publish(publication=publication, user=None)

    page = client.get(reverse("publication", args=[publication.slug])).content.decode()

    assert reverse("publication_file", args=[publication.slug]) in page
    assert "PDF, 1.2\xa0MB" in page


# Downloads


def test_the_download_is_the_published_file_as_an_attachment(client, db):
    publication = services.publication_save(publication=PublicationFactory(), file=pdf())
    services.publication_publish(publication=publication, user=None)

    response = client.get(reverse("publication_file", args=[publication.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{publication.slug}.pdf"'
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_new_draft_file_is_not_downloadable_until_published(client, db):
    publication = services.publication_save(publication=PublicationFactory(), file=pdf())
    services.publication_publish(publication=publication, user=None)
    services.publication_save(publication=publication, file=pdf("v2.pdf", PDF_BYTES + b"v2"))

    response = client.get(reverse("publication_file", args=[publication.slug]))

    assert b"".join(response.streaming_content) == PDF_BYTES


def test_an_earlier_versions_file_stays_downloadable(client, db):
    publication = services.publication_save(publication=PublicationFactory(), file=pdf())
    services.publication_publish(publication=publication, user=None)
    services.publication_save(publication=publication, file=pdf("v2.pdf", PDF_BYTES + b"v2"))
    services.publication_publish(publication=publication, user=None)

    response = client.get(reverse("publication_version_file", args=[publication.slug, 1]))

    assert response["Content-Disposition"] == (
        f'attachment; filename="{publication.slug}-version-1.pdf"'
    )
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_publication_without_a_file_has_no_download(client, db):
    publication = published()

    assert client.get(reverse("publication_file", args=[publication.slug])).status_code == 404


def downloads(publication) -> list[str]:
    return [
        reverse("publication_file", args=[publication.slug]),
        reverse("publication_version_file", args=[publication.slug, 1]),
    ]


@pytest.mark.parametrize("who", ["anonymous", "scrutineer", "agency_lead_a"])
def test_a_drafts_file_is_not_found_at_the_public_addresses(client, cast, who):
    draft = services.publication_save(publication=PublicationFactory(), file=pdf())
    if cast[who]:
        client.force_login(cast[who])

    assert [client.get(url).status_code for url in downloads(draft)] == [404, 404]


def test_an_unpublished_publications_files_are_no_longer_public(client, db):
    publication = services.publication_save(publication=PublicationFactory(), file=pdf())
    services.publication_publish(publication=publication, user=None)
    assert [client.get(url).status_code for url in downloads(publication)] == [200, 200]

    services.publication_unpublish(publication=publication)

    assert [client.get(url).status_code for url in downloads(publication)] == [404, 404]


def test_a_word_document_is_sent_as_one_and_never_sniffed(client, db):
    docx = pdf(
        "briefing.docx",
        DOCX_BYTES,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    publication = services.publication_save(publication=PublicationFactory(), file=docx)
    services.publication_publish(publication=publication, user=None)

    response = client.get(reverse("publication_file", args=[publication.slug]))

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == f'attachment; filename="{publication.slug}.docx"'
    assert response["X-Content-Type-Options"] == "nosniff"
