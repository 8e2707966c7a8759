"""The multi-agency data set: periods, entering and submitting figures, corrections, late
figures and their reminders, the dashboard's series and the exception report.

Periods are named by their first day. Quarters are the financial year's (Q1 is April to June),
as partnerships report to their boards; a monthly indicator's period is the month.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from ..models import (
    Agency,
    AuditVerb,
    DataReminder,
    Frequency,
    Indicator,
    IndicatorUnit,
    IndicatorValue,
    Role,
    User,
    ValueCorrection,
    ValueStatus,
)
from .audit import Actor, audit_record


def figure_text(value: Decimal | None, unit: str) -> str:
    """A figure as pages, charts and the meeting's papers write it: "1,234", "12.5%",
    "21 days", or "No figure"."""
    if value is None:
        return "No figure"
    number = f"{value:,.0f}" if value == value.to_integral_value() else f"{value.normalize():,f}"
    if unit == IndicatorUnit.PERCENTAGE:
        return f"{number}%"
    if unit == IndicatorUnit.DAYS:
        return f"{number} day{'' if value == 1 else 's'}"
    return number


# Periods


def _months(frequency: str) -> int:
    return 3 if frequency == Frequency.QUARTERLY else 1


def period_of(frequency: str, day: datetime.date) -> datetime.date:
    """The first day of the period `day` falls in."""
    if frequency == Frequency.QUARTERLY:
        return datetime.date(day.year, day.month - (day.month - 1) % 3, 1)
    return day.replace(day=1)


def is_period_start(frequency: str, day: datetime.date) -> bool:
    return period_of(frequency, day) == day


def period_end(frequency: str, start: datetime.date) -> datetime.date:
    return start + relativedelta(months=_months(frequency)) - datetime.timedelta(days=1)


def period_shift(frequency: str, start: datetime.date, periods: int) -> datetime.date:
    return start + relativedelta(months=_months(frequency) * periods)


def financial_quarter(start: datetime.date) -> tuple[str, int]:
    """("2025-26", 1) for the quarter starting 1 April 2025."""
    first_year = start.year if start.month >= 4 else start.year - 1
    number = ((start.month - 4) % 12) // 3 + 1
    return f"{first_year}-{(first_year + 1) % 100:02d}", number


def period_label(frequency: str, start: datetime.date) -> str:
    """ "Q1 2025-26 (April to June 2025)", or "April 2025" for a month."""
    if frequency != Frequency.QUARTERLY:
        return f"{start:%B %Y}"
    year, number = financial_quarter(start)
    end = period_end(frequency, start)
    return f"Q{number} {year} ({start:%B} to {end:%B %Y})"


def period_short_label(frequency: str, start: datetime.date) -> str:
    """ "Q1 25-26" or "Apr 25": for a chart's axis."""
    if frequency != Frequency.QUARTERLY:
        return f"{start:%b %y}"
    year, number = financial_quarter(start)
    return f"Q{number} {year[2:]}"


def due_on(frequency: str, start: datetime.date) -> datetime.date:
    """A figure is due DATA_SUBMISSION_DAYS after its period ends."""
    return period_end(frequency, start) + datetime.timedelta(days=settings.DATA_SUBMISSION_DAYS)


def last_ended_period(frequency: str, today: datetime.date) -> datetime.date:
    """The latest period that has ended by `today`."""
    return period_shift(frequency, period_of(frequency, today), -1)


def recent_periods(frequency: str, last: datetime.date, count: int) -> list[datetime.date]:
    """`count` periods ending with the one starting `last`, oldest first."""
    return [period_shift(frequency, last, -n) for n in range(count - 1, -1, -1)]


# Entering, submitting and correcting


def _period_check(indicator: Indicator, period_start: datetime.date, today: datetime.date):
    if not is_period_start(indicator.frequency, period_start):
        raise ValidationError(
            {
                "period_start": f"{indicator} is collected {indicator.get_frequency_display().lower()}"
                ": choose the first day of a period"
            }
        )
    if period_start < indicator.collected_from:
        raise ValidationError(
            {
                "period_start": f"{indicator} is collected from "
                f"{period_label(indicator.frequency, indicator.collected_from)}"
            }
        )
    if period_end(indicator.frequency, period_start) >= today:
        raise ValidationError(
            {
                "period_start": f"{period_label(indicator.frequency, period_start)} has not ended "
                "yet: enter its figure once it has"
            }
        )


@transaction.atomic
def value_enter(
    *,
    actor: Actor,
    indicator: Indicator,
    period_start: datetime.date,
    value: Decimal,
    note: str = "",
) -> IndicatorValue:
    """Enter (or change, until it is submitted) an indicator's figure for a period."""
    _period_check(indicator, period_start, timezone.localdate())
    existing = (
        IndicatorValue.objects.select_for_update()
        .filter(indicator=indicator, period_start=period_start)
        .first()
    )
    if existing is not None and existing.status == ValueStatus.SUBMITTED:
        raise ValidationError(
            {
                "value": f"The figure for {period_label(indicator.frequency, period_start)} has "
                "been submitted: correct it, giving a reason"
            }
        )
    figure = existing or IndicatorValue(indicator=indicator, period_start=period_start)
    figure.value = value
    figure.note = note
    figure.entered_at = timezone.now()
    figure.entered_by = actor.user
    figure.full_clean()
    figure.save()
    return figure


