"""Example arguments for the publication and subscription URLs."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from partnership import services
from partnership.models import Publication, PublicationKind

EXAMPLE_FILE = "publications/examples/example.pdf"


def _file_name() -> str:
    """One small PDF saved once under a fixed name, so repeated runs add no files."""
    if not default_storage.exists(EXAMPLE_FILE):
        return default_storage.save(EXAMPLE_FILE, ContentFile(b"%PDF-1.7\n%%EOF\n"))
    return EXAMPLE_FILE


def _draft(title="Learning from Child A") -> Publication:
    publication = services.publication_save(
        publication=Publication(),
        kind=PublicationKind.LEARNING_BRIEFING,
        title=title,
        summary="What agencies learned.",
        body="<p>Three things to do differently.</p>",
    )
    publication.file.name = _file_name()
    publication.save(update_fields=["file"])
    return publication


def _published(cast) -> Publication:
    publication = _draft("Yearly report 2024 to 2025")
    services.publication_publish(publication=publication, user=cast["business_unit"])
    return publication


def _pk(make):
    return lambda cast: {"pk": make(cast).pk}


EXAMPLES = {
    "portal:publication_edit": _pk(lambda cast: _draft()),
    "portal:publication_preview": _pk(lambda cast: _draft()),
    "portal:publication_draft_file": _pk(lambda cast: _draft()),
    "portal:publication_publish": _pk(lambda cast: _draft()),
    "portal:publication_unpublish": _pk(_published),
    "portal:publication_versions": _pk(_published),
    "publication": lambda cast: {"slug": _published(cast).slug},
    "publication_file": lambda cast: {"slug": _published(cast).slug},
    "publication_version": lambda cast: {"slug": _published(cast).slug, "number": 1},
    "publication_version_file": lambda cast: {"slug": _published(cast).slug, "number": 1},
    "subscription_confirm": lambda cast: {"token": "not-a-real-token"},
    "unsubscribe": lambda cast: {"token": "not-a-real-token"},
}

NOT_HTML = {"publication_file", "publication_version_file", "portal:publication_draft_file"}
