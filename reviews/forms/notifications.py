"""Forms for serious incident notifications and their rapid reviews.

A child is entered as a pseudonym and an age band, never a name or a date of birth: the page
says so, the pseudonym must fit the narrow pattern of the model, and the free text refuses
anything written as a full date (reviews.models.no_full_dates)."""

import datetime

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import HTML, Field, Fieldset, Fixed, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from partnership.forms import FilterForm, GovDateField, GovForm, dates_in_order
from partnership.models import Agency

from ..models import (
    MAX_CHILDREN,
    PSEUDONYM_HELP,
    AgeBand,
    IncidentCategory,
    Notification,
    RapidReviewDecision,
    no_full_dates,
    validate_pseudonym,
    validate_reference,
)
from ..services import ChildDetails

CHILD_ROWS = range(1, MAX_CHILDREN + 1)
YES_NO = [("yes", "Yes"), ("no", "No")]


def _not_in_future(form, name: str, noun: str) -> None:
    day = form.cleaned_data.get(name)
    if day and day > timezone.localdate():
        form.add_error(name, f"The {noun} must be today or in the past")


class NotificationFilterForm(FilterForm):
    category = forms.ChoiceField(
        label="Category",
        required=False,
        choices=[("", "All categories"), *IncidentCategory.choices],
        error_messages={"invalid_choice": "Select a category from the list"},
    )
    year = forms.TypedChoiceField(
        label="Year the local authority became aware",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select a year from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = Notification.objects.dates("became_aware_on", "year", order="DESC")
        self.fields["year"].choices = [("", "All years")] + [
            (str(day.year), str(day.year)) for day in years
        ]
        self.helper.layout = Layout(
            Field.select("category"),
            Field.select("year"),
        )

    def apply(self, notifications):
        """The notifications that pass the filters; a filter that does not validate shows its
        error and is otherwise left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("category"):
            notifications = notifications.filter(category=data["category"])
        if data.get("year"):
            notifications = notifications.filter(became_aware_on__year=data["year"])
        return notifications

    def describe(self) -> str:
        """The filters in words, for the audit log's note of what was read."""
        data = getattr(self, "cleaned_data", {})
        parts = []
        if data.get("category"):
            parts.append(IncidentCategory(data["category"]).label.lower())
        if data.get("year"):
            parts.append(str(data["year"]))
        return f" ({', '.join(parts)})" if parts else ""


class NotificationForm(GovForm):
    submit_label = "Save notification"

    reference = forms.CharField(
        label="Reference",
        max_length=30,
        help_text="The reference the notification was sent under, like SIN-2024-001.",
        error_messages={
            "required": "Enter the reference",
            "max_length": "The reference must be 30 characters or fewer",
        },
    )
    became_aware_on = GovDateField(
        label="Date the local authority became aware",
        noun="date the local authority became aware",
        help_text="The statutory clocks count from this date. For example, 27 3 2024",
    )
    notified_on = GovDateField(
        label="Notification date (optional)",
        noun="notification date",
        required=False,
        help_text="The date the national panel was notified. Leave it blank if the "
        "notification has not been sent yet.",
    )
    category = forms.ChoiceField(
        label="Category",
        choices=IncidentCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the category"},
    )
    looked_after = forms.ChoiceField(
        label="Was any child in the notification looked after by a local authority?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if any child was looked after"},
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies involved (optional)",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Select agencies from the list"},
    )
    summary = forms.CharField(
        label="Non-identifying summary",
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[no_full_dates],
        help_text="What happened and which services were involved. No names, addresses, "
        "schools or dates of birth: give a month and year, like March 2024, never a full date.",
        error_messages={"required": "Enter a summary of what happened"},
    )

    def __init__(self, *args, notification: Notification | None = None, **kwargs):
        self.notification = notification
        if notification is not None:
            kwargs.setdefault("initial", self._initial(notification))
        super().__init__(*args, **kwargs)
        # An agency since made inactive stays ticked on the notification that named it.
        current = notification.agencies.all() if notification is not None else Agency.objects.none()
        self.fields["agencies"].queryset = Agency.objects.filter(
            Q(is_active=True) | Q(pk__in=current.values("pk"))
        )
        children = []
        for n in CHILD_ROWS:
            self.fields[f"child_{n}_pseudonym"] = forms.CharField(
                label="Pseudonym",
                max_length=20,
                required=False,
                help_text="For example, Child A" if n == 1 else "",
                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
                error_messages={
                    "max_length": f"The pseudonym of child {n} must be 20 characters or fewer"
                },
            )
            self.fields[f"child_{n}_age_band"] = forms.ChoiceField(
                label="Age band",
                required=False,
                choices=[("", "Choose an age band"), *AgeBand.choices],
                error_messages={
                    "invalid_choice": f"Select one of the age bands listed for child {n}"
                },
            )
            children.append(
                Fieldset(
                    Field.text(f"child_{n}_pseudonym", field_width=Fixed.TEN),
                    Field.select(f"child_{n}_age_band"),
                    legend=f"Child {n}" if n == 1 else f"Child {n} (optional)",
                    legend_size=Size.SMALL,
                )
            )
        self.helper.layout = Layout(
            Field.text("reference", field_width=Fixed.TEN),
            Field("became_aware_on"),
            Field("notified_on"),
            Field.radios("category"),
            Field.radios("looked_after", inline=True),
            Field.checkboxes("agencies", small=True),
            Field.textarea("summary", rows=6),
            HTML.heading("h2", "m", "Children"),
            HTML.p(
                "Up to 4 children. Give each a pseudonym and an age band, never a name or a "
                "date of birth."
            ),
            *children,
        )

    @staticmethod
    def _initial(notification: Notification) -> dict:
        initial = {
            "reference": notification.reference,
            "became_aware_on": notification.became_aware_on,
            "notified_on": notification.notified_on,
            "category": notification.category,
            "looked_after": "yes" if notification.looked_after else "no",
            "agencies": list(notification.agencies.all()),
            "summary": notification.summary,
        }
        for n, child in enumerate(notification.children.all(), start=1):
            initial[f"child_{n}_pseudonym"] = child.pseudonym
            initial[f"child_{n}_age_band"] = child.age_band
        return initial

    def clean_reference(self):
        # Typed in lower case it is the same reference; the model keeps it in capitals.
        reference = self.cleaned_data["reference"].upper()
        validate_reference(reference)
        others = Notification.objects.filter(reference__iexact=reference)
        if self.notification is not None:
            others = others.exclude(pk=self.notification.pk)
        if others.exists():
            raise ValidationError("A notification with this reference already exists")
        return reference

    def clean_looked_after(self):
        return self.cleaned_data["looked_after"] == "yes"

    def clean(self):
        cleaned = super().clean()
        _not_in_future(self, "became_aware_on", "date the local authority became aware")
        _not_in_future(self, "notified_on", "notification date")
        dates_in_order(
            self,
            "became_aware_on",
            "notified_on",
            "The notification date must be the same as or after the date the local authority "
            "became aware",
        )
        self._clean_children(cleaned)
        return cleaned

    def _clean_children(self, cleaned) -> None:
        """Each row is a child or blank; the first is required. Every message names the row,
        since the four rows carry the same labels."""
        seen: dict[str, int] = {}
        for n in CHILD_ROWS:
            pseudonym_field, age_band_field = f"child_{n}_pseudonym", f"child_{n}_age_band"
            if self.has_error(pseudonym_field) or self.has_error(age_band_field):
                continue
            pseudonym, age_band = cleaned.get(pseudonym_field), cleaned.get(age_band_field)
            if not pseudonym and not age_band and n > 1:
                continue
            if not age_band:
                self.add_error(age_band_field, f"Select an age band for child {n}")
            if not pseudonym:
                self.add_error(pseudonym_field, f"Enter a pseudonym for child {n}")
                continue
            try:
                validate_pseudonym(pseudonym)
            except ValidationError:
                self.add_error(
                    pseudonym_field,
                    f"The pseudonym of child {n} must be {PSEUDONYM_HELP}, like Child A: "
                    "never a name",
                )
                continue
            if pseudonym in seen:
                self.add_error(
                    pseudonym_field,
                    f"Child {n} has the same pseudonym as child {seen[pseudonym]}: give each "
                    "child a different pseudonym",
                )
            seen.setdefault(pseudonym, n)

    def children(self) -> list[ChildDetails]:
        """The children entered, in order, leaving out blank rows."""
        return [
            ChildDetails(
                pseudonym=self.cleaned_data[f"child_{n}_pseudonym"],
                age_band=self.cleaned_data[f"child_{n}_age_band"],
            )
            for n in CHILD_ROWS
            if self.cleaned_data[f"child_{n}_pseudonym"]
        ]

    def details(self) -> dict:
        """The keyword arguments of services.notification_create and notification_edit."""
        data = self.cleaned_data
        return {
            "reference": data["reference"],
            "became_aware_on": data["became_aware_on"],
            "notified_on": data["notified_on"],
            "category": data["category"],
            "looked_after": data["looked_after"],
            "summary": data["summary"],
            "agencies": list(data["agencies"]),
            "children": self.children(),
        }


