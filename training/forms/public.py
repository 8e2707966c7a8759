from django import forms

from partnership.forms import FilterForm

from ..models import Course, Level


class ProgrammeFilterForm(FilterForm):
    series = forms.ChoiceField(label="Series", required=False)
    level = forms.TypedChoiceField(
        label="Level", required=False, coerce=int, empty_value=None,
        choices=[("", "All levels"), *Level.choices],
    )  # fmt: skip
    month = forms.DateField(
        label="Month", required=False, input_formats=["%Y-%m"],
        widget=forms.Select, error_messages={"invalid": "Choose a month from the list"},
    )  # fmt: skip

    def __init__(self, *args, months=(), **kwargs):
        super().__init__(*args, **kwargs)
        series = (
            Course.objects.exclude(series="").order_by("series").values_list("series", flat=True)
        )
        self.fields["series"].choices = [("", "All series")] + [
            (name, name) for name in dict.fromkeys(series)
        ]
        self.fields["month"].widget.choices = [("", "Any month")] + [
            (f"{month:%Y-%m}", f"{month:%B %Y}") for month in months
        ]
