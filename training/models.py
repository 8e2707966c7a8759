"""The multi-agency training programme: courses, their sessions, and the bookings on them.

A session's capacity is never exceeded: every booking, cancellation and promotion goes through
training.services.bookings, which locks the session's row first. One person holds at most one
active booking per session, enforced by the database, not only by the service.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from partnership.models import Agency


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
        ]

    def __str__(self):
        return f"{self.course.title}, {self.starts_at:%-d %B %Y}"


class BookingStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting the line manager’s approval"
    CONFIRMED = "confirmed", "Confirmed"
    OFFERED = "offered", "Place offered"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"
    DECLINED = "declined", "Offer declined"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


# A booking in one of these holds a place on the session (an offer is a place held for the
# person until they take it or decline it).
HOLDS_A_PLACE = (
    BookingStatus.AWAITING_APPROVAL,
    BookingStatus.CONFIRMED,
    BookingStatus.OFFERED,
    BookingStatus.ATTENDED,
    BookingStatus.DID_NOT_ATTEND,
)
# A person may have only one of these on a session at a time.
ACTIVE = (
    BookingStatus.AWAITING_APPROVAL,
    BookingStatus.CONFIRMED,
    BookingStatus.OFFERED,
    BookingStatus.WAITING,
    BookingStatus.ATTENDED,
    BookingStatus.DID_NOT_ATTEND,
)


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
