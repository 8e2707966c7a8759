"""The booking pages' forms: a practitioner booking themselves, an agency lead booking a
colleague, handing a place to a colleague, and the agency lead's filters."""

from crispy_forms_gds.layout import Div, Field, Layout
from django import forms
from django.conf import settings

from partnership.forms import FilterForm, GovForm
from partnership.models import Agency

from ..models import BookingStatus, Session

EMAIL_FORMAT = "in the correct format, like name@example.org"


def _email(label: str, noun: str, **kwargs) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        max_length=254,
        error_messages={
            "required": f"Enter {noun}",
            "invalid": f"Enter {noun} {EMAIL_FORMAT}",
        },
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
        **kwargs,
    )


def _job_title(label: str = "Job title", noun: str = "your job title") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=200,
        error_messages={
            "required": f"Enter {noun}",
            "max_length": "The job title must be 200 characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )


class _ManagerEmailMixin:
    """The line manager approves bookings and hears about no-shows: it must be someone else."""

    def attendee_email(self) -> str:
        raise NotImplementedError

    def clean_line_manager_email(self):
        manager = self.cleaned_data["line_manager_email"].strip()
        attendee = (self.attendee_email() or "").strip()
        if attendee and manager.lower() == attendee.lower():
            raise forms.ValidationError(
                "Enter your line manager’s email address, not the attendee’s own"
            )
        return manager


class BookForm(_ManagerEmailMixin, GovForm):
    """A practitioner books a place for themselves; their name and email come from their
    account."""

    submit_label = "Continue"

    job_title = _job_title()
    agency = forms.ModelChoiceField(
        label="Agency you work for",
        queryset=Agency.objects.active(),
        empty_label="Choose your agency",
        help_text="The price of a place, and any charge, depends on the kind of agency.",
        error_messages={
            "required": "Select the agency you work for",
            "invalid_choice": "Select the agency you work for from the list",
        },
    )
    line_manager_email = _email(
        "Your line manager’s email address",
        "your line manager’s email address",
        help_text="Some courses ask your line manager to approve the booking; we also tell "
        "them if you do not attend.",
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("job_title"), Field.select("agency"), Field.text("line_manager_email")
        )

    def attendee_email(self) -> str:
        return self.user.email


class ColleagueForm(_ManagerEmailMixin, GovForm):
    """A colleague from the same agency: booked by their agency lead, or handed a place."""

    name = forms.CharField(
        label="Colleague’s full name",
        max_length=200,
        error_messages={
            "required": "Enter your colleague’s full name",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    email = _email("Colleague’s work email address", "your colleague’s work email address")
    job_title = _job_title("Colleague’s job title", "your colleague’s job title")
    line_manager_email = _email(
        "Colleague’s line manager’s email address",
        "your colleague’s line manager’s email address",
    )

    def __init__(self, *args, submit_label: str, current_email: str = "", **kwargs):
        self.submit_label = submit_label
        # The attendee handing the place on: it must go to someone else.
        self.current_email = current_email
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("name"),
            Field.text("email"),
            Field.text("job_title"),
            Field.text("line_manager_email"),
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email.rsplit("@", 1)[-1].lower() in settings.PERSONAL_EMAIL_DOMAINS:
            raise forms.ValidationError(
                "Enter your colleague’s work email address, not a personal one"
            )
        if self.current_email and email.lower() == self.current_email.lower():
            raise forms.ValidationError(
                "Enter the email address of the colleague taking the place, not the attendee’s"
            )
        return email

    def attendee_email(self) -> str:
        return self.cleaned_data.get("email", "")


class AgencyBookingFilterForm(FilterForm):
    """The filters above an agency lead's list of their agency's bookings."""

    WHEN = [("", "Upcoming and past"), ("upcoming", "Upcoming"), ("past", "Past")]

    when = forms.ChoiceField(label="When", choices=WHEN, required=False)
    session = forms.ModelChoiceField(
        label="Session",
        queryset=Session.objects.none(),
        required=False,
        empty_label="All sessions",
        error_messages={"invalid_choice": "Select a session from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "All statuses"), *BookingStatus.choices],
        required=False,
        error_messages={"invalid_choice": "Select a status from the list"},
    )

    def __init__(self, *args, bookings, **kwargs):
        """`bookings` are the agency's: only sessions they booked onto are offered."""
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = (
            Session.objects.filter(pk__in=bookings.values("session_id"))
            .select_related("course")
            .order_by("-starts_at", "pk")
        )
        self.helper.layout = Layout(
            Div(
                Div(Field.select("when"), css_class="govuk-grid-column-one-quarter"),
                Div(Field.select("session"), css_class="govuk-grid-column-one-half"),
                Div(Field.select("status"), css_class="govuk-grid-column-one-quarter"),
                css_class="govuk-grid-row",
            )
        )

    def apply(self, bookings, *, now):
        """The bookings that pass the filters; a filter that does not validate (a session
        gone from a bookmarked link) shows its error and is otherwise left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("when") == "upcoming":
            bookings = bookings.filter(session__starts_at__gt=now)
        elif data.get("when") == "past":
            bookings = bookings.filter(session__starts_at__lte=now)
        if data.get("session"):
            bookings = bookings.filter(session=data["session"])
        if data.get("status"):
            bookings = bookings.filter(status=data["status"])
        return bookings

    def in_force(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in self.fields)
