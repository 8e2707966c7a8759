"""The budget's pages: the portal's under /portal/budget/ ("budget" namespace), and the
public summary under /budget/ ("budget_public")."""

from django.urls import path, register_converter

from . import views
from .resources import parse_year_name


class FinancialYearConverter:
    """A financial year in a URL as people write it, "2023-24"; the view gets 2023."""

    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> int:
        return parse_year_name(value)  # a ValueError ("2023-25") makes the URL not match

    def to_url(self, value) -> str:
        start_year = getattr(value, "start_year", value)
        return f"{start_year}-{(int(start_year) + 1) % 100:02d}"


register_converter(FinancialYearConverter, "fy")

app_name = "budget"

urlpatterns = [
    path("", views.year_list, name="years"),
    path("compare/", views.comparison, name="comparison"),
    path("new/", views.year_create, name="year_create"),
    path("import/", views.import_upload, name="import"),
    path("import/check/", views.import_preview, name="import_preview"),
    path("<fy:year>/", views.year_detail, name="year"),
    path("<fy:year>/note/", views.year_note, name="year_note"),
    path("<fy:year>/publish/", views.year_publish, name="year_publish"),
    path("<fy:year>/export/", views.year_export, name="year_export"),
    path("<fy:year>/training-fees/", views.training_fees, name="training_fees"),
    path("<fy:year>/income/add/", views.line_create, {"side": "income"}, name="income_line_create"),
    path(
        "<fy:year>/expenditure/add/",
        views.line_create,
        {"side": "expenditure"},
        name="expenditure_line_create",
    ),
    path("lines/<int:pk>/", views.line_edit, name="line_edit"),
    path("lines/<int:pk>/delete/", views.line_delete, name="line_delete"),
]

public_patterns = (
    [
        path("", views.public_years, name="years"),
        path("<fy:year>/", views.public_year, name="year"),
    ],
    "budget_public",
)
