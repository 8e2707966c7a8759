"""Forms for the partnership's strategic priorities and their progress updates."""

import datetime

from crispy_forms_gds.layout import Field, Fixed, Layout
from django import forms
from django.utils import timezone

from ..models import Priority
from . import FilterForm, GovDateField, GovFormMixin, dates_in_order


def period_label(start: datetime.date, end: datetime.date) -> str:
    return f"{start:%-d %B %Y} to {end:%-d %B %Y}"


class PriorityFilterForm(FilterForm):
    """Choose one of the periods the partnership has set priorities for."""

    period = forms.ChoiceField(
        label="Period",
        required=False,
        error_messages={"invalid_choice": "Select a period from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        periods = (
            Priority.objects.order_by("-period_start", "-period_end")
            .values_list("period_start", "period_end")
            .distinct()
        )
        self.fields["period"].choices = [("", "All periods")] + [
            (f"{start:%Y-%m-%d}_{end:%Y-%m-%d}", period_label(start, end)) for start, end in periods
        ]

    def clean_period(self):
        value = self.cleaned_data["period"]
        if not value:
            return None
        start, end = value.split("_")
        return datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)


class PriorityForm(GovFormMixin, forms.ModelForm):
    submit_label = "Save priority"

    period_start = GovDateField(
        label="Start of the period", noun="start of the period", help_text="For example, 1 4 2025"
    )
    period_end = GovDateField(
        label="End of the period", noun="end of the period", help_text="For example, 31 3 2026"
    )

    class Meta:
        model = Priority
        fields = [
            "area",
            "period_start",
            "period_end",
            "rationale",
            "planned_actions",
            "impact_statement",
            "position",
        ]
        labels = {
            "area": "Priority area",
            "rationale": "Why this is a priority",
            "planned_actions": "What the partnership plans to do",
            "impact_statement": "Impact so far",
            "position": "Position in lists",
        }
        help_texts = {
            "area": "For example, “Neglect” or “Child exploitation”.",
            "rationale": "The evidence that made the partnership choose it.",
            "impact_statement": "What difference it has made to children and families. "
            "Leave blank until there is some to report.",
            "position": "Priorities are listed in this order, lowest first, in the portal and "
            "the yearly report.",
        }
        error_messages = {
            "area": {
                "required": "Enter the priority area",
                "max_length": "The priority area must be 200 characters or fewer",
            },
            "rationale": {"required": "Enter why this is a priority"},
            "planned_actions": {"required": "Enter what the partnership plans to do"},
            "position": {
                "required": "Enter the position in lists",
                "invalid": "The position must be a whole number, like 1",
                "min_value": "The position must be 0 or more",
                "max_value": "The position must be 32767 or less",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("area"),
            Field("period_start"),
            Field("period_end"),
            Field.textarea("rationale", rows=5),
            Field.textarea("planned_actions", rows=5),
            Field.textarea("impact_statement", rows=5),
            Field.text("position", field_width=Fixed.TWO),
        )

    def clean(self):
        cleaned = super().clean()
        dates_in_order(
            self,
            "period_start",
            "period_end",
            "The end of the period must be the same as or after the start",
        )
        return cleaned

    def _post_clean(self):
        # The model's own check repeats the period rule above with a message the summary
        # cannot link to a field; the form has already said it where the error is.
        if self.has_error("period_end"):
            return
        super()._post_clean()


class PriorityUpdateForm(GovFormMixin, forms.Form):
    submit_label = "Add update"

    written_on = GovDateField(
        label="Date of the update", noun="date of the update", help_text="For example, 5 3 2026"
    )
    progress = forms.CharField(
        label="Progress",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What has happened since the last update, and what comes next.",
        error_messages={"required": "Enter the progress made"},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"written_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_written_on(self):
        written_on = self.cleaned_data["written_on"]
        if written_on > timezone.localdate():
            raise forms.ValidationError("The date of the update must be today or in the past")
        return written_on
