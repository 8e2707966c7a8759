"""Frameworks: the business unit imports and exports them; the scrutineer and partner leads
read them; an agency lead reads the Section 11 standards their agency answers."""

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from partnership.access import declare, roles
from partnership.models import Role
from partnership.navigation import PortalLink, register
from partnership.views import paginate, paragraphs, posted

from ..forms.frameworks import FrameworkImportForm
from ..models import Framework, Section
from ..services import frameworks as framework_services

MANAGERS = roles(Role.BUSINESS_UNIT)
READERS = roles(Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.PARTNER_LEAD)
# Agency leads answer the Section 11 standards, so they may read those (and only those:
# Framework.objects.for_user scopes them, and any other framework is a 404 for them).
READERS_AND_AGENCY_LEADS = roles(
    Role.BUSINESS_UNIT, Role.SCRUTINEER, Role.PARTNER_LEAD, Role.AGENCY_LEAD
)

register(
    PortalLink(
        "Frameworks",
        "scrutiny:frameworks",
        READERS.roles,
        description="The question sets that scrutiny uses: the six-step checklist, the Section 11 "
        "standards and any the partnership has imported, with their rating scales.",
        in_header=False,
    )
)


@declare(READERS)
def framework_list(request):
    later_version = Framework.objects.filter(slug=OuterRef("slug"), version__gt=OuterRef("version"))
    frameworks = (
        Framework.objects.for_user(request.user)
        .select_related("scale")
        .annotate(question_count=Count("sections__questions"), superseded=Exists(later_version))
        .order_by("name", "-version", "pk")
    )
    return render(
        request,
        "scrutiny/frameworks/list.html",
        {"page": paginate(request, frameworks), "can_import": request.user.role in MANAGERS.roles},
    )


@declare(READERS_AND_AGENCY_LEADS)
def framework_detail(request, pk):
    framework = get_object_or_404(
        Framework.objects.for_user(request.user)
        .select_related("scale")
        .prefetch_related(
            "scale__levels",
            Prefetch("sections", queryset=Section.objects.prefetch_related("questions")),
        ),
        pk=pk,
    )
    return render(
        request,
        "scrutiny/frameworks/detail.html",
        {
            "framework": framework,
            "description": paragraphs(framework.description),
            "question_count": sum(len(s.questions.all()) for s in framework.sections.all()),
            "can_list": request.user.role in READERS.roles,
            "can_import": request.user.role in MANAGERS.roles,
        },
    )


@declare(MANAGERS)
def framework_import(request):
    form = FrameworkImportForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.file_format == "xlsx":
                framework = framework_services.framework_import_xlsx(content=form.content)
            else:
                framework = framework_services.framework_import_yaml(text=form.text)
        except framework_services.FrameworkFileError as error:
            form.add_error("file", error.problems)
        else:
            questions = framework.sections.aggregate(count=Count("questions"))["count"]
            messages.success(
                request,
                f"{framework.name} version {framework.version} imported: "
                f"{framework.sections.count()} sections, {questions} questions.",
            )
            return redirect("scrutiny:framework", pk=framework.pk)
    return render(request, "scrutiny/frameworks/import.html", {"form": form})


@declare(READERS_AND_AGENCY_LEADS)
def framework_export(request, pk):
    framework = get_object_or_404(
        Framework.objects.for_user(request.user).select_related("scale"), pk=pk
    )
    file_format = request.GET.get("format", "yaml")
    stem = f"{framework.slug}-version-{framework.version}"
    if file_format == "yaml":
        response = HttpResponse(
            framework_services.framework_export_yaml(framework),
            content_type=f"{framework_services.YAML_CONTENT_TYPE}; charset=utf-8",
        )
        filename = f"{stem}.yaml"
    elif file_format == "xlsx":
        response = HttpResponse(
            framework_services.framework_export_xlsx(framework),
            content_type=framework_services.XLSX_CONTENT_TYPE,
        )
        filename = f"{stem}.xlsx"
    else:
        raise Http404("Choose the yaml or xlsx format")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
