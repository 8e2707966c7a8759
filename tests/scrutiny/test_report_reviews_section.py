"""The yearly report's "learning from reviews" figures: where the section sits in a new report,
what it gathers for the report's period (through reviews.services.learning_figures), how it
reads on screen with links to the records and in the PDF without them, that it names no child,
and a query count that does not grow with the records."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from partnership.models import ActionStatus
from reviews.models import AgeBand, IncidentCategory, NotifiedChild, ReviewKind, ReviewStatus
from scrutiny.report.document import document_sections, report_html
from scrutiny.report.pdf import report_pdf
from scrutiny.report.sections import DEFAULT_ORDER, REVIEWS, kind_of
from scrutiny.services import reports as report_services

from ..factories import ActionFactory
from ..reviews.factories import (
    ExternalReviewFactory,
    LearningThemeFactory,
    NotificationFactory,
    RecommendationFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
# The seed report's period.
START, END = D(2022, 10, 1), D(2024, 3, 31)
PSEUDONYM = "Child QZ"


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def report(start=START, end=END):
    return report_services.report_create(
        title="Thameside yearly report", period_start=start, period_end=end
    )


def reviews_entry(built):
    return next(entry for entry in document_sections(built) if entry.section.kind == "reviews")


def learning(size: int = 1) -> list:
    """Per `size`: a death notified in time whose rapid review went to the panel in time, its
    child called PSEUDONYM; a CSPR published in the period with three recommendations (one
    complete, one in progress, one with no actions); and a national review we answered, whose
    one recommendation is in progress. The notifications made."""
    made = []
    for n in range(size):
        death = NotificationFactory(
            became_aware_on=D(2023, 9, 4),
            notified_on=D(2023, 9, 5),
            category=IncidentCategory.DEATH,
            child=False,
        )
        NotifiedChild.objects.create(
            notification=death, pseudonym=PSEUDONYM, age_band=AgeBand.AGE_5_TO_9
        )
        death.rapid_review.sent_on = D(2023, 9, 20)
        death.rapid_review.save()
        made.append(death)
        cspr = ReviewFactory(
            title=f"Local CSPR: Baby A ({n})",
            decided_on=D(2022, 5, 3),
            status=ReviewStatus.PUBLISHED,
            final_report_sent_on=D(2022, 9, 30),
            published_on=D(2022, 10, 14),
        )
        for number, statuses in enumerate(
            [[ActionStatus.COMPLETE], [ActionStatus.ON_TRACK], []], start=1
        ):
            recommendation = RecommendationFactory(
                review=cspr, number=number, text=f"Partners should act on point {number}."
            )
            recommendation.themes.add(LearningThemeFactory(name="Working with fathers"))
            for status in statuses:
                ActionFactory(source=recommendation, status=status)
        national = ExternalReviewFactory(
            title=f"National review into the murders of two children ({n})",
            source_published_on=D(2022, 5, 26),
            status=ReviewStatus.CONCLUDED,
            our_response="We tested our practice against the review’s findings.",
        )
        ActionFactory(
            source=RecommendationFactory(review=national, number=1, text="Train on curiosity."),
            status=ActionStatus.ON_TRACK,
        )
    return made


def test_a_new_report_has_the_figures_right_after_the_narrative_on_learning_from_reviews():
    assert DEFAULT_ORDER.index(REVIEWS) == DEFAULT_ORDER.index("Learning from reviews") + 1
    assert kind_of("reviews") is REVIEWS
    assert not REVIEWS.is_appendix

    titles = list(report().sections.order_by("position").values_list("title", flat=True))

    assert titles[titles.index("Learning from reviews") + 1] == (
        "Learning from reviews: the figures"
    )


def test_it_gathers_the_periods_figures_from_the_records():
    learning()
    ReviewFactory(kind=ReviewKind.LEARNING_REVIEW, title="After", decided_on=D(2024, 5, 1))

    data = reviews_entry(report()).data

    figures = data["figures"]
    assert (figures.start, figures.end) == (START, END)
    assert (figures.notifications, figures.deaths, figures.rapid_reviews_sent) == (1, 1, 1)
    assert [review.title for review in figures.published] == ["Local CSPR: Baby A (0)"]
    assert [item.review.title for item in figures.reviews] == [
        "Local CSPR: Baby A (0)",
        "National review into the murders of two children (0)",
    ]
    assert data["notifications_source"] == reverse("reviews:notifications")
    assert data["reviews_source"] == reverse("reviews:reviews")
    assert data["recommendations_source"] == reverse("reviews:recommendations")


def test_on_screen_it_reads_as_a_report_and_links_to_the_records():
    learning()

    html = report_html(report(), mode="screen")

    text = words(html)
    assert (
        "In the period the local authority notified the national Child Safeguarding Practice "
        "Review Panel of 1 serious incident (1 death), and the partners "
        "sent the panel 1 rapid review." in text
    )
    assert "Serious incidents notified to the national panel 1" in text
    assert "Reviews published 1" in text
    assert "Local CSPR: Baby A (0), October 2022" in text
    assert "National and other areas’ reviews responded to 1" in text
    assert "Notify the national panel 1 1 100%" in text
    assert "Send the rapid review to the panel 1 1 100%" in text
    assert "Send the final report to the panel 1 1 100%" in text
    assert "Publish the review 1 1 100%" in text
    assert (
        "2 reviews were active in the period, with 4 recommendations: 1 complete, 2 in "
        "progress and 1 with no actions yet." in text
    )
    assert "1 Partners should act on point 1. Working with fathers Complete" in text
    assert "3 Partners should act on point 3. Working with fathers No actions yet" in text
    for name in ("notifications", "reviews", "recommendations"):
        assert f'href="{reverse(f"reviews:{name}")}"' in html, name


def test_the_report_names_no_child():
    (notification,) = learning()
    built = report()

    for mode in ("screen", "web", "pdf"):
        html = report_html(built, mode=mode)
        assert PSEUDONYM not in html, mode
        assert notification.reference not in html, mode


def test_it_gives_deaths_and_serious_harm_apart():
    learning()
    for day in (D(2023, 1, 9), D(2023, 6, 12)):
        NotificationFactory(became_aware_on=day, notified_on=day)

    text = words(report_html(report(), mode="screen"))

    assert "of 3 serious incidents (1 death and 2 of serious harm)" in text


def test_a_period_with_no_reviews_says_so():
    text = words(report_html(report(D(2025, 4, 1), D(2026, 3, 31)), mode="screen"))

    assert "No serious incident was notified, and no rapid review was sent" in text
    assert "Notify the national panel 0 0 None due" in text
    assert "No review was active in the period." in text


def test_the_report_still_renders_to_pdf_with_the_figures_and_no_links():
    learning()
    built = report()

    html = report_html(built, mode="pdf")
    content = report_pdf(built).content

    assert "/portal/reviews/" not in html
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]
    figures_pages = [page for page in pages if "Learning from reviews: the figures" in page]
    assert figures_pages
    assert any("Serious incidents notified to the national panel 1" in p for p in figures_pages)


def test_the_section_takes_the_same_queries_however_many_records():
    learning(1)
    built = report()
    reviews_entry(built)

    with CaptureQueriesContext(connection) as few:
        reviews_entry(built)
    learning(6)
    with CaptureQueriesContext(connection) as many:
        entry = reviews_entry(built)

    assert len(many) == len(few)
    assert entry.data["figures"].recommendations == 4 * 7
