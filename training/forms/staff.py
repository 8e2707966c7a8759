"""The business unit's forms: courses, sessions, booking on someone's behalf, moving a
booking, the price of a place, and the filters above the lists."""

import datetime
import re
from decimal import Decimal

from crispy_forms_gds.layout import Div, Field, Fieldset, Layout, Size
from django import forms
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import dateformat, timezone

from partnership.forms import FilterForm, GovDateField, GovForm, GovFormMixin, MoneyField
from partnership.models import Agency, AgencyKind

from ..models import Course, Level, Session, SessionStatus

EMAIL_FORMAT = "in the correct format, like name@example.org"
# "9:30", "09.30", "9:30am", "2pm", "14:00"
CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


def _email(label: str, noun: str, **kwargs) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        max_length=254,
        error_messages={"required": f"Enter {noun}", "invalid": f"Enter {noun} {EMAIL_FORMAT}"},
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
        **kwargs,
    )


# Filters


class CourseFilterForm(FilterForm):
    SHOW = [("active", "Active courses"), ("inactive", "Inactive courses"), ("all", "All courses")]

    show = forms.ChoiceField(
        label="Show",
        choices=SHOW,
        required=False,
        error_messages={"invalid_choice": "Select active, inactive or all courses"},
    )

    def shown(self) -> str:
        """Which courses to list: active ones unless the filter asks otherwise."""
        if self.is_valid() and self.cleaned_data["show"]:
            return self.cleaned_data["show"]
        return "active"


