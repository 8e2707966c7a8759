"""The demo partnership's multi-agency data set: thirteen indicators of the kinds a partnership
tracks, owned by the agencies that hold the figures, with two years of quarterly figures ending
with the latest quarter that has ended, so the dashboard always has a full trend.

The latest quarter is drawn to show the exception report at work: two indicators outside their
threshold (referrals, and repeat child protection plans) and one moving the wrong way for two
quarters running (strategy discussions with police and health present). School exclusions for
that quarter are entered but not yet submitted, so the report lists it as not yet judged and,
once its due date passes, it is a late figure. Two figures were submitted late, and one was
corrected with a reason.

The level of children in temporary accommodation follows the seed report (about 4,400 children
placed by the borough in mid-2023); the other levels are invented but of a realistic size for
an outer London borough. No figure is about a child.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .demo_data import BHRUT, ICB, LA, LONDON, PERIOD, POLICE
from .models import (
    Agency,
    Frequency,
    GoodDirection,
    Indicator,
    IndicatorUnit,
    IndicatorValue,
    Priority,
    ValueCorrection,
    ValueStatus,
)
from .services.dataset import due_on, last_ended_period, period_end, recent_periods

QUARTERS = 8
COUNT, PERCENTAGE, RATE = IndicatorUnit.COUNT, IndicatorUnit.PERCENTAGE, IndicatorUnit.RATE
UP, DOWN = GoodDirection.UP, GoodDirection.DOWN

# name, owning agency, unit, which way is good, threshold, priority area, shared with every
# agency, definition, the eight quarters' figures (oldest first; None: not yet submitted)
INDICATORS = [
    (
        "Contacts to children's social care",
        LA,
        COUNT,
        DOWN,
        "3600",
        "Neglect and early help",
        True,
        "Contacts received by the front door (MASH) about a child in the quarter, from any "
        "source, counted once per contact whatever its outcome.",
        ["3100", "3250", "3400", "3180", "3300", "3420", "3350", "3280"],
    ),
    (
        "Referrals to children's social care",
        LA,
        COUNT,
        DOWN,
        "1050",
        "Neglect and early help",
        True,
        "Contacts that led to a referral for a social work assessment in the quarter.",
        ["880", "910", "960", "900", "940", "1030", "1010", "1085"],
    ),
    (
        "Re-referral rate within 12 months",
        LA,
        PERCENTAGE,
        DOWN,
        "22",
        "Neglect and early help",
        False,
        "Referrals in the quarter about a child referred before within the previous 12 months, "
        "as a percentage of all referrals in the quarter.",
        ["19.5", "20.1", "18.8", "21.0", "20.4", "19.2", "19.8", "19.5"],
    ),
    (
        "Child protection plans per 10,000 children",
        LA,
        RATE,
        DOWN,
        "45",
        None,
        True,
        "Children subject to a child protection plan on the last day of the quarter, per "
        "10,000 children under 18 living in the borough (mid-year population estimate).",
        ["38.2", "39.0", "40.1", "39.4", "38.8", "39.6", "40.2", "39.9"],
    ),
    (
        "Children subject to a child protection plan for a second or subsequent time",
        LA,
        PERCENTAGE,
        DOWN,
        "23",
        "Neglect and early help",
        False,
        "Child protection plans starting in the quarter for a child who had a plan before, at "
        "any time, as a percentage of all plans starting in the quarter.",
        ["20.5", "21.8", "19.9", "22.4", "21.0", "21.6", "20.9", "24.6"],
    ),
    (
        "Strategy discussions with police and health present",
        POLICE,
        PERCENTAGE,
        UP,
        "85",
        None,
        True,
        "Strategy discussions held in the quarter at which both the police and a health "
        "professional took part, as a percentage of all strategy discussions held.",
        ["78", "81", "84", "86", "88", "91", "89", "87"],
    ),
    (
        "Initial child protection conferences within 15 working days",
        LA,
        PERCENTAGE,
        UP,
        "80",
        None,
        False,
        "Initial child protection conferences held within 15 working days of the strategy "
        "discussion that started the enquiry, as a percentage of all held in the quarter.",
        ["72", "76", "81", "84", "83", "86", "85", "88"],
    ),
    (
        "Children missing from home episodes",
        POLICE,
        COUNT,
        DOWN,
        "260",
        "Contextual safeguarding",
        True,
        "Episodes in the quarter in which a child living at home was reported missing to the "
        "police; a child missing twice counts twice.",
        ["231", "244", "219", "252", "238", "226", "241", "229"],
    ),
    (
        "Children in temporary accommodation",
        LA,
        COUNT,
        DOWN,
        "4600",
        "A suitable home for every child",
        True,
        "Children in households placed in temporary accommodation by the borough on the last "
        "day of the quarter, in or out of the borough.",
        ["4380", "4442", "4475", "4510", "4490", "4530", "4560", "4520"],
    ),
    (
        "Attendance of statutory partners at the partnership",
        LA,
        PERCENTAGE,
        UP,
        "75",
        None,
        True,
        "Places of the three statutory partners at the partnership's meetings in the quarter "
        "that were filled by the member or a named deputy, as a percentage of all their places.",
        ["71", "78", "83", "80", "86", "82", "88", "92"],
    ),
    (
        "Health assessments for children looked after on time",
        ICB,
        PERCENTAGE,
        UP,
        "90",
        None,
        True,
        "Initial and review health assessments of children looked after completed within their "
        "statutory timescales, as a percentage of those due in the quarter.",
        ["84", "87", "89", "91", "92", "90", "93", "94"],
    ),
    (
        "Emergency department attendances of children for self-harm",
        BHRUT,
        COUNT,
        DOWN,
        "60",
        "Transitional safeguarding",
        False,
        "Attendances at the trust's emergency departments in the quarter by children and young "
        "people under 18 where self-harm was recorded as the reason.",
        ["41", "46", "44", "49", "52", "47", "50", "48"],
    ),
    (
        "School exclusions",
        LA,
        COUNT,
        DOWN,
        "12",
        "Contextual safeguarding",
        False,
        "Permanent exclusions from the borough's schools and academies in the quarter.",
        ["9", "11", "7", "10", "8", "12", "10", None],
    ),
]

# The figure still waiting to be submitted for the latest quarter, and its entered value.
UNSUBMITTED = {"School exclusions": "9"}
# (indicator, quarter number 0-7): submitted after the due date.
LATE = {
    ("Children missing from home episodes", 2),
    ("Health assessments for children looked after on time", 5),
}
# indicator, quarter number, the figure first submitted, why it was corrected
CORRECTION = (
    "Contacts to children's social care",
    6,
    "3390",
    "The first figure counted twice a batch of police notifications that arrived through both "
    "the secure email route and the portal; the duplicates were removed at the quarterly data "
    "cleanse.",
)


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)


@transaction.atomic
def load_data_set(*, today: datetime.date | None = None) -> list[Indicator]:
    today = today or timezone.localdate()
    now = timezone.now()
    quarters = recent_periods(
        Frequency.QUARTERLY, last_ended_period(Frequency.QUARTERLY, today), QUARTERS
    )
    priorities = {
        priority.area: priority for priority in Priority.objects.filter(period_start=PERIOD[0])
    }
    agencies = {agency.name: agency for agency in Agency.objects.all()}
    indicators = []
    for position, row in enumerate(INDICATORS, start=1):
        name, agency, unit, direction, threshold, area, shared, definition, figures = row
        indicator, _ = Indicator.objects.update_or_create(
            name=name,
            defaults={
                "definition": definition,
                "agency": agencies[agency],
                "unit": unit,
                "frequency": Frequency.QUARTERLY,
                "good_direction": direction,
                "threshold": Decimal(threshold),
                "priority": priorities.get(area) if area else None,
                "is_shared": shared,
                "collected_from": quarters[0],
                "is_active": True,
                "position": position,
            },
        )
        indicators.append(indicator)
        for number, (start, figure) in enumerate(zip(quarters, figures, strict=True)):
            ended = period_end(Frequency.QUARTERLY, start)
            entered = min(_at(ended + datetime.timedelta(days=12)), now)
            if figure is None:
                IndicatorValue.objects.update_or_create(
                    indicator=indicator,
                    period_start=start,
                    defaults={
                        "value": Decimal(UNSUBMITTED[name]),
                        "status": ValueStatus.ENTERED,
                        "entered_at": entered,
                        "submitted_at": None,
                        "is_late": False,
                    },
                )
                continue
            late = (name, number) in LATE
            submitted_on = (
                due_on(Frequency.QUARTERLY, start) + datetime.timedelta(days=9)
                if late
                else ended + datetime.timedelta(days=20)
            )
            IndicatorValue.objects.update_or_create(
                indicator=indicator,
                period_start=start,
                defaults={
                    "value": Decimal(figure),
                    "status": ValueStatus.SUBMITTED,
                    "entered_at": entered,
                    "submitted_at": min(_at(submitted_on, 15), now),
                    "is_late": late,
                },
            )
    name, number, previous, reason = CORRECTION
    value = IndicatorValue.objects.get(indicator__name=name, period_start=quarters[number])
    ValueCorrection.objects.get_or_create(
        value=value,
        reason=reason,
        defaults={
            "previous": Decimal(previous),
            "corrected": value.value,
            "corrected_at": min(_at(period_end(Frequency.QUARTERLY, quarters[number + 1])), now),
        },
    )
    return indicators
