"""The business unit's management of the training programme: courses, sessions and the
bookings on them (a session's bookings and waiting list, booking on someone's behalf, moving
and cancelling a booking), the price of a place, and the import of historical attendance.

Every rule lives in training.services (bookings, sessions, imports); these views ask, call
and report. The business unit sees every agency's records and nobody else opens these pages,
so roles decide and there is no per-agency scoping to do.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from partnership.access import declare, roles
from partnership.forms.people import SpreadsheetUploadForm
from partnership.models import Role, User
from partnership.navigation import PortalLink, register
from partnership.views import download, export_format, paginate, posted
from partnership.views.pending import PendingUpload

from ..forms.staff import (
    AttendeeForm,
    CourseFilterForm,
    CourseForm,
    MoveForm,
    PricesForm,
    SessionFilterForm,
    SessionForm,
)
from ..models import Booking, BookingStatus, Course, PlacePrice, Session, SessionStatus
from ..resources import AttendanceResource
from ..services import bookings, imports, sessions
from ..services.charges import is_late

STAFF = roles(Role.BUSINESS_UNIT)
PENDING = PendingUpload("pending_training_attendance_import")

register(
    PortalLink(
        "Training",
        "training_staff:sessions",
        STAFF.roles,
        description="The programme’s sessions, their bookings and waiting lists: book on "
        "someone’s behalf, move a booking, change or cancel a session.",
    )
)
register(
    PortalLink(
        "Training courses",
        "training_staff:courses",
        STAFF.roles,
        description="The courses on offer, the price of a place for each kind of agency, and "
        "past attendance imported from a spreadsheet.",
        in_header=False,
    )
)


def form_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names, where the form has it."""
    if hasattr(error, "error_dict"):
        for name, problems in error.error_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error)


# Courses


def _upcoming() -> Count:
    """A course's sessions still to come."""
    return Count(
        "sessions",
        filter=Q(sessions__status=SessionStatus.SCHEDULED, sessions__starts_at__gt=timezone.now()),
    )


@declare(STAFF)
def courses(request):
    form = CourseFilterForm(request.GET or None)
    shown = form.shown()
    rows = Course.objects.annotate(upcoming=_upcoming()).order_by("title", "pk")
    if shown != "all":
        rows = rows.filter(is_active=shown == "active")
    page = paginate(request, rows)
    return render(
        request, "training/staff/courses.html", {"form": form, "page": page, "shown": shown}
    )


@declare(STAFF)
def course_create(request):
    return _course_form(request, Course())


@declare(STAFF)
def course_edit(request, pk):
    return _course_form(request, get_object_or_404(Course, pk=pk))


def _course_form(request, course: Course):
    # The title is read before the form is checked, which writes what was typed into it.
    title = f"Change “{course.title}”" if course.pk else "Add a course"
    form = CourseForm(posted(request), instance=course)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in CourseForm.Meta.fields}
        try:
            saved = sessions.course_save(course=course, **data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"“{saved.title}” saved")
            return redirect(f"{reverse('training_staff:courses')}#course-{saved.pk}")
    return render(request, "training/staff/course_form.html", {"form": form, "title": title})


@declare(STAFF)
def course_deactivate(request, pk):
    """Stop offering a course, or offer it again: the page asks first."""
    course = get_object_or_404(Course.objects.annotate(upcoming=_upcoming()), pk=pk)
    if request.method == "POST":
        if course.is_active:
            sessions.course_deactivate(course=course)
            messages.success(request, f"“{course.title}” is no longer offered")
        else:
            sessions.course_reactivate(course=course)
            messages.success(request, f"“{course.title}” is offered again")
        return redirect(f"{reverse('training_staff:courses')}?show=all#course-{course.pk}")
    return render(request, "training/staff/course_deactivate.html", {"course": course})


# Sessions


# A booking the business unit may still move or cancel, before its session starts.
CHANGEABLE = (BookingStatus.CONFIRMED, BookingStatus.AWAITING_APPROVAL, BookingStatus.WAITING)
# How a session's bookings are grouped on its page, in this order.
HOLDING = (BookingStatus.CONFIRMED, BookingStatus.ATTENDED, BookingStatus.DID_NOT_ATTEND)


