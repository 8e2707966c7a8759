"""The training statistics page through the test client: the current academic year by default,
another chosen with ?year=, the year before beside it, a clear error for a year that is not
offered, and a number of queries that does not grow with the records. Which roles may open it
at all is the URL x role matrix's job (tests/partnership/test_access.py)."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnership.models import AgencyKind
from training.models import BookingStatus, Evaluation, ImpactResponse, Respondent
from training.services.statistics import academic_year_of

from ..factories import AgencyFactory
from .factories import BookingFactory, CourseFactory, SessionFactory

pytestmark = pytest.mark.django_db

URL = reverse("training_staff:statistics")
LONDON = ZoneInfo("Europe/London")


def text(response) -> str:
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def session_on(day: datetime.date, title="Recognising and responding to neglect"):
    starts = datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=LONDON)
    return SessionFactory(
        course=CourseFactory(title=title),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        capacity=30,
    )


def bookings(session, count: int, status=BookingStatus.ATTENDED, **fields):
    return [BookingFactory(session=session, status=status, **fields) for _ in range(count)]


@pytest.fixture
def signed_in(client, business_unit):
    client.force_login(business_unit)
    return client


@pytest.fixture
def two_years():
    """Five bookings in 2022-23 (four attended, one a no-show), three in 2021-22, and one
    quotable impact response."""
    session = session_on(datetime.date(2023, 3, 8))
    attended = bookings(session, 4)
    bookings(session, 1, BookingStatus.DID_NOT_ATTEND)
    for n, booking in enumerate(attended):
        Evaluation.objects.create(
            booking=booking, objectives_met=True, equipped=n > 0, would_recommend=True
        )
    ImpactResponse.objects.create(
        booking=attended[0],
        respondent=Respondent.LINE_MANAGER,
        practice_change="Referrals from the team now say what the child said.",
        may_quote=True,
    )
    bookings(session_on(datetime.date(2022, 3, 9), "Child exploitation: an introduction"), 3)


def test_it_shows_the_current_academic_year_by_default(signed_in):
    current = academic_year_of(timezone.localdate())

    page = text(signed_in.get(URL))

    assert f"Training statistics {current.name}" in page
    assert "is not over yet" in page


def test_it_shows_a_chosen_year_beside_the_year_before(signed_in, two_years):
    page = text(signed_in.get(URL, {"year": 2022}))

    assert "Training statistics 2022-23" in page
    assert "5 bookings in 2022-23 against 3 in 2021-22: up 2 (67%)" in page
    assert "Bookings 5 3" in page
    assert "Learning objectives met 100%" in page
    assert "Better equipped for their work 75%" in page
    assert "Recognising and responding to neglect Level 2: practice 1 5 4 1 20%" in page
    assert "Health trust or provider 5 4 1 20%" in page
    assert "“Referrals from the team now say what the child said.” Line manager" in page
    assert "is not over yet" not in page


def test_a_year_not_on_the_list_is_an_error_that_says_so(signed_in, two_years):
    response = signed_in.get(URL, {"year": "1900"})

    page = text(response)
    assert "<title>Error: " in response.content.decode()
    assert "Select an academic year from the list" in page
    assert f"Training statistics {academic_year_of(timezone.localdate()).name}" in page


def test_a_year_with_nothing_in_it_says_so(signed_in):
    session_on(datetime.date(2019, 10, 1))

    page = text(signed_in.get(URL, {"year": 2020}))

    assert "No sessions are recorded for 2020-21" in page
    assert "No bookings are recorded for 2020-21" in page


def test_the_scrutineer_and_partner_leads_may_read_it_and_practitioners_may_not(
    client, scrutineer, partner_lead, practitioner
):
    for reader in (scrutineer, partner_lead):
        client.force_login(reader)
        assert client.get(URL).status_code == 200
    client.force_login(practitioner)
    assert client.get(URL).status_code != 200


def _programme(courses: int) -> None:
    kinds = [AgencyKind.LOCAL_AUTHORITY, AgencyKind.HEALTH, AgencyKind.EDUCATION]
    for n in range(courses):
        session = session_on(datetime.date(2023, 1 + n % 6, 10 + n % 9), f"Course {n}")
        agency = AgencyFactory(name=f"Agency {n}", kind=kinds[n % 3])
        for booking in bookings(session, 2, agency=agency):
            Evaluation.objects.create(
                booking=booking, objectives_met=True, equipped=True, would_recommend=False
            )
            ImpactResponse.objects.create(
                booking=booking,
                respondent=Respondent.ATTENDEE,
                practice_change=f"Change {n}",
                may_quote=True,
            )


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, {"year": 2022}).status_code == 200
    return len(captured)


def test_the_page_takes_the_same_queries_however_many_courses(signed_in):
    _programme(2)
    few = _queries(signed_in)
    _programme(15)
    many = _queries(signed_in)

    assert few == many
