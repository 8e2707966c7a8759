"""Opening a Section 11 round: one return per agency, each started from the agency's last
accepted return with its evidence and actions carried and its ratings reset."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from partnership.models import AgencyKind
from scrutiny.models import (
    Assessment,
    AssessmentStatus,
    EvidenceLink,
    FrameworkPurpose,
    Section11Round,
)
from scrutiny.services import assessments as assessment_services
from scrutiny.services.rounds import round_open

from ..factories import AgencyFactory
from .factories import make_framework, rate_every_question, section_11_round

pytestmark = pytest.mark.django_db


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def framework():
    return make_framework(
        sections=2, questions=2, purpose=FrameworkPurpose.SECTION_11, slug="section-11"
    )


def open_round(framework, agencies, user=None, **kwargs):
    values = {
        "name": "Section 11 audit 2025 to 2026",
        "period_start": datetime.date(2025, 4, 1),
        "period_end": datetime.date(2026, 3, 31),
        "deadline": days_from_today(30),
    }
    values.update(kwargs)
    return round_open(framework=framework, agencies=agencies, user=user, **values)


def finished_return(agency, framework, status=AssessmentStatus.ACCEPTED, **kwargs):
    """A return of an earlier round, rated green with evidence, a link and actions, and taken
    as far as `status`."""
    earlier = section_11_round(agencies=[agency], framework=framework, **kwargs)
    assessment = earlier.returns.get()
    rate_every_question(assessment, "green")
    for rating in assessment.ratings.all():
        rating.evidence = f"{agency.name} evidence for {rating.question.number}"
        rating.actions_required = f"Keep up {rating.question.number}"
        rating.save(update_fields=["evidence", "actions_required"])
        EvidenceLink.objects.create(rating=rating, label="Board minutes", path="/portal/meetings/")
    if status == AssessmentStatus.DRAFT:
        return assessment
    assessment = assessment_services.assessment_submit(assessment=assessment, user=None)
    if status == AssessmentStatus.RETURNED:
        return assessment_services.assessment_return(assessment=assessment, comment="More")
    if status == AssessmentStatus.ACCEPTED:
        return assessment_services.assessment_accept(assessment=assessment)
    return assessment


def test_opening_a_round_makes_one_draft_return_per_agency_due_by_the_deadline(
    framework, agency_a, agency_b, business_unit
):
    deadline = days_from_today(30)

    round = open_round(framework, [agency_a, agency_b], user=business_unit, deadline=deadline)

    returns = list(round.returns.order_by("agency__name"))
    assert [r.agency for r in returns] == [agency_a, agency_b]
    assert {r.status for r in returns} == {AssessmentStatus.DRAFT}
    assert {r.deadline for r in returns} == {deadline}
    assert {(r.period_start, r.period_end) for r in returns} == {
        (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))
    }
    assert round.opened_by == business_unit


def test_each_return_has_one_unrated_rating_per_standard(framework, agency_a):
    round = open_round(framework, [agency_a])

    ratings = round.returns.get().ratings.all()
    assert sorted(r.question.number for r in ratings) == ["1.1", "1.2", "2.1", "2.2"]
    assert {r.level_id for r in ratings} == {None}


def test_choosing_an_agency_twice_asks_it_for_one_return(framework, agency_a):
    round = open_round(framework, [agency_a, agency_a])

    assert round.returns.count() == 1


def test_a_return_starts_from_the_agencys_last_accepted_return_with_its_ratings_reset(
    framework, agency_a
):
    accepted = finished_return(agency_a, framework, deadline=days_from_today(-300))

    new = open_round(framework, [agency_a]).returns.get()

    assert new.previous == accepted
    ratings = list(new.ratings.order_by("question__section__position", "question__position"))
    assert [r.evidence for r in ratings] == [
        f"{agency_a.name} evidence for {n}" for n in ("1.1", "1.2", "2.1", "2.2")
    ]
    assert [r.actions_required for r in ratings] == [
        f"Keep up {n}" for n in ("1.1", "1.2", "2.1", "2.2")
    ]
    assert [r.links.get().label for r in ratings] == ["Board minutes"] * 4
    assert {r.level_id for r in ratings} == {None}
    # The accepted return itself is untouched.
    assert set(accepted.ratings.values_list("level__code", flat=True)) == {"green"}


@pytest.mark.parametrize(
    "status", [AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED, AssessmentStatus.RETURNED]
)
def test_a_return_never_starts_from_one_that_was_not_accepted(framework, agency_a, status):
    finished_return(agency_a, framework, status=status, deadline=days_from_today(-300))

    new = open_round(framework, [agency_a]).returns.get()

    assert new.previous is None
    assert set(new.ratings.values_list("evidence", flat=True)) == {""}


def test_the_latest_of_several_accepted_returns_is_the_one_carried(framework, agency_a):
    older = finished_return(
        agency_a,
        framework,
        period_start=datetime.date(2022, 4, 1),
        period_end=datetime.date(2023, 3, 31),
        deadline=days_from_today(-700),
    )
    latest = finished_return(
        agency_a,
        framework,
        period_start=datetime.date(2023, 4, 1),
        period_end=datetime.date(2024, 3, 31),
        deadline=days_from_today(-300),
    )
    # A later round the agency has not finished does not displace its last accepted return.
    finished_return(agency_a, framework, status=AssessmentStatus.SUBMITTED)

    new = open_round(framework, [agency_a]).returns.get()

    assert new.previous == latest != older


def test_each_agency_starts_from_its_own_accepted_return(framework, agency_a, agency_b):
    accepted_a = finished_return(agency_a, framework, deadline=days_from_today(-300))

    round = open_round(framework, [agency_a, agency_b])

    assert round.returns.get(agency=agency_a).previous == accepted_a
    assert round.returns.get(agency=agency_b).previous is None


def test_a_return_against_another_framework_is_not_carried(framework, agency_a):
    other = make_framework(
        sections=2, questions=2, purpose=FrameworkPurpose.SECTION_11, slug="schools-175"
    )
    finished_return(agency_a, other, deadline=days_from_today(-300))

    new = open_round(framework, [agency_a]).returns.get()

    assert new.previous is None


def nothing_was_made():
    return not Section11Round.objects.exists() and not Assessment.objects.exists()


def test_it_refuses_a_framework_that_is_not_for_section_11(agency_a):
    checklist = make_framework(purpose=FrameworkPurpose.CHECKLIST)

    with pytest.raises(ValidationError) as error:
        open_round(checklist, [agency_a])

    assert error.value.message_dict == {"framework": ["Select a Section 11 framework"]}
    assert nothing_was_made()


def test_it_refuses_a_round_without_agencies(framework):
    with pytest.raises(ValidationError) as error:
        open_round(framework, [])

    assert error.value.message_dict == {"agencies": ["Select at least one agency"]}
    assert nothing_was_made()


def test_it_refuses_an_agency_that_is_no_longer_active(framework, agency_a):
    closed = AgencyFactory(name="Closed Trust", kind=AgencyKind.HEALTH, is_active=False)

    with pytest.raises(ValidationError) as error:
        open_round(framework, [agency_a, closed])

    assert error.value.message_dict == {
        "agencies": ["These agencies are no longer active: Closed Trust"]
    }
    assert nothing_was_made()


def test_it_refuses_a_deadline_in_the_past_and_a_period_that_ends_before_it_starts(
    framework, agency_a
):
    with pytest.raises(ValidationError) as error:
        open_round(
            framework,
            [agency_a],
            deadline=days_from_today(-1),
            period_start=datetime.date(2026, 4, 1),
            period_end=datetime.date(2026, 3, 31),
        )

    assert error.value.message_dict == {
        "deadline": ["The deadline must be today or in the future"],
        "period_end": ["The end of the period must be the same as or after its start"],
    }
    assert nothing_was_made()


def test_a_deadline_of_today_is_allowed(framework, agency_a):
    round = open_round(framework, [agency_a], deadline=timezone.localdate())

    assert round.returns.get().deadline == timezone.localdate()
