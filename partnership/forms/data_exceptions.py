"""Choosing the quarter of the exception report."""

import datetime

from django import forms

from ..models import Frequency
from ..services import ended_quarters, period_label
from . import GovForm


class QuarterForm(GovForm):
    """Sent by GET as ?quarter=2025-04-01, so a quarter's report can be linked to. The page
    draws its own button: the form's query string carries the quarter alone."""

    quarter = forms.TypedChoiceField(
        label="Quarter",
        coerce=datetime.date.fromisoformat,
        error_messages={
            "required": "Select a quarter",
            "invalid_choice": "Select one of the last eight quarters",
        },
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.quarters = ended_quarters(today)
        self.fields["quarter"].choices = [
            (start.isoformat(), period_label(Frequency.QUARTERLY, start)) for start in self.quarters
        ]
        self.fields["quarter"].initial = self.quarters[0].isoformat()
        self.helper.form_tag = False
        self.helper.inputs = []

    def chosen(self) -> datetime.date | None:
        """The quarter asked for: the latest ended one when none is asked for, None when the
        request names one the form does not offer."""
        if not self.is_bound:
            return self.quarters[0]
        return self.cleaned_data["quarter"] if self.is_valid() else None
