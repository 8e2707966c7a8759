"""The period of the dashboard's on-time figures."""

import datetime

from crispy_forms_gds.layout import Div, Field, Layout
from django.utils import timezone

from partnership.forms import FilterForm, GovDateField, dates_in_order


def financial_year(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """1 April to 31 March of the financial year `today` falls in: the partners' year, which
    their returns to the national panel and the yearly report count in."""
    year = today.year if today.month >= 4 else today.year - 1
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


class OnTimePeriodForm(FilterForm):
    """Unfilled, it is the current financial year."""

    submit_label = "Show the figures"

    start = GovDateField(label="From", noun="start date")
    end = GovDateField(label="To", noun="end date")

    def __init__(self, data=None, *, today: datetime.date | None = None, **kwargs):
        # The page opens on the default period: an unfilled form is bound to it, not left
        # unbound, so the figures always match the dates shown.
        if not data or not any(key.startswith(("start", "end")) for key in data):
            start, end = financial_year(today or timezone.localdate())
            data = {
                "start_0": start.day,
                "start_1": start.month,
                "start_2": start.year,
                "end_0": end.day,
                "end_1": end.month,
                "end_2": end.year,
            }
        super().__init__(data, **kwargs)
        self.helper.layout = Layout(
            Div(
                Div(Field("start"), css_class="govuk-grid-column-one-half"),
                Div(Field("end"), css_class="govuk-grid-column-one-half"),
                css_class="govuk-grid-row",
            )
        )

    def clean(self):
        cleaned = super().clean()
        dates_in_order(self, "start", "end")
        return cleaned
