"""The multi-agency training programme: courses, their sessions, and the bookings on them.

A session's capacity is never exceeded: every booking, cancellation and promotion goes through
training.services.bookings, which claims and frees places on the session's `places_held`
counter under its row lock, and a check constraint holds the counter to the capacity. One person
holds at most one active booking per session, enforced by the database, not only by the service.
Charges, emails sent, evaluations and impact follow-ups hang off a booking.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from partnership.models import Agency, AgencyKind


class Level(models.IntegerChoices):
    AWARENESS = 1, "Level 1: awareness"
    PRACTICE = 2, "Level 2: practice"
    ADVANCED = 3, "Level 3: advanced practice"
    STRATEGIC = 4, "Level 4: strategic leadership"


class Course(models.Model):
    title = models.CharField(max_length=200)
    summary = models.TextField()
    learning_objectives = models.TextField(help_text="One objective a line.")
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.AWARENESS)
    series = models.CharField(max_length=100, blank=True, help_text="e.g. Exploitation, Neglect.")
    provider = models.CharField(max_length=200, blank=True)
    needs_manager_approval = models.BooleanField(
        default=False,
        help_text="The attendee's line manager approves each booking by a link in an email "
        "before the place is confirmed.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class Session(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=300, blank=True)
    online_url = models.URLField(blank=True)
    capacity = models.PositiveIntegerField()
    trainer = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    # Raised whenever the time or place changes, so calendars replace the event they hold.
    ics_sequence = models.PositiveIntegerField(default=0)
    # How many bookings hold a place (HOLDS_A_PLACE), kept by training.services.bookings: a
    # conditional UPDATE on this one column claims a place, so only that short statement and
    # the insert after it wait for each other, not the whole booking.
    places_held = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="training_session_ends_after_it_starts",
                violation_error_message="The session must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="training_session_has_places",
                violation_error_message="A session needs at least one place.",
            ),
            models.CheckConstraint(
                condition=Q(places_held__lte=models.F("capacity")),
                name="training_session_never_overbooked",
                violation_error_message="The capacity cannot be less than the places already "
                "booked.",
            ),
        ]

    def __str__(self):
        return f"{self.course.title}, {self.starts_at:%-d %B %Y}"

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.places_held, 0)


class BookingStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting the line manager’s approval"
    CONFIRMED = "confirmed", "Confirmed"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"
    DECLINED = "declined", "Offer declined"
    REFUSED = "refused", "Not approved by the line manager"
    RELEASED = "released", "Released: not approved in time"
    SUBSTITUTED = "substituted", "Handed to a colleague"
    MOVED = "moved", "Moved to another session"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


# A booking in one of these holds a place on the session; Session.places_held counts them.
HOLDS_A_PLACE = (
    BookingStatus.AWAITING_APPROVAL,
    BookingStatus.CONFIRMED,
    BookingStatus.ATTENDED,
    BookingStatus.DID_NOT_ATTEND,
)
# A person may have only one of these on a session at a time.
ACTIVE = (*HOLDS_A_PLACE, BookingStatus.WAITING)


class Booking(models.Model):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="bookings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="training_bookings",
        help_text="The attendee's account, when they have one.",
    )  # fmt: skip
    attendee_name = models.CharField(max_length=200)
    attendee_email = models.EmailField()
    job_title = models.CharField(max_length=200)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="training_bookings")
    line_manager_email = models.EmailField()
    status = models.CharField(max_length=20, choices=BookingStatus.choices)
    booked_at = models.DateTimeField(auto_now_add=True)
    # The waiting list's order: when the person joined it. Kept through a substitution.
    queued_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    # The price of the place for the attendee's agency when they booked (PlacePrice), shown
    # before booking and charged when the session takes place.
    price = models.DecimalField(
        max_digits=8, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    # A place from the waiting list given inside the late-cancellation window: the attendee may
    # decline it free with one link, and it is never charged as a late cancellation.
    offered_late = models.BooleanField(default=False)
    approval_requested_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    # Leaving early is recorded, and counts as not attending.
    left_early = models.BooleanField(default=False)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    # The booking this one took over: the colleague's place in a substitution, or the same
    # person's booking on another session when the business unit moved them.
    replaces = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by"
    )

    class Meta:
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "session",
                models.functions.Lower("attendee_email"),
                condition=Q(status__in=ACTIVE),
                name="one_active_booking_per_person_per_session",
                violation_error_message="This person already has a place or a waiting-list "
                "place on this session.",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self):
        return f"{self.attendee_name}: {self.session} ({self.get_status_display().lower()})"

    @property
    def holds_a_place(self) -> bool:
        return self.status in HOLDS_A_PLACE


class PlacePrice(models.Model):
    """What a place costs an agency of this kind; a kind with no price pays nothing (the
    statutory partners, who fund the programme, usually have none)."""

    agency_kind = models.CharField(max_length=20, choices=AgencyKind.choices, unique=True)
    amount = models.DecimalField(max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency_kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="training_place_price_not_negative"
            )
        ]

    def __str__(self):
        return f"{self.get_agency_kind_display()}: £{self.amount}"


class ChargeKind(models.TextChoices):
    PLACE = "place", "Place on a course"
    LATE_CANCELLATION = "late_cancellation", "Late cancellation"
    NON_ATTENDANCE = "non_attendance", "Did not attend"


class Charge(models.Model):
    """Money an agency owes for a booking. Waived charges stay, with who waived them and why."""

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="charges")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="training_charges")
    kind = models.CharField(max_length=20, choices=ChargeKind.choices)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    # The day the charge falls in a period: the session's day, or the day of a late
    # cancellation.
    raised_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    waived_at = models.DateTimeField(null=True, blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    waiver_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["raised_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "kind"], name="one_charge_of_a_kind"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="training_charge_positive"),
            models.CheckConstraint(
                condition=Q(waived_at__isnull=True) | ~Q(waiver_reason=""),
                name="training_waiver_has_reason",
                violation_error_message="Give the reason for waiving the charge.",
            ),
        ]
        indexes = [models.Index(fields=["agency", "raised_on"])]

    def __str__(self):
        return f"{self.get_kind_display()}: £{self.amount} to {self.agency}"

    @property
    def is_waived(self) -> bool:
        return self.waived_at is not None


class EmailKind(models.TextChoices):
    CONFIRMATION = "confirmation", "Booking confirmed"
    WAITING_LIST = "waiting_list", "On the waiting list"
    PROMOTED = "promoted", "Place from the waiting list"
    LATE_OFFER = "late_offer", "Late place offered"
    APPROVAL_REQUEST = "approval_request", "Approval asked of the line manager"
    REFUSED = "refused", "Not approved"
    RELEASED = "released", "Place released: not approved in time"
    CANCELLATION = "cancellation", "Booking cancelled"
    SUBSTITUTION = "substitution", "Place handed to a colleague"
    SESSION_CHANGED = "session_changed", "Session changed"
    SESSION_CANCELLED = "session_cancelled", "Session cancelled"
    REMINDER = "reminder", "Reminder two days before"
    NO_SHOW = "no_show", "Did not attend: asked why"
    EVALUATION = "evaluation", "Evaluation asked for"
    IMPACT_FOLLOW_UP = "impact_follow_up", "Impact follow-up"


class SentEmail(models.Model):
    """The outbox: one row per email about a booking, written in the same transaction as the
    change it tells of, and stamped `sent_at` when a worker sends it. The unique constraint is
    what stops a task that runs twice, or two workers at once, sending the same email twice
    (training.services.emails)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=20, choices=EmailKind.choices)
    # Tells apart emails of one kind that may rightly go more than once, e.g. a session change
    # carries the calendar SEQUENCE it announces.
    key = models.CharField(max_length=50, blank=True)
    recipients = models.TextField()
    # What the template needs beyond the booking, as JSON: links, formatted dates.
    context = models.JSONField(default=dict, blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "kind", "key"], name="each_training_email_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["queued_at"],
                condition=Q(sent_at__isnull=True),
                name="training_email_unsent",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.recipients}"


class Evaluation(models.Model):
    """The attendee's answers after a session they attended; the certificate follows it."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="evaluation")
    objectives_met = models.BooleanField("The learning objectives were met")
    equipped = models.BooleanField("I feel better equipped for my work")
    would_recommend = models.BooleanField("I would recommend this course to a colleague")
    comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Evaluation of {self.booking}"


class Respondent(models.TextChoices):
    ATTENDEE = "attendee", "Attendee"
    LINE_MANAGER = "line_manager", "Line manager"


class ImpactResponse(models.Model):
    """About three months on: what the attendee, or their line manager, says has changed."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="impact_responses")
    respondent = models.CharField(max_length=20, choices=Respondent.choices)
    practice_change = models.TextField("What has changed in practice since the course")
    may_quote = models.BooleanField(
        "The partnership may quote this, without a name, in its reports", default=False
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "respondent"], name="one_impact_response_each"
            )
        ]

    def __str__(self):
        return f"{self.get_respondent_display()} on {self.booking}"
