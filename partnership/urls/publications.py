"""Portal pages for publications."""

urlpatterns = []
