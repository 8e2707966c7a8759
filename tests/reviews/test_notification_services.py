"""Recording notifications and rapid reviews through the services: the rules, and the audit
entry each change writes inside its own transaction."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from partnership.models import AuditEntry, AuditVerb
from partnership.services.audit import Actor
from reviews import services
from reviews.models import (
    AgeBand,
    IncidentCategory,
    Notification,
    NotifiedChild,
    RapidReviewDecision,
)
from reviews.services import ChildDetails

from .factories import NotificationFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(business_unit):
    return Actor(user=business_unit, address="192.0.2.10", path="/portal/reviews/")


def record(actor, **overrides):
    fields = {
        "reference": "SIN-2024-101",
        "became_aware_on": D(2024, 3, 27),
        "notified_on": D(2024, 4, 3),
        "category": IncidentCategory.DEATH,
        "looked_after": False,
        "summary": "A child died at home; police, health and school were involved.",
        "children": [ChildDetails("Child A", AgeBand.AGE_5_TO_9)],
    }
    return services.notification_create(actor=actor, **(fields | overrides))


def test_a_notification_is_recorded_with_its_children_rapid_review_and_audit_entry(
    actor, agency_a, agency_b
):
    notification = record(
        actor,
        children=[
            ChildDetails("Child A", AgeBand.AGE_5_TO_9),
            ChildDetails("Sibling B", AgeBand.UNDER_1),
        ],
        agencies=[agency_a, agency_b],
    )

    assert [str(child) for child in notification.children.all()] == [
        "Child A (5 to 9)",
        "Sibling B (Under 1)",
    ]
    assert notification.rapid_review.decision == ""
    assert set(notification.agencies.all()) == {agency_a, agency_b}
    entry = AuditEntry.objects.get()
    assert (entry.user, entry.username, entry.role, entry.address, entry.verb) == (
        actor.user,
        "business",
        "business_unit",
        "192.0.2.10",
        AuditVerb.CREATED,
    )
    assert (entry.record_type, entry.record_id, entry.record) == (
        "reviews.notification",
        notification.pk,
        "SIN-2024-101",
    )


@pytest.mark.parametrize(
    ("children", "message"),
    [
        ([], "Enter at least one child’s pseudonym and age band"),
        ([ChildDetails(f"Child {c}", AgeBand.UNDER_1) for c in "ABCDE"], "at most 4 children"),
        ([ChildDetails("Child A", AgeBand.UNDER_1)] * 2, "Give each child a different pseudonym"),
    ],
)
def test_it_refuses_a_wrong_number_of_children_and_saves_nothing(actor, children, message):
    with pytest.raises(ValidationError, match=message):
        record(actor, children=children)
    assert (Notification.objects.count(), AuditEntry.objects.count()) == (0, 0)


@pytest.mark.parametrize("name", ["Jane Smith", "Child Jane", "child a", "Baby ABCD", "A"])
def test_a_pseudonym_cannot_be_a_name(actor, name):
    with pytest.raises(ValidationError, match="never a name"):
        record(actor, children=[ChildDetails(name, AgeBand.UNDER_1)])
    assert Notification.objects.count() == 0
    assert NotifiedChild.objects.count() == 0


@pytest.mark.parametrize(
    "summary",
    [
        "Child A, born 3 March 2019, was injured.",
        "Date of birth 03/03/2019.",
        "DOB 2019-03-03",
        "Seen on the 14th Feb 2024.",
    ],
)
def test_the_summary_cannot_hold_a_full_date(actor, summary):
    with pytest.raises(ValidationError, match="write the month and year only"):
        record(actor, summary=summary)
    assert Notification.objects.count() == 0


def test_the_summary_may_give_a_month_and_year(actor):
    assert record(actor, summary="Seen at hospital in March 2024, aged under 1.").pk


def test_the_notification_cannot_be_dated_before_the_local_authority_knew(actor):
    with pytest.raises(ValidationError) as refused:
        record(actor, notified_on=D(2024, 3, 26))
    assert "notified_on" in refused.value.message_dict


def test_an_edit_replaces_the_children_and_is_audited(actor):
    notification = record(actor)

    services.notification_edit(
        actor=actor,
        notification=notification,
        reference="SIN-2024-101",
        became_aware_on=D(2024, 3, 27),
        notified_on=D(2024, 4, 3),
        category=IncidentCategory.SERIOUS_HARM,
        looked_after=True,
        summary="Serious harm; corrected category.",
        children=[ChildDetails("Child B", AgeBand.AGE_10_TO_15)],
    )

    notification.refresh_from_db()
    assert notification.looked_after and notification.category == IncidentCategory.SERIOUS_HARM
    assert [c.pseudonym for c in notification.children.all()] == ["Child B"]
    assert list(AuditEntry.objects.order_by("pk").values_list("verb", flat=True)) == [
        AuditVerb.CREATED,
        AuditVerb.CHANGED,
    ]


def test_a_failed_change_leaves_no_audit_entry(actor):
    notification = NotificationFactory()
    with pytest.raises(ValidationError):
        services.rapid_review_save(
            actor=actor,
            rapid_review=notification.rapid_review,
            decision=RapidReviewDecision.LOCAL_CSPR,
            decided_on=None,
            sent_on=None,
            findings="",
            panel_response="",
            panel_responded_on=None,
        )
    assert AuditEntry.objects.count() == 0


def test_the_rapid_review_records_its_decision_and_when_it_went_to_the_panel(actor):
    notification = NotificationFactory(became_aware_on=D(2024, 3, 27))

    rapid_review = services.rapid_review_save(
        actor=actor,
        rapid_review=notification.rapid_review,
        decision=RapidReviewDecision.LEARNING_REVIEW,
        decided_on=D(2024, 4, 10),
        sent_on=D(2024, 4, 18),
        findings="Information sharing about oxygen needs before travel was weak.",
        panel_response="The panel agreed a local learning review.",
        panel_responded_on=D(2024, 5, 2),
    )

    assert rapid_review.sent_on == D(2024, 4, 18)
    rapid = services.notification_clocks(Notification.objects.select_related("rapid_review").get())[
        1
    ]
    assert (rapid.due_on, rapid.met) == (D(2024, 4, 19), True)
    assert AuditEntry.objects.get().summary == (
        "Decision: Local learning review, agreed with the panel"
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"decided_on": D(2024, 4, 10)}, "decision"),
        ({"sent_on": D(2024, 3, 1)}, "sent_on"),
        ({"panel_responded_on": D(2024, 4, 20)}, "sent_on"),
        ({"sent_on": D(2024, 4, 18), "panel_responded_on": D(2024, 4, 17)}, "panel_responded_on"),
    ],
)
def test_the_rapid_review_dates_must_make_sense(actor, changes, field):
    notification = NotificationFactory(became_aware_on=D(2024, 3, 27))
    fields = {
        "decision": "",
        "decided_on": None,
        "sent_on": None,
        "findings": "",
        "panel_response": "",
        "panel_responded_on": None,
    }
    with pytest.raises(ValidationError) as refused:
        services.rapid_review_save(
            actor=actor, rapid_review=notification.rapid_review, **(fields | changes)
        )
    assert field in refused.value.message_dict


def test_summaries_are_asked_of_each_agency_once_and_received(actor, agency_a):
    rapid_review = NotificationFactory().rapid_review
    asked = services.summary_request_add(
        actor=actor,
        rapid_review=rapid_review,
        agency=agency_a,
        requested_on=D(2024, 3, 7),
        due_on=D(2024, 3, 12),
    )
    with pytest.raises(ValidationError, match="has already been asked"):
        services.summary_request_add(
            actor=actor,
            rapid_review=rapid_review,
            agency=agency_a,
            requested_on=D(2024, 3, 7),
            due_on=D(2024, 3, 12),
        )
    with pytest.raises(ValidationError, match="same as or after the request"):
        services.summary_request_receive(
            actor=actor, summary_request=asked, received_on=D(2024, 3, 6)
        )

    services.summary_request_receive(actor=actor, summary_request=asked, received_on=D(2024, 3, 11))

    asked.refresh_from_db()
    assert asked.received_on == D(2024, 3, 11)
    assert AuditEntry.objects.count() == 2


def test_a_meeting_is_recorded_once_a_day(actor):
    rapid_review = NotificationFactory().rapid_review
    services.rapid_review_meeting_add(
        actor=actor, rapid_review=rapid_review, held_on=D(2024, 3, 14)
    )
    with pytest.raises(ValidationError, match="already recorded"):
        services.rapid_review_meeting_add(
            actor=actor, rapid_review=rapid_review, held_on=D(2024, 3, 14)
        )
    assert rapid_review.meetings.count() == 1