def due_indicators(agency: Agency, period_start: datetime.date) -> list[Indicator]:
    """The agency's active quarterly indicators whose figure for the quarter starting
    `period_start` is due, and its monthly ones for each month in it."""
    return list(
        Indicator.objects.active()
        .filter(
            agency=agency,
            collected_from__lte=period_end(Frequency.QUARTERLY, period_start),
        )
        .order_by("position", "name")
    )


def quarter_periods(indicator: Indicator, quarter_start: datetime.date) -> list[datetime.date]:
    """The periods of `indicator` that fall in the quarter starting `quarter_start`."""
    if indicator.frequency == Frequency.QUARTERLY:
        return [quarter_start]
    return [period_shift(Frequency.MONTHLY, quarter_start, n) for n in range(3)]


@transaction.atomic
def values_submit(*, actor: Actor, agency: Agency, quarter_start: datetime.date) -> int:
    """Submit the agency's figures for a quarter, all together: refused, changing nothing,
    while any figure due is missing. A figure submitted after its due date is marked late."""
    if not is_period_start(Frequency.QUARTERLY, quarter_start):
        raise ValidationError("Choose a quarter")
    if period_end(Frequency.QUARTERLY, quarter_start) >= timezone.localdate():
        raise ValidationError(
            f"{period_label(Frequency.QUARTERLY, quarter_start)} has not ended yet: submit its "
            "figures once it has"
        )
    wanted = [
        (indicator, start)
        for indicator in due_indicators(agency, quarter_start)
        for start in quarter_periods(indicator, quarter_start)
        if start >= indicator.collected_from
    ]
    figures = {
        (value.indicator_id, value.period_start): value
        for value in IndicatorValue.objects.select_for_update(of=("self",))
        .select_related("indicator")
        .filter(
            indicator__agency=agency,
            period_start__range=(quarter_start, period_end(Frequency.QUARTERLY, quarter_start)),
        )
    }
    missing = [
        f"{indicator} ({period_label(indicator.frequency, start)})"
        for indicator, start in wanted
        if (indicator.pk, start) not in figures
    ]
    if missing:
        raise ValidationError(
            "Enter a figure for " + "; ".join(missing) + " before you submit the quarter"
        )
    now = timezone.now()
    submitted = 0
    for figure in figures.values():
        if figure.status == ValueStatus.SUBMITTED:
            continue
        indicator = figure.indicator
        figure.status = ValueStatus.SUBMITTED
        figure.submitted_at = now
        figure.submitted_by = actor.user
        figure.is_late = timezone.localdate(now) > due_on(indicator.frequency, figure.period_start)
        figure.save(update_fields=["status", "submitted_at", "submitted_by", "is_late"])
        submitted += 1
    if not submitted:
        raise ValidationError("Every figure for this quarter has already been submitted")
    audit_record(
        actor=actor,
        verb=AuditVerb.CHANGED,
        record=agency,
        summary=f"{submitted} figure{'s' if submitted != 1 else ''} submitted for "
        + period_label(Frequency.QUARTERLY, quarter_start),
    )
    return submitted


