"""The two frameworks the portal ships with, and loading them (again and again)."""

import pytest
from django.core.management import call_command

from scrutiny.models import (
    Framework,
    FrameworkPurpose,
    Question,
    RatingLevel,
    RatingScale,
    Section,
    TagColour,
)
from scrutiny.services.frameworks import framework_load_shipped

pytestmark = pytest.mark.django_db


def counts():
    return tuple(
        model.objects.count() for model in (Framework, Section, Question, RatingScale, RatingLevel)
    )


@pytest.fixture
def shipped():
    return {framework.slug: framework for framework in framework_load_shipped()}


def test_the_checklist_has_six_steps_of_four_key_lines_of_enquiry(shipped):
    checklist = shipped["six-step-checklist"]

    assert checklist.purpose == FrameworkPurpose.CHECKLIST
    assert [s.title for s in checklist.sections.all()] == [
        "Partnership leadership",
        "Engagement of relevant agencies",
        "Outcomes for children and young people",
        "Quality assurance and information sharing",
        "Learning from local and national reviews",
        "Multi-agency training and workforce development",
    ]
    for section in checklist.sections.all():
        numbers = [q.number for q in section.questions.all()]
        assert numbers == [f"{section.number}.{n}" for n in range(1, 5)]
        assert all(q.guidance for q in section.questions.all()), section.number


def test_the_section_11_framework_has_a_section_for_each_standard(shipped):
    standards = shipped["section-11-standards"]

    assert standards.purpose == FrameworkPurpose.SECTION_11
    assert [s.title for s in standards.sections.all()] == [
        "Senior management commitment",
        "A clear statement of responsibilities",
        "A clear line of accountability",
        "Service development that takes safeguarding into account",
        "Training",
        "Safer recruitment, vetting and managing allegations",
        "Effective inter-agency working",
        "Information sharing",
        "The voice of the child",
    ]
    for section in standards.sections.all():
        assert 2 <= section.questions.count() <= 4, section.title


def test_both_share_the_rag_scale_with_its_definitions(shipped):
    scale = shipped["six-step-checklist"].scale

    assert shipped["section-11-standards"].scale == scale
    assert scale.name == "RAG"
    assert [(lv.code, lv.label, lv.colour) for lv in scale.levels.all()] == [
        ("green", "Green", TagColour.GREEN),
        ("amber", "Amber", TagColour.ORANGE),
        ("red", "Red", TagColour.RED),
    ]
    definitions = [lv.definition for lv in scale.levels.all()]
    assert definitions[0].startswith("Can be answered positively, with evidence")
    assert "still work to do" in definitions[1]
    assert definitions[2].startswith("Cannot be confirmed")


def test_loading_again_loads_nothing_and_returns_the_same_frameworks(shipped):
    before = counts()

    again = framework_load_shipped()

    assert counts() == before
    assert sorted(f.pk for f in again) == sorted(f.pk for f in shipped.values())


def test_the_command_loads_the_shipped_frameworks_once(capsys):
    call_command("load_frameworks")
    first = capsys.readouterr().out
    call_command("load_frameworks")
    second = capsys.readouterr().out

    assert "Loaded 2 new frameworks" in first
    assert "six-step-checklist version 1: Six steps for independent scrutiny" in first
    assert "Loaded 0 new frameworks" in second
    assert "2 already loaded" in second
    assert Framework.objects.count() == 2
