"""The yearly report's training section: where it sits in a new report, what it gathers for
the academic years that end in the report's period (through training's own statistics
function), how it reads on screen with links to its records and in the PDF without them, and
a query count that does not grow with the bookings."""

import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from partnership.models import AgencyKind
from scrutiny.report.document import document_sections, report_html
from scrutiny.report.pdf import report_pdf
from scrutiny.report.sections import DEFAULT_ORDER, TRAINING, kind_of
from scrutiny.services import reports as report_services
from training.models import BookingStatus, Evaluation, ImpactResponse, Respondent

from ..factories import AgencyFactory
from ..training.factories import BookingFactory, CourseFactory, SessionFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# The seed report's period: it presented the 2022-23 programme against 2021-22.
START, END = datetime.date(2022, 10, 1), datetime.date(2024, 3, 31)


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def session_on(day: str, title: str):
    starts = datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(9, 30), tzinfo=LONDON
    )
    return SessionFactory(
        course=CourseFactory(title=title),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        capacity=30,
    )


def programme(size: int = 1) -> None:
    """2022-23: per `size`, four attended (three of them evaluated, one saying the course
    did not meet its objectives) and one no-show on a neglect course; 2021-22: three bookings
    per `size`; one quotable impact response."""
    school = AgencyFactory(name="Riverside Primary School", kind=AgencyKind.EDUCATION)
    for n in range(size):
        session = session_on(f"2023-0{n % 6 + 1}-1{n % 9}", f"Recognising neglect {n}")
        attended = [
            BookingFactory(session=session, status=BookingStatus.ATTENDED, agency=school)
            for _ in range(4)
        ]
        BookingFactory(session=session, status=BookingStatus.DID_NOT_ATTEND, agency=school)
        for k, booking in enumerate(attended[:3]):
            Evaluation.objects.create(
                booking=booking, objectives_met=k > 0, equipped=True, would_recommend=True
            )
        ImpactResponse.objects.create(
            booking=attended[0],
            respondent=Respondent.ATTENDEE,
            practice_change=f"I record who lives in the home now ({n}).",
            may_quote=True,
        )
        earlier = session_on(f"2022-0{n % 6 + 1}-1{n % 9}", f"Child exploitation {n}")
        for _ in range(3):
            BookingFactory(session=earlier, status=BookingStatus.ATTENDED)


def report(start=START, end=END):
    return report_services.report_create(
        title="Thameside yearly report", period_start=start, period_end=end
    )


def training_entry(built):
    return next(entry for entry in document_sections(built) if entry.section.kind == "training")


def test_a_new_report_has_the_training_section_after_the_evidence_of_impact():
    assert DEFAULT_ORDER.index(TRAINING) == DEFAULT_ORDER.index("Evidence of impact") + 1
    assert kind_of("training") is TRAINING

    titles = list(report().sections.order_by("position").values_list("title", flat=True))

    assert titles[titles.index("Evidence of impact") + 1] == TRAINING.title


def test_it_gathers_the_academic_years_that_end_in_the_period_from_the_records():
    programme()

    data = training_entry(report()).data

    assert [item["year"].name for item in data["years"]] == ["2022-23"]
    figures = data["years"][0]["figures"]
    assert (figures.bookings, figures.bookings_before) == (5, 3)
    assert (figures.attended, figures.did_not_attend) == (4, 1)
    assert (figures.objectives_met, figures.equipped, figures.would_recommend) == (67, 100, 100)
    assert data["years"][0]["source"] == "/portal/training/statistics/?year=2022"


def test_on_screen_it_reads_as_the_programme_reports_and_links_to_the_statistics():
    programme()

    html = report_html(report(), mode="screen")

    text = words(html)
    assert "The programme in 2022-23" in text
    assert "Bookings rose from 3 in 2021-22 to 5." in text
    assert (
        "From 3 evaluations, 67% of respondents felt they had met the learning objectives, "
        "100% felt the training had equipped them for their work, and 100% would recommend "
        "it to a colleague." in text
    )
    assert "Recognising neglect 0 (level 2) 1 5 4 1" in text
    assert "School or college 5 4 1" in text
    assert "“I record who lives in the home now (0).” Attendee, Recognising neglect 0" in text
    assert 'href="/portal/training/statistics/?year=2022"' in html


def test_a_period_in_which_no_academic_year_ends_says_so():
    programme()

    text = words(
        report_html(report(datetime.date(2022, 10, 1), datetime.date(2023, 3, 31)), mode="screen")
    )

    assert "No academic year of the training programme (September to August) ends" in text


def test_a_year_without_sessions_or_bookings_says_so_instead_of_a_table_of_noughts():
    text = words(report_html(report(), mode="screen"))

    assert "The programme in 2022-23" in text
    assert "No sessions or bookings of the programme are recorded for 2022-23" in text
    assert "at a glance" not in text


def test_the_report_still_renders_to_pdf_with_the_training_figures_and_no_links():
    programme()
    built = report()

    html = report_html(built, mode="pdf")
    content = report_pdf(built).content

    assert "/portal/training/statistics/" not in html
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]
    training_pages = [page for page in pages if "The programme in 2022-23" in page]
    assert training_pages
    assert "Bookings rose from 3 in 2021-22 to 5." in training_pages[0]


def test_the_section_takes_the_same_queries_however_many_bookings():
    programme(1)
    small = report()
    training_entry(small)

    with CaptureQueriesContext(connection) as few:
        training_entry(small)
    programme(8)
    with CaptureQueriesContext(connection) as many:
        entry = training_entry(small)

    assert len(many) == len(few)
    assert entry.data["years"][0]["figures"].bookings == 5 * 9
