"""Historical attendance from CSV and XLSX (training.services.imports): a good file makes
attended and did-not-attend bookings on past sessions, found or added, and counts their places;
a bad file changes nothing and names the row and column at fault. Then the upload, preview and
confirm pages."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partnership.models import AgencyKind
from training.models import Booking, BookingStatus, Session, SessionStatus
from training.services.imports import attendance_import, attendance_template

from ..factories import PDF_BYTES, AgencyFactory, UserFactory
from ..upload_checks import EXE_BYTES, OVER_1_MB, assert_refused, stored_files
from .factories import CourseFactory, SessionFactory

pytestmark = pytest.mark.django_db

COLUMNS = [
    "course",
    "session_start",
    "session_end",
    "attendee_name",
    "work_email",
    "job_title",
    "agency",
    "line_manager_email",
    "outcome",
]
LAST_YEAR = timezone.localtime() - datetime.timedelta(days=365)
START = LAST_YEAR.replace(hour=9, minute=30, second=0, microsecond=0)
START_TEXT = f"{START:%Y-%m-%d %H:%M}"


@pytest.fixture
def world():
    course = CourseFactory(title="Recognising and responding to neglect")
    school = AgencyFactory(name="Riverside Primary School", kind=AgencyKind.EDUCATION)
    health = AgencyFactory(name="Thameside Community Health", kind=AgencyKind.HEALTH)
    return course, school, health


def row(n, **changes):
    values = {
        "course": "Recognising and responding to neglect",
        "session_start": START_TEXT,
        "session_end": "12:30",
        "attendee_name": f"Person {n}",
        "work_email": f"person{n}@school.example.org",
        "job_title": "Teacher",
        "agency": "Riverside Primary School",
        "line_manager_email": "head@school.example.org",
        "outcome": "attended",
    }
    return {**values, **changes}


def as_csv(rows, headers=COLUMNS):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headers, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def run(content, *, file_format="csv", dry_run=False, by=None):
    return attendance_import(content=content, file_format=file_format, dry_run=dry_run, by=by)


def problems(result):
    return [str(problem) for problem in result.outcome.problems]


# A good file


def test_a_good_file_adds_the_session_and_its_bookings_with_their_places(world):
    course, school, health = world
    by = UserFactory(username="bu")
    someone = UserFactory(username="p1", email="Person1@school.example.org")
    content = as_csv(
        [
            row(1),
            row(2, outcome="Did not attend"),
            row(3, agency="thameside community health", work_email="p3@health.example.org"),
        ]
    )

    result = run(content, by=by)

    assert problems(result) == [] and result.outcome.applied
    assert (result.sessions, len(result.outcome.rows)) == (1, 3)
    session = Session.objects.get(course=course)
    assert (session.starts_at, timezone.localtime(session.ends_at).time()) == (
        START,
        datetime.time(12, 30),
    )
    assert (session.capacity, session.places_held, session.places_left) == (3, 3, 0)
    bookings = list(session.bookings.order_by("attendee_name"))
    assert [(b.attendee_name, b.status, b.agency) for b in bookings] == [
        ("Person 1", BookingStatus.ATTENDED, school),
        ("Person 2", BookingStatus.DID_NOT_ATTEND, school),
        ("Person 3", BookingStatus.ATTENDED, health),
    ]
    first = bookings[0]
    assert (first.user, first.booked_by, first.attendance_marked_by) == (someone, by, by)
    assert first.queued_at == first.confirmed_at == START
    assert first.price == 0 and not first.charges.exists()


def test_rows_on_a_session_the_portal_has_join_its_bookings(world):
    course, school, _ = world
    session = SessionFactory(
        course=course, starts_at=START, ends_at=START + datetime.timedelta(hours=3), capacity=4
    )
    Booking.objects.create(
        session=session, attendee_name="Already here", attendee_email="here@school.example.org",
        job_title="Teacher", agency=school, line_manager_email="head@school.example.org",
        status=BookingStatus.ATTENDED, queued_at=START,
    )  # fmt: skip

    # The end is not needed for a session the portal has.
    result = run(as_csv([row(1, session_end=""), row(2, session_end="")]))

    assert problems(result) == []
    assert Session.objects.count() == 1
    session.refresh_from_db()
    # places_held was 0: the booking above was made outside the booking service; the import
    # counts every session it touches afresh.
    assert (session.capacity, session.places_held) == (4, 3)


def test_an_xlsx_file_with_date_cells_imports_the_same(world):
    book = openpyxl.Workbook()
    book.active.append(COLUMNS)
    naive = START.replace(tzinfo=None)
    for n in (1, 2):
        values = row(n)
        values["session_start"], values["session_end"] = naive, datetime.time(12, 30)
        book.active.append([values[column] for column in COLUMNS])
    out = io.BytesIO()
    book.save(out)

    result = run(out.getvalue(), file_format="xlsx")

    assert problems(result) == []
    session = Session.objects.get()
    assert (session.starts_at, session.places_held) == (START, 2)


def test_a_dry_run_reports_what_would_happen_and_changes_nothing(world):
    result = run(as_csv([row(1), row(2)]), dry_run=True)

    assert problems(result) == [] and not result.outcome.applied
    assert len(result.outcome.rows) == 2
    assert result.added == (f"Recognising and responding to neglect, {START:%-d %B %Y %H:%M}",)
    assert not Session.objects.exists() and not Booking.objects.exists()


def test_the_example_file_has_the_columns_the_import_reads(world):
    example = attendance_template(file_format="csv")
    rows = list(csv.DictReader(io.StringIO(example.content.decode("utf-8-sig"))))

    assert list(rows[0]) == COLUMNS
    assert example.filename == "training-attendance-example.csv"
    # Once its course and agencies are in the portal, the example imports as it stands.
    AgencyFactory(name="Thameside Community Health")
    assert problems(run(example.content)) == []
    assert attendance_template(file_format="xlsx").filename.endswith(".xlsx")


# A bad file


def test_a_bad_file_names_each_row_and_column_and_changes_nothing(world):
    course, _, _ = world
    before = SessionFactory(
        course=course, starts_at=START, ends_at=START + datetime.timedelta(hours=3), capacity=9
    )
    soon = timezone.localtime() + datetime.timedelta(days=3)
    content = as_csv(
        [
            row(1),
            row(2, course="Knitting for beginners"),
            row(3, session_start="next Tuesday"),
            row(4, agency="Hogwarts"),
            row(5, outcome="maybe"),
            row(6, work_email="not-an-email"),
            row(7, session_start=f"{soon:%Y-%m-%d %H:%M}"),
            row(8, attendee_name=""),
            row(1, attendee_name="Person 1 again"),
        ]
    )

    result = run(content)

    assert problems(result) == [
        "Row 3, column course: There is no course called “Knitting for beginners”",
        "Row 4, column session_start: “next Tuesday” is not a date and time. Enter it like "
        "2024-03-05 09:30 or 05/03/2024 09:30",
        "Row 5, column agency: There is no agency called “Hogwarts”",
        "Row 6, column outcome: “maybe” is not an outcome. Use attended or did not attend",
        "Row 7, column work_email: “not-an-email” is not a work email address. Enter it like "
        "name@example.org",
        f"Row 8, column session_start: Recognising and responding to neglect, "
        f"{soon:%-d %B %Y %H:%M} has not happened yet. Only past sessions can be imported",
        "Row 9, column attendee_name: Enter the attendee’s full name",
        "Row 10, column work_email: This person is also on row 2 for the same session",
    ]
    assert not result.outcome.applied
    assert not Booking.objects.exists()
    assert list(Session.objects.all()) == [before]
    before.refresh_from_db()
    assert before.places_held == 0


def test_a_session_the_portal_lacks_needs_its_end(world):
    result = run(as_csv([row(1, session_end="")]))

    assert problems(result) == [
        f"Row 2, column session_end: The portal has no session of “Recognising and responding "
        f"to neglect” starting {START:%-d %B %Y at %H:%M}. Enter the time it ended, like 12:30, "
        "so it can be added, or check the start"
    ]
    assert not Session.objects.exists()


def test_a_full_session_is_not_overfilled(world):
    course, school, _ = world
    SessionFactory(
        course=course, starts_at=START, ends_at=START + datetime.timedelta(hours=3), capacity=1
    )

    result = run(as_csv([row(1), row(2)]))

    assert problems(result) == [
        f"Row 3, column session_start: Recognising and responding to neglect, "
        f"{START:%-d %B %Y %H:%M} has 1 places, all held: this row would be one too many. "
        "Raise the session’s capacity first"
    ]
    assert not Booking.objects.exists()


def test_a_cancelled_session_or_someone_already_booked_is_refused(world):
    course, school, _ = world
    cancelled_at = START - datetime.timedelta(days=7)
    SessionFactory(
        course=course, starts_at=cancelled_at, ends_at=cancelled_at + datetime.timedelta(hours=2),
        status=SessionStatus.CANCELLED,
    )  # fmt: skip
    session = SessionFactory(
        course=course, starts_at=START, ends_at=START + datetime.timedelta(hours=3)
    )
    Booking.objects.create(
        session=session, attendee_name="Person 1", attendee_email="PERSON1@school.example.org",
        job_title="Teacher", agency=school, line_manager_email="head@school.example.org",
        status=BookingStatus.ATTENDED, queued_at=START,
    )  # fmt: skip

    result = run(as_csv([row(1), row(2, session_start=f"{cancelled_at:%d/%m/%Y %H:%M}")]))

    assert problems(result) == [
        "Row 2, column work_email: This person already has a booking on Recognising and "
        f"responding to neglect, {START:%-d %B %Y %H:%M}",
        f"Row 3, column session_start: Recognising and responding to neglect, "
        f"{cancelled_at:%-d %B %Y %H:%M} was cancelled: nobody attended it",
    ]


def test_a_missing_column_is_named_in_the_header_row(world):
    result = run(as_csv([row(1)], headers=[c for c in COLUMNS if c != "outcome"]))

    assert problems(result) == ["Row 1, column outcome: Add this column to the header row"]


# The pages


@pytest.fixture
def signed_in(client, business_unit):
    client.force_login(business_unit)
    return client


def upload(client, content, name="attendance.csv"):
    return client.post(
        "/portal/training/import/", {"file": SimpleUploadedFile(name, content, "text/csv")}
    )


def test_upload_preview_and_confirm_import_the_file(signed_in, world, business_unit):
    response = upload(signed_in, as_csv([row(1), row(2)]))
    assert response["Location"] == "/portal/training/import/preview/"

    preview = signed_in.get("/portal/training/import/preview/").content.decode()
    assert "Check the attendance import" in preview
    assert "2 bookings on 1 past session" in preview
    assert "the import adds it" in preview
    assert not Booking.objects.exists()

    confirmed = signed_in.post("/portal/training/import/preview/")

    assert confirmed["Location"] == "/portal/training/sessions/?when=past"
    assert Booking.objects.filter(booked_by=business_unit).count() == 2
    # The file is gone once imported.
    assert "No file to import" in signed_in.get("/portal/training/import/preview/").content.decode()


def test_the_preview_of_a_bad_file_lists_the_problems(signed_in, world):
    upload(signed_in, as_csv([row(1, agency="Hogwarts")]))

    response = signed_in.get("/portal/training/import/preview/")
    page = response.content.decode()

    assert "<title>Error: " in page
    assert "Row 2, column agency: There is no agency called “Hogwarts”" in page
    assert "Confirm import" not in page
    signed_in.post("/portal/training/import/preview/")
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("attendance.xlsx", b"\x00\x01 not a spreadsheet", "The selected file must be a CSV or XLSX"),
        ("attendance.csv", EXE_BYTES, "The selected file must be a CSV or XLSX"),
        ("attendance.pdf", PDF_BYTES, "The selected file must be a CSV or XLSX"),
        ("attendance.csv", b"x" * OVER_1_MB, "The selected file must be smaller than 1 MB"),
    ],
    ids=["not a workbook", "executable named csv", "pdf", "too big"],
)  # fmt: skip
def test_a_file_that_is_not_a_spreadsheet_is_refused_and_nothing_is_kept(
    signed_in, settings, name, content, message
):
    settings.IMPORT_MAX_MB = 1

    response = upload(signed_in, content, name=name)

    assert_refused(response, message)
    assert "pending_training_attendance_import" not in signed_in.session
    assert not Session.objects.exists()
    assert stored_files(settings) == []


def test_the_example_file_downloads(signed_in):
    response = signed_in.get("/portal/training/import/example/?format=xlsx")

    assert response.status_code == 200
    assert "training-attendance-example.xlsx" in response["Content-Disposition"]
