"""Booking pages: a practitioner books, cancels and hands on their own places; an agency lead
does the same for their agency's staff; a line manager approves, and an attendee declines a
late offer, by a link in an email, with no account.

Each booking is fetched through one scoped queryset (training.services.booking_pages): a
practitioner's own, or the agency lead's agency's; anyone else's booking is a 404. The rules
are the booking service's; a BookingError it raises is shown as the page's error summary."""

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from partnership.access import PUBLIC, declare, roles
from partnership.models import Role
from partnership.navigation import PortalLink, register
from partnership.views import paginate, posted

from ..forms.booking import AgencyBookingFilterForm, BookForm, ColleagueForm
from ..models import Booking, BookingStatus, Session, SessionStatus
from ..services import booking_pages
from ..services.bookings import (
    Attendee,
    BookingError,
    approval_deadline,
    booking_approve,
    booking_cancel,
    booking_create,
    booking_decline,
    booking_refuse,
    booking_substitute,
)
from ..services.charges import last_free_cancellation_day, place_price
from ..services.emails import LINK_DAYS, link_booking

OWN = roles(Role.PRACTITIONER)
AGENCY = roles(Role.AGENCY_LEAD)

register(
    PortalLink(
        "Your training",
        "training:my_bookings",
        OWN.roles,
        description="The courses you have booked, your place on any waiting list, and links to "
        "cancel a place or hand it to a colleague.",
    )
)
register(
    PortalLink(
        "Training bookings",
        "training_staff:agency_bookings",
        AGENCY.roles,
        description="Your agency’s training bookings: book colleagues onto courses, cancel or "
        "hand on their places, and see any charges.",
    )
)


def _outcome_message(booking: Booking) -> str:
    """What the booking came to, in the attendee's terms, for the page after booking."""
    who = booking.attendee_name
    if booking.status == BookingStatus.CONFIRMED:
        return f"The place for {who} is confirmed. We have emailed the details"
    if booking.status == BookingStatus.AWAITING_APPROVAL:
        return (
            f"A place is held for {who} while their line manager approves the booking: we have "
            "emailed them a link"
        )
    return (
        f"The course is full: {who} is on the waiting list, and we will email if a place comes free"
    )


def _error(problem: BookingError) -> str:
    return problem.messages[0]


class _Pages:
    """One side's booking pages: a practitioner's own (training:booking, :cancel, ...) or the
    agency lead's (training_staff:agency_booking, :agency_cancel, ...), and their bookings."""

    def __init__(self, *, namespace: str, prefix: str, list_name: str, list_title: str, bookings):
        self.namespace = namespace
        self.prefix = prefix
        self.list_name = list_name
        self.list_title = list_title
        self.bookings = bookings

    def url(self, page: str, *args) -> str:
        return reverse(f"{self.namespace}:{self.prefix}{page}", args=args)

    def list_url(self) -> str:
        return reverse(f"{self.namespace}:{self.list_name}")

    def context(self, booking: Booking | None = None, *, within: bool = False) -> dict:
        """Links for the page of `booking`, or of a step `within` that page (cancel, hand on),
        and its breadcrumbs."""
        crumbs = [
            ("Dashboard", reverse("portal:dashboard")),
            (self.list_title, self.list_url()),
        ]
        links = {}
        if booking is not None:
            links = {
                "detail_url": self.url("booking", booking.pk),
                "cancel_url": self.url("cancel", booking.pk),
                "substitute_url": self.url("substitute", booking.pk),
            }
            if within:
                crumbs.append((str(booking.session), links["detail_url"]))
        return {
            "for_agency": self.namespace == "training_staff",
            "list_url": self.list_url(),
            "list_title": self.list_title,
            "crumbs": crumbs,
            **links,
        }


def _own(request) -> _Pages:
    return _Pages(
        namespace="training",
        prefix="",
        list_name="my_bookings",
        list_title="Your training",
        bookings=booking_pages.own_bookings(request.user),
    )


def _agency(request) -> _Pages:
    return _Pages(
        namespace="training_staff",
        prefix="agency_",
        list_name="agency_bookings",
        list_title="Training bookings",
        bookings=booking_pages.agency_bookings(request.user),
    )


