from django import forms
from django.utils import timezone

from partnership.forms import GovDateField, GovForm, GovFormMixin
from partnership.forms import MoneyField as SharedMoneyField
from partnership.models import Agency

from .models import KINDS_BY_SIDE, NO_AMOUNT, FinancialYear, Line, LineKind, Side

FIRST_YEAR = 2015


class MoneyField(SharedMoneyField):
    """A budget line's amount: up to £10,000,000,000, typed like "64,320.50"."""

    def __init__(self, *, noun: str, **kwargs):
        super().__init__(noun=noun, example="64320 or 64,320.50", **kwargs)


class YearForm(GovForm):
    submit_label = "Add the year"

    start_year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        help_text="April to March.",
        error_messages={"required": "Select the financial year"},
    )
    plan_from = forms.ModelChoiceField(
        label="Start the plan from an earlier year (optional)",
        queryset=FinancialYear.objects.all(),
        required=False,
        help_text="Each line of that year, apart from grants, is planned at what it came to, "
        "and what that year left over is planned as carried forward.",
    )
    note = forms.CharField(
        label="Note on the statement (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: the figures are based on actual spend.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        taken = set(FinancialYear.objects.values_list("start_year", flat=True))
        this_year = timezone.localdate().year
        choices = [
            (start, FinancialYear(start_year=start).name)
            for start in range(this_year + 1, FIRST_YEAR - 1, -1)
            if start not in taken
        ]
        self.fields["start_year"].choices = [("", "Choose a year"), *choices]
        self.fields["plan_from"].empty_label = "Start with no lines"


class YearNoteForm(GovFormMixin, forms.ModelForm):
    submit_label = "Save the note"

    class Meta:
        model = FinancialYear
        fields = ["note"]
        labels = {"note": "Note on the statement"}
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}


class LineForm(GovFormMixin, forms.ModelForm):
    """One line on one side of the statement: its kinds are that side's."""

    submit_label = "Save the line"

    planned = MoneyField(noun="planned amount", label="Planned amount in pounds (£)")
    actual = MoneyField(noun="actual amount", label="Actual amount in pounds (£)")
    spend_by = GovDateField(noun="spend-by date", label="Spend by (a grant only)", required=False)

    class Meta:
        model = Line
        fields = [
            "kind",
            "agency",
            "description",
            "planned",
            "actual",
            "note",
            "conditions",
            "spend_by",
        ]
        labels = {
            "agency": "Contributing agency (a contribution only)",
            "description": "Name on the statement",
            "note": "Footnote (optional)",
            "conditions": "Conditions of the grant (a grant only)",
        }
        help_texts = {
            "description": "Leave blank to use the agency’s name, or the kind of line.",
            "note": "For example: the post is shared with the adults board, so half is shown.",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 2}),
            "conditions": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"kind": {"required": "Select the kind of line"}}

    def __init__(self, *args, side: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.side = side
        kinds = KINDS_BY_SIDE[side]
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]
        self.fields["kind"].label = (
            "Source of income" if side == Side.INCOME else "Category of spending"
        )
        if side == Side.INCOME:
            agencies = Agency.objects.order_by("name")
            if not (self.instance.pk and self.instance.agency_id):
                agencies = agencies.filter(is_active=True)
            self.fields["agency"].queryset = agencies
            self.fields["agency"].empty_label = "Choose an agency"
        else:
            for name in ("agency", "conditions", "spend_by"):
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        # Fields that do not belong to the chosen kind are cleared, not refused: a person who
        # picked "grant", filled its conditions, then chose "other" meant "other".
        if kind != LineKind.CONTRIBUTION and "agency" in self.fields:
            cleaned["agency"] = None
        if kind != LineKind.GRANT and "conditions" in self.fields:
            cleaned["conditions"], cleaned["spend_by"] = "", None
        return cleaned

    def _update_errors(self, errors):
        # An amount the form could not read ("lots", "12.345") has its own message; the model,
        # seeing no amount, would add "Enter the planned amount, the actual amount, or both"
        # beside it, which is wrong: an amount was entered.
        if hasattr(errors, "error_dict") and (
            self.has_error("planned") or self.has_error("actual")
        ):
            kept = [e for e in errors.error_dict.get("actual", []) if NO_AMOUNT not in e.messages]
            errors.error_dict["actual"] = kept
            if not kept:
                del errors.error_dict["actual"]
        super()._update_errors(errors)

    def _post_clean(self):
        # The model's clean needs the side, which the page gives and the form does not show.
        self.instance.side = self.side
        for name in ("agency", "conditions", "spend_by"):
            if name in self.cleaned_data:
                setattr(self.instance, name, self.cleaned_data[name])
        super()._post_clean()
