"""Serious incident notifications and their rapid reviews: the list, a notification's page with
its statutory clocks, and the forms that record the notification and the rapid review's
meetings, agency summaries, decision and the panel's response."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from partnership.access import declare
from partnership.services.audit import actor_of
from partnership.views import paginate, posted

from .. import services
from ..forms.notifications import (
    NotificationFilterForm,
    NotificationForm,
    RapidReviewForm,
    RapidReviewMeetingForm,
    SummaryReceivedForm,
    SummaryRequestForm,
)
from ..models import Notification, RapidReview, RapidReviewDecision, Review, SummaryRequest
from . import EDIT, READ, can_edit, fetch, viewed
from .reviews import recommendation_rows

# A rapid review that decides on one of these leads to a review of ours, started from its page.
LEADS_TO_A_REVIEW = {RapidReviewDecision.LOCAL_CSPR, RapidReviewDecision.LEARNING_REVIEW}


def _service_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: each message on its field, or above the form when
    the form has no field of that name (the children, checked as a whole)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _notification(request, pk) -> Notification:
    return fetch(request, Notification.objects.select_related("rapid_review"), pk=pk)


@declare(READ)
def notifications(request):
    form = NotificationFilterForm(request.GET or None)
    rows = form.apply(
        Notification.objects.for_user(request.user)
        .select_related("rapid_review")
        .annotate(children_count=Count("children"))
        # A query with an aggregate leaves out Meta.ordering: newest first, said again.
        .order_by("-became_aware_on", "-pk")
    )
    page = paginate(request, rows)
    viewed(request, summary=f"Notifications{form.describe()}, page {page.number}")
    return render(
        request,
        "reviews/notifications/notification_list.html",
        {
            "form": form,
            "page": page,
            "rows": [
                (notification, services.notification_clocks(notification))
                for notification in page.object_list
            ],
            "today": timezone.localdate(),
            "can_edit": can_edit(request),
        },
    )


@declare(READ)
def notification(request, pk):
    notification = _notification(request, pk)
    rapid_review = notification.rapid_review
    today = timezone.localdate()
    reviews = list(
        Review.objects.for_user(request.user).filter(rapid_review=rapid_review).order_by("pk")
    )
    viewed(request, notification)
    return render(
        request,
        "reviews/notifications/notification_detail.html",
        {
            "notification": notification,
            "children": notification.children.all(),
            "agencies": notification.agencies.all(),
            "clocks": services.notification_clocks(notification),
            "rapid_review": rapid_review,
            "meetings": rapid_review.meetings.all(),
            "summary_requests": [
                (summary, summary.received_on is None and summary.due_on < today)
                for summary in rapid_review.summary_requests.select_related("agency")
            ],
            "recommendations": recommendation_rows(rapid_review.recommendations.all(), today),
            "reviews": reviews,
            "can_start_review": rapid_review.decision in LEADS_TO_A_REVIEW and not reviews,
            "today": today,
            "can_edit": can_edit(request),
        },
    )


@declare(EDIT)
def notification_create(request):
    form = NotificationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            notification = services.notification_create(actor=actor_of(request), **form.details())
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, f"Notification {notification.reference} added")
            return redirect("reviews:notification", pk=notification.pk)
    return render(request, "reviews/notifications/notification_form.html", {"form": form})


@declare(EDIT)
def notification_edit(request, pk):
    notification = _notification(request, pk)
    form = NotificationForm(posted(request), notification=notification)
    if request.method == "POST" and form.is_valid():
        try:
            services.notification_edit(
                actor=actor_of(request), notification=notification, **form.details()
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, "Notification updated")
            return redirect("reviews:notification", pk=notification.pk)
    viewed(request, notification)
    return render(
        request,
        "reviews/notifications/notification_form.html",
        {"form": form, "notification": notification},
    )


@declare(EDIT)
def rapid_review_edit(request, pk):
    notification = _notification(request, pk)
    rapid_review = notification.rapid_review
    form = RapidReviewForm(
        posted(request),
        initial={
            "decision": rapid_review.decision,
            "decided_on": rapid_review.decided_on,
            "sent_on": rapid_review.sent_on,
            "findings": rapid_review.findings,
            "panel_response": rapid_review.panel_response,
            "panel_responded_on": rapid_review.panel_responded_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rapid_review_save(
                actor=actor_of(request), rapid_review=rapid_review, **form.cleaned_data
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, "Rapid review saved")
            return redirect("reviews:notification", pk=notification.pk)
    viewed(request, rapid_review)
    return render(
        request,
        "reviews/notifications/rapid_review_form.html",
        {"form": form, "notification": notification},
    )


@declare(EDIT)
def rapid_review_meeting_add(request, pk):
    notification = _notification(request, pk)
    form = RapidReviewMeetingForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.rapid_review_meeting_add(
                actor=actor_of(request),
                rapid_review=notification.rapid_review,
                held_on=form.cleaned_data["held_on"],
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, f"Meeting on {meeting.held_on:%-d %B %Y} added")
            return redirect("reviews:notification", pk=notification.pk)
    viewed(request, notification.rapid_review)
    return render(
        request,
        "reviews/notifications/meeting_form.html",
        {"form": form, "notification": notification},
    )


@declare(EDIT)
def summary_request_add(request, pk):
    notification = _notification(request, pk)
    form = SummaryRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            summary = services.summary_request_add(
                actor=actor_of(request), rapid_review=notification.rapid_review, **form.cleaned_data
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(
                request,
                f"{summary.agency} asked for a summary, due {summary.due_on:%-d %B %Y}",
            )
            return redirect("reviews:notification", pk=notification.pk)
    viewed(request, notification.rapid_review)
    return render(
        request,
        "reviews/notifications/summary_request_form.html",
        {"form": form, "notification": notification},
    )


@declare(EDIT)
def summary_request_receive(request, pk):
    # A summary request has no scoping of its own: it is visible where its rapid review is.
    summary = get_object_or_404(
        SummaryRequest.objects.filter(
            rapid_review__in=RapidReview.objects.for_user(request.user)
        ).select_related("agency", "rapid_review__notification"),
        pk=pk,
    )
    notification = summary.rapid_review.notification
    form = SummaryReceivedForm(posted(request), received_on=summary.received_on)
    if request.method == "POST" and form.is_valid():
        try:
            services.summary_request_receive(
                actor=actor_of(request),
                summary_request=summary,
                received_on=form.cleaned_data["received_on"],
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, f"Summary from {summary.agency} recorded as received")
            return redirect("reviews:notification", pk=notification.pk)
    viewed(request, summary.rapid_review)
    return render(
        request,
        "reviews/notifications/summary_received_form.html",
        {"form": form, "summary": summary, "notification": notification},
    )
