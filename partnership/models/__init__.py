from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class Role(models.TextChoices):
    """The roles of DESIGN.md; the public has none (it is simply not signed in)."""

    PRACTITIONER = "practitioner", "Practitioner"
    AGENCY_LEAD = "agency_lead", "Agency lead"
    BUSINESS_UNIT = "business_unit", "Business unit"
    SCRUTINEER = "scrutineer", "Independent scrutineer"
    PARTNER_LEAD = "partner_lead", "Partner lead"


class AgencyKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority (statutory partner)"
    POLICE = "police", "Police (statutory partner)"
    ICB = "icb", "Integrated care board (statutory partner)"
    HEALTH = "health", "Health trust or provider"
    EDUCATION = "education", "School or college"
    PROBATION = "probation", "Probation"
    CAFCASS = "cafcass", "Cafcass"
    VOLUNTARY = "voluntary", "Voluntary or community group"
    FAITH = "faith", "Faith group"
    LAY = "lay", "Lay member"
    OTHER = "other", "Other"


STATUTORY_PARTNER_KINDS = frozenset({AgencyKind.LOCAL_AUTHORITY, AgencyKind.POLICE, AgencyKind.ICB})


class AgencyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Agency(models.Model):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Inactive agencies stay on old records but cannot be chosen.",
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name

    @property
    def is_statutory_partner(self) -> bool:
        return self.kind in STATUTORY_PARTNER_KINDS


class PortalUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # Whoever runs createsuperuser runs the portal: give them the business unit role.
        extra_fields.setdefault("role", Role.BUSINESS_UNIT)
        extra_fields.setdefault("email_verified", True)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in. Practitioners sign up themselves; staff accounts are made by the
    business unit. A user has exactly one role, and an agency lead exactly one agency."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PRACTITIONER)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    email_verified = models.BooleanField(
        default=False, help_text="Set when the person follows the link sent to their email address."
    )
    person = models.OneToOneField(
        "Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="user"
    )

    objects = PortalUserManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role=Role.AGENCY_LEAD) | models.Q(agency__isnull=False),
                name="agency_lead_has_agency",
                violation_error_message="An agency lead must belong to an agency.",
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="unique_email_ignoring_case",
                violation_error_message="Another account already uses this email address.",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def role_label(self) -> str:
        return Role(self.role).label


class Person(models.Model):
    """Someone who sits on the partnership's bodies or owns actions. Not every person signs in;
    a user who does is linked by User.person."""

    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField("work email", blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="people")
    is_active = models.BooleanField("active", default=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="unique_person_email_ignoring_case",
                violation_error_message="Another person already has this email address.",
            ),
        ]

    def __str__(self):
        return self.full_name


class BodyKind(models.TextChoices):
    BOARD = "board", "Partnership board"
    EXECUTIVE = "executive", "Joint executive"
    SUBGROUP = "subgroup", "Subgroup"


class Body(models.Model):
    """The partnership board, the joint executive and the subgroups."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=BodyKind.choices)
    terms_of_reference = models.TextField(blank=True)
    is_active = models.BooleanField("active", default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name_plural = "bodies"

    def __str__(self):
        return self.name


class MembershipRole(models.TextChoices):
    LEAD_SAFEGUARDING_PARTNER = "lsp", "Lead safeguarding partner"
    DELEGATED_SAFEGUARDING_PARTNER = "dsp", "Delegated safeguarding partner"
    CHAIR = "chair", "Partnership chair"
    INDEPENDENT_SCRUTINEER = "scrutineer", "Independent scrutineer"
    CO_CHAIR = "co_chair", "Co-chair"
    MEMBER = "member", "Member"
    LAY_MEMBER = "lay_member", "Lay member"
    PARTICIPANT_OBSERVER = "observer", "Participant observer"


class MembershipQuerySet(models.QuerySet):
    def current_on(self, day):
        return self.filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=day), started_on__lte=day
        )

    def overlapping(self, start, end):
        return self.filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=start), started_on__lte=end
        )


class Membership(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(
        max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body", "person__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_it_starts",
                violation_error_message="A membership cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}, {self.body}"


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField("date")
    agenda = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    minutes_published = models.BooleanField(default=False)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self):
        return f"{self.body}, {self.held_on:%-d %B %Y}"


class MeetingPaper(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="meetings/papers/%Y/")

    def __str__(self):
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"
    DEPUTY = "deputy", "Deputy attended"


ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.DEPUTY)


class Attendance(models.Model):
    """One expected attendee at one meeting. The agency is kept as it was on the day, so a
    person who later moves agency does not move their old attendance with them."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    deputy_name = models.CharField(
        max_length=200, blank=True, help_text="Who attended in their place."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="one_attendance_per_person_per_meeting"
            ),
        ]

    def __str__(self):
        return f"{self.person} at {self.meeting}: {self.get_status_display()}"


class Priority(models.Model):
    """A strategic priority the partnership sets itself for a period."""

    area = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    rationale = models.TextField()
    planned_actions = models.TextField()
    impact_statement = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in lists and the yearly report."
    )

    class Meta:
        ordering = ["-period_start", "position", "area"]
        verbose_name = "strategic priority"
        verbose_name_plural = "strategic priorities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="priority_period_ends_after_it_starts",
                violation_error_message="The period cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return self.area


class PriorityUpdate(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField()
    progress = models.TextField()
    author = models.ForeignKey(
        "User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-written_on", "-pk"]

    def __str__(self):
        return f"{self.priority}, {self.written_on}"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    COMPLETE = "complete", "Complete"


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=ActionStatus.COMPLETE)

    def overdue(self, today):
        return self.open().filter(due_on__lt=today)

    def for_user(self, user):
        """Agency leads see their own agency's actions; staff roles see all; others none."""
        if not user.is_authenticated:
            return self.none()
        if user.role in {Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.PARTNER_LEAD}:
            return self
        if user.role == Role.AGENCY_LEAD:
            return self.filter(owner_agency_id=user.agency_id)
        return self.none()


