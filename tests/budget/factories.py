"""Budget records for the tests and the URL examples: years, lines, and the 2023-24 statement
of the seed report (`seed_statement`), whose lines add up to £199,447 of income and £165,278
of expenditure."""

from decimal import Decimal

import factory

from budget.models import FinancialYear, Line, LineKind, Side
from partnership.models import AgencyKind

from ..factories import AgencyFactory


class FinancialYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancialYear
        django_get_or_create = ["start_year"]

    start_year = 2023


class LineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Line

    year = factory.SubFactory(FinancialYearFactory)
    side = Side.EXPENDITURE
    kind = LineKind.OFFICE
    actual = Decimal("100.00")


def partners():
    """The three statutory partners and four other agencies, as in the seed statement."""
    return {
        "council": AgencyFactory(
            name="London Borough of Thameside", kind=AgencyKind.LOCAL_AUTHORITY
        ),
        "police": AgencyFactory(name="Metropolitan Police Service", kind=AgencyKind.POLICE),
        "icb": AgencyFactory(name="NHS North East London ICB", kind=AgencyKind.ICB),
        "probation": AgencyFactory(name="Probation Service", kind=AgencyKind.PROBATION),
        "nelft": AgencyFactory(name="NELFT NHS Foundation Trust", kind=AgencyKind.HEALTH),
        "bhrut": AgencyFactory(name="BHRUT", kind=AgencyKind.HEALTH),
        "barts": AgencyFactory(name="Barts Health NHS Trust", kind=AgencyKind.HEALTH),
    }


def contribution(year, agency, amount, **kwargs):
    return LineFactory(
        year=year,
        side=Side.INCOME,
        kind=LineKind.CONTRIBUTION,
        agency=agency,
        actual=Decimal(amount),
        **kwargs,
    )


def seed_statement(start_year=2023):
    """The seed report's 2023-24 statement, line for line."""
    year = FinancialYearFactory(start_year=start_year, note="Actual spend.")
    agencies = partners()
    LineFactory(
        year=year,
        side=Side.INCOME,
        kind=LineKind.TRAINING_FEES,
        description="Training fees",
        actual=Decimal(28880),
    )
    for name, amount in [
        ("council", 64320),
        ("police", 5000),
        ("probation", 2616),
        ("nelft", 7500),
        ("icb", 35600),
        ("bhrut", 3231),
        ("barts", 5000),
    ]:
        contribution(year, agencies[name], amount)
    LineFactory(
        year=year,
        side=Side.INCOME,
        kind=LineKind.GRANT,
        description="DfE implementation grant",
        actual=Decimal(47300),
        note="One-off.",
    )
    for kind, description, amount, note in [
        (LineKind.MEMBERSHIPS, "Membership", 450, ""),
        (LineKind.TRAINING_PROGRAMME, "Training programme", 11500, ""),
        (LineKind.CHAIR_SCRUTINY, "Independent chair", 21600, "Three days a month."),
        (LineKind.STAFFING, "Business manager", 42700, "Half a shared post."),
        (LineKind.STAFFING, "Training manager", 34707, ""),
        (LineKind.STAFFING, "Senior admin officer", 47708, ""),
        (LineKind.OFFICE, "Office expenses", 31, ""),
        (LineKind.REVIEWS, "Rapid reviews", 6582, ""),
    ]:
        LineFactory(
            year=year,
            side=Side.EXPENDITURE,
            kind=kind,
            description=description,
            actual=Decimal(amount),
            note=note,
        )
    return year


def earlier_years(agencies, *, years=((2021, 60000, 5000, 32000), (2022, 62000, 5000, 34000))):
    """Years before the seed with only the statutory partners' contributions, as
    (start_year, council, police, icb)."""
    made = []
    for start_year, council, police, icb in years:
        year = FinancialYearFactory(start_year=start_year)
        contribution(year, agencies["council"], council)
        contribution(year, agencies["police"], police)
        contribution(year, agencies["icb"], icb)
        made.append(year)
    return made


def lines_of(year):
    """A year's lines as plain values in statement order, to compare before and after."""
    return [
        (
            line.side,
            line.kind,
            line.agency.name if line.agency else "",
            line.description,
            line.planned,
            line.actual,
            line.note,
            line.conditions,
            line.spend_by,
        )
        for line in year.lines.select_related("agency").order_by("position", "pk")
    ]
