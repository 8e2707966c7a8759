"""The exception report for a quarter as the partnership meeting reads it: the indicators on
it with their last three figures, the ones that cannot be judged for want of a figure, and the
report as a spreadsheet or a PDF to attach to the meeting's papers.

Exporting takes figures out of the portal, so each export is written to the audit log.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import tablib
import weasyprint
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string

from ..models import (
    AuditVerb,
    Frequency,
    Indicator,
    IndicatorValue,
)
from ..resources import escape_formula
from .audit import Actor, audit_record
from .dataset import (
    IndicatorException,
    exception_report,
    figure_text,
    financial_quarter,
    last_ended_period,
    period_label,
    period_short_label,
    recent_periods,
)
from .spreadsheets import ExportFile, export_file

# The exception report looks back over the two years the dashboard shows.
QUARTERS_OFFERED = 8
# WeasyPrint's tagged variant, as for the sign-in sheet: a structure tree, table headers as
# TH, the language and title set, so a screen reader can read the PDF.
PDF_VARIANT = "pdf/ua-1"
EXCEPTION_FORMATS = ("xlsx", "pdf")


def ended_quarters(today: datetime.date, count: int = QUARTERS_OFFERED) -> list[datetime.date]:
    """The first days of the last `count` quarters that have ended by `today`, newest first."""
    latest = last_ended_period(Frequency.QUARTERLY, today)
    return list(reversed(recent_periods(Frequency.QUARTERLY, latest, count)))


def quarter_name(start: datetime.date) -> str:
    """ "Q2 2025-26": the quarter without its months, for a link's text."""
    year, number = financial_quarter(start)
    return f"Q{number} {year}"


@dataclass(frozen=True)
class ExceptionRow:
    """One line of the report: the exception and its figures for the three quarters shown,
    oldest first (None where none was submitted)."""

    exception: IndicatorException
    figures: list[Decimal | None]

    @property
    def indicator(self) -> Indicator:
        return self.exception.indicator

    @property
    def figure_texts(self) -> list[str]:
        return [figure_text(value, self.indicator.unit) for value in self.figures]

    @property
    def threshold_text(self) -> str:
        if self.indicator.threshold is None:
            return "None set"
        return figure_text(self.indicator.threshold, self.indicator.unit)

    @property
    def reasons_text(self) -> str:
        """The exception's reasons as a sentence, its threshold written like its figures
        ("Above its threshold of 4,300"; "below its threshold of 85%")."""
        reasons = self.exception.reasons
        text = "; ".join(reasons)
        return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class ExceptionReport:
    quarter_start: datetime.date
    quarters: list[datetime.date]  # the three shown, oldest first
    rows: list[ExceptionRow]
    judged: int  # indicators with a figure submitted for the quarter
    missing: list[Indicator]  # due for the quarter, with no figure submitted

    @property
    def label(self) -> str:
        return period_label(Frequency.QUARTERLY, self.quarter_start)

    @property
    def title(self) -> str:
        return f"Exception report, {self.label}"

    @property
    def quarter_labels(self) -> list[str]:
        return [period_short_label(Frequency.QUARTERLY, start) for start in self.quarters]

    @property
    def summary(self) -> str:
        """The sentence under the heading: how many are on the report, of how many judged."""
        listed, judged = len(self.rows), self.judged
        if not judged:
            return f"No figures have been submitted for {self.label} yet."
        of = f"of the {judged} indicators" if judged != 1 else "of the 1 indicator"
        verb = "is" if listed == 1 else "are"
        outside = sum(row.exception.outside_threshold for row in self.rows)
        worsening = sum(row.exception.worsening for row in self.rows)
        return (
            f"{listed} {of} with a figure for {self.label} {verb} on this report: "
            f"{outside} outside {'its' if outside == 1 else 'their'} threshold and "
            f"{worsening} moving the wrong way for two quarters running."
        )


