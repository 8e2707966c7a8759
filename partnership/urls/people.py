"""Portal pages for people."""

urlpatterns = []
