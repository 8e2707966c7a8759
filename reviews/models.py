"""Serious incident notifications, rapid reviews, the reviews that follow them, and the
recommendations they make.

No field here can hold a child's name or date of birth. A child is a pseudonym in a fixed
pattern ("Child A", "Baby SA") and an age band; the free-text fields are for staff and say so,
and refuse anything written as a full date (see `no_full_dates`). tests/reviews/test_no_child_
identifiers.py walks every model of the project to hold this.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from partnership.models import Agency, Body, Publication, Role

# Who may see these records at all; everyone else is refused with a 404 (reviews/views).
READERS = frozenset({Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.PARTNER_LEAD})


class ReviewsQuerySet(models.QuerySet):
    def for_user(self, user):
        """No record here belongs to one agency: the roles that may read reviews read them
        all, and nobody else reads any."""
        if not user.is_authenticated or user.role not in READERS:
            return self.none()
        return self


# Partnerships refer to children by a pseudonym of one to three capital letters after a word
# that says who it is: "Child A", "Baby A", "Child SA". A pattern this narrow cannot hold a name.
PSEUDONYM_PATTERN = r"^(Child|Baby|Young person|Sibling) [A-Z]{1,3}$"
PSEUDONYM_HELP = "“Child”, “Baby”, “Young person” or “Sibling”, then 1 to 3 capital letters"
validate_pseudonym = RegexValidator(
    PSEUDONYM_PATTERN,
    f"Enter a pseudonym, like Child A or Baby SA: {PSEUDONYM_HELP}, never a name",
)
MAX_CHILDREN = 4
# The panel's or the local authority's reference: capitals, digits, "/" and "-", with a digit.
validate_reference = RegexValidator(
    r"^(?=.*\d)[A-Z0-9/-]+$",
    "Enter the reference in capitals, digits, “/” and “-”, like SIN-2024-001",
)

_MONTHS = (
    "jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t|tember)?|"
    "oct(ober)?|nov(ember)?|dec(ember)?"
)
_FULL_DATE = re.compile(
    rf"\b(\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{1,2}}-\d{{1,2}}|"
    rf"\d{{1,2}}(st|nd|rd|th)?\s+({_MONTHS})\s+\d{{4}})\b",
    re.IGNORECASE,
)


def no_full_dates(value: str) -> None:
    """A full date in free text about a child may be a date of birth; the record keeps its own
    dates in their own fields, so text that needs a date gives the month and year only."""
    if _FULL_DATE.search(value or ""):
        raise ValidationError(
            "Remove the full date: write the month and year only, like March 2024, so that "
            "nothing here can be a child’s date of birth",
            code="full_date",
        )


class IncidentCategory(models.TextChoices):
    DEATH = "death", "Death"
    SERIOUS_HARM = "serious_harm", "Serious harm"


class AgeBand(models.TextChoices):
    UNDER_1 = "under_1", "Under 1"
    AGE_1_TO_4 = "1_4", "1 to 4"
    AGE_5_TO_9 = "5_9", "5 to 9"
    AGE_10_TO_15 = "10_15", "10 to 15"
    AGE_16_TO_17 = "16_17", "16 or 17"
    CARE_LEAVER = "18_24", "18 to 24 (care leaver)"


class Notification(models.Model):
    """A serious incident the local authority notified to the national Child Safeguarding
    Practice Review Panel. Every notification has its rapid review (made with it)."""

    reference = models.CharField(
        max_length=30,
        unique=True,
        validators=[validate_reference],
        help_text="The reference of the notification, like SIN-2024-001.",
    )
    became_aware_on = models.DateField("date the local authority became aware")
    notified_on = models.DateField("notification date", null=True, blank=True)
    category = models.CharField(max_length=20, choices=IncidentCategory.choices)
    looked_after = models.BooleanField(
        "a child was looked after",
        default=False,
        help_text="Whether any child in the notification was looked after by a local authority.",
    )
    agencies = models.ManyToManyField(
        Agency, blank=True, related_name="+", verbose_name="agencies involved"
    )
    summary = models.TextField(
        "non-identifying summary",
        validators=[no_full_dates],
        help_text="What happened and which services were involved. No names, addresses, "
        "schools or dates of birth.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewsQuerySet.as_manager()

    class Meta:
        ordering = ["-became_aware_on", "-pk"]

    def __str__(self):
        return self.reference


class NotifiedChild(models.Model):
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveSmallIntegerField(default=1)
    pseudonym = models.CharField(max_length=20, validators=[validate_pseudonym])
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)

    class Meta:
        ordering = ["notification", "position"]
        verbose_name_plural = "notified children"
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "pseudonym"], name="one_pseudonym_per_notification"
            ),
        ]

    def __str__(self):
        return f"{self.pseudonym} ({self.get_age_band_display()})"


class RapidReviewDecision(models.TextChoices):
    LOCAL_CSPR = "local_cspr", "Local child safeguarding practice review"
    LEARNING_REVIEW = "learning_review", "Local learning review, agreed with the panel"
    NO_FURTHER_REVIEW = "no_further_review", "No further review"
    NATIONAL_REVIEW = "national_review", "National review recommended"


class RapidReview(models.Model):
    """The partnership's rapid review of a notified incident, sent to the national panel."""

    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="rapid_review"
    )
    decision = models.CharField(max_length=20, choices=RapidReviewDecision.choices, blank=True)
    decided_on = models.DateField("date of the decision", null=True, blank=True)
    sent_on = models.DateField("date sent to the panel", null=True, blank=True)
    findings = models.TextField(
        "what the rapid review found", blank=True, validators=[no_full_dates]
    )
    panel_response = models.TextField(
        "the panel’s response", blank=True, validators=[no_full_dates]
    )
    panel_responded_on = models.DateField("date the panel responded", null=True, blank=True)

    objects = ReviewsQuerySet.as_manager()

    def __str__(self):
        return f"Rapid review, {self.notification}"


