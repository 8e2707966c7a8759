import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from pathlib import PurePath

import nh3
import tablib
from django.conf import settings
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files import File
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.db.models import Count, Max, Model, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from import_export.formats import base_formats

from .models import (
    ATTENDED,
    Action,
    ActionNote,
    ActionReminder,
    ActionStatus,
    Agency,
    AgencyKind,
    Attendance,
    AttendanceStatus,
    Body,
    BodyKind,
    Meeting,
    MeetingPaper,
    Membership,
    MembershipRole,
    Person,
    Priority,
    PriorityUpdate,
    Publication,
    PublicationVersion,
    Role,
    Subscriber,
    SubscriptionSend,
    User,
)
from .resources import RESOURCES, escape_formula, header

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
        """The rate rounded down, so a rate shown as 75.0 is never one flagged below 75."""
        if not self.expected:
            return Decimal(0)
        return (Decimal(self.attended) * 100 / self.expected).quantize(
            Decimal("0.1"), rounding=ROUND_DOWN
        )

    @property
    def below_threshold(self) -> bool:
        # Compared in whole numbers: 74.96% is below a 75% threshold.
        return (
            self.agency.is_statutory_partner
            and self.attended * 100 < self.threshold * self.expected
        )


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
def meeting_save(
    *,
    meeting: Meeting,
    body: Body,
    held_on: date,
    agenda: str = "",
    minutes: str = "",
    minutes_published: bool = False,
) -> Meeting:
    """Create a meeting of a body, or change one."""
    meeting.body = body
    meeting.held_on = held_on
    meeting.agenda = agenda
    meeting.minutes = minutes
    meeting.minutes_published = minutes_published
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_paper_add(*, meeting: Meeting, title: str, file: File) -> MeetingPaper:
    """Attach a paper to a meeting. The form has already checked the file's type and size."""
    paper = MeetingPaper(meeting=meeting, title=title, file=file)
    paper.full_clean()
    paper.save()
    return paper


def register_people(meeting: Meeting) -> list[Person]:
    """Who belongs on a meeting's register: the body's members on the day, and anyone already
    recorded (a membership edited since must not silently drop their attendance)."""
    members = Membership.objects.current_on(meeting.held_on).filter(body_id=meeting.body_id)
    return list(
        Person.objects.filter(
            Q(pk__in=members.values("person_id")) | Q(attendances__meeting=meeting)
        )
        .distinct()
        .select_related("agency")
        .order_by("agency__name", "full_name", "pk")
    )


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, entries: list[tuple[Person, str, str]]
) -> list[Attendance]:
    """Replace a meeting's register with (person, status, deputy name) entries, in one go:
    every entry is checked first, and one bad entry leaves the register as it was."""
    # Two people saving the same register at once would both delete, then both insert, and
    # the second would hit the one-row-per-person constraint: take turns on the meeting.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    allowed = {person.pk for person in register_people(meeting)}
    # The agency is the one the person sat for on the day: re-saving a register after they
    # have moved agency must not carry their old attendance to the new one.
    agency_on_the_day = dict(meeting.attendances.values_list("person_id", "agency_id"))
    errors, seen, rows = [], set(), []
    for person, status, deputy_name in entries:
        deputy_name = deputy_name.strip() if status == AttendanceStatus.DEPUTY else ""
        if person.pk not in allowed:
            errors.append(f"{person} was not a member of {meeting.body} on the day of the meeting")
        elif person.pk in seen:
            errors.append(f"{person} is on the register more than once")
        elif status not in AttendanceStatus.values:
            errors.append(f"Select whether {person} attended")
        elif status == AttendanceStatus.DEPUTY and not deputy_name:
            errors.append(f"Enter the name of the deputy who attended for {person}")
        seen.add(person.pk)
        rows.append(
            Attendance(
                meeting=meeting,
                person=person,
                agency_id=agency_on_the_day.get(person.pk, person.agency_id),
                status=status,
                deputy_name=deputy_name,
            )
        )
    if errors:
        raise ValidationError(errors)
    meeting.attendances.all().delete()
    return Attendance.objects.bulk_create(rows)


