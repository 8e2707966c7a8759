"""Figures worked out from a year's lines, never stored: totals, the surplus or deficit, what
carries into the next year, the statutory partners' shares of their contributions, and the
year-on-year comparison. Every amount is a Decimal in pounds and pence."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, Sum
from django.db.models.functions import Coalesce

from partnership.models import STATUTORY_PARTNER_KINDS, AgencyKind

from ..models import KINDS_BY_SIDE, FinancialYear, Line, LineKind, Side

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")
TENTH = Decimal("0.1")
# The order the equity question is asked in: the council, the police, the health board.
PARTNER_KINDS = [kind for kind in AgencyKind if kind in STATUTORY_PARTNER_KINDS]
PARTNER_NAMES = {
    AgencyKind.LOCAL_AUTHORITY: "Local authority",
    AgencyKind.POLICE: "Police",
    AgencyKind.ICB: "Integrated care board",
}


def _line_amount():
    """A line counts its actual amount, or its planned one while the actual is not known."""
    return Coalesce("actual", "planned", output_field=DecimalField(max_digits=12, decimal_places=2))


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (part * 100 / whole).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Totals:
    """One column of a statement (planned or actual) added up."""

    income: Decimal
    expenditure: Decimal

    @property
    def surplus(self) -> Decimal:
        """Income less expenditure: below zero, a deficit."""
        return self.income - self.expenditure

    @property
    def deficit(self) -> Decimal:
        """How far expenditure went over income, or nothing."""
        return max(-self.surplus, ZERO)

    @property
    def carry_forward(self) -> Decimal:
        """What is left to carry into the next year; a deficit carries nothing."""
        return max(self.surplus, ZERO)


def column_totals(lines: list[Line], column: str) -> Totals:
    sums = {Side.INCOME: ZERO, Side.EXPENDITURE: ZERO}
    for line in lines:
        value = getattr(line, column)
        if value is not None:
            sums[line.side] += value
    return Totals(income=sums[Side.INCOME], expenditure=sums[Side.EXPENDITURE])


@dataclass(frozen=True)
class StatementLine:
    line: Line
    footnote: int | None


@dataclass(frozen=True)
class Share:
    """A statutory partner's contribution in a year and its share of the three partners'."""

    kind: str
    partner: str
    amount: Decimal
    percent: Decimal | None


@dataclass(frozen=True)
class PartnerShares:
    year: FinancialYear
    shares: list[Share]
    # Contributions from agencies other than the statutory partners (probation, health trusts).
    other_agencies: Decimal

    @property
    def total(self) -> Decimal:
        return sum((share.amount for share in self.shares), ZERO)

    def of(self, kind: str) -> Share:
        return next(share for share in self.shares if share.kind == kind)


@dataclass
class Statement:
    year: FinancialYear
    income: list[StatementLine]
    expenditure: list[StatementLine]
    planned: Totals
    actual: Totals
    footnotes: list[tuple[int, str]]
    year_footnote: int | None
    has_planned: bool
    has_actual: bool
    shares: PartnerShares
    # The same shares for the years before, oldest first, for comparison.
    earlier_shares: list[PartnerShares] = field(default_factory=list)

    @property
    def outturn(self) -> Totals:
        """The figures the statement stands by: actual ones once any are in, planned before."""
        return self.actual if self.has_actual else self.planned

    @property
    def basis(self) -> str:
        return "actual" if self.has_actual else "planned"

    @property
    def sides(self) -> list[tuple[str, list[StatementLine], str]]:
        return [
            ("Income", self.income, "Total income"),
            ("Expenditure", self.expenditure, "Total expenditure"),
        ]

    @property
    def history(self) -> list[PartnerShares]:
        """The partners' shares for the years before and this one, oldest first."""
        return [*self.earlier_shares, self.shares]


def year_lines(year: FinancialYear) -> list[Line]:
    return list(year.lines.select_related("agency").in_statement_order())