class RapidReviewMeeting(models.Model):
    rapid_review = models.ForeignKey(RapidReview, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("date of the meeting")

    class Meta:
        ordering = ["held_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["rapid_review", "held_on"], name="one_rapid_review_meeting_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.rapid_review}, meeting on {self.held_on:%-d %B %Y}"


class SummaryRequest(models.Model):
    """An agency asked for its summary of involvement (a chronology) for a rapid review."""

    rapid_review = models.ForeignKey(
        RapidReview, on_delete=models.CASCADE, related_name="summary_requests"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField()
    due_on = models.DateField("due date")
    received_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["rapid_review", "agency"], name="one_summary_request_per_agency"
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("requested_on")),
                name="summary_due_after_requested",
                violation_error_message="The due date cannot be before the request.",
            ),
        ]

    def __str__(self):
        return f"{self.agency}'s summary for {self.rapid_review}"


class ReviewKind(models.TextChoices):
    CSPR = "cspr", "Local child safeguarding practice review"
    LEARNING_REVIEW = "learning_review", "Local learning review"
    EXTERNAL = "external", "National or other area’s review"


class ReviewStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    FINAL_REPORT = "final_report", "Final report received"
    PUBLISHED = "published", "Published"
    CONCLUDED = "concluded", "Concluded"


# Which statuses each kind of review passes through.
STATUSES_OF_KIND = {
    ReviewKind.CSPR: (ReviewStatus.IN_PROGRESS, ReviewStatus.FINAL_REPORT, ReviewStatus.PUBLISHED),
    ReviewKind.LEARNING_REVIEW: (ReviewStatus.IN_PROGRESS, ReviewStatus.CONCLUDED),
    ReviewKind.EXTERNAL: (ReviewStatus.IN_PROGRESS, ReviewStatus.CONCLUDED),
}


class ExternalSource(models.TextChoices):
    NATIONAL = "national", "The national panel or government"
    OTHER_AREA = "other_area", "Another area’s partnership"


