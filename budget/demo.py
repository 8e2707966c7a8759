"""The demo budget for load_demo: three financial years, 2023-24 as the seed report printed it.
Safe to run again: a year already there is left as it is."""

from decimal import Decimal

from django.db import transaction

from partnership.models import Agency

from . import demo_data
from .models import FinancialYear, Line, LineKind
from .services import statement, year_create, year_publish


@transaction.atomic
def load() -> str:
    agencies = {agency.name: agency for agency in Agency.objects.all()}
    for start_year, data in demo_data.YEARS.items():
        if FinancialYear.objects.filter(start_year=start_year).exists():
            continue
        year = year_create(start_year=start_year, note=data["note"])
        grant = data.get("grant", {})
        Line.objects.bulk_create(
            Line(
                year=year,
                side=side,
                kind=kind,
                agency=agencies[agency] if agency else None,
                description=description,
                actual=Decimal(actual),
                note=note,
                position=position,
                **(grant if kind == LineKind.GRANT else {}),
            )
            for position, (side, kind, agency, description, actual, note) in enumerate(
                data["lines"]
            )
        )
        if data["published"]:
            year_publish(year=year)
    latest = FinancialYear.objects.order_by("-start_year").first()
    figures = statement(latest).outturn
    return (
        f"Budget: {FinancialYear.objects.count()} financial years; {latest.name} income "
        f"£{figures.income:,.0f}, expenditure £{figures.expenditure:,.0f}."
    )
