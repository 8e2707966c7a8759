"""The training programme's URLs: the public programme and a practitioner's own bookings under
/training/ ("training" namespace), and the portal's pages for staff and agency leads under
/portal/training/ ("training_staff")."""

from django.urls import path

from .views import booking, evaluation, public, register, staff, statistics

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
    path("courses/", staff.courses, name="courses"),
    path("courses/add/", staff.course_create, name="course_create"),
    path("courses/<int:pk>/", staff.course_edit, name="course_edit"),
    path("courses/<int:pk>/deactivate/", staff.course_deactivate, name="course_deactivate"),
    path("courses/<int:pk>/sessions/add/", staff.session_create, name="session_create"),
    path("sessions/", staff.session_list, name="sessions"),
    path("sessions/<int:pk>/", staff.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", staff.session_edit, name="session_edit"),
    path("sessions/<int:pk>/cancel/", staff.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/book/", staff.book_on_behalf, name="book_on_behalf"),
    path("bookings/<int:pk>/move/", staff.booking_move, name="booking_move"),
    path("bookings/<int:pk>/cancel/", staff.booking_cancel, name="booking_cancel"),
    path("prices/", staff.prices, name="prices"),
    path("import/", staff.import_upload, name="import"),
    path("import/preview/", staff.import_preview, name="import_preview"),
    path("import/example/", staff.import_template, name="import_template"),
    # staff pages
    path("statistics/", statistics.statistics, name="statistics"),
    # statistics pages
]
