"""The register of a session: who attended, who did not, and the charges that follow; the
printable sign-in sheet and the register's CSV.

Both marks hold the place (Session.places_held counts ATTENDED and DID_NOT_ATTEND as it counts
CONFIRMED), so marking never frees or claims a place. Leaving early counts as not attending:
the agency is charged as for a no-show, and the booking remembers that the person came.
"""

import datetime
from dataclasses import dataclass, field

import tablib
import weasyprint
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from partnership.models import User
from partnership.resources import escape_formula
from partnership.services.spreadsheets import ExportFile, export_file

from ..models import Booking, BookingStatus, Charge, ChargeKind, EmailKind, Session, SessionStatus
from .charges import charge_raise
from .emails import send_after_commit

# Who is on the register: confirmed places, and places already marked (a mark can be corrected).
ON_THE_REGISTER = (
    BookingStatus.CONFIRMED,
    BookingStatus.ATTENDED,
    BookingStatus.DID_NOT_ATTEND,
)
MARKS = (BookingStatus.ATTENDED, BookingStatus.DID_NOT_ATTEND)
# WeasyPrint's tagged variant, as the yearly report uses: a screen reader can read the sheet.
PDF_VARIANT = "pdf/ua-1"


class AttendanceError(ValidationError):
    """A register the rules refuse; nothing of it was saved. The message says why."""


@dataclass
class RegisterMarked:
    """What marking the register did: the bookings as marked, and the charges it raised and
    took away (an unwaived charge that a corrected mark no longer justifies)."""

    bookings: list[Booking] = field(default_factory=list)
    raised: list[Charge] = field(default_factory=list)
    removed: list[Charge] = field(default_factory=list)


def register_bookings(session: Session):
    """The bookings on a session's register, by name."""
    return (
        session.bookings.filter(status__in=ON_THE_REGISTER)
        .select_related("agency")
        .order_by("attendee_name", "pk")
    )


def register_open(session: Session, *, today: datetime.date | None = None) -> bool:
    """A register is marked from the day of the session: people sign in as they arrive."""
    today = today or timezone.localdate()
    return (
        session.status == SessionStatus.SCHEDULED and timezone.localdate(session.starts_at) <= today
    )


def _refuse(session: Session, marks: dict, left_early: set) -> None:
    if session.status != SessionStatus.SCHEDULED:
        raise AttendanceError("This session was cancelled: there is no register to mark")
    if not register_open(session):
        day = timezone.localdate(session.starts_at)
        raise AttendanceError(
            f"The register can be marked from the day of the session, {day:%-d %B %Y}"
        )
    if not marks and not left_early:
        raise AttendanceError("Mark at least one attendee")
    for pk, status in marks.items():
        if status not in MARKS:
            raise AttendanceError(
                f"Mark each attendee as attended or did not attend, not {status!r}"
            )
        if pk in left_early and status != BookingStatus.DID_NOT_ATTEND:
            raise AttendanceError(
                "Someone who left early did not attend: they cannot be marked as attended too"
            )


def _uncharge(booking: Booking, kind: ChargeKind) -> list[Charge]:
    """Take away an unwaived charge a corrected mark no longer justifies. A waived one stays:
    it records a decision someone made, and it counts for nothing."""
    charges = list(booking.charges.filter(kind=kind, waived_at__isnull=True))
    for charge in charges:
        charge.delete()
    return charges


def _charge(booking: Booking, status: BookingStatus, day: datetime.date, done: RegisterMarked):
    """Raise the charge the mark calls for and take away the one it no longer does."""
    if status == BookingStatus.DID_NOT_ATTEND:
        # A no-show pays the non-attendance charge instead of the place.
        done.removed += _uncharge(booking, ChargeKind.PLACE)
        charge = charge_raise(
            booking=booking,
            kind=ChargeKind.NON_ATTENDANCE,
            amount=settings.TRAINING_LATE_CHARGE,
            on=day,
        )
        send_after_commit(
            booking,
            EmailKind.NO_SHOW,
            to=[booking.attendee_email, booking.line_manager_email],
            context={
                "charge_amount": str(charge.amount) if charge is not None else "",
                "partnership_email": settings.PARTNERSHIP_EMAIL,
            },
        )
    else:
        done.removed += _uncharge(booking, ChargeKind.NON_ATTENDANCE)
        charge = charge_raise(booking=booking, kind=ChargeKind.PLACE, amount=booking.price, on=day)
    # charge_raise hands back the charge a kind already had; only one made now is news.
    if charge is not None and charge.created_at >= booking.attendance_marked_at:
        done.raised.append(charge)


