"""The action tracker: one list of the actions every app raises, a page per action where its
owners record progress, and the business unit's pages to raise and change actions."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from .. import services
from ..access import declare, roles
from ..forms.actions import ActionFilterForm, ActionForm, ActionUpdateForm, source_type_label
from ..models import Action, ActionStatus, Role
from ..navigation import PortalLink, register
from . import paginate

READERS = (Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.PARTNER_LEAD, Role.AGENCY_LEAD)
# Scrutineers and partner leads hold agencies to account; they read actions but do not
# record progress on them.
UPDATERS = frozenset({Role.BUSINESS_UNIT, Role.AGENCY_LEAD})
STATUS_TAGS = {
    ActionStatus.NOT_STARTED: "govuk-tag--grey",
    ActionStatus.ON_TRACK: "govuk-tag--blue",
    ActionStatus.AT_RISK: "govuk-tag--orange",
    ActionStatus.COMPLETE: "govuk-tag--green",
}

register(
    PortalLink(
        "Actions",
        "portal:actions",
        frozenset(READERS),
        description="Follow the actions agreed across the partnership: who owns them, when they "
        "are due, which are overdue, and the progress recorded on each.",
    )
)


def _describe(actions: list[Action], today: date) -> None:
    """Give each action what its row shows: the status tag, whether it is overdue, and where
    it came from, fetching the sources in one query per kind."""
    sources = services.action_sources(actions=actions)
    for action in actions:
        action.status_tag = STATUS_TAGS[action.status]
        action.overdue = action.is_overdue(today)
        if action.source_type_id is None:
            action.source_label = "None"
        elif action.pk in sources:
            action.source_label = f"{source_type_label(action.source_type)}: {sources[action.pk]}"
        else:
            action.source_label = f"{source_type_label(action.source_type)} (since deleted)"


def _actions_for(user):
    return Action.objects.for_user(user).select_related(
        "owner_agency", "owner_person", "source_type"
    )


@declare(roles(*READERS))
def action_list(request):
    today = timezone.localdate()
    visible = Action.objects.for_user(request.user)
    filters = ActionFilterForm(request.GET or None, user=request.user, actions=visible)
    actions = filters.apply(_actions_for(request.user), today=today)
    page = paginate(request, actions)
    rows = list(page.object_list)
    _describe(rows, today)
    return render(
        request,
        "partnership/actions/list.html",
        {
            "filters": filters,
            "page": page,
            "actions": rows,
            "filtered": filters.in_force(),
            "may_create": request.user.role == Role.BUSINESS_UNIT,
            "own_agency": request.user.agency if request.user.role == Role.AGENCY_LEAD else None,
        },
    )


@declare(roles(*READERS))
def action_detail(request, pk):
    action = get_object_or_404(_actions_for(request.user), pk=pk)
    may_update = request.user.role in UPDATERS
    form = None
    if request.method == "POST":
        if not may_update:
            raise PermissionDenied
        form = ActionUpdateForm(request.POST)
        if form.is_valid():
            services.action_update(
                action=action,
                author=request.user,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, "Progress note added")
            return redirect("portal:action", pk=action.pk)
    elif may_update:
        form = ActionUpdateForm(initial={"status": action.status})
    _describe([action], timezone.localdate())
    return render(
        request,
        "partnership/actions/detail.html",
        {
            "action": action,
            "notes": action.notes.select_related("author"),
            "form": form,
            "may_edit": request.user.role == Role.BUSINESS_UNIT,
        },
    )


@declare(roles(Role.BUSINESS_UNIT))
def action_create(request):
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = services.action_create(**form.cleaned_data)
        messages.success(request, f"Action added: {action.title}")
        return redirect("portal:action", pk=action.pk)
    return render(
        request,
        "partnership/actions/form.html",
        {"form": form, "action": None, "reminder_days": settings.ACTION_REMINDER_DAYS},
    )


@declare(roles(Role.BUSINESS_UNIT))
def action_edit(request, pk):
    action = get_object_or_404(Action.objects.for_user(request.user), pk=pk)
    form = ActionForm(request.POST or None, action=action)
    if request.method == "POST" and form.is_valid():
        services.action_edit(action=action, **form.cleaned_data)
        messages.success(request, "Action saved")
        return redirect("portal:action", pk=action.pk)
    return render(request, "partnership/actions/form.html", {"form": form, "action": action})
