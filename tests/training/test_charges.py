"""Waiving a charge, who may see which charges, the per-agency statement for a period, and the
fee income the budget's training fees line reads."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from budget import services as budget_services
from partnership.models import AgencyKind
from training.models import Charge, ChargeKind
from training.services import fee_income
from training.services.charges import (
    ChargeError,
    charge_waive,
    charges_for_user,
    charges_statement,
    charges_statement_export,
)

from ..budget.factories import FinancialYearFactory
from ..factories import AgencyFactory
from .factories import BookingFactory, ChargeFactory

pytestmark = pytest.mark.django_db

D = Decimal


def charge(agency, amount, *, on, kind=ChargeKind.NON_ATTENDANCE, waived=False):
    made = ChargeFactory(
        booking=BookingFactory(agency=agency), kind=kind, amount=D(amount), raised_on=on
    )
    if waived:
        made.waived_at = timezone.now()
        made.waiver_reason = "Illness on the day"
        made.save()
    return made


# Waiving


def test_waiving_records_who_when_and_why(business_unit):
    owed = ChargeFactory()

    charge_waive(charge=owed, reason="  Off sick, confirmed by the manager  ", by=business_unit)

    owed.refresh_from_db()
    assert owed.is_waived
    assert owed.waived_by == business_unit
    assert owed.waiver_reason == "Off sick, confirmed by the manager"


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_waiving_needs_a_reason(business_unit, reason):
    owed = ChargeFactory()

    with pytest.raises(ChargeError) as refusal:
        charge_waive(charge=owed, reason=reason, by=business_unit)

    assert refusal.value.messages == ["Enter the reason for waiving the charge"]
    owed.refresh_from_db()
    assert not owed.is_waived


def test_a_charge_is_waived_once(business_unit):
    owed = ChargeFactory()
    charge_waive(charge=owed, reason="Bereavement", by=business_unit)

    with pytest.raises(ChargeError, match="already waived"):
        charge_waive(charge=Charge.objects.get(pk=owed.pk), reason="Again", by=business_unit)

    owed.refresh_from_db()
    assert owed.waiver_reason == "Bereavement"


# Who sees which charges


def test_the_business_unit_sees_every_agencys_charges(cast, agency_a, agency_b):
    day = datetime.date(2024, 5, 1)
    ours, theirs = charge(agency_a, 100, on=day), charge(agency_b, 100, on=day)

    assert set(charges_for_user(cast["business_unit"])) == {ours, theirs}
    assert list(charges_for_user(cast["agency_lead_a"])) == [ours]
    assert list(charges_for_user(cast["agency_lead_b"])) == [theirs]
    for who in ("scrutineer", "practitioner", "partner_lead"):
        assert not charges_for_user(cast[who]).exists(), who


# The statement


@pytest.fixture
def period_charges(agency_a, agency_b):
    """Charges in April 2024 to two agencies, one waived, and one either side of the month."""
    school = AgencyFactory(name="Riverside Primary School", kind=AgencyKind.EDUCATION)
    charge(agency_a, "100.00", on=datetime.date(2024, 4, 1))
    charge(agency_a, "100.00", on=datetime.date(2024, 4, 30), kind=ChargeKind.LATE_CANCELLATION)
    charge(agency_a, "100.00", on=datetime.date(2024, 4, 15), waived=True)
    charge(agency_b, "45.50", on=datetime.date(2024, 4, 10), kind=ChargeKind.PLACE)
    charge(agency_b, "100.00", on=datetime.date(2024, 4, 11))
    charge(school, "100.00", on=datetime.date(2024, 3, 31))
    charge(school, "100.00", on=datetime.date(2024, 5, 1))
    return school


APRIL = {"start": datetime.date(2024, 4, 1), "end": datetime.date(2024, 4, 30)}


def test_the_statement_adds_up_each_agency_by_kind(period_charges, agency_a, agency_b):
    statement = charges_statement(**APRIL)

    assert [
        (row.agency, row.charges, row.places, row.late_cancellations, row.non_attendance,
         row.waived, row.due)
        for row in statement.rows
    ] == [
        (agency_a, 2, D("0.00"), D("100.00"), D("100.00"), D("100.00"), D("200.00")),
        (agency_b, 2, D("45.50"), D("0.00"), D("100.00"), D("0.00"), D("145.50")),
    ]  # fmt: skip


def test_the_statement_totals_are_decimal(period_charges):
    totals = charges_statement(**APRIL).totals

    assert (totals.charges, totals.places, totals.waived, totals.due) == (
        4, D("45.50"), D("100.00"), D("345.50"),
    )  # fmt: skip
    for amount in (totals.places, totals.late_cancellations, totals.non_attendance, totals.due):
        assert isinstance(amount, Decimal)


def test_the_statement_of_one_agency(period_charges, agency_b):
    statement = charges_statement(**APRIL, agency=agency_b)

    assert [row.agency for row in statement.rows] == [agency_b]
    assert statement.totals.due == D("145.50")


def test_a_period_without_charges_has_an_empty_statement(period_charges):
    statement = charges_statement(start=datetime.date(2023, 1, 1), end=datetime.date(2023, 1, 31))

    assert statement.rows == []
    assert statement.totals.due == D("0.00")


def test_the_statement_downloads_as_csv_with_a_total(period_charges):
    export = charges_statement_export(statement=charges_statement(**APRIL), file_format="csv")

    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows == [
        ["Agency", "Charges", "Places", "Late cancellations", "Non-attendance", "Waived", "Due"],
        ["Metropolitan Police Service", "2", "0.00", "100.00", "100.00", "100.00", "200.00"],
        ["NELFT NHS Foundation Trust", "2", "45.50", "0.00", "100.00", "0.00", "145.50"],
        ["Total", "4", "45.50", "100.00", "200.00", "100.00", "345.50"],
    ]
    assert export.filename == "training-charges-2024-04-01-to-2024-04-30.csv"


def test_the_statement_downloads_as_xlsx(period_charges, agency_b):
    statement = charges_statement(**APRIL, agency=agency_b)

    export = charges_statement_export(statement=statement, file_format="xlsx")

    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [cell.value for cell in sheet[2]][:2] == ["NELFT NHS Foundation Trust", 2]
    assert export.filename.endswith("-nelft-nhs-foundation-trust.xlsx")


def test_an_agency_name_that_looks_like_a_formula_is_escaped(agency_a):
    rogue = AgencyFactory(name='=HYPERLINK("http://evil.example")')
    charge(rogue, 100, on=datetime.date(2024, 4, 2))

    export = charges_statement_export(statement=charges_statement(**APRIL), file_format="csv")

    assert "'=HYPERLINK" in export.content.decode("utf-8-sig")


# Fee income, for the budget


def test_fee_income_is_the_unwaived_charges_raised_in_the_period(period_charges):
    assert fee_income(**APRIL) == D("345.50")
    assert fee_income(start=datetime.date(2024, 3, 31), end=datetime.date(2024, 5, 1)) == D(
        "545.50"
    )


def test_fee_income_without_charges_is_nothing_in_pounds_and_pence():
    income = fee_income(**APRIL)

    assert income == D("0.00")
    assert isinstance(income, Decimal)


def test_the_budget_reads_the_years_training_fees_from_the_charges(period_charges, agency_a):
    # 2024-25 runs from April to March: the charge of 31 March 2024 is the year before's.
    charge(agency_a, "20.00", on=datetime.date(2025, 3, 31))

    fees = budget_services.training_fee_income(FinancialYearFactory(start_year=2024))

    assert fees == D("465.50")
