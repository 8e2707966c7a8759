"""Changing the budget: opening a year (from scratch or planned from an earlier one),
publishing it, saving and deleting lines, and the rules the database keeps on its own."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from budget import services
from budget.models import FinancialYear, Line, LineKind, Side

from .factories import FinancialYearFactory, LineFactory, contribution, partners, seed_statement

pytestmark = pytest.mark.django_db


# Financial years


def test_a_financial_year_is_named_by_its_two_years():
    assert FinancialYear(start_year=2023).name == "2023-24"
    assert FinancialYear(start_year=2099).name == "2099-00"
    assert FinancialYear(start_year=2023).next_name == "2024-25"
    assert FinancialYear(start_year=2023).starts_on == date(2023, 4, 1)
    assert FinancialYear(start_year=2023).ends_on == date(2024, 3, 31)


def test_year_create_opens_an_empty_year_with_its_note():
    year = services.year_create(start_year=2024, note="Planned figures.")

    assert FinancialYear.objects.get(pk=year.pk).name == "2024-25"
    assert year.note == "Planned figures."
    assert year.published_at is None
    assert not year.lines.exists()


def test_year_create_refuses_a_year_that_exists():
    FinancialYearFactory(start_year=2023)

    with pytest.raises(ValidationError) as refusal:
        services.year_create(start_year=2023)

    assert refusal.value.message_dict == {
        "start_year": ["The financial year 2023-24 already exists"]
    }
    assert FinancialYear.objects.count() == 1


def test_year_create_refuses_a_year_out_of_range():
    with pytest.raises(ValidationError) as refusal:
        services.year_create(start_year=1999)

    assert list(refusal.value.message_dict) == ["start_year"]
    assert not FinancialYear.objects.exists()


@pytest.fixture
def earlier():
    """2022-23: actual amounts, a grant, a carried-forward line and a line still only planned;
    it leaves 75,000 - 51,000 = 24,000 over."""
    agencies = partners()
    year = FinancialYearFactory(start_year=2022)
    contribution(year, agencies["council"], 60000, planned=Decimal("59000"), position=0)
    LineFactory(
        year=year,
        side=Side.INCOME,
        kind=LineKind.GRANT,
        description="One-off grant",
        actual=Decimal("10000"),
        conditions="Spend on training.",
        spend_by=date(2023, 3, 31),
        position=1,
    )
    LineFactory(
        year=year,
        side=Side.INCOME,
        kind=LineKind.CARRIED_FORWARD,
        description="Carried forward from 2021-22",
        actual=Decimal("5000"),
        position=2,
    )
    LineFactory(
        year=year,
        side=Side.INCOME,
        kind=LineKind.TRAINING_FEES,
        planned=Decimal("2000"),
        actual=None,
        position=3,
    )
    LineFactory(
        year=year,
        kind=LineKind.STAFFING,
        description="Business manager",
        actual=Decimal("50000"),
        note="Half a shared post.",
        position=4,
    )
    LineFactory(year=year, kind=LineKind.OFFICE, actual=Decimal("1000"), position=5)
    return year


def test_year_create_plans_a_year_from_what_an_earlier_year_came_to(earlier):
    year = services.year_create(start_year=2023, plan_from=earlier)

    planned = [
        (
            line.side,
            line.kind,
            line.agency.name if line.agency else "",
            line.description,
            line.planned,
            line.actual,
            line.note,
            line.position,
        )
        for line in year.lines.select_related("agency").in_statement_order()
    ]
    assert planned == [
        (
            Side.INCOME,
            LineKind.CONTRIBUTION,
            "London Borough of Thameside",
            "",
            Decimal("60000.00"),
            None,
            "",
            0,
        ),
        (Side.INCOME, LineKind.TRAINING_FEES, "", "", Decimal("2000.00"), None, "", 3),
        (
            Side.EXPENDITURE,
            LineKind.STAFFING,
            "",
            "Business manager",
            Decimal("50000.00"),
            None,
            "",
            4,
        ),
        (Side.EXPENDITURE, LineKind.OFFICE, "", "", Decimal("1000.00"), None, "", 5),
        (
            Side.INCOME,
            LineKind.CARRIED_FORWARD,
            "",
            "Carried forward from 2022-23",
            Decimal("24000.00"),
            None,
            "",
            6,
        ),
    ]
    assert not year.lines.filter(kind=LineKind.GRANT).exists()
    # The earlier year is untouched.
    assert earlier.lines.count() == 6


def test_a_plan_from_a_year_with_no_actual_amounts_carries_its_planned_surplus():
    before = FinancialYearFactory(start_year=2022)
    LineFactory(
        year=before, side=Side.INCOME, kind=LineKind.OTHER, planned=Decimal("900"), actual=None
    )
    LineFactory(year=before, planned=Decimal("400.50"), actual=None)

    year = services.year_create(start_year=2023, plan_from=before)

    carried = year.lines.get(kind=LineKind.CARRIED_FORWARD)
    assert carried.planned == Decimal("499.50")
    assert services.statement(year).planned.income == Decimal("1399.50")


def test_a_plan_from_a_year_in_deficit_carries_nothing_forward():
    before = FinancialYearFactory(start_year=2022)
    LineFactory(year=before, side=Side.INCOME, kind=LineKind.OTHER, actual=Decimal("900"))
    LineFactory(year=before, actual=Decimal("1000"))

    year = services.year_create(start_year=2023, plan_from=before)

    assert year.lines.count() == 2
    assert not year.lines.filter(kind=LineKind.CARRIED_FORWARD).exists()


def test_a_plan_from_the_seed_statement_carries_its_surplus():
    seed = seed_statement(2023)

    year = services.year_create(start_year=2024, plan_from=seed)

    statement = services.statement(year)
    assert statement.basis == "planned"
    # The grant (47,300) is not repeated; the 34,169 left over is carried forward.
    assert statement.planned.income == Decimal("199447.00") - Decimal("47300") + Decimal("34169")
    assert statement.planned.expenditure == Decimal("165278.00")


# Publishing


def test_publishing_a_year_with_no_lines_is_refused():
    year = FinancialYearFactory(start_year=2023)

    with pytest.raises(ValidationError) as refusal:
        services.year_publish(year=year)

    assert refusal.value.messages == ["A year with no lines has nothing to publish"]
    year.refresh_from_db()
    assert year.published_at is None


def test_publishing_again_keeps_the_first_date():
    year = FinancialYearFactory(start_year=2023)
    LineFactory(year=year)

    first = services.year_publish(year=year).published_at
    again = services.year_publish(year=year).published_at

    assert first is not None
    assert again == first
    year.refresh_from_db()
    assert year.published_at == first
    assert year.is_published


def test_unpublishing_takes_the_year_down_and_publishing_again_dates_it_anew():
    year = FinancialYearFactory(start_year=2023)
    LineFactory(year=year)
    first = services.year_publish(year=year).published_at

    assert services.year_unpublish(year=year).published_at is None
    year.refresh_from_db()
    assert not year.is_published

    later = services.year_publish(year=year).published_at
    assert later > first


def test_the_year_note_is_saved_trimmed():
    year = FinancialYearFactory(start_year=2023)

    services.year_note_save(year=year, note="  Actual spend.\n")

    year.refresh_from_db()
    assert year.note == "Actual spend."


# Lines


def save(year, **fields):
    return services.line_save(line=Line(year=year), **fields)


def test_line_save_adds_a_line_at_the_foot_of_its_year():
    year = FinancialYearFactory(start_year=2023)
    other_year = FinancialYearFactory(start_year=2022)
    LineFactory(year=other_year, position=7)

    first = save(year, side=Side.EXPENDITURE, kind=LineKind.OFFICE, actual=Decimal("31"))
    second = save(
        year,
        side=Side.INCOME,
        kind=LineKind.GRANT,
        description="  DfE grant ",
        planned=Decimal("47300"),
        conditions=" Spend on the new arrangements. ",
        spend_by=date(2024, 3, 31),
        note=" One-off. ",
    )

    assert (first.position, second.position) == (0, 1)
    second.refresh_from_db()
    assert second.description == "DfE grant"
    assert second.conditions == "Spend on the new arrangements."
    assert second.note == "One-off."
    assert second.spend_by == date(2024, 3, 31)
    assert list(year.lines.in_statement_order()) == [first, second]


def test_changing_a_line_keeps_its_place():
    year = FinancialYearFactory(start_year=2023)
    LineFactory(year=year, position=0)
    line = LineFactory(year=year, position=1)
    LineFactory(year=year, position=2)

    services.line_save(
        line=line, side=Side.EXPENDITURE, kind=LineKind.REVIEWS, actual=Decimal("6582")
    )

    line.refresh_from_db()
    assert (line.kind, line.actual, line.position) == (LineKind.REVIEWS, Decimal("6582.00"), 1)


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"side": Side.INCOME, "kind": LineKind.CONTRIBUTION, "actual": Decimal("5000")},
            {"agency": ["Select the agency that made the contribution"]},
        ),
        (
            {
                "side": Side.INCOME,
                "kind": LineKind.GRANT,
                "agency": "police",
                "actual": Decimal("5000"),
            },
            {"agency": ["Only an agency contribution names an agency; leave it blank"]},
        ),
        (
            {"side": Side.EXPENDITURE, "kind": LineKind.GRANT, "actual": Decimal("1")},
            {
                "kind": [
                    "Grant is not a kind of expenditure. Use one of: staffing, independent "
                    "chair and scrutiny, training programme, reviews, memberships, office, other"
                ]
            },
        ),
        (
            {"side": Side.INCOME, "kind": LineKind.STAFFING, "actual": Decimal("1")},
            {
                "kind": [
                    "Staffing is not a kind of income. Use one of: agency contribution, "
                    "training fees, grant, carried forward, other"
                ]
            },
        ),
        (
            {"side": Side.EXPENDITURE, "kind": LineKind.OFFICE},
            {"actual": ["Enter the planned amount, the actual amount, or both"]},
        ),
        (
            {
                "side": Side.EXPENDITURE,
                "kind": LineKind.OFFICE,
                "actual": Decimal("1"),
                "conditions": "Spend it well.",
            },
            {"conditions": ["Only a grant has conditions and a spend-by date; leave them blank"]},
        ),
        (
            {
                "side": Side.INCOME,
                "kind": LineKind.OTHER,
                "actual": Decimal("1"),
                "spend_by": date(2024, 3, 31),
            },
            {"spend_by": ["Only a grant has conditions and a spend-by date; leave them blank"]},
        ),
        (
            {"side": Side.EXPENDITURE, "kind": LineKind.OFFICE, "actual": Decimal("-0.01")},
            {"actual": ["Ensure this value is greater than or equal to 0."]},
        ),
    ],
    ids=[
        "contribution-without-agency",
        "agency-on-a-grant",
        "grant-as-spending",
        "staffing-as-income",
        "no-amounts",
        "conditions-off-a-grant",
        "spend-by-off-a-grant",
        "below-zero",
    ],
)
def test_line_save_refuses_a_line_that_breaks_a_rule(fields, errors):
    year = FinancialYearFactory(start_year=2023)
    if fields.get("agency") == "police":
        fields = {**fields, "agency": partners()["police"]}

    with pytest.raises(ValidationError) as refusal:
        save(year, **fields)

    assert refusal.value.message_dict == errors
    assert not Line.objects.exists()


def test_a_contribution_is_named_by_its_agency_unless_described():
    year = FinancialYearFactory(start_year=2023)
    police = partners()["police"]

    line = save(
        year,
        side=Side.INCOME,
        kind=LineKind.CONTRIBUTION,
        agency=police,
        actual=Decimal("5000"),
    )
    described = save(
        year,
        side=Side.INCOME,
        kind=LineKind.CONTRIBUTION,
        agency=police,
        description="Police (late payment)",
        actual=Decimal("1"),
    )
    unnamed = save(year, side=Side.EXPENDITURE, kind=LineKind.CHAIR_SCRUTINY, actual=Decimal("1"))

    assert line.label == "Metropolitan Police Service"
    assert described.label == "Police (late payment)"
    assert unnamed.label == "Independent chair and scrutiny"


def test_line_delete_removes_only_that_line():
    year = FinancialYearFactory(start_year=2023)
    kept = LineFactory(year=year)
    gone = LineFactory(year=year)

    services.line_delete(line=gone)

    assert list(year.lines.all()) == [kept]


def test_lines_are_listed_by_position_then_by_when_they_were_added():
    year = FinancialYearFactory(start_year=2023)
    third = LineFactory(year=year, position=2, description="third")
    first = LineFactory(year=year, position=0, description="first")
    fourth = LineFactory(year=year, position=2, description="fourth")
    second = LineFactory(year=year, position=1, description="second")

    assert list(year.lines.in_statement_order()) == [first, second, third, fourth]
    assert list(year.lines.all()) == [first, second, third, fourth]
    assert [entry.line for entry in services.statement(year).expenditure] == [
        first,
        second,
        third,
        fourth,
    ]


# The database keeps the rules even when clean() is bypassed


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        (
            {"side": Side.EXPENDITURE, "kind": LineKind.GRANT},
            "budget_line_kind_on_its_side",
        ),
        (
            {"side": Side.INCOME, "kind": LineKind.STAFFING},
            "budget_line_kind_on_its_side",
        ),
        (
            {"side": Side.INCOME, "kind": LineKind.CONTRIBUTION},
            "budget_line_agency_only_for_contributions",
        ),
        (
            {"side": Side.INCOME, "kind": LineKind.OTHER, "agency": "police"},
            "budget_line_agency_only_for_contributions",
        ),
        (
            {"side": Side.EXPENDITURE, "kind": LineKind.OFFICE, "conditions": "Spend it well."},
            "budget_line_grant_terms_only_for_grants",
        ),
        (
            {"side": Side.INCOME, "kind": LineKind.OTHER, "spend_by": date(2024, 3, 31)},
            "budget_line_grant_terms_only_for_grants",
        ),
        (
            {"side": Side.EXPENDITURE, "kind": LineKind.OFFICE, "planned": Decimal("-1")},
            "budget_line_amounts_not_negative",
        ),
        (
            {"side": Side.EXPENDITURE, "kind": LineKind.OFFICE, "actual": Decimal("-0.01")},
            "budget_line_amounts_not_negative",
        ),
    ],
)
def test_the_database_refuses_a_line_that_breaks_a_rule(fields, constraint):
    year = FinancialYearFactory(start_year=2023)
    if fields.get("agency") == "police":
        fields = {**fields, "agency": partners()["police"]}
    fields = {"actual": Decimal("1"), **fields}

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Line.objects.bulk_create([Line(year=year, **fields)])

    assert not Line.objects.exists()


@pytest.mark.parametrize(
    ("change", "constraint"),
    [
        ({"kind": LineKind.GRANT}, "budget_line_kind_on_its_side"),
        ({"actual": Decimal("-5")}, "budget_line_amounts_not_negative"),
        ({"spend_by": date(2024, 3, 31)}, "budget_line_grant_terms_only_for_grants"),
    ],
)
def test_the_database_refuses_an_update_that_breaks_a_rule(change, constraint):
    line = LineFactory(year=FinancialYearFactory(start_year=2023), actual=Decimal("10"))

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Line.objects.filter(pk=line.pk).update(**change)

    line.refresh_from_db()
    assert (line.kind, line.actual, line.spend_by) == (LineKind.OFFICE, Decimal("10.00"), None)


def test_a_financial_year_is_unique():
    FinancialYearFactory(start_year=2023)

    with pytest.raises(IntegrityError), transaction.atomic():
        FinancialYear.objects.bulk_create([FinancialYear(start_year=2023)])
