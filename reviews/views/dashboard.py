"""The reviews dashboard: every statutory clock still running, soonest first, and how many
clocks were met on time in a period."""

from django.shortcuts import render
from django.utils import timezone

from partnership.access import declare

from .. import services
from ..forms.dashboard import OnTimePeriodForm
from ..models import Notification
from . import READ, can_edit, viewed


@declare(READ)
def dashboard(request):
    # One "today" for the whole page, so every tag and count agrees with the others.
    today = timezone.localdate()
    form = OnTimePeriodForm(request.GET, today=today)
    clocks = services.all_clocks()  # two queries, whatever the number of records
    running = [
        {
            "clock": clock,
            "state": clock.state(today),
            "left": clock.describe(today),
            "is_notification": isinstance(clock.record, Notification),
        }
        for clock in services.open_clocks(clocks)
    ]
    on_time = None
    if form.is_valid():
        on_time = services.on_time(
            form.cleaned_data["start"], form.cleaned_data["end"], today=today, clocks=clocks
        )
    viewed(request, summary="Reviews dashboard")
    return render(
        request,
        "reviews/dashboard.html",
        {
            "form": form,
            "running": running,
            "on_time": on_time,
            "today": today,
            "can_edit": can_edit(request),
        },
    )