class SessionFilterForm(FilterForm):
    WHEN = [("upcoming", "Upcoming"), ("past", "Past"), ("all", "Upcoming and past")]

    when = forms.ChoiceField(
        label="When",
        choices=WHEN,
        required=False,
        error_messages={"invalid_choice": "Select upcoming, past, or both"},
    )
    course = forms.ModelChoiceField(
        label="Course",
        queryset=Course.objects.order_by("title", "pk"),
        required=False,
        empty_label="All courses",
        error_messages={"invalid_choice": "Select a course from the list"},
    )
    month = forms.DateField(
        label="Month",
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.Select,
        error_messages={"invalid": "Choose a month from the list"},
    )

    def __init__(self, *args, months=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].widget.choices = [("", "Any month")] + [
            (f"{month:%Y-%m}", f"{month:%B %Y}") for month in months
        ]
        self.helper.layout = Layout(
            Div(
                Div(Field.select("when"), css_class="govuk-grid-column-one-quarter"),
                Div(Field.select("course"), css_class="govuk-grid-column-one-half"),
                Div(Field.select("month"), css_class="govuk-grid-column-one-quarter"),
                css_class="govuk-grid-row",
            )
        )

    def apply(self, sessions, *, now):
        """The sessions that pass the filters, soonest first when upcoming, newest first when
        past; a filter that does not validate shows its error and is otherwise left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        when = data.get("when") or "upcoming"
        if when == "upcoming":
            sessions = sessions.filter(starts_at__gt=now).order_by("starts_at", "pk")
        elif when == "past":
            sessions = sessions.filter(starts_at__lte=now).order_by("-starts_at", "-pk")
        else:
            sessions = sessions.order_by("-starts_at", "-pk")
        if data.get("course"):
            sessions = sessions.filter(course=data["course"])
        if data.get("month"):
            month = data["month"]
            sessions = sessions.filter(starts_at__year=month.year, starts_at__month=month.month)
        return sessions


# Courses


class CourseForm(GovFormMixin, forms.ModelForm):
    submit_label = "Save the course"

    class Meta:
        model = Course
        fields = [
            "title",
            "summary",
            "learning_objectives",
            "level",
            "series",
            "provider",
            "needs_manager_approval",
        ]
        labels = {
            "title": "Title",
            "summary": "Summary",
            "learning_objectives": "Learning objectives",
            "level": "Level",
            "series": "Series (optional)",
            "provider": "Provider (optional)",
            "needs_manager_approval": "The line manager approves each booking",
        }
        help_texts = {
            "summary": "What the course covers and who it is for, as the public programme "
            "shows it.",
            "learning_objectives": "One objective a line. Attendees say afterwards whether "
            "they were met.",
            "needs_manager_approval": "We email the attendee’s line manager a link to approve "
            "the booking; the place is held meanwhile, and released if nobody approves in "
            "time. A change applies to bookings made after it.",
        }
        widgets = {"level": forms.RadioSelect}
        error_messages = {
            "title": {
                "required": "Enter the title of the course",
                "max_length": "The title must be 200 characters or fewer",
            },
            "summary": {"required": "Enter a summary of the course"},
            "learning_objectives": {"required": "Enter the learning objectives, one a line"},
            "level": {"required": "Select the level of the course"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = Level.choices
        self.helper.layout = Layout(
            Field.text("title"),
            Field.textarea("summary", rows=4),
            Field.textarea("learning_objectives", rows=5),
            Field.radios("level", legend_size=Size.SMALL),
            Field.text("series", field_width=20),
            Field.text("provider"),
            Field.checkbox("needs_manager_approval"),
        )


# Sessions


class ClockField(forms.Field):
    """A time of day as people type it: 9:30, 09.30, 9:30am, 2pm or 14:00."""

    widget = forms.TextInput

    def __init__(self, *, noun: str, **kwargs):
        self.noun = noun
        super().__init__(
            error_messages={"required": f"Enter the {noun}"},
            help_text="For example, 9:30am or 14:00",
            **kwargs,
        )
        self.widget.attrs.update({"spellcheck": "false"})

    def to_python(self, value):
        text = (value or "").strip().lower().replace(" ", "")
        if not text:
            return None
        match = CLOCK.match(text)
        if match:
            hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
            if half and 1 <= hour <= 12:
                # 12am is midnight and 12pm is noon.
                hour = hour % 12 + (12 if half == "pm" else 0)
            elif half:
                hour = 24  # "13pm": not a time
            if hour < 24 and minute < 60:
                return datetime.time(hour, minute)
        raise forms.ValidationError(f"Enter the {self.noun} like 9:30am or 14:00")

    def prepare_value(self, value):
        if isinstance(value, datetime.time):
            return f"{value:%H:%M}"
        return value


class SessionForm(GovForm):
    """A session's day, times, place and places. The times are London's, whatever the
    season."""

    submit_label = "Save the session"

    day = GovDateField(label="Date", noun="date of the session", help_text="For example, 5 3 2026")
    start_time = ClockField(label="Start time", noun="start time")
    end_time = ClockField(label="End time", noun="end time")
    venue = forms.CharField(
        label="Venue",
        max_length=300,
        required=False,
        help_text="Leave blank for a session held only online.",
        error_messages={"max_length": "The venue must be 300 characters or fewer"},
    )
    online_url = forms.URLField(
        label="Online joining link",
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text="Sent with the confirmation only, never shown on the public programme.",
        error_messages={
            "invalid": "Enter the joining link as a full web address, like "
            "https://meet.example.org/abc",
            "max_length": "The joining link must be 200 characters or fewer",
        },
    )
    capacity = forms.IntegerField(
        label="Number of places",
        min_value=1,
        max_value=1000,
        error_messages={
            "required": "Enter the number of places",
            "invalid": "Enter the number of places as a whole number, like 20",
            "min_value": "A session needs at least 1 place",
            "max_value": "A session can have no more than 1,000 places",
        },
    )
    trainer = forms.CharField(
        label="Trainer (optional)",
        max_length=200,
        required=False,
        error_messages={"max_length": "The trainer’s name must be 200 characters or fewer"},
    )

    def __init__(self, *args, session: Session | None = None, **kwargs):
        if session is not None and session.pk and not kwargs.get("initial"):
            starts = timezone.localtime(session.starts_at)
            ends = timezone.localtime(session.ends_at)
            kwargs["initial"] = {
                "day": starts.date(),
                "start_time": starts.time(),
                "end_time": ends.time(),
                "venue": session.venue,
                "online_url": session.online_url,
                "capacity": session.capacity,
                "trainer": session.trainer,
            }
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field("day"),
            Field.text("start_time", field_width=5),
            Field.text("end_time", field_width=5),
            Field.text("venue"),
            Field.text("online_url"),
            Field.text("capacity", field_width=4),
            Field.text("trainer"),
        )

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("day"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            zone = timezone.get_current_timezone()
            cleaned["starts_at"] = datetime.datetime.combine(day, start, tzinfo=zone)
            cleaned["ends_at"] = datetime.datetime.combine(day, end, tzinfo=zone)
            if end <= start:
                self.add_error("end_time", "The end time must be after the start time")
        has_place = cleaned.get("venue", "").strip() or cleaned.get("online_url", "").strip()
        if not has_place and not self.has_error("online_url"):
            self.add_error("venue", "Enter the venue, the online joining link, or both")
        return cleaned

    def session_details(self) -> dict:
        """What the session services take."""
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("starts_at", "ends_at", "capacity", "venue", "online_url", "trainer")
        }


# Bookings


class AttendeeForm(GovForm):
    """The business unit books a place for someone, from any agency."""

    submit_label = "Book the place"

    name = forms.CharField(
        label="Attendee’s full name",
        max_length=200,
        error_messages={
            "required": "Enter the attendee’s full name",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    email = _email("Attendee’s work email address", "the attendee’s work email address")
    job_title = forms.CharField(
        label="Attendee’s job title",
        max_length=200,
        error_messages={
            "required": "Enter the attendee’s job title",
            "max_length": "The job title must be 200 characters or fewer",
        },
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.active(),
        empty_label="Choose the attendee’s agency",
        help_text="The price of the place, and any charge, depends on the kind of agency.",
        error_messages={
            "required": "Select the attendee’s agency",
            "invalid_choice": "Select the attendee’s agency from the list",
        },
    )
    line_manager_email = _email(
        "Line manager’s email address",
        "the line manager’s email address",
        help_text="They approve the booking where the course asks for it, and hear if the "
        "attendee does not attend.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("name"),
            Field.text("email"),
            Field.text("job_title"),
            Field.select("agency"),
            Field.text("line_manager_email"),
        )

    def clean(self):
        cleaned = super().clean()
        attendee, manager = cleaned.get("email", ""), cleaned.get("line_manager_email", "")
        if attendee and manager and attendee.strip().lower() == manager.strip().lower():
            self.add_error(
                "line_manager_email",
                "Enter the line manager’s email address, not the attendee’s own",
            )
        return cleaned


def when(session: Session) -> str:
    """ "Tuesday 5 March 2026, 9:30am", in London's time."""
    starts = timezone.localtime(session.starts_at)
    return dateformat.format(starts, "l j F Y, g:i") + ("am" if starts.hour < 12 else "pm")


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, session):
        left = session.places_left
        return (
            f"{session.course.title}, {when(session)} ({left} place{'s' if left != 1 else ''} left)"
        )


