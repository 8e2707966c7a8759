"""Changing the budget: financial years, their lines, and publishing a year's summary."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..models import FinancialYear, Line, LineKind, Side
from .figures import column_totals, training_fee_income, year_lines

# What a new year's plan does not take from the year before: a grant is given once, and the
# carried-forward figure is worked out afresh from that year's outturn.
NOT_REPEATED = {LineKind.GRANT, LineKind.CARRIED_FORWARD}


@transaction.atomic
def year_create(*, start_year: int, note: str = "", plan_from: FinancialYear | None = None):
    """Open a financial year. With plan_from, its lines start as a plan: each line of that
    year, bar grants and carried-forward income, planned at what it came to; and what that
    year leaves over planned as carried forward."""
    if FinancialYear.objects.filter(start_year=start_year).exists():
        name = FinancialYear(start_year=start_year).name
        raise ValidationError({"start_year": f"The financial year {name} already exists"})
    year = FinancialYear(start_year=start_year, note=note)
    year.full_clean()
    year.save()
    if plan_from is not None:
        earlier = year_lines(plan_from)
        plan = [
            Line(
                year=year,
                side=line.side,
                kind=line.kind,
                agency=line.agency,
                description=line.description,
                planned=line.amount,
                position=line.position,
            )
            for line in earlier
            if line.kind not in NOT_REPEATED
        ]
        has_actual = any(line.actual is not None for line in earlier)
        left_over = column_totals(earlier, "actual" if has_actual else "planned").carry_forward
        if left_over:
            plan.append(
                Line(
                    year=year,
                    side=Side.INCOME,
                    kind=LineKind.CARRIED_FORWARD,
                    description=f"Carried forward from {plan_from.name}",
                    planned=left_over,
                    position=max((line.position for line in plan), default=0) + 1,
                )
            )
        Line.objects.bulk_create(plan)
    return year


@transaction.atomic
def year_note_save(*, year: FinancialYear, note: str) -> FinancialYear:
    year.note = note.strip()
    year.save(update_fields=["note"])
    return year


@transaction.atomic
def year_publish(*, year: FinancialYear) -> FinancialYear:
    """Show the year's summary on the public site. Publishing again keeps the first date."""
    locked = FinancialYear.objects.select_for_update().get(pk=year.pk)
    if not locked.lines.exists():
        raise ValidationError("A year with no lines has nothing to publish")
    if locked.published_at is None:
        locked.published_at = timezone.now()
        locked.save(update_fields=["published_at"])
    return locked


@transaction.atomic
def year_unpublish(*, year: FinancialYear) -> FinancialYear:
    locked = FinancialYear.objects.select_for_update().get(pk=year.pk)
    locked.published_at = None
    locked.save(update_fields=["published_at"])
    return locked


@transaction.atomic
def line_save(
    *,
    line: Line,
    side: str,
    kind: str,
    agency=None,
    description: str = "",
    planned: Decimal | None = None,
    actual: Decimal | None = None,
    note: str = "",
    conditions: str = "",
    spend_by: date | None = None,
) -> Line:
    """Add or change a line. A new line goes to the foot of its year's statement."""
    line.side, line.kind, line.agency = side, kind, agency
    line.description, line.note = description.strip(), note.strip()
    line.planned, line.actual = planned, actual
    line.conditions, line.spend_by = conditions.strip(), spend_by
    if line.pk is None:
        last = Line.objects.filter(year=line.year_id).aggregate(last=Max("position"))["last"]
        line.position = 0 if last is None else last + 1
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def line_delete(*, line: Line) -> None:
    line.delete()


@transaction.atomic
def training_fees_fill(*, year: FinancialYear) -> Line:
    """Set the year's training fees line to what the training app charged, adding the line if
    the year has none. Raises ValidationError while the training app has no figure."""
    fees = training_fee_income(year)
    if fees is None:
        raise ValidationError("The training records hold no fee income for this year yet")
    line = (
        Line.objects.select_for_update()
        .filter(year=year, kind=LineKind.TRAINING_FEES)
        .order_by("position", "pk")
        .first()
    )
    if line is None:
        return line_save(
            line=Line(year=year),
            side=Side.INCOME,
            kind=LineKind.TRAINING_FEES,
            description="Training fees",
            actual=fees,
        )
    line.actual = fees
    line.save(update_fields=["actual"])
    return line
