"""The import pages: upload, preview (a dry run), confirm; and the record downloads."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from partnership.models import Agency, AgencyKind

from ..factories import AgencyFactory, PersonFactory, office_file
from ..upload_checks import (
    EXE_BYTES,
    OVER_1_MB,
    PNG_BYTES,
    XLSX_MAIN_PART,
    assert_refused,
    stored_files,
)

pytestmark = pytest.mark.django_db

GOOD_AGENCIES = b"name,kind\nThameside College,School or college\nCafcass,cafcass\n"
BAD_AGENCIES = b"name,kind\nThameside College,education\nThe Club,club\n"


def upload(client, what, content, name="agencies.csv"):
    return client.post(
        reverse("portal:import"), {"what": what, "file": SimpleUploadedFile(name, content)}
    )


@pytest.fixture
def signed_in(client, business_unit):
    client.force_login(business_unit)
    return client


def test_an_upload_leads_to_a_preview_that_changes_nothing(signed_in):
    response = upload(signed_in, "agencies", GOOD_AGENCIES)

    assert response["Location"] == reverse("portal:import_preview")
    preview = signed_in.get(reverse("portal:import_preview"))
    page = preview.content.decode()
    assert "add 2 and update 0 agencies" in page
    assert "Thameside College" in page
    assert "Confirm import" in page
    assert not Agency.objects.filter(name__in=["Thameside College", "Cafcass"]).exists()


def test_confirming_imports_the_file_and_forgets_it(signed_in):
    upload(signed_in, "agencies", GOOD_AGENCIES)
    signed_in.get(reverse("portal:import_preview"))

    response = signed_in.post(reverse("portal:import_preview"))

    assert response["Location"] == reverse("portal:agencies")
    assert Agency.objects.get(name="Thameside College").kind == AgencyKind.EDUCATION
    assert Agency.objects.get(name="Cafcass").kind == AgencyKind.CAFCASS
    again = signed_in.get(reverse("portal:import_preview"))
    assert "No file to import" in again.content.decode()


def test_a_bad_file_shows_each_problem_by_row_and_column_and_cannot_be_confirmed(signed_in):
    before = Agency.objects.count()
    upload(signed_in, "agencies", BAD_AGENCIES)

    preview = signed_in.get(reverse("portal:import_preview"))
    page = preview.content.decode()

    assert "<title>Error: " in page
    assert "Row 3, column kind: “club” is not a kind of agency" in page
    assert "Nothing has been imported" in page
    assert "Confirm import" not in page

    # Posting the confirmation anyway imports nothing either.
    signed_in.post(reverse("portal:import_preview"))
    assert Agency.objects.count() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("agencies.txt", GOOD_AGENCIES, "The selected file must be a CSV or XLSX"),
        ("agencies.csv", PNG_BYTES, "The selected file must be a CSV or XLSX"),
        ("agencies.xlsx", EXE_BYTES, "The selected file must be a CSV or XLSX"),
        ("agencies.csv", b"", "The selected file is empty"),
        (
            "agencies.csv",
            GOOD_AGENCIES + b"x" * OVER_1_MB,
            "The selected file must be smaller than 1 MB",
        ),
    ],
    ids=["wrong extension", "image named csv", "executable named xlsx", "empty", "too big"],
)
def test_a_bad_file_is_refused_and_nothing_is_kept(signed_in, settings, name, content, message):
    settings.IMPORT_MAX_MB = 1

    response = upload(signed_in, "agencies", content, name=name)

    assert_refused(response, message)
    assert "pending_import" not in signed_in.session
    assert stored_files(settings) == []


def test_a_workbook_that_cannot_be_read_is_refused_at_upload(signed_in):
    broken = office_file(XLSX_MAIN_PART, part_name="/xl/workbook.xml")

    response = upload(signed_in, "people", broken, name="people.xlsx")

    assert response.context["form"].errors == {
        "file": ["The file could not be read as Excel (XLSX)"]
    }
    assert "pending_import" not in signed_in.session


def test_an_upload_is_kept_for_its_uploader_only(signed_in, business_unit):
    upload(signed_in, "agencies", GOOD_AGENCIES)

    colleague = Client()
    colleague.force_login(business_unit)  # a second session, even for the same account
    page = colleague.get(reverse("portal:import_preview")).content.decode()

    assert "No file to import" in page


def test_only_the_business_unit_may_import(client, scrutineer):
    client.force_login(scrutineer)

    response = upload(client, "agencies", GOOD_AGENCIES)

    assert response.status_code == 403
    assert not Agency.objects.filter(name="Cafcass").exists()


def test_people_download_as_csv_with_formulas_made_text(signed_in):
    police = AgencyFactory(name="Metropolitan Police", kind=AgencyKind.POLICE)
    PersonFactory(full_name="Ann Lee", job_title='=HYPERLINK("http://x.example")', agency=police)

    response = signed_in.get(reverse("portal:export"), {"what": "people", "format": "csv"})

    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][:2] == ["Ann Lee", '\'=HYPERLINK("http://x.example")']


def test_an_unknown_download_is_not_found(signed_in):
    response = signed_in.get(reverse("portal:export"), {"what": "users"})

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("path", "resource_title"),
    [
        ("/admin/partnership/person/import/", "Import"),
        ("/admin/partnership/membership/export/", "Export"),
    ],
)
def test_the_admin_offers_import_and_export_of_people_and_memberships(
    signed_in, path, resource_title
):
    response = signed_in.get(path)

    assert response.status_code == 200
    assert resource_title in response.content.decode()
