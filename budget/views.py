"""The budget pages. The business unit keeps the years and their lines; the scrutineer and
partner leads read them; the public reads a summary of the years the business unit publishes.
No record here belongs to one agency, so there is no per-agency scoping to do: roles decide."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from partnership.access import PUBLIC, declare, roles
from partnership.forms.people import SpreadsheetUploadForm
from partnership.models import Role
from partnership.navigation import PortalLink, PublicLink, register, register_public
from partnership.services.audit import audit_export
from partnership.views import download, export_format, paginate, posted
from partnership.views.pending import PendingUpload

from . import services
from .charts import contributions_chart
from .forms import LineForm, YearForm, YearNoteForm
from .models import FinancialYear, Line, LineKind, Side
from .resources import LineResource

READ = roles(Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.PARTNER_LEAD)
EDIT = roles(Role.BUSINESS_UNIT)
# The chart and the comparison look this many years back; older years stay on their pages.
HISTORY_YEARS = 6
PENDING = PendingUpload("pending_budget_import")

register(
    PortalLink(
        "Budget",
        "budget:years",
        READ.roles,
        description="Each financial year’s income and spending, the statutory partners’ shares "
        "of their contributions, and the years compared.",
    )
)
register_public(
    PublicLink(
        "How the partnership is funded",
        "budget_public:years",
        "where the money came from each year and what it was spent on",
    )
)


def _year(start_year: int) -> FinancialYear:
    return get_object_or_404(FinancialYear, start_year=start_year)


def _recent_years() -> list[FinancialYear]:
    return list(FinancialYear.objects.order_by("-start_year")[:HISTORY_YEARS])


def _with_totals(years: list[FinancialYear]) -> list[tuple[FinancialYear, services.Totals]]:
    """Each year beside its totals, in the order given, in one query for them all."""
    totals = services.comparison(years).totals if years else []
    by_year = dict(zip(sorted(years, key=lambda year: year.start_year), totals, strict=True))
    return [(year, by_year[year]) for year in years]


def _can_edit(request) -> bool:
    return request.user.role in EDIT.roles


@declare(READ)
def year_list(request):
    page = paginate(request, FinancialYear.objects.order_by("-start_year"))
    rows = _with_totals(list(page.object_list))
    recent = _recent_years()
    return render(
        request,
        "budget/year_list.html",
        {
            "page": page,
            "rows": rows,
            "chart": contributions_chart(services.partner_shares(recent)) if recent else None,
            "can_edit": _can_edit(request),
        },
    )


@declare(READ)
def comparison(request):
    years = _recent_years()
    history = services.partner_shares(years)
    return render(
        request,
        "budget/comparison.html",
        {
            "comparison": services.comparison(years),
            "history": sorted(history, key=lambda shares: shares.year.start_year),
            "chart": contributions_chart(history) if years else None,
        },
    )


@declare(EDIT)
def year_create(request):
    form = YearForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            year = services.year_create(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Financial year {year.name} added")
            return redirect("budget:year", year=year.start_year)
    return render(request, "budget/year_form.html", {"form": form})


@declare(READ)
def year_detail(request, year):
    year = _year(year)
    statement = services.statement(year)
    fees = services.training_fee_income(year) if _can_edit(request) else None
    fees_line = next(
        (entry.line for entry in statement.income if entry.line.kind == LineKind.TRAINING_FEES),
        None,
    )
    return render(
        request,
        "budget/year_detail.html",
        {
            "year": year,
            "statement": statement,
            "chart": contributions_chart([*statement.earlier_shares, statement.shares]),
            "can_edit": _can_edit(request),
            "training_fees": fees,
            "training_fees_differ": fees is not None
            and (fees_line is None or fees_line.actual != fees),
        },
    )


@declare(EDIT)
def year_note(request, year):
    year = _year(year)
    form = YearNoteForm(posted(request), instance=year)
    if request.method == "POST" and form.is_valid():
        services.year_note_save(year=year, note=form.cleaned_data["note"])
        messages.success(request, f"The note on {year.name} is saved")
        return redirect("budget:year", year=year.start_year)
    return render(request, "budget/note_form.html", {"form": form, "year": year})


@declare(EDIT)
def line_create(request, year, side):
    year = _year(year)
    return _line_form(request, Line(year=year, side=side))


@declare(EDIT)
def line_edit(request, pk):
    return _line_form(request, get_object_or_404(Line.objects.select_related("year"), pk=pk))


def _line_form(request, line: Line):
    form = LineForm(posted(request), instance=line, side=line.side)
    year = line.year
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.line_save(line=line, side=line.side, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"“{saved.label}” saved")
            return redirect(f"{reverse('budget:year', args=[year.start_year])}#line-{saved.pk}")
    noun = "income" if line.side == Side.INCOME else "spending"
    return render(
        request,
        "budget/line_form.html",
        {
            "form": form,
            "year": year,
            "title": f"Change a line of {noun}" if line.pk else f"Add a line of {noun}",
        },
    )


@declare(EDIT)
def line_delete(request, pk):
    line = get_object_or_404(Line.objects.select_related("year", "agency"), pk=pk)
    year = line.year
    if request.method == "POST":
        services.line_delete(line=line)
        messages.success(request, f"“{line.label}” deleted from {year.name}")
        return redirect("budget:year", year=year.start_year)
    return render(request, "budget/line_delete.html", {"line": line, "year": year})


@declare(EDIT)
def year_publish(request, year):
    """Publish the year's summary, or take it down: the page asks first."""
    year = _year(year)
    error = None
    if request.method == "POST":
        try:
            if year.is_published:
                services.year_unpublish(year=year)
                done = "is no longer on the public site"
            else:
                services.year_publish(year=year)
                done = "is on the public site"
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(request, f"The summary of {year.name} {done}")
            return redirect("budget:year", year=year.start_year)
    return render(request, "budget/publish.html", {"year": year, "error": error})


