"""Scrutiny pages: checklist."""

urlpatterns = []
