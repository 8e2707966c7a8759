"""An indicator's trend over its last few periods as a line chart, drawn on the server as SVG:
the same markup serves the dashboard and a PDF (WeasyPrint draws inline SVG), needs no
JavaScript, and carries its own text alternative. The page puts the figures in a table beside
it, so nothing is told by the drawing alone.

Figures stay Decimal from the database to the pixel, as in budget/charts.py: a figure the
partnership meeting reads never passes through a float, even on its way to a drawing.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from .models import Frequency, GoodDirection, Indicator, IndicatorUnit
from .services.dataset import figure_text, period_label, period_short_label

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 24, 40
NICE_STEPS = tuple(Decimal(step) for step in ("1", "2", "2.5", "5", "10"))
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Tick:
    y: Decimal
    label: str


@dataclass(frozen=True)
class Marker:
    x: Decimal
    y: Decimal
    outside: bool  # on the wrong side of the threshold: drawn as a diamond, not a dot
    title: str

    @property
    def diamond(self) -> str:
        """The points of a diamond around the marker, for <polygon>."""
        size = Decimal(7)
        return " ".join(
            f"{x},{y}"
            for x, y in (
                (self.x, self.y - size),
                (self.x + size, self.y),
                (self.x, self.y + size),
                (self.x - size, self.y),
            )
        )


@dataclass(frozen=True)
class Label:
    x: Decimal
    text: str


@dataclass(frozen=True)
class Row:
    """A line of the table of figures beneath (or beside) the chart."""

    short_label: str
    label: str
    figure: str | None  # None: no figure was submitted for the period
    flag: str  # "Above threshold", "Below threshold" or ""


@dataclass(frozen=True)
class TrendChart:
    id: str
    width: int
    height: int
    plot_left: int
    plot_right: int
    baseline: Decimal
    lines: list[str]  # one <polyline> points string per unbroken run of figures
    markers: list[Marker]
    ticks: list[Tick]
    threshold_y: Decimal | None
    threshold_label: str
    labels: list[Label]
    rows: list[Row]
    period_heading: str  # "Quarter" or "Month", over the table's first column
    title: str
    description: str

    @property
    def text(self) -> str:
        """The whole text alternative, as a screen reader hears the title and description."""
        return f"{self.title}: {self.description[0].lower()}{self.description[1:]}"


def _axis_text(value: Decimal, unit: str) -> str:
    number = f"{value.normalize():,f}"
    return f"{number}%" if unit == IndicatorUnit.PERCENTAGE else number


def _step(span: Decimal, ticks: int = 4) -> Decimal:
    """A round gridline interval (1, 2, 2.5 or 5 times a power of ten) that fits `span`."""
    rough = span / ticks
    power = Decimal(10) ** rough.adjusted()
    for nice in NICE_STEPS:
        step = nice * power
        if step >= rough:
            return step
    return 10 * power


def _figure_of(entry) -> Decimal | None:
    """A series entry's figure: an IndicatorValue (services.series), a Decimal, or None."""
    return getattr(entry, "value", entry)


