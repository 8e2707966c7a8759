"""The load benchmark's generator (bench/demo_x10.py) multiplies the demo's records, and each
copy links to the copies of its parents, not to the originals."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, F

from bench.demo_x10 import multiply
from budget.models import Line
from partnership.models import (
    Action,
    Attendance,
    Indicator,
    IndicatorValue,
    Meeting,
    Membership,
    Person,
    Publication,
)
from reviews.models import Notification, RapidReview, Recommendation, Review
from scrutiny.models import Assessment, Rating
from training.models import Booking, Session

FACTOR = 3


def sizes():
    return {
        "people": Person.objects.count(),
        "memberships": Membership.objects.count(),
        "meetings": Meeting.objects.count(),
        "attendances": Attendance.objects.count(),
        "actions": Action.objects.count(),
        "publications": Publication.objects.count(),
        "published": Publication.objects.filter(published_version__isnull=False).count(),
        "sessions": Session.objects.count(),
        "bookings": Booking.objects.count(),
        "budget lines": Line.objects.count(),
        "returns": Assessment.objects.filter(round__isnull=False).count(),
        "return ratings": Rating.objects.filter(assessment__round__isnull=False).count(),
        "notifications": Notification.objects.count(),
        "rapid reviews": RapidReview.objects.count(),
        "reviews": Review.objects.count(),
        "recommendations": Recommendation.objects.count(),
        "indicators": Indicator.objects.count(),
        "figures": IndicatorValue.objects.count(),
    }


# Each parent with how many children it has: a copy that kept its original's parent would
# leave the copied parents emptier and the originals fuller.
SPREADS = [
    (Person.objects.all(), "memberships"),
    (Meeting.objects.all(), "attendances"),
    (Session.objects.all(), "bookings"),
    (Assessment.objects.filter(round__isnull=False), "ratings"),  # the checklist is not copied
    (RapidReview.objects.all(), "recommendations"),
    (Review.objects.all(), "recommendations"),
    (Indicator.objects.all(), "values"),
    (Publication.objects.all(), "versions"),
]


def spreads():
    return {
        f"{rows.model.__name__}.{children}": sorted(
            rows.annotate(n=Count(children)).values_list("n", flat=True)
        )
        for rows, children in SPREADS
    }


@pytest.fixture
def multiplied(db):
    call_command("load_demo", stdout=io.StringIO())
    before = sizes(), spreads()
    multiply(FACTOR)
    return before


def test_it_multiplies_every_bulk_table_by_the_factor(multiplied):
    before, _ = multiplied
    assert all(before.values()), before  # the demo has some of each to copy
    assert sizes() == {label: n * FACTOR for label, n in before.items()}


def test_each_copy_has_the_copies_of_its_original_s_children(multiplied):
    _, before = multiplied
    assert spreads() == {label: sorted(ns * FACTOR) for label, ns in before.items()}


def test_a_copied_publication_shows_its_own_copied_version(multiplied):
    assert not Publication.objects.exclude(published_version__isnull=True).exclude(
        published_version__publication=F("pk")
    )
