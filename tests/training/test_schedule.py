"""The scheduled training emails and the hourly task that sends them: reminders inside the
window before a session, evaluation requests after it, the impact follow-up about three months
on to the attendee and their line manager, and held places released when no approval came.
Each email goes once, however often the task runs."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from training.models import Booking, BookingStatus, EmailKind, SentEmail, SessionStatus
from training.services import emails
from training.services.bookings import approval_deadline, approvals_release, booking_create
from training.services.evaluation import evaluation_submit
from training.services.schedule import (
    evaluation_requests_send,
    impact_follow_ups_send,
    reminders_send,
)
from training.tasks import send_training_emails

from ..factories import UserFactory
from .factories import (
    BookingFactory,
    CourseFactory,
    SessionFactory,
    attended_booking,
    attendee,
)

pytestmark = pytest.mark.django_db


def session_starting_in(delta: datetime.timedelta, **kwargs):
    starts = timezone.now() + delta
    return SessionFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), **kwargs)


def recipients(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


def token_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


# The task


@pytest.fixture
def one_of_each(settings, mailoutbox):
    """One booking due each kind of scheduled email, and one place held too long."""
    settings.TRAINING_REMINDER_DAYS_BEFORE = 2
    settings.TRAINING_IMPACT_FOLLOW_UP_DAYS = 91
    BookingFactory(
        session=session_starting_in(datetime.timedelta(days=1)),
        attendee_email="reminded@agency.example",
    )
    attended_booking(days_ago=1, user=UserFactory(), attendee_email="evaluator@agency.example")
    attended_booking(
        days_ago=91,
        attendee_email="followed-up@agency.example",
        line_manager_email="their-manager@agency.example",
    )
    held = booking_create(
        session=SessionFactory(course=CourseFactory(needs_manager_approval=True)),
        attendee=attendee(9, email="held@agency.example"),
    )
    Booking.objects.filter(pk=held.pk).update(
        approval_requested_at=timezone.now() - datetime.timedelta(days=30)
    )
    # The request to the line manager went when the booking was made.
    emails.emails_send_pending()
    mailoutbox.clear()
    return held


def test_each_email_goes_once_however_often_the_task_runs(
    one_of_each, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = send_training_emails()
    with django_capture_on_commit_callbacks(execute=True):
        second = send_training_emails()

    assert first == {
        "approvals_released": 1,
        "reminders": 1,
        "evaluation_requests": 1,
        "impact_follow_ups": 2,
    }
    assert second == dict.fromkeys(first, 0)
    assert recipients(mailoutbox) == [
        "evaluator@agency.example",
        "followed-up@agency.example",
        "held@agency.example",
        "reminded@agency.example",
        "their-manager@agency.example",
    ]
    assert sorted(SentEmail.objects.values_list("kind", "key")) == sorted(
        [
            (EmailKind.APPROVAL_REQUEST, ""),  # sent by the fixture, not by the task
            (EmailKind.EVALUATION, ""),
            (EmailKind.IMPACT_FOLLOW_UP, "attendee"),
            (EmailKind.IMPACT_FOLLOW_UP, "line_manager"),
            (EmailKind.RELEASED, ""),
            (EmailKind.REMINDER, ""),
        ]
    )
    one_of_each.refresh_from_db()
    assert one_of_each.status == BookingStatus.RELEASED


def test_a_failed_send_is_tried_again_on_the_next_run(one_of_each, mailoutbox, monkeypatch):
    # The SentEmail row and the send share a transaction: a mail server that fails leaves no
    # row behind, so the email is not lost.
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with pytest.raises(ConnectionRefusedError):
        reminders_send(now=timezone.now())
    assert not SentEmail.objects.filter(kind=EmailKind.REMINDER).exists()

    monkeypatch.undo()
    assert reminders_send(now=timezone.now()) == 1
    assert recipients(mailoutbox) == ["reminded@agency.example"]


# Reminders


def test_reminders_go_only_for_sessions_starting_inside_the_window(settings, mailoutbox):
    settings.TRAINING_REMINDER_DAYS_BEFORE = 2
    now = timezone.now()
    hours = datetime.timedelta(hours=1)
    for email, starts_in in [
        ("in-an-hour@agency.example", hours),
        ("in-47-hours@agency.example", 47 * hours),
        ("in-49-hours@agency.example", 49 * hours),
        ("started@agency.example", -hours),
    ]:
        BookingFactory(session=session_starting_in(starts_in), attendee_email=email)

    assert reminders_send(now=now) == 2
    assert recipients(mailoutbox) == ["in-47-hours@agency.example", "in-an-hour@agency.example"]


def test_the_window_follows_the_setting(settings, mailoutbox):
    settings.TRAINING_REMINDER_DAYS_BEFORE = 3
    BookingFactory(session=session_starting_in(datetime.timedelta(hours=60)))

    assert reminders_send(now=timezone.now()) == 1


@pytest.mark.parametrize(
    "status",
    [
        BookingStatus.WAITING,
        BookingStatus.CANCELLED,
        BookingStatus.AWAITING_APPROVAL,
        BookingStatus.SUBSTITUTED,
    ],
)
def test_only_a_confirmed_place_is_reminded(status, mailoutbox):
    BookingFactory(session=session_starting_in(datetime.timedelta(days=1)), status=status)

    assert reminders_send(now=timezone.now()) == 0
    assert mailoutbox == []


def test_a_cancelled_session_is_not_reminded(mailoutbox):
    session = session_starting_in(datetime.timedelta(days=1), status=SessionStatus.CANCELLED)
    BookingFactory(session=session)

    assert reminders_send(now=timezone.now()) == 0


def test_the_reminder_names_the_session_and_carries_the_calendar_file(mailoutbox):
    session = session_starting_in(
        datetime.timedelta(days=1), course=CourseFactory(title="Neglect: the toolkit")
    )
    BookingFactory(session=session, attendee_name="Siobhan O'Neil")

    reminders_send(now=timezone.now())

    (message,) = mailoutbox
    assert message.subject.startswith("Reminder: Neglect: the toolkit, ")
    assert "Dear Siobhan O'Neil," in message.body
    assert "Thameside Civic Centre, Room 2" in message.body
    assert reverse("training:session", args=[session.pk]) in message.body
    ((name, content, mimetype),) = message.attachments
    assert (name, mimetype) == ("session.ics", "text/calendar")
    assert "BEGIN:VEVENT" in (content if isinstance(content, str) else content.decode())


# Evaluation requests


def test_an_evaluation_is_asked_for_once_the_session_has_ended(mailoutbox):
    booking = attended_booking(days_ago=1, user=UserFactory())

    assert evaluation_requests_send(now=timezone.now()) == 1

    (message,) = mailoutbox
    assert message.to == [booking.attendee_email]
    assert booking.session.course.title in message.subject
    assert emails.portal_url(reverse("training:evaluate", args=[booking.pk])) in message.body


def test_no_evaluation_is_asked_for_where_it_is_not_due(mailoutbox):
    user = UserFactory()
    attended_booking(days_ago=1)  # booked for someone without an account: no page to reach
    attended_booking(days_ago=1, user=user, status=BookingStatus.DID_NOT_ATTEND)
    attended_booking(days_ago=40, user=user)  # long over, e.g. imported history
    evaluated = attended_booking(days_ago=1, user=user)
    evaluation_submit(booking=evaluated, objectives_met=True, equipped=True, would_recommend=True)
    running = SessionFactory(
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
    )
    BookingFactory(session=running, user=user, status=BookingStatus.ATTENDED)

    assert evaluation_requests_send(now=timezone.now()) == 0
    assert mailoutbox == []


# Impact follow-up


@pytest.mark.parametrize(("days_ago", "sent"), [(80, 0), (90, 0), (91, 2), (100, 2), (120, 0)])
def test_the_impact_follow_up_goes_about_three_months_on(settings, mailoutbox, days_ago, sent):
    settings.TRAINING_IMPACT_FOLLOW_UP_DAYS = 91
    attended_booking(days_ago=days_ago)

    assert impact_follow_ups_send(today=timezone.localdate()) == sent
    assert len(mailoutbox) == sent


def test_the_attendee_and_the_line_manager_each_get_their_own_link(settings, mailoutbox):
    settings.TRAINING_IMPACT_FOLLOW_UP_DAYS = 91
    booking = attended_booking(
        days_ago=91,
        attendee_name="Sam Patel",
        attendee_email="sam@agency.example",
        line_manager_email="manager@agency.example",
    )

    impact_follow_ups_send(today=timezone.localdate())

    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {"sam@agency.example", "manager@agency.example"}
    assert "What has changed since you attended" in by_recipient["sam@agency.example"].subject
    assert "since Sam Patel attended" in by_recipient["manager@agency.example"].subject
    for address, respondent in [
        ("sam@agency.example", "attendee"),
        ("manager@agency.example", "line_manager"),
    ]:
        (url,) = [line for line in by_recipient[address].body.split() if "/impact/" in line]
        assert emails.link_booking(token_of(url), "impact") == (
            booking.pk,
            {"respondent": respondent},
        )


def test_no_impact_follow_up_for_someone_who_did_not_attend(settings, mailoutbox):
    settings.TRAINING_IMPACT_FOLLOW_UP_DAYS = 91
    attended_booking(days_ago=91, status=BookingStatus.DID_NOT_ATTEND)

    assert impact_follow_ups_send(today=timezone.localdate()) == 0


# Approvals not given in time


def test_a_held_place_is_released_after_the_working_days_allowed(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.TRAINING_APPROVAL_WORKING_DAYS = 3
    held = booking_create(
        session=SessionFactory(course=CourseFactory(needs_manager_approval=True)),
        attendee=attendee(1),
    )
    friday = timezone.make_aware(datetime.datetime(2025, 11, 14, 10, 0))
    Booking.objects.filter(pk=held.pk).update(approval_requested_at=friday)
    held.refresh_from_db()
    # Three working days after a Friday is the Wednesday: the weekend does not count.
    assert approval_deadline(held) == datetime.date(2025, 11, 19)

    assert approvals_release(today=datetime.date(2025, 11, 19)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert approvals_release(today=datetime.date(2025, 11, 20)) == 1

    held.refresh_from_db()
    assert held.status == BookingStatus.RELEASED
    assert [message.to for message in mailoutbox if "released" in message.subject.lower()] == [
        [held.attendee_email]
    ]


# Queries


def send_cost(run, make, n: int) -> int:
    for _ in range(n):
        make()
    with CaptureQueriesContext(connection) as queries:
        run()
    SentEmail.objects.all().delete()
    Booking.objects.all().delete()
    return len(queries)


def one_send_cost(booking, kind, **kwargs) -> int:
    """What emails.send_once costs alone, for a booking whose session and course are loaded."""
    booking = Booking.objects.select_related("session__course").get(pk=booking.pk)
    with CaptureQueriesContext(connection) as queries:
        emails.send_once(booking, kind, **kwargs)
    SentEmail.objects.all().delete()
    return len(queries)


@pytest.mark.parametrize(
    ("run", "make", "kind", "sends_per_booking"),
    [
        (
            lambda: reminders_send(now=timezone.now()),
            lambda: BookingFactory(session=session_starting_in(datetime.timedelta(days=1))),
            EmailKind.REMINDER,
            1,
        ),
        (
            lambda: evaluation_requests_send(now=timezone.now()),
            lambda: attended_booking(days_ago=1, user=UserFactory()),
            EmailKind.EVALUATION,
            1,
        ),
        (
            lambda: impact_follow_ups_send(today=timezone.localdate()),
            lambda: attended_booking(days_ago=91),
            EmailKind.IMPACT_FOLLOW_UP,
            2,
        ),
    ],
    ids=["reminders", "evaluation_requests", "impact_follow_ups"],
)
def test_a_run_costs_its_sends_and_nothing_more_per_booking(
    settings, mailoutbox, run, make, kind, sends_per_booking
):
    settings.TRAINING_IMPACT_FOLLOW_UP_DAYS = 91
    per_send = one_send_cost(make(), kind, context={"evaluation_url": "", "impact_url": ""})
    Booking.objects.all().delete()

    one, three = send_cost(run, make, 1), send_cost(run, make, 3)

    assert three - one == 2 * sends_per_booking * per_send
    # A run that finds everything sent already reads one list and stops.
    for _ in range(3):
        make()
    run()
    with CaptureQueriesContext(connection) as again:
        assert run() == 0
    assert len(again) == 1