class MoveForm(GovForm):
    """Another upcoming session with a place, the same course's listed first."""

    submit_label = "Move the booking"

    to = SessionChoiceField(
        label="Session to move the booking to",
        queryset=Session.objects.none(),
        empty_label="Choose a session",
        error_messages={
            "required": "Select the session to move the booking to",
            "invalid_choice": "Select a session from the list: that one is full or has started",
        },
    )

    def __init__(self, *args, booking, now, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = (
            Session.objects.filter(
                status=SessionStatus.SCHEDULED,
                starts_at__gt=now,
                places_held__lt=F("capacity"),
            )
            .exclude(pk=booking.session_id)
            .select_related("course")
            .annotate(
                other_course=Case(
                    When(course_id=booking.session.course_id, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("other_course", "starts_at", "pk")
        )
        self.helper.layout = Layout(Field.select("to"))


# Prices


class PricesForm(GovForm):
    """The price of a place for each kind of agency; a blank is free."""

    submit_label = "Save the prices"

    def __init__(self, *args, prices: dict[str, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in AgencyKind:
            self.fields[kind.value] = MoneyField(
                noun=f"price for {kind.label.split(' (')[0].lower()}",
                max_digits=8,
                example="60 or 60.00",
                width=5,
                label=kind.label,
                initial=prices.get(kind.value),
            )
        self.helper.layout = Layout(
            Fieldset(
                *(Field.text(kind.value) for kind in AgencyKind),
                legend="Price of a place in pounds (£)",
                legend_size=Size.MEDIUM,
            )
        )

    def amounts(self) -> dict[str, Decimal | None]:
        return {kind.value: self.cleaned_data[kind.value] for kind in AgencyKind}
