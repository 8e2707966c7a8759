"""Scrutiny pages: frameworks."""

urlpatterns = []
