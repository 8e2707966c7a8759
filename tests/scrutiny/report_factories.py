"""A yearly report with realistic content, for the PDF tests and the worker test: strategic
priorities with progress updates, the scrutineer's accepted six-step checklist rated in all
three colours with actions raised, two financial years with footnotes, the narrative written,
and as many memberships as asked for, so the membership table runs over several pages.

`realistic_report()` builds it all and returns a `BuiltReport` that says what went in, so a
test can assert on exact figures (how many ratings of each colour, which job titles)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from budget.models import FinancialYear, Line, LineKind, Side
from budget.services.years import year_create
from partnership.models import (
    Agency,
    AgencyKind,
    Body,
    BodyKind,
    Membership,
    MembershipRole,
    Person,
    Priority,
    PriorityUpdate,
    Role,
)
from partnership.services import action_create
from scrutiny.models import Assessment, FrameworkPurpose, ReportSection, YearlyReport
from scrutiny.services import assessments as assessment_services
from scrutiny.services.frameworks import framework_load_shipped
from scrutiny.services.reports import report_create, section_save

from ..factories import UserFactory

PERIOD_START, PERIOD_END = date(2025, 4, 1), date(2026, 3, 31)
TITLE = "Thameside Safeguarding Children Partnership yearly report 2025-26"

COUNCIL = "London Borough of Thameside"
POLICE = "Metropolitan Police Service (East Area BCU)"
ICB = "NHS North East London Integrated Care Board"
AGENCIES = [
    (COUNCIL, AgencyKind.LOCAL_AUTHORITY),
    (POLICE, AgencyKind.POLICE),
    (ICB, AgencyKind.ICB),
    ("NELFT NHS Foundation Trust", AgencyKind.HEALTH),
    ("Barts Health NHS Trust", AgencyKind.HEALTH),
    ("Riverside Primary School", AgencyKind.EDUCATION),
    ("Thameside College", AgencyKind.EDUCATION),
    ("Probation Service (Thameside)", AgencyKind.PROBATION),
    ("Thameside Community Action", AgencyKind.VOLUNTARY),
    ("Thameside Faith Forum", AgencyKind.FAITH),
    ("Lay members", AgencyKind.LAY),
]
BODIES = [
    ("Thameside Safeguarding Children Partnership board", BodyKind.BOARD),
    ("Joint executive", BodyKind.EXECUTIVE),
    ("Learning and improvement subgroup", BodyKind.SUBGROUP),
    ("Quality assurance subgroup", BodyKind.SUBGROUP),
    ("Training subgroup", BodyKind.SUBGROUP),
    ("Child exploitation subgroup", BodyKind.SUBGROUP),
]
JOBS = [
    "Head of service",
    "Designated safeguarding lead",
    "Named nurse for safeguarding children",
    "Detective inspector",
    "Service manager",
    "Principal social worker",
    "Head teacher",
    "Community engagement officer",
]
ROLES = [MembershipRole.MEMBER, MembershipRole.MEMBER, MembershipRole.CO_CHAIR]

# The RAG words the shipped checklist's scale shows; the checklist is rated in this rotation,
# so its twenty-four lines of enquiry (six steps of four) get eight of each.
RAG_ROTATION = ["green", "amber", "red"]
RAG_LABELS = {"green": "Green", "amber": "Amber", "red": "Red"}

PRIORITIES = [
    (
        "Neglect and early help",
        "Neglect is the most common reason for a child protection plan locally, and audits "
        "found it was often recognised late.",
        "Practitioners now use the neglect toolkit at the first sign of concern, and the "
        "number of repeat referrals for neglect fell over the year.",
    ),
    (
        "Child exploitation",
        "Rapid reviews this year involved young people exploited outside the home.",
        "The exploitation panel meets fortnightly and every child it discusses has a named lead.",
    ),
    (
        "Transitional safeguarding",
        "Young people turning eighteen lose support they still need.",
        "A transitions panel now agrees a plan for each young person six months before they "
        "turn eighteen.",
    ),
    (
        "A child friendly borough",
        "The youth council asked the partnership to listen to children in every decision.",
        "",
    ),
]
UPDATES = [
    (date(2025, 7, 1), "Training delivered to 140 practitioners across the partnership."),
    (
        date(2025, 11, 1),
        "A multi-agency audit of 30 cases was completed and reported to the board.",
    ),
    (
        date(2026, 2, 1),
        "The findings were shared at the practitioners' forum and in the newsletter.",
    ),
]

NARRATIVE = """This year the partnership worked with children, families and practitioners to
make the borough a safer place to grow up. The independent chair and scrutineer held the
partners to account, and the board met every quarter.

