"""The one upload check (partnership.uploads): each kind is known by its own bytes, not by the
type the browser declares; the limits come from the settings; a huge upload is cut short
before it is spooled; a form too large to read gets a clear page; and nothing in MEDIA_ROOT
has an address of its own. Each upload form's own refusals are tested beside its view."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse
from import_export.admin import ImportExportModelAdmin

from partnership import services
from partnership.models import (
    Agency,
    Meeting,
    MeetingPaper,
    Publication,
    PublicationKind,
    Role,
)
from partnership.uploads import (
    CSV,
    DOCX,
    IMPORT_LIMIT,
    ODT,
    PDF,
    PPTX,
    XLSX,
    YAML,
    UploadField,
    check_upload,
)

from ..config.test_settings import run
from ..factories import (
    DOCX_BYTES,
    PDF_BYTES,
    BodyFactory,
    PublicationFactory,
    UserFactory,
    office_file,
    pdf,
)
from ..upload_checks import (
    EXE_BYTES,
    ODT_BYTES,
    OVER_1_MB,
    PNG_BYTES,
    XLSX_MAIN_PART,
    stored_files,
)

MB = 1024 * 1024
XLSX_BYTES = office_file(XLSX_MAIN_PART, part_name="/xl/workbook.xml")
PPTX_BYTES = office_file(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    part_name="/ppt/presentation.xml",
)
DOCUMENTS = (PDF, DOCX, XLSX, PPTX, ODT)


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def zipped(**members) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in members.items():
            archive.writestr(name.replace("__", "."), text)
    return out.getvalue()


def refusal(file, kinds=DOCUMENTS, setting="UPLOAD_MAX_MB") -> str:
    with pytest.raises(ValidationError) as raised:
        check_upload(file, kinds=kinds, setting=setting)
    return raised.value.messages[0]


# What is accepted


@pytest.mark.parametrize(
    ("name", "content", "kinds", "kind"),
    [
        ("report.pdf", PDF_BYTES, DOCUMENTS, PDF),
        ("REPORT.PDF", PDF_BYTES, DOCUMENTS, PDF),
        ("briefing.docx", DOCX_BYTES, DOCUMENTS, DOCX),
        ("figures.xlsx", XLSX_BYTES, DOCUMENTS, XLSX),
        ("slides.pptx", PPTX_BYTES, DOCUMENTS, PPTX),
        ("minutes.odt", ODT_BYTES, DOCUMENTS, ODT),
        ("people.csv", "name,agency\nSiân Jones,Police\n".encode(), (CSV, XLSX), CSV),
        ("people.csv", "name\nRenée’s team\n".encode("cp1252"), (CSV, XLSX), CSV),
        ("neglect.yml", "name: Neglect – the toolkit\n".encode(), (YAML, XLSX), YAML),
    ],
    ids=["pdf", "capital extension", "docx", "xlsx", "pptx", "odt", "csv utf-8",
         "csv windows-1252", "yaml"],
)  # fmt: skip
def test_a_genuine_file_of_an_allowed_kind_is_accepted(name, content, kinds, kind, settings):
    file = upload(name, content)

    assert check_upload(file, kinds=kinds, setting="UPLOAD_MAX_MB") == kind
    assert file.read() == content, "the next reader starts at the beginning"


def test_the_type_the_browser_declares_is_ignored_both_ways(settings):
    html_said_the_browser = upload("report.pdf", PDF_BYTES, "text/html")

    assert check_upload(html_said_the_browser, kinds=DOCUMENTS, setting="UPLOAD_MAX_MB") == PDF
    assert refusal(upload("report.pdf", EXE_BYTES, "application/pdf")) == (
        "The selected file must be a PDF, DOCX, XLSX, PPTX or ODT"
    )


# What is refused, and the message


WRONG_DOCUMENT = "The selected file must be a PDF, DOCX, XLSX, PPTX or ODT"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", EXE_BYTES),
        ("photo.png", PNG_BYTES),
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("report", PDF_BYTES),
        ("report.pdf", EXE_BYTES),
        ("report.pdf", PNG_BYTES),
        ("report.pdf", b" %PDF-1.7 but not at the start"),
        ("briefing.docx", b"PK\x03\x04 a truncated archive"),
        ("briefing.docx", zipped(word__document__xml="<document/>")),
        ("briefing.docx", XLSX_BYTES),
        ("briefing.docx", office_file("application/vnd.ms-word.document.macroEnabled.main+xml")),
        ("figures.xlsx", DOCX_BYTES),
        ("slides.pptx", DOCX_BYTES),
        ("minutes.odt", zipped(mimetype="application/vnd.oasis.opendocument.spreadsheet")),
        ("minutes.odt", DOCX_BYTES),
    ],
    ids=["executable", "image", "html", "no extension", "executable named pdf",
         "image named pdf", "pdf marker not first", "broken zip", "zip without content types",
         "spreadsheet named docx", "macro-enabled named docx", "word named xlsx",
         "word named pptx", "spreadsheet named odt", "word named odt"],
)  # fmt: skip
def test_a_file_that_is_not_what_its_kind_must_be_is_refused(name, content, settings):
    assert refusal(upload(name, content)) == WRONG_DOCUMENT


@pytest.mark.parametrize(
    ("name", "content"),
    [("people.csv", PNG_BYTES), ("people.csv", EXE_BYTES), ("people.csv", "a,b\n".encode("utf-16"))],
    ids=["image", "executable", "utf-16"],
)  # fmt: skip
def test_a_binary_file_named_csv_is_refused(name, content, settings):
    assert refusal(upload(name, content), kinds=(CSV, XLSX)) == (
        "The selected file must be a CSV or XLSX"
    )


def test_yaml_must_be_utf_8(settings):
    latin_1 = upload("neglect.yaml", "name: café\n".encode("latin-1"))

    assert refusal(latin_1, kinds=(YAML, XLSX)) == "The selected file must be saved as UTF-8 text"


def test_an_empty_file_is_refused(settings):
    assert refusal(upload("report.pdf", b"")) == "The selected file is empty"


def test_the_limit_is_read_from_the_setting_when_the_file_is_checked(settings):
    settings.UPLOAD_MAX_MB = 1
    settings.IMPORT_MAX_MB = 2
    just_fits = b"%PDF-" + b"0" * (MB - 5)

    assert check_upload(upload("a.pdf", just_fits), kinds=DOCUMENTS, setting="UPLOAD_MAX_MB")
    assert refusal(upload("a.pdf", just_fits + b"0")) == (
        "The selected file must be smaller than 1 MB"
    )
    assert check_upload(upload("a.csv", b"x" * OVER_1_MB), kinds=(CSV,), setting=IMPORT_LIMIT)


def test_the_hint_names_the_kinds_and_follows_the_limit(settings):
    field = UploadField(kinds=(CSV, XLSX), setting=IMPORT_LIMIT, help_text="One row a person.")
    settings.IMPORT_MAX_MB = 3

    assert str(field.help_text) == "A CSV or Excel (XLSX) file, up to 3 MB. One row a person."


@pytest.mark.parametrize("value", ["0", "-5"])
def test_a_limit_below_1_mb_stops_start_up(value):
    result = run(["manage.py", "check"], UPLOAD_MAX_MB=value)

    assert result.returncode != 0
    assert "UPLOAD_MAX_MB and IMPORT_MAX_MB must be 1 or more" in result.stderr


# A huge upload


def test_a_file_far_over_every_limit_is_cut_short_before_it_is_spooled(settings):
    settings.UPLOAD_MAX_MB = 1
    settings.IMPORT_MAX_MB = 1
    huge = upload("huge.pdf", b"%PDF-" + b"0" * (5 * MB))

    request = RequestFactory().post("/", {"file": huge})

    kept = request.FILES["file"].size
    assert MB < kept <= MB + 64 * 1024, "just past the limit, so the form refuses it by size"


def test_a_file_within_the_limits_is_kept_whole(settings):
    request = RequestFactory().post("/", {"file": upload("report.pdf", PDF_BYTES)})

    assert request.FILES["file"].read() == PDF_BYTES


def test_a_file_cut_short_is_still_refused_by_its_size(client, business_unit, settings):
    settings.UPLOAD_MAX_MB = 1
    settings.IMPORT_MAX_MB = 1
    client.force_login(business_unit)
    huge = pdf("huge.pdf", b"%PDF-" + b"0" * (5 * MB))

    response = client.post(
        reverse("portal:publication_create"),
        {"kind": PublicationKind.NEWSLETTER, "title": "Spring", "file": huge},
    )

    assert "The selected file must be smaller than 1 MB" in response.content.decode()
    assert not Publication.objects.exists()
    assert stored_files(settings) == []


# A form too large to read


@pytest.fixture
def csrf_client(business_unit):
    """A browser's own checks: with its CSRF cookie, CsrfViewMiddleware reads the body before
    the view does, as it does live."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(business_unit)
    client.get(reverse("portal:publication_create"))
    return client


