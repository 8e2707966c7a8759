"""An uploaded file waiting between its preview and the confirmation that imports it.

It waits in the cache (Redis when configured) under a random key held in the uploader's
session: no one else can reach it, and an abandoned upload of people's details or a budget
expires instead of lingering on disk. Each import page keeps its own slot, so a budget upload
does not replace a people upload made in another tab.
"""

import secrets

from django.core.cache import cache

from ..services.spreadsheets import ImportFileError, spreadsheet_read

PENDING_SECONDS = 60 * 60


class PendingUpload:
    def __init__(self, slot: str):
        self.slot = slot

    def _cache_key(self, pending: dict) -> str:
        return f"portal-import:{self.slot}:{pending['key']}"

    def keep(self, request, *, content: bytes, **details) -> None:
        """Hold `content` for the next request; `details` (JSON-safe) come back with it."""
        self.forget(request)
        pending = {"key": secrets.token_hex(16), **details}
        cache.set(self._cache_key(pending), content, PENDING_SECONDS)
        request.session[self.slot] = pending

    def keep_upload(self, request, form, **details) -> bool:
        """Keep the file of a valid SpreadsheetUploadForm when it reads as a spreadsheet, and
        say so; otherwise put the reason on the form's file field."""
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            spreadsheet_read(content=content, file_format=form.file_format)
        except ImportFileError as error:
            form.add_error("file", str(error))
            return False
        self.keep(
            request,
            content=content,
            file_format=form.file_format,
            filename=upload.name,
            **details,
        )
        return True

    def get(self, request) -> tuple[dict, bytes] | None:
        pending = request.session.get(self.slot)
        content = cache.get(self._cache_key(pending)) if pending else None
        if content is None:
            request.session.pop(self.slot, None)
            return None
        return pending, content

    def forget(self, request) -> None:
        pending = request.session.pop(self.slot, None)
        if pending:
            cache.delete(self._cache_key(pending))
