"""How a year's budget lines travel in CSV and XLSX (django-import-export).

A file holds lines of one or more years, one per row, and may carry total rows (kind "Total")
as printed statements do. Total rows are not lines: budget.services.spreadsheets takes them
out before the resource sees the file and compares them with the lines.
"""

import re
from decimal import Decimal, InvalidOperation

from import_export import fields, widgets

from partnership.models import Agency
from partnership.resources import (
    ChoiceWidget,
    DayWidget,
    LookupWidget,
    PortalResource,
    TextWidget,
    money_digits,
)

from .models import FinancialYear, Line, LineKind, Side

YEAR_NAME = re.compile(r"^(\d{4})\s*(?:-|/|–|to)\s*(\d{2}|\d{4})$")


class MoneyWidget(widgets.Widget):
    """Pounds and pence as people type them: 64320, 64,320.00 or £64,320. A spreadsheet's
    number cell arrives as a float; it is read to the 15 significant digits a spreadsheet
    keeps and shows, so 12.34 stays 12.34, and a cell that adds 0.1 and 0.2 (which Excel
    saves as 0.30000000000000004) is 0.30. An amount is never held as a float."""

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            raise ValueError(f"“{value}” is not an amount of money")
        text = format(value, ".15g") if isinstance(value, float) else str(value).strip()
        digits = money_digits(text)
        try:
            amount = Decimal(digits)
        except InvalidOperation:
            raise ValueError(
                f"“{str(value).strip()}” is not an amount of money. "
                "Enter pounds and pence, like 64320 or 64,320.50"
            ) from None
        if not amount.is_finite():
            raise ValueError(f"“{str(value).strip()}” is not an amount of money")
        if amount < 0:
            raise ValueError(f"“{str(value).strip()}” is below zero. Enter an amount of 0 or more")
        if amount != amount.quantize(Decimal("0.01")):
            raise ValueError(
                f"“{str(value).strip()}” has more than two decimal places. "
                "Enter pounds and pence, like 64320.50"
            )
        return amount.quantize(Decimal("0.01"))

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value:.2f}"


def parse_year_name(value) -> int:
    """The start year of a financial year named like "2023-24", "2023/24" or "2023 to 2024"."""
    text = str(value or "").strip()
    match = YEAR_NAME.match(text)
    if match:
        start, end = int(match[1]), match[2]
        if (len(end) == 2 and int(end) == (start + 1) % 100) or (
            len(end) == 4 and int(end) == start + 1
        ):
            return start
    raise ValueError(
        f"“{text}” is not a financial year. Write it like 2023-24 (April 2023 to March 2024)"
    )


class YearWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(FinancialYear, "start_year")

    def clean(self, value, row=None, **kwargs):
        if value is None or not str(value).strip():
            return None
        start_year = parse_year_name(value)
        year = FinancialYear.objects.filter(start_year=start_year).first()
        if year is None:
            name = FinancialYear(start_year=start_year).name
            raise ValueError(f"There is no financial year {name}. Add the year first")
        return year

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class LineResource(PortalResource):
    year = fields.Field(attribute="year", column_name="year", widget=YearWidget())
    side = fields.Field(attribute="side", column_name="side", widget=ChoiceWidget(Side, "side"))
    kind = fields.Field(
        attribute="kind", column_name="kind", widget=ChoiceWidget(LineKind, "kind of line")
    )
    agency = fields.Field(
        attribute="agency",
        column_name="agency",
        widget=LookupWidget(Agency, "name", "agency called"),
    )
    description = fields.Field(
        attribute="description", column_name="description", widget=TextWidget()
    )
    planned = fields.Field(attribute="planned", column_name="planned", widget=MoneyWidget())
    actual = fields.Field(attribute="actual", column_name="actual", widget=MoneyWidget())
    note = fields.Field(attribute="note", column_name="note", widget=TextWidget())
    conditions = fields.Field(attribute="conditions", column_name="conditions", widget=TextWidget())
    spend_by = fields.Field(attribute="spend_by", column_name="spend_by", widget=DayWidget())

    required = {
        "year": "Enter the financial year, like 2023-24",
        "side": "Enter income or expenditure",
        "kind": "Enter the kind of line",
    }

    class Meta:
        model = Line
        fields = (
            "year",
            "side",
            "kind",
            "agency",
            "description",
            "planned",
            "actual",
            "note",
            "conditions",
            "spend_by",
        )
        # Every row is a new line: the import replaces the lines of the years it names.
        force_init_instance = True
        clean_model_instances = True
        store_row_values = True
        skip_html_diff = True

    def get_queryset(self):
        return Line.objects.select_related("year", "agency").order_by(
            "-year__start_year", "position", "pk"
        )

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # A blank agency cell is no agency; LookupWidget would look for one called "".
        if field.attribute == "agency" and not str(row.get("agency") or "").strip():
            instance.agency = None
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def check_row(self, instance, row, errors, row_number):
        # Lines keep the file's order on the statement.
        instance.position = row_number
