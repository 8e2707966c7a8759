"""The rapid review's forms: its outcome, its meetings, and the agencies' summaries asked for
and received. Each saves through its service, or shows the service's refusal on the form and
saves nothing."""

import datetime
import re

import pytest
from django.urls import reverse

from partnership.models import Action, AuditEntry, AuditVerb
from reviews.models import RapidReviewDecision, RapidReviewMeeting, SummaryRequest

from ..factories import AgencyFactory
from .factories import NotificationFactory, RecommendationFactory, SummaryRequestFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def date_fields(name, day):
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def notification(db):
    return NotificationFactory(
        reference="SIN-2024-060", became_aware_on=D(2024, 3, 4), notified_on=D(2024, 3, 6)
    )


def url(name, pk):
    return reverse(f"reviews:{name}", kwargs={"pk": pk})


def refused_with(response, field_message):
    """The form came back with the message in the error summary and beside its field."""
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    summary = html[html.index("govuk-error-summary") : html.index("<h1")]
    assert field_message in summary
    assert f'<span class="govuk-visually-hidden">Error:</span> {field_message}' in html


def changes():
    return AuditEntry.objects.filter(verb=AuditVerb.CHANGED)


# The rapid review's outcome


def outcome(**overrides):
    data = {
        "decision": RapidReviewDecision.LOCAL_CSPR,
        **date_fields("decided_on", D(2024, 3, 20)),
        **date_fields("sent_on", D(2024, 3, 22)),
        "findings": "Agencies did not share what they knew about the household.",
        "panel_response": "The panel agreed with the decision.",
        **date_fields("panel_responded_on", D(2024, 4, 12)),
    }
    return data | overrides


def test_the_outcome_is_saved_and_audited(client, business_unit, notification):
    client.force_login(business_unit)

    response = client.post(url("rapid_review_edit", notification.pk), outcome())

    assert response.status_code == 302
    assert response["Location"] == url("notification", notification.pk)
    rapid_review = notification.rapid_review
    rapid_review.refresh_from_db()
    assert rapid_review.decision == RapidReviewDecision.LOCAL_CSPR
    assert (rapid_review.decided_on, rapid_review.sent_on, rapid_review.panel_responded_on) == (
        D(2024, 3, 20),
        D(2024, 3, 22),
        D(2024, 4, 12),
    )
    assert rapid_review.findings.startswith("Agencies did not share")
    entry = changes().get()
    assert (entry.user, entry.record_type, entry.record_id) == (
        business_unit,
        "reviews.rapidreview",
        rapid_review.pk,
    )
    assert "Rapid review saved" in client.get(response["Location"]).content.decode()


def test_the_outcome_may_be_saved_before_anything_is_decided(client, business_unit, notification):
    client.force_login(business_unit)

    response = client.post(
        url("rapid_review_edit", notification.pk),
        outcome(
            decision="",
            findings="",
            panel_response="",
            **date_fields("decided_on", None),
            **date_fields("sent_on", None),
            **date_fields("panel_responded_on", None),
        ),
    )

    assert response.status_code == 302
    notification.rapid_review.refresh_from_db()
    assert notification.rapid_review.decision == ""


def test_the_form_is_filled_in_with_the_rapid_review(client, business_unit, notification):
    rapid_review = notification.rapid_review
    rapid_review.decision, rapid_review.decided_on = "no_further_review", D(2024, 3, 20)
    rapid_review.save()
    client.force_login(business_unit)

    html = client.get(url("rapid_review_edit", notification.pk)).content.decode()

    assert re.search(r'<input[^>]*value="no_further_review"[^>]*checked', html)
    assert not re.search(r'<input[^>]*value="local_cspr"[^>]*checked', html)
    assert 'name="decided_on_0" value="20"' in html


def test_the_services_refusal_is_shown_on_the_form_and_nothing_is_saved(
    client, business_unit, notification
):
    client.force_login(business_unit)

    response = client.post(
        url("rapid_review_edit", notification.pk),
        outcome(**date_fields("sent_on", None)),
    )

    refused_with(response, "Enter the date the rapid review was sent to the panel")
    notification.rapid_review.refresh_from_db()
    assert notification.rapid_review.decision == ""
    assert not changes().exists()


def test_a_decision_without_its_date_is_refused(client, business_unit, notification):
    client.force_login(business_unit)

    response = client.post(
        url("rapid_review_edit", notification.pk), outcome(**date_fields("decided_on", None))
    )

    refused_with(response, "Enter the date of the decision")
    assert not changes().exists()


def test_a_full_date_in_the_findings_is_refused(client, business_unit, notification):
    client.force_login(business_unit)

    response = client.post(
        url("rapid_review_edit", notification.pk),
        outcome(findings="Child A, born 3 March 2019, was known to health."),
    )

    refused_with(response, "Remove the full date")
    assert not changes().exists()


# Meetings


def test_a_meeting_is_added_and_audited(client, business_unit, notification):
    client.force_login(business_unit)

    response = client.post(
        url("rapid_review_meeting_add", notification.pk), date_fields("held_on", D(2024, 3, 14))
    )

    assert response.status_code == 302
    assert [m.held_on for m in notification.rapid_review.meetings.all()] == [D(2024, 3, 14)]
    assert changes().get().summary == "Meeting on 14 March 2024 recorded"


