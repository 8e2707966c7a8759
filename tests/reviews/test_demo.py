"""The demo's reviews (reviews/demo.py), loaded with the rest by load_demo: safe to run again,
the CSPR published for the public, every clock met but those of the notification made a few
days ago, and no child named."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from partnership import demo as partnership_demo
from partnership.models import Action, ActionStatus, AuditEntry, Body, Publication
from reviews import demo, demo_data, services
from reviews.models import (
    LearningTheme,
    Notification,
    NotifiedChild,
    RapidReviewDecision,
    Recommendation,
    Review,
    ReviewKind,
    ReviewStatus,
    SummaryRequest,
    validate_pseudonym,
)

pytestmark = pytest.mark.django_db

MODELS = [
    Notification,
    NotifiedChild,
    SummaryRequest,
    Review,
    Recommendation,
    LearningTheme,
    Action,
    Publication,
    Body,
]


@pytest.fixture
def loaded(db):
    """The partnership's demo, which the reviews' builds on, and the reviews' own; without the
    other apps' (the yearly report's PDF takes a while)."""
    partnership_demo.load(password="demo-password")
    return demo.load()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_loading_twice_gives_the_same_records(db, capsys):
    call_command("load_demo")
    assert "Reviews: 3 notifications, 3 reviews (1 published)" in capsys.readouterr().out
    before = counts()
    entries = AuditEntry.objects.count()

    summary = demo.load()

    assert counts() == before
    assert AuditEntry.objects.count() == entries  # nothing was done again
    assert summary.startswith(
        "Reviews: 3 notifications, 3 reviews (1 published), 7 recommendations"
    )
    assert before["Notification"] == 3 and before["LearningTheme"] == len(demo_data.THEMES)
    # Made through the services, as the business unit: the audit log holds the history.
    reviews_history = AuditEntry.objects.filter(record_type__startswith="reviews.")
    assert set(reviews_history.values_list("username", flat=True)) == {"business"}


def test_the_cspr_is_published_with_its_report_and_the_public_can_read_it(loaded, client):
    cspr = Review.objects.get(kind=ReviewKind.CSPR)
    assert cspr.status == ReviewStatus.PUBLISHED
    assert cspr.published_on == demo_data.CSPR["published_at"].date()
    publication = cspr.publication
    assert Publication.objects.published().filter(pk=publication.pk).exists()
    assert publication.published_version.published_at == demo_data.CSPR["published_at"]
    assert PdfReader(io.BytesIO(publication.file.read())).pages
    page = client.get(reverse("publication", kwargs={"slug": publication.slug}))
    assert page.status_code == 200
    assert "Baby A" in page.content.decode()


def test_every_clock_is_met_but_those_of_the_recent_notification(loaded):
    recent = Notification.objects.get(reference=demo_data.RECENT_NOTIFICATION["reference"])
    clocks = services.all_clocks()
    running = [clock for clock in clocks if clock.is_open]
    assert {(clock.kind, clock.record) for clock in running} == {
        (services.ClockKind.NOTIFICATION, recent),
        (services.ClockKind.RAPID_REVIEW, recent),
    }
    others = [clock for clock in clocks if clock.record != recent]
    assert len(others) == 6  # two notifications' two clocks, and the CSPR's two
    assert all(clock.met for clock in others)
    # Made a few working days ago: the notification is nearly due, not yet overdue (a
    # weekend today may add a day to the two left).
    assert 2 <= running[0].days_left(timezone.localdate()) <= 3


def test_the_rapid_reviews_lead_one_to_no_further_review_and_one_to_a_learning_review(loaded):
    decisions = {
        n.reference: n.rapid_review.decision
        for n in Notification.objects.select_related("rapid_review")
    }
    assert decisions == {
        "THA-0001": RapidReviewDecision.NO_FURTHER_REVIEW,
        "THA-0002": RapidReviewDecision.LEARNING_REVIEW,
        "THA-0003": "",
    }
    learning = Review.objects.get(kind=ReviewKind.LEARNING_REVIEW)
    assert learning.rapid_review.notification.reference == "THA-0002"
    assert learning.led_by.name == "Complex health needs task and finish group"
    assert learning.status == ReviewStatus.IN_PROGRESS


def test_the_csprs_recommendations_are_mostly_complete_with_themes_and_owned_actions(loaded):
    cspr = Review.objects.get(kind=ReviewKind.CSPR)
    progress = services.recommendations_progress(cspr.recommendations.all())
    assert len(progress) == 6
    assert Counter(item.progress for item in progress) == {
        services.Progress.COMPLETE: 4,
        services.Progress.IN_PROGRESS: 2,
    }
    assert all(item.recommendation.themes.exists() for item in progress)
    actions = [action for item in progress for action in item.actions]
    assert all(action.owner_person.agency_id == action.owner_agency_id for action in actions)
    complete = [action for action in actions if action.status == ActionStatus.COMPLETE]
    assert all(action.completed_on.year == 2023 for action in complete)
    assert not any(action.notes.count() == 0 for action in actions)


def test_the_national_review_has_our_response_and_an_action(loaded):
    national = Review.objects.get(kind=ReviewKind.EXTERNAL)
    assert national.our_response and national.status == ReviewStatus.CONCLUDED
    assert national.rapid_review is None
    (item,) = services.recommendations_progress(national.recommendations.all())
    assert item.progress == services.Progress.COMPLETE


def test_children_are_pseudonyms_only(loaded):
    pseudonyms = list(NotifiedChild.objects.values_list("pseudonym", flat=True))
    assert sorted(pseudonyms) == ["Baby B", "Child SA", "Young person C"]
    for pseudonym in pseudonyms:
        validate_pseudonym(pseudonym)
    for notification in Notification.objects.all():
        notification.full_clean()  # the summaries hold no full date
