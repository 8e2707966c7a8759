"""Every file the portal accepts is checked here, and every stored file is sent back from here.

An upload is judged by its name's extension, its size and its own first bytes. The
Content-Type the browser declares is never consulted: it is whatever the client chose to say
(and Windows commonly says application/octet-stream for a genuine Word document), so it
proves nothing either way. A file that fails is refused by the form before any service runs,
so nothing of it reaches the database or MEDIA_ROOT.

Stored files are never published as a folder: no URL maps MEDIA_URL, and each download goes
through a view that first fetches the record the way its reader may see it, then calls
`stored_file_response`.
"""

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler
from django.http import FileResponse, Http404
from django.utils.functional import lazy

MB = 1024 * 1024


def _starts_with(signature: bytes) -> Callable:
    def sniff(upload) -> bool:
        return upload.read(len(signature)) == signature

    return sniff


# How much of a ZIP member the checks read: enough for any real [Content_Types].xml, and a cap
# so that a compressed bomb is never inflated in full.
_MEMBER_READ_LIMIT = 256 * 1024

# A malformed archive fails in many ways: not a ZIP at all, a truncated directory, a member
# that is missing, encrypted or compressed in a way zipfile cannot undo.
_ARCHIVE_ERRORS = (
    zipfile.BadZipFile,
    KeyError,
    RuntimeError,
    NotImplementedError,
    EOFError,
    OSError,
    ValueError,
)


def _archive(check: Callable[[zipfile.ZipFile], bool]) -> Callable:
    def sniff(upload) -> bool:
        if upload.read(4) != b"PK\x03\x04":
            return False
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                return check(archive)
        except _ARCHIVE_ERRORS:
            return False

    return sniff


def _office_open(main_part: str) -> Callable:
    """DOCX, XLSX and PPTX are ZIP archives whose [Content_Types].xml names the main part. A
    macro-enabled file renamed to .docx or .xlsx names a different part, so it fails too."""
    wanted = main_part.encode()

    def check(archive: zipfile.ZipFile) -> bool:
        with archive.open("[Content_Types].xml") as member:
            return wanted in member.read(_MEMBER_READ_LIMIT)

    return _archive(check)


def _open_document(mimetype: str) -> Callable:
    """An OpenDocument file is a ZIP archive with a `mimetype` member naming its kind."""

    def check(archive: zipfile.ZipFile) -> bool:
        with archive.open("mimetype") as member:
            return member.read(200).strip() == mimetype.encode()

    return _archive(check)


def _text(upload) -> bool:
    # A NUL byte never occurs in a text file in an 8-bit encoding, and occurs in nearly every
    # binary one (images, executables, archives), in their first few bytes.
    return b"\x00" not in upload.read()


@dataclass(frozen=True)
class FileKind:
    label: str  # in messages: "The selected file must be a PDF"
    name: str  # the format the importers are told: "csv", "xlsx", "yaml"
    extensions: tuple[str, ...]
    content_type: str  # sent with a stored file of this kind
    description: str  # in hints: "Word (DOCX)"
    sniff: Callable = field(repr=False, compare=False)
    # Text formats: the encodings the reader accepts. Empty for binary formats.
    encodings: tuple[str, ...] = ()


