"""The independent scrutineer's checklist, and the assessment pages every framework shares:
one page per assessment (the partnership's checklist or an agency's Section 11 return), its
rating forms, the overall judgement, and submitting, returning and accepting it.

Readers are scoped by Assessment.objects.for_user, so another agency's return is a 404. Only
the assessment's author rates it (assessment_services.may_rate): a role allowed on a rating
page by its declaration but not the author of this assessment gets a 403."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from partnership.access import declare, roles
from partnership.models import Action, Role
from partnership.navigation import PortalLink, register
from partnership.views import paginate, paragraphs, posted

from ..forms.checklist import (
    ChecklistCreateForm,
    DataEvidenceForm,
    EvidenceLinkForm,
    JudgementForm,
    RatingActionForm,
    RatingForm,
    ReturnForm,
    period_label,
)
from ..models import Assessment, AssessmentStatus, EvidenceLink, FrameworkPurpose, RatingLevel
from ..services import assessments as assessment_services

CHECKLIST_READERS = roles(Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.PARTNER_LEAD)
# The business unit sets up the scrutineer's checklist for a period; only the scrutineer rates.
CHECKLIST_OPENERS = roles(Role.BUSINESS_UNIT, Role.SCRUTINEER)
# Agency leads read their own agency's returns; Assessment.objects.for_user hides the rest.
ASSESSMENT_READERS = roles(Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.PARTNER_LEAD, Role.AGENCY_LEAD)
RATERS = roles(Role.SCRUTINEER, Role.AGENCY_LEAD)
REVIEWERS = roles(Role.BUSINESS_UNIT)

register(
    PortalLink(
        "Scrutiny checklist",
        "scrutiny:checklists",
        CHECKLIST_READERS.roles,
        description="The independent scrutineer’s six-step checklist for each period: each key "
        "line of enquiry rated with its evidence, the actions raised and the overall judgement.",
    )
)


def _checklists():
    return Assessment.objects.filter(
        agency__isnull=True, framework__purpose=FrameworkPurpose.CHECKLIST
    )


def _assessment(request, pk) -> Assessment:
    return get_object_or_404(
        Assessment.objects.for_user(request.user).select_related(
            "framework__scale", "agency", "round"
        ),
        pk=pk,
    )


def _authored(request, pk) -> Assessment:
    """The assessment, for its author only: 404 outside the reader's assessments, 403 inside
    them for anyone who may read it but not rate it."""
    assessment = _assessment(request, pk)
    if not assessment_services.may_rate(request.user, assessment):
        raise PermissionDenied
    return assessment


def _closed(request, assessment):
    """A redirect to the assessment, saying why, when it is no longer with its author; else
    None. Forms opened before it was submitted meet the same refusal from the service."""
    try:
        assessment_services.require_editable(assessment)
    except assessment_services.AssessmentStateError as error:
        messages.error(request, str(error))
        return redirect("scrutiny:assessment", pk=assessment.pk)
    return None


def _crumbs(user, assessment: Assessment) -> list[tuple[str, str]]:
    """The way back up: a checklist sits under the checklists; a Section 11 return under its
    round, or under "your returns" for the agency lead who writes it."""
    crumbs = [("Dashboard", reverse("portal:dashboard"))]
    if assessment.agency_id is None:
        crumbs.append(("Scrutiny checklists", reverse("scrutiny:checklists")))
    elif user.role == Role.AGENCY_LEAD:
        crumbs.append(("Your Section 11 returns", reverse("scrutiny:my_returns")))
    elif assessment.round_id:
        crumbs.append(("Section 11 rounds", reverse("scrutiny:rounds")))
        crumbs.append(
            (assessment.round.name, reverse("scrutiny:round", kwargs={"pk": assessment.round_id}))
        )
    return crumbs


def _title(assessment: Assessment) -> str:
    subject = assessment.agency.name if assessment.agency_id else "The partnership"
    return f"{subject}: {period_label(assessment)}"


def _page_context(request, assessment: Assessment, **context) -> dict:
    """What every page about one assessment shows in its header and breadcrumbs."""
    here = (_title(assessment), reverse("scrutiny:assessment", kwargs={"pk": assessment.pk}))
    return {
        "assessment": assessment,
        "assessment_title": _title(assessment),
        "crumbs": [*_crumbs(request.user, assessment), here],
        **context,
    }


@declare(CHECKLIST_READERS)
def checklists(request):
    rows = (
        _checklists()
        .for_user(request.user)
        .select_related("framework")
        .order_by("-period_end", "-created_at", "-pk")
    )
    page = paginate(request, rows)
    assessments = list(page.object_list)
    counts = assessment_services.level_counts(assessments=assessments)
    levels: dict[int, list[RatingLevel]] = {}
    for level in RatingLevel.objects.filter(
        scale_id__in={assessment.framework.scale_id for assessment in assessments}
    ):
        levels.setdefault(level.scale_id, []).append(level)
    for assessment in assessments:
        assessment.level_counts = [
            (level, counts[assessment.pk][level.pk])
            for level in levels.get(assessment.framework.scale_id, [])
        ]
        assessment.unrated_count = counts[assessment.pk][None]
    return render(
        request,
        "scrutiny/checklist/list.html",
        {
            "page": page,
            "assessments": assessments,
            "may_create": request.user.role in CHECKLIST_OPENERS.roles,
        },
    )


@declare(CHECKLIST_OPENERS)
def checklist_create(request):
    last = _checklists().select_related("framework").order_by("-period_end", "-pk").first()
    form = ChecklistCreateForm(posted(request), last=last)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = assessment_services.assessment_create(
                framework=data["framework"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                previous=last if form.from_last else None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Checklist started")
            return redirect("scrutiny:assessment", pk=assessment.pk)
    return render(
        request,
        "scrutiny/checklist/create.html",
        {"form": form, "has_frameworks": form.fields["framework"].queryset.exists()},
    )


@declare(ASSESSMENT_READERS)
def assessment(request, pk):
    assessment = _assessment(request, pk)
    levels = list(assessment.framework.scale.levels.all())
    ratings = list(
        assessment.ratings.select_related("question__section", "level").prefetch_related("links")
    )
    actions = assessment_services.raised_actions(
        assessment=assessment, ratings=ratings, visible=Action.objects.for_user(request.user)
    )
    for rating in ratings:
        rating.raised = actions[rating.pk]
    section_summaries, overall = assessment_services.assessment_summary(
        assessment=assessment, levels=levels
    )
    previous = None
    if assessment.previous_id:
        # Only linked where the reader may open it, so the page offers no dead end.
        previous = Assessment.objects.for_user(request.user).filter(pk=assessment.previous_id)
        previous = previous.first()
    may_rate = assessment_services.may_rate(request.user, assessment)
    return render(
        request,
        "scrutiny/assessment/detail.html",
        _page_context(
            request,
            assessment,
            crumbs=_crumbs(request.user, assessment),
            levels=levels,
            sections=[
                (section, list(section_ratings))
                for section, section_ratings in groupby(ratings, key=lambda r: r.question.section)
            ],
            section_summaries=section_summaries,
            overall=overall,
            unrated=[rating for rating in ratings if rating.level_id is None],
            total=len(ratings),
            rated=sum(1 for rating in ratings if rating.level_id is not None),
            previous=previous,
            previous_label=period_label(previous) if previous else None,
            judgement=paragraphs(assessment.overall_judgement),
            returned_comment=paragraphs(assessment.returned_comment),
            may_edit=may_rate and assessment.is_editable,
            may_review=request.user.role in REVIEWERS.roles
            and assessment.status == AssessmentStatus.SUBMITTED,
        ),
    )


@declare(RATERS)
def rating_edit(request, pk, rating_pk):
    assessment = _authored(request, pk)
    if refusal := _closed(request, assessment):
        return refusal
    ratings = list(assessment.ratings.select_related("question__section", "level"))
    rating = next((r for r in ratings if r.pk == rating_pk), None)
    if rating is None:
        raise Http404("No such question in this assessment")
    position = ratings.index(rating)
    levels = list(assessment.framework.scale.levels.all())
    form = RatingForm(
        posted(request),
        levels=levels,
        initial={
            "level": str(rating.level_id or ""),
            "evidence": rating.evidence,
            "actions_required": rating.actions_required,
        },
    )
    following = ratings[position + 1] if position + 1 < len(ratings) else None
    if request.method == "POST" and form.is_valid():
        try:
            assessment_services.rating_save(rating=rating, **form.cleaned_data)
        except assessment_services.AssessmentStateError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Rating for {rating.question.number} saved")
            if following is None or "back" in request.POST:
                return redirect("scrutiny:assessment", pk=assessment.pk)
            return redirect("scrutiny:rating_edit", pk=assessment.pk, rating_pk=following.pk)
    return render(
        request,
        "scrutiny/assessment/rating_form.html",
        _page_context(
            request,
            assessment,
            form=form,
            rating=rating,
            levels=levels,
            position=position + 1,
            total=len(ratings),
            preceding=ratings[position - 1] if position else None,
            following=following,
            links=rating.links.all(),
            raised=assessment_services.raised_actions(
                assessment=assessment,
                ratings=[rating],
                visible=Action.objects.for_user(request.user),
            )[rating.pk],
        ),
    )


def _rating(assessment, rating_pk):
    return get_object_or_404(assessment.ratings.select_related("question__section"), pk=rating_pk)


@declare(RATERS)
def rating_link_add(request, pk, rating_pk):
    assessment = _authored(request, pk)
    if refusal := _closed(request, assessment):
        return refusal
    rating = _rating(assessment, rating_pk)
    # Two forms post here: the address typed in, or a page of the data set chosen from a list.
    choosing = request.method == "POST" and "data-page" in request.POST
    form = EvidenceLinkForm(None if choosing else posted(request))
    data_form = DataEvidenceForm(
        request.POST if choosing else None, user=request.user, prefix="data"
    )
    chosen = data_form if choosing else form
    if request.method == "POST" and chosen.is_valid():
        link = data_form.link() if choosing else form.cleaned_data
        try:
            assessment_services.evidence_link_add(rating=rating, **link)
        except assessment_services.AssessmentStateError as error:
            chosen.add_error(None, str(error))
        except ValidationError as error:
            # The data form has no path field of its own: its messages go above it.
            chosen.add_error(None, error.messages if choosing else error)
        else:
            messages.success(request, "Evidence link added")
            return redirect("scrutiny:rating_edit", pk=assessment.pk, rating_pk=rating.pk)
    return render(
        request,
        "scrutiny/assessment/link_form.html",
        _page_context(request, assessment, form=form, data_form=data_form, rating=rating),
    )


@declare(RATERS)
def rating_link_remove(request, pk, rating_pk, link_pk):
    assessment = _authored(request, pk)
    if refusal := _closed(request, assessment):
        return refusal
    rating = _rating(assessment, rating_pk)
    link = get_object_or_404(EvidenceLink.objects.filter(rating=rating), pk=link_pk)
    if request.method == "POST":
        try:
            assessment_services.evidence_link_remove(link=link)
        except assessment_services.AssessmentStateError as error:
            messages.error(request, str(error))
            return redirect("scrutiny:assessment", pk=assessment.pk)
        messages.success(request, f"Evidence link removed: {link.label}")
        return redirect("scrutiny:rating_edit", pk=assessment.pk, rating_pk=rating.pk)
    return render(
        request,
        "scrutiny/assessment/link_remove.html",
        _page_context(request, assessment, rating=rating, link=link),
    )


@declare(RATERS)
def rating_action_add(request, pk, rating_pk):
    assessment = _authored(request, pk)
    if refusal := _closed(request, assessment):
        return refusal
    rating = _rating(assessment, rating_pk)
    initial = {"owner_agency": assessment.agency_id} if assessment.agency_id else {}
    form = RatingActionForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = assessment_services.rating_action_add(rating=rating, **form.cleaned_data)
        except assessment_services.AssessmentStateError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Action raised: {action.title}")
            return redirect("scrutiny:rating_edit", pk=assessment.pk, rating_pk=rating.pk)
    return render(
        request,
        "scrutiny/assessment/action_form.html",
        _page_context(request, assessment, form=form, rating=rating),
    )


@declare(RATERS)
def assessment_judgement(request, pk):
    assessment = _authored(request, pk)
    if refusal := _closed(request, assessment):
        return refusal
    form = JudgementForm(
        posted(request), initial={"overall_judgement": assessment.overall_judgement}
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment_services.assessment_judgement_save(
                assessment=assessment, **form.cleaned_data
            )
        except assessment_services.AssessmentStateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Overall judgement saved")
            return redirect("scrutiny:assessment", pk=assessment.pk)
    return render(
        request,
        "scrutiny/assessment/judgement_form.html",
        _page_context(request, assessment, form=form),
    )


@declare(RATERS)
def assessment_submit(request, pk):
    assessment = _authored(request, pk)
    if refusal := _closed(request, assessment):
        return refusal
    problem = None
    if request.method == "POST":
        try:
            assessment_services.assessment_submit(assessment=assessment, user=request.user)
        except assessment_services.AssessmentStateError as error:
            problem = str(error)
        else:
            messages.success(request, "Submitted to the business unit for review")
            return redirect("scrutiny:assessment", pk=assessment.pk)
    return render(
        request,
        "scrutiny/assessment/submit.html",
        _page_context(
            request,
            assessment,
            problem=problem,
            unrated=assessment_services.unrated(assessment),
        ),
    )


def _reviewed(request, pk) -> tuple[Assessment, str | None]:
    """The assessment the business unit reviews, and why it cannot be reviewed now, if so."""
    assessment = _assessment(request, pk)
    if assessment.status != AssessmentStatus.SUBMITTED:
        return assessment, (
            f"This assessment is {assessment.get_status_display().lower()}: only a submitted "
            "one can be returned or accepted"
        )
    return assessment, None


@declare(REVIEWERS)
def assessment_return(request, pk):
    assessment, closed = _reviewed(request, pk)
    form = ReturnForm(posted(request))
    if request.method == "POST" and closed is None and form.is_valid():
        try:
            assessment_services.assessment_return(assessment=assessment, **form.cleaned_data)
        except assessment_services.AssessmentStateError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Returned to its author for more evidence")
            return redirect("scrutiny:assessment", pk=assessment.pk)
    return render(
        request,
        "scrutiny/assessment/return.html",
        _page_context(request, assessment, form=form, closed=closed),
    )


@declare(REVIEWERS)
def assessment_accept(request, pk):
    assessment, closed = _reviewed(request, pk)
    if request.method == "POST" and closed is None:
        try:
            assessment_services.assessment_accept(assessment=assessment)
        except assessment_services.AssessmentStateError as error:
            closed = str(error)
        else:
            messages.success(request, "Accepted")
            return redirect("scrutiny:assessment", pk=assessment.pk)
    return render(
        request,
        "scrutiny/assessment/accept.html",
        _page_context(request, assessment, closed=closed),
    )