def _booking(pages: _Pages, pk: int) -> Booking:
    booking = get_object_or_404(booking_pages.with_details(pages.bookings), pk=pk)
    booking_pages.describe([booking], timezone.now())
    return booking


# A practitioner's own bookings


@declare(OWN)
def my_bookings(request):
    now = timezone.now()
    bookings = booking_pages.with_details(booking_pages.own_bookings(request.user))
    # Someone books a handful of courses ahead; the past grows with the years, so it pages.
    upcoming = list(
        bookings.filter(session__starts_at__gt=now).order_by("session__starts_at", "pk")
    )
    page = paginate(
        request, bookings.filter(session__starts_at__lte=now).order_by("-session__starts_at", "-pk")
    )
    past = list(page.object_list)
    booking_pages.describe(upcoming + past, now)
    return render(
        request,
        "training/booking/my_bookings.html",
        {"upcoming": upcoming, "past": past, "page": page},
    )


@declare(OWN)
def booking_detail(request, pk):
    return _detail(request, _own(request), pk)


@declare(OWN)
def book(request, pk):
    """Check the price and what the booking would be, then book: the form, a check page that
    carries the answers in hidden fields, then the booking's own page."""
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    user = request.user
    now = timezone.now()
    context = {"session": session, "crumbs": _session_crumbs(session)}
    if not user.email_verified:
        return render(request, "training/booking/verify_first.html", context)
    refusal = _closed(session, now, booking_pages.own_bookings(user), "training")
    if refusal:
        return render(request, "training/booking/closed.html", {**context, **refusal})
    form = BookForm(posted(request), user=user, initial={"agency": user.agency_id})
    context.update(
        form=form,
        outcome=booking_pages.likely_outcome(session),
        prices=booking_pages.prices_by_kind(),
        own_agency=user.agency,
        own_price=place_price(user.agency) if user.agency else None,
        **_charge_rule(session),
    )
    if request.method == "POST" and form.is_valid():
        agency = form.cleaned_data["agency"]
        if "confirm" in request.POST:
            attendee = Attendee(
                name=user.get_full_name() or user.username,
                email=user.email,
                job_title=form.cleaned_data["job_title"],
                agency=agency,
                line_manager_email=form.cleaned_data["line_manager_email"],
                user=user,
            )
            try:
                booking = booking_create(session=session, attendee=attendee, booked_by=user)
            except BookingError as problem:
                form.add_error(None, _error(problem))
            else:
                messages.success(request, _outcome_message(booking))
                return redirect("training:booking", pk=booking.pk)
        elif "change" not in request.POST:
            context.update(price=place_price(agency), agency=agency, name=user.get_full_name())
            return render(request, "training/booking/book_check.html", context)
    return render(request, "training/booking/book.html", context)


@declare(OWN)
def cancel(request, pk):
    return _cancel(request, _own(request), pk)


@declare(OWN)
def substitute(request, pk):
    return _substitute(request, _own(request), pk)


# An agency lead's pages for their agency's staff


@declare(AGENCY)
def agency_bookings(request):
    now = timezone.now()
    scoped = booking_pages.agency_bookings(request.user)
    filters = AgencyBookingFilterForm(request.GET or None, bookings=scoped)
    bookings = filters.apply(booking_pages.with_details(scoped), now=now).order_by(
        "-session__starts_at", "session_id", "queued_at", "pk"
    )
    page = paginate(request, bookings)
    rows = list(page.object_list)
    booking_pages.describe(rows, now)
    return render(
        request,
        "training/booking/agency_bookings.html",
        {
            "filters": filters,
            "filtered": filters.in_force(),
            "page": page,
            "bookings": rows,
            "agency": request.user.agency,
        },
    )


@declare(AGENCY)
def agency_booking(request, pk):
    return _detail(request, _agency(request), pk)


