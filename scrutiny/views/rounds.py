"""Section 11 rounds: the business unit opens a round and follows its returns; the scrutineer
and partner leads read the rounds and their grids; each agency lead finds their own returns.
A return itself is read, rated, submitted, returned and accepted on the assessment pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify

from partnership.access import declare, roles
from partnership.models import Role
from partnership.navigation import PortalLink, register
from partnership.services.audit import audit_export
from partnership.views import paginate, posted

from ..forms.rounds import DeadlineExtendForm, RoundForm
from ..models import Assessment, Section11Round
from ..services import rounds as round_services
from ..services.assessments import AssessmentStateError

READERS = (Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.PARTNER_LEAD)

register(
    PortalLink(
        "Section 11 rounds",
        "scrutiny:rounds",
        frozenset(READERS),
        description="Open a round of Section 11 returns, follow which agencies have submitted, "
        "and compare their ratings standard by standard with the round before.",
    )
)
register(
    PortalLink(
        "Section 11 return",
        "scrutiny:my_returns",
        frozenset({Role.AGENCY_LEAD}),
        description="Complete your agency's Section 11 return: rate each standard with its "
        "evidence, save as you go, and submit it by the deadline.",
    )
)


def _describe(returns: list[Assessment], today) -> None:
    """Give each return what its row shows beside its status: whether it is still out after
    its deadline, and whether that deadline was extended."""
    for assessment in returns:
        is_in = assessment.status in round_services.SUBMITTED_STATUSES
        assessment.overdue = not is_in and assessment.deadline < today
        assessment.extended = assessment.deadline != assessment.round.deadline


@declare(roles(*READERS))
def round_list(request):
    today = timezone.localdate()
    rounds = round_services.rounds_with_progress(today=today).select_related("framework")
    page = paginate(request, rounds)
    return render(
        request,
        "scrutiny/rounds/round_list.html",
        {
            "page": page,
            "rounds": page.object_list,
            "may_open": request.user.role == Role.BUSINESS_UNIT,
        },
    )


@declare(roles(Role.BUSINESS_UNIT))
def round_create(request):
    form = RoundForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            round = round_services.round_open(**form.cleaned_data, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            count = len(form.cleaned_data["agencies"])
            messages.success(
                request,
                f"Round opened: {count} agenc{'ies' if count != 1 else 'y'} asked for a return",
            )
            return redirect("scrutiny:round", pk=round.pk)
    return render(request, "scrutiny/rounds/round_form.html", {"form": form})


@declare(roles(*READERS))
def round_detail(request, pk):
    today = timezone.localdate()
    round = get_object_or_404(
        round_services.rounds_with_progress(today=today).select_related("framework", "opened_by"),
        pk=pk,
    )
    returns = round_services.statutory_partners_first(
        round.returns.select_related("agency"), prefix="agency__"
    )
    page = paginate(request, returns)
    rows = list(page.object_list)
    for assessment in rows:
        assessment.round = round  # the round is already in hand: no query per row
    _describe(rows, today)
    return render(
        request,
        "scrutiny/rounds/round_detail.html",
        {
            "round": round,
            "page": page,
            "returns": rows,
            "may_manage": request.user.role == Role.BUSINESS_UNIT,
        },
    )


@declare(roles(*READERS))
def round_grid(request, pk):
    round = get_object_or_404(Section11Round.objects.select_related("framework"), pk=pk)
    return render(
        request,
        "scrutiny/rounds/round_grid.html",
        {"round": round, "grid": round_services.round_grid(round=round)},
    )


@declare(roles(*READERS))
def round_grid_export(request, pk):
    round = get_object_or_404(Section11Round.objects.select_related("framework"), pk=pk)
    response = HttpResponse(
        round_services.round_grid_xlsx(round=round),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"{slugify(round.name) or 'section-11-round'}-grid.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    audit_export(request, round, summary=f"Section 11 grid, {filename}")
    return response


@declare(roles(Role.BUSINESS_UNIT))
def return_extend(request, pk):
    assessment = get_object_or_404(
        Assessment.objects.for_user(request.user)
        .filter(round__isnull=False)
        .select_related("round", "agency"),
        pk=pk,
    )
    form = DeadlineExtendForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            round_services.return_deadline_extend(
                assessment=assessment, deadline=form.cleaned_data["deadline"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        except AssessmentStateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Deadline for {assessment.agency} extended to "
                f"{form.cleaned_data['deadline']:%-d %B %Y}",
            )
            return redirect("scrutiny:round", pk=assessment.round_id)
    return render(
        request,
        "scrutiny/rounds/return_extend.html",
        {"form": form, "assessment": assessment, "round": assessment.round},
    )


@declare(roles(Role.AGENCY_LEAD))
def my_returns(request):
    today = timezone.localdate()
    returns = (
        Assessment.objects.for_user(request.user)
        .filter(round__isnull=False)
        .select_related("round")
        .order_by("-round__deadline", "-pk")
    )
    page = paginate(request, returns)
    rows = list(page.object_list)
    _describe(rows, today)
    return render(
        request,
        "scrutiny/rounds/my_returns.html",
        {"page": page, "returns": rows, "agency": request.user.agency},
    )
