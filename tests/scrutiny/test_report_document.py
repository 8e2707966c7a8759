"""Assembling the yearly report: the narrative's safe Markdown, what each generated section
gathers for the period, the provenance links (on screen and on the web, never in the PDF),
numbering and hidden sections, and a query count that does not grow with the records."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.models import LineKind, Side
from partnership.models import AgencyKind, BodyKind, MembershipRole, Role
from partnership.services import action_create
from scrutiny.models import AssessmentStatus, ReportSection
from scrutiny.report.document import document_sections, report_html
from scrutiny.report.markdown import narrative_html
from scrutiny.report.sections import BUDGET, CHECKLIST, MEMBERSHIP, PRIORITIES
from scrutiny.services import assessments as assessment_services
from scrutiny.services import reports as report_services

from ..budget.factories import (
    FinancialYearFactory,
    LineFactory,
    contribution,
    earlier_years,
    partners,
    seed_statement,
)
from ..factories import (
    AgencyFactory,
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    PriorityFactory,
    PriorityUpdateFactory,
    UserFactory,
)
from .factories import make_framework, rate_every_question

START, END = datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)
PORTAL_HREF = re.compile(r'href="[^"]*/portal/')


def report_for(start=START, end=END, title="Thameside yearly report"):
    return report_services.report_create(title=title, period_start=start, period_end=end)


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


# The narrative


def test_raw_html_is_shown_as_text_not_run():
    html = narrative_html('<script>alert("hi")</script>\n\nSee <b onclick="x()">this</b>.')

    assert "<script" not in html and "<b" not in html
    assert "&lt;script&gt;alert" in html
    assert "&lt;b onclick" in html


def test_links_are_kept_only_to_web_and_email_addresses():
    html = narrative_html(
        "[Our site](https://example.org/reports) [Old site](http://example.org) "
        "[Write to us](mailto:board@example.org) [Run](javascript:alert(1)) "
        "[Files](ftp://example.org/f) <javascript:alert(2)>"
    )

    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs == [
        "https://example.org/reports",
        "http://example.org",
        "mailto:board@example.org",
    ]
    assert 'href="javascript' not in html and "ftp://" not in html


def test_headings_are_demoted_below_the_reports_own():
    html = narrative_html("# Big\n\n## Less\n\n### Small\n\n###### Smallest")

    assert "<h1" not in html and "<h2" not in html
    assert re.findall(r"<(h\d)", html) == ["h3", "h4", "h4", "h4"]


def test_the_narrative_gets_govuk_classes():
    html = narrative_html(
        "A paragraph with a [link](https://example.org).\n\n# Heading\n\n- one\n- two\n\n"
        "1. first\n2. second"
    )

    assert '<p class="govuk-body">' in html
    assert '<h3 class="govuk-heading-s">Heading</h3>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert '<ol class="govuk-list govuk-list--number">' in html
    assert re.search(r'<a href="https://example.org" class="govuk-link"[^>]*>link</a>', html)


def test_images_are_not_embedded():
    assert "<img" not in narrative_html("![A chart](https://example.org/chart.png)")


def test_an_empty_narrative_is_empty():
    assert narrative_html("") == ""


# What the generated sections gather


def test_priorities_overlapping_the_period_with_their_updates_in_the_period(db):
    overlapping = PriorityFactory(
        area="Neglect", period_start=day("2024-10-01"), period_end=day("2025-09-30"), position=2
    )
    inside = PriorityFactory(area="Exploitation", period_start=START, period_end=END, position=1)
    PriorityFactory(area="Before", period_start=day("2023-04-01"), period_end=day("2025-03-31"))
    PriorityFactory(area="After", period_start=day("2026-04-01"), period_end=day("2027-03-31"))
    for written_on, progress in [
        ("2025-03-31", "Written the day before the period"),
        ("2026-03-31", "Written on the last day"),
        ("2025-04-01", "Written on the first day"),
        ("2026-04-01", "Written the day after"),
    ]:
        PriorityUpdateFactory(priority=overlapping, written_on=day(written_on), progress=progress)

    data = PRIORITIES.gather(report_for())

    assert [row["priority"].area for row in data["priorities"]] == ["Exploitation", "Neglect"]
    neglect = data["priorities"][1]
    assert [update.progress for update in neglect["priority"].period_updates] == [
        "Written on the first day",
        "Written on the last day",
    ]
    assert data["priorities"][0]["priority"].period_updates == []
    assert neglect["source"] == f"/portal/priorities/{overlapping.pk}/"
    assert data["priorities"][0]["source"] == f"/portal/priorities/{inside.pk}/"


def rated_checklist(framework, period=(START, END), codes=("green", "amber", "red")):
    checklist = assessment_services.assessment_create(
        framework=framework, period_start=period[0], period_end=period[1]
    )
    rate_every_question(checklist, *codes)
    return checklist


def accept(checklist):
    scrutineer = UserFactory(role=Role.SCRUTINEER, agency=None)
    assessment_services.assessment_submit(assessment=checklist, user=scrutineer)
    return assessment_services.assessment_accept(assessment=checklist)


def accepted_checklist(framework, period=(START, END)):
    return accept(rated_checklist(framework, period))


def test_the_checklist_prefers_the_accepted_one_over_a_draft(db):
    framework = make_framework(sections=2, questions=2)
    accepted = accepted_checklist(framework)
    draft = assessment_services.assessment_create(
        framework=framework, period_start=START, period_end=END
    )
    rate_every_question(draft, "red")
    # Another period's checklist and an agency's return are not the partnership's checklist.
    accepted_checklist(framework, period=(day("2023-04-01"), day("2024-03-31")))
    assessment_services.assessment_create(
        framework=framework, period_start=START, period_end=END, agency=AgencyFactory()
    )

    data = CHECKLIST.gather(report_for())

    assert data["assessment"] == accepted
    assert data["assessment"].status == AssessmentStatus.ACCEPTED
    assert [
        (row["rating"].question.number, row["rating"].level.label)
        for step in data["steps"]
        for row in step["rows"]
    ] == [("1.1", "Green"), ("1.2", "Amber"), ("2.1", "Red"), ("2.2", "Red")]
    assert [step["section"].title for step in data["steps"]] == ["Step 1", "Step 2"]
    assert data["source"] == f"/portal/scrutiny/assessments/{accepted.pk}/"


def test_a_draft_is_used_when_there_is_nothing_else_and_says_so(db):
    framework = make_framework(sections=1, questions=1)
    draft = assessment_services.assessment_create(
        framework=framework, period_start=START, period_end=END
    )
    report = report_for()

    assert CHECKLIST.gather(report)["assessment"] == draft
    html = report_html(report, mode="screen")
    assert "to March 2026 (draft)." in html
    assert "Not rated" in html


def test_the_checklist_shows_each_colour_with_its_word_evidence_and_actions(db):
    checklist = rated_checklist(make_framework(sections=1, questions=3))
    ratings = list(checklist.ratings.order_by("question__position"))
    council = AgencyFactory(name="London Borough of Thameside", kind=AgencyKind.LOCAL_AUTHORITY)
    action = assessment_services.rating_action_add(
        rating=ratings[2], title="Share the data set", owner_agency=council,
        due_on=day("2026-09-30"),
    )  # fmt: skip
    accept(checklist)
    # An action not raised from a rating stays out of the checklist.
    action_create(title="Unrelated action", owner_agency=council, due_on=day("2026-09-30"))
    report = report_for()

    data = CHECKLIST.gather(report)
    rows = data["steps"][0]["rows"]
    assert [[item["action"] for item in row["actions"]] for row in rows] == [[], [], [action]]
    assert rows[2]["actions"][0]["source"] == f"/portal/actions/{action.pk}/"

    html = report_html(report, mode="screen")
    for colour, word in [("green", "Green"), ("orange", "Amber"), ("red", "Red")]:
        assert re.search(
            rf'<strong class="govuk-tag govuk-tag--{colour} app-report__rag '
            rf'app-report__rag--{colour}">{word}</strong>',
            html,
        )
    for number in ("1.1", "1.2", "1.3"):
        assert f"Evidence for {number}." in html
    assert "Share the data set</a> (London Borough of Thameside, due 30 September 2026, " in html
    assert "not started)" in html
    assert "Unrelated action" not in html


def test_the_budget_takes_the_financial_years_ending_in_the_period(db):
    seed_statement(start_year=2023)  # 2023-24
    earlier_years(partners())  # 2021-22 and 2022-23
    later = FinancialYearFactory(start_year=2024)
    LineFactory(year=later)
    report = report_for(day("2022-10-01"), day("2024-03-31"))

    data = BUDGET.gather(report)

    names = [item["statement"].year.name for item in data["statements"]]
    assert names == ["2022-23", "2023-24"]
    first, seed = (item["statement"] for item in data["statements"])
    assert (first.outturn.income, first.outturn.expenditure) == (Decimal("101000.00"), 0)
    assert (seed.outturn.income, seed.outturn.expenditure) == (
        Decimal("199447.00"),
        Decimal("165278.00"),
    )
    assert [item["source"] for item in data["statements"]] == [
        "/portal/budget/2022-23/",
        "/portal/budget/2023-24/",
    ]
    assert data["chart"] is not None


def test_the_budget_totals_come_from_the_lines(db):
    year = seed_statement(start_year=2025)
    report = report_for()
    LineFactory(year=year, side=Side.INCOME, kind=LineKind.TRAINING_FEES, actual=Decimal("53.50"))

    statement = BUDGET.gather(report)["statements"][0]["statement"]
    html = report_html(report, mode="screen")

    assert statement.outturn.income == Decimal("199500.50")
    assert "£199,500.50" in html and "£165,278" in html


def test_no_budget_says_so(db):
    html = report_html(report_for(), mode="screen")

    assert "No financial year ending in this period is in the portal yet." in html


def test_membership_is_as_on_the_last_day_of_the_period(db):
    board = BodyFactory(name="Safeguarding partnership board", kind=BodyKind.BOARD)
    police = AgencyFactory(name="Thameside Police", kind=AgencyKind.POLICE)
    for job_title, started_on, ended_on in [
        ("Detective superintendent", "2024-04-01", None),
        ("Chief inspector", "2025-01-01", "2026-03-31"),  # ends on the day: still a member
        ("Inspector", "2024-04-01", "2026-03-30"),  # left the day before
        ("Sergeant", "2026-04-01", None),  # joined the day after
    ]:
        MembershipFactory(
            person=PersonFactory(job_title=job_title, agency=police),
            body=board,
            role=MembershipRole.MEMBER,
            started_on=day(started_on),
            ended_on=day(ended_on) if ended_on else None,
        )

    data = MEMBERSHIP.gather(report_for())

    assert data["on"] == END
    [(kind, rows)] = data["groups"]
    assert kind == "Police (statutory partner)"
    assert sorted(row.job_title for row, _ in rows) == [
        "Chief inspector",
        "Detective superintendent",
    ]
    assert {url for _, url in rows} == {f"/portal/bodies/{board.pk}/"}
    assert data["source"] == "/portal/memberships/?on=2026-03-31"


# Provenance, numbering and hiding


@pytest.fixture
def full_report(db):
    """A 2025-26 report with a record behind every generated section."""
    year = seed_statement(start_year=2025)
    priority = PriorityFactory(area="Neglect", period_start=START, period_end=END)
    checklist = accepted_checklist(make_framework(sections=1, questions=2))
    body = BodyFactory(name="Learning and improvement subgroup")
    MembershipFactory(body=body, person=PersonFactory(job_title="Designated nurse"))
    report = report_for()
    intro = report.sections.get(position=1)
    report_services.section_save(section=intro, title=intro.title, body="Our **year**.")
    return {
        "report": report,
        "lines": list(year.lines.all()),
        "priority": priority,
        "checklist": checklist,
        "ratings": list(checklist.ratings.all()),
        "body": body,
    }


@pytest.mark.parametrize("mode", ["screen", "web"])
def test_on_screen_and_on_the_web_every_table_links_to_its_records(full_report, mode):
    html = report_html(full_report["report"], mode=mode)

    assert len(full_report["lines"]) == 17
    for line in full_report["lines"]:
        assert f'href="/portal/budget/2025-26/#line-{line.pk}"' in html
    assert 'href="/portal/budget/2025-26/"' in html
    assert f'href="/portal/priorities/{full_report["priority"].pk}/"' in html
    checklist = full_report["checklist"]
    assert f'href="/portal/scrutiny/assessments/{checklist.pk}/"' in html
    for rating in full_report["ratings"]:
        assert f'href="/portal/scrutiny/assessments/{checklist.pk}/#question-{rating.pk}"' in html
    assert f'href="/portal/bodies/{full_report["body"].pk}/"' in html
    assert 'href="/portal/memberships/?on=2026-03-31"' in html
    assert "Our <strong>year</strong>." in html


def test_the_pdf_has_no_links_into_the_portal(full_report):
    html = report_html(full_report["report"], mode="pdf")

    assert PORTAL_HREF.findall(html) == []
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>Thameside yearly report</title>" in html
    # The figures are there, without their links.
    assert "£199,447" in html and "Designated nurse" in html and "Neglect" in html
    assert "Our <strong>year</strong>." in html


def test_an_unknown_mode_is_refused(full_report):
    with pytest.raises(ValueError, match="mode must be one of screen, web, pdf"):
        report_html(full_report["report"], mode="print")


def test_hidden_sections_are_left_out_and_the_rest_numbered(db):
    report = report_for()
    for title in ["Foreword by the statutory partners", "Evidence of impact",
                  "The partnership’s budget"]:  # fmt: skip
        report_services.section_set_hidden(section=report.sections.get(title=title), hidden=True)
    # A section of a kind no longer installed is left out too, without a gap in the numbers.
    ReportSection.objects.create(report=report, kind="retired", title="Retired", position=9)

    entries = document_sections(report)
    html = report_html(report, mode="screen")

    assert [(entry.number, entry.section.title) for entry in entries] == [
        ("1", "Introduction by the independent chair and scrutineer"),
        ("2", "Our safeguarding arrangements"),
        ("3", "Learning from reviews"),
        ("4", "Learning from reviews: the figures"),
        ("5", "The multi-agency training programme"),
        ("6", "Impact on priority areas"),
        ("7", "Independent scrutiny"),
        ("8", "Looking ahead"),
        ("A", "Membership of the partnership"),
    ]
    assert "Appendix A. Membership of the partnership" in html
    assert "8. Looking ahead" in html
    for left_out in ["Foreword by the statutory partners", "The partnership’s budget", "Training"]:
        assert left_out not in html


def test_an_unwritten_narrative_is_flagged_only_on_screen(db):
    report = report_for()

    assert report_html(report, mode="screen").count("Not written yet") == 6
    assert "Not written yet" not in report_html(report, mode="web")
    assert "Not written yet" not in report_html(report, mode="pdf")


# Queries


def records(*, start_year: int, size: int):
    """A report for April `start_year` to March the year after, with `size` priorities (two
    updates each), checklist lines (each with an action), extra budget lines (each with a
    footnote) and memberships (each on its own body)."""
    start, end = datetime.date(start_year, 4, 1), datetime.date(start_year + 1, 3, 31)
    agencies = partners()
    year = seed_statement(start_year=start_year)
    checklist = rated_checklist(make_framework(sections=2, questions=size), (start, end))
    for n, rating in enumerate(checklist.ratings.all()):
        assessment_services.rating_action_add(
            rating=rating, title=f"Action {start_year} {n}", owner_agency=agencies["council"],
            due_on=end,
        )  # fmt: skip
    accept(checklist)
    for n in range(size):
        contribution(year, agencies["probation"], 100 + n, note=f"Footnote {n}.")
        LineFactory(year=year, description=f"Post {n}", actual=Decimal(1000 + n))
        priority = PriorityFactory(period_start=start, period_end=end, position=n)
        PriorityUpdateFactory.create_batch(2, priority=priority, written_on=start)
        MembershipFactory(
            body=BodyFactory(name=f"Subgroup {start_year} {n}"),
            person=PersonFactory(agency=agencies["nelft"]),
            started_on=start,
        )
    return report_for(start, end, title=f"Report {start_year}")


def test_the_query_count_does_not_grow_with_the_records(db):
    small = records(start_year=2023, size=2)
    large = records(start_year=2025, size=12)
    report_html(small, mode="screen")  # content types and the like are cached after one go

    with CaptureQueriesContext(connection) as few:
        small_html = report_html(small, mode="screen")
    with CaptureQueriesContext(connection) as many:
        large_html = report_html(large, mode="screen")

    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]
    assert large_html.count("govuk-tag--red app-report__rag") > small_html.count(
        "govuk-tag--red app-report__rag"
    )
    assert large_html.count("#line-") == small_html.count("#line-") + 20
