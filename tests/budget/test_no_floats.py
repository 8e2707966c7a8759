"""Amounts are never floats anywhere: not in a model, not in a figure the services work out,
not in what the import widget or the form field reads."""

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from budget import services
from budget.charts import contributions_chart
from budget.forms import LineForm, MoneyField
from budget.models import Line, Side
from budget.resources import MoneyWidget

from .factories import earlier_years, partners, seed_statement

PROJECT = Path(settings.BASE_DIR).resolve()


def project_models():
    """The models of the project's own apps, not Django's or a library's."""
    found = [
        model
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(PROJECT)
        and ".venv" not in Path(config.path).parts
        for model in config.get_models()
    ]
    return found


def test_the_walk_finds_the_projects_models():
    labels = {model._meta.label for model in project_models()}

    assert {"budget.Line", "budget.FinancialYear", "partnership.Agency"} <= labels
    assert "auth.Group" not in labels


def test_no_model_of_the_project_has_a_float_field():
    floats = [
        f"{model._meta.label}.{field.name}"
        for model in project_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FloatField)
    ]

    assert floats == []


def test_every_money_field_in_budget_is_a_decimal_in_pounds_and_pence():
    budget_fields = [
        field
        for model in apps.get_app_config("budget").get_models()
        for field in model._meta.fields
    ]
    decimals = {
        f"{field.model.__name__}.{field.name}": (field.max_digits, field.decimal_places)
        for field in budget_fields
        if isinstance(field, models.DecimalField)
    }

    assert decimals == {"Line.planned": (12, 2), "Line.actual": (12, 2)}
    assert not [field for field in budget_fields if isinstance(field, models.FloatField)]


def walk(value, path="result", seen=None):
    """Every value reachable from a figure: dataclass fields and properties, lists, tuples and
    dicts, and a line's amounts, each with the path it was reached by."""
    yield path, value
    seen = seen if seen is not None else set()
    if isinstance(value, Decimal | int | str | float | None) or id(value) in seen:
        return
    seen.add(id(value))  # a container reached twice (a year's Line and its FinancialYear)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from walk(getattr(value, field.name), f"{path}.{field.name}", seen)
        for name, member in vars(type(value)).items():
            if isinstance(member, property):
                yield from walk(getattr(value, name), f"{path}.{name}", seen)
    elif isinstance(value, list | tuple):
        for n, item in enumerate(value):
            yield from walk(item, f"{path}[{n}]", seen)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, f"{path}[{key!r}]", seen)
    elif isinstance(value, Line):
        for name in ("planned", "actual", "amount"):
            yield from walk(getattr(value, name), f"{path}.{name}", seen)


def assert_no_floats(result, *, at_least):
    values = list(walk(result))
    floats = [path for path, value in values if isinstance(value, float)]
    decimals = [path for path, value in values if isinstance(value, Decimal)]

    assert floats == []
    # The walk did reach the amounts: an empty walk would prove nothing.
    assert len(decimals) >= at_least
    return dict(values)


@pytest.fixture
def years(db):
    earlier = earlier_years(partners(), years=((2021, 60000, 0, 32000), (2022, 62000, 5000, 0)))
    year = seed_statement()
    line = year.lines.get(description="Rapid reviews")
    line.planned = Decimal("7000.10")
    line.save()
    return [*earlier, year]


def test_every_amount_in_a_statement_is_a_decimal(years):
    statement = services.statement(years[-1])

    values = assert_no_floats(statement, at_least=60)

    for name in ("income", "expenditure", "surplus", "deficit", "carry_forward"):
        assert type(values[f"result.actual.{name}"]) is Decimal
        assert type(values[f"result.planned.{name}"]) is Decimal
    assert statement.outturn is statement.actual
    for n in range(3):
        assert type(values[f"result.shares.shares[{n}].amount"]) is Decimal
        assert type(values[f"result.shares.shares[{n}].percent"]) is Decimal
    assert type(values["result.shares.total"]) is Decimal
    assert type(values["result.shares.other_agencies"]) is Decimal
    assert type(values["result.income[0].line.actual"]) is Decimal