@transaction.atomic
def value_correct(
    *, actor: Actor, value: IndicatorValue, corrected: Decimal, reason: str
) -> IndicatorValue:
    """Change a submitted figure, keeping the earlier value and the reason."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the figure is being corrected"})
    locked = IndicatorValue.objects.select_for_update().select_related("indicator").get(pk=value.pk)
    if locked.status != ValueStatus.SUBMITTED:
        raise ValidationError({"value": "Only a submitted figure is corrected: change it instead"})
    if locked.value == corrected:
        raise ValidationError({"corrected": "Enter a figure different from the one submitted"})
    ValueCorrection.objects.create(
        value=locked,
        previous=locked.value,
        corrected=corrected,
        reason=reason.strip(),
        corrected_at=timezone.now(),
        corrected_by=actor.user,
    )
    previous = locked.value
    locked.value = corrected
    locked.save(update_fields=["value"])
    audit_record(
        actor=actor,
        verb=AuditVerb.CHANGED,
        record=locked.indicator,
        summary=f"{period_label(locked.indicator.frequency, locked.period_start)} corrected "
        f"from {previous} to {corrected}: {reason.strip()}",
    )
    return locked


# Late figures and reminders


@dataclass(frozen=True)
class LateFigure:
    indicator: Indicator
    period_start: datetime.date
    due_on: datetime.date

    @property
    def label(self) -> str:
        return period_label(self.indicator.frequency, self.period_start)


def late_figures(*, today: datetime.date, agency: Agency | None = None) -> list[LateFigure]:
    """Figures past their due date and not submitted, over the last two years, in two queries."""
    indicators = Indicator.objects.active().select_related("agency")
    if agency is not None:
        indicators = indicators.filter(agency=agency)
    indicators = list(indicators)
    submitted = set(
        IndicatorValue.objects.submitted()
        .filter(indicator__in=indicators)
        .values_list("indicator_id", "period_start")
    )
    horizon = today - relativedelta(years=2)
    late = []
    for indicator in indicators:
        start = max(period_of(indicator.frequency, horizon), indicator.collected_from)
        start = period_of(indicator.frequency, start)
        while due_on(indicator.frequency, start) < today:
            if start >= indicator.collected_from and (indicator.pk, start) not in submitted:
                late.append(LateFigure(indicator, start, due_on(indicator.frequency, start)))
            start = period_shift(indicator.frequency, start, 1)
    return sorted(late, key=lambda f: (f.due_on, f.indicator.name))


def data_reminders_send(*, today: datetime.date) -> int:
    """Email each agency's leads once about each of its late figures. A figure's reminder row
    is claimed before the email goes, so a second run (or a second worker) sends nothing."""
    by_agency: dict[Agency, list[LateFigure]] = {}
    for figure in late_figures(today=today):
        by_agency.setdefault(figure.indicator.agency, []).append(figure)
    sent = 0
    for agency, figures in by_agency.items():
        recipients = list(
            User.objects.filter(role=Role.AGENCY_LEAD, agency=agency, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if not recipients:
            continue
        with transaction.atomic():
            claimed = [
                figure
                for figure in figures
                if DataReminder.objects.get_or_create(
                    indicator=figure.indicator,
                    period_start=figure.period_start,
                    defaults={"sent_on": today},
                )[1]
            ]
            if not claimed:
                continue
            count = len(claimed)
            send_mail(
                subject=f"{count} figure{'s' if count != 1 else ''} for the partnership's data "
                "set overdue",
                message=render_to_string(
                    "partnership/email/data_reminder.txt",
                    {
                        "agency": agency,
                        "figures": claimed,
                        "partnership_name": settings.PARTNERSHIP_NAME,
                        "portal_url": settings.PORTAL_URL,
                    },
                ),
                from_email=None,
                recipient_list=recipients,
            )
        sent += 1
    return sent


# The dashboard and the exception report


def series(
    indicators: Iterable[Indicator], *, today: datetime.date, count: int = 8
) -> dict[int, list[tuple[datetime.date, IndicatorValue | None]]]:
    """Each indicator's last `count` ended periods with their submitted figures (None where
    there is none), oldest first, in one query whatever the number of indicators."""
    indicators = list(indicators)
    periods = {
        indicator.pk: recent_periods(
            indicator.frequency, last_ended_period(indicator.frequency, today), count
        )
        for indicator in indicators
    }
    if not indicators:
        return {}
    earliest = min(p[0] for p in periods.values())
    found = {
        (value.indicator_id, value.period_start): value
        for value in IndicatorValue.objects.submitted().filter(
            indicator__in=indicators, period_start__gte=earliest
        )
    }
    return {
        indicator.pk: [(start, found.get((indicator.pk, start))) for start in periods[indicator.pk]]
        for indicator in indicators
    }


@dataclass(frozen=True)
class IndicatorException:
    indicator: Indicator
    value: IndicatorValue
    previous: list[IndicatorValue]  # the two periods before, oldest first, where submitted
    outside_threshold: bool
    worsening: bool  # moved the wrong way two periods running

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.outside_threshold:
            side = "below" if self.indicator.good_direction == "up" else "above"
            threshold = figure_text(self.indicator.threshold, self.indicator.unit)
            reasons.append(f"{side} its threshold of {threshold}")
        if self.worsening:
            reasons.append("moved the wrong way two quarters running")
        return reasons


def exception_report(quarter_start: datetime.date) -> list[IndicatorException]:
    """Quarterly indicators whose submitted figure for the quarter is outside their threshold,
    or has moved the wrong way for two quarters running, in two queries."""
    starts = recent_periods(Frequency.QUARTERLY, quarter_start, 3)
    indicators = list(
        Indicator.objects.active()
        .filter(frequency=Frequency.QUARTERLY)
        .select_related("agency", "priority")
    )
    values = {
        (value.indicator_id, value.period_start): value
        for value in IndicatorValue.objects.submitted().filter(
            indicator__in=indicators, period_start__in=starts
        )
    }
    found = []
    for indicator in indicators:
        current = values.get((indicator.pk, quarter_start))
        if current is None:
            continue
        before, last = values.get((indicator.pk, starts[0])), values.get((indicator.pk, starts[1]))
        outside = indicator.is_exception(current.value)
        worsening = (
            last is not None
            and before is not None
            and indicator.is_worse(current.value, last.value)
            and indicator.is_worse(last.value, before.value)
        )
        if outside or worsening:
            found.append(
                IndicatorException(
                    indicator,
                    current,
                    [v for v in (before, last) if v is not None],
                    outside,
                    worsening,
                )
            )
    return found
