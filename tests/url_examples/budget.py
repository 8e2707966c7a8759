"""Example arguments for the budget pages: the seed statement for 2023-24 after two earlier
years, so the statement, its shares against earlier years and the chart are drawn in full for
the access and browser checks; 2023-24 is published, 2021-22 is not."""

from budget.models import FinancialYear
from budget.services import year_publish

from ..budget.factories import FinancialYearFactory, contribution, partners, seed_statement


def _years(cast):
    year = seed_statement(2023)
    agencies = partners()
    for start_year, council, police, icb in [
        (2021, 60000, 5000, 32000),
        (2022, 62000, 5000, 34000),
    ]:
        earlier = FinancialYearFactory(start_year=start_year)
        contribution(earlier, agencies["council"], council)
        contribution(earlier, agencies["police"], police)
        contribution(earlier, agencies["icb"], icb)
    year_publish(year=year)
    return year


def _year(cast):
    return {"year": _years(cast).start_year}


def _lists(cast):
    _years(cast)
    return {}


def _line(cast):
    return {"pk": _years(cast).lines.order_by("pk").first().pk}


def _unpublished(cast):
    _years(cast)
    return {"year": FinancialYear.objects.get(start_year=2021).start_year}


EXAMPLES = {
    "budget:years": _lists,
    "budget:comparison": _lists,
    "budget:import": _lists,
    "budget:year": _year,
    "budget:year_note": _year,
    "budget:year_publish": _year,
    "budget:year_export": _year,
    "budget:training_fees": _year,
    "budget:income_line_create": _year,
    "budget:expenditure_line_create": _year,
    "budget:line_edit": _line,
    "budget:line_delete": _line,
    "budget_public:years": _lists,
    "budget_public:year": _year,
}
POST_ONLY = {"budget:training_fees"}
NOT_HTML = {"budget:year_export", "budget:training_fees"}
# Filling the training fees line from the training app's charges sends the business unit back
# to the year's statement.
OUTCOMES = {"budget:training_fees": {"business_unit": "302 to /portal/budget/2023-24/"}}
