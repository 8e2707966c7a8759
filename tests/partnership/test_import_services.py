"""Importing agencies, people and memberships from CSV and XLSX: all or nothing, and every
problem named by row and column (the header being row 1, as a spreadsheet shows it)."""

import csv
import datetime
import io

import openpyxl
import pytest
import tablib

from partnership import services
from partnership.models import Agency, AgencyKind, Membership, MembershipRole, Person

from ..factories import AgencyFactory, BodyFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def csv_file(*rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_file(*rows) -> bytes:
    dataset = tablib.Dataset(headers=rows[0])
    for row in rows[1:]:
        dataset.append(row)
    return dataset.export("xlsx")


def counts():
    return (Agency.objects.count(), Person.objects.count(), Membership.objects.count())


def run(what, content, *, file_format="csv", dry_run=False):
    return services.spreadsheet_import(
        what=what, content=content, file_format=file_format, dry_run=dry_run
    )


@pytest.fixture
def police():
    return AgencyFactory(name="Metropolitan Police", kind=AgencyKind.POLICE)


# Files that change nothing


def test_a_missing_column_is_named_on_the_header_row_and_nothing_is_imported(police):
    before = counts()

    outcome = run(
        "people",
        csv_file(["full_name", "job_title", "agency"], ["Ann Lee", "DCI", "Metropolitan Police"]),
    )

    assert [str(p) for p in outcome.problems] == [
        "Row 1, column email: Add this column to the header row"
    ]
    assert not outcome.applied
    assert counts() == before


def test_a_bad_agency_kind_names_the_row_and_the_kind_column_and_nothing_is_imported():
    before = counts()

    outcome = run(
        "agencies",
        csv_file(["name", "kind"], ["Thameside Council", "local_authority"], ["The Club", "club"]),
    )

    assert len(outcome.problems) == 1
    assert str(outcome.problems[0]).startswith("Row 3, column kind: “club” is not a kind of agency")
    assert counts() == before
    assert not Agency.objects.filter(name="Thameside Council").exists()


def test_a_duplicate_email_within_the_file_names_both_rows_and_nothing_is_imported(police):
    before = counts()

    outcome = run(
        "people",
        csv_file(
            ["full_name", "job_title", "email", "agency"],
            ["Ann Lee", "DCI", "ann@police.example", "Metropolitan Police"],
            ["Ann Leigh", "DI", "ANN@police.example", "Metropolitan Police"],
        ),
    )

    assert [str(p) for p in outcome.problems] == [
        "Row 3, column email: This email address is also on row 2"
    ]
    assert counts() == before


def test_an_email_an_existing_person_has_is_refused_and_nothing_is_imported(police):
    PersonFactory(email="ann@police.example", agency=police)
    before = counts()

    outcome = run(
        "people",
        csv_file(
            ["full_name", "job_title", "email", "agency"],
            ["Bo Chan", "DS", "bo@police.example", "Metropolitan Police"],
            ["Ann Lee", "DCI", "ann@police.example", "Metropolitan Police"],
        ),
    )

    assert [str(p) for p in outcome.problems] == [
        "Row 3, column email: Another person already has this email address"
    ]
    assert counts() == before


def test_an_unknown_agency_names_the_row_and_the_agency_column_and_nothing_is_imported(police):
    before = counts()

    outcome = run(
        "people",
        csv_file(
            ["full_name", "job_title", "email", "agency"],
            ["Ann Lee", "DCI", "ann@police.example", "Metropolitan Police"],
            ["Bo Chan", "Nurse", "bo@nhs.example", "St Elsewhere"],
        ),
    )

    assert [str(p) for p in outcome.problems] == [
        "Row 3, column agency: There is no active agency called “St Elsewhere”"
    ]
    assert counts() == before


def test_text_in_a_date_column_names_the_row_and_the_column_and_nothing_is_imported(police):
    PersonFactory(email="ann@police.example", agency=police)
    BodyFactory(name="Partnership board")
    before = counts()

    outcome = run(
        "memberships",
        csv_file(
            ["person_email", "body", "role", "started_on", "ended_on"],
            ["ann@police.example", "Partnership board", "Member", "2025-04-01", ""],
            ["ann@police.example", "Partnership board", "Co-chair", "next Tuesday", ""],
        ),
    )

    assert [str(p) for p in outcome.problems] == [
        "Row 3, column started_on: “next Tuesday” is not a date. "
        "Enter a date like 2026-03-05 or 05/03/2026"
    ]
    assert counts() == before


def test_every_problem_in_the_file_is_reported_not_just_the_first(police):
    outcome = run(
        "people",
        csv_file(
            ["full_name", "job_title", "email", "agency"],
            ["", "DCI", "not-an-email", "Metropolitan Police"],
            ["Bo Chan", "DS", "bo@police.example", "Nowhere"],
        ),
    )

    assert sorted(str(p) for p in outcome.problems) == [
        "Row 2, column email: Enter a valid email address.",
        "Row 2, column full_name: Enter the person’s full name",
        "Row 3, column agency: There is no active agency called “Nowhere”",
    ]


def test_an_end_date_before_the_start_is_an_error_on_the_end_date(police):
    PersonFactory(email="ann@police.example", agency=police)
    BodyFactory(name="Partnership board")

    outcome = run(
        "memberships",
        csv_file(
            ["person_email", "body", "role", "started_on", "ended_on"],
            ["ann@police.example", "Partnership board", "Member", "01/04/2025", "31/03/2025"],
        ),
    )

    assert [str(p) for p in outcome.problems] == [
        "Row 2, column ended_on: The end date must be the same as or after the start date"
    ]
    assert Membership.objects.count() == 0


def test_row_numbers_skip_blank_rows_as_the_spreadsheet_does():
    outcome = run("agencies", csv_file(["name", "kind"], ["A", "police"], ["", ""], ["B", "nope"]))

    assert [p.row for p in outcome.problems] == [4]


def test_a_file_that_is_not_a_spreadsheet_is_refused_before_anything_runs():
    with pytest.raises(services.ImportFileError):
        run("agencies", b"PK\x03\x04 not really a zip", file_format="xlsx")


# Files that import


def test_a_good_csv_of_agencies_adds_new_ones_and_updates_known_ones():
    AgencyFactory(name="Cafcass", kind=AgencyKind.OTHER)

    outcome = run(
        "agencies",
        csv_file(
            ["Name", "Kind"],  # headers as people type them
            ["cafcass", "Cafcass"],
            ["Thameside Council", "Local authority (statutory partner)"],
        ),
    )

    assert outcome.problems == []
    assert outcome.applied
    assert (outcome.created, outcome.updated) == (1, 1)
    assert Agency.objects.get(name="Cafcass").kind == AgencyKind.CAFCASS
    assert Agency.objects.get(name="Thameside Council").kind == AgencyKind.LOCAL_AUTHORITY


def test_a_dry_run_reports_the_changes_and_saves_nothing():
    outcome = run("agencies", csv_file(["name", "kind"], ["Cafcass", "cafcass"]), dry_run=True)

    assert [(row.row, row.is_new, row.values) for row in outcome.rows] == [
        (2, True, ("Cafcass", "cafcass"))
    ]
    assert not outcome.applied
    assert not Agency.objects.exists()


def test_a_good_xlsx_of_people_imports_them_into_their_agencies(police):
    outcome = run(
        "people",
        xlsx_file(
            ["full_name", "job_title", "email", "agency"],
            ["Ann Lee", "Detective chief inspector", "ann@police.example", "metropolitan police"],
            ["Bo Chan", "", "bo@police.example", "Metropolitan Police"],
        ),
        file_format="xlsx",
    )

    assert outcome.problems == []
    assert outcome.created == 2
    ann = Person.objects.get(email="ann@police.example")
    assert (ann.full_name, ann.job_title, ann.agency) == (
        "Ann Lee",
        "Detective chief inspector",
        police,
    )


def test_a_good_xlsx_of_memberships_reads_date_cells_and_roles_by_label(police):
    ann = PersonFactory(email="ann@police.example", agency=police)
    board = BodyFactory(name="Partnership board")

    outcome = run(
        "memberships",
        xlsx_file(
            ["person_email", "body", "role", "started_on", "ended_on"],
            [
                "ANN@police.example",
                "partnership board",
                "Delegated safeguarding partner",
                datetime.datetime(2025, 4, 1),
                None,
            ],
        ),
        file_format="xlsx",
    )

    assert outcome.problems == []
    membership = Membership.objects.get()
    assert (membership.person, membership.body, membership.role) == (
        ann,
        board,
        MembershipRole.DELEGATED_SAFEGUARDING_PARTNER,
    )
    assert (membership.started_on, membership.ended_on) == (datetime.date(2025, 4, 1), None)


def test_a_membership_row_for_the_same_person_body_and_start_updates_it(police):
    membership = MembershipFactory(
        person=PersonFactory(email="ann@police.example", agency=police),
        body=BodyFactory(name="Partnership board"),
        started_on=datetime.date(2025, 4, 1),
    )

    outcome = run(
        "memberships",
        csv_file(
            ["person_email", "body", "role", "started_on", "ended_on"],
            ["ann@police.example", "Partnership board", "member", "2025-04-01", "2026-03-31"],
        ),
    )

    assert (outcome.created, outcome.updated) == (0, 1)
    membership.refresh_from_db()
    assert membership.ended_on == datetime.date(2026, 3, 31)
    assert Membership.objects.count() == 1


def test_an_export_imports_back_unchanged(police):
    MembershipFactory(
        person=PersonFactory(email="ann@police.example", agency=police),
        body=BodyFactory(name="Partnership board"),
        role=MembershipRole.CO_CHAIR,
    )
    exported = services.records_export(what="memberships", file_format="xlsx").content

    outcome = run("memberships", exported, file_format="xlsx")

    assert outcome.problems == []
    assert (outcome.created, outcome.updated) == (0, 1)
    assert Membership.objects.get().role == MembershipRole.CO_CHAIR


# Exports a spreadsheet cannot run as formulas


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()], sheet


