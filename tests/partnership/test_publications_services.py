"""The publication services: drafts, versions, publishing and the HTML cleaner."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from partnership import services
from partnership.models import Publication, PublicationKind, PublicationVersion

from ..factories import PublicationFactory, SubscriberFactory, pdf


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_first_publish_makes_version_1_and_sets_the_first_publication_date(db, business_unit):
    publication = PublicationFactory()

    version = services.publication_publish(publication=publication, user=business_unit)

    publication.refresh_from_db()
    assert version.number == 1
    assert publication.published_version == version
    assert publication.first_published_at == version.published_at
    assert version.published_by == business_unit


def test_a_version_is_dated_now_unless_told_otherwise(db):
    before = timezone.now()

    version = services.publication_publish(publication=PublicationFactory(), user=None)

    assert before <= version.published_at <= timezone.now()


def test_a_publication_can_be_dated_when_it_was_really_published(db, business_unit):
    publication = PublicationFactory()
    july = datetime.datetime(2025, 7, 24, 10, tzinfo=datetime.UTC)
    may = datetime.datetime(2026, 5, 19, 10, tzinfo=datetime.UTC)

    first = services.publication_publish(
        publication=publication, user=business_unit, published_at=july
    )
    services.publication_save(publication=publication, title="Summer newsletter, corrected")
    second = services.publication_publish(
        publication=publication, user=business_unit, published_at=may
    )

    publication.refresh_from_db()
    assert (first.published_at, second.published_at) == (july, may)
    assert publication.first_published_at == july
    assert publication.published_version == second


def test_publishing_again_makes_version_2_and_keeps_version_1_as_it_was(db):
    publication = PublicationFactory(title="Annual report draft")
    first = services.publication_publish(publication=publication, user=None)
    first_published_at = Publication.objects.get(pk=publication.pk).first_published_at
    services.publication_save(publication=publication, title="Annual report 2024 to 2025")

    second = services.publication_publish(publication=publication, user=None)

    publication.refresh_from_db()
    assert second.number == 2
    assert publication.published_version == second
    assert publication.first_published_at == first_published_at
    assert list(publication.versions.values_list("number", "title")) == [
        (2, "Annual report 2024 to 2025"),
        (1, "Annual report draft"),
    ]
    assert PublicationVersion.objects.get(pk=first.pk).title == "Annual report draft"


def test_saving_the_draft_changes_nothing_the_public_sees(db):
    publication = PublicationFactory(title="Newsletter, spring")
    services.publication_publish(publication=publication, user=None)
    publication.refresh_from_db()

    services.publication_save(publication=publication, title="Newsletter, spring (corrected)")

    publication.refresh_from_db()
    assert publication.published_version.title == "Newsletter, spring"
    assert services.publication_has_changes(publication)


def test_a_published_publication_with_an_untouched_draft_has_no_changes(db):
    publication = PublicationFactory()
    services.publication_publish(publication=publication, user=None)
    publication.refresh_from_db()

    assert not services.publication_has_changes(publication)


def test_only_the_first_publish_queues_the_email_to_subscribers(
    db, django_capture_on_commit_callbacks
):
    SubscriberFactory(kinds=[PublicationKind.NEWSLETTER])
    publication = PublicationFactory(kind=PublicationKind.NEWSLETTER)

    with django_capture_on_commit_callbacks(execute=True) as first:
        services.publication_publish(publication=publication, user=None)
    services.publication_save(publication=publication, title="A correction")
    with django_capture_on_commit_callbacks(execute=True) as second:
        services.publication_publish(publication=publication, user=None)

    assert len(first) == 1
    assert second == []
    assert len(mail.outbox) == 1


def test_unpublishing_hides_it_and_keeps_its_versions(db):
    publication = PublicationFactory()
    services.publication_publish(publication=publication, user=None)

    services.publication_unpublish(publication=publication)

    assert not Publication.objects.published().filter(pk=publication.pk).exists()
    assert Publication.objects.get(pk=publication.pk).versions.count() == 1


def test_republishing_after_unpublishing_does_not_email_subscribers_again(
    db, django_capture_on_commit_callbacks
):
    SubscriberFactory(kinds=[PublicationKind.NEWSLETTER])
    publication = PublicationFactory(kind=PublicationKind.NEWSLETTER)
    with django_capture_on_commit_callbacks(execute=True):
        services.publication_publish(publication=publication, user=None)
    services.publication_unpublish(publication=publication)

    with django_capture_on_commit_callbacks(execute=True) as again:
        version = services.publication_publish(publication=publication, user=None)

    assert version.number == 2
    assert again == []
    assert len(mail.outbox) == 1


def test_the_version_records_the_file_and_its_size(db):
    publication = services.publication_save(
        publication=Publication(), kind=PublicationKind.YEARLY_REPORT, title="Yearly report"
    )
    services.publication_save(publication=publication, file=pdf())

    version = services.publication_publish(publication=publication, user=None)

    assert version.file.name == publication.file.name
    assert version.file_size == publication.file.size > 0


def test_a_slug_is_made_once_from_the_title_and_kept(db):
    publication = services.publication_save(
        publication=Publication(), kind=PublicationKind.NEWSLETTER, title="Spring newsletter"
    )
    services.publication_save(publication=publication, title="Spring newsletter, revised")

    assert Publication.objects.get(pk=publication.pk).slug == "spring-newsletter"


def test_a_second_publication_with_the_same_title_gets_its_own_slug(db):
    first = services.publication_save(
        publication=Publication(), kind=PublicationKind.NEWSLETTER, title="Newsletter"
    )
    second = services.publication_save(
        publication=Publication(), kind=PublicationKind.NEWSLETTER, title="Newsletter"
    )

    assert (first.slug, second.slug) == ("newsletter", "newsletter-2")


def test_a_publication_cannot_take_the_subscribe_pages_address(db):
    publication = services.publication_save(
        publication=Publication(), kind=PublicationKind.OTHER, title="Subscribe"
    )

    assert publication.slug == "subscribe-2"


def test_clean_html_removes_scripts_with_their_content(db):
    cleaned = services.clean_html("<p>Hello</p><script>alert('hacked')</script>")

    assert "script" not in cleaned
    assert "hacked" not in cleaned
    assert "Hello" in cleaned


def test_clean_html_removes_event_handlers(db):
    cleaned = services.clean_html(
        '<p onclick="steal()">Hi <a href="https://a.example" onmouseover="x()">a</a></p>'
    )

    assert "onclick" not in cleaned
    assert "onmouseover" not in cleaned
    assert 'href="https://a.example"' in cleaned


def test_clean_html_removes_javascript_links(db):
    cleaned = services.clean_html('<a href="javascript:alert(1)">Click</a>')

    assert "javascript" not in cleaned
    assert ">Click</a>" in cleaned


def test_clean_html_removes_styles_and_top_level_headings(db):
    cleaned = services.clean_html('<h1>Title</h1><p style="color:red">Text</p><style>p{}</style>')

    assert "<h1" not in cleaned
    assert "style" not in cleaned


def test_clean_html_gives_kept_elements_their_govuk_classes(db):
    cleaned = services.clean_html('<h2 class="evil">Findings</h2><ul><li>One</li></ul>')

    assert cleaned == (
        '<h2 class="govuk-heading-m">Findings</h2>'
        '<ul class="govuk-list govuk-list--bullet"><li>One</li></ul>'
    )


def test_the_body_is_cleaned_when_the_draft_is_saved(db):
    publication = services.publication_save(
        publication=Publication(),
        kind=PublicationKind.NEWSLETTER,
        title="Newsletter",
        body='<p>Text</p><img src="x" onerror="alert(1)">',
    )

    assert Publication.objects.get(pk=publication.pk).body == '<p class="govuk-body">Text</p>'


def test_create_and_publish_is_one_call_for_the_other_apps(db, business_unit):
    publication = services.publication_create_and_publish(
        kind=PublicationKind.CSPR,
        title="Child A: a local child safeguarding practice review",
        summary="Findings and recommendations.",
        body="<p>The review found…</p><script>x()</script>",
        file=pdf("child-a.pdf"),
        user=business_unit,
    )

    assert publication.is_published
    version = publication.published_version
    assert (version.number, version.title, version.published_by) == (
        1,
        "Child A: a local child safeguarding practice review",
        business_unit,
    )
    assert "script" not in version.body
    assert version.file.name.endswith(".pdf")
    assert publication.slug == "child-a-a-local-child-safeguarding-practice-review"


def test_create_and_publish_emails_the_subscribers_to_its_kind(
    db, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="reader@example.org", kinds=[PublicationKind.CSPR])

    with django_capture_on_commit_callbacks(execute=True):
        services.publication_create_and_publish(
            kind=PublicationKind.CSPR, title="Child B", body="<p>Findings</p>"
        )

    assert [message.to for message in mail.outbox] == [["reader@example.org"]]


def test_saving_a_copy_read_before_publishing_does_not_unpublish_it(db):
    publication = PublicationFactory()
    stale = Publication.objects.get(pk=publication.pk)
    services.publication_publish(publication=publication, user=None)

    services.publication_save(publication=stale, summary="A better summary")

    fresh = Publication.objects.get(pk=publication.pk)
    assert fresh.is_published
    assert fresh.first_published_at is not None
    assert fresh.summary == "A better summary"


def test_only_draft_fields_can_be_saved(db):
    publication = PublicationFactory()

    with pytest.raises(TypeError, match="published_version"):
        services.publication_save(publication=publication, published_version=None)
