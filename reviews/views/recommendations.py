"""Recommendations of reviews and rapid reviews, the actions raised from them in the one
tracker, the page of open recommendations, and the learning themes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from partnership.access import declare
from partnership.services.audit import actor_of
from partnership.views import posted

from .. import services
from ..forms.recommendations import (
    LearningThemeForm,
    RecommendationActionForm,
    RecommendationFilterForm,
    RecommendationForm,
)
from ..models import LearningTheme, RapidReview, Recommendation, Review
from . import EDIT, READ, can_edit, fetch, viewed
from .reviews import PROGRESS_TAGS, describe_actions


def _made_by_url(recommendation: Recommendation) -> str:
    """The page that shows the recommendation: its review's, or its rapid review's
    notification's (a rapid review is shown on its notification's page)."""
    if recommendation.review_id:
        return reverse("reviews:review", kwargs={"pk": recommendation.review_id})
    return reverse(
        "reviews:notification", kwargs={"pk": recommendation.rapid_review.notification_id}
    )


def _made_by_label(recommendation: Recommendation) -> str:
    if recommendation.review_id:
        return recommendation.review.title
    return f"Rapid review of {recommendation.rapid_review.notification.reference}"


def _next_number(recommendation: Recommendation) -> int:
    top = Recommendation.objects.filter(
        review_id=recommendation.review_id, rapid_review_id=recommendation.rapid_review_id
    ).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


def _recommendation_form(request, recommendation: Recommendation):
    adding = recommendation.pk is None
    initial = {"number": _next_number(recommendation)} if adding else None
    form = RecommendationForm(posted(request), instance=recommendation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = services.recommendation_save(
                actor=actor_of(request),
                recommendation=recommendation,
                **form.recommendation_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            number = recommendation.number
            messages.success(
                request,
                f"Recommendation {number} added" if adding else f"Recommendation {number} saved",
            )
            return redirect(_made_by_url(recommendation))
    viewed(request, recommendation.made_by, summary="Recommendation form")
    return render(
        request,
        "reviews/recommendations/recommendation_form.html",
        {
            "form": form,
            "adding": adding,
            "back_url": _made_by_url(recommendation),
            "made_by": _made_by_label(recommendation),
            "number": None if adding else recommendation.number,
        },
    )


@declare(EDIT)
def review_recommendation_create(request, pk):
    review = fetch(request, Review.objects.all(), pk=pk)
    return _recommendation_form(request, Recommendation(review=review))


@declare(EDIT)
def rapid_review_recommendation_create(request, pk):
    """`pk` is the notification's: a rapid review's pages go by its notification's."""
    rapid_review = fetch(
        request, RapidReview.objects.select_related("notification"), notification_id=pk
    )
    return _recommendation_form(request, Recommendation(rapid_review=rapid_review))


def _recommendation(request, pk) -> Recommendation:
    return fetch(
        request,
        Recommendation.objects.select_related("review", "rapid_review__notification"),
        pk=pk,
    )


@declare(EDIT)
def recommendation_edit(request, pk):
    return _recommendation_form(request, _recommendation(request, pk))


@declare(EDIT)
def recommendation_action_create(request, pk):
    recommendation = _recommendation(request, pk)
    form = RecommendationActionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            action = services.recommendation_action_create(
                actor=actor_of(request), recommendation=recommendation, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Action raised: {action.title}")
            return redirect(_made_by_url(recommendation))
    viewed(request, recommendation.made_by, summary="Action form")
    return render(
        request,
        "reviews/recommendations/action_form.html",
        {
            "form": form,
            "recommendation": recommendation,
            "back_url": _made_by_url(recommendation),
            "made_by": _made_by_label(recommendation),
        },
    )


class Group:
    """The recommendations of one review or rapid review on the page of open ones."""

    def __init__(self, recommendation: Recommendation):
        self.label = _made_by_label(recommendation)
        self.url = _made_by_url(recommendation)
        if recommendation.review_id:
            review = recommendation.review
            self.kind = review.get_kind_display()
            # The newest review first; rapid reviews after the reviews, the newest first.
            self.order = (0, -review.created_at.timestamp())
        else:
            self.kind = "Rapid review"
            self.order = (1, -recommendation.rapid_review.notification.became_aware_on.toordinal())
        self.rows = []


@declare(READ)
def recommendation_list(request):
    """Open recommendations (those whose actions are not all complete), each with its actions,
    grouped by the review or rapid review that made them."""
    form = RecommendationFilterForm(request.GET or None)
    recommendations = form.apply(
        Recommendation.objects.for_user(request.user)
        .select_related("review", "rapid_review__notification")
        .prefetch_related("themes")
        .order_by("number", "pk")
    )
    today = timezone.localdate()
    rows = services.recommendations_progress(recommendations)
    include_complete = form.includes_complete()
    complete = sum(1 for row in rows if not row.is_open)
    groups: dict[tuple, Group] = {}
    for row in rows:
        if not (row.is_open or include_complete):
            continue
        recommendation = row.recommendation
        key = (recommendation.review_id, recommendation.rapid_review_id)
        if key not in groups:
            groups[key] = Group(recommendation)
        row.progress_tag = PROGRESS_TAGS[row.progress]
        row.overdue = sum(1 for action in row.actions if action.is_overdue(today))
        describe_actions(row.actions, today)
        groups[key].rows.append(row)
    viewed(request, summary="Open recommendations")
    return render(
        request,
        "reviews/recommendations/recommendation_list.html",
        {
            "form": form,
            "groups": sorted(groups.values(), key=lambda group: group.order),
            "shown": sum(len(group.rows) for group in groups.values()),
            "complete": complete,
            "include_complete": include_complete,
            "can_edit": can_edit(request),
        },
    )


@declare(READ)
def themes(request):
    counted = LearningTheme.objects.annotate(recommendation_count=Count("recommendations"))
    rows = counted.order_by("name")
    viewed(request, summary="Learning themes")
    return render(
        request,
        "reviews/themes/theme_list.html",
        {"themes": rows, "can_edit": can_edit(request)},
    )


def _theme_form(request, theme: LearningTheme):
    adding = theme.pk is None
    saved_name = theme.name
    form = LearningThemeForm(posted(request), instance=theme)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.learning_theme_save(
                actor=actor_of(request), theme=theme, **form.theme_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"Theme added: {theme.name}" if adding else f"Theme saved: {theme.name}"
            )
            return redirect("reviews:themes")
    return render(
        request,
        "reviews/themes/theme_form.html",
        {"form": form, "adding": adding, "saved_name": saved_name},
    )


@declare(EDIT)
def theme_create(request):
    return _theme_form(request, LearningTheme())


@declare(EDIT)
def theme_edit(request, pk):
    return _theme_form(request, get_object_or_404(LearningTheme, pk=pk))
