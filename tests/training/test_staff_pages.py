"""The business unit's training pages through the test client: courses, sessions, a session's
bookings, booking on someone's behalf, moving and cancelling bookings, place prices, and query
counts that do not grow with the rows. Who may open which page is the URL x role matrix's job
(tests/partnership/test_access.py)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnership.models import AgencyKind
from training.models import (
    Booking,
    BookingStatus,
    ChargeKind,
    Course,
    EmailKind,
    PlacePrice,
    SentEmail,
    Session,
    SessionStatus,
)
from training.services.bookings import booking_create

from ..factories import AgencyFactory, UserFactory
from .factories import CourseFactory, SessionFactory, attendee

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, business_unit):
    client.force_login(business_unit)
    return client


def page(response):
    assert response.status_code == 200
    return response.content.decode()


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def book(session, *numbers):
    return [booking_create(session=session, attendee=attendee(n)) for n in numbers]


def queries(client, url):
    client.get(url)  # once first, so a first visit's extra work is not counted
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def session_on(days: int, **kwargs) -> Session:
    starts = (timezone.localtime() + datetime.timedelta(days=days)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    return SessionFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), **kwargs)


# Courses


def test_the_course_list_shows_active_courses_unless_asked(signed_in):
    CourseFactory(title="Neglect toolkit")
    CourseFactory(title="Retired course", is_active=False)

    active = page(signed_in.get("/portal/training/courses/"))
    inactive = page(signed_in.get("/portal/training/courses/", {"show": "inactive"}))
    every = page(signed_in.get("/portal/training/courses/", {"show": "all"}))

    assert "Neglect toolkit" in active and "Retired course" not in active
    assert "Retired course" in inactive and "Neglect toolkit" not in inactive
    assert "Neglect toolkit" in every and "Retired course" in every


def test_a_course_is_added_with_its_approval_setting(signed_in):
    response = signed_in.post(
        "/portal/training/courses/add/",
        {
            "title": "Working with fathers",
            "summary": "Bringing fathers into the picture.",
            "learning_objectives": "Name the barriers\nPlan a visit",
            "level": "3",
            "series": "Families",
            "needs_manager_approval": "on",
        },
    )

    course = Course.objects.get(title="Working with fathers")
    assert response["Location"] == f"/portal/training/courses/#course-{course.pk}"
    assert (course.level, course.needs_manager_approval, course.is_active) == (3, True, True)


def test_a_course_without_its_details_says_what_is_missing(signed_in):
    html = page(signed_in.post("/portal/training/courses/add/", {"level": "1"}))

    assert "<title>Error: Add a course" in html
    assert "Enter the title of the course" in html
    assert "Enter a summary of the course" in html
    assert "Enter the learning objectives, one a line" in html
    assert not Course.objects.exists()


def test_a_course_is_changed(signed_in):
    course = CourseFactory(needs_manager_approval=True)

    signed_in.post(
        f"/portal/training/courses/{course.pk}/",
        {
            "title": "Renamed",
            "summary": course.summary,
            "learning_objectives": course.learning_objectives,
            "level": "2",
        },
    )

    course.refresh_from_db()
    assert (course.title, course.needs_manager_approval) == ("Renamed", False)


def test_deactivating_asks_first_and_warns_of_sessions_to_come(signed_in):
    session = session_on(10)
    url = f"/portal/training/courses/{session.course_id}/deactivate/"

    html = page(signed_in.get(url))
    assert "Stop offering this course?" in html
    assert "The course has 1 session still to come" in html
    assert Course.objects.get().is_active

    signed_in.post(url)
    assert not Course.objects.get().is_active
    # No session can be added to it now.
    add = page(signed_in.get(f"/portal/training/courses/{session.course_id}/sessions/add/"))
    assert "is no longer offered" in add

    signed_in.post(url)
    assert Course.objects.get().is_active


def test_the_course_list_costs_the_same_for_few_and_many_courses(signed_in):
    def count(courses):
        for n in range(courses):
            session_on(5 + n, course=CourseFactory(title=f"Course {n:03}"))
        return queries(signed_in, "/portal/training/courses/")

    assert count(2) == count(30)


# The list of sessions


def test_the_sessions_list_shows_places_held_and_the_waiting_list(signed_in):
    full = session_on(10, capacity=2, course=CourseFactory(title="Neglect toolkit"))
    book(full, 1, 2, 3, 4)
    past = session_on(-30)

    html = page(signed_in.get("/portal/training/sessions/"))

    assert f'href="/portal/training/sessions/{full.pk}/">Neglect toolkit' in html
    assert "2 of 2" in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in html  # waiting
    assert f"/portal/training/sessions/{past.pk}/" not in html


def test_the_sessions_list_filters_by_when_course_and_month(signed_in):
    neglect = CourseFactory(title="Neglect toolkit")
    soon, later = session_on(5, course=neglect), session_on(70, course=neglect)
    past = session_on(-30)
    other = session_on(6)

    def listed(**filters):
        html = page(signed_in.get("/portal/training/sessions/", filters))
        shown = [s for s in (soon, later, past, other) if f"/sessions/{s.pk}/" in html]
        return [s.pk for s in shown]

    month = f"{timezone.localtime(later.starts_at):%Y-%m}"
    assert listed() == [soon.pk, later.pk, other.pk]
    assert listed(when="past") == [past.pk]
    assert listed(when="all") == [soon.pk, later.pk, past.pk, other.pk]
    assert listed(course=neglect.pk) == [soon.pk, later.pk]
    assert listed(course=neglect.pk, month=month) == [later.pk]


def test_the_sessions_list_costs_the_same_for_few_and_many_sessions(signed_in):
    def count(sessions):
        for n in range(sessions):
            session = session_on(3 + n, capacity=1)
            book(session, 2 * n, 2 * n + 1)
        return queries(signed_in, "/portal/training/sessions/")

    assert count(2) == count(30)


# Adding and changing a session


def test_a_session_is_added_from_the_times_people_type(signed_in):
    course = CourseFactory()
    day = timezone.localdate() + datetime.timedelta(days=40)

    response = signed_in.post(
        f"/portal/training/courses/{course.pk}/sessions/add/",
        {
            "day_0": day.day, "day_1": day.month, "day_2": day.year,
            "start_time": "9:30am", "end_time": "12.30pm", "venue": "Library",
            "capacity": "20", "trainer": "Sam Lee",
        },
    )  # fmt: skip

    session = Session.objects.get()
    assert response["Location"] == f"/portal/training/sessions/{session.pk}/"
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    assert (starts.date(), starts.time(), ends.time()) == (
        day,
        datetime.time(9, 30),
        datetime.time(12, 30),
    )
    assert (session.capacity, session.venue, session.trainer) == (20, "Library", "Sam Lee")


def test_a_session_form_says_what_is_wrong(signed_in):
    course = CourseFactory()
    day = timezone.localdate() + datetime.timedelta(days=40)

    html = page(
        signed_in.post(
            f"/portal/training/courses/{course.pk}/sessions/add/",
            {
                "day_0": day.day,
                "day_1": day.month,
                "day_2": day.year,
                "start_time": "14:00",
                "end_time": "10am",
                "capacity": "0",
            },
        )  # fmt: skip
    )

    assert "The end time must be after the start time" in html
    assert "Enter the venue, the online joining link, or both" in html
    assert "A session needs at least 1 place" in html
    assert "<title>Error: " in html
    assert not Session.objects.exists()


def test_a_time_that_is_not_a_time_is_named(signed_in):
    course = CourseFactory()

    html = page(
        signed_in.post(
            f"/portal/training/courses/{course.pk}/sessions/add/",
            {"start_time": "half nine", "end_time": "13pm", "venue": "Hall", "capacity": "5"},
        )
    )

    assert "Enter the start time like 9:30am or 14:00" in html
    assert "Enter the end time like 9:30am or 14:00" in html
    assert "Enter the date of the session" in html


def edit_data(session, **changes):
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    data = {
        "day_0": starts.day, "day_1": starts.month, "day_2": starts.year,
        "start_time": f"{starts:%H:%M}", "end_time": f"{ends:%H:%M}",
        "venue": session.venue, "online_url": session.online_url,
        "capacity": session.capacity, "trainer": session.trainer,
    }  # fmt: skip
    return {**data, **changes}


def test_changing_the_time_emails_everyone_booked(signed_in, django_capture_on_commit_callbacks):
    session = session_on(20, capacity=1)
    book(session, 1, 2)

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            f"/portal/training/sessions/{session.pk}/edit/",
            edit_data(session, start_time="10:00"),
        )

    assert messages_of(response) == ["Session saved; 2 people emailed about the change"]
    session.refresh_from_db()
    assert (timezone.localtime(session.starts_at).time(), session.ics_sequence) == (
        datetime.time(10, 0),
        1,
    )
    assert SentEmail.objects.filter(kind=EmailKind.SESSION_CHANGED, key="1").count() == 2


def test_more_places_go_to_the_waiting_list(signed_in):
    session = session_on(20, capacity=1)
    book(session, 1, 2, 3)

    response = signed_in.post(
        f"/portal/training/sessions/{session.pk}/edit/", edit_data(session, capacity="2")
    )

    assert messages_of(response) == ["Session saved; 1 place given to the waiting list"]
    assert Booking.objects.get(attendee_name="Attendee 2").status == BookingStatus.CONFIRMED


def test_fewer_places_than_are_held_is_a_clear_error(signed_in):
    session = session_on(20, capacity=5)
    book(session, 1, 2, 3)

    html = page(
        signed_in.post(
            f"/portal/training/sessions/{session.pk}/edit/", edit_data(session, capacity="2")
        )
    )

    assert "The capacity cannot be less than the 3 places already held" in html
    assert 'href="#id_capacity"' in html  # the error summary points at the field
    session.refresh_from_db()
    assert session.capacity == 5


def test_a_cancelled_session_cannot_be_changed(signed_in):
    session = session_on(20, status=SessionStatus.CANCELLED)

    html = page(signed_in.get(f"/portal/training/sessions/{session.pk}/edit/"))
    signed_in.post(f"/portal/training/sessions/{session.pk}/edit/", edit_data(session, venue="X"))

    assert "it can no longer be changed" in html
    session.refresh_from_db()
    assert session.venue != "X"


def test_cancelling_a_session_asks_first_then_cancels_every_booking(signed_in):
    session = session_on(20, capacity=1)
    book(session, 1, 2)
    url = f"/portal/training/sessions/{session.pk}/cancel/"

    html = page(signed_in.get(url))
    assert "Cancel the session?" in html and "Its 2 bookings" in html

    response = signed_in.post(url)

    assert messages_of(response) == ["Session cancelled; 2 people emailed"]
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert set(session.bookings.values_list("status", flat=True)) == {BookingStatus.CANCELLED}


def test_a_session_that_has_started_is_not_cancelled(signed_in):
    session = session_on(-1)

    html = page(signed_in.post(f"/portal/training/sessions/{session.pk}/cancel/"))

    assert "<title>Error: " in html and "it can no longer be cancelled" in html
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED


# A session's bookings


def test_a_session_page_groups_its_bookings_and_keeps_the_waiting_list_in_order(signed_in):
    session = session_on(20, capacity=2, course=CourseFactory(needs_manager_approval=True))
    first, second, third, fourth, fifth = book(session, 1, 2, 3, 4, 5)
    Booking.objects.filter(pk=fifth.pk).update(status=BookingStatus.CANCELLED)

    html = page(signed_in.get(f"/portal/training/sessions/{session.pk}/"))

    assert "Awaiting the line manager’s approval (2)" in html
    assert "Waiting list, in order (2)" in html
    assert "Ended bookings (1)" in html
    assert html.index("Attendee 3") < html.index("Attendee 4")
    assert f'href="/portal/training/sessions/{session.pk}/register/"' in html
    assert f'href="/portal/training/bookings/{third.pk}/move/"' in html
    assert f'href="/portal/training/bookings/{fifth.pk}/move/"' not in html


def test_a_session_page_costs_the_same_for_few_and_many_bookings(signed_in):
    session = session_on(20, capacity=3)

    few = queries(signed_in, f"/portal/training/sessions/{session.pk}/")
    book(session, *range(40))
    many = queries(signed_in, f"/portal/training/sessions/{session.pk}/")

    assert few == many


def test_the_business_unit_books_on_someones_behalf(signed_in, business_unit):
    session = session_on(20)
    school = AgencyFactory(name="Riverside Primary School", kind=AgencyKind.EDUCATION)
    PlacePrice.objects.create(agency_kind=AgencyKind.EDUCATION, amount=Decimal("60.00"))
    account = UserFactory(username="teacher", email="sam@school.example.org", agency=school)

    response = signed_in.post(
        f"/portal/training/sessions/{session.pk}/book/",
        {
            "name": "Sam Okafor", "email": "Sam@school.example.org", "job_title": "Teacher",
            "agency": school.pk, "line_manager_email": "head@school.example.org",
        },
    )  # fmt: skip

    assert response["Location"] == f"/portal/training/sessions/{session.pk}/"
    assert messages_of(response) == [
        "Sam Okafor booked: confirmed, £60.00 to Riverside Primary School"
    ]
    booking = Booking.objects.get()
    assert (booking.booked_by, booking.user, booking.price) == (
        business_unit,
        account,
        Decimal("60.00"),
    )


def test_booking_someone_twice_is_refused_with_the_reason(signed_in):
    session = session_on(20)
    [existing] = book(session, 1)

    html = page(
        signed_in.post(
            f"/portal/training/sessions/{session.pk}/book/",
            {
                "name": "Again",
                "email": existing.attendee_email,
                "job_title": "Nurse",
                "agency": existing.agency_id,
                "line_manager_email": "boss@agency.example",
            },
        )  # fmt: skip
    )

    assert "already has a place or a waiting-list place on this session" in html
    assert Booking.objects.count() == 1


def test_a_past_session_offers_no_booking_form(signed_in):
    session = session_on(-3)

    html = page(signed_in.get(f"/portal/training/sessions/{session.pk}/book/"))

    assert "it can no longer be booked" in html and "Book the place" not in html


def test_a_booking_moves_to_a_session_with_a_place(signed_in):
    session = session_on(20, capacity=1)
    moving, waiting = book(session, 1, 2)
    target = session_on(30, course=session.course)
    full = session_on(31, capacity=1)
    book(full, 3)
    url = f"/portal/training/bookings/{moving.pk}/move/"

    html = page(signed_in.get(url))
    assert f'value="{target.pk}"' in html and f'value="{full.pk}"' not in html

    response = signed_in.post(url, {"to": target.pk})

    assert response["Location"] == f"/portal/training/sessions/{session.pk}/"
    moving.refresh_from_db()
    waiting.refresh_from_db()
    assert (moving.status, waiting.status) == (BookingStatus.MOVED, BookingStatus.CONFIRMED)
    assert target.bookings.get().replaces == moving


def test_a_booking_cannot_move_to_a_full_session(signed_in):
    [booking] = book(session_on(20), 1)
    full = session_on(30, capacity=1)
    book(full, 2)

    html = page(signed_in.post(f"/portal/training/bookings/{booking.pk}/move/", {"to": full.pk}))

    assert "Select a session from the list: that one is full or has started" in html
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_cancelling_late_on_someones_behalf_warns_of_the_charge(signed_in, business_unit):
    session = session_on(1, capacity=1)
    cancelled, waiting = book(session, 1, 2)
    url = f"/portal/training/bookings/{cancelled.pk}/cancel/"

    html = page(signed_in.get(url))
    assert "This is a late cancellation" in html and "£100" in html

    response = signed_in.post(url)

    assert messages_of(response) == [
        "Attendee 1’s booking cancelled; the place went to Attendee 2 from the waiting list"
    ]
    cancelled.refresh_from_db()
    assert (cancelled.status, cancelled.cancelled_by) == (BookingStatus.CANCELLED, business_unit)
    assert cancelled.charges.get().kind == ChargeKind.LATE_CANCELLATION


def test_cancelling_in_good_time_carries_no_warning(signed_in):
    [booking] = book(session_on(40), 1)

    html = page(signed_in.get(f"/portal/training/bookings/{booking.pk}/cancel/"))

    assert "Cancel Attendee 1’s booking?" in html and "late cancellation" not in html


def test_a_booking_that_has_ended_cannot_be_cancelled_again(signed_in):
    [booking] = book(session_on(40), 1)
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)

    html = page(signed_in.post(f"/portal/training/bookings/{booking.pk}/cancel/"))

    assert "it can no longer be cancelled" in html


# Prices


def test_prices_take_pounds_as_people_type_them_and_a_blank_is_free(signed_in):
    PlacePrice.objects.create(agency_kind=AgencyKind.HEALTH, amount=Decimal("40.00"))

    response = signed_in.post(
        "/portal/training/prices/",
        {"voluntary": "60", "faith": "£60.50", "other": "1,060.00", "health": ""},
    )

    assert response["Location"] == "/portal/training/prices/"
    assert dict(PlacePrice.objects.values_list("agency_kind", "amount")) == {
        "voluntary": Decimal("60.00"),
        "faith": Decimal("60.50"),
        "other": Decimal("1060.00"),
    }
    assert 'value="60.00"' in page(signed_in.get("/portal/training/prices/"))


def test_a_price_that_is_not_money_is_named(signed_in):
    html = page(signed_in.post("/portal/training/prices/", {"voluntary": "sixty", "faith": "-5"}))

    assert "Enter the price for voluntary or community group in pounds and pence" in html
    assert "The price for faith group must be £0 or more" in html
    assert not PlacePrice.objects.exists()
