"""The partnership's strategic priorities: what it chose to work on for a period, why, what
it planned, how it is going, and the actions raised against each."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Case, Max, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from .. import services
from ..access import declare, roles
from ..forms.priorities import PriorityFilterForm, PriorityForm, PriorityUpdateForm
from ..models import Action, Priority, Role
from ..navigation import PortalLink, register
from . import paginate, paragraphs, posted

# Agency leads read the priorities their agency's actions serve; practitioners do not.
READERS = roles(Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.PARTNER_LEAD, Role.AGENCY_LEAD)
MANAGERS = roles(Role.BUSINESS_UNIT)

register(
    PortalLink(
        "Priorities",
        "portal:priorities",
        READERS.roles,
        description="The partnership's strategic priorities for each period: why they were "
        "chosen, what is planned, progress so far and the difference made.",
    )
)


@declare(READERS)
def priorities(request):
    form = PriorityFilterForm(request.GET or None)
    today = timezone.localdate()
    rows = Priority.objects.annotate(
        latest_update=Max("updates__written_on"),
        is_current=Case(
            When(Q(period_start__lte=today, period_end__gte=today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    ).order_by("-is_current", "-period_start", "position", "area", "pk")
    if form.is_valid() and form.cleaned_data["period"]:
        start, end = form.cleaned_data["period"]
        rows = rows.filter(period_start=start, period_end=end)
    return render(
        request,
        "partnership/priorities/priority_list.html",
        {
            "form": form,
            "page": paginate(request, rows),
            "can_manage": request.user.role in MANAGERS.roles,
        },
    )


@declare(READERS)
def priority(request, pk):
    priority = get_object_or_404(Priority, pk=pk)
    # Actions are scoped like everywhere else: an agency lead sees only their agency's.
    actions = (
        Action.objects.for_user(request.user)
        .filter(source_type=ContentType.objects.get_for_model(Priority), source_id=priority.pk)
        .select_related("owner_agency", "owner_person")
    )
    today = timezone.localdate()
    return render(
        request,
        "partnership/priorities/priority_detail.html",
        {
            "priority": priority,
            "rationale": paragraphs(priority.rationale),
            "planned_actions": paragraphs(priority.planned_actions),
            "impact_statement": paragraphs(priority.impact_statement),
            "updates": priority.updates.select_related("author"),
            "actions": [(action, action.is_overdue(today)) for action in actions],
            "is_current": priority.period_start <= today <= priority.period_end,
            "can_manage": request.user.role in MANAGERS.roles,
        },
    )


@declare(MANAGERS)
def priority_create(request):
    return _priority_form(request, Priority())


@declare(MANAGERS)
def priority_edit(request, pk):
    return _priority_form(request, get_object_or_404(Priority, pk=pk))


def _priority_form(request, priority):
    adding = priority.pk is None
    # The form writes what was typed into the instance: keep the saved name for the heading.
    saved_area = priority.area
    form = PriorityForm(posted(request), instance=priority)
    if request.method == "POST" and form.is_valid():
        priority = services.priority_save(priority=priority, **form.cleaned_data)
        messages.success(request, "Priority added" if adding else "Priority updated")
        return redirect("portal:priority", pk=priority.pk)
    return render(
        request,
        "partnership/priorities/priority_form.html",
        {"form": form, "priority": None if adding else priority, "saved_area": saved_area},
    )


@declare(MANAGERS)
def priority_update_add(request, pk):
    priority = get_object_or_404(Priority, pk=pk)
    form = PriorityUpdateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.priority_update_add(priority=priority, author=request.user, **form.cleaned_data)
        messages.success(request, "Progress update added")
        return redirect("portal:priority", pk=priority.pk)
    return render(
        request,
        "partnership/priorities/update_form.html",
        {"form": form, "priority": priority},
    )
