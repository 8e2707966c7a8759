"""Agencies, the people in them, the partnership's bodies and who sits on which; the membership
appendix of the yearly report; import and export of the lot as CSV or XLSX.

The business unit changes these records; the scrutineer and partner leads read them. Agency
leads and practitioners have no business here, so there is no per-agency scoping to do.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, Prefetch, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date

from .. import services
from ..access import declare, roles
from ..forms.people import (
    AgencyFilterForm,
    AgencyForm,
    AppendixDateForm,
    BodyForm,
    ImportForm,
    MembershipEndForm,
    MembershipForm,
    PersonFilterForm,
    PersonForm,
)
from ..models import (
    STATUTORY_PARTNER_KINDS,
    Agency,
    Body,
    Membership,
    MembershipRole,
    Person,
    Role,
)
from ..navigation import PortalLink, register
from ..resources import RESOURCES
from ..services.audit import audit_export
from . import download, export_format, paginate
from .pending import PendingUpload

READ = roles(Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.PARTNER_LEAD)
EDIT = roles(Role.BUSINESS_UNIT)

register(
    PortalLink(
        "Agencies and people",
        "portal:agencies",
        READ.roles,
        description="The partner agencies, the people who represent them and the partnership’s bodies.",
    )
)
register(
    PortalLink(
        "Membership",
        "portal:memberships",
        READ.roles,
        description="Who sits on the board, the joint executive and the subgroups, as the yearly report’s appendix lists them.",
        in_header=False,
    )
)
register(
    PortalLink(
        "Import and export",
        "portal:import",
        EDIT.roles,
        description="Load agencies, people and memberships from a spreadsheet, or download them.",
        in_header=False,
    )
)


def _can_edit(request) -> bool:
    return request.user.role in EDIT.roles


def _current(prefix: str, day) -> Q:
    """Memberships current on a day, reached through `prefix` (e.g. "memberships__")."""
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": day})
    )


def _by_role():
    """The lead safeguarding partners first, then down the roles in their declared order."""
    return Case(
        *(When(role=role, then=Value(n)) for n, role in enumerate(MembershipRole)),
        default=Value(len(MembershipRole)),
    )


def _saved_or_form(request, form, template, context, save, message):
    """The edit pages' shared flow: save through the service, or show the form again."""
    if request.method == "POST" and form.is_valid():
        try:
            record = save(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, message.format(record=record))
            return redirect(record_url(record))
    return render(request, template, {"form": form, **context})


def _record_form(request, record, form, *, adding: str, listing: str, save):
    """The add and change pages of an agency, a person or a body. The title is worked out
    before the form is checked, which writes what was typed into the record."""
    if record.pk:
        context = {"title": f"Change {record}", "back": record_url(record)}
    else:
        context = {"title": adding, "back": reverse(listing)}
    return _saved_or_form(
        request, form, "partnership/people/record_form.html", context, save, "{record} saved"
    )


def record_url(record) -> str:
    names = {Agency: "portal:agency", Person: "portal:person", Body: "portal:body"}
    if isinstance(record, Membership):
        return reverse("portal:body", args=[record.body_id])
    return reverse(names[type(record)], args=[record.pk])


# Agencies


@declare(READ)
def agencies(request):
    form = AgencyFilterForm(request.GET or None)
    today = timezone.localdate()
    queryset = Agency.objects.annotate(
        statutory=Case(When(kind__in=STATUTORY_PARTNER_KINDS, then=Value(0)), default=Value(1)),
        people_count=Count("people", distinct=True),
        membership_count=Count(
            "people__memberships", filter=_current("people__memberships__", today), distinct=True
        ),
    ).order_by("statutory", "name")
    if form.is_valid() and form.cleaned_data["kind"]:
        queryset = queryset.filter(kind=form.cleaned_data["kind"])
    return render(
        request,
        "partnership/people/agency_list.html",
        {"form": form, "page": paginate(request, queryset), "can_edit": _can_edit(request)},
    )


@declare(READ)
def agency(request, pk):
    agency = get_object_or_404(Agency, pk=pk)
    current = Membership.objects.current_on(timezone.localdate()).select_related("body")
    people = agency.people.order_by("full_name", "pk").prefetch_related(
        Prefetch("memberships", queryset=current, to_attr="current_memberships")
    )
    return render(
        request,
        "partnership/people/agency_detail.html",
        {"agency": agency, "people": people, "can_edit": _can_edit(request)},
    )


@declare(EDIT)
def agency_create(request):
    return _agency_form(request, Agency())


@declare(EDIT)
def agency_edit(request, pk):
    return _agency_form(request, get_object_or_404(Agency, pk=pk))


def _agency_form(request, agency):
    return _record_form(
        request,
        agency,
        AgencyForm(request.POST or None, instance=agency),
        adding="Add an agency",
        listing="portal:agencies",
        save=lambda **data: services.agency_save(agency=agency, **data),
    )


# People


@declare(READ)
def people(request):
    form = PersonFilterForm(request.GET or None)
    today = timezone.localdate()
    queryset = (
        Person.objects.select_related("agency")
        .annotate(membership_count=Count("memberships", filter=_current("memberships__", today)))
        .order_by("full_name", "pk")
    )
    if form.is_valid():
        if form.cleaned_data["q"].strip():
            queryset = queryset.filter(full_name__icontains=form.cleaned_data["q"].strip())
        if form.cleaned_data["agency"]:
            queryset = queryset.filter(agency=form.cleaned_data["agency"])
    return render(
        request,
        "partnership/people/person_list.html",
        {"form": form, "page": paginate(request, queryset), "can_edit": _can_edit(request)},
    )


