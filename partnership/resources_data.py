"""How an agency's figures for the multi-agency data set travel in CSV and XLSX
(django-import-export).

A file has one row per figure: the indicator's name, the period, the figure and an optional
note. The resource reads and checks each row, naming the column at fault, and saves a row only
through services.value_enter, so a figure imported is held to the same rules as one typed in.
It lives apart from partnership/resources.py because it needs the services (which import that
module) and works for one agency at a time.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from import_export import fields, widgets

from .models import Agency, Frequency, Indicator, IndicatorValue, ValueStatus
from .resources import PortalResource, TextWidget
from .services.audit import Actor
from .services.dataset import (
    financial_quarter,
    is_period_start,
    period_end,
    period_label,
    period_of,
    period_shift,
    value_enter,
)

COLUMNS = ("indicator", "period", "value", "note")
# "Q1 2025-26", "q1 2025/26", "Q1 2025-2026"
QUARTER_NAME = re.compile(r"^q([1-4])\s+(\d{4})\s*[-/]\s*(\d{2}|\d{4})$", re.IGNORECASE)
MONTHS = {
    name.casefold(): number
    for number in range(1, 13)
    for name in (f"{datetime.date(2000, number, 1):%B}", f"{datetime.date(2000, number, 1):%b}")
}
PERIOD_HELP = "like 2025-04-01 (the first day of the period), Q1 2025-26 or April 2025"


class Period:
    """How a period was written, which matters: "Q1 2025-26" names a quarter, so it cannot be
    a monthly indicator's April."""

    DAY, MONTH, QUARTER = "day", "month", "quarter"


def parse_period(value) -> tuple[datetime.date, str]:
    """The first day of the period a cell names, and how it named it."""
    if isinstance(value, datetime.datetime):
        return value.date(), Period.DAY
    if isinstance(value, datetime.date):
        return value, Period.DAY
    text = " ".join(str(value or "").split())
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date(), Period.DAY
        except ValueError:
            continue
    match = QUARTER_NAME.match(text)
    if match:
        number, first, last = int(match[1]), int(match[2]), match[3]
        # The year's second half is written "26" or "2026": either way, the year after.
        if int(last) == (first + 1) % 10 ** len(last):
            return period_shift(Frequency.QUARTERLY, datetime.date(first, 4, 1), number - 1), (
                Period.QUARTER
            )
    month, _, year = text.partition(" ")
    if month.casefold() in MONTHS and len(year) == 4 and year.isdigit():
        return datetime.date(int(year), MONTHS[month.casefold()], 1), Period.MONTH
    raise ValueError(f"“{text}” is not a period. Write it {PERIOD_HELP}")


def parse_figure(value) -> Decimal:
    """A figure as people type it: 18.5, 1,204 or 12%. A spreadsheet's number cell arrives as
    a float, read to the 15 significant digits a spreadsheet shows."""
    if isinstance(value, bool):
        raise ValueError(f"“{value}” is not a number. Enter a number, like 18.5")
    text = format(value, ".15g") if isinstance(value, float) else str(value).strip()
    digits = text.replace(",", "").replace(" ", "").removesuffix("%")
    try:
        figure = Decimal(digits)
    except InvalidOperation:
        raise ValueError(f"“{text}” is not a number. Enter a number, like 18.5") from None
    if not figure.is_finite():
        raise ValueError(f"“{text}” is not a number. Enter a number, like 18.5")
    if figure != figure.quantize(Decimal("0.01")):
        raise ValueError(f"“{text}” has more than two decimal places. Enter a number like 18.55")
    if abs(figure) >= Decimal("1e10"):
        raise ValueError(f"“{text}” is too large. Enter a figure below 10,000,000,000")
    return figure.quantize(Decimal("0.01"))


class IndicatorWidget(widgets.Widget):
    """An indicator of the importing agency, by its name in any case."""

    def __init__(self, agency: Agency):
        super().__init__()
        self.agency = agency
        self.by_name = {
            indicator.name.casefold(): indicator
            for indicator in Indicator.objects.active().filter(agency=agency)
        }

    def clean(self, value, row=None, **kwargs):
        name = " ".join(str(value or "").split())
        if not name:
            return None
        indicator = self.by_name.get(name.casefold())
        if indicator is None:
            raise ValueError(f"{self.agency} does not own an indicator called “{name}”")
        return indicator

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class PeriodWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None or not str(value).strip():
            return None
        return parse_period(value)[0]

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class FigureWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None or not str(value).strip():
            return None
        return parse_figure(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value.normalize():f}"