def test_a_second_meeting_on_one_day_is_refused(client, business_unit, notification):
    notification.rapid_review.meetings.create(held_on=D(2024, 3, 14))
    client.force_login(business_unit)

    response = client.post(
        url("rapid_review_meeting_add", notification.pk), date_fields("held_on", D(2024, 3, 14))
    )

    refused_with(response, "A meeting on this date is already recorded")
    assert RapidReviewMeeting.objects.count() == 1


def test_a_meeting_needs_its_date(client, business_unit, notification):
    client.force_login(business_unit)

    response = client.post(
        url("rapid_review_meeting_add", notification.pk), date_fields("held_on", None)
    )

    refused_with(response, "Enter the date of the meeting")


# Agencies' summaries


def test_an_agency_is_asked_for_its_summary(client, business_unit, notification, agency_a):
    client.force_login(business_unit)

    response = client.post(
        url("summary_request_add", notification.pk),
        {
            "agency": agency_a.pk,
            **date_fields("requested_on", D(2024, 3, 7)),
            **date_fields("due_on", D(2024, 3, 12)),
        },
    )

    assert response.status_code == 302
    summary = SummaryRequest.objects.get()
    assert (summary.agency, summary.requested_on, summary.due_on, summary.received_on) == (
        agency_a,
        D(2024, 3, 7),
        D(2024, 3, 12),
        None,
    )
    assert changes().get().record_id == notification.rapid_review.pk


def test_the_request_form_offers_active_agencies_and_today(client, business_unit, notification):
    AgencyFactory(name="Closed Trust", is_active=False)
    AgencyFactory(name="Open Trust")
    client.force_login(business_unit)

    response = client.get(url("summary_request_add", notification.pk))

    html = response.content.decode()
    assert "Open Trust" in html
    assert "Closed Trust" not in html
    assert response.context["form"]["requested_on"].value() is not None


def test_an_agency_already_asked_is_refused(client, business_unit, notification, agency_a):
    SummaryRequestFactory(rapid_review=notification.rapid_review, agency=agency_a)
    client.force_login(business_unit)

    response = client.post(
        url("summary_request_add", notification.pk),
        {
            "agency": agency_a.pk,
            **date_fields("requested_on", D(2024, 3, 8)),
            **date_fields("due_on", D(2024, 3, 15)),
        },
    )

    refused_with(response, "Metropolitan Police Service has already been asked for a summary")
    assert SummaryRequest.objects.count() == 1
    assert not changes().exists()


def test_a_due_date_before_the_request_is_refused(client, business_unit, notification, agency_a):
    client.force_login(business_unit)

    response = client.post(
        url("summary_request_add", notification.pk),
        {
            "agency": agency_a.pk,
            **date_fields("requested_on", D(2024, 3, 8)),
            **date_fields("due_on", D(2024, 3, 7)),
        },
    )

    refused_with(response, "The due date must be the same as or after the request")
    assert not SummaryRequest.objects.exists()


def test_a_summary_is_recorded_as_received(client, business_unit, notification):
    summary = SummaryRequestFactory(rapid_review=notification.rapid_review)
    client.force_login(business_unit)

    response = client.post(
        url("summary_request_receive", summary.pk), date_fields("received_on", D(2024, 3, 11))
    )

    assert response.status_code == 302
    assert response["Location"] == url("notification", notification.pk)
    summary.refresh_from_db()
    assert summary.received_on == D(2024, 3, 11)
    assert changes().get().record_id == notification.rapid_review.pk


def test_a_summary_received_before_it_was_asked_for_is_refused(client, business_unit, notification):
    summary = SummaryRequestFactory(
        rapid_review=notification.rapid_review, requested_on=D(2024, 3, 7)
    )
    client.force_login(business_unit)

    response = client.post(
        url("summary_request_receive", summary.pk), date_fields("received_on", D(2024, 3, 6))
    )

    refused_with(response, "The date received must be the same as or after the request")
    summary.refresh_from_db()
    assert summary.received_on is None


def test_a_summary_request_that_does_not_exist_is_404(client, business_unit):
    client.force_login(business_unit)

    assert client.get(url("summary_request_receive", 999999)).status_code == 404


# Every form page


@pytest.mark.parametrize(
    ("name", "back"),
    [
        ("rapid_review_edit", "Back to SIN-2024-060"),
        ("rapid_review_meeting_add", "Back to SIN-2024-060"),
        ("summary_request_add", "Back to SIN-2024-060"),
    ],
)
def test_each_form_has_a_back_link_and_writes_the_read(
    client, business_unit, notification, name, back
):
    client.force_login(business_unit)

    html = client.get(url(name, notification.pk)).content.decode()

    assert f'class="govuk-back-link">{back}</a>' in html
    assert AuditEntry.objects.filter(
        verb=AuditVerb.VIEWED, record_id=notification.rapid_review.pk
    ).exists()


def test_the_rapid_reviews_recommendations_show_their_actions_on_the_notification_page(
    client, business_unit, notification, agency_a
):
    recommendation = RecommendationFactory(
        review=None,
        rapid_review=notification.rapid_review,
        number=1,
        text="Plan oxygen for travel.",
    )
    Action.objects.create(
        title="Write the fitness to fly guidance",
        owner_agency=agency_a,
        due_on=D(2024, 9, 1),
        source=recommendation,
    )
    client.force_login(business_unit)

    html = client.get(
        reverse("reviews:notification", kwargs={"pk": notification.pk})
    ).content.decode()

    assert "Plan oxygen for travel." in html
    assert "Write the fitness to fly guidance" in html
    assert reverse("reviews:recommendation_action_create", args=[recommendation.pk]) in html
