"""Working days at their edges, and properties checked against an independent count."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.working_days import add_working_days, is_working_day


@lru_cache(maxsize=None)
def _uk(year: int) -> frozenset[date]:
    return frozenset(holidays.UK(subdiv="ENG", years=year))


def oracle(start: date, n: int) -> date:
    """An independent count built on the `holidays` package, not on the handbook's data."""
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in _uk(day.year):
            counted += 1
    return day


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (date(2026, 11, 23), 1, date(2026, 11, 24)),  # Monday: the next day
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday: over the weekend
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # Saturday start
        (date(2026, 11, 29), 1, date(2026, 11, 30)),  # Sunday start
        (date(2026, 12, 24), 3, date(2026, 12, 31)),  # Christmas Eve; Boxing Day substitute on Monday 28th
        (date(2026, 12, 25), 1, date(2026, 12, 29)),  # start on a bank holiday
        (date(2026, 12, 31), 1, date(2027, 1, 4)),  # year end: New Year's Day on a Friday
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # Easter: Good Friday and Easter Monday
        (date(2026, 5, 22), 1, date(2026, 5, 26)),  # land next to the spring bank holiday
        (date(2026, 8, 28), 1, date(2026, 9, 1)),  # summer bank holiday Monday
        (date(2020, 5, 7), 1, date(2020, 5, 11)),  # VE Day Friday 8 May 2020 (moved early May)
        (date(2020, 5, 1), 1, date(2020, 5, 4)),  # Monday 4 May 2020 was an ordinary working day
        (date(2022, 6, 1), 1, date(2022, 6, 6)),  # Platinum Jubilee: Thursday and Friday off
        (date(2022, 9, 16), 1, date(2022, 9, 20)),  # state funeral Monday 19 September 2022
        (date(2023, 5, 5), 1, date(2023, 5, 9)),  # coronation Monday 8 May 2023
        (date(2011, 4, 21), 1, date(2011, 4, 26)),  # Easter 2011; royal wedding on Friday 29th follows
        (date(2011, 4, 28), 1, date(2011, 5, 3)),  # royal wedding Friday, early May Monday
        (date(2012, 6, 1), 1, date(2012, 6, 6)),  # Diamond Jubilee Monday 4 and Tuesday 5 June 2012
        (date(2021, 12, 24), 1, date(2021, 12, 29)),  # both Christmas substitutes, 27th and 28th
        (date(2028, 2, 28), 1, date(2028, 2, 29)),  # leap day is a working day
        (date(2027, 12, 31), 1, date(2028, 1, 4)),  # New Year's Day 2028 is a Saturday: Monday 3rd off
        (date(2010, 1, 1), 1, date(2010, 1, 4)),  # the first day of the data
    ],
)
def test_edges(rulebook, start, n, due):
    assert add_working_days(start, n, rulebook.calendar).due == due
    assert oracle(start, n) == due


def test_skipped_days_say_why(rulebook):
    count = add_working_days(date(2026, 12, 24), 3, rulebook.calendar)
    reasons = dict(count.skipped)
    assert reasons[date(2026, 12, 25)].startswith("Christmas Day")
    assert reasons[date(2026, 12, 26)] == "weekend"
    assert reasons[date(2026, 12, 28)].startswith("Boxing Day (substitute day)")
    assert count.counted == [date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)]


def test_unconfirmed_years_are_reported(rulebook):
    assert add_working_days(date(2027, 12, 30), 3, rulebook.calendar).unconfirmed_years == {2028}
    assert add_working_days(date(2027, 6, 1), 3, rulebook.calendar).unconfirmed_years == set()


def test_zero_or_negative_is_refused(rulebook):
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), 0, rulebook.calendar)


days = st.dates(min_value=date(2010, 1, 1), max_value=date(2060, 12, 31))


@settings(max_examples=300, deadline=None)
@given(start=days, n=st.integers(min_value=1, max_value=60))
def test_due_is_a_working_day_and_matches_the_oracle(rulebook, start, n):
    due = add_working_days(start, n, rulebook.calendar).due
    assert due.weekday() < 5
    assert rulebook.calendar.holiday(due) is None
    assert is_working_day(due, rulebook.calendar)[0]
    assert due > start
    assert due == oracle(start, n)


@settings(max_examples=200, deadline=None)
@given(start=days, n=st.integers(min_value=1, max_value=40), extra=st.integers(min_value=1, max_value=10))
def test_never_earlier_for_a_larger_n(rulebook, start, n, extra):
    assert add_working_days(start, n + extra, rulebook.calendar).due > add_working_days(start, n, rulebook.calendar).due
