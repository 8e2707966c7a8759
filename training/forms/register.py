"""Forms for a session's register, the charges list, waiving a charge and the agencies'
charges statement."""

import datetime

from crispy_forms_gds.layout import Div, Field, Layout, Size
from django import forms
from django.utils import timezone

from partnership.forms import FilterForm, GovDateField, GovForm, dates_in_order
from partnership.forms.meetings import literal
from partnership.models import Agency, Role

from ..models import Booking, BookingStatus, ChargeKind

ATTENDED = "attended"
DID_NOT_ATTEND = "did_not_attend"
LEFT_EARLY = "left_early"
REGISTER_CHOICES = [
    (ATTENDED, "Attended"),
    (DID_NOT_ATTEND, "Did not attend"),
    (LEFT_EARLY, "Left early"),
]


def _marked(booking: Booking) -> str | None:
    if booking.status == BookingStatus.ATTENDED:
        return ATTENDED
    if booking.status == BookingStatus.DID_NOT_ATTEND:
        return LEFT_EARLY if booking.left_early else DID_NOT_ATTEND
    return None


class RegisterForm(GovForm):
    """A question for each person on the register. The fields are made from the bookings, so
    nobody else can be posted in; every person must be marked, and all are saved together."""

    submit_label = "Save the register"

    def __init__(self, *args, bookings: list[Booking], **kwargs):
        super().__init__(*args, **kwargs)
        self.bookings = bookings
        layout = []
        for booking in bookings:
            name = f"booking_{booking.pk}"
            self.fields[name] = forms.ChoiceField(
                label=f"{literal(booking.attendee_name)}, {literal(booking.job_title)}, "
                f"{literal(booking.agency.name)}",
                choices=REGISTER_CHOICES,
                widget=forms.RadioSelect,
                initial=_marked(booking),
                error_messages={"required": f"Select whether {booking.attendee_name} attended"},
            )
            layout.append(Field.radios(name, legend_size=Size.SMALL, inline=True, small=True))
        self.helper.layout = Layout(*layout)

    def marks(self) -> tuple[dict[int, str], set[int]]:
        """What training.services.attendance.register_mark takes: each booking's mark, and
        the bookings of those who left early."""
        marks, left_early = {}, set()
        for booking in self.bookings:
            answer = self.cleaned_data[f"booking_{booking.pk}"]
            if answer == ATTENDED:
                marks[booking.pk] = BookingStatus.ATTENDED
            else:
                marks[booking.pk] = BookingStatus.DID_NOT_ATTEND
                if answer == LEFT_EARLY:
                    left_early.add(booking.pk)
        return marks, left_early


WAIVED_CHOICES = [("", "Waived or not"), ("no", "Not waived"), ("yes", "Waived")]


class ChargeFilterForm(FilterForm):
    """The filters above the charges list. An agency lead sees only their own agency's
    charges, so has no agency to choose."""

    start = GovDateField(label="Raised from", noun="start date", required=False)
    end = GovDateField(label="Raised to", noun="end date", required=False)
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.order_by("name"),
        required=False,
        empty_label="All agencies",
        error_messages={"invalid_choice": "Select an agency from the list"},
    )
    kind = forms.ChoiceField(
        label="Kind of charge", choices=[("", "All kinds"), *ChargeKind.choices], required=False
    )
    waived = forms.ChoiceField(label="Waived", choices=WAIVED_CHOICES, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        selects = ["agency", "kind", "waived"]
        if user.role != Role.BUSINESS_UNIT:
            del self.fields["agency"]
            selects.remove("agency")
        self.helper.layout = Layout(
            Div(
                Div(Field("start"), css_class="govuk-grid-column-one-half"),
                Div(Field("end"), css_class="govuk-grid-column-one-half"),
                css_class="govuk-grid-row",
            ),
            Div(
                *(
                    Div(Field.select(name), css_class="govuk-grid-column-one-third")
                    for name in selects
                ),
                css_class="govuk-grid-row",
            ),
        )

    def clean(self):
        cleaned = super().clean()
        dates_in_order(self, "start", "end")
        return cleaned

    def apply(self, charges):
        """The charges that pass the filters. A filter that does not validate is shown in
        error and otherwise left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("start"):
            charges = charges.filter(raised_on__gte=data["start"])
        if data.get("end"):
            charges = charges.filter(raised_on__lte=data["end"])
        if data.get("agency"):
            charges = charges.filter(agency=data["agency"])
        if data.get("kind"):
            charges = charges.filter(kind=data["kind"])
        if data.get("waived") == "yes":
            charges = charges.filter(waived_at__isnull=False)
        elif data.get("waived") == "no":
            charges = charges.filter(waived_at__isnull=True)
        return charges

    def in_force(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in self.fields)


class ChargeWaiveForm(GovForm):
    submit_label = "Waive the charge"

    reason = forms.CharField(
        label="Why is the charge waived?",
        help_text="For example: illness on the day, confirmed by their line manager. The agency "
        "lead can read this.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": "Enter the reason for waiving the charge",
            "max_length": "The reason must be 2000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("reason", label_size=Size.MEDIUM, rows=4))

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter the reason for waiving the charge")
        return reason


def financial_year_start(today: datetime.date) -> datetime.date:
    """1 April of the financial year `today` falls in: the period the budget counts fees in."""
    year = today.year if today.month >= 4 else today.year - 1
    return datetime.date(year, 4, 1)


class StatementForm(FilterForm):
    """The period (and, for the business unit, the agency) of the charges statement. Unfilled,
    it is the financial year so far, the period the budget reads the fees for."""

    submit_label = "Show the statement"

    start = GovDateField(label="From", noun="start date")
    end = GovDateField(label="To", noun="end date", help_text="Charges raised on both dates count.")
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.order_by("name"),
        required=False,
        empty_label="All agencies",
        error_messages={"invalid_choice": "Select an agency from the list"},
    )

    def __init__(self, data=None, *, user, **kwargs):
        if not data or not any(key.startswith(("start", "end", "agency")) for key in data):
            today = timezone.localdate()
            start = financial_year_start(today)
            data = {
                "start_0": start.day,
                "start_1": start.month,
                "start_2": start.year,
                "end_0": today.day,
                "end_1": today.month,
                "end_2": today.year,
            }
        super().__init__(data, **kwargs)
        fields = [Field("start"), Field("end")]
        if user.role == Role.BUSINESS_UNIT:
            fields.append(Field.select("agency"))
        else:
            del self.fields["agency"]
        self.helper.layout = Layout(*fields)

    def clean(self):
        cleaned = super().clean()
        dates_in_order(self, "start", "end")
        return cleaned
