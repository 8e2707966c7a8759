from django.shortcuts import render
from django.utils import timezone

from ..access import SIGNED_IN, declare
from ..navigation import links_for
from .data_submit import data_notice


@declare(SIGNED_IN)
def dashboard(request):
    return render(
        request,
        "partnership/dashboard.html",
        {
            "links": [link for link in links_for(request.user) if link.on_dashboard],
            # An agency lead's figures due or late for the data set (two queries, any size).
            "data_notice": data_notice(request.user, timezone.localdate()),
        },
    )


@declare(SIGNED_IN)
def account(request):
    return render(request, "partnership/account.html")