def test_a_form_too_large_to_read_gets_a_page_that_says_so(csrf_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    pasted = "<p>" + "a" * 200_000 + "</p>"

    response = csrf_client.post(
        reverse("portal:publication_create"),
        {"kind": PublicationKind.NEWSLETTER, "title": "Spring", "body": pasted},
    )

    page = response.content.decode()
    assert response.status_code == 413
    assert '<h1 class="govuk-heading-l">What you sent was too large</h1>' in page
    assert "nothing was saved" in page
    assert "A file must be smaller than 20 MB, or 2 MB if it is a file to import" in page
    assert not Publication.objects.exists()


def test_any_other_bad_request_keeps_djangos_plain_page(client, settings):
    response = client.get("/", HTTP_HOST="not-a-host-we-serve.example")

    assert response.status_code == 400
    assert "What you sent was too large" not in response.content.decode()


# No address serves MEDIA_ROOT


@pytest.mark.parametrize("who", ["anonymous", "business_unit"])
def test_a_stored_file_has_no_address_under_media(client, cast, settings, who):
    publication = services.publication_save(publication=PublicationFactory(), file=pdf())
    services.publication_publish(publication=publication, user=None)
    assert stored_files(settings), "the file is stored"
    if cast[who]:
        client.force_login(cast[who])

    response = client.get(settings.MEDIA_URL + publication.file.name)

    assert response.status_code == 404
    assert not hasattr(response, "streaming_content")


# The admin's uploads take the same check


@pytest.fixture
def admin_client(client, db):
    client.force_login(
        UserFactory(role=Role.BUSINESS_UNIT, agency=None, is_staff=True, is_superuser=True)
    )
    return client


def test_the_admins_import_refuses_a_file_that_is_not_a_spreadsheet(
    admin_client, settings, monkeypatch
):
    written = []
    monkeypatch.setattr(
        ImportExportModelAdmin, "write_to_tmp_storage", lambda *args: written.append(args)
    )

    response = admin_client.post(
        "/admin/partnership/agency/import/",
        {"resource": "0", "format": "0", "import_file": upload("agencies.csv", EXE_BYTES)},
    )

    assert response.status_code == 200
    assert "The selected file must be a CSV or XLSX" in response.content.decode()
    assert written == []
    assert not Agency.objects.exists()


def test_the_admins_publication_form_refuses_a_renamed_file(admin_client, settings):
    response = admin_client.post(
        "/admin/partnership/publication/add/",
        {
            "kind": PublicationKind.NEWSLETTER,
            "title": "Spring",
            "slug": "spring",
            "file": upload("spring.pdf", PNG_BYTES),
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "The selected file must be a PDF, DOCX, XLSX or ODT" in response.content.decode()
    assert not Publication.objects.exists()
    assert stored_files(settings) == []


def test_the_admins_publication_form_cleans_the_body(admin_client):
    response = admin_client.post(
        "/admin/partnership/publication/add/",
        {
            "kind": PublicationKind.NEWSLETTER,
            "title": "Spring",
            "slug": "spring",
            "body": '<p onclick="steal()">Hello</p><script>steal()</script>',
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    assert Publication.objects.get().body == "<p>Hello</p>"


def test_the_admins_meeting_paper_refuses_a_renamed_file(admin_client, settings):
    board = BodyFactory()

    response = admin_client.post(
        "/admin/partnership/meeting/add/",
        {
            "body": board.pk,
            "held_on": "2026-03-05",
            "agenda": "Apologies",
            "papers-TOTAL_FORMS": "1",
            "papers-INITIAL_FORMS": "0",
            "papers-0-title": "Strategy",
            "papers-0-file": upload("strategy.pdf", EXE_BYTES),
        },
    )

    assert response.status_code == 200
    assert WRONG_DOCUMENT in response.content.decode()
    assert not Meeting.objects.exists()
    assert not MeetingPaper.objects.exists()
    assert stored_files(settings) == []
