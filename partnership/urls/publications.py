"""Portal pages for publications: the business unit's drafts, previews and versions."""

from django.urls import path

from ..views import publications

urlpatterns = [
    path("", publications.publication_list, name="publications"),
    path("new/", publications.publication_create, name="publication_create"),
    path("<int:pk>/edit/", publications.publication_edit, name="publication_edit"),
    path("<int:pk>/preview/", publications.publication_preview, name="publication_preview"),
    path(
        "<int:pk>/draft-file/", publications.publication_draft_file, name="publication_draft_file"
    ),
    path("<int:pk>/publish/", publications.publication_publish, name="publication_publish"),
    path("<int:pk>/unpublish/", publications.publication_unpublish, name="publication_unpublish"),
    path("<int:pk>/versions/", publications.publication_versions, name="publication_versions"),
]
