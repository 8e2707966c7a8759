"""Working days: Monday to Friday, less the bank holidays of England and Wales.

Statutory clocks (rapid reviews, publication of reviews) and the training programme's rules
(late cancellation, approvals not given in time) count in these. The `holidays` package knows
the bank holidays offline, substitute days included (Boxing Day on a Saturday moves to Monday).
Wales keeps England's bank holidays, so subdivision "ENG" serves both.
"""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The working day `days` working days after `start` (before it, for a negative number).
    `start` itself never counts, so 5 working days after a Friday is the next Friday; 0 gives
    `start` back even when it is not a working day."""
    step = 1 if days >= 0 else -1
    day, remaining = start, abs(days)
    while remaining:
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """How many working days after `start` up to and including `end`: the inverse of
    add_working_days for a working day `end`. Negative when `end` is before `start`."""
    if end < start:
        return -working_days_between(end, start)
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(start + datetime.timedelta(days=offset))
    )
