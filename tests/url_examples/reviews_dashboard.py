"""Example records for the reviews dashboard, so the browser check sees clocks in every
colour: a notification not yet made and nearly due, one whose rapid review is overdue, and a
CSPR whose clocks run well ahead."""

import datetime

from django.utils import timezone

from partnership.services.working_days import add_working_days

from ..reviews.factories import NotificationFactory, ReviewFactory


def _clocks_running(cast):
    today = timezone.localdate()
    NotificationFactory(became_aware_on=add_working_days(today, -4), notified_on=None)
    NotificationFactory(
        became_aware_on=add_working_days(today, -20), notified_on=add_working_days(today, -19)
    )
    ReviewFactory(title="Local CSPR: Baby D", decided_on=today - datetime.timedelta(days=30))
    return {}


EXAMPLES = {"reviews:dashboard": _clocks_running}
