"""Forms for the multi-agency data set's dashboard and its indicators."""

from decimal import Decimal, InvalidOperation

from crispy_forms_gds.layout import Div, Field, Fixed, Layout, Size
from django import forms

from ..models import Agency, Indicator, Priority
from ..services.indicators import EDITABLE, collection_start_problem
from . import FilterForm, GovDateField, GovFormMixin


class DashboardFilterForm(FilterForm):
    """Narrow the dashboard to one agency's indicators, or one priority's."""

    agency = forms.ModelChoiceField(
        label="Owning agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="All agencies",
        error_messages={"invalid_choice": "Select an agency from the list"},
    )
    priority = forms.ModelChoiceField(
        label="Strategic priority",
        queryset=Priority.objects.none(),
        required=False,
        empty_label="All priorities",
        error_messages={"invalid_choice": "Select a priority from the list"},
    )

    def __init__(self, *args, indicators, **kwargs):
        """`indicators` are those the user may read: only their agencies and priorities are
        offered, so a filter never comes up empty by choice."""
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(
            pk__in=indicators.values("agency")
        ).order_by("name")
        self.fields["priority"].queryset = Priority.objects.filter(
            pk__in=indicators.values("priority")
        ).order_by("-period_start", "position", "area")
        self.helper.layout = Layout(
            Div(
                Div(Field.select("agency"), css_class="govuk-grid-column-one-half"),
                Div(Field.select("priority"), css_class="govuk-grid-column-one-half"),
                css_class="govuk-grid-row",
            )
        )

    def apply(self, indicators):
        """The indicators that pass the filters; a filter that does not validate (a
        bookmarked agency since removed) is shown in error and otherwise left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("agency"):
            indicators = indicators.filter(agency=data["agency"])
        if data.get("priority"):
            indicators = indicators.filter(priority=data["priority"])
        return indicators

    def in_force(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in self.fields)


class FigureField(forms.DecimalField):
    """A figure as people type it: "18.5", "1,204" or "12%" (a "%" after a percentage), to
    two places; a blank is None. `example` shows the format in the error message."""

    def __init__(self, *, noun: str = "figure", example: str = "like 18.5 or 1,204", **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(max_digits=12, decimal_places=2, **kwargs)
        self.noun = noun
        self.widget.input_type = "text"
        self.widget.attrs.update({"inputmode": "decimal", "spellcheck": "false"})
        self.error_messages.update(
            {
                "invalid": f"Enter the {noun} as a number, {example}",
                "max_decimal_places": f"The {noun} must have no more than 2 decimal places",
                "max_digits": f"The {noun} must be less than 10,000,000,000",
                "max_whole_digits": f"The {noun} must be less than 10,000,000,000",
            }
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", "").replace(" ", "").removesuffix("%")
        return super().to_python(value)

    def clean(self, value):
        try:
            figure = super().clean(value)
        except InvalidOperation:  # digits Decimal cannot hold, e.g. "1e99999999999"
            raise forms.ValidationError(self.error_messages["invalid"]) from None
        return None if figure is None else figure.quantize(Decimal("0.01"))

    def widget_attrs(self, widget):
        # A number input would spin and refuse commas; GOV.UK asks for a text input.
        attrs = super().widget_attrs(widget)
        for name in ("step", "min", "max"):
            attrs.pop(name, None)
        return attrs


def yes_or_no(label: str, help_text: str, required_message: str) -> forms.TypedChoiceField:
    """A yes-or-no question as GOV.UK asks it: two radios under a legend, its hint beneath."""
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=[(True, "Yes"), (False, "No")],
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


class IndicatorForm(GovFormMixin, forms.ModelForm):
    submit_label = "Save indicator"

    threshold = FigureField(
        label="Threshold",
        noun="threshold",
        example="like 20 or 12.5",
        help_text="A figure on the wrong side of this goes on the exception report, for "
        "example 20 or 12.5. Leave blank for none.",
    )
    collected_from = GovDateField(
        label="Collected from",
        noun="collection start date",
        help_text="The first day of the first quarter (or month) figures are due for. For "
        "example, 1 4 2024",
    )
    is_shared = yes_or_no(
        "Shared with every agency?",
        "If yes, the agency leads of other agencies see it on the dashboard too.",
        "Select whether it is shared with every agency",
    )
    is_active = yes_or_no(
        "Still collected?",
        "Choose no to stop collecting it. Its figures are kept.",
        "Select whether it is still collected",
    )

    class Meta:
        model = Indicator
        fields = list(EDITABLE)
        labels = {
            "name": "Name",
            "definition": "Definition",
            "agency": "Owning agency",
            "unit": "Unit",
            "frequency": "How often it is collected",
            "good_direction": "Which way is good",
            "priority": "Strategic priority it evidences (optional)",
            "position": "Position in lists",
        }
        help_texts = {
            "name": "For example, “Re-referrals to children’s social care within 12 months”.",
            "agency": "Its agency lead enters and submits the figures.",
            "position": "Indicators are listed in this order, lowest first.",
        }
        widgets = {
            "unit": forms.RadioSelect,
            "frequency": forms.RadioSelect,
            "good_direction": forms.RadioSelect,
        }
        error_messages = {
            "name": {
                "required": "Enter the name of the indicator",
                "max_length": "The name must be 200 characters or fewer",
                "unique": "An indicator with this name already exists",
            },
            "definition": {"required": "Enter what is counted, and how"},
            "agency": {
                "required": "Select the owning agency",
                "invalid_choice": "Select an agency from the list",
            },
            "unit": {"required": "Select the unit"},
            "frequency": {"required": "Select how often it is collected"},
            "good_direction": {"required": "Select which way is good"},
            "priority": {"invalid_choice": "Select a priority from the list"},
            "position": {
                "required": "Enter the position in lists",
                "invalid": "The position must be a whole number, like 1",
                "min_value": "The position must be 0 or more",
                "max_value": "The position must be 32767 or less",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.active()
        if self.instance.agency_id:
            # An agency closed since keeps the indicators it owned: it stays selectable.
            agencies = Agency.objects.filter(pk__in=agencies) | Agency.objects.filter(
                pk=self.instance.agency_id
            )
        self.fields["agency"].queryset = agencies.order_by("name")
        # Radios need no blank choice: nothing is chosen until someone chooses.
        for name in ("unit", "good_direction"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        if self.instance.threshold is not None and not self.is_bound:
            self.initial["threshold"] = f"{self.instance.threshold.normalize():f}"
        self.fields["agency"].empty_label = "Choose an agency"
        self.fields["priority"].queryset = Priority.objects.order_by(
            "-period_start", "position", "area"
        )
        self.fields["priority"].empty_label = "None"
        self.fields["priority"].label_from_instance = lambda priority: (
            f"{priority.area} ({priority.period_start:%Y}-{priority.period_end:%y})"
        )
        self.helper.layout = Layout(
            Field.text("name"),
            Field.textarea("definition", rows=4),
            Field.select("agency"),
            Field.radios("unit", legend_size=Size.SMALL),
            Field.radios("frequency", legend_size=Size.SMALL, inline=True),
            Field.radios("good_direction", legend_size=Size.SMALL, inline=True),
            Field.text("threshold", field_width=Fixed.TEN),
            Field.select("priority"),
            Field("collected_from"),
            Field.radios("is_shared", legend_size=Size.SMALL, inline=True),
            Field.radios("is_active", legend_size=Size.SMALL, inline=True),
            Field.text("position", field_width=Fixed.TWO),
        )

    def clean(self):
        cleaned = super().clean()
        frequency, start = cleaned.get("frequency"), cleaned.get("collected_from")
        problem = frequency and start and collection_start_problem(frequency, start)
        if problem:
            self.add_error("collected_from", problem)
        return cleaned


def indicator_fields(form: IndicatorForm) -> dict:
    """The cleaned fields, as indicator_save takes them."""
    return {name: form.cleaned_data[name] for name in EDITABLE}
