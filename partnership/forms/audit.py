"""The filters above the audit log."""

import datetime

from crispy_forms_gds.layout import Div, Field, Layout
from django import forms
from django.utils import timezone

from ..models import AuditEntry, AuditVerb
from ..services.audit import record_type_label
from . import FilterForm, GovDateField, dates_in_order


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AuditFilterForm(FilterForm):
    user = forms.CharField(label="User name, or part of it", required=False, max_length=150)
    verb = forms.ChoiceField(
        label="What they did",
        choices=[("", "Anything"), *AuditVerb.choices],
        required=False,
        error_messages={"invalid_choice": "Select what they did from the list"},
    )
    record_type = forms.ChoiceField(
        label="Kind of record",
        required=False,
        error_messages={"invalid_choice": "Select a kind of record from the list"},
    )
    start = GovDateField(label="From", noun="start date", required=False)
    # No hint beside the dates: it would push one of the two out of line with the other.
    end = GovDateField(label="To", noun="end date", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the kinds the log holds, so the list never offers a filter that must come up empty.
        kinds = (
            AuditEntry.objects.exclude(record_type="")
            .order_by()
            .values_list("record_type", flat=True)
            .distinct()
        )
        self.fields["record_type"].choices = [("", "All kinds")] + sorted(
            ((kind, record_type_label(kind)) for kind in kinds), key=lambda choice: choice[1]
        )
        self.helper.layout = Layout(
            Div(
                Div(Field.text("user"), css_class="govuk-grid-column-one-third"),
                Div(Field.select("verb"), css_class="govuk-grid-column-one-third"),
                Div(Field.select("record_type"), css_class="govuk-grid-column-one-third"),
                css_class="govuk-grid-row",
            ),
            Div(
                Div(Field("start"), css_class="govuk-grid-column-one-half"),
                Div(Field("end"), css_class="govuk-grid-column-one-half"),
                css_class="govuk-grid-row",
            ),
        )

    def clean_user(self):
        return self.cleaned_data["user"].strip()

    def clean(self):
        cleaned = super().clean()
        dates_in_order(self, "start", "end")
        return cleaned

    def apply(self, entries):
        """The entries that pass the filters. A filter that does not validate is shown in
        error and otherwise left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("user"):
            entries = entries.filter(username__icontains=data["user"])
        if data.get("verb"):
            entries = entries.filter(verb=data["verb"])
        if data.get("record_type"):
            entries = entries.filter(record_type=data["record_type"])
        # Whole days on London time, as a range on `at` so that its index serves the filter.
        if data.get("start"):
            entries = entries.filter(at__gte=_midnight(data["start"]))
        if data.get("end"):
            entries = entries.filter(at__lt=_midnight(data["end"] + datetime.timedelta(days=1)))
        return entries

    def in_force(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in self.fields)

    def described(self) -> str:
        """The filters in force, in words, for the audit entry of an export."""
        data = getattr(self, "cleaned_data", {})
        parts = []
        if data.get("user"):
            parts.append(f"user name containing “{data['user']}”")
        if data.get("verb"):
            parts.append(AuditVerb(data["verb"]).label.lower())
        if data.get("record_type"):
            parts.append(record_type_label(data["record_type"]).lower())
        if data.get("start"):
            parts.append(f"from {data['start']:%-d %B %Y}")
        if data.get("end"):
            parts.append(f"to {data['end']:%-d %B %Y}")
        return ", ".join(parts)
