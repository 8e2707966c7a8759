"""Email subscriptions to new publications: double opt-in, one email per publication per
subscriber, and one-click unsubscribe."""

import re

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from partnership import services, tasks
from partnership.models import Publication, PublicationKind, Subscriber, SubscriptionSend

from ..factories import PublicationFactory, SubscriberFactory

BASE_URL = "http://testserver/"


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def path_of(link: str) -> str:
    return link.removeprefix("http://testserver")


@pytest.fixture
def published_newsletter(db):
    publication = PublicationFactory(kind=PublicationKind.NEWSLETTER, title="Spring newsletter")
    services.publication_publish(publication=publication, user=None)
    return Publication.objects.select_related("published_version").get(pk=publication.pk)


def request_subscription(client, django_capture_on_commit_callbacks, email, kinds):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("subscribe"), {"email": email, "kinds": kinds})


# Double opt-in


def test_asking_to_subscribe_sends_only_a_confirmation_link(
    client, django_capture_on_commit_callbacks, db
):
    response = request_subscription(
        client, django_capture_on_commit_callbacks, "reader@example.org", ["newsletter"]
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("subscribe_done")
    subscriber = Subscriber.objects.get(email="reader@example.org")
    assert subscriber.confirmed_at is None
    assert subscriber.kinds == ["newsletter"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["reader@example.org"]
    assert "/publications/subscribe/confirm/" in links_in(mail.outbox[0])[0]


def test_nothing_is_sent_to_an_address_that_has_not_confirmed(published_newsletter):
    SubscriberFactory(email="waiting@example.org", kinds=["newsletter"], confirmed_at=None)

    sent = services.subscribers_notify(publication=published_newsletter, base_url=BASE_URL)

    assert sent == 0
    assert mail.outbox == []


def test_the_confirmation_link_confirms_the_subscription(
    client, django_capture_on_commit_callbacks, db
):
    request_subscription(
        client,
        django_capture_on_commit_callbacks,
        "reader@example.org",
        ["newsletter", "learning_briefing"],
    )

    response = client.get(path_of(links_in(mail.outbox[0])[0]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Subscription confirmed" in page
    assert "Learning briefing" in page
    assert Subscriber.objects.get(email="reader@example.org").confirmed_at is not None


def test_an_expired_confirmation_link_confirms_nothing(
    client, django_capture_on_commit_callbacks, db, settings
):
    request_subscription(
        client, django_capture_on_commit_callbacks, "reader@example.org", ["newsletter"]
    )
    settings.SUBSCRIPTION_CONFIRM_TIMEOUT = -1  # every link is already too old

    response = client.get(path_of(links_in(mail.outbox[0])[0]))

    assert "This link has expired" in response.content.decode()
    assert Subscriber.objects.get(email="reader@example.org").confirmed_at is None


def test_a_tampered_confirmation_link_confirms_nothing(client, db):
    subscriber = SubscriberFactory(confirmed_at=None)
    token = services.subscription_token(subscriber, "confirm", kinds=["newsletter"])

    response = client.get(reverse("subscription_confirm", kwargs={"token": token[:-2] + "xx"}))

    assert "This link has expired" in response.content.decode()
    assert Subscriber.objects.get(pk=subscriber.pk).confirmed_at is None


def test_an_unsubscribe_link_cannot_be_used_to_confirm(client, db):
    subscriber = SubscriberFactory(confirmed_at=None)
    token = services.subscription_token(subscriber, "unsubscribe")

    assert services.subscription_confirm(token=token) is None
    assert Subscriber.objects.get(pk=subscriber.pk).confirmed_at is None


def test_the_page_does_not_say_whether_the_address_was_already_subscribed(
    client, django_capture_on_commit_callbacks, db
):
    SubscriberFactory(email="known@example.org", kinds=["newsletter"])

    known = request_subscription(
        client, django_capture_on_commit_callbacks, "KNOWN@example.org", ["newsletter"]
    )
    unknown = request_subscription(
        client, django_capture_on_commit_callbacks, "new@example.org", ["newsletter"]
    )

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert Subscriber.objects.filter(email__iexact="known@example.org").count() == 1


def test_someone_else_cannot_change_a_confirmed_subscribers_kinds_without_their_link(
    client, django_capture_on_commit_callbacks, db
):
    subscriber = SubscriberFactory(email="reader@example.org", kinds=["newsletter"])

    request_subscription(
        client, django_capture_on_commit_callbacks, "reader@example.org", ["other"]
    )

    assert Subscriber.objects.get(pk=subscriber.pk).kinds == ["newsletter"]
    client.get(path_of(links_in(mail.outbox[0])[0]))
    assert Subscriber.objects.get(pk=subscriber.pk).kinds == ["other"]


def test_the_subscribe_form_asks_for_an_email_and_a_kind(client, db):
    response = client.post(reverse("subscribe"), {"email": "not an address"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter an email address in the correct format" in page
    assert "Select at least one kind of publication" in page
    assert Subscriber.objects.count() == 0
    assert mail.outbox == []


# Sending


def test_a_second_run_of_the_sending_task_emails_nobody_twice(published_newsletter):
    SubscriberFactory.create_batch(3, kinds=["newsletter"])

    first = tasks.notify_subscribers(published_newsletter.pk)
    second = tasks.notify_subscribers(published_newsletter.pk)

    assert (first, second) == (3, 0)
    assert len(mail.outbox) == 3
    assert len({message.to[0] for message in mail.outbox}) == 3
    assert SubscriptionSend.objects.filter(publication=published_newsletter).count() == 3


def test_only_subscribers_to_the_publications_kind_are_emailed(published_newsletter):
    SubscriberFactory(email="news@example.org", kinds=["newsletter", "cspr"])
    SubscriberFactory(email="reviews@example.org", kinds=["cspr"])

    services.subscribers_notify(publication=published_newsletter, base_url=BASE_URL)

    assert [message.to for message in mail.outbox] == [["news@example.org"]]
    assert "Spring newsletter" in mail.outbox[0].subject


def test_the_task_sends_nothing_for_a_publication_unpublished_since(published_newsletter):
    SubscriberFactory(kinds=["newsletter"])
    services.publication_unpublish(publication=published_newsletter)

    assert tasks.notify_subscribers(published_newsletter.pk) == 0
    assert mail.outbox == []


def test_every_email_carries_a_one_click_unsubscribe_link_and_header(
    client, django_capture_on_commit_callbacks, published_newsletter
):
    SubscriberFactory(email="reader@example.org", kinds=["newsletter"])
    request_subscription(
        client, django_capture_on_commit_callbacks, "new@example.org", ["newsletter"]
    )
    services.subscribers_notify(publication=published_newsletter, base_url=BASE_URL)

    assert len(mail.outbox) == 2  # the confirmation request and the new publication
    for message in mail.outbox:
        unsubscribe = next(link for link in links_in(message) if "/unsubscribe/" in link)
        assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_publication_email_links_to_the_public_page(published_newsletter):
    SubscriberFactory(kinds=["newsletter"])

    services.subscribers_notify(publication=published_newsletter, base_url=BASE_URL)

    assert f"{BASE_URL}publications/{published_newsletter.slug}/" in links_in(mail.outbox[0])


# Unsubscribing


def unsubscribe_url(subscriber) -> str:
    token = services.subscription_token(subscriber, "unsubscribe")
    return reverse("unsubscribe", kwargs={"token": token})


def test_the_unsubscribe_link_asks_before_it_removes_anything(client, db):
    subscriber = SubscriberFactory()

    response = client.get(unsubscribe_url(subscriber))

    assert response.status_code == 200
    assert '<button type="submit"' in response.content.decode()
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_a_mail_clients_one_click_post_unsubscribes_without_a_csrf_token(db):
    subscriber = SubscriberFactory()
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(unsubscribe_url(subscriber), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert "You have unsubscribed" in response.content.decode()
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_an_unsubscribed_address_gets_no_more_emails(client, published_newsletter):
    subscriber = SubscriberFactory(kinds=["newsletter"])

    client.post(unsubscribe_url(subscriber))
    services.subscribers_notify(publication=published_newsletter, base_url=BASE_URL)

    assert mail.outbox == []


def test_a_forged_unsubscribe_token_removes_nobody(client, db):
    subscriber = SubscriberFactory()
    forged = signing.dumps({"id": subscriber.pk, "purpose": "unsubscribe"}, salt="another-salt")

    response = client.post(reverse("unsubscribe", kwargs={"token": forged}))

    assert "You are not subscribed" in response.content.decode()
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_unsubscribing_twice_says_the_address_is_not_subscribed(client, db):
    url = unsubscribe_url(SubscriberFactory())

    client.post(url)
    response = client.post(url)

    assert "You are not subscribed" in response.content.decode()


def test_a_confirmation_link_cannot_be_used_to_unsubscribe(db):
    subscriber = SubscriberFactory()
    token = services.subscription_token(subscriber, "confirm", kinds=["newsletter"])

    assert services.subscription_cancel(token=token) is False
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_the_subscriber_list_is_shown_on_no_public_page(client, published_newsletter):
    SubscriberFactory(email="private.reader@example.org", kinds=["newsletter"])

    pages = [
        reverse("home"),
        reverse("publications"),
        reverse("publication", kwargs={"slug": published_newsletter.slug}),
        reverse("subscribe"),
    ]

    for url in pages:
        assert "private.reader@example.org" not in client.get(url).content.decode(), url
