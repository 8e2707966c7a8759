"""How historical attendance travels in CSV and XLSX (django-import-export): one row a person
at one past session, with whether they attended.

A row names its session by the course's title and the moment it started. A session of that
course starting then is used if the portal has it; otherwise it is added, as long as the
moment is past, from the row's `session_end` (the portal cannot guess how long a session
ran). Every problem is keyed by the field it came from, so the import names the row and the
column; nothing here writes outside the import's transaction.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from import_export import fields, widgets

from partnership.models import Agency, User
from partnership.resources import LookupWidget, PortalResource, TextWidget

from .models import ACTIVE, HOLDS_A_PLACE, Booking, BookingStatus, Course, Session, SessionStatus

MOMENT_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
)
CLOCK_FORMATS = ("%H:%M", "%H:%M:%S", "%H.%M")
OUTCOMES = {
    "attended": BookingStatus.ATTENDED,
    "did not attend": BookingStatus.DID_NOT_ATTEND,
    "did_not_attend": BookingStatus.DID_NOT_ATTEND,
}


def _aware(moment: datetime.datetime) -> datetime.datetime:
    # Spreadsheets hold London's wall-clock time, summer or winter.
    if timezone.is_naive(moment):
        return timezone.make_aware(moment.replace(second=0, microsecond=0))
    return moment


class MomentWidget(widgets.Widget):
    """A date and time as 2024-03-05 09:30 or 05/03/2024 09:30 (day first, as in the UK), or
    a spreadsheet's date-and-time cell, in London's time. With `clock_allowed`, a time alone
    (12:30) is read too and returned as a datetime.time, for the caller to put on a day."""

    def __init__(self, *, clock_allowed: bool = False):
        super().__init__()
        self.clock_allowed = clock_allowed

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, datetime.datetime):
            return _aware(value)
        if isinstance(value, datetime.time) and self.clock_allowed:
            return value.replace(second=0, microsecond=0)
        text = str(value).strip()
        for pattern in MOMENT_FORMATS:
            try:
                return _aware(datetime.datetime.strptime(text, pattern))
            except ValueError:
                continue
        if self.clock_allowed:
            for pattern in CLOCK_FORMATS:
                try:
                    return datetime.datetime.strptime(text, pattern).time()
                except ValueError:
                    continue
            raise ValueError(
                f"“{text}” is not a time or a date and time. Enter it like 12:30 or "
                "2024-03-05 12:30"
            )
        raise ValueError(
            f"“{text}” is not a date and time. Enter it like 2024-03-05 09:30 or 05/03/2024 09:30"
        )

    def render(self, value, obj=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return f"{timezone.localtime(_aware(value)):%Y-%m-%d %H:%M}"
        return f"{value:%H:%M}" if value else ""


class OutcomeWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = " ".join(str(value or "").split())
        if not text:
            return ""
        outcome = OUTCOMES.get(text.casefold())
        if outcome is None:
            raise ValueError(f"“{text}” is not an outcome. Use attended or did not attend")
        return outcome

    def render(self, value, obj=None, **kwargs):
        return BookingStatus(value).label.lower() if value else ""


class EmailWidget(TextWidget):
    def __init__(self, noun: str):
        super().__init__()
        self.noun = noun

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if text:
            try:
                validate_email(text)
            except ValidationError:
                raise ValueError(
                    f"“{text}” is not {self.noun}. Enter it like name@example.org"
                ) from None
        return text


def session_name(course: Course, starts_at: datetime.datetime) -> str:
    return f"{course.title}, {timezone.localtime(starts_at):%-d %B %Y %H:%M}"


class AttendanceResource(PortalResource):
    # The course and the session's times are not fields of a booking: they are read onto the
    # row's instance under these names and turned into its session by check_row.
    course = fields.Field(
        attribute="imported_course",
        column_name="course",
        widget=LookupWidget(Course, "title", "course called"),
    )
    session_start = fields.Field(
        attribute="imported_start", column_name="session_start", widget=MomentWidget()
    )
    session_end = fields.Field(
        attribute="imported_end",
        column_name="session_end",
        widget=MomentWidget(clock_allowed=True),
    )
    attendee_name = fields.Field(
        attribute="attendee_name", column_name="attendee_name", widget=TextWidget()
    )
    work_email = fields.Field(
        attribute="attendee_email",
        column_name="work_email",
        widget=EmailWidget("a work email address"),
    )
    job_title = fields.Field(attribute="job_title", column_name="job_title", widget=TextWidget())
    agency = fields.Field(
        attribute="agency",
        column_name="agency",
        widget=LookupWidget(Agency, "name", "agency called"),
    )
    line_manager_email = fields.Field(
        attribute="line_manager_email",
        column_name="line_manager_email",
        widget=EmailWidget("an email address"),
    )
    outcome = fields.Field(attribute="status", column_name="outcome", widget=OutcomeWidget())

    required = {
        "course": "Enter the title of the course",
        "session_start": "Enter the date and time the session started, like 2024-03-05 09:30",
        "attendee_name": "Enter the attendee’s full name",
        "work_email": "Enter the attendee’s work email address",
        "job_title": "Enter the attendee’s job title",
        "agency": "Enter the name of the attendee’s agency",
        "line_manager_email": "Enter the line manager’s email address",
        "outcome": "Enter attended or did not attend",
    }

    class Meta:
        model = Booking
        fields = (
            "course",
            "session_start",
            "session_end",
            "attendee_name",
            "work_email",
            "job_title",
            "agency",
            "line_manager_email",
            "outcome",
        )
        # Every row is a new booking.
        force_init_instance = True
        clean_model_instances = True
        store_row_values = True
        # The preview shows the file's own cells; nothing is there to compare a new row with.
        skip_diff = True

    def __init__(self, *, by: User | None = None, now: datetime.datetime | None = None):
        super().__init__()
        self.by = by
        self.now = now or timezone.now()

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # (session pk, email) -> the row that booked it
        self.rows_by_person: dict[tuple[int, str], int] = {}
        # session pk -> places it holds, counting the rows so far
        self.held: dict[int, int] = {}
        self.created: set[int] = set()
        self.users = {
            email.casefold(): pk
            for pk, email in User.objects.exclude(email="").values_list("pk", "email")
        }

    def _session(self, instance, errors: dict) -> Session | None:
        """The past session the row names, found, or added when the portal lacks it."""
        # A column that could not be read leaves its name unset (and has said why).
        course = getattr(instance, "imported_course", None)
        starts_at = getattr(instance, "imported_start", None)
        if course is None or starts_at is None:
            return None
        if starts_at >= self.now:
            errors["imported_start"] = [
                f"{session_name(course, starts_at)} has not happened yet. Only past sessions "
                "can be imported"
            ]
            return None
        session = Session.objects.filter(course=course, starts_at=starts_at).first()
        if session is not None:
            if session.status == SessionStatus.CANCELLED:
                errors["imported_start"] = [
                    f"{session_name(course, starts_at)} was cancelled: nobody attended it"
                ]
                return None
            return session
        ends_at = getattr(instance, "imported_end", None)
        if isinstance(ends_at, datetime.time):
            ends_at = _aware(datetime.datetime.combine(timezone.localdate(starts_at), ends_at))
        if ends_at is None:
            if "imported_end" not in errors:
                errors["imported_end"] = [
                    f"The portal has no session of “{course.title}” starting "
                    f"{timezone.localtime(starts_at):%-d %B %Y at %H:%M}. Enter the time it "
                    "ended, like 12:30, so it can be added, or check the start"
                ]
            return None
        if ends_at <= starts_at:
            errors["imported_end"] = ["The session must end after it starts"]
            return None
        # Holds the rows' places; the import sets it to the number of rows once they are in.
        session = Session.objects.create(
            course=course, starts_at=starts_at, ends_at=ends_at, capacity=1
        )
        self.created.add(session.pk)
        return session

    def check_row(self, instance, row, errors, row_number):
        session = self._session(instance, errors)
        if session is None:
            return  # the course, the start or the end is at fault, and says so
        instance.session = session
        instance.queued_at = instance.confirmed_at = session.starts_at
        instance.booked_by = instance.attendance_marked_by = self.by
        instance.attendance_marked_at = self.now
        email = (instance.attendee_email or "").casefold()
        # The attendee's account, when they have one, so the course shows among their own.
        instance.user_id = self.users.get(email)
        if email and "attendee_email" not in errors:
            self._check_person(session, email, errors, row_number)
        if session.pk not in self.held:
            self.held[session.pk] = session.bookings.filter(status__in=HOLDS_A_PLACE).count()
        if errors:
            return
        if session.pk not in self.created and self.held[session.pk] >= session.capacity:
            errors["imported_start"] = [
                f"{session_name(session.course, session.starts_at)} has {session.capacity} "
                "places, all held: this row would be one too many. Raise the session’s "
                "capacity first"
            ]
            return
        self.held[session.pk] += 1

    def _check_person(self, session: Session, email: str, errors: dict, row_number: int):
        key = (session.pk, email)
        if key in self.rows_by_person:
            errors["attendee_email"] = [
                f"This person is also on row {self.rows_by_person[key]} for the same session"
            ]
        elif session.bookings.filter(status__in=ACTIVE, attendee_email__iexact=email).exists():
            errors["attendee_email"] = [
                "This person already has a booking on "
                + session_name(session.course, session.starts_at)
            ]
        self.rows_by_person.setdefault(key, row_number)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if instance.session_id is None:
            # check_row has said why the row has no session (there is always a reason); the
            # booking's own checks would only add that a session is needed.
            raise ValidationError(import_validation_errors)
        super().validate_instance(instance, import_validation_errors, validate_unique)
