from django import forms
from django.db.models import Q
from django.utils import timezone

from ..models import Agency, AgencyKind, Body, BodyKind, Membership, MembershipRole, Person
from ..uploads import CSV, IMPORT_LIMIT, XLSX, UploadField
from . import FilterForm, GovDateField, GovForm, GovFormMixin, dates_in_order


class AgencyFilterForm(FilterForm):
    kind = forms.ChoiceField(
        label="Kind of agency", choices=[("", "All kinds"), *AgencyKind.choices], required=False
    )


class PersonFilterForm(FilterForm):
    q = forms.CharField(label="Name contains", required=False, max_length=100)
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.order_by("name"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].empty_label = "All agencies"


class AgencyForm(GovFormMixin, forms.ModelForm):
    submit_label = "Save agency"

    class Meta:
        model = Agency
        fields = ["name", "kind", "is_active"]
        labels = {"name": "Name of the agency", "kind": "Kind of agency", "is_active": "Active"}
        error_messages = {
            "name": {
                "required": "Enter the name of the agency",
                "unique": "An agency with this name already exists",
            },
            "kind": {"required": "Select the kind of agency"},
        }


class PersonForm(GovFormMixin, forms.ModelForm):
    submit_label = "Save person"

    class Meta:
        model = Person
        fields = ["full_name", "job_title", "email", "agency", "is_active"]
        labels = {
            "full_name": "Full name",
            "job_title": "Job title",
            "email": "Work email address",
            "agency": "Agency",
            "is_active": "Active",
        }
        help_texts = {
            "job_title": "The membership appendix of the yearly report lists job titles, not names.",
        }
        error_messages = {
            "full_name": {"required": "Enter the person’s full name"},
            "email": {
                "invalid": "Enter an email address in the correct format, like name@example.org"
            },
            "agency": {"required": "Select the person’s agency"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An inactive agency cannot be chosen, but a person already in one keeps it.
        current = self.instance.agency_id if self.instance.pk else None
        self.fields["agency"].queryset = Agency.objects.filter(
            Q(is_active=True) | Q(pk=current)
        ).order_by("name")
        self.fields["agency"].empty_label = "Choose an agency"

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        others = Person.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if email and others.exists():
            raise forms.ValidationError("Another person already has this email address")
        return email


class BodyForm(GovFormMixin, forms.ModelForm):
    submit_label = "Save body"

    kind = forms.ChoiceField(
        label="Kind of body",
        choices=BodyKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of body"},
    )

    class Meta:
        model = Body
        fields = ["name", "kind", "terms_of_reference", "is_active"]
        labels = {"name": "Name of the body", "is_active": "Active"}
        widgets = {"terms_of_reference": forms.Textarea(attrs={"rows": 8})}
        error_messages = {
            "name": {
                "required": "Enter the name of the body",
                "unique": "A body with this name already exists",
            },
        }


def person_choice_label(person: Person) -> str:
    job = f", {person.job_title}" if person.job_title else ""
    return f"{person.full_name}{job} ({person.agency.name})"


class MembershipForm(GovFormMixin, forms.ModelForm):
    submit_label = "Add membership"

    started_on = GovDateField(
        label="Start date", noun="start date", help_text="For example, 1 4 2025"
    )
    ended_on = GovDateField(
        label="End date (optional)",
        noun="end date",
        help_text="Leave blank while the membership continues",
        required=False,
    )

    class Meta:
        model = Membership
        fields = ["person", "body", "role", "started_on", "ended_on"]
        labels = {"person": "Person", "body": "Body", "role": "Role"}
        error_messages = {
            "person": {"required": "Select the person"},
            "body": {"required": "Select the body"},
            "role": {"required": "Select the role"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        person.queryset = (
            Person.objects.filter(is_active=True).select_related("agency").order_by("full_name")
        )
        person.label_from_instance = person_choice_label
        person.empty_label = "Choose a person"
        self.fields["body"].queryset = Body.objects.filter(is_active=True)
        self.fields["body"].empty_label = "Choose a body"
        self.fields["role"].choices = MembershipRole.choices

    def clean(self):
        cleaned = super().clean()
        dates_in_order(self, "started_on", "ended_on")
        return cleaned


class MembershipEndForm(GovForm):
    submit_label = "End membership"

    ended_on = GovDateField(
        label="Last day of the membership",
        noun="last day of the membership",
        help_text="For example, 31 3 2026",
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["ended_on"].initial = timezone.localdate()

    def clean_ended_on(self):
        ended_on = self.cleaned_data["ended_on"]
        if ended_on < self.membership.started_on:
            raise forms.ValidationError(
                f"The end date must be on or after the start date, "
                f"{self.membership.started_on:%-d %B %Y}"
            )
        return ended_on


class AppendixDateForm(FilterForm):
    submit_label = "Show memberships"

    on = GovDateField(
        label="Members on",
        help_text="For example, 31 3 2026. Leave blank for today.",
        required=False,
    )


class SpreadsheetUploadForm(GovForm):
    """A CSV or XLSX file to import; every import page of the portal asks for one."""

    submit_label = "Upload and preview"

    file = UploadField(
        label="Upload a file",
        kinds=(CSV, XLSX),
        setting=IMPORT_LIMIT,
        help_text="The column names go in the first row.",
        error_messages={"required": "Select a CSV or XLSX file"},
    )

    @property
    def file_format(self) -> str:
        return self.fields["file"].kind(self.cleaned_data["file"]).name


class ImportForm(SpreadsheetUploadForm):
    field_order = ["what", "file"]

    what = forms.ChoiceField(
        label="What does the file hold?",
        choices=[
            ("agencies", "Agencies"),
            ("people", "People"),
            ("memberships", "Memberships"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the file holds"},
    )
