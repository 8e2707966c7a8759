"""An agency's figures entered several at a time: from the quarter's form, or from a CSV or
XLSX file. Either way every figure goes through value_enter, and all of them are saved or
none: half a quarter saved would leave the agency lead unsure which figures the portal holds."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Agency, Frequency, Indicator, IndicatorValue, ValueStatus
from .audit import Actor
from .dataset import due_on, period_end, period_label, quarter_periods, value_enter
from .spreadsheets import ImportOutcome, resource_import, spreadsheet_read


@dataclass(frozen=True)
class DueFigure:
    """One figure due from an agency in a quarter, with what the portal holds for it."""

    indicator: Indicator
    period_start: datetime.date
    value: IndicatorValue | None
    # Past its due date and not submitted (late_figures' rule).
    is_late: bool

    @property
    def key(self) -> str:
        return f"{self.indicator.pk}_{self.period_start:%Y%m%d}"

    @property
    def label(self) -> str:
        return period_label(self.indicator.frequency, self.period_start)

    @property
    def due_on(self) -> datetime.date:
        return due_on(self.indicator.frequency, self.period_start)

    @property
    def is_submitted(self) -> bool:
        return self.value is not None and self.value.status == ValueStatus.SUBMITTED

    @property
    def shown(self) -> str:
        """The figure held as it was typed: 18.50 shows as 18.5, 1204.00 as 1204."""
        return f"{self.value.value.normalize():f}" if self.value else ""

    @property
    def is_entered(self) -> bool:
        return self.value is not None and self.value.status == ValueStatus.ENTERED


def quarter_figures(
    *, agency: Agency, quarters: list[datetime.date], today: datetime.date
) -> dict[datetime.date, list[DueFigure]]:
    """For each quarter (named by its first day), the figures due from the agency, as
    due_indicators and quarter_periods count them, with those the portal holds: two queries
    for any number of quarters."""
    if not quarters:
        return {}
    indicators = list(Indicator.objects.active().filter(agency=agency).order_by("position", "name"))
    held = {
        (value.indicator_id, value.period_start): value
        for value in IndicatorValue.objects.filter(
            indicator__in=indicators,
            period_start__range=(min(quarters), period_end(Frequency.QUARTERLY, max(quarters))),
        )
    }
    found = {}
    for quarter in quarters:
        figures = []
        for indicator in indicators:
            if indicator.collected_from > period_end(Frequency.QUARTERLY, quarter):
                continue
            for start in quarter_periods(indicator, quarter):
                if start < indicator.collected_from:
                    continue
                value = held.get((indicator.pk, start))
                submitted = value is not None and value.status == ValueStatus.SUBMITTED
                late = not submitted and due_on(indicator.frequency, start) < today
                figures.append(DueFigure(indicator, start, value, late))
        found[quarter] = figures
    return found


@dataclass(frozen=True)
class FigureEntry:
    indicator: Indicator
    period_start: datetime.date
    value: Decimal
    note: str = ""


@transaction.atomic
def values_enter(*, actor: Actor, figures: dict[str, FigureEntry]) -> list[IndicatorValue]:
    """Enter several figures, all or nothing. The caller names each figure (a form's field
    name); a refusal is a ValidationError keyed by those names, every figure's problems at
    once."""
    saved, problems = [], {}
    for key, entry in figures.items():
        try:
            # Each entry runs in its own savepoint, so one refused does not spoil the others'
            # checks; the whole is rolled back below if any was refused.
            saved.append(
                value_enter(
                    actor=actor,
                    indicator=entry.indicator,
                    period_start=entry.period_start,
                    value=entry.value,
                    note=entry.note,
                )
            )
        except ValidationError as error:
            problems[key] = error.messages
    if problems:
        transaction.set_rollback(True)
        raise ValidationError(problems)
    return saved


@dataclass(frozen=True)
class ValuesImport:
    outcome: ImportOutcome
    # The first days of the quarters the file's figures fall in, earliest first.
    quarters: list[datetime.date]


@transaction.atomic
def values_import(
    *, actor: Actor, agency: Agency, content: bytes, file_format: str, dry_run: bool
) -> ValuesImport:
    """Enter an agency's figures from a CSV or XLSX file, all or nothing: one problem in any
    row, and no figure is saved. The figures are entered, not submitted. A dry run changes
    nothing and reports what would happen.

    Raises ImportFileError when the file cannot be read at all."""
    # Imported here: the resource saves through value_enter, so it imports the services, and
    # a module that imports the resource first would otherwise meet this one half-loaded.
    from ..resources_data import IndicatorValueResource

    dataset, numbers = spreadsheet_read(content=content, file_format=file_format)
    resource = IndicatorValueResource(agency=agency, actor=actor)
    outcome = resource_import(resource=resource, dataset=dataset, numbers=numbers, dry_run=dry_run)
    quarters = sorted(resource.quarters) if not outcome.problems else []
    return ValuesImport(outcome, quarters)
