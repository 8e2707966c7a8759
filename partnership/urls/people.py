"""Portal pages for agencies, people, bodies and memberships, and their import and export."""

from django.urls import path

from ..views import people

urlpatterns = [
    path("agencies/", people.agencies, name="agencies"),
    path("agencies/new/", people.agency_create, name="agency_create"),
    path("agencies/<int:pk>/", people.agency, name="agency"),
    path("agencies/<int:pk>/edit/", people.agency_edit, name="agency_edit"),
    path("people/", people.people, name="people"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/", people.person, name="person"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("bodies/", people.bodies, name="bodies"),
    path("bodies/new/", people.body_create, name="body_create"),
    path("bodies/<int:pk>/", people.body, name="body"),
    path("bodies/<int:pk>/edit/", people.body_edit, name="body_edit"),
    path("memberships/", people.memberships, name="memberships"),
    path("memberships/download/", people.memberships_export, name="memberships_export"),
    path("memberships/new/", people.membership_create, name="membership_create"),
    path("memberships/<int:pk>/end/", people.membership_end, name="membership_end"),
    path("import/", people.import_upload, name="import"),
    path("import/preview/", people.import_preview, name="import_preview"),
    path("import/download/", people.export, name="export"),
]
