"""The multi-agency data set: indicators the partnership tracks, and the figures each owning
agency submits for them, quarter by quarter (or month by month).

A figure is entered, then submitted. Once submitted it changes only through a correction with
a reason, which keeps the earlier value (ValueCorrection), so the dashboard and the exception
report the partnership meeting saw can always be explained.
"""

from django.db import models
from django.db.models import Q

from . import Agency, Priority, Role, User

# Indicator figures: up to 9,999,999,999.99, to two places (a rate, a percentage, a count).
FIGURE = {"max_digits": 12, "decimal_places": 2}


class IndicatorUnit(models.TextChoices):
    COUNT = "count", "Count"
    PERCENTAGE = "percentage", "Percentage"
    RATE = "rate", "Rate per 10,000 children"
    DAYS = "days", "Days"


class Frequency(models.TextChoices):
    QUARTERLY = "quarterly", "Quarterly"
    MONTHLY = "monthly", "Monthly"


class GoodDirection(models.TextChoices):
    UP = "up", "Higher is better"
    DOWN = "down", "Lower is better"


class IndicatorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_user(self, user):
        """Staff roles read every indicator. An agency lead reads their own agency's and the
        ones marked as shared with every agency; a practitioner none."""
        if not user.is_authenticated:
            return self.none()
        if user.role in {Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.PARTNER_LEAD}:
            return self
        if user.role == Role.AGENCY_LEAD:
            return self.filter(Q(agency_id=user.agency_id) | Q(is_shared=True))
        return self.none()

    def owned_by(self, user):
        """The indicators whose figures this user enters: an agency lead's own agency's."""
        if not user.is_authenticated or user.role != Role.AGENCY_LEAD:
            return self.none()
        return self.filter(agency_id=user.agency_id)


class Indicator(models.Model):
    name = models.CharField(max_length=200, unique=True)
    definition = models.TextField(
        help_text="What is counted, and how, so that every quarter counts the same thing."
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name="owning agency",
    )
    unit = models.CharField(max_length=20, choices=IndicatorUnit.choices)
    frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    good_direction = models.CharField(
        "which way is good", max_length=4, choices=GoodDirection.choices
    )
    threshold = models.DecimalField(
        **FIGURE,
        null=True,
        blank=True,
        help_text="A figure on the wrong side of this goes on the exception report.",
    )
    priority = models.ForeignKey(
        Priority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="strategic priority",
    )
    is_shared = models.BooleanField(
        "shared with every agency",
        default=False,
        help_text="Agency leads of other agencies see it on the partnership's dashboard.",
    )
    collected_from = models.DateField(
        help_text="The first day of the first period it is collected for: figures are due "
        "from that period on."
    )
    is_active = models.BooleanField("collected", default=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def is_exception(self, value) -> bool:
        """On the wrong side of the threshold (the threshold itself is within it)."""
        if self.threshold is None or value is None:
            return False
        if self.good_direction == GoodDirection.UP:
            return value < self.threshold
        return value > self.threshold

    def is_worse(self, later, earlier) -> bool:
        if later is None or earlier is None:
            return False
        return later < earlier if self.good_direction == GoodDirection.UP else later > earlier


class ValueStatus(models.TextChoices):
    ENTERED = "entered", "Entered, not submitted"
    SUBMITTED = "submitted", "Submitted"


class IndicatorValueQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(indicator__in=Indicator.objects.for_user(user))

    def submitted(self):
        return self.filter(status=ValueStatus.SUBMITTED)


class IndicatorValue(models.Model):
    """One indicator's figure for one period, named by the period's first day (1 April 2025
    is the first quarter of 2025-26, or April 2025 for a monthly indicator)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField()
    value = models.DecimalField(**FIGURE)
    note = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=ValueStatus.choices, default=ValueStatus.ENTERED
    )
    entered_at = models.DateTimeField()
    entered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_late = models.BooleanField(
        "submitted late",
        default=False,
        help_text="Set when it was submitted after its due date.",
    )

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"], name="one_value_per_indicator_period"
            ),
            models.CheckConstraint(
                condition=Q(status="entered") | Q(submitted_at__isnull=False),
                name="submitted_value_has_a_time",
            ),
        ]

    def __str__(self):
        return f"{self.indicator}, {self.period_start:%B %Y}: {self.value}"


class ValueCorrection(models.Model):
    """A submitted figure changed, with why: the earlier value is kept here."""

    value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE, related_name="corrections")
    previous = models.DecimalField(**FIGURE)
    corrected = models.DecimalField(**FIGURE)
    reason = models.TextField()
    corrected_at = models.DateTimeField()
    corrected_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-corrected_at", "-pk"]

    def __str__(self):
        return f"{self.value.indicator}: {self.previous} to {self.corrected}"


class DataReminder(models.Model):
    """Proof that the owning agency was reminded about a late figure: the constraint is what
    stops a second run of the task from emailing twice."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="reminders")
    period_start = models.DateField()
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"], name="one_reminder_per_late_figure"
            ),
        ]

    def __str__(self):
        return f"{self.indicator}, {self.period_start}: reminded {self.sent_on}"
