"""The kinds of generated section a yearly report can hold.

A kind is a small object that knows its title, how to gather its data for the report's period,
and its template. Each gathers from one app's plain functions (budget.services.statement,
partnership.services.membership_appendix and so on), so the arrows stay one way: scrutiny reads
every app, no app reads scrutiny. The training and reviews issues add theirs with `register()`.

Provenance: every figure and table a kind gathers carries the portal address of the records it
was computed from (`source` links), which the on-screen and web versions show and the PDF
leaves out.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.urls import reverse

from budget import services as budget_services
from budget.charts import contributions_chart
from budget.models import FinancialYear
from partnership import services as partnership_services
from partnership.models import Action, Body, Priority, PriorityUpdate
from reviews import services as review_services
from training.services import statistics as training_statistics

from ..models import Assessment, AssessmentStatus, FrameworkPurpose, Rating, YearlyReport


@dataclass(frozen=True)
class SectionKind:
    key: str
    title: str
    template: str
    is_appendix: bool = False

    def gather(self, report: YearlyReport) -> dict:
        raise NotImplementedError


_kinds: dict[str, SectionKind] = {}


def register(kind: SectionKind) -> SectionKind:
    _kinds[kind.key] = kind
    return kind


def kind_of(key: str) -> SectionKind | None:
    return _kinds.get(key)


def kinds() -> list[SectionKind]:
    return list(_kinds.values())


def _overlapping(queryset, report: YearlyReport, start="period_start", end="period_end"):
    return queryset.filter(
        **{f"{start}__lte": report.period_end, f"{end}__gte": report.period_start}
    )


class PrioritiesSection(SectionKind):
    """The strategic priorities of the period, each with its progress updates in the period
    and its impact statement."""

    def gather(self, report):
        updates = PriorityUpdate.objects.filter(
            written_on__range=(report.period_start, report.period_end)
        ).order_by("written_on", "pk")
        priorities = _overlapping(Priority.objects.all(), report).prefetch_related(
            Prefetch("updates", queryset=updates, to_attr="period_updates")
        )
        rows = [
            {
                "priority": priority,
                "source": reverse("portal:priority", args=[priority.pk]),
            }
            for priority in priorities.order_by("position", "area")
        ]
        return {"priorities": rows, "source": reverse("portal:priorities")}


class ChecklistSection(SectionKind):
    """The independent scrutineer's six-step checklist for the period: each key line of
    enquiry with its RAG colour and word, the evidence, and the actions it raised."""

    def checklist(self, report) -> Assessment | None:
        found = _overlapping(
            Assessment.objects.filter(
                framework__purpose=FrameworkPurpose.CHECKLIST, agency__isnull=True
            ),
            report,
        ).select_related("framework__scale")
        # An accepted checklist is the scrutineer's settled view; a draft is work in progress.
        preference = [AssessmentStatus.ACCEPTED, AssessmentStatus.SUBMITTED]
        for status in preference:
            chosen = found.filter(status=status).order_by("-period_end").first()
            if chosen:
                return chosen
        return found.order_by("-period_end").first()

    def gather(self, report):
        assessment = self.checklist(report)
        if assessment is None:
            return {"assessment": None}
        ratings = list(
            Rating.objects.filter(assessment=assessment)
            .select_related("question__section", "level")
            .order_by("question__section__position", "question__position")
        )
        actions_by_rating: dict[int, list[Action]] = {}
        rating_type = ContentType.objects.get_for_model(Rating)
        for action in Action.objects.filter(
            source_type=rating_type, source_id__in=[rating.pk for rating in ratings]
        ).select_related("owner_agency"):
            actions_by_rating.setdefault(action.source_id, []).append(action)
        steps: list[dict] = []
        for rating in ratings:
            section = rating.question.section
            if not steps or steps[-1]["section"].pk != section.pk:
                steps.append({"section": section, "rows": []})
            steps[-1]["rows"].append(
                {
                    "rating": rating,
                    "actions": [
                        {"action": action, "source": reverse("portal:action", args=[action.pk])}
                        for action in actions_by_rating.get(rating.pk, [])
                    ],
                    "source": reverse("scrutiny:assessment", args=[assessment.pk])
                    + f"#question-{rating.pk}",
                }
            )
        return {
            "assessment": assessment,
            "steps": steps,
            "source": reverse("scrutiny:assessment", args=[assessment.pk]),
        }


class BudgetSection(SectionKind):
    """The statement of each financial year that ends in the period, with its footnotes, and
    the statutory partners' contributions over the years as a chart."""

    def years(self, report) -> list[FinancialYear]:
        return [
            year
            for year in FinancialYear.objects.order_by("start_year")
            if report.period_start <= year.ends_on <= report.period_end
        ]

    def gather(self, report):
        statements = [
            {
                "statement": budget_services.statement(year),
                "source": reverse("budget:year", args=[year.start_year]),
            }
            for year in self.years(report)
        ]
        chart = None
        if statements:
            chart = contributions_chart(statements[-1]["statement"].history)
        return {"statements": statements, "chart": chart, "source": reverse("budget:years")}


