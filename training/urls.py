"""The training programme's URLs: the public programme and a practitioner's own bookings under
/training/ ("training" namespace), and the portal's pages for staff and agency leads under
/portal/training/ ("training_staff")."""

from django.urls import path

from .views import booking, public
from .views import statistics
from .views import register
from .views import evaluation

app_name = "training"

urlpatterns = [
    path("", public.programme, name="programme"),
    path("calendar.ics", public.calendar_feed, name="calendar"),
    path("sessions/<int:pk>/", public.session_detail, name="session"),
    path("bookings/", booking.my_bookings, name="my_bookings"),
    path("bookings/<int:pk>/", booking.booking_detail, name="booking"),
    path("bookings/<int:pk>/cancel/", booking.cancel, name="cancel"),
    path("bookings/<int:pk>/hand-on/", booking.substitute, name="substitute"),
    path("sessions/<int:pk>/book/", booking.book, name="book"),
    path("approve/<str:token>/", booking.approve, name="approve"),
    path("decline/<str:token>/", booking.decline, name="decline"),
    # booking pages
    path("bookings/<int:pk>/evaluation/", evaluation.evaluate, name="evaluate"),
    path("bookings/<int:pk>/certificate.pdf", evaluation.certificate, name="certificate"),
    path("impact/<str:token>/", evaluation.impact, name="impact"),
    # evaluation pages
]

staff_patterns = [
    path("agency/bookings/", booking.agency_bookings, name="agency_bookings"),
    path("agency/bookings/<int:pk>/", booking.agency_booking, name="agency_booking"),
    path("agency/bookings/<int:pk>/cancel/", booking.agency_cancel, name="agency_cancel"),
    path("agency/bookings/<int:pk>/hand-on/", booking.agency_substitute, name="agency_substitute"),
    path("agency/sessions/<int:pk>/book/", booking.agency_book, name="agency_book"),
    # agency lead pages
    path("sessions/<int:pk>/register/", register.register_page, name="register"),
    path(
        "sessions/<int:pk>/register/sign-in-sheet.pdf",
        register.sign_in_sheet,
        name="sign_in_sheet",
    ),
    path("sessions/<int:pk>/register.csv", register.register_csv, name="register_csv"),
    path("charges/", register.charge_list, name="charges"),
    path("charges/<int:pk>/", register.charge_detail, name="charge"),
    path("charges/<int:pk>/waive/", register.charge_waive_page, name="charge_waive"),
    path("charges/statement/", register.statement_page, name="charges_statement"),
    path(
        "charges/statement/download/",
        register.statement_download,
        name="charges_statement_download",
    ),
    # register pages
    # staff pages
    path("statistics/", statistics.statistics, name="statistics"),
    # statistics pages
]
