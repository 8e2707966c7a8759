"""Reviews: local CSPRs, local learning reviews, and national or other areas' reviews; a
review's page with its clocks and recommendations; and publishing a local CSPR on the public
site through the partnership's publications."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from partnership.access import declare
from partnership.services.audit import actor_of
from partnership.views import paginate, paragraphs, posted
from partnership.views.actions import STATUS_TAGS

from .. import services
from ..forms.reviews import ReviewFilterForm, ReviewForm, ReviewKindForm, ReviewPublishForm
from ..models import RapidReview, RapidReviewDecision, Review, ReviewKind, ReviewStatus
from ..services.clocks import ClockKind
from ..services.reviews import KIND_OF_DECISION
from . import EDIT, READ, can_edit, fetch, viewed

REVIEW_STATUS_TAGS = {
    ReviewStatus.IN_PROGRESS: "govuk-tag--blue",
    ReviewStatus.FINAL_REPORT: "govuk-tag--yellow",
    ReviewStatus.PUBLISHED: "govuk-tag--green",
    ReviewStatus.CONCLUDED: "govuk-tag--grey",
}
PROGRESS_TAGS = {
    services.Progress.NO_ACTIONS: "govuk-tag--grey",
    services.Progress.IN_PROGRESS: "govuk-tag--blue",
    services.Progress.COMPLETE: "govuk-tag--green",
}


def describe_actions(actions, today) -> None:
    """What each action's row shows, as the tracker shows it."""
    for action in actions:
        action.status_tag = STATUS_TAGS[action.status]
        action.overdue = action.is_overdue(today)


def recommendation_rows(recommendations, today) -> list[services.RecommendationProgress]:
    """Recommendations with their themes, progress and actions, as the review's page and the
    notification's page (for the rapid review's own) show them."""
    rows = services.recommendations_progress(recommendations.prefetch_related("themes"))
    for row in rows:
        row.progress_tag = PROGRESS_TAGS[row.progress]
        describe_actions(row.actions, today)
    return rows


def _publication_clock(review: Review):
    return next(
        (c for c in services.review_clocks(review) if c.kind == ClockKind.PUBLICATION), None
    )


@declare(READ)
def review_list(request):
    form = ReviewFilterForm(request.GET or None)
    rows = Review.objects.for_user(request.user)
    if form.is_valid():
        if form.cleaned_data["kind"]:
            rows = rows.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["status"]:
            rows = rows.filter(status=form.cleaned_data["status"])
    page = paginate(request, rows)
    reviews = list(page.object_list)
    for review in reviews:
        review.status_tag = REVIEW_STATUS_TAGS[review.status]
        review.publication_clock = _publication_clock(review)
    viewed(request, summary=f"Reviews, page {page.number}")
    return render(
        request,
        "reviews/reviews/review_list.html",
        {
            "form": form,
            "page": page,
            "reviews": reviews,
            "filtered": form.is_valid() and any(form.cleaned_data.values()),
            "today": timezone.localdate(),
            "can_edit": can_edit(request),
        },
    )


@declare(EDIT)
def review_create(request):
    """First the kind of review, unless a rapid review's decision settles it; then that kind's
    form, posted to the same address with the kind in it."""
    rapid_review = None
    if "rapid_review" in request.GET:
        try:
            rapid_review_pk = int(request.GET["rapid_review"])
        except ValueError:
            rapid_review_pk = None
        rapid_review = fetch(
            request, RapidReview.objects.select_related("notification"), pk=rapid_review_pk
        )
        kind = KIND_OF_DECISION.get(rapid_review.decision)
        if kind is None:
            # No local review follows a decision of no further review, a national review or
            # none yet: say so rather than offer a form the service would refuse.
            viewed(request, rapid_review, summary="No local review follows its decision")
            return render(
                request,
                "reviews/reviews/review_refused.html",
                {
                    "rapid_review": rapid_review,
                    "decision": RapidReviewDecision(rapid_review.decision).label
                    if rapid_review.decision
                    else None,
                },
            )
    else:
        choice = ReviewKindForm(request.GET or None)
        if not choice.is_valid():
            return render(request, "reviews/reviews/kind_form.html", {"form": choice})
        kind = choice.cleaned_data["kind"]

    review = Review(kind=kind, rapid_review=rapid_review)
    initial = {"status": ReviewStatus.IN_PROGRESS}
    if rapid_review is not None and rapid_review.decided_on:
        initial["decided_on"] = rapid_review.decided_on
    form = ReviewForm(posted(request), instance=review, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_create(
                actor=actor_of(request),
                kind=kind,
                rapid_review=rapid_review,
                **form.review_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Review added: {review.title}")
            return redirect("reviews:review", pk=review.pk)
    if rapid_review is not None:
        viewed(request, rapid_review, summary="Starting a review from it")
    return render(
        request,
        "reviews/reviews/review_form.html",
        {
            "form": form,
            "review": None,
            "kind": kind,
            "kind_label": ReviewKind(kind).label,
            "rapid_review": rapid_review,
        },
    )


@declare(READ)
def review(request, pk):
    review = fetch(
        request,
        Review.objects.select_related(
            "rapid_review__notification", "led_by", "publication__published_version"
        ),
        pk=pk,
    )
    today = timezone.localdate()
    recommendations = recommendation_rows(review.recommendations.all(), today)
    viewed(request, review)
    return render(
        request,
        "reviews/reviews/review_detail.html",
        {
            "review": review,
            "status_tag": REVIEW_STATUS_TAGS[review.status],
            "clocks": services.review_clocks(review),
            "today": today,
            "terms_of_reference": paragraphs(review.terms_of_reference),
            "delay_reason": paragraphs(review.delay_reason),
            "our_response": paragraphs(review.our_response),
            "recommendations": recommendations,
            "can_edit": can_edit(request),
        },
    )


@declare(EDIT)
def review_edit(request, pk):
    review = fetch(request, Review.objects.select_related("rapid_review__notification"), pk=pk)
    # The form writes what was typed into the instance: keep the saved title for the page.
    saved_title = review.title
    form = ReviewForm(posted(request), instance=review, kind=review.kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_edit(actor=actor_of(request), review=review, **form.review_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Review saved")
            return redirect("reviews:review", pk=review.pk)
    viewed(request, review, summary="Edit form")
    return render(
        request,
        "reviews/reviews/review_form.html",
        {
            "form": form,
            "review": review,
            "saved_title": saved_title,
            "kind": review.kind,
            "kind_label": review.get_kind_display(),
            "rapid_review": review.rapid_review,
        },
    )


@declare(EDIT)
def review_publish(request, pk):
    """Only a local CSPR is published here: other kinds answer 404, as if the page were not
    there, since nothing about them goes on the public site."""
    review = fetch(
        request,
        Review.objects.select_related("publication__published_version"),
        pk=pk,
        kind=ReviewKind.CSPR,
    )
    publication = review.publication
    form = ReviewPublishForm(posted(request), request.FILES or None, publication=publication)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_publish(
                actor=actor_of(request), review=review, **form.publish_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            version = review.publication.published_version
            messages.success(
                request,
                f"Version {version.number} of the report is on the public site"
                if version.number > 1
                else "The report is on the public site",
            )
            return redirect("reviews:review", pk=review.pk)
    viewed(request, review, summary="Publish form")
    return render(
        request,
        "reviews/reviews/publish_form.html",
        {"form": form, "review": review, "publication": publication},
    )
