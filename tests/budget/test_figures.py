"""The figures worked out from a year's lines: the statement and its totals, footnotes, the
statutory partners' shares, the year-on-year comparison, and the training fees seam."""

import sys
import types
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ValidationError

from budget import services
from budget.models import Line, LineKind, Side
from partnership.models import AgencyKind

from .factories import (
    FinancialYearFactory,
    LineFactory,
    contribution,
    earlier_years,
    partners,
    seed_statement,
)

pytestmark = pytest.mark.django_db


def exact_percent(part, whole):
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# The statement's totals


def test_the_seed_statement_adds_up_to_the_published_figures():
    statement = services.statement(seed_statement())

    assert statement.actual.income == Decimal("199447.00")
    assert statement.actual.expenditure == Decimal("165278.00")
    assert statement.actual.surplus == Decimal("34169.00")
    assert statement.actual.deficit == Decimal("0.00")
    assert statement.actual.carry_forward == Decimal("34169.00")
    assert len(statement.income) == 9
    assert len(statement.expenditure) == 8


def test_the_seed_statement_keeps_its_lines_in_the_order_they_were_entered():
    statement = services.statement(seed_statement())

    assert [entry.line.label for entry in statement.income] == [
        "Training fees",
        "London Borough of Thameside",
        "Metropolitan Police Service",
        "Probation Service",
        "NELFT NHS Foundation Trust",
        "NHS North East London ICB",
        "BHRUT",
        "Barts Health NHS Trust",
        "DfE implementation grant",
    ]
    assert [entry.line.label for entry in statement.expenditure] == [
        "Membership",
        "Training programme",
        "Independent chair",
        "Business manager",
        "Training manager",
        "Senior admin officer",
        "Office expenses",
        "Rapid reviews",
    ]


def test_a_year_that_spends_more_than_it_receives_has_a_deficit_and_carries_nothing():
    year = FinancialYearFactory(start_year=2024)
    LineFactory(year=year, side=Side.INCOME, kind=LineKind.OTHER, actual=Decimal("1000.00"))
    LineFactory(year=year, side=Side.EXPENDITURE, kind=LineKind.OFFICE, actual=Decimal("1050.25"))

    totals = services.statement(year).outturn

    assert totals.surplus == Decimal("-50.25")
    assert totals.deficit == Decimal("50.25")
    assert totals.carry_forward == Decimal("0.00")


def test_pence_are_added_exactly():
    year = FinancialYearFactory(start_year=2024)
    for amount in ("0.10", "0.20", "0.01"):
        LineFactory(year=year, side=Side.INCOME, kind=LineKind.OTHER, actual=Decimal(amount))

    assert services.statement(year).actual.income == Decimal("0.31")


def test_a_year_with_no_lines_adds_up_to_nothing():
    statement = services.statement(FinancialYearFactory(start_year=2024))

    assert statement.outturn.income == Decimal("0.00")
    assert statement.outturn.expenditure == Decimal("0.00")
    assert statement.has_planned is False
    assert statement.has_actual is False
    assert statement.basis == "planned"
    assert [share.amount for share in statement.shares.shares] == [Decimal("0.00")] * 3
    assert [share.percent for share in statement.shares.shares] == [None, None, None]


# Planned and actual columns


def test_a_planned_year_stands_by_its_planned_figures():
    year = FinancialYearFactory(start_year=2024)
    LineFactory(
        year=year, side=Side.INCOME, kind=LineKind.OTHER, planned=Decimal("5000"), actual=None
    )
    LineFactory(year=year, side=Side.EXPENDITURE, planned=Decimal("4200.50"), actual=None)

    statement = services.statement(year)

    assert statement.has_planned is True
    assert statement.has_actual is False
    assert statement.basis == "planned"
    assert statement.outturn == statement.planned
    assert statement.planned.income == Decimal("5000.00")
    assert statement.planned.expenditure == Decimal("4200.50")
    assert statement.actual.income == Decimal("0.00")


