"""The exception report for a quarter: the indicators outside their threshold or moving the
wrong way for two quarters running, written to be pasted into the partnership meeting's
papers, and the same as XLSX or PDF."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from .. import services
from ..access import declare, roles
from ..forms.data_exceptions import QuarterForm
from ..models import Role
from ..navigation import PortalLink, register
from ..services.audit import actor_of
from ..services.data_exports import EXCEPTION_FORMATS
from . import download

# The partnership-wide picture: an agency lead reads shared indicators on the dashboard, but
# the report names every agency's exceptions, so it is for the partnership's own roles.
READERS = roles(Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.PARTNER_LEAD)

register(
    PortalLink(
        "Exception report",
        "portal:data_exceptions",
        READERS.roles,
        description="The indicators outside their threshold or moving the wrong way in a "
        "quarter, ready for the partnership meeting’s papers, as XLSX or PDF.",
        in_header=False,
    )
)


@declare(READERS)
def exceptions(request):
    form = QuarterForm(request.GET or None, today=timezone.localdate())
    quarter = form.chosen()
    report = services.exception_report_for(quarter) if quarter else None
    query = urlencode({"quarter": quarter.isoformat()}) if quarter else ""
    return render(
        request,
        "partnership/data/exceptions.html",
        {"form": form, "report": report, "query": query},
    )


@declare(READERS)
def exceptions_export(request):
    file_format = request.GET.get("format", "xlsx")
    if file_format not in EXCEPTION_FORMATS:
        raise Http404("Choose XLSX or PDF")
    asked = {"quarter": request.GET["quarter"]} if "quarter" in request.GET else None
    form = QuarterForm(asked, today=timezone.localdate())
    quarter = form.chosen()
    if quarter is None:
        raise Http404("Choose one of the last eight quarters")
    export = services.exception_report_export(
        actor=actor_of(request), quarter_start=quarter, file_format=file_format
    )
    response = download(export)
    response["Cache-Control"] = "private, no-store"
    return response
