from django.shortcuts import render

from ..access import SIGNED_IN, declare
from ..navigation import links_for


@declare(SIGNED_IN)
def dashboard(request):
    return render(
        request,
        "partnership/dashboard.html",
        {"links": [link for link in links_for(request.user) if link.on_dashboard]},
    )


@declare(SIGNED_IN)
def account(request):
    return render(request, "partnership/account.html")
