"""Assessment frameworks and the assessments made against them; the yearly report.

One engine serves two jobs: the independent scrutineer rating the partnership against the
six-step checklist, and each agency rating itself against the Section 11 standards. A framework
is data (sections of questions and a rating scale), versioned so that old assessments keep the
wording they were made against.
"""

from django.conf import settings
from django.db import models

from partnership.models import Agency, AgencyKind, Role, User


class TagColour(models.TextChoices):
    """GOV.UK tag colours a rating level may show in, always beside its label."""

    GREEN = "green", "Green"
    YELLOW = "yellow", "Yellow"
    ORANGE = "orange", "Orange"
    RED = "red", "Red"
    BLUE = "blue", "Blue"
    GREY = "grey", "Grey"


class RatingScale(models.Model):
    """RAG by default; a framework may bring its own (four points, say), so nothing assumes three."""

    name = models.CharField(max_length=100, unique=True)

    def __str__(self):
        return self.name


class RatingLevel(models.Model):
    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="levels")
    code = models.SlugField(max_length=30, help_text="Short code used in files, e.g. green.")
    label = models.CharField(max_length=50)
    definition = models.TextField(help_text="What the level means; shown beside every rating form.")
    colour = models.CharField(max_length=10, choices=TagColour.choices)
    position = models.PositiveSmallIntegerField(help_text="1 is the best level.")

    class Meta:
        ordering = ["scale", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="one_level_code_per_scale"),
            models.UniqueConstraint(
                fields=["scale", "position"], name="one_level_position_per_scale"
            ),
        ]

    def __str__(self):
        return self.label


class FrameworkPurpose(models.TextChoices):
    CHECKLIST = "checklist", "Independent scrutiny checklist"
    SECTION_11 = "section_11", "Section 11 standards"
    AUDIT = "audit", "Multi-agency self-assessment audit"


class FrameworkQuerySet(models.QuerySet):
    def for_user(self, user):
        """Staff roles read every framework; an agency lead reads the Section 11 standards
        their agency answers, and nothing else (the rest is a 404, not a 403)."""
        if not user.is_authenticated:
            return self.none()
        if user.role in {Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.PARTNER_LEAD}:
            return self
        if user.role == Role.AGENCY_LEAD:
            return self.filter(purpose=FrameworkPurpose.SECTION_11)
        return self.none()


class Framework(models.Model):
    slug = models.SlugField(max_length=60)
    version = models.PositiveIntegerField(default=1)
    name = models.CharField(max_length=200)
    purpose = models.CharField(max_length=20, choices=FrameworkPurpose.choices)
    description = models.TextField(blank=True)
    scale = models.ForeignKey(RatingScale, on_delete=models.PROTECT, related_name="frameworks")
    imported_at = models.DateTimeField(auto_now_add=True)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="one_framework_version"),
        ]

    def __str__(self):
        return f"{self.name} (version {self.version})"


