"""Counting working days in England and Wales.

A working day is Monday to Friday and not a bank holiday in England and Wales.
"N working days after an event" is the N-th working day strictly after the event's
date in London: the event's own day never counts, whatever time it happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from .bank_holidays import BankHolidayCalendar
from .london_time import long_date


@dataclass
class WorkingDayCount:
    """The result of counting: the due date and every day passed over, with why."""

    start: date
    amount: int
    due: date
    counted: list[date] = field(default_factory=list)
    skipped: list[tuple[date, str]] = field(default_factory=list)
    unconfirmed_years: set[int] = field(default_factory=set)

    def working(self) -> list[str]:
        """The count in plain words, as every answer shows it."""
        lines = [
            f"The event's own day ({long_date(self.start)}) is not counted; "
            "counting starts the next day."
        ]
        holidays = [(d, why) for d, why in self.skipped if why != "weekend"]
        weekends = [d for d, why in self.skipped if why == "weekend"]
        if self.amount <= 10:
            for d in sorted(self.counted + [d for d, _ in self.skipped]):
                if d in self.counted:
                    lines.append(f"{long_date(d)}: working day {self.counted.index(d) + 1}.")
                else:
                    why = dict(self.skipped)[d]
                    lines.append(f"{long_date(d)}: not counted ({'weekend' if why == 'weekend' else why}).")
        else:
            lines.append(
                f"Counted {self.amount} working days, passing over {len(weekends)} weekend days"
                + (f" and {len(holidays)} bank holiday(s)." if holidays else " and no bank holidays.")
            )
            for d, why in holidays:
                lines.append(f"{long_date(d)}: not counted ({why}).")
        lines.append(f"Working day {self.amount} is {long_date(self.due)}.")
        return lines


def unannounced_warning(year: int) -> str:
    """The warning on an answer counted into a year whose bank holidays are not yet announced."""
    return (f"Bank holidays for {year} have not yet been announced: the count uses the usual "
            "pattern of bank holidays. Check the date nearer the time.")


def is_working_day(day: date, calendar: BankHolidayCalendar) -> tuple[bool, str]:
    """Whether ``day`` is a working day, and if not, why not (``weekend`` or the holiday)."""
    if day.weekday() >= 5:
        return False, "weekend"
    holiday = calendar.holiday(day)
    if holiday is not None:
        return False, f"{holiday.name}, bank holiday" + ("" if holiday.confirmed else " (not yet announced)")
    return True, ""


def add_working_days(start: date, amount: int, calendar: BankHolidayCalendar) -> WorkingDayCount:
    """The ``amount``-th working day strictly after ``start``, with the working shown."""
    if amount < 1:
        raise ValueError("amount must be at least 1")
    result = WorkingDayCount(start=start, amount=amount, due=start)
    day = start
    while len(result.counted) < amount:
        day += timedelta(days=1)
        if not calendar.is_confirmed_year(day.year):
            result.unconfirmed_years.add(day.year)
        ok, why = is_working_day(day, calendar)
        if ok:
            result.counted.append(day)
        else:
            result.skipped.append((day, why))
    result.due = day
    return result
