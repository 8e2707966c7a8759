"""The assessment services: starting an assessment (afresh or from the last one), rating,
evidence links, actions raised from ratings, the overall judgement, submitting, returning,
accepting, the summary, and who may rate."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from partnership.models import Action, ActionStatus
from scrutiny.models import AssessmentStatus, EvidenceLink, FrameworkPurpose, TagColour
from scrutiny.services import assessments as assessment_services
from scrutiny.services.assessments import AssessmentStateError

from ..factories import AgencyFactory, PersonFactory
from .factories import (
    PERIOD,
    QuestionFactory,
    RatingLevelFactory,
    RatingScaleFactory,
    SectionFactory,
    make_framework,
)

NEXT_PERIOD = (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))
DUE = datetime.date(2026, 6, 30)


@pytest.fixture
def framework(db):
    return make_framework(sections=2, questions=3)


@pytest.fixture
def levels(framework):
    return {level.code: level for level in framework.scale.levels.all()}


def start(framework, period=PERIOD, **kwargs):
    return assessment_services.assessment_create(
        framework=framework, period_start=period[0], period_end=period[1], **kwargs
    )


def ratings_of(assessment):
    return list(assessment.ratings.select_related("question__section", "level"))


def rate(assessment, levels, *codes, evidence="Board minutes show it."):
    """Rate the questions in order with these codes (None leaves one unrated)."""
    for rating, code in zip(ratings_of(assessment), codes, strict=False):
        assessment_services.rating_save(
            rating=rating,
            level=levels[code] if code else None,
            evidence=evidence,
            actions_required="",
        )


def submitted(assessment, levels, user=None):
    rate(assessment, levels, *["green"] * assessment.ratings.count())
    return assessment_services.assessment_submit(assessment=assessment, user=user)


# Starting an assessment


def test_a_new_assessment_has_one_unrated_rating_per_question(framework):
    assessment = start(framework)

    ratings = ratings_of(assessment)
    assert [r.question.number for r in ratings] == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"]
    assert {r.level for r in ratings} == {None}
    assert assessment.status == AssessmentStatus.DRAFT


def test_starting_from_the_last_one_keeps_evidence_links_and_actions_required_but_not_ratings(
    framework, levels
):
    last = start(framework)
    first = ratings_of(last)[0]
    assessment_services.rating_save(
        rating=first,
        level=levels["amber"],
        evidence="Minutes of the board, June.",
        actions_required="Publish the yearly report.",
    )
    assessment_services.evidence_link_add(
        rating=first, label="Board meeting", path="/portal/meetings/"
    )

    new = start(framework, NEXT_PERIOD, previous=last)

    carried = ratings_of(new)[0]
    assert carried.level is None
    assert carried.evidence == "Minutes of the board, June."
    assert carried.actions_required == "Publish the yearly report."
    assert [(link.label, link.path) for link in carried.links.all()] == [
        ("Board meeting", "/portal/meetings/")
    ]
    assert new.previous == last
    # The last assessment keeps its own rating and link.
    assert ratings_of(last)[0].level == levels["amber"]
    assert EvidenceLink.objects.filter(rating__assessment=last).count() == 1


def test_it_carries_each_question_forward_when_question_numbers_repeat_across_sections(db):
    # Numbers are unique within a section only: "1" in section A is not "1" in section B.
    framework = make_framework(sections=0)
    for section_number in ["A", "B"]:
        section = SectionFactory(framework=framework, number=section_number)
        QuestionFactory(section=section, number="1")
    last = start(framework)
    for rating in ratings_of(last):
        assessment_services.rating_save(
            rating=rating,
            level=None,
            evidence=f"Evidence for {rating.question.section.number}",
            actions_required="",
        )

    new = start(framework, NEXT_PERIOD, previous=last)

    assert [(r.question.section.number, r.evidence) for r in ratings_of(new)] == [
        ("A", "Evidence for A"),
        ("B", "Evidence for B"),
    ]


def test_it_will_not_start_from_another_subjects_assessment(framework, agency_a):
    agencys_return = start(framework, agency=agency_a)

    with pytest.raises(ValidationError, match="same subject"):
        start(framework, NEXT_PERIOD, previous=agencys_return)


def test_it_will_not_start_from_an_assessment_against_another_framework(framework):
    other = start(make_framework(name="Neglect audit"))

    with pytest.raises(ValidationError, match=framework.name):
        start(framework, NEXT_PERIOD, previous=other)


def test_a_period_cannot_end_before_it_starts(framework):
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        start(framework, (datetime.date(2025, 4, 1), datetime.date(2025, 3, 31)))


# Rating


def test_part_done_work_is_saved_without_a_rating(framework):
    rating = ratings_of(start(framework))[0]

    saved = assessment_services.rating_save(
        rating=rating, level=None, evidence="Half written", actions_required=""
    )

    saved.refresh_from_db()
    assert (saved.level, saved.evidence) == (None, "Half written")


def test_a_level_of_another_scale_is_refused(framework):
    rating = ratings_of(start(framework))[0]
    foreign = RatingLevelFactory(scale=RatingScaleFactory(name="Four points"))

    with pytest.raises(ValidationError, match="this framework's ratings"):
        assessment_services.rating_save(
            rating=rating, level=foreign, evidence="", actions_required=""
        )


def test_the_overall_judgement_is_saved(framework):
    assessment = start(framework)

    assessment_services.assessment_judgement_save(
        assessment=assessment, overall_judgement="  Strong leadership.  "
    )

    assessment.refresh_from_db()
    assert assessment.overall_judgement == "Strong leadership."


# Submitting, returning, accepting


def test_submitting_needs_every_question_rated(framework, levels):
    assessment = start(framework)
    rate(assessment, levels, "green", None, "red", "green", None, "amber")

    with pytest.raises(AssessmentStateError, match=r"1\.2, 2\.2 not rated yet"):
        assessment_services.assessment_submit(assessment=assessment, user=None)

    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.submitted_at is None


def test_a_fully_rated_assessment_is_submitted(framework, levels, scrutineer):
    assessment = submitted(start(framework), levels, scrutineer)

    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.submitted_at is not None
    assert assessment.submitted_late is False


@pytest.mark.parametrize(
    "change",
    [
        lambda rating, levels: assessment_services.rating_save(
            rating=rating, level=levels["red"], evidence="", actions_required=""
        ),
        lambda rating, levels: assessment_services.evidence_link_add(
            rating=rating, label="Minutes", path="/portal/meetings/"
        ),
        lambda rating, levels: assessment_services.rating_action_add(
            rating=rating,
            title="Do more",
            owner_agency=AgencyFactory(),
            due_on=DUE,
        ),
        lambda rating, levels: assessment_services.assessment_judgement_save(
            assessment=rating.assessment, overall_judgement="Changed"
        ),
    ],
    ids=["rating", "link", "action", "judgement"],
)
def test_a_submitted_assessment_cannot_be_changed(framework, levels, change):
    assessment = submitted(start(framework), levels)
    rating = ratings_of(assessment)[0]

    with pytest.raises(AssessmentStateError, match="returned for more evidence"):
        change(rating, levels)

    rating.refresh_from_db()
    assert rating.level == levels["green"]
    assert not rating.links.exists()
    assert not Action.objects.exists()


def test_an_evidence_link_cannot_be_removed_once_submitted(framework, levels):
    assessment = start(framework)
    link = assessment_services.evidence_link_add(
        rating=ratings_of(assessment)[0], label="Minutes", path="/portal/meetings/"
    )
    submitted(assessment, levels)

    with pytest.raises(AssessmentStateError):
        assessment_services.evidence_link_remove(link=link)

    assert EvidenceLink.objects.filter(pk=link.pk).exists()


def test_returning_needs_a_comment(framework, levels):
    assessment = submitted(start(framework), levels)

    with pytest.raises(ValidationError, match="Say what more evidence is needed"):
        assessment_services.assessment_return(assessment=assessment, comment="   ")

    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED


def test_a_returned_assessment_can_be_changed_again(framework, levels):
    assessment = submitted(start(framework), levels)

    returned = assessment_services.assessment_return(
        assessment=assessment, comment="Add the audit findings to 2.1"
    )
    assessment_services.rating_save(
        rating=ratings_of(assessment)[3], level=levels["amber"], evidence="", actions_required=""
    )

    assert returned.status == AssessmentStatus.RETURNED
    assert returned.returned_comment == "Add the audit findings to 2.1"
    assert ratings_of(assessment)[3].level == levels["amber"]


def test_accepting_makes_it_final(framework, levels):
    assessment = submitted(start(framework), levels)

    accepted = assessment_services.assessment_accept(assessment=assessment)

    assert accepted.status == AssessmentStatus.ACCEPTED
    assert accepted.accepted_at is not None
    with pytest.raises(AssessmentStateError):
        assessment_services.rating_save(
            rating=ratings_of(accepted)[0], level=None, evidence="", actions_required=""
        )


@pytest.mark.parametrize("review", ["assessment_return", "assessment_accept"])
def test_only_a_submitted_assessment_is_returned_or_accepted(framework, review):
    assessment = start(framework)
    kwargs = {"comment": "More"} if review == "assessment_return" else {}

    with pytest.raises(AssessmentStateError, match="Only a submitted assessment"):
        getattr(assessment_services, review)(assessment=assessment, **kwargs)

    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT


# The summary


def test_the_summary_counts_each_level_per_section_and_overall(framework, levels):
    assessment = start(framework)
    rate(assessment, levels, "green", "green", "amber", "red", None, "green")

    sections, overall = assessment_services.assessment_summary(assessment=assessment)

    assert [(s.title, dict(s.counts), s.unrated) for s in sections] == [
        ("1 Step 1", {"green": 2, "amber": 1}, 0),
        ("2 Step 2", {"red": 1, "green": 1}, 1),
    ]
    assert [(level.code, count) for level, count in overall.level_counts] == [
        ("green", 3),
        ("amber", 1),
        ("red", 1),
    ]
    assert overall.unrated == 1
    assert overall.change_text == ""


def test_the_summary_gives_the_change_since_the_assessment_it_started_from(framework, levels):
    last = start(framework)
    rate(last, levels, "green", "amber", "amber", "red", "red", "green")
    new = start(framework, NEXT_PERIOD, previous=last)
    rate(new, levels, "green", "green", "amber", "red", "red", "green")

    sections, overall = assessment_services.assessment_summary(assessment=new)

    assert [s.change_text for s in sections] == ["+1 green, −1 amber", "No change"]
    assert overall.change_text == "+1 green, −1 amber"


def test_the_summary_follows_the_frameworks_own_scale_whatever_its_length(db):
    scale = RatingScaleFactory(name="Four points")
    for position, code in enumerate(["outstanding", "good", "improve", "inadequate"], 1):
        RatingLevelFactory(
            scale=scale, code=code, label=code.title(), position=position, colour=TagColour.BLUE
        )
    framework = make_framework(sections=1, questions=2, scale=scale)
    assessment = start(framework)
    by_code = {level.code: level for level in scale.levels.all()}
    rate(assessment, by_code, "inadequate", "good")

    _, overall = assessment_services.assessment_summary(assessment=assessment)

    assert [(level.code, count) for level, count in overall.level_counts] == [
        ("outstanding", 0),
        ("good", 1),
        ("improve", 0),
        ("inadequate", 1),
    ]


def test_level_counts_are_given_per_assessment_and_level(framework, levels):
    one, two = start(framework), start(framework, NEXT_PERIOD)
    rate(one, levels, "green", "green", "red")

    counts = assessment_services.level_counts(assessments=[one, two])

    assert counts[one.pk] == {levels["green"].pk: 2, levels["red"].pk: 1, None: 3}
    assert counts[two.pk] == {None: 6}


# Who may rate


@pytest.mark.parametrize(
    ("who", "checklist", "agency_a_return"),
    [
        ("anonymous", False, False),
        ("business_unit", False, False),
        ("scrutineer", True, False),
        ("agency_lead_a", False, True),
        ("agency_lead_b", False, False),
        ("practitioner", False, False),
        ("partner_lead", False, False),
    ],
)
def test_only_the_author_may_rate(cast, framework, agency_a, who, checklist, agency_a_return):
    from django.contrib.auth.models import AnonymousUser

    user = cast[who] or AnonymousUser()
    section_11 = make_framework(purpose=FrameworkPurpose.SECTION_11)

    assert assessment_services.may_rate(user, start(framework)) is checklist
    assert assessment_services.may_rate(user, start(section_11, agency=agency_a)) is (
        agency_a_return
    )


# Evidence links


@pytest.mark.parametrize(
    ("address", "kept"),
    [
        ("/portal/meetings/", "/portal/meetings/"),
        ("  /portal/actions/?page=2  ", "/portal/actions/?page=2"),
        ("http://testserver/portal/actions/#top", "/portal/actions/"),
        ("/", "/"),
    ],
)
def test_an_evidence_link_keeps_the_portal_path(framework, address, kept):
    rating = ratings_of(start(framework))[0]

    link = assessment_services.evidence_link_add(rating=rating, label="Minutes", path=address)

    assert link.path == kept
    assert list(rating.links.values_list("path", flat=True)) == [kept]


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("https://www.example.org/portal/meetings/", "links to other websites"),
        ("javascript:alert(1)", "links to other websites"),
        ("//www.example.org/portal/meetings/", "links to other websites"),
        ("portal/meetings/", "starting with /"),
        ("/portal/no-such-page/", "There is no page at /portal/no-such-page/"),
        ("/admin/", "not the administration pages"),
    ],
)
def test_an_evidence_link_outside_the_portal_is_refused(framework, address, message):
    rating = ratings_of(start(framework))[0]

    with pytest.raises(ValidationError, match=message):
        assessment_services.evidence_link_add(rating=rating, label="Elsewhere", path=address)

    assert not EvidenceLink.objects.exists()


def test_an_evidence_link_is_removed(framework):
    rating = ratings_of(start(framework))[0]
    link = assessment_services.evidence_link_add(rating=rating, label="M", path="/portal/")

    assessment_services.evidence_link_remove(link=link)

    assert not EvidenceLink.objects.exists()


# Actions raised from ratings


def test_an_action_raised_from_a_rating_names_the_rating_as_its_source(framework, agency_a):
    rating = ratings_of(start(framework))[0]
    owner = PersonFactory(agency=agency_a)

    action = assessment_services.rating_action_add(
        rating=rating,
        title="Publish the yearly report",
        owner_agency=agency_a,
        owner_person=owner,
        due_on=DUE,
        description="By the end of September.",
    )

    action.refresh_from_db()
    assert action.source == rating
    assert (action.title, action.owner_agency, action.owner_person, action.due_on) == (
        "Publish the yearly report",
        agency_a,
        owner,
        DUE,
    )
    assert action.status == ActionStatus.NOT_STARTED


def test_an_actions_owner_must_work_for_its_agency(framework, agency_a, agency_b):
    rating = ratings_of(start(framework))[0]

    with pytest.raises(ValidationError):
        assessment_services.rating_action_add(
            rating=rating,
            title="Publish",
            owner_agency=agency_a,
            owner_person=PersonFactory(agency=agency_b),
            due_on=DUE,
        )

    assert not Action.objects.exists()


def test_open_actions_from_the_previous_assessment_are_carried_with_their_question(
    framework, agency_a
):
    last = start(framework)
    last_first = ratings_of(last)[0]
    still_open = assessment_services.rating_action_add(
        rating=last_first, title="Still open", owner_agency=agency_a, due_on=DUE
    )
    done = assessment_services.rating_action_add(
        rating=last_first, title="Done", owner_agency=agency_a, due_on=DUE
    )
    Action.objects.filter(pk=done.pk).update(status=ActionStatus.COMPLETE)
    new = start(framework, NEXT_PERIOD, previous=last)
    ratings = ratings_of(new)
    raised_now = assessment_services.rating_action_add(
        rating=ratings[0], title="Raised now", owner_agency=agency_a, due_on=DUE
    )

    raised = assessment_services.raised_actions(
        assessment=new, ratings=ratings, visible=Action.objects.all()
    )

    assert sorted((item.action.pk, item.carried) for item in raised[ratings[0].pk]) == sorted(
        [(still_open.pk, True), (raised_now.pk, False)]
    )
    assert all(raised[rating.pk] == [] for rating in ratings[1:])


def test_raised_actions_are_only_those_the_reader_may_see(framework, agency_a, agency_b):
    ratings = ratings_of(start(framework))
    assessment_services.rating_action_add(
        rating=ratings[0], title="Police", owner_agency=agency_a, due_on=DUE
    )
    assessment_services.rating_action_add(
        rating=ratings[0], title="Health", owner_agency=agency_b, due_on=DUE
    )

    raised = assessment_services.raised_actions(
        assessment=ratings[0].assessment,
        ratings=ratings,
        visible=Action.objects.filter(owner_agency=agency_b),
    )

    assert [item.action.title for item in raised[ratings[0].pk]] == ["Health"]