DANGEROUS = ['=HYPERLINK("http://evil.example","Click")', "+1+2", "-3+4", "@SUM(A1)"]


@pytest.mark.parametrize("library_escaping", [True, False])
def test_a_people_csv_export_turns_formulas_into_text(settings, police, library_escaping):
    settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = library_escaping
    for n, title in enumerate(DANGEROUS):
        PersonFactory(full_name=f"Person {n}", job_title=title, agency=police)

    rows = read_csv(services.records_export(what="people", file_format="csv").content)

    assert rows[0] == ["full_name", "job_title", "email", "agency"]
    assert [row[1] for row in rows[1:]] == ["'" + title for title in DANGEROUS]


@pytest.mark.parametrize("library_escaping", [True, False])
def test_a_people_xlsx_export_holds_no_formula_cells(settings, police, library_escaping):
    settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = library_escaping
    PersonFactory(job_title=DANGEROUS[0], agency=police)

    rows, sheet = read_xlsx(services.records_export(what="people", file_format="xlsx").content)

    assert rows[1][1] == "'" + DANGEROUS[0]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_membership_appendix_download_turns_formulas_into_text(police):
    MembershipFactory(person=PersonFactory(job_title="=1+1", agency=police))

    content = services.membership_appendix_export(
        on=datetime.date(2025, 1, 1), file_format="csv"
    ).content

    assert read_csv(content)[1][:3] == [
        "Police (statutory partner)",
        "'=1+1",
        "Metropolitan Police",
    ]