## What went well

- Attendance at the board and its subgroups stayed high.
- The multi-agency training programme reached more practitioners than ever.
- The youth council shaped our priorities and our communications.

## What we will do next

We will *finish* the work on transitional safeguarding and report on its impact in next
year's report. The [published reports](https://example.org/reports) are on our website.
"""


@dataclass
class BuiltReport:
    report: YearlyReport
    checklist: Assessment
    ratings: dict[str, int] = field(default_factory=dict)  # RAG word -> how many lines
    members: int = 0
    job_titles: list[str] = field(default_factory=list)


def _agencies() -> dict[str, Agency]:
    return {
        name: Agency.objects.get_or_create(name=name, defaults={"kind": kind})[0]
        for name, kind in AGENCIES
    }


def memberships(count: int, agencies: dict[str, Agency]) -> list[str]:
    """`count` current memberships spread over the bodies and agencies, each with its own job
    title (so a test can find every row); the job titles, in the order made."""
    bodies = [
        Body.objects.get_or_create(name=name, defaults={"kind": kind})[0] for name, kind in BODIES
    ]
    agency_list = list(agencies.values())
    people = Person.objects.bulk_create(
        Person(
            full_name=f"Member {n:03d}",
            job_title=f"{JOBS[n % len(JOBS)]} {n:03d}",
            email=f"member{n:03d}@agency.example",
            agency=agency_list[n % len(agency_list)],
        )
        for n in range(count)
    )
    Membership.objects.bulk_create(
        Membership(
            person=person,
            body=bodies[n % len(bodies)],
            role=ROLES[n % len(ROLES)],
            started_on=date(2024, 4, 1),
        )
        for n, person in enumerate(people)
    )
    return [person.job_title for person in people]


def priorities() -> list[Priority]:
    made = []
    for position, (area, rationale, impact) in enumerate(PRIORITIES, start=1):
        priority = Priority.objects.create(
            area=area,
            period_start=PERIOD_START,
            period_end=PERIOD_END,
            rationale=rationale,
            planned_actions="Train practitioners.\n\nAudit the practice after six months.",
            impact_statement=impact,
            position=position,
        )
        PriorityUpdate.objects.bulk_create(
            PriorityUpdate(priority=priority, written_on=written_on, progress=progress)
            for written_on, progress in UPDATES
        )
        made.append(priority)
    return made


def accepted_checklist(agencies: dict[str, Agency]) -> tuple[Assessment, dict[str, int]]:
    """The shipped six-step checklist for the period, rated green, amber and red in turn;
    every amber and red line raises an action for the council. Submitted and accepted."""
    framework = next(
        framework
        for framework in framework_load_shipped()
        if framework.purpose == FrameworkPurpose.CHECKLIST
    )
    levels = {level.code: level for level in framework.scale.levels.all()}
    checklist = assessment_services.assessment_create(
        framework=framework, period_start=PERIOD_START, period_end=PERIOD_END
    )
    counts = dict.fromkeys(RAG_LABELS.values(), 0)
    ratings = checklist.ratings.select_related("question").order_by(
        "question__section__position", "question__position"
    )
    for n, rating in enumerate(ratings):
        code = RAG_ROTATION[n % len(RAG_ROTATION)]
        needs_action = code != "green"
        assessment_services.rating_save(
            rating=rating,
            level=levels[code],
            evidence=f"Minutes, audits and the data set for line {rating.question.number}.",
            actions_required=f"Close the gap found at line {rating.question.number}."
            if needs_action
            else "",
        )
        if needs_action:
            action_create(
                title=f"Close the gap found at line {rating.question.number}",
                owner_agency=agencies[COUNCIL],
                due_on=date(2026, 9, 30),
                source=rating,
            )
        counts[RAG_LABELS[code]] += 1
    checklist.overall_judgement = (
        "The partnership knows itself well and acts on what it finds.\n\n"
        "The partners should now widen the data set beyond the local authority."
    )
    checklist.save(update_fields=["overall_judgement"])
    scrutineer = UserFactory(role=Role.SCRUTINEER, agency=None)
    assessment_services.assessment_submit(assessment=checklist, user=scrutineer)
    return assessment_services.assessment_accept(assessment=checklist), counts


def budget_years(agencies: dict[str, Agency]) -> list[FinancialYear]:
    """2024-25 and 2025-26, each with contributions from the three statutory partners, fees
    and spending, and footnotes on the year and two of its lines."""
    years = []
    for start_year, uplift in ((2024, 0), (2025, 5000)):
        year = year_create(
            start_year=start_year, note="April to March, actual spend as at the year end."
        )
        lines = [
            (Side.INCOME, LineKind.CARRIED_FORWARD, None, "Carried forward", 18000, ""),
            (Side.INCOME, LineKind.TRAINING_FEES, None, "Training fees", 21000, ""),
            (Side.INCOME, LineKind.CONTRIBUTION, COUNCIL, "", 90000 + uplift, ""),
            (Side.INCOME, LineKind.CONTRIBUTION, POLICE, "", 5000, ""),
            (
                Side.INCOME,
                LineKind.CONTRIBUTION,
                ICB,
                "",
                32000,
                "Paid by the integrated care board for the whole of north east London.",
            ),
            (Side.EXPENDITURE, LineKind.CHAIR_SCRUTINY, None, "Independent chair", 22000, ""),
            (
                Side.EXPENDITURE,
                LineKind.STAFFING,
                None,
                "Partnership business manager",
                42000,
                "Half the post, shared with the safeguarding adults board.",
            ),
            (Side.EXPENDITURE, LineKind.STAFFING, None, "Training manager", 34000, ""),
            (Side.EXPENDITURE, LineKind.TRAINING_PROGRAMME, None, "Training programme", 11000, ""),
            (Side.EXPENDITURE, LineKind.REVIEWS, None, "Rapid reviews", 4000, ""),
        ]
        Line.objects.bulk_create(
            Line(
                year=year,
                side=side,
                kind=kind,
                agency=agencies[agency] if agency else None,
                description=description,
                actual=Decimal(actual),
                note=note,
                position=position,
            )
            for position, (side, kind, agency, description, actual, note) in enumerate(lines)
        )
        years.append(year)
    return years


def realistic_report(*, members: int = 120, title: str = TITLE) -> BuiltReport:
    """A report for 2025-26 with every default section filled. 120 members make a membership
    table of about five pages."""
    agencies = _agencies()
    job_titles = memberships(members, agencies)
    priorities()
    checklist, counts = accepted_checklist(agencies)
    budget_years(agencies)
    report = report_create(title=title, period_start=PERIOD_START, period_end=PERIOD_END)
    for section in report.sections.filter(kind=ReportSection.NARRATIVE):
        section_save(section=section, title=section.title, body=NARRATIVE)
    report.refresh_from_db()
    return BuiltReport(
        report=report,
        checklist=checklist,
        ratings=counts,
        members=members,
        job_titles=job_titles,
    )
