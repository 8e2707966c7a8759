import enum
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import nh3
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.db.models import Count, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from .models import (
    ATTENDED,
    Action,
    ActionNote,
    ActionReminder,
    ActionStatus,
    Agency,
    Attendance,
    Body,
    Meeting,
    Person,
    Publication,
    PublicationVersion,
    Role,
    Subscriber,
    SubscriptionSend,
    User,
)

# A signed, timestamped token: Django's signing checks it and its age, so nothing is stored.
# It carries the address it was sent to, so it stops working if the address changes.
VERIFICATION_SALT = "partnership.email-verification"


def verification_path(user: User) -> str:
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFICATION_SALT)
    return reverse("verify_email", kwargs={"token": token})


@transaction.atomic
def practitioner_sign_up(
    *, first_name: str, last_name: str, email: str, agency: Agency, password: str, base_url: str
) -> User:
    """Create a practitioner's account, unusable until they follow the link we email them."""
    from .tasks import send_verification_email

    user = User(
        username=email.lower(),
        email=email,
        first_name=first_name,
        last_name=last_name,
        agency=agency,
        role=Role.PRACTITIONER,
        email_verified=False,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    transaction.on_commit(lambda: send_verification_email.delay(user.pk, base_url))
    return user


@transaction.atomic
def verification_resend(*, email: str, base_url: str) -> None:
    """Send a new link to an unverified account; say nothing about whether one exists."""
    from .tasks import send_verification_email

    user = User.objects.filter(email__iexact=email, email_verified=False, is_active=True).first()
    if user is not None:
        transaction.on_commit(lambda: send_verification_email.delay(user.pk, base_url))


class Verification(enum.Enum):
    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already confirmed"
    INVALID = "invalid"


@transaction.atomic
def email_verify(*, token: str) -> Verification:
    """Confirm the address a link was sent to, if the link is genuine and young enough."""
    try:
        claim = signing.loads(
            token, salt=VERIFICATION_SALT, max_age=settings.EMAIL_VERIFICATION_TIMEOUT
        )
    except signing.BadSignature:  # also raised for an expired link
        return Verification.INVALID
    user = User.objects.select_for_update().filter(pk=claim["user"], email=claim["email"]).first()
    if user is None:
        return Verification.INVALID
    if user.email_verified:
        return Verification.ALREADY_CONFIRMED
    user.email_verified = True
    user.save(update_fields=["email_verified"])
    return Verification.CONFIRMED


# Meetings and attendance


@dataclass(frozen=True)
class AgencyAttendance:
    agency: Agency
    expected: int
    attended: int
    threshold: int

    @property
    def rate(self) -> Decimal:
        if not self.expected:
            return Decimal(0)
        return (Decimal(self.attended) * 100 / self.expected).quantize(Decimal("0.1"))

    @property
    def below_threshold(self) -> bool:
        return self.agency.is_statutory_partner and self.rate < self.threshold


def attendance_rates(*, start: date, end: date, body: Body | None = None) -> list[AgencyAttendance]:
    """Each agency's attendance at meetings held in the period: present or represented by a
    deputy, out of every place it was expected to fill. Statutory partners come first."""
    rows = Attendance.objects.filter(meeting__held_on__range=(start, end))
    if body is not None:
        rows = rows.filter(meeting__body=body)
    counts = rows.values("agency").annotate(
        expected=Count("pk"), attended=Count("pk", filter=Q(status__in=ATTENDED))
    )
    agencies = Agency.objects.in_bulk([row["agency"] for row in counts])
    threshold = settings.ATTENDANCE_THRESHOLD_PERCENT
    result = [
        AgencyAttendance(agencies[row["agency"]], row["expected"], row["attended"], threshold)
        for row in counts
    ]
    return sorted(result, key=lambda row: (not row.agency.is_statutory_partner, row.agency.name))


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, entries: list[tuple[Person, str, str]]
) -> list[Attendance]:
    """Replace a meeting's register with (person, status, deputy name) entries, in one go."""
    meeting.attendances.all().delete()
    return Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=person,
            agency_id=person.agency_id,
            status=status,
            deputy_name=deputy,
        )
        for person, status, deputy in entries
    )


# The action tracker


@transaction.atomic
def action_update(*, action: Action, author: User, status: str, note: str) -> Action:
    """Record progress on an action: a dated note and its new status, in one change."""
    locked = Action.objects.select_for_update().get(pk=action.pk)
    locked.status = status
    locked.completed_on = timezone.localdate() if status == ActionStatus.COMPLETE else None
    locked.save(update_fields=["status", "completed_on"])
    ActionNote.objects.create(action=locked, author=author, text=note, status=status)
    return locked


def actions_to_remind(*, today: date) -> dict[Person, list[Action]]:
    """Open actions overdue or due within ACTION_REMINDER_DAYS, grouped by their owner."""
    horizon = today + timedelta(days=settings.ACTION_REMINDER_DAYS)
    actions = (
        Action.objects.open()
        .filter(due_on__lte=horizon, owner_person__isnull=False)
        .exclude(owner_person__email="")
        .select_related("owner_person", "owner_agency")
        .order_by("owner_person_id", "due_on", "pk")
    )
    grouped: dict[Person, list[Action]] = {}
    for action in actions:
        grouped.setdefault(action.owner_person, []).append(action)
    return grouped


