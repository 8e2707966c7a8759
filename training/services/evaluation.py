"""After a session: the attendee's evaluation, the certificate it unlocks, and the impact
follow-up about three months later from the attendee and their line manager.

The certificate is a certificate of attendance, so only a booking marked attended can be
evaluated, and the partnership asks for the evaluation first: its figures are what the yearly
report says about the programme, and the certificate is what gets people to fill it in.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from ..models import Booking, BookingStatus, Evaluation, ImpactResponse, Respondent

# WeasyPrint's tagged variant, as the yearly report uses: a screen reader can read the PDF.
PDF_VARIANT = "pdf/ua-1"


class EvaluationError(ValidationError):
    """An evaluation or impact answer the rules refuse; the message says why."""


def _locked(booking: Booking) -> Booking:
    """The booking as it is now, locked until the transaction ends, so two answers sent at
    once are taken one after the other."""
    return Booking.objects.select_for_update().get(pk=booking.pk)


def has_evaluation(booking: Booking) -> bool:
    return Evaluation.objects.filter(booking_id=booking.pk).exists()


def evaluation_submit(
    *,
    booking: Booking,
    objectives_met: bool,
    equipped: bool,
    would_recommend: bool,
    comments: str = "",
) -> Evaluation:
    """Record the attendee's evaluation: once, and only for a session they attended."""
    with transaction.atomic():
        current = _locked(booking)
        if current.status != BookingStatus.ATTENDED:
            raise EvaluationError(
                "You can evaluate a course only once your attendance has been recorded"
            )
        if has_evaluation(current):
            raise EvaluationError("You have already evaluated this course")
        try:
            with transaction.atomic():
                return Evaluation.objects.create(
                    booking=current,
                    objectives_met=objectives_met,
                    equipped=equipped,
                    would_recommend=would_recommend,
                    comments=comments.strip(),
                )
        except IntegrityError:  # the lock makes this unlikely; the constraint makes it final
            raise EvaluationError("You have already evaluated this course") from None


def duration_text(start: datetime.datetime, end: datetime.datetime) -> str:
    """ "3 hours", "1 hour 30 minutes", "45 minutes"."""
    minutes = (end - start) // datetime.timedelta(minutes=1)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes or not hours:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


def objectives(course) -> list[str]:
    return [line.strip() for line in course.learning_objectives.splitlines() if line.strip()]


def certificate_html(booking: Booking) -> str:
    session = booking.session
    course = session.course
    return render_to_string(
        "training/certificate.html",
        {
            "booking": booking,
            "session": session,
            "course": course,
            "objectives": objectives(course),
            "date": timezone.localdate(session.starts_at),
            "duration": duration_text(session.starts_at, session.ends_at),
            "partnership_name": settings.PARTNERSHIP_NAME,
        },
    )


def certificate_pdf(booking: Booking) -> bytes:
    """The certificate of attendance, once the attendee has evaluated the course."""
    if booking.status != BookingStatus.ATTENDED:
        raise EvaluationError("A certificate is given only for a course you attended")
    if not has_evaluation(booking):
        raise EvaluationError("Complete the evaluation of the course to get your certificate")
    html = certificate_html(booking)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant=PDF_VARIANT)


def impact_submit(
    *, booking: Booking, respondent: Respondent, practice_change: str, may_quote: bool
) -> ImpactResponse:
    """Record what the attendee, or their line manager, says has changed: one answer each."""
    practice_change = practice_change.strip()
    if respondent not in Respondent.values:
        raise EvaluationError("This link is not for an attendee or a line manager")
    if not practice_change:
        raise EvaluationError("Enter what has changed in practice since the course")
    with transaction.atomic():
        current = _locked(booking)
        if current.status != BookingStatus.ATTENDED:
            raise EvaluationError("This course was not attended: there is no impact to report")
        if current.impact_responses.filter(respondent=respondent).exists():
            raise EvaluationError("This follow-up has already been answered")
        try:
            with transaction.atomic():
                return ImpactResponse.objects.create(
                    booking=current,
                    respondent=respondent,
                    practice_change=practice_change,
                    may_quote=may_quote,
                )
        except IntegrityError:
            raise EvaluationError("This follow-up has already been answered") from None