def test_once_an_actual_amount_is_in_the_statement_stands_by_the_actual_column():
    year = FinancialYearFactory(start_year=2024)
    LineFactory(
        year=year,
        side=Side.INCOME,
        kind=LineKind.OTHER,
        planned=Decimal("5000"),
        actual=Decimal("4800"),
    )
    LineFactory(year=year, side=Side.EXPENDITURE, planned=Decimal("3000"), actual=None)
    LineFactory(year=year, side=Side.EXPENDITURE, planned=None, actual=Decimal("250.75"))

    statement = services.statement(year)

    assert statement.has_planned is True
    assert statement.has_actual is True
    assert statement.basis == "actual"
    assert statement.planned.income == Decimal("5000.00")
    assert statement.planned.expenditure == Decimal("3000.00")
    assert statement.actual.income == Decimal("4800.00")
    assert statement.actual.expenditure == Decimal("250.75")
    assert statement.outturn == statement.actual


def test_column_totals_add_one_column_and_skip_lines_without_it():
    lines = [
        Line(side=Side.INCOME, planned=Decimal("10.00"), actual=None),
        Line(side=Side.INCOME, planned=None, actual=Decimal("7.50")),
        Line(side=Side.EXPENDITURE, planned=Decimal("2.25"), actual=Decimal("3.00")),
    ]

    assert services.column_totals(lines, "planned") == services.Totals(
        income=Decimal("10.00"), expenditure=Decimal("2.25")
    )
    assert services.column_totals(lines, "actual") == services.Totals(
        income=Decimal("7.50"), expenditure=Decimal("3.00")
    )


# Footnotes


def test_footnotes_are_numbered_from_the_year_note_then_income_then_expenditure():
    statement = services.statement(seed_statement())

    assert statement.footnotes == [
        (1, "Actual spend."),
        (2, "One-off."),
        (3, "Three days a month."),
        (4, "Half a shared post."),
    ]
    assert statement.year_footnote == 1
    notes = {entry.line.label: entry.footnote for entry in statement.income + statement.expenditure}
    assert notes["DfE implementation grant"] == 2
    assert notes["Independent chair"] == 3
    assert notes["Business manager"] == 4
    assert notes["Training fees"] is None


def test_income_footnotes_come_first_even_when_spending_was_entered_first():
    year = FinancialYearFactory(start_year=2024, note="")
    spending = LineFactory(year=year, side=Side.EXPENDITURE, note="Entered first.")
    income = LineFactory(year=year, side=Side.INCOME, kind=LineKind.OTHER, note="  Second.  ")

    statement = services.statement(year)

    assert statement.year_footnote is None
    assert statement.footnotes == [(1, "Second."), (2, "Entered first.")]
    assert [(e.line.pk, e.footnote) for e in statement.income] == [(income.pk, 1)]
    assert [(e.line.pk, e.footnote) for e in statement.expenditure] == [(spending.pk, 2)]


def test_a_blank_note_gets_no_footnote_number():
    year = FinancialYearFactory(start_year=2024, note="   ")
    LineFactory(year=year, note="\n")

    statement = services.statement(year)

    assert statement.footnotes == []
    assert statement.year_footnote is None
    assert statement.expenditure[0].footnote is None


# The statutory partners' shares


def test_each_statutory_partner_has_its_share_of_the_partners_contributions():
    shares = services.statement(seed_statement()).shares

    assert [share.kind for share in shares.shares] == [
        AgencyKind.LOCAL_AUTHORITY,
        AgencyKind.POLICE,
        AgencyKind.ICB,
    ]
    assert [share.partner for share in shares.shares] == [
        "Local authority",
        "Police",
        "Integrated care board",
    ]
    assert shares.total == Decimal("104920.00")
    assert shares.of(AgencyKind.POLICE).amount == Decimal("5000.00")
    assert shares.of(AgencyKind.LOCAL_AUTHORITY).amount == Decimal("64320.00")
    assert shares.of(AgencyKind.ICB).amount == Decimal("35600.00")
    # 5000 / 104920 = 4.7655...%, 64320 / 104920 = 61.3038...%, 35600 / 104920 = 33.9306...%
    assert shares.of(AgencyKind.POLICE).percent == Decimal("4.8") == exact_percent(5000, 104920)
    assert (
        shares.of(AgencyKind.LOCAL_AUTHORITY).percent
        == Decimal("61.3")
        == exact_percent(64320, 104920)
    )
    assert shares.of(AgencyKind.ICB).percent == Decimal("33.9") == exact_percent(35600, 104920)
    assert sum(share.percent for share in shares.shares) == Decimal("100.0")