def action_reminders_send(*, today: date) -> int:
    """Email each owner once a day about their actions due soon or overdue. A second run on
    the same day sends nothing: the reminder row is claimed before the email goes."""
    sent = 0
    for person, actions in actions_to_remind(today=today).items():
        with transaction.atomic():
            _, created = ActionReminder.objects.get_or_create(
                person=person, sent_on=today, defaults={"action_count": len(actions)}
            )
            if not created:
                continue
            context = {
                "person": person,
                "overdue": [a for a in actions if a.due_on < today],
                "due_soon": [a for a in actions if a.due_on >= today],
                "partnership_name": settings.PARTNERSHIP_NAME,
                "days": settings.ACTION_REMINDER_DAYS,
            }
            send_mail(
                subject=f"{len(actions)} partnership action{'s' if len(actions) != 1 else ''} need your attention",
                message=render_to_string("partnership/email/action_reminder.txt", context),
                from_email=None,
                recipient_list=[person.email],
            )
        sent += 1
    return sent


# Publications


def clean_html(html: str) -> str:
    """Publication bodies are HTML typed by staff and shown to the public: keep the structure,
    drop scripts, styles and event handlers."""
    return nh3.clean(
        html,
        tags={"p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "br", "table",
              "thead", "tbody", "tr", "th", "td", "caption"},
        attributes={"a": {"href"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto"},
    )  # fmt: skip


@transaction.atomic
def publication_save(*, publication: Publication, **fields) -> Publication:
    """Save the draft of a publication. The public keeps seeing the published version."""
    for name, value in fields.items():
        setattr(publication, name, value)
    publication.body = clean_html(publication.body)
    if not publication.slug:
        publication.slug = _unique_slug(publication.title)
    publication.full_clean()
    publication.save()
    return publication


def _unique_slug(title: str) -> str:
    base = slugify(title)[:90] or "publication"
    slug, n = base, 2
    while Publication.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def publication_publish(*, publication: Publication, user: User | None) -> PublicationVersion:
    """Publish the current draft as a new version. The first publication also emails the
    subscribers to its kind, once the change is committed."""
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
        published_at=timezone.now(),
        published_by=user,
    )
    first_time = locked.first_published_at is None
    locked.published_version = version
    if first_time:
        locked.first_published_at = version.published_at
    locked.save(update_fields=["published_version", "first_published_at"])
    if first_time:
        from .tasks import notify_subscribers

        transaction.on_commit(lambda: notify_subscribers.delay(locked.pk))
    return version


@transaction.atomic
def publication_unpublish(*, publication: Publication) -> Publication:
    """Take a publication off the public site; its versions are kept for the record."""
    publication.published_version = None
    publication.save(update_fields=["published_version"])
    return publication


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


def subscription_token(subscriber: Subscriber, purpose: str) -> str:
    return signing.dumps({"id": subscriber.pk, "purpose": purpose}, salt=SUBSCRIPTION_SALT)


def _subscriber_from(token: str, purpose: str, max_age: int | None) -> Subscriber | None:
    try:
        claim = signing.loads(token, salt=SUBSCRIPTION_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if claim.get("purpose") != purpose:
        return None
    return Subscriber.objects.filter(pk=claim["id"]).first()


@transaction.atomic
def subscription_request(*, email: str, kinds: list[str], base_url: str) -> Subscriber:
    """Ask for publication emails. Nothing is sent to the address until its owner confirms
    (double opt-in); asking again updates the kinds and sends a fresh link."""
    from .tasks import send_subscription_confirmation

    subscriber = Subscriber.objects.filter(email__iexact=email).first() or Subscriber(email=email)
    subscriber.kinds = sorted(set(kinds))
    subscriber.save()
    transaction.on_commit(lambda: send_subscription_confirmation.delay(subscriber.pk, base_url))
    return subscriber


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscriber | None:
    subscriber = _subscriber_from(token, "confirm", settings.SUBSCRIPTION_CONFIRM_TIMEOUT)
    if subscriber is not None and subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber


@transaction.atomic
def subscription_cancel(*, token: str) -> bool:
    """One-click unsubscribe: the link in every email removes the subscriber entirely."""
    subscriber = _subscriber_from(token, "unsubscribe", None)
    if subscriber is None:
        return False
    subscriber.delete()
    return True


def subscribers_notify(*, publication: Publication, base_url: str = "") -> int:
    """Email every confirmed subscriber to the publication's kind about it, once each: the
    send is recorded under a unique constraint before the email goes, so a second run (or a
    retried task) skips whoever already has it."""
    version = publication.published_version
    if version is None:
        return 0
    base_url = base_url or settings.PORTAL_URL
    sent = 0
    for subscriber in Subscriber.objects.filter(confirmed_at__isnull=False).order_by("pk"):
        if publication.kind not in subscriber.kinds:
            continue
        with transaction.atomic():
            _, created = SubscriptionSend.objects.get_or_create(
                subscriber=subscriber, publication=publication
            )
            if not created:
                continue
            unsubscribe = base_url.rstrip("/") + reverse(
                "unsubscribe", kwargs={"token": subscription_token(subscriber, "unsubscribe")}
            )
            context = {
                "version": version,
                "publication": publication,
                "link": base_url.rstrip("/")
                + reverse("publication", kwargs={"slug": publication.slug}),
                "unsubscribe": unsubscribe,
                "partnership_name": settings.PARTNERSHIP_NAME,
            }
            message = EmailMessage(
                subject=f"New from {settings.PARTNERSHIP_NAME}: {version.title}",
                body=render_to_string("partnership/email/new_publication.txt", context),
                to=[subscriber.email],
                headers={
                    "List-Unsubscribe": f"<{unsubscribe}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
            message.send()
        sent += 1
    return sent