def _period_named(frequency: str) -> str:
    if frequency == Frequency.QUARTERLY:
        return "quarterly: give the quarter’s first day, like 2025-04-01, or the quarter, like Q1 2025-26"
    return "monthly: give the month’s first day, like 2025-04-01, or the month, like April 2025"


class IndicatorValueResource(PortalResource):
    """One agency's figures, entered (not submitted) through services.value_enter by `actor`."""

    required = {
        "indicator": "Enter the indicator’s name",
        "period": f"Enter the period, {PERIOD_HELP}",
        "value": "Enter the figure, like 18.5, or delete the row",
    }

    indicator = fields.Field(attribute="indicator", column_name="indicator")
    period = fields.Field(attribute="period_start", column_name="period", widget=PeriodWidget())
    value = fields.Field(attribute="value", column_name="value", widget=FigureWidget())
    note = fields.Field(attribute="note", column_name="note", widget=TextWidget())

    class Meta:
        model = IndicatorValue
        fields = COLUMNS
        store_row_values = True
        skip_html_diff = True

    def __init__(self, *, agency: Agency, actor: Actor):
        super().__init__()
        self.agency = agency
        self.actor = actor
        # The quarters the imported figures fall in, for the page that submits them.
        self.quarters: set[datetime.date] = set()
        self.fields["indicator"].widget = IndicatorWidget(agency)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.rows_by_figure = {}

    def get_instance(self, instance_loader, row):
        """The figure already entered for the row's indicator and period, if there is one."""
        try:
            indicator = self.fields["indicator"].clean(row)
            period_start = self.fields["period"].clean(row)
        except (ValueError, KeyError):
            return None
        if indicator is None or period_start is None:
            return None
        return IndicatorValue.objects.filter(indicator=indicator, period_start=period_start).first()

    def check_row(self, instance, row, errors, row_number):
        if {"indicator", "period_start"} & set(errors) or not instance.indicator_id:
            return
        indicator, start = instance.indicator, instance.period_start
        _, named = parse_period(row.get("period"))
        wrong_kind = (named == Period.QUARTER and indicator.frequency != Frequency.QUARTERLY) or (
            named == Period.MONTH and indicator.frequency != Frequency.MONTHLY
        )
        if wrong_kind or not is_period_start(indicator.frequency, start):
            errors["period_start"] = [
                f"{indicator} is collected {_period_named(indicator.frequency)}"
            ]
            return
        label = period_label(indicator.frequency, start)
        if start < indicator.collected_from:
            errors["period_start"] = [
                f"{indicator} is collected from "
                f"{period_label(indicator.frequency, indicator.collected_from)}"
            ]
        elif period_end(indicator.frequency, start) >= timezone.localdate():
            errors["period_start"] = [f"{label} has not ended yet: enter its figure once it has"]
        elif instance.pk and instance.status == ValueStatus.SUBMITTED:
            errors["value"] = [
                f"The figure for {label} has been submitted: correct it on the portal, "
                "giving a reason"
            ]
        key = (indicator.pk, start)
        if key in self.rows_by_figure:
            errors["period_start"] = [
                f"{indicator}, {label} is also on row {self.rows_by_figure[key]}"
            ]
        self.rows_by_figure.setdefault(key, row_number)

    def save_instance(self, instance, is_create, row, **kwargs):
        # Saved through the service, which locks the row and holds the figure to the rules a
        # typed figure meets; its ValidationError is reported against the row's columns.
        value_enter(
            actor=self.actor,
            indicator=instance.indicator,
            period_start=instance.period_start,
            value=instance.value,
            note=instance.note or "",
        )
        self.quarters.add(period_of(Frequency.QUARTERLY, instance.period_start))


def quarter_name(start: datetime.date) -> str:
    """ "Q1 2025-26": how a file may name a quarter."""
    year, number = financial_quarter(start)
    return f"Q{number} {year}"
