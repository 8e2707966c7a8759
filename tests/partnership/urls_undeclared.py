"""A URLconf with one view that forgot to declare its roles, to prove the access test notices."""

from django.http import HttpResponse
from django.urls import path

from partnership.views import public as views


def forgotten(request):
    return HttpResponse("no declaration")


urlpatterns = [
    path("", views.home, name="home"),
    path("forgotten/", forgotten, name="forgotten"),
]