class Action(models.Model):
    """The one action tracker. Any record can be an action's source (a priority, a review
    recommendation, a checklist rating); it is linked generically so that this app imports
    none of the apps that raise actions. Overdue is derived from the due date, not stored."""

    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="actions")
    owner_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    due_on = models.DateField("due date")
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    source_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_on = models.DateField(null=True, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self):
        return self.title

    def is_overdue(self, today) -> bool:
        return self.status != ActionStatus.COMPLETE and self.due_on < today


class ActionNote(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    written_at = models.DateTimeField(auto_now_add=True)
    author = models.ForeignKey(
        "User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, help_text="The status it was set to."
    )

    class Meta:
        ordering = ["-written_at", "-pk"]

    def __str__(self):
        return f"{self.action}: {self.get_status_display()}"


class ActionReminder(models.Model):
    """One reminder email per person per day, whatever the number of actions or task runs."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="action_reminders")
    sent_on = models.DateField()
    action_count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "sent_on"], name="one_action_reminder_a_day")
        ]

    def __str__(self):
        return f"{self.person}, {self.sent_on}"


class PublicationKind(models.TextChoices):
    YEARLY_REPORT = "yearly_report", "Yearly report"
    CSPR = "cspr", "Child safeguarding practice review"
    LEARNING_BRIEFING = "learning_briefing", "Learning briefing"
    NEWSLETTER = "newsletter", "Newsletter"
    ARRANGEMENTS = "arrangements", "Safeguarding arrangements"
    OTHER = "other", "Other"


class PublicationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_version__isnull=False)


class Publication(models.Model):
    """What the public reads. Staff edit the draft fields; publishing copies them into a new
    PublicationVersion, which is what the public sees, so earlier versions stay readable."""

    kind = models.CharField(max_length=20, choices=PublicationKind.choices)
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.TextField(blank=True)
    body = models.TextField(
        blank=True, help_text="HTML; anything unsafe is removed when it is saved."
    )
    file = models.FileField(upload_to="publications/%Y/", blank=True)
    published_version = models.OneToOneField(
        "PublicationVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-first_published_at", "-updated_at"]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_version_id is not None


class PublicationVersion(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    file = models.FileField(upload_to="publications/%Y/", blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        "User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "number"], name="one_version_number_per_publication"
            ),
        ]

    def __str__(self):
        return f"{self.title} (version {self.number})"


class Subscriber(models.Model):
    """A member of the public who asked for emails about new publications of some kinds."""

    email = models.EmailField()
    kinds = models.JSONField(default=list, help_text="Publication kinds to hear about.")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="unique_subscriber_email_ignoring_case")
        ]

    def __str__(self):
        return self.email


class SubscriptionSend(models.Model):
    """Proof that a subscriber was emailed about a publication: the unique constraint is what
    stops a second run of the sending task from emailing anyone twice."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="sends")
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="sends")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "publication"], name="one_send_per_publication_per_subscriber"
            ),
        ]

    def __str__(self):
        return f"{self.publication} to {self.subscriber}"


class AuditVerb(models.TextChoices):
    VIEWED = "viewed", "Viewed"
    CREATED = "created", "Created"
    CHANGED = "changed", "Changed"
    DELETED = "deleted", "Deleted"
    PUBLISHED = "published", "Published"
    EXPORTED = "exported", "Exported"
    REFUSED = "refused", "Refused"
    SIGNED_IN = "signed_in", "Signed in"
    SIGNED_OUT = "signed_out", "Signed out"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
    LOCKED_OUT = "locked_out", "Locked out"
    ROLE_CHANGED = "role_changed", "Role changed"
    SECOND_FACTOR = "second_factor", "Passed second factor"
    SECOND_FACTOR_FAILED = "second_factor_failed", "Failed second factor"
    SECOND_FACTOR_RESET = "second_factor_reset", "Second factor reset"


class AuditEntryQuerySet(models.QuerySet):
    # Bulk paths would skip AuditEntry.save() and .delete(); the log only ever grows.
    def update(self, **kwargs):
        raise TypeError("The audit log cannot be changed")

    def delete(self):
        raise TypeError("The audit log cannot be changed")


class AuditEntry(models.Model):
    """One line of the portal's audit log: who did what to which record, when, from where.

    Written by services inside the transaction of the change it records, so a change and its
    entry commit or roll back together. Nobody edits or deletes an entry: not the portal, not
    the admin (read-only there), not a bulk query (refused above), and on PostgreSQL not even
    raw SQL (a trigger, migration 0004). The user is kept by id and by name, with no database
    constraint, so that closing an account never rewrites its history."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        User,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=20, blank=True)
    address = models.GenericIPAddressField("IP address", null=True, blank=True)
    verb = models.CharField(max_length=20, choices=AuditVerb.choices)
    record_type = models.CharField(
        max_length=100, blank=True, help_text="The kind of record, as app_label.model."
    )
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = models.CharField("record", max_length=300, blank=True)
    summary = models.TextField(blank=True)
    path = models.CharField(max_length=500, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["record_type", "record_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or 'anonymous'} {self.verb} {self.record}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The audit log cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit log cannot be changed")


# The multi-agency data set lives in a module of its own; imported here so that Django and
# `from partnership.models import Indicator` find it. Last, since it builds on the models above.
from .dataset import (  # noqa: E402, F401
    DataReminder,
    Frequency,
    GoodDirection,
    Indicator,
    IndicatorUnit,
    IndicatorValue,
    ValueCorrection,
    ValueStatus,
)