def register_mark(
    *, session: Session, marks: dict[int, str], left_early: set[int] = frozenset(), by: User
) -> RegisterMarked:
    """Mark the register: `marks` maps booking ids to ATTENDED or DID_NOT_ATTEND, and the
    bookings in `left_early` did not attend because they left early. All or nothing: one
    booking the rules refuse and none is marked.

    Attending a priced place raises the place's charge; not attending raises the
    non-attendance charge and asks the attendee and their line manager why. A mark may be
    corrected later, which takes away the unwaived charge the old mark raised."""
    marks = {int(pk): status for pk, status in marks.items()}
    left_early = {int(pk) for pk in left_early}
    for pk in left_early:
        marks.setdefault(pk, BookingStatus.DID_NOT_ATTEND)
    done = RegisterMarked()
    with transaction.atomic():
        # The session first, then its bookings, in the order booking changes take them.
        locked = Session.objects.select_for_update().select_related("course").get(pk=session.pk)
        _refuse(locked, marks, left_early)
        bookings = {
            booking.pk: booking
            for booking in Booking.objects.select_for_update()
            .filter(session=locked, pk__in=marks)
            .order_by("pk")
        }
        unknown = set(marks) - set(bookings)
        if unknown:
            raise AttendanceError("Someone on the register is no longer booked on this session")
        for booking in bookings.values():
            if booking.status not in ON_THE_REGISTER:
                raise AttendanceError(
                    f"{booking.attendee_name}’s booking is "
                    f"{booking.get_status_display().lower()}: they are not on the register"
                )
        now = timezone.now()
        day = timezone.localdate(locked.starts_at)
        for pk in sorted(bookings):
            booking = bookings[pk]
            booking.session = locked
            booking.status = marks[pk]
            booking.left_early = pk in left_early
            booking.attendance_marked_at = now
            booking.attendance_marked_by = by
            booking.save(
                update_fields=[
                    "status", "left_early", "attendance_marked_at", "attendance_marked_by",
                ]
            )  # fmt: skip
            _charge(booking, booking.status, day, done)
            done.bookings.append(booking)
    return done


def mark_label(booking: Booking) -> str:
    """The register's word for a booking: how it was marked, or that it is not marked yet."""
    if booking.status == BookingStatus.DID_NOT_ATTEND and booking.left_early:
        return "Left early"
    if booking.status in MARKS:
        return booking.get_status_display()
    return "Not marked"


# The printable sign-in sheet and the register's spreadsheet


def _stem(session: Session) -> str:
    day = timezone.localdate(session.starts_at)
    return f"register-{slugify(session.course.title)[:60]}-{day:%Y-%m-%d}"


def sign_in_sheet_pdf(session: Session) -> bytes:
    """A sheet to print for the day: the course, when and where, the trainer, and a row for
    each attendee to sign."""
    html = render_to_string(
        "training/sign_in_sheet.html",
        {
            "session": session,
            "course": session.course,
            "bookings": register_bookings(session),
            "partnership_name": settings.PARTNERSHIP_NAME,
        },
    )
    return weasyprint.HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)


def sign_in_sheet_filename(session: Session) -> str:
    return _stem(session).replace("register-", "sign-in-sheet-", 1) + ".pdf"


REGISTER_COLUMNS = (
    "Name",
    "Email",
    "Job title",
    "Agency",
    "Line manager email",
    "Attendance",
    "Charges",
)


def register_export(*, session: Session, file_format: str = "csv") -> ExportFile:
    """The register as a spreadsheet, a row for each attendee. Names and job titles are typed
    by the people booking, so every cell is escaped against formulas."""
    bookings = register_bookings(session).prefetch_related("charges")
    dataset = tablib.Dataset(headers=list(REGISTER_COLUMNS))
    for booking in bookings:
        charges = "; ".join(
            f"{charge.get_kind_display()} £{charge.amount}"
            + (" (waived)" if charge.is_waived else "")
            for charge in booking.charges.all()
        )
        dataset.append(
            [
                escape_formula(value)
                for value in (
                    booking.attendee_name,
                    booking.attendee_email,
                    booking.job_title,
                    booking.agency.name,
                    booking.line_manager_email,
                    mark_label(booking),
                    charges,
                )
            ]
        )
    return export_file(dataset, file_format=file_format, stem=_stem(session))
