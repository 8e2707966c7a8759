from datetime import date

from crispy_forms_gds.layout import Div, Field, Layout
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.text import capfirst

from .. import services
from ..models import Action, ActionStatus, Agency, Person, Role
from . import FilterForm, GovDateField, GovForm


def source_type_label(content_type: ContentType) -> str:
    """What a kind of source is called on the page: the model's own name for itself
    ("Priority"), not the admin's "partnership | priority"."""
    model = content_type.model_class()
    return capfirst(model._meta.verbose_name if model else content_type.model)


class ActionFilterForm(FilterForm):
    """The filters above the list of actions."""

    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.all(), required=False, empty_label="All agencies"
    )
    source_type = forms.TypedChoiceField(label="Source", coerce=int, required=False)
    status = forms.ChoiceField(
        label="Status", choices=[("", "All statuses"), *ActionStatus.choices], required=False
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)

    def __init__(self, *args, user, actions, **kwargs):
        """`actions` are those the user may see: the kinds of source offered are the ones
        among them, so the list never offers a filter that can only come up empty."""
        super().__init__(*args, **kwargs)
        types = ContentType.objects.filter(
            pk__in=actions.filter(source_type__isnull=False).values("source_type")
        )
        self.fields["source_type"].choices = [("", "All sources")] + sorted(
            ((t.pk, source_type_label(t)) for t in types), key=lambda choice: choice[1]
        )
        columns = ["agency", "source_type", "status"]
        # An agency lead only ever sees their own agency's actions: there is nothing to choose.
        if user.role == Role.AGENCY_LEAD:
            del self.fields["agency"]
            columns.remove("agency")
        self.helper.layout = Layout(
            Div(
                *(
                    Div(Field.select(name), css_class="govuk-grid-column-one-quarter")
                    for name in columns
                ),
                Div(
                    Field.checkbox("overdue", small=True),
                    css_class="govuk-grid-column-one-quarter govuk-!-padding-top-6",
                ),
                css_class="govuk-grid-row",
            )
        )

    def apply(self, actions, *, today: date):
        """The actions that pass the filters. A filter that does not validate (an agency that
        no longer exists in a bookmarked link) is shown in error and otherwise left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("agency"):
            actions = actions.filter(owner_agency=data["agency"])
        if data.get("source_type"):
            actions = actions.filter(source_type_id=data["source_type"])
        if data.get("status"):
            actions = actions.filter(status=data["status"])
        if data.get("overdue"):
            actions = actions.overdue(today)
        return actions

    def in_force(self) -> bool:
        """Whether a valid filter narrows the list, for its caption and its empty message."""
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in self.fields)


class ActionForm(GovForm):
    """Raise an action, or change one. Its source is set by the app that raises it."""

    submit_label = "Save action"

    title = forms.CharField(
        label="Title",
        max_length=300,
        error_messages={
            "required": "Enter a title",
            "max_length": "The title must be 300 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    owner_agency = forms.ModelChoiceField(
        label="Owner agency",
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages={"required": "Select the agency that owns the action"},
    )
    owner_person = forms.ModelChoiceField(
        label="Owner",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Nobody named yet",
        help_text="Someone who works for the owner agency. Only a named owner gets reminders.",
    )
    due_on = GovDateField(label="Due date", noun="due date", help_text="For example, 27 3 2026")
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        initial=ActionStatus.NOT_STARTED,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a status"},
    )

    def __init__(self, *args, action: Action | None = None, **kwargs):
        if action is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": action.title,
                    "description": action.description,
                    "owner_agency": action.owner_agency_id,
                    "owner_person": action.owner_person_id,
                    "due_on": action.due_on,
                    "status": action.status,
                },
            )
        super().__init__(*args, **kwargs)
        # Agencies and people who are no longer active cannot be given new actions, but an
        # action they already own keeps them, so it can be edited without being reassigned.
        agencies, people = Q(is_active=True), Q(is_active=True)
        if action is not None:
            agencies |= Q(pk=action.owner_agency_id)
            if action.owner_person_id:
                people |= Q(pk=action.owner_person_id)
        self.fields["owner_agency"].queryset = Agency.objects.filter(agencies)
        self.fields["owner_person"].queryset = Person.objects.filter(people).select_related(
            "agency"
        )
        self.fields["owner_person"].label_from_instance = lambda p: f"{p.full_name}, {p.agency}"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("owner_agency"):
            services.action_owner_check(
                owner_agency=cleaned["owner_agency"], owner_person=cleaned.get("owner_person")
            )
        return cleaned


class ActionUpdateForm(GovForm):
    """Progress on an action: what happened, and the status it leaves the action in."""

    submit_label = "Add progress note"

    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status of the action"},
    )
    note = forms.CharField(
        label="Progress note",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What has been done since the last note, and what happens next.",
        error_messages={"required": "Enter a progress note"},
    )
