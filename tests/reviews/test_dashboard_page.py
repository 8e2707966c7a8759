"""The reviews dashboard: every running clock soonest first with its tag and days left on a
fixed calendar, the share met on time over a period, its reads in the audit log, and a query
count that does not grow with the records.

The calendar: the local authority became aware on Monday 4 March 2024, so the notification is
due Monday 11 March and the rapid review Monday 25 March. A CSPR decided on 2 October 2023 is
due for publication on 2 April 2024, and its final report 7 working days before, on Wednesday
20 March (Good Friday and Easter Monday fall between)."""

import datetime

import pytest
from django.urls import reverse

from partnership.models import AuditEntry, AuditVerb
from reviews.services import ClockKind

from .factories import NotificationFactory, ReviewFactory

pytestmark = pytest.mark.django_db

URL = reverse("reviews:dashboard")
D = datetime.date


@pytest.fixture
def today(monkeypatch):
    """Set the day the page takes as today."""

    def set_today(day: datetime.date):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)
        return day

    return set_today


@pytest.fixture
def signed_in(client, scrutineer):
    client.force_login(scrutineer)
    return client


@pytest.fixture
def calendar(db):
    """Five clocks running, one done (see the module's docstring)."""
    unnotified = NotificationFactory(
        reference="SIN-2024-004", became_aware_on=D(2024, 3, 4), notified_on=None
    )
    # Notified in time; its rapid review is due on Monday 18 March.
    notified = NotificationFactory(
        reference="SIN-2024-002", became_aware_on=D(2024, 2, 26), notified_on=D(2024, 2, 27)
    )
    cspr = ReviewFactory(title="Local CSPR: Baby C", decided_on=D(2023, 10, 2))
    return {"unnotified": unnotified, "notified": notified, "cspr": cspr}


def rows(response):
    return [
        (row["clock"].label, str(row["clock"].record), row["clock"].due_on)
        for row in response.context["running"]
    ]


def row_of(response, kind: ClockKind, record):
    return next(
        row
        for row in response.context["running"]
        if row["clock"].kind == kind and row["clock"].record == record
    )


@pytest.mark.parametrize("who", ["business_unit", "scrutineer", "partner_lead"])
def test_the_roles_that_read_reviews_read_the_dashboard_and_the_read_is_audited(client, cast, who):
    client.force_login(cast[who])

    assert client.get(URL).status_code == 200
    entry = AuditEntry.objects.get(verb=AuditVerb.VIEWED)
    assert (entry.user, entry.summary, entry.record) == (cast[who], "Reviews dashboard", "")


@pytest.mark.parametrize("who", ["agency_lead_a", "practitioner"])
def test_other_roles_are_not_told_it_exists_and_the_refusal_is_audited(client, cast, who):
    client.force_login(cast[who])

    assert client.get(URL).status_code == 404
    # One entry besides the sign-in: the refusal, written once.
    assert AuditEntry.objects.exclude(verb=AuditVerb.SIGNED_IN).get().verb == AuditVerb.REFUSED


def test_it_lists_every_running_clock_soonest_first(signed_in, calendar, today):
    today(D(2024, 3, 5))

    response = signed_in.get(URL)

    assert rows(response) == [
        ("Notify the national panel", "SIN-2024-004", D(2024, 3, 11)),
        ("Send the rapid review to the panel", "SIN-2024-002", D(2024, 3, 18)),
        ("Send the final report to the panel", "Local CSPR: Baby C", D(2024, 3, 20)),
        ("Send the rapid review to the panel", "SIN-2024-004", D(2024, 3, 25)),
        ("Publish the review", "Local CSPR: Baby C", D(2024, 4, 2)),
    ]
    html = response.content.decode()
    assert "5 clocks running on 5 March 2024, soonest due first" in html
    assert "Mon 11 Mar 2024" in html


def test_each_record_links_to_its_page(signed_in, calendar, today):
    today(D(2024, 3, 5))

    html = signed_in.get(URL).content.decode()

    notification = reverse("reviews:notification", args=[calendar["unnotified"].pk])
    review = reverse("reviews:review", args=[calendar["cspr"].pk])
    assert f'<a class="govuk-link" href="{notification}">SIN-2024-004</a>' in html
    assert f'<a class="govuk-link" href="{review}">Local CSPR: Baby C</a>' in html


@pytest.mark.parametrize(
    ("day", "words", "colour", "left"),
    [
        (D(2024, 3, 6), "On track", "green", "3 working days left"),
        (D(2024, 3, 7), "Due soon", "yellow", "2 working days left"),
        (D(2024, 3, 8), "Due soon", "yellow", "1 working day left"),
        (D(2024, 3, 11), "Due now", "red", "Due today"),
        (D(2024, 3, 12), "Overdue", "red", "1 working day overdue"),
    ],
)
def test_a_clock_turns_amber_then_red_as_it_runs_out(
    signed_in, calendar, today, day, words, colour, left
):
    today(day)

    response = signed_in.get(URL)

    row = row_of(response, ClockKind.NOTIFICATION, calendar["unnotified"])
    assert (row["state"].words, row["state"].colour, row["left"]) == (words, colour, left)
    assert (
        f'<strong class="govuk-tag govuk-tag--{colour}">{words}</strong>'
        in response.content.decode()
    )