@declare(AGENCY)
def agency_book(request, pk):
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    agency = request.user.agency
    now = timezone.now()
    context = {
        "session": session,
        "agency": agency,
        "crumbs": [
            ("Dashboard", reverse("portal:dashboard")),
            ("Training bookings", reverse("training_staff:agency_bookings")),
        ],
    }
    refusal = _closed(session, now, None, "training_staff")
    if refusal:
        return render(request, "training/booking/closed.html", {**context, **refusal})
    form = ColleagueForm(posted(request), submit_label="Book the place")
    if request.method == "POST" and form.is_valid():
        attendee = _colleague(form, agency)
        try:
            booking = booking_create(session=session, attendee=attendee, booked_by=request.user)
        except BookingError as problem:
            form.add_error(None, _error(problem))
        else:
            messages.success(request, _outcome_message(booking))
            return redirect("training_staff:agency_booking", pk=booking.pk)
    context.update(
        form=form,
        outcome=booking_pages.likely_outcome(session),
        price=place_price(agency),
        **_charge_rule(session),
    )
    return render(request, "training/booking/agency_book.html", context)


@declare(AGENCY)
def agency_cancel(request, pk):
    return _cancel(request, _agency(request), pk)


@declare(AGENCY)
def agency_substitute(request, pk):
    return _substitute(request, _agency(request), pk)


# What both sides share


def _charge_rule(session: Session) -> dict:
    return {
        "late_charge": settings.TRAINING_LATE_CHARGE,
        "late_days": settings.TRAINING_LATE_CANCELLATION_WORKING_DAYS,
        "last_free_day": last_free_cancellation_day(session),
    }


def _session_crumbs(session: Session) -> list[tuple[str, str]]:
    return [
        ("Home", reverse("home")),
        ("Multi-agency training", reverse("training:programme")),
        (str(session), reverse("training:session", args=[session.pk])),
    ]


def _closed(session: Session, now, bookings, namespace: str) -> dict | None:
    """Why the session cannot be booked from this page, or None when it can."""
    if not booking_pages.is_bookable(session, now):
        return {"reason": "cancelled" if session.status == SessionStatus.CANCELLED else "started"}
    if bookings is not None:
        existing = booking_pages.active_booking(bookings, session)
        if existing:
            return {
                "reason": "booked",
                "existing": existing,
                "existing_url": reverse(f"{namespace}:booking", args=[existing.pk]),
            }
    return None


def _colleague(form: ColleagueForm, agency) -> Attendee:
    data = form.cleaned_data
    return Attendee(
        name=data["name"],
        email=data["email"],
        job_title=data["job_title"],
        agency=agency,
        line_manager_email=data["line_manager_email"],
        user=booking_pages.account_for(data["email"]),
    )


def _detail(request, pages: _Pages, pk: int):
    booking = _booking(pages, pk)
    return render(
        request,
        "training/booking/detail.html",
        {
            "booking": booking,
            "deadline": approval_deadline(booking)
            if booking.status == BookingStatus.AWAITING_APPROVAL
            else None,
            **pages.context(booking),
        },
    )


def _cancel(request, pages: _Pages, pk: int):
    """Ask first, saying plainly when cancelling now will be charged; then cancel."""
    booking = _booking(pages, pk)
    now = timezone.now()
    error = None
    if not booking.may_cancel:
        error = f"This booking is {booking.get_status_display().lower()}: it cannot be cancelled"
    elif request.method == "POST":
        try:
            booking_cancel(booking=booking, by=request.user)
        except BookingError as problem:
            error = _error(problem)
        else:
            messages.success(
                request,
                f"The booking for {booking.attendee_name} on {booking.session} is cancelled",
            )
            return redirect(pages.list_url())
    return render(
        request,
        "training/booking/cancel.html",
        {
            "booking": booking,
            "error": error,
            "charge": booking_pages.cancellation_charge(booking, now),
            **_charge_rule(booking.session),
            **pages.context(booking, within=True),
        },
    )


