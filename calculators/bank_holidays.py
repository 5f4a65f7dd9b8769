"""Bank holidays in England and Wales.

Confirmed dates are data (``procedures/bank-holidays.toml``), listed one by one as
announced, one-off and moved days included. For years after the last confirmed
year the dates come from the regular pattern below, and every answer that relies
on them says so: the government may still move or add a day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .errors import InputError
from .london_time import FIRST_YEAR, LAST_YEAR


@dataclass(frozen=True)
class BankHoliday:
    """One bank holiday: its date, its name, and whether the date is confirmed."""

    day: date
    name: str
    confirmed: bool


def easter_sunday(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    d = date(year, month, 1)
    return d + timedelta(days=(7 - d.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    d = nxt - timedelta(days=1)
    return d - timedelta(days=d.weekday())


def regular_pattern(year: int) -> list[BankHoliday]:
    """The usual England and Wales bank holidays of a year, with substitute days.

    A New Year's Day, Christmas Day or Boxing Day that falls at a weekend is
    replaced by the next weekday that is not already a holiday.
    """
    days: list[tuple[date, str]] = []
    new_year = date(year, 1, 1)
    if new_year.weekday() >= 5:
        days.append((new_year + timedelta(days=7 - new_year.weekday()), "New Year’s Day (substitute day)"))
    else:
        days.append((new_year, "New Year’s Day"))
    easter = easter_sunday(year)
    days.append((easter - timedelta(days=2), "Good Friday"))
    days.append((easter + timedelta(days=1), "Easter Monday"))
    days.append((_first_monday(year, 5), "Early May bank holiday"))
    days.append((_last_monday(year, 5), "Spring bank holiday"))
    days.append((_last_monday(year, 8), "Summer bank holiday"))
    taken = {d for d, _ in days}
    for day, name in ((date(year, 12, 25), "Christmas Day"), (date(year, 12, 26), "Boxing Day")):
        if day.weekday() < 5:
            days.append((day, name))
            taken.add(day)
    for day, name in ((date(year, 12, 25), "Christmas Day"), (date(year, 12, 26), "Boxing Day")):
        if day.weekday() >= 5:
            sub = day + timedelta(days=1)
            while sub.weekday() >= 5 or sub in taken:
                sub += timedelta(days=1)
            days.append((sub, f"{name} (substitute day)"))
            taken.add(sub)
    return sorted((BankHoliday(d, n, confirmed=False) for d, n in days), key=lambda b: b.day)


class BankHolidayCalendar:
    """Answers "is this date a bank holiday in England and Wales?" for 2010 onwards."""

    def __init__(self, confirmed: list[BankHoliday], confirmed_through: int, source: str) -> None:
        self.confirmed_through = confirmed_through
        self.source = source
        self._by_day: dict[date, BankHoliday] = {b.day: b for b in confirmed}
        self._years_filled = set(range(FIRST_YEAR, confirmed_through + 1))

    def _fill(self, year: int) -> None:
        if year in self._years_filled:
            return
        for b in regular_pattern(year):
            self._by_day[b.day] = b
        self._years_filled.add(year)

    def holiday(self, day: date) -> BankHoliday | None:
        """The bank holiday on ``day``, or None. Raises InputError before 2010."""
        if day.year < FIRST_YEAR or day.year > LAST_YEAR + 1:
            raise InputError(
                "at",
                f"Counting reaches {day.year}, outside the years the handbook has bank holidays for "
                f"({FIRST_YEAR} to {LAST_YEAR}).",
            )
        self._fill(day.year)
        return self._by_day.get(day)

    def is_confirmed_year(self, year: int) -> bool:
        """True where the year's dates are the announced ones, not the regular pattern."""
        return FIRST_YEAR <= year <= self.confirmed_through

    def in_year(self, year: int) -> list[BankHoliday]:
        """Every bank holiday of one year, in date order."""
        self.holiday(date(year, 1, 1))
        return sorted((b for b in self._by_day.values() if b.day.year == year), key=lambda b: b.day)
