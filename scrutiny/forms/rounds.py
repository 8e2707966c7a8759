"""Forms for Section 11 rounds: opening one, and extending one agency's deadline."""

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from partnership.forms import GovDateField, GovForm, dates_in_order
from partnership.models import Agency

from ..models import Framework, FrameworkPurpose
from ..services.rounds import statutory_partners_first


class RoundForm(GovForm):
    submit_label = "Open the round"

    framework = forms.ModelChoiceField(
        label="Framework",
        queryset=Framework.objects.none(),
        empty_label=None,
        help_text="The standards each agency rates itself against.",
        error_messages={"required": "Select a framework"},
    )
    name = forms.CharField(
        label="Name of the round",
        max_length=200,
        help_text="For example, “Section 11 audit 2025 to 2026”.",
        error_messages={
            "required": "Enter a name for the round",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    period_start = GovDateField(
        label="Start of the period", noun="start of the period", help_text="For example, 1 4 2025"
    )
    period_end = GovDateField(
        label="End of the period", noun="end of the period", help_text="For example, 31 3 2026"
    )
    deadline = GovDateField(
        label="Deadline",
        noun="deadline",
        help_text="Returns submitted after it are still accepted but marked late. Agency leads "
        "are reminded 14, 7 and 1 days before. For example, 30 6 2026",
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies asked for a return",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. The statutory partners are listed first.",
        error_messages={"required": "Select at least one agency"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Framework.objects.filter(
            purpose=FrameworkPurpose.SECTION_11
        )
        self.fields["agencies"].queryset = statutory_partners_first(Agency.objects.active())
        self.helper.layout = Layout(
            Field.select("framework"),
            Field.text("name"),
            Field("period_start"),
            Field("period_end"),
            Field("deadline"),
            Field.checkboxes("agencies", legend_size=Size.MEDIUM, small=True),
        )

    def clean(self):
        cleaned = super().clean()
        dates_in_order(
            self,
            "period_start",
            "period_end",
            "The end of the period must be the same as or after its start",
        )
        return cleaned


class DeadlineExtendForm(GovForm):
    submit_label = "Extend the deadline"

    deadline = GovDateField(
        label="New deadline", noun="new deadline", help_text="For example, 14 7 2026"
    )
