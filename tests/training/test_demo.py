"""The demo training programme, loaded by load_demo: the seed years' figures come out of the
records (980 bookings and 95%, 94%, 93% in 2022-23; 856 bookings in 2021-22), no session is
overbooked, the current year can be booked, and the demo practitioner has something to see."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from training.models import (
    HOLDS_A_PLACE,
    Booking,
    BookingStatus,
    Charge,
    Course,
    ImpactResponse,
    PlacePrice,
    Session,
    SessionStatus,
)
from training.services.statistics import academic_year, academic_year_of, year_statistics

# The tests read only what the module's fixture handed out; the mark makes pytest-django set up
# the test database even when this module runs alone.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """load_demo run twice, once for the module (it takes seconds); everything it made is
    rolled back at the end. What a test needs is read inside and handed out as plain data."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        counts = {model: model.objects.count() for model in (Course, Session, Booking, Charge)}
        call_command("load_demo", stdout=io.StringIO())
        now = timezone.now()
        current = academic_year_of(timezone.localdate())
        result = {
            "counts": counts,
            "counts_again": {model: model.objects.count() for model in counts},
            "2021-22": year_statistics(academic_year(2021)),
            "2022-23": year_statistics(academic_year(2022)),
            "current": year_statistics(current),
            "overbooked": Session.objects.annotate(
                holding=Count("bookings", filter=Q(bookings__status__in=HOLDS_A_PLACE))
            )
            .exclude(holding=F("places_held"))
            .count()
            + Session.objects.filter(places_held__gt=F("capacity")).count(),
            "bookable": Session.objects.filter(
                status=SessionStatus.SCHEDULED, starts_at__gt=now, places_held__lt=F("capacity")
            ).count(),
            "practitioner": sorted(
                (booking.status, booking.session.starts_at > now, hasattr(booking, "evaluation"))
                for booking in Booking.objects.filter(user__username="practitioner").select_related(
                    "session", "evaluation"
                )
            ),
            "prices": dict(PlacePrice.objects.values_list("agency_kind", "amount")),
            "charged_kinds": set(Charge.objects.values_list("kind", flat=True)),
            "waived": Charge.objects.exclude(waived_at=None).exclude(waiver_reason="").count(),
            "quotable": ImpactResponse.objects.filter(may_quote=True).count(),
            "real_looking_names": Booking.objects.exclude(user__username="practitioner")
            .exclude(attendee_name__startswith="Attendee ")
            .count(),
            "emails": set(
                Booking.objects.values_list("attendee_email", flat=True).order_by().distinct()[:500]
            ),
        }
        transaction.set_rollback(True)
    return result


def test_the_seed_years_figures_come_out_of_the_records(demo):
    seed, before = demo["2022-23"], demo["2021-22"]

    assert seed.bookings == 980
    assert seed.bookings_before == before.bookings == 856
    assert (seed.objectives_met, seed.equipped, seed.would_recommend) == (95, 94, 93)


def test_each_seed_year_runs_about_sixty_sessions_with_realistic_non_attendance(demo):
    for year in (demo["2021-22"], demo["2022-23"]):
        assert 50 <= year.sessions_delivered <= 70
        assert 5 <= year.non_attendance <= 20
        assert year.quotes


def test_no_session_holds_more_places_than_it_has_or_than_its_counter_says(demo):
    assert demo["overbooked"] == 0


def test_the_current_year_has_sessions_to_book(demo):
    assert demo["current"].sessions_to_come > 0
    assert demo["bookable"] > 0


def test_the_demo_practitioner_has_a_place_to_come_a_waiting_place_and_a_course_to_evaluate(
    demo,
):
    assert demo["practitioner"] == [
        (BookingStatus.ATTENDED, False, False),
        (BookingStatus.CONFIRMED, True, False),
        (BookingStatus.WAITING, True, False),
    ]


def test_places_are_free_to_statutory_partners_and_charged_to_voluntary_and_faith_groups(demo):
    assert set(demo["prices"]) == {"voluntary", "faith", "other"}
    assert {"local_authority", "police", "icb"}.isdisjoint(demo["prices"])
    assert demo["charged_kinds"] == {"place", "non_attendance", "late_cancellation"}
    assert demo["waived"] > 0
    assert demo["quotable"] > 0


def test_attendees_are_numbered_with_work_emails_at_example_domains(demo):
    assert demo["real_looking_names"] == 0
    assert all(email.endswith(".example") for email in demo["emails"])


def test_loading_again_changes_nothing(demo):
    assert demo["counts_again"] == demo["counts"]