def statement(year: FinancialYear, *, compare_years: int = 2) -> Statement:
    """A year's statement as the yearly report's budget appendix shows it: income and
    expenditure side by side, footnotes numbered in reading order (the statement's own note
    first), totals, and the statutory partners' shares beside the years before."""
    lines = year_lines(year)
    footnotes: list[tuple[int, str]] = []

    def footnote(text: str) -> int | None:
        if not text.strip():
            return None
        footnotes.append((len(footnotes) + 1, text.strip()))
        return len(footnotes)

    year_footnote = footnote(year.note)
    sides = {Side.INCOME: [], Side.EXPENDITURE: []}
    for side in (Side.INCOME, Side.EXPENDITURE):
        for line in lines:
            if line.side == side:
                sides[side].append(StatementLine(line, footnote(line.note)))
    earlier = list(
        FinancialYear.objects.filter(start_year__lt=year.start_year).order_by("-start_year")[
            :compare_years
        ]
    )
    shares = partner_shares([year, *earlier])
    return Statement(
        year=year,
        income=sides[Side.INCOME],
        expenditure=sides[Side.EXPENDITURE],
        planned=column_totals(lines, "planned"),
        actual=column_totals(lines, "actual"),
        footnotes=footnotes,
        year_footnote=year_footnote,
        has_planned=any(line.planned is not None for line in lines),
        has_actual=any(line.actual is not None for line in lines),
        shares=shares[0],
        earlier_shares=list(reversed(shares[1:])),
    )


def partner_shares(years: list[FinancialYear]) -> list[PartnerShares]:
    """Each statutory partner's contribution and share, per year, in the order given. One
    query whatever the number of years. A partner that gave nothing is listed with £0: the
    gap is the point of the question."""
    sums = (
        Line.objects.filter(year__in=years, kind=LineKind.CONTRIBUTION)
        .values("year_id", "agency__kind")
        .annotate(amount=Sum(_line_amount()))
    )
    by_year: dict[int, dict[str, Decimal]] = {year.pk: {} for year in years}
    for row in sums:
        by_year[row["year_id"]][row["agency__kind"]] = row["amount"] or ZERO
    result = []
    for year in years:
        amounts = by_year[year.pk]
        partners_total = sum((amounts.get(kind, ZERO) for kind in PARTNER_KINDS), ZERO)
        others = sum(
            (amount for kind, amount in amounts.items() if kind not in STATUTORY_PARTNER_KINDS),
            ZERO,
        )
        shares = [
            Share(
                kind=kind,
                partner=PARTNER_NAMES[kind],
                amount=amounts.get(kind, ZERO),
                percent=percent(amounts.get(kind, ZERO), partners_total),
            )
            for kind in PARTNER_KINDS
        ]
        result.append(PartnerShares(year=year, shares=shares, other_agencies=others))
    return result


@dataclass(frozen=True)
class ComparisonRow:
    side: str
    kind: str
    label: str
    amounts: list[Decimal]


@dataclass
class Comparison:
    """Income by source and expenditure by category, one column per year, oldest first."""

    years: list[FinancialYear]
    income: list[ComparisonRow]
    expenditure: list[ComparisonRow]
    totals: list[Totals]


def comparison(years: list[FinancialYear]) -> Comparison:
    """Years side by side, counting each line's actual amount or, before it is known, its
    planned one. A kind no year used is left out. One query whatever the number of years."""
    years = sorted(years, key=lambda year: year.start_year)
    sums = (
        Line.objects.filter(year__in=years)
        .values("year_id", "side", "kind")
        .annotate(amount=Sum(_line_amount()))
    )
    found = {(row["year_id"], row["side"], row["kind"]): row["amount"] or ZERO for row in sums}
    rows = {}
    for side, kinds in KINDS_BY_SIDE.items():
        rows[side] = [
            ComparisonRow(
                side=side,
                kind=kind,
                label=LineKind(kind).label,
                amounts=[found.get((year.pk, side, kind), ZERO) for year in years],
            )
            for kind in kinds
            if any((year.pk, side, kind) in found for year in years)
        ]
    totals = [
        Totals(
            income=sum((row.amounts[n] for row in rows[Side.INCOME]), ZERO),
            expenditure=sum((row.amounts[n] for row in rows[Side.EXPENDITURE]), ZERO),
        )
        for n in range(len(years))
    ]
    return Comparison(
        years=years,
        income=rows[Side.INCOME],
        expenditure=rows[Side.EXPENDITURE],
        totals=totals,
    )


def training_fee_income(year: FinancialYear) -> Decimal | None:
    """The training fees the training app charged in a year, to fill the year's training fees
    line; None while the training app keeps no charges.

    DESIGN.md allows budget this one call into training (`training.services.fee_income(start,
    end)`); training knows nothing of budget. Until the training app offers the function the
    figure is unknown, not zero: a statement must not claim no fees came in."""
    try:
        from training.services import fee_income
    except ImportError:
        return None
    return fee_income(start=year.starts_on, end=year.ends_on)