# Strategic priorities


@transaction.atomic
def priority_save(
    *,
    priority: Priority,
    area: str,
    period_start: date,
    period_end: date,
    rationale: str,
    planned_actions: str,
    impact_statement: str = "",
    position: int = 0,
) -> Priority:
    """Create a strategic priority for a period, or change one."""
    priority.area = area
    priority.period_start = period_start
    priority.period_end = period_end
    priority.rationale = rationale
    priority.planned_actions = planned_actions
    priority.impact_statement = impact_statement
    priority.position = position
    priority.full_clean()
    priority.save()
    return priority


@transaction.atomic
def priority_update_add(
    *, priority: Priority, author: User | None, written_on: date, progress: str
) -> PriorityUpdate:
    """Record dated progress against a priority. Updates are kept, never edited, so the yearly
    report can show how a priority moved through the year."""
    update = PriorityUpdate(
        priority=priority, author=author, written_on=written_on, progress=progress
    )
    update.full_clean()
    update.save()
    return update


# The action tracker


def action_owner_check(*, owner_agency: Agency, owner_person: Person | None) -> None:
    """An action's named owner works for the agency that owns it: the agency lead who sees and
    updates the action, and the person who is reminded about it, must agree."""
    if owner_person is not None and owner_person.agency_id != owner_agency.pk:
        raise ValidationError(
            {
                "owner_person": f"Select a person who works for {owner_agency}, "
                "or change the owner agency"
            }
        )


def _completed_on(action: Action, status: str) -> date | None:
    # Completing an action that is already complete keeps the day it was first completed.
    if status != ActionStatus.COMPLETE:
        return None
    return action.completed_on or timezone.localdate()


@transaction.atomic
def action_create(
    *,
    title: str,
    owner_agency: Agency,
    due_on: date,
    description: str = "",
    owner_person: Person | None = None,
    status: str = ActionStatus.NOT_STARTED,
    source: Model | None = None,
) -> Action:
    """Raise an action. The apps that raise actions from their own records (a recommendation,
    a checklist rating, a priority) pass that record as `source`."""
    action_owner_check(owner_agency=owner_agency, owner_person=owner_person)
    action = Action(
        title=title,
        description=description,
        owner_agency=owner_agency,
        owner_person=owner_person,
        due_on=due_on,
        status=status,
    )
    if source is not None:
        action.source = source
    action.completed_on = _completed_on(action, status)
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_edit(
    *,
    action: Action,
    title: str,
    description: str,
    owner_agency: Agency,
    owner_person: Person | None,
    due_on: date,
    status: str,
) -> Action:
    """Change an action's details. Its source stays as the raising app set it."""
    action_owner_check(owner_agency=owner_agency, owner_person=owner_person)
    locked = Action.objects.select_for_update().get(pk=action.pk)
    locked.title = title
    locked.description = description
    locked.owner_agency = owner_agency
    locked.owner_person = owner_person
    locked.due_on = due_on
    locked.completed_on = _completed_on(locked, status)
    locked.status = status
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def action_update(*, action: Action, author: User, status: str, note: str) -> Action:
    """Record progress on an action: a dated note and its new status, in one change."""
    locked = Action.objects.select_for_update().get(pk=action.pk)
    locked.completed_on = _completed_on(locked, status)
    locked.status = status
    locked.save(update_fields=["status", "completed_on"])
    ActionNote.objects.create(action=locked, author=author, text=note, status=status)
    return locked


