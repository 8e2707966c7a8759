"""What the public reads, its versions, and the emails to subscribers."""

from datetime import datetime

import nh3
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from .. import uploads
from ..models import (
    Publication,
    PublicationVersion,
    Subscriber,
    SubscriptionSend,
    User,
)

# What the public may download: documents anyone can open, and no format that runs code.
PUBLICATION_FILE_TYPES = (uploads.PDF, uploads.DOCX, uploads.XLSX, uploads.ODT)


def publication_file_type(name: str) -> uploads.FileKind | None:
    return uploads.kind_of(name, PUBLICATION_FILE_TYPES)


# GOV.UK Frontend styles only elements that carry its classes, so the cleaner adds them: the
# body then reads like the rest of the site without a stylesheet of its own.
_GOVUK_CLASSES = {
    "p": "govuk-body",
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "h4": "govuk-heading-s",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "blockquote": "govuk-inset-text",
    "table": "govuk-table",
    "caption": "govuk-table__caption govuk-table__caption--m",
    "thead": "govuk-table__head",
    "tbody": "govuk-table__body",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
}


# What staff may type into a publication's body.
STAFF_TAGS = frozenset(
    {"p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "br", "table",
     "thead", "tbody", "tr", "th", "td", "caption"}
)  # fmt: skip


