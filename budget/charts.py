"""The statutory partners' contributions over the years as a bar chart, drawn on the server as
SVG: the same markup serves the page and the PDF report (WeasyPrint draws inline SVG), needs
no JavaScript, and carries its own text alternative. A charting library would bring
JavaScript to the page or a raster image to the PDF; the few shapes here need neither."""

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from .services.figures import PARTNER_KINDS, PARTNER_NAMES, PartnerShares

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 16, 40
# GOV.UK Frontend's blue, orange and turquoise: told apart by colour-blind readers too, and
# each bar is named in the legend, its own <title>, and the table beside the chart.
COLOURS = {
    PARTNER_KINDS[0]: "#1d70b8",
    PARTNER_KINDS[1]: "#f47738",
    PARTNER_KINDS[2]: "#28a197",
}
NICE_STEPS = tuple(Decimal(step) for step in ("1", "2", "2.5", "5", "10"))
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Bar:
    x: float
    y: Decimal
    width: float
    height: Decimal
    colour: str
    title: str


@dataclass(frozen=True)
class Tick:
    y: Decimal
    label: str


@dataclass(frozen=True)
class Group:
    label: str
    x: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    baseline: int
    bars: list[Bar]
    ticks: list[Tick]
    groups: list[Group]
    legend: list[tuple[str, str]]
    title: str
    description: str


def _step(top: Decimal, ticks: int = 4) -> Decimal:
    """A round gridline interval (1, 2, 2.5 or 5 times a power of ten) that fits `top`."""
    rough = top / ticks
    power = Decimal(10) ** (len(str(int(rough))) - 1)
    for nice in NICE_STEPS:
        step = nice * power
        if step >= rough:
            return step
    return 10 * power


def _pounds(amount: Decimal) -> str:
    if amount >= 1000 and amount % 1000 == 0:
        return f"£{amount / 1000:,.0f}k"
    if amount >= 1000:
        return f"£{amount / 1000:,.1f}k"
    return f"£{amount:,.0f}"


def contributions_chart(history: list[PartnerShares]) -> Chart:
    """Grouped bars: for each year, oldest first, the three statutory partners' amounts."""
    history = sorted(history, key=lambda shares: shares.year.start_year)
    first, last = (history[0].year.name, history[-1].year.name) if history else ("", "")
    title = "Statutory partner contributions" + (
        f", {first} to {last}" if first != last else f", {first}" if first else ""
    )
    highest = max((share.amount for year in history for share in year.shares), default=Decimal(0))
    step = _step(highest) if highest else Decimal(1)
    top = step * max(1, (highest / step).to_integral_value(rounding=ROUND_CEILING))
    plot_height = HEIGHT - TOP - BOTTOM
    plot_width = WIDTH - LEFT - RIGHT
    baseline = TOP + plot_height

    def y_of(amount: Decimal) -> Decimal:
        # Kept in Decimal from the amount to the pixel: a figure of money never passes
        # through a float, even on its way to a drawing.
        return (baseline - amount / top * plot_height).quantize(TENTH)

    ticks = []
    level = Decimal(0)
    while level <= top:
        ticks.append(Tick(y_of(level), _pounds(level)))
        level += step
    group_width = plot_width / max(len(history), 1)
    bar_width = min(40.0, group_width * 0.8 / len(PARTNER_KINDS))
    bars, groups = [], []
    for n, year in enumerate(history):
        centre = LEFT + group_width * (n + 0.5)
        groups.append(Group(year.year.name, round(centre, 1)))
        start = centre - bar_width * len(PARTNER_KINDS) / 2
        for m, share in enumerate(year.shares):
            y = y_of(share.amount)
            share_text = f" ({share.percent}% of the three)" if share.percent is not None else ""
            bars.append(
                Bar(
                    x=round(start + m * bar_width, 1),
                    y=y,
                    width=round(bar_width - 2, 1),
                    height=baseline - y,
                    colour=COLOURS[share.kind],
                    title=f"{share.partner}, {year.year.name}: £{share.amount:,.0f}{share_text}",
                )
            )
    sentences = []
    for year in history:
        parts = [
            f"{share.partner.lower()} £{share.amount:,.0f}"
            + (f" ({share.percent}%)" if share.percent is not None else "")
            for share in year.shares
        ]
        sentences.append(f"{year.year.name}: {', '.join(parts)}.")
    description = " ".join(sentences) or "No contributions are recorded yet."
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        baseline=baseline,
        bars=bars,
        ticks=ticks,
        groups=groups,
        legend=[(PARTNER_NAMES[kind], COLOURS[kind]) for kind in PARTNER_KINDS],
        title=title,
        description=description,
    )