def action_sources(*, actions: list[Action]) -> dict[int, Model]:
    """The record each action came from, keyed by action id, in one query per kind of source
    whatever the number of actions (select_related("source_type") on the actions, or each
    action costs a query for its type). Actions whose source was deleted are left out."""
    wanted: dict[int, tuple[type[Model], set[int]]] = {}
    for action in actions:
        if action.source_type_id is None or action.source_id is None:
            continue
        model = action.source_type.model_class()
        if model is None:  # a content type left behind by a removed model
            continue
        wanted.setdefault(action.source_type_id, (model, set()))[1].add(action.source_id)
    found = {type_id: model._base_manager.in_bulk(ids) for type_id, (model, ids) in wanted.items()}
    return {
        action.pk: found[action.source_type_id][action.source_id]
        for action in actions
        if action.source_id in found.get(action.source_type_id, {})
    }


def actions_to_remind(*, today: date) -> dict[Person, list[Action]]:
    """Open actions overdue or due within ACTION_REMINDER_DAYS, grouped by their owner. People
    with no email address, or who have left (inactive), cannot be reminded."""
    horizon = today + timedelta(days=settings.ACTION_REMINDER_DAYS)
    actions = (
        Action.objects.open()
        .filter(due_on__lte=horizon, owner_person__isnull=False, owner_person__is_active=True)
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
            count = len(actions)
            send_mail(
                subject=f"{count} partnership action{'s need' if count != 1 else ' needs'} "
                "your attention",
                message=render_to_string("partnership/email/action_reminder.txt", context),
                from_email=None,
                recipient_list=[person.email],
            )
        sent += 1
    return sent


# Publications


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    signature: bytes  # the bytes every genuine file of this type starts with


# What the public may download. DOCX, XLSX and ODT are all ZIP archives underneath.
PUBLICATION_FILE_TYPES = {
    ".pdf": FileType("PDF", "application/pdf", b"%PDF-"),
    ".docx": FileType(
        "DOCX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    ".xlsx": FileType(
        "XLSX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"PK\x03\x04",
    ),
    ".odt": FileType("ODT", "application/vnd.oasis.opendocument.text", b"PK\x03\x04"),
}


def publication_file_type(name: str) -> FileType | None:
    return PUBLICATION_FILE_TYPES.get(PurePath(name).suffix.lower())


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


def clean_html(html: str) -> str:
    """Publication bodies are HTML typed by staff and shown to the public: keep the structure,
    drop scripts, styles, event handlers and javascript: links. No h1: the page has its own."""
    return nh3.clean(
        html,
        tags={"p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "br", "table",
              "thead", "tbody", "tr", "th", "td", "caption"},
        attributes={"a": {"href"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto"},
        set_tag_attribute_values={tag: {"class": css} for tag, css in _GOVUK_CLASSES.items()},
    )  # fmt: skip


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
def publication_save(*, publication: Publication, **fields) -> Publication:
    """Save the draft of a publication. The public keeps seeing the published version."""
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"Not a draft field of a publication: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(publication, name, value)
    publication.body = clean_html(publication.body)
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
    publication.published_version = version
    publication.first_published_at = locked.first_published_at
    if first_time:
        from .tasks import notify_subscribers

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
    from .tasks import send_subscription_confirmation

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


# Agencies, people and memberships


@transaction.atomic
def agency_save(*, agency: Agency, name: str, kind: str, is_active: bool = True) -> Agency:
    agency.name, agency.kind, agency.is_active = name.strip(), kind, is_active
    agency.full_clean()
    agency.save()
    return agency


@transaction.atomic
def person_save(
    *,
    person: Person,
    full_name: str,
    job_title: str,
    email: str,
    agency: Agency,
    is_active: bool = True,
) -> Person:
    person.full_name, person.job_title = full_name.strip(), job_title.strip()
    person.email, person.agency, person.is_active = email.strip(), agency, is_active
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def body_save(
    *, body: Body, name: str, kind: str, terms_of_reference: str, is_active: bool = True
) -> Body:
    body.name, body.kind, body.is_active = name.strip(), kind, is_active
    body.terms_of_reference = terms_of_reference
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def membership_save(
    *,
    membership: Membership,
    person: Person,
    body: Body,
    role: str,
    started_on: date,
    ended_on: date | None = None,
) -> Membership:
    membership.person, membership.body, membership.role = person, body, role
    membership.started_on, membership.ended_on = started_on, ended_on
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, ended_on: date) -> Membership:
    """Close a membership on a day; it stays on record, so past appendices do not change."""
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if ended_on < locked.started_on:
        raise ValidationError(
            {"ended_on": "The end date must be the same as or after the start date"}
        )
    locked.ended_on = ended_on
    locked.save(update_fields=["ended_on"])
    return locked


@dataclass(frozen=True)
class AppendixRow:
    job_title: str
    agency: str
    body: str
    role: str


APPENDIX_HEADERS = ("Agency kind", "Job title", "Agency", "Body", "Role")


def membership_appendix(*, on: date) -> list[tuple[str, list[AppendixRow]]]:
    """Who sat on the partnership's bodies on a day, for the yearly report's membership
    appendix: (kind label, rows) in AgencyKind order, so the statutory partners come first.
    Rows name the job, not the person, as published reports do. A member's agency is the one
    their record holds now."""
    kind_order = {kind.value: n for n, kind in enumerate(AgencyKind)}
    body_order = {kind.value: n for n, kind in enumerate(BodyKind)}
    role_order = {role.value: n for n, role in enumerate(MembershipRole)}
    memberships = sorted(
        Membership.objects.current_on(on).select_related("person__agency", "body"),
        key=lambda m: (
            kind_order[m.person.agency.kind],
            m.person.agency.name,
            body_order[m.body.kind],
            m.body.name,
            role_order[m.role],
            m.person.job_title,
        ),
    )
    groups: dict[str, list[AppendixRow]] = {}
    for membership in memberships:
        agency = membership.person.agency
        groups.setdefault(agency.kind, []).append(
            AppendixRow(
                job_title=membership.person.job_title,
                agency=agency.name,
                body=membership.body.name,
                role=membership.get_role_display(),
            )
        )
    return [(AgencyKind(kind).label, rows) for kind, rows in groups.items()]


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


EXPORT_FORMATS = {"csv": base_formats.CSV, "xlsx": base_formats.XLSX}


def _export_file(dataset: tablib.Dataset, *, file_format: str, stem: str) -> ExportFile:
    export_format = EXPORT_FORMATS[file_format]()
    content = export_format.export_data(dataset)
    if isinstance(content, str):
        # The byte order mark tells Excel the file is UTF-8, so "’" and "é" survive.
        content = content.encode("utf-8-sig")
    return ExportFile(
        content, export_format.get_content_type(), f"{stem}.{export_format.get_extension()}"
    )


def records_export(*, what: str, file_format: str) -> ExportFile:
    """Agencies, people or memberships as CSV or XLSX, in the columns the import reads back.
    Cells that a spreadsheet would run as formulas come out as text."""
    dataset = RESOURCES[what]().export()
    return _export_file(dataset, file_format=file_format, stem=what)


def membership_appendix_export(*, on: date, file_format: str) -> ExportFile:
    dataset = tablib.Dataset(headers=list(APPENDIX_HEADERS))
    for kind, rows in membership_appendix(on=on):
        for row in rows:
            dataset.append(
                [
                    escape_formula(value)
                    for value in (kind, row.job_title, row.agency, row.body, row.role)
                ]
            )
    return _export_file(dataset, file_format=file_format, stem=f"membership-{on.isoformat()}")


class ImportFileError(Exception):
    """The upload cannot be read as a spreadsheet at all; the message says why."""


@dataclass(frozen=True)
class ImportProblem:
    """What is wrong, where: row numbers are the spreadsheet's, the header being row 1."""

    row: int
    column: str
    message: str

    def __str__(self):
        where = f"Row {self.row}, column {self.column}" if self.column else f"Row {self.row}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ImportRow:
    row: int
    is_new: bool
    values: tuple[str, ...]


@dataclass(frozen=True)
class ImportOutcome:
    columns: tuple[str, ...]
    rows: list[ImportRow]
    problems: list[ImportProblem]
    applied: bool

    @property
    def created(self) -> int:
        return sum(row.is_new for row in self.rows)

    @property
    def updated(self) -> int:
        return sum(not row.is_new for row in self.rows)


def _decode(content: bytes) -> str:
    # Excel saves "CSV UTF-8" with a byte order mark, and plain "CSV" in Windows-1252.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("The file is not readable text. Save it as CSV UTF-8 and try again")


def _is_blank(value) -> bool:
    return value is None or not str(value).strip()


def _shown(value) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    return "" if value is None else str(value)


def spreadsheet_read(*, content: bytes, file_format: str) -> tuple[tablib.Dataset, list[int]]:
    """The rows of an uploaded CSV or XLSX file without its blank rows, and for each row the
    number a spreadsheet shows for it, so that problems can be reported where people look."""
    try:
        if file_format == "csv":
            raw = base_formats.CSV().create_dataset(_decode(content))
        else:
            raw = base_formats.XLSX().create_dataset(content)
    except ImportFileError:
        raise
    except Exception as error:
        # A malformed file fails in many ways (bad zip, ragged rows, bad XML): one message.
        label = "CSV" if file_format == "csv" else "Excel (XLSX)"
        raise ImportFileError(f"The file could not be read as {label}") from error
    if not raw.headers or all(_is_blank(name) for name in raw.headers):
        raise ImportFileError("The file is empty: the first row must name the columns")
    dataset = tablib.Dataset(headers=[header(name) for name in raw.headers])
    numbers = []
    for number, values in enumerate(raw, start=2):
        if not all(_is_blank(value) for value in values):
            dataset.append(values)
            numbers.append(number)
    return dataset, numbers


@transaction.atomic
def spreadsheet_import(
    *, what: str, content: bytes, file_format: str, dry_run: bool
) -> ImportOutcome:
    """Import agencies, people or memberships from a CSV or XLSX file, all or nothing: one
    problem in any row, and no row is saved. A dry run reports what would change.

    Raises ImportFileError when the file cannot be read at all."""
    resource = RESOURCES[what]()
    dataset, numbers = spreadsheet_read(content=content, file_format=file_format)
    resource.row_numbers = numbers
    columns = tuple(f.column_name for f in resource.get_import_fields() if not f.readonly)
    missing = resource.missing_columns(dataset.headers)
    if missing:
        problems = [
            ImportProblem(1, column, "Add this column to the header row") for column in missing
        ]
        return ImportOutcome(columns, [], problems, applied=False)
    if not numbers:
        problem = ImportProblem(2, "", "The file has a header row but no records below it")
        return ImportOutcome(columns, [], [problem], applied=False)

    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    problems = [ImportProblem(1, "", str(error.error)) for error in result.base_errors]
    for invalid in result.invalid_rows:
        for key, messages in invalid.error_dict.items():
            column = "" if key == NON_FIELD_ERRORS else resource.column_of(key)
            problems += [ImportProblem(numbers[invalid.number - 1], column, m) for m in messages]
    for failed in result.error_rows:
        problems += [
            ImportProblem(numbers[failed.number - 1], "", f"This row could not be saved: {e.error}")
            for e in failed.errors
        ]
    if problems:
        # import_data has rolled its own work back; this makes sure of it.
        transaction.set_rollback(True)
        return ImportOutcome(columns, [], sorted(problems, key=lambda p: p.row), applied=False)
    rows = [
        ImportRow(number, row.is_new(), tuple(_shown(row.row_values.get(c)) for c in columns))
        for number, row in zip(numbers, result.rows, strict=True)
    ]
    return ImportOutcome(columns, rows, [], applied=not dry_run)
