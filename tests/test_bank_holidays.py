"""Bank holiday data: checked against the `holidays` package and against the regular pattern."""

from __future__ import annotations

import tomllib
from datetime import date

import holidays
import pytest

from calculators.bank_holidays import easter_sunday, regular_pattern
from calculators.errors import InputError
from repo_paths import ROOT

DATA = tomllib.loads((ROOT / "procedures" / "bank-holidays.toml").read_text())
CONFIRMED_THROUGH = DATA["calendar"]["confirmed_through"]
YEARS = range(2010, CONFIRMED_THROUGH + 1)


def _listed(year: int) -> set[date]:
    return {h["date"] for h in DATA["bank_holiday"] if h["date"].year == year}


@pytest.mark.parametrize("year", YEARS)
def test_confirmed_year_matches_holidays_package(year):
    # The package also lists the weekend day itself when a holiday moves to a
    # substitute weekday; weekends are never working days, so compare weekdays.
    theirs = {d for d in holidays.UK(subdiv="ENG", years=year) if d.weekday() < 5}
    assert _listed(year) == theirs


@pytest.mark.parametrize("year", YEARS)
def test_confirmed_year_is_regular_pattern_plus_listed_changes(year):
    days = {b.day for b in regular_pattern(year)}
    for change in DATA["change"]:
        if change["date"].year != year:
            continue
        if change["kind"] == "moved":
            days.discard(change["from"])
        days.add(change["date"])
    assert _listed(year) == days


def test_no_confirmed_bank_holiday_is_at_a_weekend():
    assert all(h["date"].weekday() < 5 for h in DATA["bank_holiday"])


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2011, 4, 29), "Royal wedding"),  # one-off extra day
        (date(2012, 6, 4), "Spring bank holiday"),  # moved from 28 May
        (date(2012, 6, 5), "Diamond Jubilee"),  # one-off
        (date(2020, 5, 8), "VE Day"),  # early May moved from Monday 4 May
        (date(2022, 6, 2), "Spring bank holiday"),  # moved from 30 May
        (date(2022, 6, 3), "Platinum Jubilee"),  # one-off
        (date(2022, 9, 19), "State Funeral"),  # one-off
        (date(2023, 5, 8), "coronation"),  # one-off
        (date(2026, 12, 28), "Boxing Day (substitute day)"),  # 26 December 2026 is a Saturday
        (date(2022, 1, 3), "New Year"),  # 1 January 2022 is a Saturday
        (date(2021, 12, 28), "Boxing Day (substitute day)"),  # Christmas Saturday, Boxing Day Sunday
        (date(2022, 12, 27), "Christmas Day (substitute day)"),  # Christmas Day a Sunday
    ],
)
def test_named_days(rulebook, day, name):
    holiday = rulebook.calendar.holiday(day)
    assert holiday is not None and name in holiday.name and holiday.confirmed


@pytest.mark.parametrize("day", [date(2012, 5, 28), date(2020, 5, 4), date(2022, 5, 30)])
def test_moved_days_are_working_days(rulebook, day):
    assert rulebook.calendar.holiday(day) is None


def test_years_after_confirmed_follow_the_pattern_and_are_marked(rulebook):
    year = CONFIRMED_THROUGH + 1
    listed = rulebook.calendar.in_year(year)
    assert listed and not any(b.confirmed for b in listed)
    theirs = {d for d in holidays.UK(subdiv="ENG", years=year) if d.weekday() < 5}
    assert {b.day for b in listed} == theirs


@pytest.mark.parametrize("year", range(2010, 2080))
def test_easter_matches_holidays_package(year):
    good_friday = {d for d, n in holidays.UK(subdiv="ENG", years=year).items() if n == "Good Friday"}
    assert good_friday == {date.fromordinal(easter_sunday(year).toordinal() - 2)}


def test_before_2010_is_an_error(rulebook):
    with pytest.raises(InputError) as exc:
        rulebook.calendar.holiday(date(2009, 12, 25))
    assert exc.value.field == "at"
