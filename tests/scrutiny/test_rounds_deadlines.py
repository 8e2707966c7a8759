"""One agency's deadline extended, and a return marked late when it comes in after the
deadline it has (the round's, or its own extended one)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from scrutiny.models import AssessmentStatus, ReturnReminder
from scrutiny.services import assessments as assessment_services
from scrutiny.services.assessments import AssessmentStateError
from scrutiny.services.rounds import return_deadline_extend

from .factories import make_framework, rate_every_question, section_11_round

pytestmark = pytest.mark.django_db


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def round(agency_a, agency_b):
    return section_11_round(agencies=[agency_a, agency_b], deadline=days_from_today(5))


def return_of(round, agency):
    return round.returns.get(agency=agency)


def submit(assessment):
    rate_every_question(assessment, "green")
    return assessment_services.assessment_submit(assessment=assessment, user=None)


def test_extending_moves_one_agencys_deadline_only(round, agency_a, agency_b):
    extended = return_deadline_extend(
        assessment=return_of(round, agency_a), deadline=days_from_today(20)
    )

    assert extended.deadline == days_from_today(20)
    assert return_of(round, agency_a).deadline == days_from_today(20)
    assert return_of(round, agency_b).deadline == days_from_today(5)
    round.refresh_from_db()
    assert round.deadline == days_from_today(5)


def test_a_return_sent_back_for_more_evidence_can_be_given_longer(round, agency_a):
    returned = assessment_services.assessment_return(
        assessment=submit(return_of(round, agency_a)), comment="Add the training figures"
    )

    extended = return_deadline_extend(assessment=returned, deadline=days_from_today(20))

    assert extended.deadline == days_from_today(20)


@pytest.mark.parametrize("days", [5, 4, -10])
def test_a_deadline_moves_only_forward(round, agency_a, days):
    with pytest.raises(ValidationError) as error:
        return_deadline_extend(
            assessment=return_of(round, agency_a), deadline=days_from_today(days)
        )

    assert error.value.message_dict == {
        "deadline": [f"The new deadline must be after {days_from_today(5):%-d %B %Y}"]
    }
    assert return_of(round, agency_a).deadline == days_from_today(5)


def test_an_overdue_return_is_given_a_deadline_still_to_come(agency_a):
    overdue = section_11_round(agencies=[agency_a], deadline=days_from_today(-3))

    with pytest.raises(ValidationError) as error:
        return_deadline_extend(
            assessment=return_of(overdue, agency_a), deadline=days_from_today(-1)
        )

    assert error.value.message_dict == {
        "deadline": ["The new deadline must be today or in the future"]
    }


def test_a_submitted_return_keeps_its_deadline(round, agency_a):
    submitted = submit(return_of(round, agency_a))

    with pytest.raises(AssessmentStateError, match="is submitted: its deadline can be extended"):
        return_deadline_extend(assessment=submitted, deadline=days_from_today(20))

    assert return_of(round, agency_a).deadline == days_from_today(5)


def test_an_accepted_return_keeps_its_deadline(round, agency_a):
    accepted = assessment_services.assessment_accept(assessment=submit(return_of(round, agency_a)))

    with pytest.raises(AssessmentStateError, match="is accepted"):
        return_deadline_extend(assessment=accepted, deadline=days_from_today(20))


def test_an_assessment_outside_a_round_has_no_deadline_to_extend(agency_a):
    framework = make_framework()
    checklist = assessment_services.assessment_create(
        framework=framework,
        period_start=datetime.date(2024, 4, 1),
        period_end=datetime.date(2025, 3, 31),
    )

    with pytest.raises(AssessmentStateError, match="Only a Section 11 return in a round"):
        return_deadline_extend(assessment=checklist, deadline=days_from_today(20))


def test_extending_lets_the_reminders_count_down_to_the_new_date(round, agency_a, agency_b):
    ReturnReminder.objects.create(assessment=return_of(round, agency_a), days_before=7)
    ReturnReminder.objects.create(assessment=return_of(round, agency_b), days_before=7)

    return_deadline_extend(assessment=return_of(round, agency_a), deadline=days_from_today(20))

    assert list(ReturnReminder.objects.values_list("assessment__agency", flat=True)) == [
        agency_b.pk
    ]


def test_a_return_submitted_by_its_deadline_is_not_late(round, agency_a):
    assert submit(return_of(round, agency_a)).submitted_late is False


def test_a_return_submitted_after_the_rounds_deadline_is_accepted_but_marked_late(agency_a):
    overdue = section_11_round(agencies=[agency_a], deadline=days_from_today(-1))

    submitted = submit(return_of(overdue, agency_a))

    assert submitted.status == AssessmentStatus.SUBMITTED
    assert submitted.submitted_late is True


def test_a_return_submitted_by_its_extended_deadline_is_not_late(agency_a):
    overdue = section_11_round(agencies=[agency_a], deadline=days_from_today(-3))
    return_deadline_extend(assessment=return_of(overdue, agency_a), deadline=days_from_today(7))

    submitted = submit(return_of(overdue, agency_a))

    assert submitted.submitted_late is False


def test_a_return_submitted_after_its_extended_deadline_is_late(round, agency_a, monkeypatch):
    return_deadline_extend(assessment=return_of(round, agency_a), deadline=days_from_today(10))
    eleven_days_on = timezone.now() + datetime.timedelta(days=11)
    monkeypatch.setattr(timezone, "now", lambda: eleven_days_on)

    submitted = submit(return_of(round, agency_a))

    assert submitted.submitted_late is True