def trend_chart(indicator: Indicator, points: Sequence[tuple[datetime.date, object]]) -> TrendChart:
    """The line of `indicator`'s figures over `points` (period start, figure or None, oldest
    first, as services.series gives them), with its threshold as a dashed line."""
    figures = [(start, _figure_of(entry)) for start, entry in points]
    present = [value for _, value in figures if value is not None]
    unit, frequency = indicator.unit, indicator.frequency
    threshold = indicator.threshold

    known = [*present, *([threshold] if threshold is not None else [])]
    low = min([Decimal(0), *known])
    high = max([Decimal(0), *known])
    step = _step(high - low) if high > low else Decimal(1)
    bottom = step * (low / step).to_integral_value(rounding=ROUND_FLOOR)
    top = step * max(Decimal(1), (high / step).to_integral_value(rounding=ROUND_CEILING))
    if top <= bottom:
        top = bottom + step
    plot_height = Decimal(HEIGHT - TOP - BOTTOM)
    plot_width = Decimal(WIDTH - LEFT - RIGHT)
    baseline = Decimal(HEIGHT - BOTTOM)

    def y_of(value: Decimal) -> Decimal:
        return (baseline - (value - bottom) / (top - bottom) * plot_height).quantize(TENTH)

    def x_of(n: int) -> Decimal:
        return (LEFT + plot_width * (2 * n + 1) / (2 * max(len(figures), 1))).quantize(TENTH)

    ticks = []
    level = bottom
    while level <= top:
        ticks.append(Tick(y_of(level), _axis_text(level, unit)))
        level += step

    side = "below" if indicator.good_direction == GoodDirection.UP else "above"
    lines, run, markers, labels, rows = [], [], [], [], []
    for n, (start, value) in enumerate(figures):
        short = period_short_label(frequency, start)
        labels.append(Label(x_of(n), short))
        if value is None:
            # A missing figure breaks the line rather than joining its neighbours across it.
            if len(run) > 1:
                lines.append(" ".join(run))
            run = []
            rows.append(Row(short, period_label(frequency, start), None, ""))
            continue
        x, y = x_of(n), y_of(value)
        run.append(f"{x},{y}")
        outside = indicator.is_exception(value)
        text = figure_text(value, unit)
        markers.append(
            Marker(
                x, y, outside, f"{short}: {text}" + (f", {side} the threshold" if outside else "")
            )
        )
        rows.append(
            Row(
                short,
                period_label(frequency, start),
                text,
                f"{side.capitalize()} threshold" if outside else "",
            )
        )
    if len(run) > 1:
        lines.append(" ".join(run))

    first = period_short_label(frequency, figures[0][0]) if figures else ""
    last = period_short_label(frequency, figures[-1][0]) if figures else ""
    title = indicator.name + (f", {first} to {last}" if first != last else "")
    return TrendChart(
        id=f"indicator-{indicator.pk or 'new'}-chart",
        width=WIDTH,
        height=HEIGHT,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        baseline=baseline,
        lines=lines,
        markers=markers,
        ticks=ticks,
        threshold_y=y_of(threshold) if threshold is not None else None,
        threshold_label=f"Threshold {_axis_text(threshold, unit)}" if threshold is not None else "",
        labels=labels,
        rows=rows,
        period_heading="Quarter" if frequency == Frequency.QUARTERLY else "Month",
        title=title,
        description=_description(indicator, figures),
    )


def _description(indicator: Indicator, figures: list[tuple[datetime.date, Decimal | None]]) -> str:
    """What the line shows, in words: where it starts and ends, the gaps, and the latest
    figure against the threshold."""
    unit, frequency = indicator.unit, indicator.frequency
    period = "quarter" if frequency == Frequency.QUARTERLY else "month"
    present = [(start, value) for start, value in figures if value is not None]
    if not present:
        return f"No figures submitted for these {period}s."
    (first_start, first), (last_start, last) = present[0], present[-1]

    def when(start, edge) -> str:
        return "" if start == edge else f" in {period_short_label(frequency, start)}"

    if len(present) == 1:
        sentence = f"One figure: {figure_text(first, unit)}{when(first_start, None)}"
    else:
        sentence = (
            f"From {figure_text(first, unit)}{when(first_start, figures[0][0])} "
            f"to {figure_text(last, unit)}{when(last_start, figures[-1][0])}"
        )
    if indicator.threshold is not None:
        threshold = _axis_text(indicator.threshold, unit)
        latest = (
            f"the last {period}"
            if last_start == figures[-1][0]
            else period_short_label(frequency, last_start)
        )
        if indicator.is_exception(last):
            side = "below" if indicator.good_direction == GoodDirection.UP else "above"
            sentence += f", {side} the threshold of {threshold} in {latest}"
        else:
            sentence += f", within the threshold of {threshold} in {latest}"
    sentence += "."
    missing = [period_short_label(frequency, start) for start, value in figures if value is None]
    if missing:
        sentence += (
            f" No figure for {len(missing)} {period}{'s' if len(missing) != 1 else ''}: "
            f"{', '.join(missing)}."
        )
    direction = indicator.get_good_direction_display()
    return f"{sentence} {direction}."
