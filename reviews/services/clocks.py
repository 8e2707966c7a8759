"""The statutory clocks of the reviews, in working days over England's bank holidays.

Working Together to Safeguard Children sets them:
- the local authority notifies the national panel within 5 working days of becoming aware of
  a serious incident;
- the partners send the panel their rapid review within 15 working days. Working Together
  counts from the day the local authority became aware; some panels count from the
  notification, so the start is the setting REVIEWS_RAPID_REVIEW_FROM ("aware" or
  "notification");
- a local child safeguarding practice review is published within 6 months of the decision
  to hold it (calendar months, not working days);
- the panel receives the final report at least 7 working days before it is published.

Each clock turns amber when few working days are left and red when it is due today or past.
"""

import datetime
from dataclasses import dataclass
from enum import Enum

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Model
from django.utils import timezone

from partnership.services.working_days import add_working_days, working_days_between

from ..models import Notification, Review, ReviewKind

NOTIFICATION_WORKING_DAYS = 5
RAPID_REVIEW_WORKING_DAYS = 15
PUBLICATION_MONTHS = 6
FINAL_REPORT_WORKING_DAYS_BEFORE = 7


class ClockKind(Enum):
    # (label, working days left at which the clock turns amber)
    NOTIFICATION = ("Notify the national panel", 2)
    RAPID_REVIEW = ("Send the rapid review to the panel", 5)
    FINAL_REPORT = ("Send the final report to the panel", 5)
    PUBLICATION = ("Publish the review", 20)

    def __init__(self, label, amber_within):
        self.label = label
        self.amber_within = amber_within


class ClockState(Enum):
    # (words on the tag, GOV.UK tag colour)
    NOT_STARTED = ("Not started", "grey")
    ON_TRACK = ("On track", "green")
    AMBER = ("Due soon", "yellow")
    RED = ("Due now", "red")
    OVERDUE = ("Overdue", "red")
    MET = ("Met", "green")
    LATE = ("Late", "red")

    def __init__(self, words, colour):
        self.words = words
        self.colour = colour


def notification_due(became_aware_on: datetime.date) -> datetime.date:
    return add_working_days(became_aware_on, NOTIFICATION_WORKING_DAYS)


def rapid_review_start(notification: Notification) -> datetime.date | None:
    if settings.REVIEWS_RAPID_REVIEW_FROM == "notification":
        return notification.notified_on
    return notification.became_aware_on


def rapid_review_due(notification: Notification) -> datetime.date | None:
    start = rapid_review_start(notification)
    return add_working_days(start, RAPID_REVIEW_WORKING_DAYS) if start else None


def publication_due(decided_on: datetime.date) -> datetime.date:
    # relativedelta keeps the day of the month, or the month's last day where it has fewer.
    return decided_on + relativedelta(months=PUBLICATION_MONTHS)


def final_report_due(review: Review) -> datetime.date | None:
    """7 working days before publication: before the day it was published, once it is, else
    before the day it is due."""
    target = review.published_on or (
        publication_due(review.decided_on) if review.decided_on else None
    )
    return add_working_days(target, -FINAL_REPORT_WORKING_DAYS_BEFORE) if target else None


@dataclass(frozen=True)
class Clock:
    kind: ClockKind
    record: Model  # the Notification or the Review whose page shows it
    due_on: datetime.date | None  # None until the clock starts
    done_on: datetime.date | None

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def is_open(self) -> bool:
        return self.done_on is None

    @property
    def met(self) -> bool | None:
        """On time, late, or None while it runs."""
        if self.done_on is None or self.due_on is None:
            return None
        return self.done_on <= self.due_on

    def days_left(self, today: datetime.date) -> int | None:
        """Working days from today to the due date: 0 when due today, negative when overdue."""
        if self.due_on is None:
            return None
        return working_days_between(today, self.due_on)

    def state(self, today: datetime.date) -> ClockState:
        if self.due_on is None:
            return ClockState.NOT_STARTED
        if self.done_on is not None:
            return ClockState.MET if self.met else ClockState.LATE
        if self.due_on < today:
            return ClockState.OVERDUE
        left = self.days_left(today)
        if left <= 0:
            return ClockState.RED
        if left <= self.kind.amber_within:
            return ClockState.AMBER
        return ClockState.ON_TRACK

    def describe(self, today: datetime.date) -> str:
        """Days left in words, for the page beside the tag."""
        if self.due_on is None:
            return "Starts when the panel is notified"
        if self.done_on is not None:
            return f"Done {self.done_on:%-d %B %Y}, due {self.due_on:%-d %B %Y}"
        if self.due_on < today:
            late = working_days_between(self.due_on, today)
            if late == 0:  # a weekend or bank holiday straight after the due date
                return f"Overdue since {self.due_on:%-d %B %Y}"
            return f"{late} working day{'s' if late != 1 else ''} overdue"
        left = self.days_left(today)
        if left == 0 and self.due_on == today:
            return "Due today"
        return f"{left} working day{'s' if left != 1 else ''} left"


def notification_clocks(notification: Notification) -> list[Clock]:
    """The notification's two clocks. Needs its rapid_review (select_related it)."""
    rapid_review = notification.rapid_review
    return [
        Clock(
            ClockKind.NOTIFICATION,
            notification,
            notification_due(notification.became_aware_on),
            notification.notified_on,
        ),
        Clock(
            ClockKind.RAPID_REVIEW,
            notification,
            rapid_review_due(notification),
            rapid_review.sent_on,
        ),
    ]


def review_clocks(review: Review) -> list[Clock]:
    """A local CSPR's two clocks; other kinds of review have none."""
    if review.kind != ReviewKind.CSPR or review.decided_on is None:
        return []
    return [
        Clock(
            ClockKind.FINAL_REPORT, review, final_report_due(review), review.final_report_sent_on
        ),
        Clock(
            ClockKind.PUBLICATION,
            review,
            publication_due(review.decided_on),
            review.published_on,
        ),
    ]


def all_clocks() -> list[Clock]:
    """Every clock of every notification and CSPR, in two queries."""
    clocks: list[Clock] = []
    for notification in Notification.objects.select_related("rapid_review"):
        clocks.extend(notification_clocks(notification))
    for review in Review.objects.filter(kind=ReviewKind.CSPR, decided_on__isnull=False):
        clocks.extend(review_clocks(review))
    return clocks


def open_clocks(clocks: list[Clock] | None = None) -> list[Clock]:
    """The clocks still running, soonest due first; those not yet started last."""
    running = [clock for clock in (all_clocks() if clocks is None else clocks) if clock.is_open]
    return sorted(running, key=lambda c: (c.due_on is None, c.due_on or datetime.date.max))


@dataclass(frozen=True)
class OnTime:
    kind: ClockKind
    met: int
    due: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.met / self.due) if self.due else None


def on_time(
    start: datetime.date,
    end: datetime.date,
    *,
    today: datetime.date | None = None,
    clocks: list[Clock] | None = None,
) -> list[OnTime]:
    """Per kind of clock, how many of those due in the period were met on time. A clock still
    open past its due date counts as missed; one due later than today is not counted yet."""
    today = today or timezone.localdate()
    counts = {kind: [0, 0] for kind in ClockKind}
    for clock in all_clocks() if clocks is None else clocks:
        if clock.due_on is None or not start <= clock.due_on <= end:
            continue
        if clock.is_open and clock.due_on >= today:
            continue
        counts[clock.kind][1] += 1
        if clock.met:
            counts[clock.kind][0] += 1
    return [OnTime(kind, met, due) for kind, (met, due) in counts.items()]
