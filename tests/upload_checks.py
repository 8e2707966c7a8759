"""What every test of an upload form asks: was the file refused with the message in the GOV.UK
error summary, linked to the field, and was nothing of it kept?"""

import io
import zipfile

# The first bytes of real files of the kinds people upload by mistake, or rename to get past a
# check on the extension.
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
# Just over a limit of 1 MB, which the tests set in place of the real one.
OVER_1_MB = 1024 * 1024 + 1


def stored_files(settings) -> list:
    """Every file under MEDIA_ROOT (a temporary folder per test: tests/conftest.py)."""
    return sorted(path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file())


def assert_refused(response, message: str, field_id: str = "id_file") -> None:
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    summary = page[page.index('class="govuk-error-summary"') :]
    assert f'<a href="#{field_id}">{message}</a>' in summary


XLSX_MAIN_PART = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def _odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        # OpenDocument puts its type first, uncompressed, so a reader can sniff it.
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    return out.getvalue()


ODT_BYTES = _odt()