class Section(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(max_length=10)
    title = models.CharField(max_length=300)
    guidance = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="one_section_number_per_framework"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"


class Question(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    number = models.CharField(max_length=10)
    text = models.TextField()
    guidance = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["section__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "number"], name="one_question_number_per_section"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.text[:60]}"


class Section11Round(models.Model):
    """The business unit asks a set of agencies for their Section 11 returns by a deadline."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    deadline = models.DateField()
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-deadline"]

    def __str__(self):
        return self.name


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for more evidence"
    ACCEPTED = "accepted", "Accepted"


# Ratings can be changed only while the assessment is with its author.
EDITABLE_STATUSES = frozenset({AssessmentStatus.DRAFT, AssessmentStatus.RETURNED})


class AssessmentQuerySet(models.QuerySet):
    def for_user(self, user):
        """Staff roles read every assessment; an agency lead only their own agency's returns."""
        if not user.is_authenticated:
            return self.none()
        if user.role in {Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.PARTNER_LEAD}:
            return self
        if user.role == Role.AGENCY_LEAD:
            return self.filter(agency_id=user.agency_id)
        return self.none()


class Assessment(models.Model):
    """A framework applied to a subject for a period: the partnership (the scrutineer's
    checklist, no agency) or one agency (a Section 11 return, in a round)."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="assessments",
        help_text="Empty when the subject is the partnership as a whole.",
    )  # fmt: skip
    round = models.ForeignKey(
        Section11Round, on_delete=models.CASCADE, null=True, blank=True, related_name="returns"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    overall_judgement = models.TextField(blank=True)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The assessment this one started from, for the change since then.",
    )  # fmt: skip
    deadline = models.DateField(
        null=True, blank=True, help_text="The round's, unless extended for this agency."
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_late = models.BooleanField(default=False)
    accepted_at = models.DateTimeField(null=True, blank=True)
    returned_comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "agency"], name="one_return_per_agency_per_round"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="assessment_period_ends_after_it_starts",
                violation_error_message="The period cannot end before it starts.",
            ),
        ]

    def __str__(self):
        subject = self.agency.name if self.agency_id else "the partnership"
        return f"{self.framework.name}: {subject}, {self.period_start:%B %Y} to {self.period_end:%B %Y}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class Rating(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="ratings")
    level = models.ForeignKey(
        RatingLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="ratings",
        help_text="Empty until rated.",
    )  # fmt: skip
    evidence = models.TextField(blank=True)
    actions_required = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question__section__position", "question__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="one_rating_per_question"
            ),
        ]

    def __str__(self):
        return f"{self.question.number}: {self.level or 'not rated'}"


class EvidenceLink(models.Model):
    """A link from a rating to a portal page that is its evidence (a meeting, a publication,
    a page of statistics). Kept as a path inside the portal, checked when it is saved."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(max_length=200)
    path = models.CharField(max_length=500)

    def __str__(self):
        return self.label


class ReturnReminder(models.Model):
    """One reminder per return per step (14, 7 and 1 days before the deadline), whatever the
    number of task runs: the unique constraint is claimed before the email goes."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "days_before"], name="one_reminder_per_step"
            ),
        ]

    def __str__(self):
        return f"{self.assessment}: {self.days_before} days before"


# The yearly report


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting sign-off"
    SIGNED_OFF = "signed_off", "Signed off"
    PUBLISHED = "published", "Published"


class YearlyReport(models.Model):
    """The partnership's yearly report for a period (not always twelve months). Its narrative
    sections are stored; its generated sections are gathered from live records whenever the
    report is shown or rendered. `revision` rises with every change, so a sign-off given to
    an earlier revision no longer counts."""

    title = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    revision = models.PositiveIntegerField(default=1)
    publication = models.OneToOneField(
        "partnership.Publication", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="yearly_report",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_period_ends_after_it_starts",
                violation_error_message="The period cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def period(self) -> str:
        return f"{self.period_start:%B %Y} to {self.period_end:%B %Y}"


class ReportSection(models.Model):
    """One section of a report, in order. A narrative section holds text the business unit
    writes (a safe subset of Markdown); a generated one names the kind of section
    (scrutiny.report.sections) that gathers its content from the records."""

    NARRATIVE = "narrative"

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=40, default=NARRATIVE)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, help_text="Markdown: headings, lists, links, emphasis.")
    position = models.PositiveIntegerField()
    is_appendix = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_narrative(self) -> bool:
        return self.kind == self.NARRATIVE

    @property
    def anchor(self) -> str:
        return f"section-{self.pk}"


class SignOffDecision(models.TextChoices):
    APPROVED = "approved", "Approved"
    COMMENTED = "commented", "Commented"


class SignOff(models.Model):
    """A partner lead's decision on one revision of a report, for their statutory partner."""

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="sign_offs")
    revision = models.PositiveIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_sign_offs"
    )
    partner_kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    decision = models.CharField(max_length=20, choices=SignOffDecision.choices)
    comment = models.TextField(blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self):
        return f"{self.get_partner_kind_display()}: {self.get_decision_display()}"


class RenderState(models.TextChoices):
    QUEUED = "queued", "Queued"
    GATHERING = "gathering", "Gathering the records"
    LAYING_OUT = "laying_out", "Laying out the pages"
    WRITING = "writing", "Writing the file"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


FINISHED_RENDER_STATES = frozenset({RenderState.DONE, RenderState.FAILED})


class RenderJob(models.Model):
    """One PDF rendering of one revision of a report. The row is the job's state: a task
    delivered twice reads it, finds the work done, and stops."""

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="render_jobs")
    revision = models.PositiveIntegerField()
    state = models.CharField(max_length=20, choices=RenderState.choices, default=RenderState.QUEUED)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to="reports/", blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    render_ms = models.PositiveIntegerField("render time in milliseconds", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.report}: revision {self.revision}, {self.get_state_display().lower()}"

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED_RENDER_STATES
