"""Publications: the business unit drafts, previews and publishes them; the public reads the
published versions and may subscribe to hear about new ones."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from .. import services
from ..access import PUBLIC, declare, roles
from ..forms.publications import (
    PublicationFilterForm,
    PublicationForm,
    SubscribeForm,
    stored_size,
)
from ..models import Publication, PublicationKind, PublicationVersion, Role
from ..navigation import PortalLink, register
from ..ratelimit import limit_public_form
from ..services.audit import audit_export
from ..uploads import stored_file_response
from . import paginate

STAFF = roles(Role.BUSINESS_UNIT)

register(
    PortalLink(
        "Publications",
        "portal:publications",
        frozenset({Role.BUSINESS_UNIT}),
        description="Draft, preview and publish reports, reviews, learning briefings and "
        "newsletters for the public site.",
    )
)


# The business unit's pages


@declare(STAFF)
def publication_list(request):
    publications = Publication.objects.select_related("published_version").order_by(
        "-updated_at", "-pk"
    )
    page = paginate(request, publications)
    for publication in page:
        publication.has_changes = services.publication_has_changes(publication)
    return render(request, "partnership/publications/staff_list.html", {"page": page})


@declare(STAFF)
def publication_create(request):
    form = PublicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        publication = services.publication_save(publication=Publication(), **form.draft_fields())
        messages.success(request, "Draft saved. Check the preview, then publish it.")
        return redirect("portal:publication_preview", pk=publication.pk)
    return render(
        request, "partnership/publications/form.html", {"form": form, "publication": None}
    )


@declare(STAFF)
def publication_edit(request, pk):
    publication = get_object_or_404(Publication, pk=pk)
    form = PublicationForm(request.POST or None, request.FILES or None, publication=publication)
    if request.method == "POST" and form.is_valid():
        services.publication_save(publication=publication, **form.draft_fields())
        messages.success(request, "Draft saved. The public sees no change until you publish it.")
        return redirect("portal:publication_preview", pk=publication.pk)
    return render(
        request, "partnership/publications/form.html", {"form": form, "publication": publication}
    )


@declare(STAFF)
def publication_preview(request, pk):
    """The draft in the public page's own template, so what staff check is what will show."""
    publication = get_object_or_404(Publication.objects.select_related("published_version"), pk=pk)
    draft = PublicationVersion(
        publication=publication,
        number=publication.versions.count() + 1,
        title=publication.title,
        summary=publication.summary,
        body=publication.body,
        file=publication.file.name,
        file_size=stored_size(publication.file) if publication.file else None,
        published_at=timezone.now(),
    )
    context = _detail_context(
        publication,
        draft,
        download_url=reverse("portal:publication_draft_file", kwargs={"pk": publication.pk})
        if publication.file
        else None,
    )
    context.update(preview=True, has_changes=services.publication_has_changes(publication))
    return render(request, "partnership/publications/preview.html", context)


@declare(STAFF)
def publication_draft_file(request, pk):
    publication = get_object_or_404(Publication, pk=pk)
    response = _file_response(publication.file, f"{publication.slug}-draft", private=True)
    # A draft may be a practice review's report before the panel has agreed it: taking a copy
    # out is on the record, as for meeting papers and report PDFs.
    audit_export(request, publication, summary=f"Draft file, {response.filename}")
    return response


@declare(STAFF)
def publication_publish(request, pk):
    publication = get_object_or_404(Publication.objects.select_related("published_version"), pk=pk)
    # Publishing an unchanged draft would only add a copy of the same version to the history.
    unchanged = publication.is_published and not services.publication_has_changes(publication)
    if request.method == "POST" and not unchanged:
        version = services.publication_publish(publication=publication, user=request.user)
        messages.success(request, f"“{version.title}” is published as version {version.number}.")
        return redirect("portal:publications")
    return render(
        request,
        "partnership/publications/publish.html",
        {
            "publication": publication,
            "unchanged": unchanged,
            "next_number": publication.versions.count() + 1,
        },
    )


@declare(STAFF)
def publication_unpublish(request, pk):
    publication = get_object_or_404(Publication.objects.select_related("published_version"), pk=pk)
    if request.method == "POST" and publication.is_published:
        services.publication_unpublish(publication=publication)
        messages.success(
            request,
            f"“{publication.title}” is no longer on the public site. Its versions are kept.",
        )
        return redirect("portal:publications")
    return render(request, "partnership/publications/unpublish.html", {"publication": publication})