def test_other_agencies_contributions_are_counted_apart_from_the_partners():
    shares = services.statement(seed_statement()).shares

    # Probation 2,616, NELFT 7,500, BHRUT 3,231 and Barts 5,000.
    assert shares.other_agencies == Decimal("18347.00")


def test_a_share_is_rounded_half_up_to_a_tenth():
    assert services.percent(Decimal("1"), Decimal("8")) == Decimal("12.5")
    # 1/16 is 6.25% exactly: half up makes it 6.3 where banker's rounding would give 6.2.
    assert services.percent(Decimal("1"), Decimal("16")) == Decimal("6.3")
    assert services.percent(Decimal("5"), Decimal("0")) is None


def test_a_partner_that_gave_nothing_is_shown_at_nothing_and_the_shares_still_add_up():
    agencies = partners()
    year = FinancialYearFactory(start_year=2024)
    contribution(year, agencies["council"], 60000)
    contribution(year, agencies["icb"], 40000)

    shares = services.partner_shares([year])[0]

    police = shares.of(AgencyKind.POLICE)
    assert police.amount == Decimal("0.00")
    assert police.percent == Decimal("0.0")
    assert shares.of(AgencyKind.LOCAL_AUTHORITY).percent == Decimal("60.0")
    assert shares.of(AgencyKind.ICB).percent == Decimal("40.0")
    assert sum(share.percent for share in shares.shares) == Decimal("100.0")
    assert shares.total == Decimal("100000.00")


def test_a_contribution_counts_its_planned_amount_until_the_actual_is_in():
    agencies = partners()
    year = FinancialYearFactory(start_year=2024)
    contribution(year, agencies["council"], 60000, planned=Decimal("61000"))
    LineFactory(
        year=year,
        side=Side.INCOME,
        kind=LineKind.CONTRIBUTION,
        agency=agencies["police"],
        planned=Decimal("5500"),
        actual=None,
    )

    shares = services.partner_shares([year])[0]

    assert shares.of(AgencyKind.LOCAL_AUTHORITY).amount == Decimal("60000.00")
    assert shares.of(AgencyKind.POLICE).amount == Decimal("5500.00")


def test_two_lines_from_one_partner_are_added_together():
    agencies = partners()
    year = FinancialYearFactory(start_year=2024)
    contribution(year, agencies["police"], 3000)
    contribution(year, agencies["police"], "2000.50", description="Police, late payment")
    contribution(year, agencies["council"], 10000)

    shares = services.partner_shares([year])[0]

    assert shares.of(AgencyKind.POLICE).amount == Decimal("5000.50")
    assert shares.total == Decimal("15000.50")


def test_the_statement_shows_the_shares_of_the_two_years_before_oldest_first():
    agencies = partners()
    earlier_years(agencies, years=((2020, 1, 1, 1), (2021, 60000, 5000, 32000)))
    earlier_years(agencies, years=((2022, 62000, 0, 34000),))
    year = seed_statement()

    statement = services.statement(year)

    assert [shares.year.name for shares in statement.history] == [
        "2021-22",
        "2022-23",
        "2023-24",
    ]
    assert [shares.year.name for shares in statement.earlier_shares] == ["2021-22", "2022-23"]
    first, second, this = statement.history
    assert first.of(AgencyKind.POLICE).amount == Decimal("5000.00")
    assert first.of(AgencyKind.POLICE).percent == exact_percent(5000, 97000) == Decimal("5.2")
    assert second.of(AgencyKind.POLICE).amount == Decimal("0.00")
    assert second.of(AgencyKind.POLICE).percent == Decimal("0.0")
    assert this.of(AgencyKind.POLICE).percent == Decimal("4.8")