PDF = FileKind("PDF", "pdf", (".pdf",), "application/pdf", "PDF", _starts_with(b"%PDF-"))
DOCX = FileKind(
    "DOCX",
    "docx",
    (".docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word (DOCX)",
    _office_open(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    ),
)
XLSX = FileKind(
    "XLSX",
    "xlsx",
    (".xlsx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "Excel (XLSX)",
    _office_open("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
)
PPTX = FileKind(
    "PPTX",
    "pptx",
    (".pptx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "PowerPoint (PPTX)",
    _office_open(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    ),
)
ODT = FileKind(
    "ODT",
    "odt",
    (".odt",),
    "application/vnd.oasis.opendocument.text",
    "OpenDocument text (ODT)",
    _open_document("application/vnd.oasis.opendocument.text"),
)
# Excel saves "CSV UTF-8" with a byte order mark and plain "CSV" in Windows-1252; the importer
# reads both (partnership.services.spreadsheets), so both are accepted here.
CSV = FileKind("CSV", "csv", (".csv",), "text/csv", "CSV", _text, ("utf-8-sig", "cp1252"))
YAML = FileKind(
    "YAML", "yaml", (".yaml", ".yml"), "application/yaml", "YAML", _text, ("utf-8-sig",)
)

KINDS = (PDF, DOCX, XLSX, PPTX, ODT, CSV, YAML)

# The two limits, in whole megabytes, read when each upload is checked (so a test or a changed
# setting takes effect at once). Documents are stored and downloaded; imports are read whole
# into memory and held in the cache until confirmed, so they are kept smaller.
DOCUMENT_LIMIT = "UPLOAD_MAX_MB"
IMPORT_LIMIT = "IMPORT_MAX_MB"
LIMITS = (DOCUMENT_LIMIT, IMPORT_LIMIT)


def limit_mb(setting: str) -> int:
    return getattr(settings, setting)


def kind_of(name: str, kinds=KINDS) -> FileKind | None:
    """The kind a file name claims to be, among `kinds`; None if it claims none of them."""
    extension = PurePath(name).suffix.lower()
    return next((kind for kind in kinds if extension in kind.extensions), None)


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def allowed(kinds) -> str:
    """'PDF, DOCX or ODT', as the error messages name the kinds."""
    return _either([kind.label for kind in kinds])


def upload_hint(kinds, setting: str) -> str:
    return f"A {_either([kind.description for kind in kinds])} file, up to {limit_mb(setting)} MB."


EMPTY = "The selected file is empty"


def check_upload(upload, *, kinds, setting: str) -> FileKind:
    """Return the kind of a valid upload, or raise ValidationError with the message the GOV.UK
    Design System gives for a file upload. The file is left at its start for the next reader."""
    if not upload.size:
        raise ValidationError(EMPTY, code="empty")
    wrong_type = ValidationError(f"The selected file must be a {allowed(kinds)}", code="type")
    kind = kind_of(upload.name, kinds)
    if kind is None:
        raise wrong_type
    limit = limit_mb(setting)
    if upload.size > limit * MB:
        raise ValidationError(f"The selected file must be smaller than {limit} MB", code="size")
    upload.seek(0)
    try:
        if not kind.sniff(upload):
            raise wrong_type
        if kind.encodings:
            upload.seek(0)
            _decodes(upload.read(), kind)
    finally:
        upload.seek(0)
    return kind


def _decodes(content: bytes, kind: FileKind) -> None:
    for encoding in kind.encodings:
        try:
            content.decode(encoding)
            return
        except UnicodeDecodeError:
            continue
    raise ValidationError("The selected file must be saved as UTF-8 text", code="encoding")


class UploadField(forms.FileField):
    """A file upload of one of `kinds`, no larger than the limit named by `setting`. The hint
    says both, and follows the setting; `help_text` is added after it."""

    default_error_messages = {
        "required": "Select a file",
        "missing": "Select a file",
        "invalid": "The selected file could not be uploaded – try again",
        "empty": EMPTY,
    }

    def __init__(self, *, kinds, setting: str = DOCUMENT_LIMIT, help_text: str = "", **kwargs):
        self.kinds = tuple(kinds)
        self.setting = setting
        kwargs.setdefault("widget", forms.FileInput)
        super().__init__(help_text=lazy(self._help_text, str)(help_text), **kwargs)

    def _help_text(self, extra: str) -> str:
        return " ".join(filter(None, [self.hint(), extra]))

    def hint(self) -> str:
        return upload_hint(self.kinds, self.setting)

    def validate(self, value):
        super().validate(value)
        if value:
            check_upload(value, kinds=self.kinds, setting=self.setting)

    def kind(self, upload) -> FileKind:
        """The kind of an upload this field has accepted."""
        return kind_of(upload.name, self.kinds)


class UploadCapHandler(FileUploadHandler):
    """The first of FILE_UPLOAD_HANDLERS. Django writes an upload over
    FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file in full before any form sees it; this
    passes each file's bytes on only until the file is past the largest limit, and drops the
    rest. The form then refuses the file by its size (it is still over every limit), and a
    huge upload never fills the temporary folder."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.cap = max(limit_mb(setting) for setting in LIMITS) * MB
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        passed_on = self.received <= self.cap
        self.received += len(raw_data)
        return raw_data if passed_on else None

    def file_complete(self, file_size):
        return None  # the next handler makes the file from the bytes passed on


def stored_file_response(file, *, filename: str, private: bool = True) -> FileResponse:
    """Send a stored file as a download named `filename` (its stored extension is added). The
    caller has already fetched the record for this reader. The type is the one its extension
    stands for, never guessed from the contents, and the response is an attachment, so a
    browser never renders what it received. `private` keeps shared caches from holding it."""
    if not file:
        raise Http404("There is no file")
    kind = kind_of(file.name)
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename + PurePath(file.name).suffix.lower(),
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