def _session(pk) -> Session:
    return get_object_or_404(Session.objects.select_related("course"), pk=pk)


def _is_open(session: Session, now) -> bool:
    """Still to come and not cancelled: bookings can be made, changed and cancelled."""
    return session.status == SessionStatus.SCHEDULED and session.starts_at > now


def _plural(count: int, noun: str, plural: str = "") -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


@declare(STAFF)
def session_list(request):
    months = [moment.date() for moment in Session.objects.datetimes("starts_at", "month")]
    form = SessionFilterForm(request.GET or None, months=months)
    rows = form.apply(
        Session.objects.select_related("course").annotate(
            waiting=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITING))
        ),
        now=timezone.now(),
    )
    page = paginate(request, rows)
    return render(request, "training/staff/sessions.html", {"form": form, "page": page})


@declare(STAFF)
def session_detail(request, pk):
    session = _session(pk)
    booked = list(session.bookings.select_related("agency").order_by("queued_at", "pk"))
    groups = {
        "holding": [b for b in booked if b.status in HOLDING],
        "awaiting": [b for b in booked if b.status == BookingStatus.AWAITING_APPROVAL],
        "waiting": [b for b in booked if b.status == BookingStatus.WAITING],
        "ended": [b for b in booked if b.status not in (*HOLDING, *CHANGEABLE)],
    }
    return render(
        request,
        "training/staff/session_detail.html",
        {
            "session": session,
            "is_open": _is_open(session, timezone.now()),
            "changeable": CHANGEABLE,
            **groups,
        },
    )


@declare(STAFF)
def session_create(request, pk):
    course = get_object_or_404(Course, pk=pk)
    form = SessionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            session = sessions.session_create(course=course, **form.session_details())
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"Session of “{course.title}” added")
            return redirect("training_staff:session", pk=session.pk)
    return render(request, "training/staff/session_form.html", {"form": form, "course": course})


@declare(STAFF)
def session_edit(request, pk):
    session = _session(pk)
    form = SessionForm(posted(request), session=session)
    if request.method == "POST" and session.status == SessionStatus.SCHEDULED and form.is_valid():
        try:
            update = sessions.session_update(session=session, **form.session_details())
        except ValidationError as error:
            form_errors(form, error)
        else:
            done = ["Session saved"]
            if update.told:
                done.append(f"{_plural(update.told, 'person', 'people')} emailed about the change")
            if update.promoted:
                done.append(f"{_plural(len(update.promoted), 'place')} given to the waiting list")
            messages.success(request, "; ".join(done))
            return redirect("training_staff:session", pk=session.pk)
    return render(
        request,
        "training/staff/session_form.html",
        {"form": form, "course": session.course, "session": session},
    )


@declare(STAFF)
def session_cancel(request, pk):
    session = _session(pk)
    error = None
    if request.method == "POST" and session.status == SessionStatus.SCHEDULED:
        try:
            told = bookings.session_cancel(session=session, by=request.user)
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            messages.success(
                request, f"Session cancelled; {_plural(told, 'person', 'people')} emailed"
            )
            return redirect("training_staff:session", pk=session.pk)
    active = session.bookings.filter(status__in=CHANGEABLE).count()
    return render(
        request,
        "training/staff/session_cancel.html",
        {
            "session": session,
            "active": active,
            "error": error,
            "is_open": _is_open(session, timezone.now()),
        },
    )


# Bookings


