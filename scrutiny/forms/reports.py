from django import forms

from partnership.forms import GovDateField, GovForm, GovFormMixin, dates_in_order

from ..models import ReportSection, SignOffDecision, YearlyReport

MARKDOWN_HELP = (
    "Write plain text. A blank line starts a new paragraph; a line starting with “- ” is a "
    "bullet; **two stars** make text bold; [words](https://example.org) make a link; a line "
    "starting with “# ” is a subheading. HTML is shown as typed, not run."
)


class ReportForm(GovFormMixin, forms.ModelForm):
    submit_label = "Save the report"

    period_start = GovDateField(noun="start of the period", label="Start of the period")
    period_end = GovDateField(noun="end of the period", label="End of the period")

    class Meta:
        model = YearlyReport
        fields = ["title", "period_start", "period_end"]
        labels = {"title": "Title"}
        help_texts = {
            "title": "For example: Thameside Safeguarding Children Partnership yearly report 2025 to 2026."
        }
        error_messages = {"title": {"required": "Enter the title of the report"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "period_start"
        ].help_text = "A period need not be twelve months, e.g. October 2022 to March 2024. For example, 1 10 2022."
        self.fields["period_end"].help_text = "For example, 31 3 2024."

    def clean(self):
        cleaned = super().clean()
        dates_in_order(form=self, start="period_start", end="period_end",
                       message="The end of the period must be after its start")  # fmt: skip
        return cleaned


class SectionForm(GovFormMixin, forms.ModelForm):
    submit_label = "Save the section"

    class Meta:
        model = ReportSection
        fields = ["title", "body"]
        labels = {"title": "Heading", "body": "Text"}
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}
        error_messages = {"title": {"required": "Enter the section’s heading"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = MARKDOWN_HELP
        if self.instance.pk and not self.instance.is_narrative:
            # A generated section's content comes from the records; only its heading changes.
            del self.fields["body"]


class SectionAddForm(GovForm):
    submit_label = "Add the section"

    title = forms.CharField(
        label="Heading", max_length=200, error_messages={"required": "Enter the section’s heading"}
    )
    is_appendix = forms.TypedChoiceField(
        label="Where does it go?",
        choices=[("False", "After the last chapter"), ("True", "As the last appendix")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        initial="False",
        error_messages={"required": "Choose where the section goes"},
    )
    body = forms.CharField(
        label="Text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=MARKDOWN_HELP,
    )


class DecisionForm(GovForm):
    submit_label = "Send your decision"

    decision = forms.ChoiceField(
        label="Your decision on this version of the report",
        choices=[
            (SignOffDecision.APPROVED, "I approve the report for publication"),
            (SignOffDecision.COMMENTED, "I have comments that need changes first"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you approve the report"},
    )
    comment = forms.CharField(
        label="Comments", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Needed if you have comments; optional with an approval.",
    )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == SignOffDecision.COMMENTED
            and not cleaned.get("comment", "").strip()
        ):
            self.add_error("comment", "Enter your comments on the report")
        return cleaned
