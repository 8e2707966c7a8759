from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from partnership.models import Action
from scrutiny.models import Assessment, AssessmentStatus, Framework, Rating, Section11Round


def load_twice():
    call_command("load_demo")
    counts = {
        model: model.objects.count()
        for model in (Framework, Assessment, Rating, Section11Round, Action)
    }
    call_command("load_demo")
    return counts


def test_the_demo_holds_an_accepted_checklist_mostly_green_with_some_amber_and_red(db):
    load_twice()

    checklist = Assessment.objects.get(agency=None)
    colours = Counter(checklist.ratings.values_list("level__code", flat=True))
    assert checklist.status == AssessmentStatus.ACCEPTED
    assert colours["green"] > colours["amber"] > colours["red"] > 0
    assert sum(colours.values()) == 24
    assert checklist.overall_judgement
    assert not checklist.ratings.filter(evidence="").exists()


def test_the_checklists_actions_are_tracked_with_their_rating_as_source(db):
    load_twice()

    rating_type = ContentType.objects.get_for_model(Rating)
    raised = Action.objects.filter(source_type=rating_type)
    with_actions = Rating.objects.filter(assessment__agency=None).exclude(actions_required="")
    assert raised.count() == with_actions.count() > 0
    assert set(raised.values_list("source_id", flat=True)) == set(
        with_actions.values_list("pk", flat=True)
    )


def test_the_demo_holds_an_open_section_11_round_with_some_returns_submitted(db):
    load_twice()

    round_ = Section11Round.objects.get()
    statuses = Counter(round_.returns.values_list("status", flat=True))
    assert statuses[AssessmentStatus.SUBMITTED] == 3
    assert statuses[AssessmentStatus.DRAFT] == 4
    assert round_.returns.filter(
        agency__name__startswith="Metropolitan Police", status=AssessmentStatus.DRAFT
    ).exists()


def test_running_it_again_changes_nothing(db):
    before = load_twice()

    assert {model: model.objects.count() for model in before} == before