@declare(STAFF)
def book_on_behalf(request, pk):
    session = _session(pk)
    form = AttendeeForm(posted(request))
    is_open = _is_open(session, timezone.now())
    if request.method == "POST" and is_open and form.is_valid():
        data = form.cleaned_data
        attendee = bookings.Attendee(
            name=data["name"],
            email=data["email"],
            job_title=data["job_title"],
            agency=data["agency"],
            line_manager_email=data["line_manager_email"],
            # Their account, when they have one, so the booking shows among their own.
            user=User.objects.filter(email__iexact=data["email"].strip()).first(),
        )
        try:
            booking = bookings.booking_create(
                session=session, attendee=attendee, booked_by=request.user
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            status = booking.get_status_display().lower()
            price = f", £{booking.price} to {booking.agency}" if booking.price else ""
            messages.success(request, f"{booking.attendee_name} booked: {status}{price}")
            return redirect("training_staff:session", pk=session.pk)
    return render(
        request,
        "training/staff/book_on_behalf.html",
        {"form": form, "session": session, "is_open": is_open},
    )


def _booking(pk) -> Booking:
    return get_object_or_404(Booking.objects.select_related("session__course", "agency"), pk=pk)


@declare(STAFF)
def booking_move(request, pk):
    booking = _booking(pk)
    now = timezone.now()
    movable = booking.status in CHANGEABLE and _is_open(booking.session, now)
    form = MoveForm(posted(request), booking=booking, now=now)
    if request.method == "POST" and movable and form.is_valid():
        target = form.cleaned_data["to"]
        try:
            bookings.booking_move(booking=booking, to=target, by=request.user)
        except ValidationError as error:
            form.add_error("to", error)
        else:
            messages.success(request, f"{booking.attendee_name} moved to {target}")
            return redirect("training_staff:session", pk=booking.session_id)
    return render(
        request,
        "training/staff/booking_move.html",
        {"form": form, "booking": booking, "movable": movable},
    )


@declare(STAFF)
def booking_cancel(request, pk):
    booking = _booking(pk)
    now = timezone.now()
    session = booking.session
    cancellable = booking.status in CHANGEABLE and _is_open(session, now)
    error = None
    if request.method == "POST" and cancellable:
        try:
            promoted = bookings.booking_cancel(booking=booking, by=request.user)
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            done = f"{booking.attendee_name}’s booking cancelled"
            if promoted is not None:
                done += f"; the place went to {promoted.attendee_name} from the waiting list"
            messages.success(request, done)
            return redirect("training_staff:session", pk=session.pk)
    charged = (
        cancellable
        and booking.status == BookingStatus.CONFIRMED
        and not booking.offered_late
        and is_late(session, now)
    )
    return render(
        request,
        "training/staff/booking_cancel.html",
        {
            "booking": booking,
            "session": session,
            "cancellable": cancellable,
            "late_charge": settings.TRAINING_LATE_CHARGE if charged else None,
            "error": error,
        },
    )


# Prices


@declare(STAFF)
def prices(request):
    current = dict(PlacePrice.objects.values_list("agency_kind", "amount"))
    form = PricesForm(posted(request), prices=current)
    if request.method == "POST" and form.is_valid():
        try:
            sessions.place_prices_set(amounts=form.amounts())
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "The prices of a place are saved")
            return redirect("training_staff:prices")
    return render(request, "training/staff/prices.html", {"form": form})


# Historical attendance


@declare(STAFF)
def import_upload(request):
    form = SpreadsheetUploadForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid() and PENDING.keep_upload(request, form):
        return redirect("training_staff:import_preview")
    columns = [
        field.column_name for field in AttendanceResource().get_import_fields() if field.attribute
    ]
    return render(request, "training/staff/import_form.html", {"form": form, "columns": columns})


@declare(STAFF)
def import_preview(request):
    """GET shows what the file would do (a dry run, repeated so it reflects the records as
    they are now); POST imports it."""
    found = PENDING.get(request)
    if found is None:
        return render(request, "training/staff/import_preview.html", {"pending": None})
    pending, content = found
    result = imports.attendance_import(
        content=content,
        file_format=pending["file_format"],
        dry_run=request.method != "POST",
        by=request.user,
    )
    if result.outcome.applied:
        PENDING.forget(request)
        count = len(result.outcome.rows)
        messages.success(
            request,
            f"{pending['filename']} imported: {count} booking{'s' if count != 1 else ''} on "
            f"{result.sessions} past session{'s' if result.sessions != 1 else ''}",
        )
        return redirect(f"{reverse('training_staff:sessions')}?when=past")
    return render(
        request,
        "training/staff/import_preview.html",
        {"pending": pending, "outcome": result.outcome, "result": result},
    )


@declare(STAFF)
def import_template(request):
    return download(imports.attendance_template(file_format=export_format(request)))