def exception_report_for(quarter_start: datetime.date) -> ExceptionReport:
    """The exception report for the quarter starting `quarter_start`, in three queries
    whatever the number of indicators."""
    quarters = recent_periods(Frequency.QUARTERLY, quarter_start, 3)
    rows = []
    for exception in exception_report(quarter_start):
        found = {value.period_start: value.value for value in exception.previous}
        found[quarter_start] = exception.value.value
        rows.append(ExceptionRow(exception, [found.get(start) for start in quarters]))
    # The quarterly indicators due for the quarter, each marked with whether its figure is in.
    due = (
        Indicator.objects.active()
        .filter(frequency=Frequency.QUARTERLY, collected_from__lte=quarter_start)
        .select_related("agency", "priority")
        .annotate(
            has_figure=Exists(
                IndicatorValue.objects.submitted().filter(
                    indicator=OuterRef("pk"), period_start=quarter_start
                )
            )
        )
        .order_by("position", "name")
    )
    due = list(due)
    return ExceptionReport(
        quarter_start=quarter_start,
        quarters=quarters,
        rows=rows,
        judged=sum(indicator.has_figure for indicator in due),
        missing=[indicator for indicator in due if not indicator.has_figure],
    )


EXPORT_HEADERS = (
    "Indicator",
    "Owning agency",
    "Strategic priority",
    "Unit",
    # then one column for each of the three quarters shown
)
EXPORT_TAIL = ("Threshold", "Which way is good", "Why it is listed")


def _spreadsheet(report: ExceptionReport) -> tablib.Dataset:
    dataset = tablib.Dataset(
        headers=[*EXPORT_HEADERS, *report.quarter_labels, *EXPORT_TAIL],
        title=quarter_name(report.quarter_start),
    )
    for row in report.rows:
        indicator = row.indicator
        dataset.append(
            [
                escape_formula(indicator.name),
                escape_formula(indicator.agency.name),
                escape_formula(indicator.priority.area if indicator.priority else ""),
                indicator.get_unit_display(),
                *("" if value is None else value for value in row.figures),
                "" if indicator.threshold is None else indicator.threshold,
                indicator.get_good_direction_display(),
                escape_formula(row.reasons_text),
            ]
        )
    for indicator in report.missing:
        dataset.append(
            [
                escape_formula(indicator.name),
                escape_formula(indicator.agency.name),
                escape_formula(indicator.priority.area if indicator.priority else ""),
                indicator.get_unit_display(),
                "",
                "",
                "",
                "" if indicator.threshold is None else indicator.threshold,
                indicator.get_good_direction_display(),
                "No figure submitted for the quarter: it cannot be judged",
            ]
        )
    return dataset


def _charts(report: ExceptionReport) -> dict:
    """Each exception's trend over the two years to the report's quarter, keyed by indicator,
    in one query. The chart module reads the services, so it is imported when wanted."""
    from ..charts import trend_chart

    indicators = [row.indicator for row in report.rows]
    if not indicators:
        return {}
    starts = recent_periods(Frequency.QUARTERLY, report.quarter_start, QUARTERS_OFFERED)
    found = {
        (value.indicator_id, value.period_start): value
        for value in IndicatorValue.objects.submitted().filter(
            indicator__in=indicators, period_start__in=starts
        )
    }
    return {
        indicator.pk: trend_chart(
            indicator, [(start, found.get((indicator.pk, start))) for start in starts]
        )
        for indicator in indicators
    }


def exception_report_html(report: ExceptionReport) -> str:
    charts = _charts(report)
    return render_to_string(
        "partnership/data/exceptions_pdf.html",
        {
            "report": report,
            "trends": [(row, charts[row.indicator.pk]) for row in report.rows],
            "partnership_name": settings.PARTNERSHIP_NAME,
        },
    )


@transaction.atomic
def exception_report_export(
    *, actor: Actor, quarter_start: datetime.date, file_format: str
) -> ExportFile:
    """The exception report as XLSX or PDF, written to the audit log as an export."""
    if file_format not in EXCEPTION_FORMATS:
        raise ValueError(f"Export the exception report as XLSX or PDF, not {file_format!r}")
    report = exception_report_for(quarter_start)
    stem = f"exception-report-{quarter_start:%Y-%m}"
    if file_format == "pdf":
        html = exception_report_html(report)
        content = weasyprint.HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)
        export = ExportFile(content, "application/pdf", f"{stem}.pdf")
    else:
        export = export_file(_spreadsheet(report), file_format=file_format, stem=stem)
    audit_record(
        actor=actor,
        verb=AuditVerb.EXPORTED,
        summary=f"{report.title}, {file_format.upper()}: {len(report.rows)} indicator"
        f"{'' if len(report.rows) == 1 else 's'}",
    )
    return export
