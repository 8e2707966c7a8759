"""Portal pages for priorities."""

urlpatterns = []
