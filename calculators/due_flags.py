"""What is awkward about a due time: a weekend, a bank holiday, the night.

Flags are information, never arithmetic: the deadline engine has already counted the
date, and a flag never moves it. The calendar is the rulebook's
(``procedures/bank-holidays.toml``); night is the timeline's ``night`` in
``procedures/tools.toml``, the handbook's own convention. The words are the view's
(``calculators/timeline_view.py``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .bank_holidays import BankHolidayCalendar
from .london_time import LONDON
from .night_hours import Night
from .working_days import is_working_day

WEEKEND = "weekend"
BANK_HOLIDAY = "bank-holiday"
NIGHT = "night"


def flags(due: str | None, calendar: BankHolidayCalendar, night: Night | None) -> list[dict[str, Any]]:
    """The flags of one due date (``YYYY-MM-DD``) or due time (ISO with its offset).

    A date runs to the end of the day, so only a clock time can fall at night.
    """
    if not due:
        return []
    moment = datetime.fromisoformat(due).astimezone(LONDON) if "T" in due else None
    day = moment.date() if moment else date.fromisoformat(due)
    out: list[dict[str, Any]] = []
    if is_working_day(day, calendar)[1] == WEEKEND:  # the working-day count's own test
        out.append({"kind": WEEKEND, "day": f"{day:%A}"})
    holiday = calendar.holiday(day)
    if holiday is not None:
        out.append({"kind": BANK_HOLIDAY, "name": holiday.name, "confirmed": holiday.confirmed})
    if moment is not None and night is not None and night.contains(moment.time()):
        out.append({"kind": NIGHT, "from": f"{night.start:%H:%M}", "until": f"{night.end:%H:%M}",
                    "note": night.note})
    return out