def test_a_statement_looks_back_only_at_earlier_years():
    agencies = partners()
    earlier_years(agencies, years=((2024, 1000, 1000, 1000),))
    statement = services.statement(seed_statement())

    assert statement.earlier_shares == []
    assert [shares.year.name for shares in statement.history] == ["2023-24"]


def test_partner_shares_come_back_in_the_order_the_years_are_given_in_one_query(
    django_assert_num_queries,
):
    agencies = partners()
    years = earlier_years(
        agencies, years=((2019, 1, 2, 3), (2020, 4, 5, 6), (2021, 7, 8, 9), (2022, 9, 9, 9))
    )
    wanted = [years[2], years[0], years[3], years[1]]

    with django_assert_num_queries(1):
        shares = services.partner_shares(wanted)

    assert [s.year.start_year for s in shares] == [2021, 2019, 2022, 2020]
    assert shares[0].of(AgencyKind.LOCAL_AUTHORITY).amount == Decimal("7.00")


# The year-on-year comparison


@pytest.fixture
def three_years():
    agencies = partners()
    first = FinancialYearFactory(start_year=2021)
    contribution(first, agencies["council"], 60000)
    LineFactory(year=first, side=Side.INCOME, kind=LineKind.GRANT, actual=Decimal("10000"))
    LineFactory(year=first, kind=LineKind.STAFFING, actual=Decimal("50000.50"))
    second = FinancialYearFactory(start_year=2022)
    contribution(second, agencies["council"], 62000)
    contribution(second, agencies["police"], 5000)
    LineFactory(year=second, kind=LineKind.STAFFING, actual=Decimal("40000"))
    LineFactory(year=second, kind=LineKind.STAFFING, actual=Decimal("12000"))
    LineFactory(year=second, kind=LineKind.OFFICE, actual=Decimal("99.99"))
    third = FinancialYearFactory(start_year=2023)
    LineFactory(
        year=third,
        side=Side.INCOME,
        kind=LineKind.CONTRIBUTION,
        agency=agencies["council"],
        planned=Decimal("64000"),
        actual=None,
    )
    LineFactory(
        year=third,
        side=Side.INCOME,
        kind=LineKind.TRAINING_FEES,
        planned=Decimal("30000"),
        actual=Decimal("28880"),
    )
    LineFactory(year=third, kind=LineKind.STAFFING, planned=Decimal("55000"), actual=None)
    return first, second, third


def test_comparison_puts_the_years_side_by_side_oldest_first(three_years):
    first, second, third = three_years

    result = services.comparison([third, first, second])

    assert [year.name for year in result.years] == ["2021-22", "2022-23", "2023-24"]
    assert [(row.kind, row.label, row.amounts) for row in result.income] == [
        (
            LineKind.CONTRIBUTION,
            "Agency contribution",
            [Decimal("60000.00"), Decimal("67000.00"), Decimal("64000.00")],
        ),
        (
            LineKind.TRAINING_FEES,
            "Training fees",
            [Decimal("0.00"), Decimal("0.00"), Decimal("28880.00")],
        ),
        (LineKind.GRANT, "Grant", [Decimal("10000.00"), Decimal("0.00"), Decimal("0.00")]),
    ]
    assert [(row.kind, row.amounts) for row in result.expenditure] == [
        (LineKind.STAFFING, [Decimal("50000.50"), Decimal("52000.00"), Decimal("55000.00")]),
        (LineKind.OFFICE, [Decimal("0.00"), Decimal("99.99"), Decimal("0.00")]),
    ]
    assert result.totals == [
        services.Totals(income=Decimal("70000.00"), expenditure=Decimal("50000.50")),
        services.Totals(income=Decimal("67000.00"), expenditure=Decimal("52099.99")),
        services.Totals(income=Decimal("92880.00"), expenditure=Decimal("55000.00")),
    ]
    assert result.totals[1].surplus == Decimal("14900.01")


def test_comparison_totals_match_each_years_statement():
    years = [seed_statement(), *earlier_years(partners())]

    result = services.comparison(years)

    assert result.totals[-1] == services.statement(years[0]).actual
    assert result.totals[0].income == Decimal("97000.00")
    assert result.totals[-1].income == Decimal("199447.00")
    assert result.totals[-1].expenditure == Decimal("165278.00")


