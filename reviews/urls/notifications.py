"""Filled in by its area."""

urlpatterns: list = []
