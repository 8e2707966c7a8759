"""Scrutiny pages: rounds."""

urlpatterns = []