def test_comparison_runs_one_query_whatever_the_number_of_years(
    three_years, django_assert_num_queries
):
    with django_assert_num_queries(1):
        services.comparison([three_years[0]])
    with django_assert_num_queries(1):
        services.comparison(list(three_years))


def test_comparison_of_no_years_is_empty():
    result = services.comparison([])

    assert (result.years, result.income, result.expenditure, result.totals) == ([], [], [], [])


# The training fees seam


def fake_training(monkeypatch, amount):
    """A training.services module as the training app will offer it."""
    calls = []

    def fee_income(*, start, end):
        calls.append((start, end))
        return amount

    module = types.ModuleType("training.services")
    module.fee_income = fee_income
    monkeypatch.setitem(sys.modules, "training.services", module)
    return calls


def test_training_fee_income_is_unknown_while_the_training_app_offers_no_figure(monkeypatch):
    year = FinancialYearFactory(start_year=2023)
    # As now: no training.services, or one without fee_income.
    monkeypatch.setitem(sys.modules, "training.services", None)
    assert services.training_fee_income(year) is None

    monkeypatch.setitem(sys.modules, "training.services", types.ModuleType("training.services"))
    assert services.training_fee_income(year) is None


def test_training_fee_income_is_known_in_the_project_as_it_stands():
    # The training app offers fee_income: a year without charges had no fees, which is a
    # figure, not an unknown (tests/training/test_charges.py adds up real charges).
    assert services.training_fee_income(FinancialYearFactory(start_year=2023)) == Decimal("0.00")


def test_training_fee_income_asks_the_training_app_for_the_financial_year(monkeypatch):
    calls = fake_training(monkeypatch, Decimal("28880.00"))

    assert services.training_fee_income(FinancialYearFactory(start_year=2023)) == Decimal(
        "28880.00"
    )
    assert calls == [(date(2023, 4, 1), date(2024, 3, 31))]


def test_filling_training_fees_adds_the_line_then_updates_it(monkeypatch):
    year = FinancialYearFactory(start_year=2023)
    LineFactory(year=year, side=Side.INCOME, kind=LineKind.OTHER, position=0)
    LineFactory(year=year, kind=LineKind.OFFICE, position=1)
    fake_training(monkeypatch, Decimal("12500.50"))

    added = services.training_fees_fill(year=year)

    assert (added.side, added.kind, added.description) == (
        Side.INCOME,
        LineKind.TRAINING_FEES,
        "Training fees",
    )
    assert added.actual == Decimal("12500.50")
    assert added.planned is None
    assert added.position == 2

    fake_training(monkeypatch, Decimal("13000.00"))
    updated = services.training_fees_fill(year=year)

    assert updated.pk == added.pk
    assert Line.objects.filter(year=year, kind=LineKind.TRAINING_FEES).count() == 1
    assert Line.objects.get(pk=added.pk).actual == Decimal("13000.00")
    assert services.statement(year).actual.income == Decimal("13100.00")


def test_filling_training_fees_keeps_the_planned_figure_of_an_existing_line(monkeypatch):
    year = FinancialYearFactory(start_year=2023)
    line = LineFactory(
        year=year,
        side=Side.INCOME,
        kind=LineKind.TRAINING_FEES,
        description="Fees for courses",
        planned=Decimal("30000"),
        actual=None,
    )
    fake_training(monkeypatch, Decimal("28880"))

    services.training_fees_fill(year=year)

    line.refresh_from_db()
    assert (line.description, line.planned, line.actual) == (
        "Fees for courses",
        Decimal("30000.00"),
        Decimal("28880.00"),
    )


def test_filling_training_fees_without_a_figure_is_refused_and_changes_nothing(monkeypatch):
    year = FinancialYearFactory(start_year=2023)
    monkeypatch.setitem(sys.modules, "training.services", None)

    with pytest.raises(ValidationError) as refusal:
        services.training_fees_fill(year=year)

    assert refusal.value.messages == ["The training records hold no fee income for this year yet"]
    assert not year.lines.exists()
