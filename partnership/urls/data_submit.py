"""An agency lead's figures: the quarters due, a quarter's figures, imports, and corrections."""

import datetime

from django.urls import path, register_converter

from ..views import data_submit as views


class QuarterConverter:
    """A quarter named by its first day, like 2025-04-01; any other date does not match (404)."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> datetime.date:
        day = datetime.date.fromisoformat(value)  # a ValueError is no match
        if day.day != 1 or day.month not in (1, 4, 7, 10):
            raise ValueError(f"{value} is not the first day of a quarter")
        return day

    def to_url(self, value: datetime.date) -> str:
        return value.isoformat()


register_converter(QuarterConverter, "data_quarter")

urlpatterns = [
    path("submit/", views.data_submit, name="data_submit"),
    path("submit/import/", views.data_import, name="data_import"),
    path("submit/import/check/", views.data_import_preview, name="data_import_preview"),
    path("submit/import/template/", views.data_import_template, name="data_import_template"),
    path("submit/<data_quarter:quarter>/", views.data_submit_quarter, name="data_submit_quarter"),
    path("values/<int:pk>/correct/", views.data_value_correct, name="data_value_correct"),
]
