"""The figures of the reviews for a period, for the yearly report's "learning from reviews"
section: what was notified, reviewed, decided and published, how many statutory clocks were
met, and how far the recommendations of the reviews active in the period have got.

The report is published, so nothing here names a child: reviews are given by their titles,
notifications only as counts."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from ..models import (
    IncidentCategory,
    LearningTheme,
    Notification,
    RapidReview,
    Recommendation,
    Review,
    ReviewKind,
    ReviewStatus,
)
from .clocks import OnTime, on_time
from .reviews import Progress, RecommendationProgress, recommendations_progress

# The order the report gives progress in: what is done first.
PROGRESS_ORDER = (Progress.COMPLETE, Progress.IN_PROGRESS, Progress.NO_ACTIONS)
# Our own reviews first, then those of others we responded to; each kind oldest first.
KIND_ORDER = {ReviewKind.CSPR: 0, ReviewKind.LEARNING_REVIEW: 1, ReviewKind.EXTERNAL: 2}


@dataclass(frozen=True)
class ReviewLearning:
    """A review active in the period, with its recommendations and their progress."""

    review: Review
    recommendations: list[RecommendationProgress]

    @property
    def progress(self) -> dict[str, int]:
        counts = Counter(item.progress for item in self.recommendations)
        return {progress: counts[progress] for progress in PROGRESS_ORDER}


@dataclass(frozen=True)
class LearningFigures:
    start: datetime.date
    end: datetime.date
    notifications: int
    deaths: int
    serious_harm: int
    rapid_reviews_sent: int
    csprs_decided: int
    learning_reviews_decided: int
    published: list[Review]
    responded: list[Review]  # national and other areas' reviews the partnership answered
    on_time: list[OnTime]
    reviews: list[ReviewLearning] = field(default_factory=list)

    @property
    def recommendations(self) -> int:
        return sum(len(item.recommendations) for item in self.reviews)

    @property
    def progress(self) -> dict[str, int]:
        totals = Counter()
        for item in self.reviews:
            totals.update(item.progress)
        return {progress: totals[progress] for progress in PROGRESS_ORDER}


def _began(review: Review) -> datetime.date:
    """When the review started for the partnership: the decision to hold it, or for another
    body's review the day it was published, else the day it was recorded."""
    return review.decided_on or review.source_published_on or timezone.localdate(review.created_at)


def _active(review: Review, items: list[RecommendationProgress], start, end) -> bool:
    """Whether the review belongs in the period's report: it began by the period's end, and
    it either began in the period, was still running in it, or still has recommendations to
    finish, which the partnership goes on reporting until they are. A published CSPR finished
    on the day it was published; a concluded review has no date of its own, so once concluded
    it is reported only while a recommendation is open."""
    began = _began(review)
    if began > end:
        return False
    if began >= start or any(item.is_open for item in items):
        return True
    if review.status == ReviewStatus.PUBLISHED:
        return review.published_on is not None and review.published_on >= start
    return review.status != ReviewStatus.CONCLUDED


def learning_figures(
    start: datetime.date, end: datetime.date, *, today: datetime.date | None = None
) -> LearningFigures:
    """The reviews' figures for the period from `start` to `end`, both days included, in a
    fixed number of queries however many records there are."""
    today = today or timezone.localdate()
    period = (start, end)
    # A notification counts in the period it was made; one not made yet, in the period the
    # local authority became aware, so that an overdue notification is not lost.
    notified = Q(notified_on__range=period) | Q(
        notified_on__isnull=True, became_aware_on__range=period
    )
    notifications = Notification.objects.filter(notified).aggregate(
        total=Count("pk"),
        deaths=Count("pk", filter=Q(category=IncidentCategory.DEATH)),
        serious_harm=Count("pk", filter=Q(category=IncidentCategory.SERIOUS_HARM)),
    )
    decided = Review.objects.filter(decided_on__range=period).aggregate(
        csprs=Count("pk", filter=Q(kind=ReviewKind.CSPR)),
        learning_reviews=Count("pk", filter=Q(kind=ReviewKind.LEARNING_REVIEW)),
    )
    recommendations = Recommendation.objects.prefetch_related(
        Prefetch("themes", queryset=LearningTheme.objects.order_by("name"))
    ).order_by("number", "pk")
    reviews = list(
        Review.objects.filter(
            Q(decided_on__lte=end)
            | Q(decided_on__isnull=True, source_published_on__lte=end)
            | Q(decided_on__isnull=True, source_published_on__isnull=True)
        )
        .prefetch_related(Prefetch("recommendations", queryset=recommendations))
        .order_by("pk")
    )
    reviews.sort(key=lambda review: (KIND_ORDER[review.kind], _began(review), review.pk))
    progress = iter(
        recommendations_progress(
            [item for review in reviews for item in review.recommendations.all()]
        )
    )
    learning = []
    for review in reviews:
        items = [next(progress) for _ in review.recommendations.all()]
        if _active(review, items, start, end):
            learning.append(ReviewLearning(review, items))
    active = [item.review for item in learning]
    return LearningFigures(
        start=start,
        end=end,
        notifications=notifications["total"],
        deaths=notifications["deaths"],
        serious_harm=notifications["serious_harm"],
        rapid_reviews_sent=RapidReview.objects.filter(sent_on__range=period).count(),
        csprs_decided=decided["csprs"],
        learning_reviews_decided=decided["learning_reviews"],
        published=list(
            Review.objects.filter(published_on__range=period).order_by("published_on", "pk")
        ),
        responded=[
            review
            for review in active
            if review.kind == ReviewKind.EXTERNAL and review.our_response.strip()
        ],
        on_time=on_time(start, end, today=today),
        reviews=learning,
    )
