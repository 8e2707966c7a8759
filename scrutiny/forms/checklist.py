"""Forms for the assessment pages (the scrutineer's checklist and every Section 11 return):
opening a checklist, rating a question, its evidence links and actions, the overall
judgement, and the business unit's return for more evidence."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from partnership import services as partnership_services
from partnership.forms import GovDateField, GovForm, dates_in_order
from partnership.forms.actions import ActionForm
from partnership.models import Indicator
from partnership.views.data_exceptions import READERS as EXCEPTION_REPORT_READERS

from ..models import Assessment, Framework, FrameworkPurpose, RatingLevel
from ..services import assessments as assessment_services


def period_label(assessment: Assessment) -> str:
    return f"{assessment.period_start:%-d %B %Y} to {assessment.period_end:%-d %B %Y}"


def latest_frameworks(purpose: str):
    """Each framework of `purpose` in its latest version only: an older version stays for the
    assessments made against it, but nobody starts a new one on it."""
    newer = Framework.objects.filter(slug=OuterRef("slug"), version__gt=OuterRef("version"))
    return Framework.objects.filter(purpose=purpose).exclude(Exists(newer)).order_by("name")


class ChecklistCreateForm(GovForm):
    submit_label = "Start the checklist"

    framework = forms.ModelChoiceField(
        label="Checklist",
        queryset=Framework.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the checklist to use"},
    )
    period_start = GovDateField(
        label="Start of the period", noun="start of the period", help_text="For example, 1 4 2025"
    )
    period_end = GovDateField(
        label="End of the period", noun="end of the period", help_text="For example, 31 3 2026"
    )
    start_from = forms.ChoiceField(
        label="How do you want to start?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you want to start"},
    )

    def __init__(self, *args, last: Assessment | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = latest_frameworks(FrameworkPurpose.CHECKLIST)
        self.fields["framework"].label_from_instance = lambda f: f"{f.name} (version {f.version})"
        layout = [
            Field.radios("framework", legend_size=Size.MEDIUM),
            Field("period_start"),
            Field("period_end"),
        ]
        if last is None:
            del self.fields["start_from"]
        else:
            self.fields["start_from"].choices = [
                Choice(
                    "last",
                    f"From the last checklist ({period_label(last)})",
                    hint="Its evidence, links and actions required are copied. Every question "
                    "starts unrated, to be judged afresh for the new period.",
                ),
                Choice("blank", "With no evidence"),
            ]
            layout.append(Field.radios("start_from", legend_size=Size.MEDIUM))
        self.helper.layout = Layout(*layout)

    @property
    def from_last(self) -> bool:
        return self.cleaned_data.get("start_from") == "last"

    def clean(self):
        cleaned = super().clean()
        dates_in_order(
            self,
            "period_start",
            "period_end",
            "The end of the period must be the same as or after its start",
        )
        return cleaned


class RatingForm(GovForm):
    """One question's rating, evidence and actions required. Every field may be left empty:
    part-done work is saved, and only submitting needs every question rated."""

    submit_label = "Save and continue"

    level = forms.ChoiceField(label="Rating", required=False, widget=forms.RadioSelect)
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        widget=forms.Textarea,
        help_text="What shows the answer: reports, minutes, figures, audits, what people said.",
    )
    actions_required = forms.CharField(
        label="Actions required",
        required=False,
        widget=forms.Textarea,
        help_text="What must happen to improve the rating. Raise tracked actions below.",
    )

    def __init__(self, *args, levels: list[RatingLevel], **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = {str(level.pk): level for level in levels}
        # The definitions sit under each level, so the scale is read where it is chosen.
        self.fields["level"].choices = [
            Choice(str(level.pk), level.label, hint=level.definition) for level in levels
        ]
        self.helper.layout = Layout(
            Field.radios("level", legend_size=Size.MEDIUM),
            Field.textarea("evidence", rows=8),
            Field.textarea("actions_required", rows=4),
        )
        self.helper.add_input(
            Submit(
                "back", "Save and go back to the assessment", css_class="govuk-button--secondary"
            )
        )

    def clean_level(self):
        value = self.cleaned_data["level"]
        return self.levels[value] if value else None


class EvidenceLinkForm(GovForm):
    submit_label = "Add the link"

    label = forms.CharField(
        label="Link text",
        max_length=200,
        help_text="What the page is, for example “Board minutes, 12 June 2025”.",
        error_messages={
            "required": "Enter the link text",
            "max_length": "The link text must be 200 characters or fewer",
        },
    )
    path = forms.CharField(
        label="Address of the portal page",
        max_length=500,
        help_text="Copy it from your browser’s address bar, for example /portal/meetings/12/.",
        error_messages={
            "required": "Enter the address of the portal page",
            "max_length": "The address must be 500 characters or fewer",
        },
    )

    def clean_path(self):
        # Checked here too, so the mistake shows beside the field before anything is saved.
        try:
            return assessment_services.evidence_path(self.cleaned_data["path"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["path"]) from None


class DataEvidenceForm(GovForm):
    """The other way to add an evidence link: choose an indicator of the multi-agency data set
    or a quarter's exception report (step 4 of the checklist), and the link's address and text
    are filled in. Posted with the prefix "data" to the same page as EvidenceLinkForm."""

    submit_label = "Add the link to the data"

    page = forms.ChoiceField(
        label="Indicator or exception report",
        error_messages={
            "required": "Select an indicator or an exception report",
            "invalid_choice": "Select an indicator or an exception report from the list",
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {}
        indicators = []
        for indicator in Indicator.objects.for_user(user).order_by("name"):
            label = f"Indicator: {indicator.name}"
            path = reverse("portal:data_indicator", args=[indicator.pk])
            self.targets[f"indicator-{indicator.pk}"] = (label, path)
            indicators.append((f"indicator-{indicator.pk}", label))
        reports = []
        # Only for those who may read the report: a link its reader cannot follow is no use.
        if user.role in EXCEPTION_REPORT_READERS.roles:
            for start in partnership_services.ended_quarters(timezone.localdate()):
                label = f"Exception report: {partnership_services.quarter_name(start)}"
                path = f"{reverse('portal:data_exceptions')}?quarter={start.isoformat()}"
                self.targets[f"exceptions-{start.isoformat()}"] = (label, path)
                reports.append((f"exceptions-{start.isoformat()}", label))
        self.fields["page"].choices = [
            ("", "Choose a page"),
            *([("Indicators", indicators)] if indicators else []),
            *([("Exception reports", reports)] if reports else []),
        ]

    def link(self) -> dict:
        """The chosen page as evidence_link_add's label and path."""
        label, path = self.targets[self.cleaned_data["page"]]
        return {"label": label, "path": path}


class RatingActionForm(ActionForm):
    """An action raised from a rating: the tracker's own form, less the status (a new action
    has not started)."""

    submit_label = "Raise the action"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["status"]


class JudgementForm(GovForm):
    submit_label = "Save the overall judgement"

    overall_judgement = forms.CharField(
        label="Overall judgement",
        widget=forms.Textarea,
        help_text="How well the arrangements work overall, the strengths and what must improve.",
        error_messages={"required": "Enter the overall judgement"},
    )


class ReturnForm(GovForm):
    submit_label = "Return for more evidence"

    comment = forms.CharField(
        label="What more evidence is needed",
        widget=forms.Textarea,
        help_text="The author sees this on the assessment. Name the questions that need more.",
        error_messages={"required": "Say what more evidence is needed"},
    )
