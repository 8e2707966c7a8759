"""Portal pages for actions."""

urlpatterns = []