def clean_html(html: str, *, tags: frozenset = STAFF_TAGS) -> str:
    """Publication bodies are HTML typed by staff and shown to the public: keep the structure,
    drop scripts, styles, event handlers and javascript: links. No h1: the page has its own.
    Other typed text (the yearly report's narrative) passes its own, narrower `tags`."""
    return nh3.clean(
        html,
        tags=set(tags),
        attributes={"a": {"href"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto"},
        set_tag_attribute_values={tag: {"class": css} for tag, css in _GOVUK_CLASSES.items()},
    )


# What a document the portal generates (the yearly report) may hold besides what staff type:
# its own classes and anchors, footnote marks, and the server-drawn SVG charts. Still cleaned,
# so nothing can carry a script, a handler or a javascript: link to the public site.
_GENERATED_TAGS = {
    "div",
    "span",
    "section",
    "nav",
    "figure",
    "figcaption",
    "sup",
    "dl",
    "dt",
    "dd",
    "svg",
    "title",
    "desc",
    "rect",
    "line",
    "text",
    "g",
}
_GENERATED_ATTRIBUTES = {
    "*": {"class", "id", "lang", "aria-labelledby", "aria-label", "aria-hidden", "role"},
    "a": {"href"},
    "th": {"scope", "colspan"},
    "td": {"colspan"},
    "svg": {"xmlns", "viewbox", "viewBox", "width", "height", "font-family", "focusable"},
    "rect": {"x", "y", "width", "height", "fill"},
    "line": {"x1", "x2", "y1", "y2", "stroke", "stroke-width"},
    "text": {"x", "y", "dy", "text-anchor", "font-size", "fill"},
}


def clean_generated_html(html: str) -> str:
    """A document the portal rendered from its own records, cleaned as a second line of
    defence: its markup is kept as the template wrote it."""
    return nh3.clean(
        html,
        tags=STAFF_TAGS | _GENERATED_TAGS,
        attributes=_GENERATED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
    )


def publication_has_changes(publication: Publication) -> bool:
    """Whether the draft differs from what the public sees. A publication that is not
    published has nothing public to differ from, so this is False for it."""
    version = publication.published_version
    if version is None:
        return False
    return (version.title, version.summary, version.body, version.file.name or "") != (
        publication.title,
        publication.summary,
        publication.body,
        publication.file.name or "",
    )


DRAFT_FIELDS = ("kind", "title", "summary", "body", "file")


@transaction.atomic
def publication_save(*, publication: Publication, generated: bool = False, **fields) -> Publication:
    """Save the draft of a publication. The public keeps seeing the published version.
    `generated` is for a body the portal rendered itself (the yearly report), whose markup
    is richer than what staff type."""
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"Not a draft field of a publication: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(publication, name, value)
    publication.body = (clean_generated_html if generated else clean_html)(publication.body)
    if not publication.slug:
        publication.slug = _unique_slug(publication.title)
    publication.full_clean()
    if publication.pk is None:
        publication.save()
    else:
        # Only the draft: a stale copy must not undo a publish or unpublish made since it was read.
        publication.save(update_fields=[*DRAFT_FIELDS, "slug", "updated_at"])
    return publication


# Public URLs that sit beside /publications/<slug>/: a publication may not take their place.
RESERVED_SLUGS = frozenset({"subscribe", "unsubscribe"})


def _unique_slug(title: str) -> str:
    base = slugify(title)[:90] or "publication"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Publication.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def publication_publish(
    *, publication: Publication, user: User | None, published_at: datetime | None = None
) -> PublicationVersion:
    """Publish the current draft as a new version, dated now or `published_at` (for a record
    published before it reached the portal, as in the demo). The first publication also
    emails the subscribers to its kind, once the change is committed."""
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    number = (locked.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = PublicationVersion.objects.create(
        publication=locked,
        number=number,
        title=locked.title,
        summary=locked.summary,
        body=locked.body,
        file=locked.file.name if locked.file else "",
        file_size=locked.file.size if locked.file else None,
        published_at=published_at or timezone.now(),
        published_by=user,
    )
    first_time = locked.first_published_at is None
    locked.published_version = version
    if first_time:
        locked.first_published_at = version.published_at
    locked.save(update_fields=["published_version", "first_published_at"])
    publication.published_version = version
    publication.first_published_at = locked.first_published_at
    if first_time:
        from ..tasks import notify_subscribers

        transaction.on_commit(lambda: notify_subscribers.delay(locked.pk))
    return version


@transaction.atomic
def publication_unpublish(*, publication: Publication) -> Publication:
    """Take a publication off the public site; its versions are kept for the record."""
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    locked.published_version = None
    locked.save(update_fields=["published_version"])
    publication.published_version = None
    return locked


@transaction.atomic
def publication_create_and_publish(
    *, kind: str, title: str, summary: str = "", body: str = "", file=None, user: User | None = None
) -> Publication:
    """How the other apps publish (a CSPR, the yearly report): one call, one transaction."""
    publication = publication_save(
        publication=Publication(kind=kind), title=title, summary=summary, body=body, file=file or ""
    )
    publication_publish(publication=publication, user=user)
    return publication


# Email subscriptions to publications

SUBSCRIPTION_SALT = "partnership.subscription"


def subscription_token(
    subscriber: Subscriber, purpose: str, *, kinds: list[str] | None = None
) -> str:
    """A signed link for one subscriber and one purpose ("confirm" or "unsubscribe"). A
    confirmation link also carries the kinds asked for, so following it confirms exactly those."""
    claim: dict = {"id": subscriber.pk, "purpose": purpose}
    if kinds is not None:
        claim["kinds"] = kinds
    return signing.dumps(claim, salt=SUBSCRIPTION_SALT)


def _subscription_claim(token: str, purpose: str, max_age: int | None) -> dict | None:
    try:
        claim = signing.loads(token, salt=SUBSCRIPTION_SALT, max_age=max_age)
    except signing.BadSignature:  # also raised for an expired link
        return None
    if not isinstance(claim, dict) or claim.get("purpose") != purpose:
        return None
    return claim


@transaction.atomic
def subscription_request(*, email: str, kinds: list[str], base_url: str) -> Subscriber:
    """Ask for publication emails. Nothing is sent to the address until its owner confirms
    (double opt-in). Asking again sends a fresh link; a confirmed subscriber's kinds change
    only when they follow it, or anyone could change what someone else receives."""
    from ..tasks import send_subscription_confirmation

    kinds = sorted(set(kinds))
    subscriber, created = Subscriber.objects.get_or_create(
        email__iexact=email, defaults={"email": email, "kinds": kinds}
    )
    if not created and subscriber.confirmed_at is None:
        subscriber.kinds = kinds
        subscriber.save(update_fields=["kinds"])
    transaction.on_commit(
        lambda: send_subscription_confirmation.delay(subscriber.pk, kinds, base_url)
    )
    return subscriber


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscriber | None:
    """Follow a confirmation link: the subscriber starts getting the kinds it names. None
    for a link that is expired, tampered with, or for an address unsubscribed since."""
    claim = _subscription_claim(token, "confirm", settings.SUBSCRIPTION_CONFIRM_TIMEOUT)
    if claim is None:
        return None
    subscriber = Subscriber.objects.select_for_update().filter(pk=claim["id"]).first()
    if subscriber is None:
        return None
    if "kinds" in claim:
        subscriber.kinds = claim["kinds"]
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
    subscriber.save(update_fields=["kinds", "confirmed_at"])
    return subscriber


@transaction.atomic
def subscription_cancel(*, token: str) -> bool:
    """One-click unsubscribe: the link in every email removes the subscriber entirely."""
    claim = _subscription_claim(token, "unsubscribe", None)
    if claim is None:
        return False
    deleted, _ = Subscriber.objects.filter(pk=claim["id"]).delete()
    return bool(deleted)


def subscription_unsubscribe_url(subscriber: Subscriber, base_url: str) -> str:
    return base_url.rstrip("/") + reverse(
        "unsubscribe", kwargs={"token": subscription_token(subscriber, "unsubscribe")}
    )


def subscription_headers(unsubscribe_url: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: mail clients show their own button and POST to the URL."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def subscribers_notify(*, publication: Publication, base_url: str = "") -> int:
    """Email every confirmed subscriber to the publication's kind about it, once each: the
    send is recorded under a unique constraint before the email goes, so a second run (or a
    retried task) skips whoever already has it."""
    version = publication.published_version
    if version is None:
        return 0
    base_url = base_url or settings.PORTAL_URL
    link = base_url.rstrip("/") + reverse("publication", kwargs={"slug": publication.slug})
    sent = 0
    # Kinds are filtered here rather than in SQL: JSON containment is not available on SQLite,
    # which the portal runs on without configuration.
    for subscriber in Subscriber.objects.filter(confirmed_at__isnull=False).order_by("pk"):
        if publication.kind not in subscriber.kinds:
            continue
        with transaction.atomic():
            _, created = SubscriptionSend.objects.get_or_create(
                subscriber=subscriber, publication=publication
            )
            if not created:
                continue
            unsubscribe = subscription_unsubscribe_url(subscriber, base_url)
            context = {
                "version": version,
                "publication": publication,
                "link": link,
                "unsubscribe": unsubscribe,
                "partnership_name": settings.PARTNERSHIP_NAME,
            }
            # Sent inside the transaction: if sending fails, the send row goes with it and a
            # retry tries this subscriber again.
            EmailMessage(
                subject=f"New from {settings.PARTNERSHIP_NAME}: {version.title}",
                body=render_to_string("partnership/email/new_publication.txt", context),
                to=[subscriber.email],
                headers=subscription_headers(unsubscribe),
            ).send()
        sent += 1
    return sent
