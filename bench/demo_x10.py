"""The demo partnership at ten times its size, for the load benchmark (bench/load_pages.py).

`multiply(factor)` copies the demo's bulk records (people, memberships, meetings and their
attendance, actions, publications and their versions, training sessions and their bookings,
budget lines, Section 11 rounds with their returns and ratings, notifications with their rapid
reviews, reviews and recommendations, data set indicators and their figures) until each table
holds `factor` times the demo's rows. It adds no agencies, bodies, frameworks or accounts: a
partnership with ten times the records still has the same agencies and the same staff.

Every copy is made with bulk_create, a table at a time, so ten times the demo takes seconds.
Copies keep their original's links, except to records that were copied too: the k-th copy of
an attendance points at the k-th copy of its meeting and of its person. Run it on a database
that holds the demo and nothing else (load_demo first):

    DATABASE_URL=postgres://... .venv/bin/python bench/demo_x10.py [--factor 10]
"""

import argparse
import copy
import os
import sys
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.db.models.base import ModelState

YEAR = timedelta(days=365)


def clones(rows, factor: int, change=None) -> dict:
    """factor - 1 unsaved copies of each row, keyed (original pk, k) for k in 1..factor-1;
    change(copy, k) gives a copy its own unique fields and links."""
    made = {}
    for k in range(1, factor):
        for row in rows:
            twin = copy.copy(row)
            twin._state = ModelState()
            twin.pk = None
            if change is not None:
                change(twin, k)
            made[(row.pk, k)] = twin
    return made


def save(model, made: dict) -> dict:
    model.objects.bulk_create(made.values(), batch_size=1000)
    return made


def multiply_people(factor: int) -> dict:
    from partnership.models import Person

    def change(person, k):
        person.full_name = f"{person.full_name} {k + 1}"
        if person.email:
            local, _, domain = person.email.partition("@")
            person.email = f"{local}.x{k + 1}@{domain}"

    return save(Person, clones(Person.objects.all(), factor, change))


def multiply_memberships(factor: int, people: dict) -> dict:
    from partnership.models import Membership

    def change(membership, k):
        membership.person = people[(membership.person_id, k)]

    return save(Membership, clones(Membership.objects.all(), factor, change))


def multiply_meetings(factor: int, people: dict) -> dict:
    """Each copy is the same meeting k years earlier: a history, not a crowded diary."""
    from partnership.models import Attendance, Meeting

    def change_meeting(meeting, k):
        meeting.held_on -= k * YEAR

    meetings = save(Meeting, clones(Meeting.objects.all(), factor, change_meeting))

    def change_attendance(attendance, k):
        attendance.meeting = meetings[(attendance.meeting_id, k)]
        attendance.person = people[(attendance.person_id, k)]

    save(Attendance, clones(Attendance.objects.all(), factor, change_attendance))
    return meetings


def multiply_actions(factor: int, people: dict) -> dict:
    from partnership.models import Action

    def change(action, k):
        if action.owner_person_id:
            action.owner_person = people[(action.owner_person_id, k)]

    return save(Action, clones(Action.objects.all(), factor, change))


def multiply_publications(factor: int) -> dict:
    from partnership.models import Publication, PublicationVersion

    def change(publication, k):
        publication.slug = f"{publication.slug[:90]}-{k + 1}"
        publication.published_version = None  # one-to-one: set to the copied version below
        if publication.first_published_at:
            publication.first_published_at -= k * YEAR

    originals = list(Publication.objects.all())
    publications = save(Publication, clones(originals, factor, change))

    def change_version(version, k):
        version.publication = publications[(version.publication_id, k)]
        version.published_at -= k * YEAR

    versions = save(
        PublicationVersion, clones(PublicationVersion.objects.all(), factor, change_version)
    )
    published = []
    for original in originals:
        if original.published_version_id:
            for k in range(1, factor):
                twin = publications[(original.pk, k)]
                twin.published_version = versions[(original.published_version_id, k)]
                published.append(twin)
    Publication.objects.bulk_update(published, ["published_version"], batch_size=1000)
    return publications


def multiply_training(factor: int) -> dict:
    """Each copy runs k weeks after its original, so the programme has ten times the sessions
    coming up, as a busier partnership's would."""
    from training.models import Booking, Session

    def change_session(session, k):
        session.starts_at += timedelta(weeks=k)
        session.ends_at += timedelta(weeks=k)

    sessions = save(Session, clones(Session.objects.all(), factor, change_session))

    def change_booking(booking, k):
        booking.session = sessions[(booking.session_id, k)]
        booking.replaces = None  # one-to-one, and its original stays with the original session

    save(Booking, clones(Booking.objects.all(), factor, change_booking))
    return sessions


def multiply_budget(factor: int) -> dict:
    """Ten times the lines in each year's statement."""
    from budget.models import Line

    def change(line, k):
        if line.description:
            line.description = f"{line.description[:190]} ({k + 1})"

    return save(Line, clones(Line.objects.all(), factor, change))


