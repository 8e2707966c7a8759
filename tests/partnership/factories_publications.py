"""Factories and helpers for publications and subscriptions."""

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partnership.models import Publication, PublicationKind, Subscriber

PDF_BYTES = b"%PDF-1.7\n" + b"0" * 1250 + b"\n%%EOF\n"
DOCX_BYTES = b"PK\x03\x04" + b"\x00" * 200


def pdf(name="report.pdf", content=PDF_BYTES, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


class PublicationFactory(factory.django.DjangoModelFactory):
    """A draft; publish it with services.publication_publish."""

    class Meta:
        model = Publication

    kind = PublicationKind.NEWSLETTER
    title = factory.Sequence(lambda n: f"Partnership newsletter {n}")
    slug = factory.Sequence(lambda n: f"partnership-newsletter-{n}")
    summary = "News from the partnership."
    body = '<p class="govuk-body">What we did this quarter.</p>'


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber; pass confirmed_at=None for one still to confirm."""

    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    kinds = factory.LazyFunction(lambda: [PublicationKind.NEWSLETTER])
    confirmed_at = factory.LazyFunction(timezone.now)