class MembershipSection(SectionKind):
    """Who sat on the partnership's bodies on the last day of the period, by agency kind, as
    jobs rather than names."""

    def gather(self, report):
        on: date = report.period_end
        bodies = {body.name: body.pk for body in Body.objects.all()}
        groups = [
            (kind, [(row, reverse("portal:body", args=[bodies[row.body]])) for row in rows])
            for kind, rows in partnership_services.membership_appendix(on=on)
        ]
        return {
            "on": on,
            "groups": groups,
            "source": reverse("portal:memberships") + f"?on={on.isoformat()}",
        }


# A handful of quotes reads as evidence; the statistics page has more.
REPORT_QUOTES = 6


class TrainingSection(SectionKind):
    """The multi-agency training programme in each academic year (September to August) that
    ended in the period, as the programme reports once a year is done: sessions delivered,
    bookings against the year before, attendance by course and by kind of agency, what the
    evaluations said, and quotes on what changed in practice."""

    def gather(self, report):
        years = training_statistics.academic_years_ending_in(report.period_start, report.period_end)
        source = reverse("training_staff:statistics")
        return {
            "years": [
                {
                    "year": year,
                    "figures": training_statistics.year_statistics(year, quotes=REPORT_QUOTES),
                    "source": f"{source}?year={year.start_year}",
                }
                for year in years
            ],
            "source": source,
        }


class ReviewsSection(SectionKind):
    """The figures behind the narrative "learning from reviews": serious incidents notified,
    rapid reviews sent, local reviews decided and published, the statutory clocks met on time,
    and the progress of the recommendations of the reviews active in the period. The report
    is public: reviews appear by their titles, and no child is named."""

    def gather(self, report):
        return {
            "figures": review_services.learning_figures(report.period_start, report.period_end),
            "notifications_source": reverse("reviews:notifications"),
            "reviews_source": reverse("reviews:reviews"),
            "recommendations_source": reverse("reviews:recommendations"),
        }


PRIORITIES = register(
    PrioritiesSection(
        "priorities", "Impact on priority areas", "scrutiny/report/sections/priorities.html"
    )
)
CHECKLIST = register(
    ChecklistSection("checklist", "Independent scrutiny", "scrutiny/report/sections/checklist.html")
)
TRAINING = register(
    TrainingSection(
        "training",
        "The multi-agency training programme",
        "scrutiny/report/sections/training.html",
    )
)
REVIEWS = register(
    ReviewsSection(
        "reviews",
        "Learning from reviews: the figures",
        "scrutiny/report/sections/reviews.html",
    )
)
BUDGET = register(
    BudgetSection(
        "budget",
        "The partnership’s budget",
        "scrutiny/report/sections/budget.html",
        is_appendix=True,
    )
)
MEMBERSHIP = register(
    MembershipSection(
        "membership",
        "Membership of the partnership",
        "scrutiny/report/sections/membership.html",
        is_appendix=True,
    )
)

# The default order follows a real yearly report (the seed's 2022-24 report): the chair's
# introduction, the partners' foreword, the arrangements, learning from reviews, evidence of
# impact, impact on the priorities, independent scrutiny, looking ahead, then the appendices.
# A string is a narrative section's title; a SectionKind a generated section.
DEFAULT_ORDER: list = [
    "Introduction by the independent chair and scrutineer",
    "Foreword by the statutory partners",
    "Our safeguarding arrangements",
    "Learning from reviews",
    REVIEWS,
    "Evidence of impact",
    # The seed report gives the training programme's year under its evidence of impact.
    TRAINING,
    PRIORITIES,
    CHECKLIST,
    "Looking ahead",
    BUDGET,
    MEMBERSHIP,
]