def multiply_section_11(factor: int) -> dict:
    """Each round again, k years earlier, with its returns and their ratings. A round's
    grid keeps its agencies: the partnership gains records, not members."""
    from scrutiny.models import Assessment, Rating, Section11Round

    def change_round(round_, k):
        round_.name = f"{round_.name} ({k} years before)"
        round_.period_start -= k * YEAR
        round_.period_end -= k * YEAR
        round_.deadline -= k * YEAR

    rounds = save(Section11Round, clones(Section11Round.objects.all(), factor, change_round))

    def change_return(assessment, k):
        assessment.round = rounds[(assessment.round_id, k)]
        assessment.period_start -= k * YEAR
        assessment.period_end -= k * YEAR
        if assessment.deadline:
            assessment.deadline -= k * YEAR
        assessment.previous = None

    returns = save(
        Assessment,
        clones(Assessment.objects.filter(round__isnull=False), factor, change_return),
    )

    def change_rating(rating, k):
        rating.assessment = returns[(rating.assessment_id, k)]

    save(
        Rating,
        clones(Rating.objects.filter(assessment__round__isnull=False), factor, change_rating),
    )
    return returns


def multiply_reviews(factor: int) -> dict:
    from reviews.models import (
        Notification,
        NotifiedChild,
        RapidReview,
        Recommendation,
        Review,
    )

    def change_notification(notification, k):
        notification.reference = f"{notification.reference[:24]}-X{k + 1}"
        notification.became_aware_on -= k * YEAR
        if notification.notified_on:
            notification.notified_on -= k * YEAR

    originals = list(Notification.objects.all())
    notifications = save(Notification, clones(originals, factor, change_notification))
    involved = Notification.agencies.through
    involved.objects.bulk_create(
        involved(
            notification_id=notifications[(link.notification_id, k)].pk, agency_id=link.agency_id
        )
        for link in involved.objects.all()
        for k in range(1, factor)
    )

    def change_child(child, k):
        child.notification = notifications[(child.notification_id, k)]

    save(NotifiedChild, clones(NotifiedChild.objects.all(), factor, change_child))

    def change_rapid(rapid, k):
        rapid.notification = notifications[(rapid.notification_id, k)]

    rapid_reviews = save(RapidReview, clones(RapidReview.objects.all(), factor, change_rapid))

    def change_review(review, k):
        if review.rapid_review_id:
            review.rapid_review = rapid_reviews[(review.rapid_review_id, k)]
        review.publication = None  # one-to-one with the original's publication

    reviews = save(Review, clones(Review.objects.all(), factor, change_review))

    def change_recommendation(recommendation, k):
        if recommendation.review_id:
            recommendation.review = reviews[(recommendation.review_id, k)]
        else:
            recommendation.rapid_review = rapid_reviews[(recommendation.rapid_review_id, k)]

    recommendations = save(
        Recommendation, clones(Recommendation.objects.all(), factor, change_recommendation)
    )
    themed = Recommendation.themes.through
    themed.objects.bulk_create(
        themed(
            recommendation_id=recommendations[(link.recommendation_id, k)].pk,
            learningtheme_id=link.learningtheme_id,
        )
        for link in themed.objects.all()
        for k in range(1, factor)
    )
    return notifications


def multiply_data_set(factor: int) -> dict:
    from partnership.models import Indicator, IndicatorValue

    def change_indicator(indicator, k):
        indicator.name = f"{indicator.name[:190]} ({k + 1})"

    indicators = save(Indicator, clones(Indicator.objects.all(), factor, change_indicator))

    def change_value(value, k):
        value.indicator = indicators[(value.indicator_id, k)]

    save(IndicatorValue, clones(IndicatorValue.objects.all(), factor, change_value))
    return indicators


def multiply(factor: int = 10) -> None:
    """Everything above in one transaction: a failure leaves the demo as it was."""
    with transaction.atomic():
        people = multiply_people(factor)
        multiply_memberships(factor, people)
        multiply_meetings(factor, people)
        multiply_actions(factor, people)
        multiply_publications(factor)
        multiply_training(factor)
        multiply_budget(factor)
        multiply_section_11(factor)
        multiply_reviews(factor)
        multiply_data_set(factor)


def counts() -> dict[str, int]:
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
    from reviews.models import Notification, Recommendation
    from scrutiny.models import Assessment, Rating
    from training.models import Booking, Session

    models = [
        Person, Membership, Meeting, Attendance, Action, Publication, Session, Booking, Line,
        Assessment, Rating, Notification, Recommendation, Indicator, IndicatorValue,
    ]  # fmt: skip
    return {model._meta.verbose_name_plural: model.objects.count() for model in models}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factor", type=int, default=10)
    arguments = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    before = counts()
    multiply(arguments.factor)
    for label, after in counts().items():
        print(f"{label:<24}{before[label]:>8} -> {after:>8}")
