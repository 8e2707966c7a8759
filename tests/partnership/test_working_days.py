"""Working days over England and Wales bank holidays, pinned against the published calendar."""

import datetime

import pytest

from partnership.services.working_days import (
    add_working_days,
    is_working_day,
    working_days_between,
)

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 11, 23), 5, D(2026, 11, 30)),  # Monday to Monday, an ordinary week
        (D(2026, 11, 20), 1, D(2026, 11, 23)),  # Friday to Monday: the weekend does not count
        (D(2026, 11, 21), 1, D(2026, 11, 23)),  # from a Saturday, Monday is the first
        # Easter 2026: Good Friday 3 April and Easter Monday 6 April.
        (D(2026, 4, 2), 1, D(2026, 4, 7)),
        (D(2026, 3, 30), 5, D(2026, 4, 8)),
        # Christmas 2026: Friday 25th, Boxing Day on a Saturday so Monday 28th is its substitute.
        (D(2026, 12, 24), 1, D(2026, 12, 29)),
        (D(2026, 12, 18), 15, D(2027, 1, 13)),  # over Christmas and New Year's Day
        # Christmas 2027: both days fall at the weekend; 27th and 28th are substitutes.
        (D(2027, 12, 24), 1, D(2027, 12, 29)),
        # The coronation's extra bank holiday, Monday 8 May 2023.
        (D(2023, 5, 5), 1, D(2023, 5, 9)),
        (D(2026, 12, 29), -1, D(2026, 12, 24)),  # counting back skips the same days
        (D(2026, 12, 26), 0, D(2026, 12, 26)),
    ],
)
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected


def test_bank_holidays_and_weekends_are_not_working_days():
    assert not is_working_day(D(2026, 12, 28))  # Boxing Day's substitute
    assert not is_working_day(D(2026, 8, 31))  # late summer bank holiday
    assert not is_working_day(D(2026, 11, 22))  # a Sunday
    assert is_working_day(D(2026, 11, 23))


@pytest.mark.parametrize("days", [0, 1, 4, 15, 40])
def test_working_days_between_undoes_add_working_days(days):
    start = D(2026, 12, 18)
    assert working_days_between(start, add_working_days(start, days)) == days
    assert working_days_between(add_working_days(start, days), start) == -days
