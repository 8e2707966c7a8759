"""After a session: the attendee evaluates it and then downloads a certificate of attendance,
both behind their own account; about three months on, the attendee and their line manager
each answer the impact follow-up by a signed link, with no account."""

from django.core import signing
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify

from partnership.access import PUBLIC, SIGNED_IN, declare
from partnership.views import posted

from ..forms.evaluation import EvaluationForm, ImpactForm
from ..models import Booking, BookingStatus, Respondent
from ..services import evaluation as services
from ..services.emails import LINK_DAYS, link_booking


def _own_booking(request, pk) -> Booking:
    """The signed-in person's own booking. Anyone else's, staff included, is 404: the page is
    the attendee's, and a 404 does not confirm that the booking exists."""
    return get_object_or_404(
        Booking.objects.select_related("session__course", "evaluation"), pk=pk, user=request.user
    )


def _evaluated(booking: Booking) -> bool:
    return hasattr(booking, "evaluation")


@declare(SIGNED_IN)
def evaluate(request, pk):
    booking = _own_booking(request, pk)
    context = {"booking": booking, "session": booking.session, "course": booking.session.course}
    if _evaluated(booking):
        return render(request, "training/evaluation_done.html", context)
    if booking.status != BookingStatus.ATTENDED:
        return render(request, "training/evaluation_unavailable.html", context)
    form = EvaluationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(booking=booking, **form.cleaned_data)
        except services.EvaluationError as error:
            form.add_error(None, error)
        else:
            return redirect("training:evaluate", pk=booking.pk)
    return render(request, "training/evaluation_form.html", {**context, "form": form})


@declare(SIGNED_IN)
def certificate(request, pk):
    booking = _own_booking(request, pk)
    if booking.status != BookingStatus.ATTENDED or not _evaluated(booking):
        return render(
            request,
            "training/certificate_pending.html",
            {"booking": booking, "session": booking.session, "course": booking.session.course},
        )
    pdf = services.certificate_pdf(booking)
    day = timezone.localdate(booking.session.starts_at)
    name = f"certificate-{slugify(booking.session.course.title)[:60]}-{day:%Y-%m-%d}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _impact_link(token: str) -> tuple[Booking | None, str, str]:
    """The booking and respondent a follow-up link is for, or None and why it does not work:
    "expired" or "invalid"."""
    try:
        pk, extra = link_booking(token, "impact")
    except signing.SignatureExpired:
        return None, "", "expired"
    except signing.BadSignature:
        return None, "", "invalid"
    respondent = extra.get("respondent")
    booking = (
        Booking.objects.select_related("session__course")
        .filter(pk=pk, status=BookingStatus.ATTENDED)
        .first()
    )
    if booking is None or respondent not in Respondent.values:
        return None, "", "invalid"
    return booking, respondent, ""


@declare(PUBLIC)
def impact(request, token):
    booking, respondent, problem = _impact_link(token)
    if booking is None:
        return render(
            request,
            "training/impact_unavailable.html",
            {"problem": problem, "link_days": LINK_DAYS["impact"]},
        )
    context = {
        "booking": booking,
        "session": booking.session,
        "course": booking.session.course,
        "respondent": respondent,
        "for_line_manager": respondent == Respondent.LINE_MANAGER,
    }
    if booking.impact_responses.filter(respondent=respondent).exists():
        return render(request, "training/impact_done.html", context)
    form = ImpactForm(posted(request), respondent=respondent, attendee_name=booking.attendee_name)
    if request.method == "POST" and form.is_valid():
        try:
            services.impact_submit(booking=booking, respondent=respondent, **form.cleaned_data)
        except services.EvaluationError as error:
            form.add_error(None, error)
        else:
            # Back to the same link, which now thanks them: a refresh cannot send it twice.
            return redirect("training:impact", token=token)
    return render(request, "training/impact_form.html", {**context, "form": form})
