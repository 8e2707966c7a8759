"""Example arguments for the checklist and assessment pages: the partnership's checklist for
2025 to 2026, started from an accepted one for 2024 to 2025, part rated, with evidence, an
evidence link and an action raised, so the pages are checked with every part shown.

Checklists have no agency, so every agency lead gets a 404 from the record-scoped pages."""

import datetime

from scrutiny.models import EvidenceLink, RatingLevel
from scrutiny.services import assessments as assessment_services

from ..scrutiny.factories import make_framework

LAST_YEAR = (datetime.date(2024, 4, 1), datetime.date(2025, 3, 31))
THIS_YEAR = (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))


def _rate(assessment, codes):
    levels = {level.code: level for level in RatingLevel.objects.all()}
    ratings = assessment.ratings.select_related("question")
    for rating, code in zip(ratings, codes, strict=False):
        assessment_services.rating_save(
            rating=rating,
            level=levels[code] if code else None,
            evidence=f"Minutes and reports show {rating.question.number} in practice.",
            actions_required="Publish the findings." if code != "green" else "",
        )


def _checklists(cast):
    framework = make_framework(name="Independent scrutiny checklist")
    last = assessment_services.assessment_create(
        framework=framework, period_start=LAST_YEAR[0], period_end=LAST_YEAR[1]
    )
    _rate(last, ["green", "amber", "red", "green", "green", "amber"])
    assessment_services.assessment_submit(assessment=last, user=cast["scrutineer"])
    assessment_services.assessment_accept(assessment=last)
    current = assessment_services.assessment_create(
        framework=framework, period_start=THIS_YEAR[0], period_end=THIS_YEAR[1], previous=last
    )
    _rate(current, ["green", "green", "amber", None, "green", "red"])
    rating = current.ratings.order_by("pk").first()
    assessment_services.evidence_link_add(
        rating=rating, label="Partnership board, 12 June 2025", path="/portal/actions/"
    )
    assessment_services.rating_action_add(
        rating=rating,
        title="Publish the yearly report on the website",
        owner_agency=cast["agency_lead_a"].agency,
        due_on=datetime.date(2026, 6, 30),
    )
    assessment_services.assessment_judgement_save(
        assessment=current,
        overall_judgement="The partners lead the arrangements well.\n\nData gaps remain.",
    )
    return current


def _submitted(cast):
    current = _checklists(cast)
    _rate(current, ["green", "green", "amber", "amber", "green", "red"])
    return assessment_services.assessment_submit(assessment=current, user=cast["scrutineer"])


def _first_rating(cast):
    current = _checklists(cast)
    return {"pk": current.pk, "rating_pk": current.ratings.order_by("pk").first().pk}


def _link(cast):
    kwargs = _first_rating(cast)
    kwargs["link_pk"] = EvidenceLink.objects.get(rating_id=kwargs["rating_pk"]).pk
    return kwargs


def _list(cast):
    _checklists(cast)
    return {}


EXAMPLES = {
    "scrutiny:checklists": _list,
    "scrutiny:checklist_create": _list,
    "scrutiny:assessment": lambda cast: {"pk": _checklists(cast).pk},
    "scrutiny:assessment_judgement": lambda cast: {"pk": _checklists(cast).pk},
    "scrutiny:assessment_submit": lambda cast: {"pk": _checklists(cast).pk},
    "scrutiny:assessment_return": lambda cast: {"pk": _submitted(cast).pk},
    "scrutiny:assessment_accept": lambda cast: {"pk": _submitted(cast).pk},
    "scrutiny:rating_edit": _first_rating,
    "scrutiny:rating_link_add": _first_rating,
    "scrutiny:rating_link_remove": _link,
    "scrutiny:rating_action_add": _first_rating,
}

_HIDDEN_FROM_AGENCY_LEADS = {"agency_lead_a": 404, "agency_lead_b": 404}
OUTCOMES = dict.fromkeys(
    [
        "scrutiny:assessment",
        "scrutiny:assessment_judgement",
        "scrutiny:assessment_submit",
        "scrutiny:rating_edit",
        "scrutiny:rating_link_add",
        "scrutiny:rating_link_remove",
        "scrutiny:rating_action_add",
    ],
    _HIDDEN_FROM_AGENCY_LEADS,
)