def test_a_clock_that_has_not_started_comes_last(signed_in, settings, calendar, today):
    settings.REVIEWS_RAPID_REVIEW_FROM = "notification"
    today(D(2024, 3, 5))

    response = signed_in.get(URL)

    last = response.context["running"][-1]
    assert (last["clock"].kind, last["clock"].record) == (
        ClockKind.RAPID_REVIEW,
        calendar["unnotified"],
    )
    assert (last["state"].words, last["left"]) == (
        "Not started",
        "Starts when the panel is notified",
    )
    assert "Not yet known" in response.content.decode()


def test_done_clocks_are_not_listed_and_none_running_says_so(signed_in, today):
    today(D(2024, 3, 5))
    done = NotificationFactory(became_aware_on=D(2024, 1, 8), notified_on=D(2024, 1, 9))
    done.rapid_review.sent_on = D(2024, 1, 20)
    done.rapid_review.save()

    response = signed_in.get(URL)

    assert response.context["running"] == []
    assert "No clock is running" in response.content.decode()


def on_time_text(response) -> dict[str, str]:
    html = response.content.decode()
    table = html.split('class="govuk-table app-on-time"', 1)[1].split("</table>", 1)[0]
    cells = [
        part.split("</t", 1)[0].rsplit(">", 1)[-1]
        for part in table.split("<t")
        if part.startswith(('h scope="row"', "d "))
    ]
    return dict(zip(cells[::2], cells[1::2], strict=True))


@pytest.fixture
def history(calendar):
    """Besides the calendar: in October 2023 a notification made a day late (due Monday 9
    October, made on the 10th) whose rapid review went to the panel in time (due Monday 23
    October, sent on the 20th)."""
    late = NotificationFactory(
        reference="SIN-2023-001", became_aware_on=D(2023, 10, 2), notified_on=D(2023, 10, 10)
    )
    late.rapid_review.sent_on = D(2023, 10, 20)
    late.rapid_review.save()
    return calendar


def test_it_opens_on_the_financial_year_and_counts_the_clocks_met_on_time(
    signed_in, history, today
):
    # 12 March: SIN-2024-004's notification is overdue (missed); SIN-2024-002's was on time,
    # SIN-2023-001's late; the rapid reviews due after today are not counted yet.
    today(D(2024, 3, 12))

    response = signed_in.get(URL)

    html = response.content.decode()
    assert "Clocks due from 1 April 2023 to 31 March 2024" in html
    assert on_time_text(response) == {
        "Notify the national panel": "met 1 of 3 (33%)",
        "Send the rapid review to the panel": "met 1 of 1 (100%)",
        "Send the final report to the panel": "none due in this period",
        "Publish the review": "none due in this period",
    }


def test_the_financial_year_starts_in_april(signed_in, today):
    today(D(2024, 4, 1))

    html = signed_in.get(URL).content.decode()

    assert "Clocks due from 1 April 2024 to 31 March 2025" in html


def test_another_period_can_be_chosen(signed_in, history, today):
    today(D(2024, 3, 12))

    response = signed_in.get(
        URL,
        {
            "start_0": "1", "start_1": "10", "start_2": "2023",
            "end_0": "31", "end_1": "10", "end_2": "2023",
        },
    )  # fmt: skip

    assert on_time_text(response) == {
        "Notify the national panel": "met 0 of 1 (0%)",
        "Send the rapid review to the panel": "met 1 of 1 (100%)",
        "Send the final report to the panel": "none due in this period",
        "Publish the review": "none due in this period",
    }


def test_a_period_that_ends_before_it_starts_is_an_error_and_the_clocks_still_show(
    signed_in, calendar, today
):
    today(D(2024, 3, 12))

    response = signed_in.get(
        URL,
        {
            "start_0": "1", "start_1": "10", "start_2": "2023",
            "end_0": "1", "end_1": "9", "end_2": "2023",
        },
    )  # fmt: skip

    html = response.content.decode()
    assert "The end date must be the same as or after the start date" in html
    assert response.context["on_time"] is None
    assert len(response.context["running"]) == 5


def test_it_links_to_the_other_reviews_pages(signed_in):
    html = signed_in.get(URL).content.decode()

    for name in ("notifications", "reviews", "recommendations", "themes"):
        assert f'href="{reverse(f"reviews:{name}")}"' in html, name


def test_only_the_business_unit_is_offered_to_record_a_notification(client, cast):
    create = f'href="{reverse("reviews:notification_create")}"'
    for who in ("business_unit", "scrutineer", "partner_lead"):
        client.force_login(cast[who])
        html = client.get(URL).content.decode()
        assert (create in html) == (who == "business_unit"), who


@pytest.mark.parametrize("size", [2, 12])
def test_the_page_takes_the_same_queries_however_many_notifications(
    signed_in, django_assert_num_queries, today, size
):
    today(D(2024, 3, 5))
    for n in range(size):
        NotificationFactory(became_aware_on=D(2024, 3, 1) - datetime.timedelta(days=n))
        ReviewFactory(decided_on=D(2023, 11, 1) + datetime.timedelta(days=n))

    # Session, user, the second factor's device, the notifications with their rapid reviews, the
    # CSPRs, the read written to the audit log, the session saved inside a savepoint (three): nine.
    with django_assert_num_queries(9):
        response = signed_in.get(URL)
    assert len(response.context["running"]) == 3 * size