@declare(EDIT)
@require_POST
def training_fees(request, year):
    year = _year(year)
    try:
        line = services.training_fees_fill(year=year)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Training fees for {year.name} set to £{line.actual:,.2f}")
    return redirect("budget:year", year=year.start_year)


@declare(READ)
def year_export(request, year):
    year = _year(year)
    export = services.lines_export(year=year, file_format=export_format(request))
    audit_export(request, year, summary=f"Budget lines, {export.filename}")
    return download(export)


@declare(EDIT)
def import_upload(request):
    form = SpreadsheetUploadForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid() and PENDING.keep_upload(request, form):
        return redirect("budget:import_preview")
    resource = LineResource()
    columns = [field.column_name for field in resource.get_import_fields()]
    return render(
        request,
        "budget/import_form.html",
        {"form": form, "columns": columns, "years": _recent_years()},
    )


@declare(EDIT)
def import_preview(request):
    """GET shows what the file would do (a dry run, repeated so it reflects the records as
    they are now), with any total that disagrees with its lines; POST imports it."""
    found = PENDING.get(request)
    if found is None:
        return render(request, "budget/import_preview.html", {"pending": None})
    pending, content = found
    result = services.lines_import(
        content=content, file_format=pending["file_format"], dry_run=request.method != "POST"
    )
    if result.outcome.applied:
        PENDING.forget(request)
        messages.success(
            request,
            f"{pending['filename']} imported: {len(result.outcome.rows)} lines for "
            + ", ".join(result.replaced),
        )
        first = min(result.replaced)
        return redirect("budget:year", year=int(first[:4]))
    return render(
        request,
        "budget/import_preview.html",
        {"pending": pending, "outcome": result.outcome, "replaced": result.replaced},
    )


# The public's pages


@declare(PUBLIC)
def public_years(request):
    page = paginate(request, FinancialYear.objects.filter(published_at__isnull=False))
    return render(
        request,
        "budget/public_years.html",
        {"page": page, "rows": _with_totals(list(page.object_list))},
    )


@declare(PUBLIC)
def public_year(request, year):
    """A published year's income by source and spending by category. Lines and footnotes
    stay inside the portal; the yearly report publishes the full statement."""
    year = get_object_or_404(FinancialYear, start_year=year, published_at__isnull=False)
    summary = services.comparison([year])
    shares = services.partner_shares([year])[0]
    return render(
        request,
        "budget/public_year.html",
        {"year": year, "summary": summary, "totals": summary.totals[0], "history": [shares]},
    )
