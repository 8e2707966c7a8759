"""The partnership's money: financial years and their income and expenditure lines.

Only the lines are stored. Totals, the surplus or deficit, the amount to carry forward and the
statutory partners' shares are worked out from the lines every time (budget.services), so a
corrected line can never leave a stale total behind.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from partnership.models import Agency

# Pounds and pence up to £9,999,999,999.99: no partnership budget comes near it.
MONEY = {"max_digits": 12, "decimal_places": 2}
NO_AMOUNT = "Enter the planned amount, the actual amount, or both"


class FinancialYear(models.Model):
    """April to March, named by its years: start_year 2023 is "2023-24"."""

    start_year = models.PositiveSmallIntegerField(
        unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    note = models.TextField(
        blank=True,
        help_text="A footnote for the whole statement, e.g. whether the figures are actual spend.",
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-start_year"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def next_name(self) -> str:
        return FinancialYear(start_year=self.start_year + 1).name

    @property
    def starts_on(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def ends_on(self) -> date:
        return date(self.start_year + 1, 3, 31)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Side(models.TextChoices):
    INCOME = "income", "Income"
    EXPENDITURE = "expenditure", "Expenditure"


class LineKind(models.TextChoices):
    """Income sources and expenditure categories in one list; INCOME_KINDS and
    EXPENDITURE_KINDS say which side each belongs to ("other" is on both)."""

    CONTRIBUTION = "contribution", "Agency contribution"
    TRAINING_FEES = "training_fees", "Training fees"
    GRANT = "grant", "Grant"
    CARRIED_FORWARD = "carried_forward", "Carried forward"
    STAFFING = "staffing", "Staffing"
    CHAIR_SCRUTINY = "chair_scrutiny", "Independent chair and scrutiny"
    TRAINING_PROGRAMME = "training_programme", "Training programme"
    REVIEWS = "reviews", "Reviews"
    MEMBERSHIPS = "memberships", "Memberships"
    OFFICE = "office", "Office"
    OTHER = "other", "Other"


INCOME_KINDS = (
    LineKind.CONTRIBUTION,
    LineKind.TRAINING_FEES,
    LineKind.GRANT,
    LineKind.CARRIED_FORWARD,
    LineKind.OTHER,
)
EXPENDITURE_KINDS = (
    LineKind.STAFFING,
    LineKind.CHAIR_SCRUTINY,
    LineKind.TRAINING_PROGRAMME,
    LineKind.REVIEWS,
    LineKind.MEMBERSHIPS,
    LineKind.OFFICE,
    LineKind.OTHER,
)
KINDS_BY_SIDE = {Side.INCOME: INCOME_KINDS, Side.EXPENDITURE: EXPENDITURE_KINDS}


class LineQuerySet(models.QuerySet):
    def in_statement_order(self):
        return self.order_by("position", "pk")


class Line(models.Model):
    """One line of a year's statement: a source of income or a category of spending, with
    what was planned and what actually came in or went out."""

    year = models.ForeignKey(FinancialYear, on_delete=models.CASCADE, related_name="lines")
    side = models.CharField(max_length=12, choices=Side.choices)
    kind = models.CharField(max_length=20, choices=LineKind.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        help_text="The contributing agency; only for an agency's contribution.",
    )
    description = models.CharField(
        max_length=200,
        blank=True,
        help_text="How the statement names the line. A contribution is named by its agency.",
    )
    planned = models.DecimalField(**MONEY, null=True, blank=True, validators=[MinValueValidator(0)])
    actual = models.DecimalField(**MONEY, null=True, blank=True, validators=[MinValueValidator(0)])
    note = models.TextField(blank=True, help_text="Shown as a footnote to the statement.")
    conditions = models.TextField(blank=True, help_text="A grant's conditions.")
    spend_by = models.DateField(null=True, blank=True, help_text="When a grant must be spent by.")
    position = models.PositiveIntegerField(default=0)

    objects = LineQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                name="budget_line_kind_on_its_side",
                condition=Q(side=Side.INCOME, kind__in=INCOME_KINDS)
                | Q(side=Side.EXPENDITURE, kind__in=EXPENDITURE_KINDS),
            ),
            models.CheckConstraint(
                name="budget_line_agency_only_for_contributions",
                condition=Q(kind=LineKind.CONTRIBUTION, agency__isnull=False)
                | (~Q(kind=LineKind.CONTRIBUTION) & Q(agency__isnull=True)),
            ),
            models.CheckConstraint(
                name="budget_line_grant_terms_only_for_grants",
                condition=Q(kind=LineKind.GRANT) | (Q(conditions="") & Q(spend_by__isnull=True)),
            ),
            models.CheckConstraint(
                name="budget_line_amounts_not_negative",
                condition=(Q(planned__isnull=True) | Q(planned__gte=0))
                & (Q(actual__isnull=True) | Q(actual__gte=0)),
            ),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        errors = {}
        if self.side and self.kind and self.kind not in KINDS_BY_SIDE.get(self.side, ()):
            allowed = ", ".join(LineKind(kind).label.lower() for kind in KINDS_BY_SIDE[self.side])
            errors["kind"] = (
                f"{LineKind(self.kind).label} is not a kind of {self.side}. Use one of: {allowed}"
            )
        if self.kind == LineKind.CONTRIBUTION and not self.agency_id:
            errors["agency"] = "Select the agency that made the contribution"
        if self.kind != LineKind.CONTRIBUTION and self.agency_id:
            errors["agency"] = "Only an agency contribution names an agency; leave it blank"
        if self.kind != LineKind.GRANT and (self.conditions or self.spend_by):
            errors["conditions" if self.conditions else "spend_by"] = (
                "Only a grant has conditions and a spend-by date; leave them blank"
            )
        if self.planned is None and self.actual is None:
            errors["actual"] = NO_AMOUNT
        if errors:
            raise ValidationError(errors)

    @property
    def label(self) -> str:
        if self.description:
            return self.description
        if self.kind == LineKind.CONTRIBUTION and self.agency_id:
            return self.agency.name
        return self.get_kind_display()

    @property
    def amount(self):
        """The figure the statement counts: what actually came in or went out, or what was
        planned while the actual is not known yet."""
        return self.actual if self.actual is not None else self.planned