@declare(READ)
def person(request, pk):
    person = get_object_or_404(Person.objects.select_related("agency"), pk=pk)
    memberships = person.memberships.select_related("body").order_by("-started_on", "pk")
    return render(
        request,
        "partnership/people/person_detail.html",
        {
            "person": person,
            "memberships": memberships,
            "today": timezone.localdate(),
            "can_edit": _can_edit(request),
        },
    )


@declare(EDIT)
def person_create(request):
    initial = {"agency": request.GET.get("agency")} if request.GET.get("agency") else None
    return _person_form(request, Person(), initial)


@declare(EDIT)
def person_edit(request, pk):
    return _person_form(request, get_object_or_404(Person, pk=pk))


def _person_form(request, person, initial=None):
    return _record_form(
        request,
        person,
        PersonForm(request.POST or None, instance=person, initial=initial),
        adding="Add a person",
        listing="portal:people",
        save=lambda **data: services.person_save(person=person, **data),
    )


# Bodies


@declare(READ)
def bodies(request):
    queryset = Body.objects.annotate(
        member_count=Count("memberships", filter=_current("memberships__", timezone.localdate()))
    ).order_by("kind", "name")
    return render(
        request,
        "partnership/people/body_list.html",
        {"page": paginate(request, queryset), "can_edit": _can_edit(request)},
    )


@declare(READ)
def body(request, pk):
    body = get_object_or_404(Body, pk=pk)
    members = (
        body.memberships.current_on(timezone.localdate())
        .select_related("person__agency")
        .order_by(_by_role(), "person__full_name", "pk")
    )
    return render(
        request,
        "partnership/people/body_detail.html",
        {"body": body, "members": members, "can_edit": _can_edit(request)},
    )


@declare(EDIT)
def body_create(request):
    return _body_form(request, Body())


@declare(EDIT)
def body_edit(request, pk):
    return _body_form(request, get_object_or_404(Body, pk=pk))


def _body_form(request, body):
    return _record_form(
        request,
        body,
        BodyForm(request.POST or None, instance=body),
        adding="Add a body",
        listing="portal:bodies",
        save=lambda **data: services.body_save(body=body, **data),
    )


# Memberships


@declare(EDIT)
def membership_create(request):
    initial = {key: request.GET[key] for key in ("person", "body") if request.GET.get(key)}
    form = MembershipForm(request.POST or None, initial=initial)
    membership = Membership()
    return _saved_or_form(
        request,
        form,
        "partnership/people/record_form.html",
        {"title": "Add a membership", "back": reverse("portal:bodies")},
        lambda **data: services.membership_save(membership=membership, **data),
        "Membership added: {record}",
    )


@declare(EDIT)
def membership_end(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("person", "body"), pk=pk)
    form = MembershipEndForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(membership=membership, ended_on=form.cleaned_data["ended_on"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Membership ended: {membership}")
            return redirect("portal:body", pk=membership.body_id)
    return render(
        request,
        "partnership/people/membership_end.html",
        {"form": form, "membership": membership},
    )


@declare(READ)
def memberships(request):
    """The membership appendix: the same table the yearly report will print."""
    on = timezone.localdate()
    form = AppendixDateForm(request.GET or None, initial={"on": on})
    if form.is_valid() and form.cleaned_data["on"]:
        on = form.cleaned_data["on"]
    return render(
        request,
        "partnership/people/membership_appendix.html",
        {"form": form, "on": on, "groups": services.membership_appendix(on=on)},
    )


@declare(READ)
def memberships_export(request):
    try:
        on = parse_date(request.GET.get("on", "")) or timezone.localdate()
    except ValueError:
        raise Http404("Not a date") from None
    export = services.membership_appendix_export(on=on, file_format=export_format(request))
    audit_export(request, summary=f"Membership appendix on {on.isoformat()}, {export.filename}")
    return download(export)


# Import and export

PENDING = PendingUpload("pending_import")
LISTS = {
    "agencies": "portal:agencies",
    "people": "portal:people",
    "memberships": "portal:memberships",
}


def _columns(what: str) -> list[str]:
    resource = RESOURCES[what]()
    return [field.column_name for field in resource.get_import_fields() if not field.readonly]


@declare(EDIT)
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and PENDING.keep_upload(request, form, what=form.cleaned_data["what"])
    ):
        return redirect("portal:import_preview")
    return render(
        request,
        "partnership/people/import_form.html",
        {
            "form": form,
            "columns": [(what, _columns(what)) for what in RESOURCES],
            "exports": list(RESOURCES),
        },
    )


@declare(EDIT)
def import_preview(request):
    """GET shows what the file would change (a dry run, repeated so it reflects the records
    as they are now); POST imports it, all or nothing."""
    found = PENDING.get(request)
    if found is None:
        return render(request, "partnership/people/import_preview.html", {"pending": None})
    pending, content = found
    outcome = services.spreadsheet_import(
        what=pending["what"],
        content=content,
        file_format=pending["file_format"],
        dry_run=request.method != "POST",
    )
    if outcome.applied:
        PENDING.forget(request)
        messages.success(
            request,
            f"{pending['filename']} imported: {outcome.created} added, {outcome.updated} updated",
        )
        return redirect(LISTS[pending["what"]])
    return render(
        request,
        "partnership/people/import_preview.html",
        {"pending": pending, "outcome": outcome},
    )


@declare(EDIT)
def export(request):
    what = request.GET.get("what", "agencies")
    if what not in RESOURCES:
        raise Http404("Choose agencies, people or memberships")
    export = services.records_export(what=what, file_format=export_format(request))
    audit_export(request, summary=f"All {what}, {export.filename}")
    return download(export)
