from django.shortcuts import render
from django.utils import timezone

from ..access import SIGNED_IN, declare
from ..navigation import links_for
from ..services import two_factor
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
    app = two_factor.app_device(request.user)
    return render(
        request,
        "partnership/account.html",
        {
            "app": app,
            "codes_left": two_factor.recovery_codes_left(request.user) if app else 0,
            "second_factor_required": two_factor.second_factor_required(request.user),
        },
    )
