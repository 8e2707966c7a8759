"""Example arguments for the Section 11 round pages: a round with the three statutory partners
and a health trust, whose returns are in every state (accepted, submitted late, returned, a
draft with an extended deadline), after an earlier round they all completed, so every part of
each page, the previous round's ratings in the grid included, is drawn for the access and
browser checks."""

import datetime

from django.utils import timezone

from partnership.models import AgencyKind
from scrutiny.models import Assessment, FrameworkPurpose, Section11Round
from scrutiny.services import assessments as assessment_services

from ..factories import AgencyFactory
from ..scrutiny.factories import make_framework, rate_every_question, section_11_round


def _days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def _submit(assessment, *codes, user=None):
    rate_every_question(assessment, *codes)
    return assessment_services.assessment_submit(assessment=assessment, user=user)


def _round_in_every_state(cast):
    police = cast["agency_lead_a"].agency
    health = cast["agency_lead_b"].agency
    council = cast["partner_lead"].agency
    icb = AgencyFactory(name="North East London ICB", kind=AgencyKind.ICB)
    agencies = [police, health, council, icb]
    framework = make_framework(
        sections=2, questions=2, purpose=FrameworkPurpose.SECTION_11, name="Section 11 standards"
    )
    earlier = section_11_round(
        agencies=agencies, framework=framework, name="Section 11 audit 2023 to 2024",
        period_start=datetime.date(2023, 4, 1), period_end=datetime.date(2024, 3, 31),
    )  # fmt: skip
    for index, assessment in enumerate(earlier.returns.all()):
        submitted = _submit(assessment, ("amber", "green", "red", "green")[index])
        assessment_services.assessment_accept(assessment=submitted)
    # Every agency finished last year's round on time: move it, dates and all, a year back.
    year_ago = timezone.now() - datetime.timedelta(days=380)
    earlier.returns.update(deadline=_days(-365), submitted_at=year_ago, accepted_at=year_ago)
    Section11Round.objects.filter(pk=earlier.pk).update(deadline=_days(-365))
    current = section_11_round(
        agencies=agencies, framework=framework, name="Section 11 audit 2024 to 2025",
        deadline=_days(-2),
    )  # fmt: skip
    returns = {a.agency_id: a for a in current.returns.all()}
    accepted = _submit(returns[council.pk], "green")
    assessment_services.assessment_accept(assessment=accepted)
    _submit(returns[police.pk], "green", "amber", "red")
    returned = _submit(returns[icb.pk], "amber")
    assessment_services.assessment_return(
        assessment=returned, comment="Add the training figures for 2024 to 2025."
    )
    Assessment.objects.filter(pk=returns[health.pk].pk).update(deadline=_days(10))
    return current


def _rounds_to_list(cast):
    # The lists take no arguments; making rows here means the browser check sees full tables.
    _round_in_every_state(cast)
    return {}


def _a_framework_to_choose(cast):
    make_framework(
        sections=2, questions=2, purpose=FrameworkPurpose.SECTION_11, name="Section 11 standards"
    )
    return {}


def _health_draft(cast):
    current = _round_in_every_state(cast)
    return {"pk": current.returns.get(agency=cast["agency_lead_b"].agency).pk}


EXAMPLES = {
    "scrutiny:rounds": _rounds_to_list,
    "scrutiny:my_returns": _rounds_to_list,
    "scrutiny:round_create": _a_framework_to_choose,
    "scrutiny:round": lambda cast: {"pk": _round_in_every_state(cast).pk},
    "scrutiny:round_grid": lambda cast: {"pk": _round_in_every_state(cast).pk},
    "scrutiny:round_grid_export": lambda cast: {"pk": _round_in_every_state(cast).pk},
    "scrutiny:return_extend": _health_draft,
}
NOT_HTML = {"scrutiny:round_grid_export"}
