"""Scrutiny pages: Section 11 rounds, under /portal/scrutiny/section-11/."""

from django.urls import path

from ..views import rounds

urlpatterns = [
    path("", rounds.round_list, name="rounds"),
    path("new/", rounds.round_create, name="round_create"),
    path("your-returns/", rounds.my_returns, name="my_returns"),
    path("<int:pk>/", rounds.round_detail, name="round"),
    path("<int:pk>/grid/", rounds.round_grid, name="round_grid"),
    path("<int:pk>/grid.xlsx", rounds.round_grid_export, name="round_grid_export"),
    path("returns/<int:pk>/extend/", rounds.return_extend, name="return_extend"),
]
