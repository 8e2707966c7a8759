"""factory_boy factories for scrutiny's models, shared by every scrutiny test module and the
URL examples. Add new factories at the end; change none that others use."""

import datetime

import factory
from django.utils import timezone

from scrutiny.models import (
    Framework,
    FrameworkPurpose,
    Question,
    RatingLevel,
    RatingScale,
    Section,
    Section11Round,
    TagColour,
)

# A period assessments are made for, when a test does not care which.
PERIOD = (datetime.date(2024, 4, 1), datetime.date(2025, 3, 31))

# Frameworks, scales and questions

RAG = [
    ("green", "Green", TagColour.GREEN, "Can be answered positively, with evidence."),
    ("amber", "Amber", TagColour.ORANGE, "Partly: some evidence, with work still to do."),
    ("red", "Red", TagColour.RED, "Cannot be confirmed: little or no evidence."),
]


class RatingScaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RatingScale
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Scale {n}")


class RatingLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RatingLevel

    scale = factory.SubFactory(RatingScaleFactory)
    code = factory.Sequence(lambda n: f"level-{n}")
    label = factory.Sequence(lambda n: f"Level {n}")
    definition = "What this level means."
    colour = TagColour.BLUE
    position = factory.Sequence(lambda n: n + 1)


def rag_scale(name: str = "Red, amber, green") -> RatingScale:
    """The default three-level scale, best first; made once per name."""
    scale = RatingScaleFactory(name=name)
    for position, (code, label, colour, definition) in enumerate(RAG, start=1):
        RatingLevel.objects.get_or_create(
            scale=scale,
            code=code,
            defaults={
                "label": label,
                "colour": colour,
                "definition": definition,
                "position": position,
            },
        )
    return scale


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    slug = factory.Sequence(lambda n: f"framework-{n}")
    version = 1
    name = factory.Sequence(lambda n: f"Framework {n}")
    purpose = FrameworkPurpose.CHECKLIST
    scale = factory.LazyFunction(rag_scale)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    framework = factory.SubFactory(FrameworkFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Section {n + 1}")
    position = factory.Sequence(lambda n: n + 1)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    number = factory.Sequence(lambda n: f"Q{n + 1}")
    text = factory.Sequence(lambda n: f"Question {n + 1}?")
    position = factory.Sequence(lambda n: n + 1)


def make_framework(sections: int = 2, questions: int = 3, **kwargs) -> Framework:
    """A small framework: `sections` sections ("1", "2", …) of `questions` questions each,
    numbered "1.1", "1.2", …, with guidance on every one; on the RAG scale unless `scale` is
    given. Other fields (slug, version, name, purpose) pass through to the framework."""
    framework = FrameworkFactory(**kwargs)
    for s in range(1, sections + 1):
        section = SectionFactory(
            framework=framework,
            number=str(s),
            title=f"Step {s}",
            guidance=f"What step {s} looks for.",
            position=s,
        )
        for q in range(1, questions + 1):
            QuestionFactory(
                section=section,
                number=f"{s}.{q}",
                text=f"Key line of enquiry {s}.{q}?",
                guidance=f"Evidence that answers {s}.{q}.",
                position=q,
            )
    return framework


# Section 11 rounds


class Section11RoundFactory(factory.django.DjangoModelFactory):
    """A round with no returns yet; `section_11_round` makes one with returns."""

    class Meta:
        model = Section11Round

    framework = factory.SubFactory(FrameworkFactory, purpose=FrameworkPurpose.SECTION_11)
    name = factory.Sequence(lambda n: f"Section 11 round {n + 1}")
    period_start = PERIOD[0]
    period_end = PERIOD[1]
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


def section_11_round(*, agencies, framework=None, **kwargs) -> Section11Round:
    """A round with one unrated draft return per agency, due on the round's deadline. Made
    directly rather than through round_open, so a test may give it a deadline in the past."""
    from scrutiny.services.assessments import assessment_create

    if framework is None:
        framework = make_framework(sections=2, questions=2, purpose=FrameworkPurpose.SECTION_11)
    round = Section11RoundFactory(framework=framework, **kwargs)
    for agency in agencies:
        assessment_create(
            framework=framework,
            agency=agency,
            period_start=round.period_start,
            period_end=round.period_end,
            round=round,
            deadline=round.deadline,
        )
    return round


def rate_every_question(assessment, *codes: str) -> None:
    """Give the assessment's questions these level codes in question order, the last code
    repeating for the rest: rate_every_question(a, "green", "amber") rates 1.1 green and the
    rest amber."""
    levels = {level.code: level for level in assessment.framework.scale.levels.all()}
    for index, rating in enumerate(
        assessment.ratings.order_by("question__section__position", "question__position")
    ):
        rating.level = levels[codes[min(index, len(codes) - 1)]]
        rating.evidence = rating.evidence or f"Evidence for {rating.question.number}."
        rating.save(update_fields=["level", "evidence"])
