"""Portal pages for meetings."""

urlpatterns = []