def _substitute(request, pages: _Pages, pk: int):
    """Hand a place to a colleague from the booking's agency: not a cancellation, no charge."""
    booking = _booking(pages, pk)
    form = ColleagueForm(
        posted(request), submit_label="Hand on the place", current_email=booking.attendee_email
    )
    if not booking.may_substitute:
        form.add_error(
            None,
            f"This booking is {booking.get_status_display().lower()}: the place cannot be "
            "handed on",
        )
    elif request.method == "POST" and form.is_valid():
        try:
            colleague = booking_substitute(
                booking=booking, attendee=_colleague(form, booking.agency), by=request.user
            )
        except BookingError as problem:
            form.add_error(None, _error(problem))
        else:
            messages.success(
                request,
                f"The place on {booking.session} is handed to {colleague.attendee_name}. We have "
                "emailed them",
            )
            return redirect(pages.list_url())
    return render(
        request,
        "training/booking/substitute.html",
        {"booking": booking, "form": form, **pages.context(booking, within=True)},
    )


# Links in emails: no account needed, the signed token is the credential


def _linked(token: str, purpose: str) -> tuple[Booking | None, str | None]:
    """The booking a link names, or why the link does not work."""
    try:
        pk, _ = link_booking(token, purpose)
    except signing.SignatureExpired:
        return None, "expired"
    except signing.BadSignature:
        return None, "invalid"
    booking = Booking.objects.select_related("session__course", "agency").filter(pk=pk).first()
    return (booking, None) if booking else (None, "invalid")


@declare(PUBLIC)
def approve(request, token):
    """The line manager approves the booking, or does not; the place is held meanwhile."""
    booking, problem = _linked(token, "approve")
    if problem:
        return render(
            request,
            "training/booking/link_problem.html",
            {"problem": problem, "purpose": "approve", "valid_days": LINK_DAYS["approve"]},
        )
    error = None
    if request.method == "POST":
        decision = request.POST.get("decision")
        try:
            if decision == "approve":
                booking = booking_approve(booking=booking)
                return render(request, "training/booking/approve_done.html", {"booking": booking})
            if decision == "refuse":
                booking_refuse(booking=booking)
                return render(request, "training/booking/approve_done.html", {"booking": booking})
            error = "Choose whether to approve the booking"
        except BookingError as refusal:
            error = _error(refusal)
            booking.refresh_from_db()
    return render(
        request,
        "training/booking/approve.html",
        {
            "booking": booking,
            "error": error,
            "awaiting": booking.status == BookingStatus.AWAITING_APPROVAL,
            "deadline": approval_deadline(booking),
        },
    )


@declare(PUBLIC)
def decline(request, token):
    """The attendee declines a place offered at short notice: free, with one button."""
    booking, problem = _linked(token, "decline")
    if problem:
        return render(
            request,
            "training/booking/link_problem.html",
            {"problem": problem, "purpose": "decline", "valid_days": LINK_DAYS["decline"]},
        )
    now = timezone.now()
    error = None
    if request.method == "POST":
        try:
            booking_decline(booking=booking)
        except BookingError as refusal:
            error = _error(refusal)
            booking.refresh_from_db()
        else:
            return render(request, "training/booking/decline_done.html", {"booking": booking})
    return render(
        request,
        "training/booking/decline.html",
        {
            "booking": booking,
            "error": error,
            "open": booking.status == BookingStatus.CONFIRMED
            and booking.offered_late
            and booking_pages.is_bookable(booking.session, now),
        },
    )


def session_panel(request, session: Session) -> dict:
    """What the public session page shows about booking for whoever is reading it: a
    practitioner's own booking or a "Book a place" button and their agency's price; an agency
    lead's "Book a colleague"; the public, how to get an account."""
    user = request.user
    now = timezone.now()
    panel = {"bookable": booking_pages.is_bookable(session, now)}
    if not user.is_authenticated:
        panel["book_url"] = reverse("training:book", args=[session.pk])
        return panel
    if user.role == Role.PRACTITIONER:
        own = booking_pages.active_booking(booking_pages.own_bookings(user), session)
        if own is not None:
            booking_pages.describe([own], now)
        panel.update(
            own_booking=own,
            book_url=reverse("training:book", args=[session.pk]),
        )
    elif user.role == Role.AGENCY_LEAD:
        panel["agency_book_url"] = reverse("training_staff:agency_book", args=[session.pk])
    else:
        return panel
    if user.agency is not None:
        panel.update(agency=user.agency, price=place_price(user.agency))
    return panel
