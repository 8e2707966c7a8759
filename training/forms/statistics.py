from django import forms

from partnership.forms import FilterForm


class AcademicYearForm(FilterForm):
    """The academic year the statistics page shows, chosen from the years with sessions."""

    submit_label = "Show this year"

    year = forms.TypedChoiceField(
        label="Academic year", coerce=int,
        error_messages={
            "required": "Select an academic year",
            "invalid_choice": "Select an academic year from the list",
        },
    )  # fmt: skip

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year.start_year, year.name) for year in years]