class Review(models.Model):
    """A review the partnership learns from. One record with a kind, since all three have a
    title, recommendations and actions; each kind adds its own fields:
    - a local CSPR: decision date, reviewer, terms of reference, the panel's final report and
      publication, each on a statutory clock;
    - a local learning review, agreed with the panel instead of a CSPR and often run by a task
      and finish group;
    - a national review, or another area's, that the partnership responds to."""

    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    title = models.CharField(max_length=200, validators=[no_full_dates])
    rapid_review = models.ForeignKey(
        RapidReview,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        help_text="The rapid review that led to it, if any.",
    )
    status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.IN_PROGRESS
    )
    decided_on = models.DateField("date of the decision to review", null=True, blank=True)
    reviewer = models.CharField("lead reviewer", max_length=200, blank=True)
    terms_of_reference = models.TextField(blank=True, validators=[no_full_dates])
    delay_reason = models.TextField("reason for any delay", blank=True, validators=[no_full_dates])
    final_report_sent_on = models.DateField(
        "date the final report was sent to the panel", null=True, blank=True
    )
    published_on = models.DateField(null=True, blank=True)
    publication = models.OneToOneField(
        Publication, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A local learning review
    led_by = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="led by",
        help_text="The subgroup or task and finish group running it.",
    )
    agreed_with_panel_on = models.DateField("date the panel agreed it", null=True, blank=True)
    # A national or other area's review
    source = models.CharField(
        max_length=20, choices=ExternalSource.choices, blank=True, verbose_name="from"
    )
    author = models.CharField(
        "published by", max_length=200, blank=True, help_text="The panel, or the other partnership."
    )
    source_published_on = models.DateField("date it was published", null=True, blank=True)
    link = models.URLField("link to the review", blank=True)
    our_response = models.TextField(
        "the partnership’s response", blank=True, validators=[no_full_dates]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewsQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="external") | Q(rapid_review__isnull=True),
                name="external_review_has_no_rapid_review",
                violation_error_message="A national or other area’s review has no rapid review "
                "of ours.",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.status not in STATUSES_OF_KIND[self.kind]:
            errors["status"] = (
                f"A {self.get_kind_display().lower()} cannot be “{self.get_status_display()}”"
            )
        if self.kind in (ReviewKind.CSPR, ReviewKind.LEARNING_REVIEW) and not self.decided_on:
            errors["decided_on"] = "Enter the date of the decision to review"
        if self.kind == ReviewKind.EXTERNAL and not self.source:
            errors["source"] = "Select who published the review"
        if errors:
            raise ValidationError(errors)


class LearningTheme(models.Model):
    """A theme the partnership tracks across reviews: neglect, working with fathers…"""

    name = models.CharField(max_length=100, unique=True)
    is_active = models.BooleanField(
        "in use", default=True, help_text="Themes no longer in use stay on old recommendations."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Recommendation(models.Model):
    """What a review (or a rapid review) asks the partnership to do. Its progress is that of
    the actions raised from it in the one action tracker."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, null=True, blank=True, related_name="recommendations"
    )
    rapid_review = models.ForeignKey(
        RapidReview,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField("recommendation", validators=[no_full_dates])
    themes = models.ManyToManyField(
        LearningTheme, blank=True, related_name="recommendations", verbose_name="learning themes"
    )

    objects = ReviewsQuerySet.as_manager()
    # What its name reads, for the action tracker's list of sources (action_sources).
    action_source_related = ("review", "rapid_review__notification")

    class Meta:
        ordering = ["number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review__isnull=True, rapid_review__isnull=False)
                | Q(review__isnull=False, rapid_review__isnull=True),
                name="recommendation_of_one_review",
                violation_error_message="A recommendation belongs to one review or one rapid "
                "review.",
            ),
        ]

    def __str__(self):
        return f"Recommendation {self.number} of {self.made_by}"

    @property
    def made_by(self):
        return self.review if self.review_id else self.rapid_review
