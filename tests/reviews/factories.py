"""Review records for the tests and the URL examples. A NotificationFactory makes its rapid
review and one child, as the service does."""

import datetime

import factory

from reviews.models import (
    AgeBand,
    IncidentCategory,
    LearningTheme,
    Notification,
    NotifiedChild,
    RapidReview,
    RapidReviewMeeting,
    Recommendation,
    Review,
    ReviewKind,
    ReviewStatus,
    SummaryRequest,
)

from ..factories import AgencyFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"SIN-2024-{n:03d}")
    became_aware_on = datetime.date(2024, 3, 4)
    notified_on = datetime.date(2024, 3, 6)
    category = IncidentCategory.SERIOUS_HARM
    summary = "An infant was seen at hospital with an injury; health and police were involved."

    @factory.post_generation
    def rapid_review(self, create, extracted, **kwargs):
        if create:
            RapidReview.objects.get_or_create(notification=self)

    @factory.post_generation
    def child(self, create, extracted, **kwargs):
        if create and extracted is not False:
            NotifiedChild.objects.create(
                notification=self, position=1, pseudonym="Child A", age_band=AgeBand.UNDER_1
            )


def rapid_review(**notification_fields) -> RapidReview:
    return NotificationFactory(**notification_fields).rapid_review


class RapidReviewMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RapidReviewMeeting

    rapid_review = factory.LazyFunction(rapid_review)
    held_on = datetime.date(2024, 3, 14)


class SummaryRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SummaryRequest

    rapid_review = factory.LazyFunction(rapid_review)
    agency = factory.SubFactory(AgencyFactory)
    requested_on = datetime.date(2024, 3, 7)
    due_on = datetime.date(2024, 3, 12)


class ReviewFactory(factory.django.DjangoModelFactory):
    """A local CSPR in progress, decided on 2 April 2024."""

    class Meta:
        model = Review

    kind = ReviewKind.CSPR
    title = factory.Sequence(lambda n: f"Local CSPR: Child {chr(65 + n % 26)}")
    status = ReviewStatus.IN_PROGRESS
    decided_on = datetime.date(2024, 4, 2)
    reviewer = "An independent reviewer"


class ExternalReviewFactory(ReviewFactory):
    kind = ReviewKind.EXTERNAL
    title = "National review into the murders of two children"
    decided_on = None
    source = "national"
    author = "Child Safeguarding Practice Review Panel"


class LearningThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningTheme
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Theme {n}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    review = factory.SubFactory(ReviewFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Agencies should record who is in the household, fathers included."