@declare(STAFF)
def publication_versions(request, pk):
    publication = get_object_or_404(Publication, pk=pk)
    versions = publication.versions.select_related("published_by")
    return render(
        request,
        "partnership/publications/versions.html",
        {"publication": publication, "versions": versions},
    )


# The public's pages


def _published(slug: str) -> Publication:
    """Only what is published exists for the public: a draft's address is a 404."""
    return get_object_or_404(
        Publication.objects.published().select_related("published_version"), slug=slug
    )


@declare(PUBLIC)
def publications(request):
    years = [
        moment.year
        for moment in Publication.objects.published().datetimes(
            "first_published_at", "year", order="DESC"
        )
    ]
    form = PublicationFilterForm(request.GET or None, years=years)
    found = Publication.objects.published().select_related("published_version")
    filters = {}
    if form.is_valid():
        if form.cleaned_data["kind"]:
            filters["kind"] = form.cleaned_data["kind"]
        if form.cleaned_data["year"]:
            filters["first_published_at__year"] = form.cleaned_data["year"]
    page = paginate(request, found.filter(**filters).order_by("-first_published_at", "-pk"))
    return render(
        request,
        "partnership/publications/list.html",
        {"form": form, "page": page, "filtered": bool(filters)},
    )


@declare(PUBLIC)
def publication_detail(request, slug):
    publication = _published(slug)
    version = publication.published_version
    download = reverse("publication_file", kwargs={"slug": slug}) if version.file else None
    return render(
        request,
        "partnership/publications/detail.html",
        _detail_context(publication, version, download_url=download),
    )


@declare(PUBLIC)
def publication_version(request, slug, number):
    publication = _published(slug)
    version = get_object_or_404(publication.versions, number=number)
    download = (
        reverse("publication_version_file", kwargs={"slug": slug, "number": number})
        if version.file
        else None
    )
    return render(
        request,
        "partnership/publications/detail.html",
        _detail_context(publication, version, download_url=download),
    )


@declare(PUBLIC)
def publication_file(request, slug):
    publication = _published(slug)
    return _file_response(publication.published_version.file, slug)


@declare(PUBLIC)
def publication_version_file(request, slug, number):
    publication = _published(slug)
    version = get_object_or_404(publication.versions, number=number)
    return _file_response(version.file, f"{slug}-version-{number}")


def _detail_context(publication, version, *, download_url):
    current = publication.published_version
    others = publication.versions.exclude(pk=version.pk).only("number", "published_at")
    return {
        "publication": publication,
        "version": version,
        "is_current": current is not None and version.pk == current.pk,
        "current": current,
        "other_versions": others,
        "download_url": download_url,
        "file_type": services.publication_file_type(version.file.name) if version.file else None,
    }


def _file_response(file, name: str, *, private: bool = False):
    """Published files are public; a draft's is for staff only and kept out of caches."""
    return stored_file_response(file, filename=name, private=private)


# Email subscriptions


@declare(PUBLIC)
@limit_public_form("subscribe")
def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.subscription_request(
            email=form.cleaned_data["email"],
            kinds=form.cleaned_data["kinds"],
            base_url=request.build_absolute_uri("/"),
        )
        # The same page follows whether or not the address was subscribed already.
        return redirect("subscribe_done")
    return render(request, "partnership/publications/subscribe.html", {"form": form})


def _valid_days() -> int:
    return settings.SUBSCRIPTION_CONFIRM_TIMEOUT // (60 * 60 * 24)


@declare(PUBLIC)
def subscribe_done(request):
    return render(
        request, "partnership/publications/subscribe_done.html", {"valid_days": _valid_days()}
    )


@declare(PUBLIC)
def subscription_confirm(request, token):
    subscriber = services.subscription_confirm(token=token)
    kinds = [PublicationKind(kind).label for kind in subscriber.kinds] if subscriber else []
    return render(
        request,
        "partnership/publications/subscription_confirm.html",
        {"subscriber": subscriber, "kinds": kinds, "valid_days": _valid_days()},
    )


# RFC 8058 one-click unsubscribe: mail clients POST here straight from the List-Unsubscribe
# header, with no page and so no CSRF token. The signed token in the URL is the credential,
# and the worst a forged POST can do is unsubscribe the person the link was made for.
@csrf_exempt
@declare(PUBLIC)
def unsubscribe(request, token):
    if request.method == "POST":
        removed = services.subscription_cancel(token=token)
        return render(request, "partnership/publications/unsubscribed.html", {"removed": removed})
    return render(request, "partnership/publications/unsubscribe.html")
