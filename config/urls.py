from django.contrib import admin
from django.urls import include, path

from budget.urls import public_patterns as budget_public_patterns
from partnership.urls.public import accounts_patterns
from training.urls import staff_patterns as training_staff_patterns

urlpatterns = [
    path("", include("partnership.urls.public")),
    path("accounts/", include(accounts_patterns)),
    path("portal/", include("partnership.urls")),
    path("portal/reviews/", include("reviews.urls")),
    path("portal/scrutiny/", include("scrutiny.urls")),
    path("portal/budget/", include("budget.urls")),
    path("budget/", include(budget_public_patterns)),
    path("portal/training/", include((training_staff_patterns, "training_staff"))),
    path("training/", include("training.urls")),
    path("admin/", admin.site.urls),
]

# A form too large to read gets a page that says so (413), not Django's bare 400.
handler400 = "partnership.views.errors.bad_request"

admin.site.site_header = "Partnership portal administration"
admin.site.site_title = "Partnership portal"