class RapidReviewForm(GovForm):
    submit_label = "Save rapid review"

    decision = forms.ChoiceField(
        label="Decision",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select a decision from the list"},
    )
    decided_on = GovDateField(
        label="Date of the decision (optional)",
        noun="date of the decision",
        required=False,
        help_text="For example, 12 4 2024",
    )
    sent_on = GovDateField(
        label="Date sent to the panel (optional)",
        noun="date sent to the panel",
        required=False,
        help_text="The date the rapid review was sent to the national panel. Its statutory "
        "clock stops on this date.",
    )
    findings = forms.CharField(
        label="What the rapid review found (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[no_full_dates],
        help_text="No names, addresses, schools or dates of birth.",
    )
    panel_response = forms.CharField(
        label="The panel’s response (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_full_dates],
    )
    panel_responded_on = GovDateField(
        label="Date the panel responded (optional)",
        noun="date the panel responded",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        decisions = [Choice(value, label) for value, label in RapidReviewDecision.choices]
        decisions[-1].divider = "or"
        self.fields["decision"].choices = [*decisions, Choice("", "Not decided yet")]
        self.helper.layout = Layout(
            Field.radios("decision"),
            Field("decided_on"),
            Field("sent_on"),
            Field.textarea("findings", rows=6),
            Field.textarea("panel_response", rows=4),
            Field("panel_responded_on"),
        )

    def clean(self):
        cleaned = super().clean()
        for name, noun in (
            ("decided_on", "date of the decision"),
            ("sent_on", "date sent to the panel"),
            ("panel_responded_on", "date the panel responded"),
        ):
            _not_in_future(self, name, noun)
        return cleaned


class RapidReviewMeetingForm(GovForm):
    submit_label = "Add meeting"

    held_on = GovDateField(
        label="Date of the meeting", noun="date of the meeting", help_text="For example, 4 4 2024"
    )


class SummaryRequestForm(GovForm):
    submit_label = "Save request"

    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages={
            "required": "Select the agency asked for a summary",
            "invalid_choice": "Select an agency from the list",
        },
    )
    requested_on = GovDateField(label="Date requested", noun="date requested")
    due_on = GovDateField(
        label="Due date", noun="due date", help_text="The date the summary is due back."
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"requested_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.active()
        self.helper.layout = Layout(
            Field.select("agency"),
            Field("requested_on"),
            Field("due_on"),
        )

    def clean(self):
        cleaned = super().clean()
        dates_in_order(
            self, "requested_on", "due_on", "The due date must be the same as or after the request"
        )
        return cleaned


class SummaryReceivedForm(GovForm):
    submit_label = "Save date received"

    received_on = GovDateField(label="Date received", noun="date received")

    def __init__(self, *args, received_on: datetime.date | None = None, **kwargs):
        kwargs.setdefault("initial", {"received_on": received_on or timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        _not_in_future(self, "received_on", "date received")
        return cleaned