def test_every_amount_in_the_partners_shares_is_a_decimal(years):
    shares = services.partner_shares(years)

    values = assert_no_floats(shares, at_least=3 * (3 * 2 + 2))

    assert values["result[0].shares[1].percent"] == Decimal("0.0")
    assert type(values["result[0].shares[1].percent"]) is Decimal
    assert type(values["result[2].shares[1].percent"]) is Decimal


def test_every_amount_in_the_comparison_is_a_decimal(years):
    result = services.comparison(years)

    values = assert_no_floats(result, at_least=40)

    assert type(values["result.totals[0].income"]) is Decimal
    assert type(values["result.income[0].amounts[0]"]) is Decimal


def test_money_widget_reads_every_kind_of_cell_as_a_decimal():
    widget = MoneyWidget()
    cells = [12.34, 0.1 + 0.2, 64320.0, 64320, "64,320.50", "£64,320", " 7 ", Decimal("1.5")]

    read = [widget.clean(cell) for cell in cells]

    assert read == [
        Decimal("12.34"),
        Decimal("0.30"),
        Decimal("64320.00"),
        Decimal("64320.00"),
        Decimal("64320.50"),
        Decimal("64320.00"),
        Decimal("7.00"),
        Decimal("1.50"),
    ]
    assert all(type(value) is Decimal for value in read)
    assert widget.clean("") is None
    assert widget.clean(None) is None
    assert widget.render(Decimal("64320.5")) == "64320.50"


@pytest.mark.parametrize("cell", [float("nan"), float("inf"), True, "1e400x"])
def test_money_widget_refuses_what_is_not_an_amount(cell):
    with pytest.raises(ValueError):
        MoneyWidget().clean(cell)


def test_money_field_reads_pounds_and_pence_as_a_decimal():
    field = MoneyField(noun="planned amount")

    read = [field.clean(text) for text in ("64320", "64,320.50", "£64,320", " 0.1 ")]

    assert read == [
        Decimal("64320"),
        Decimal("64320.50"),
        Decimal("64320"),
        Decimal("0.1"),
    ]
    assert all(type(value) is Decimal for value in read)
    assert field.clean("") is None


@pytest.mark.django_db
def test_a_line_saved_through_the_form_holds_decimals():
    year = seed_statement()
    form = LineForm(
        {"kind": "office", "description": "Stationery", "planned": "0.10", "actual": "£1,000.20"},
        instance=Line(year=year, side=Side.EXPENDITURE),
        side=Side.EXPENDITURE,
    )

    assert form.is_valid(), form.errors
    assert type(form.cleaned_data["planned"]) is Decimal
    assert type(form.cleaned_data["actual"]) is Decimal
    line = form.save()
    line.refresh_from_db()
    assert (line.planned, line.actual) == (Decimal("0.10"), Decimal("1000.20"))


def test_the_walk_finds_a_float_where_one_hides():
    share = services.Share(kind="police", partner="Police", amount=Decimal("5000"), percent=4.8)
    shares = services.PartnerShares(year=None, shares=[share], other_agencies=Decimal("0"))

    assert [path for path, value in walk([shares]) if isinstance(value, float)] == [
        "result[0].shares[0].percent"
    ]


def test_the_chart_scales_amounts_to_heights_in_decimal(years):
    chart = contributions_chart(services.partner_shares(years))

    scaled = [*(bar.y for bar in chart.bars), *(bar.height for bar in chart.bars)]
    scaled += [tick.y for tick in chart.ticks]
    assert len(scaled) == 2 * 3 * len(years) + len(chart.ticks)
    assert {type(value) for value in scaled} == {Decimal}
    # The seed year's council bar is the tallest, drawn to the top gridline's scale.
    council = chart.bars[-3]
    assert council.height == chart.baseline - council.y
