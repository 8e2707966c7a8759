"""Views of the partnership app, one module per area; each view declares who may use it.

What several areas' views share lives here, where a later app's views can import it too."""

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse

from ..services.spreadsheets import EXPORT_FORMATS, ExportFile

# GOV.UK lists page at 25 rows; one size everywhere, so every list reads the same.
PAGE_SIZE = 25


def paginate(request, rows, *, per_page: int = PAGE_SIZE) -> Page:
    """The page of `rows` the request asks for (the first for a missing or wrong number, the
    last for one past the end), with `numbers`, the page links to show, for
    templates/includes/pagination.html: the first, the last, the current one and its
    neighbours, as the GOV.UK pagination component shows them. A page of heavy rows (charts)
    takes a smaller `per_page`."""
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    page.numbers = list(
        page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    )
    return page


def posted(request):
    """The data of a POST, even an empty one (whose form must show its errors), else None."""
    return request.POST if request.method == "POST" else None


def paragraphs(text: str) -> list[str]:
    """Typed text as paragraphs, split at blank lines, for GOV.UK body text."""
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def export_format(request) -> str:
    """The file format an export link asks for (?format=csv or xlsx); CSV when it asks none."""
    file_format = request.GET.get("format", "csv")
    if file_format not in EXPORT_FORMATS:
        raise Http404("Choose CSV or XLSX")
    return file_format


def download(export: ExportFile) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
