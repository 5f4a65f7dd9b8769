"""Reading event times and writing dates and times the way England writes them.

Every procedure in the handbook is English, so every date is a date in London and
every time is shown in Europe/London time with its name (GMT or BST).
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from .errors import InputError

#: The London zone file shipped inside the wheel (taken from the pinned tzdata wheel at
#: build time). In the browser it is the only time zone data there is; it is absent in
#: a checkout, where the system's zone database is used.
PACKAGED_ZONE = Path(__file__).resolve().parent / "zoneinfo" / "Europe" / "London"


def london_zone(packaged: Path = PACKAGED_ZONE) -> ZoneInfo:
    """Europe/London: from the file shipped in the wheel if present, else the system's."""
    if packaged.is_file():
        with packaged.open("rb") as fh:
            return ZoneInfo.from_file(fh, key="Europe/London")
    return ZoneInfo("Europe/London")


LONDON = london_zone()

#: The earliest and latest years the handbook will count in. Before 2010 it holds
#: no bank holiday data; far beyond today any answer would be speculation.
FIRST_YEAR = 2010
LAST_YEAR = 2099

_AT = re.compile(
    r"^(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})[T ](?P<h>\d{1,2}):(?P<mi>\d{2})"
    r"(?::(?P<s>\d{2}))?(?P<off>Z|[+-]\d{2}:?\d{2})?$"
)

FORMAT_HINT = "YYYY-MM-DDTHH:MM, for example 2026-12-24T16:30"


# The wordings below are kept once written (lru_cache): an answer for every procedure writes the
# same few dates and times dozens of times, and writing them was about a quarter of its Python
# time. They are kept under plain keys, never under the date or time itself: two London times an
# hour apart in the autumn (01:30 BST and 01:30 GMT) are equal to Python and hash alike, since
# only `fold` tells them apart, and a datetime can equal one in another zone on another day.
def long_date(d: date) -> str:
    """A date written out in full: ``Thursday 31 December 2026``."""
    return _long_date(d.year, d.month, d.day)


@functools.lru_cache(maxsize=1024)
def _long_date(year: int, month: int, day: int) -> str:
    d = date(year, month, day)
    return f"{d:%A} {d.day} {d:%B} {d.year}"


def short_date(d: date) -> str:
    """A date without its weekday: ``31 December 2026``."""
    return _short_date(d.year, d.month, d.day)


@functools.lru_cache(maxsize=1024)
def _short_date(year: int, month: int, day: int) -> str:
    return f"{day} {date(year, month, day):%B} {year}"


def zone_name(moment: datetime) -> str:
    """``GMT`` or ``BST`` for a London time."""
    return moment.astimezone(LONDON).tzname() or "UTC"


def long_time(moment: datetime) -> str:
    """A moment in London written out: ``16:30 GMT on Thursday 24 December 2026``."""
    # The instant in UTC, where no two moments share a wall-clock time.
    return _long_time(moment.astimezone(timezone.utc).replace(tzinfo=None))


@functools.lru_cache(maxsize=1024)
def _long_time(utc: datetime) -> str:
    local = utc.replace(tzinfo=timezone.utc).astimezone(LONDON)
    return f"{local:%H:%M} {zone_name(local)} on {long_date(local.date())}"


def iso_minutes(moment: datetime) -> str:
    """ISO 8601 to the minute with the London offset: ``2026-12-25T16:30+00:00``."""
    return moment.astimezone(LONDON).isoformat(timespec="minutes")


def real_date(year: int, month: int, day: int, field: str, what: str = "of the event") -> date:
    """The date, or an ``InputError`` at ``field`` naming the boxes to mark (month 13, 31 February)."""
    if not 1 <= month <= 12:
        raise InputError(field, f"The month must be between 1 and 12 (you entered {month}).", parts=("month",))
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(field, f"The date {what} must be a real date: {day} {date(2000, month, 1):%B} {year} "
                         "does not exist.", parts=("day", "month", "year")) from None


def _check_year(year: int, field: str) -> None:
    if year < FIRST_YEAR:
        raise InputError(
            field,
            f"The year must be {FIRST_YEAR} or later (you entered {year}): the handbook counts working days "
            f"from {FIRST_YEAR} onwards only, as it holds no bank holidays before then.",
        )
    if year > LAST_YEAR:
        raise InputError(field, f"The year must be {LAST_YEAR} or earlier (you entered {year}).")


def parse_event_time(text: str, field: str = "at") -> datetime:
    """Read the event's date and time and return it as an aware London time.

    Without an offset the time is read as London clock time. A clock time that does
    not exist (the hour skipped when clocks go forward) or that happens twice (the
    hour repeated when they go back) is refused with a message saying how to fix it;
    an explicit offset such as ``+01:00`` says which of the two repeated times is meant.
    """
    if text is None or not str(text).strip():
        raise InputError(field, f"Enter the date and time of the event, as {FORMAT_HINT}.")
    raw = str(text).strip()
    m = _AT.match(raw)
    if not m:
        raise InputError(
            field, f"The date and time of the event must be written as {FORMAT_HINT} (you entered “{raw}”)."
        )
    y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
    h, mi, s = int(m["h"]), int(m["mi"]), int(m["s"] or 0)
    day = real_date(y, mo, d, field)
    if h > 23:
        raise InputError(field, f"The hour must be between 00 and 23 (you entered {h}).")
    if mi > 59 or s > 59:
        raise InputError(field, "The minutes must be between 00 and 59.")
    _check_year(day.year, field)
    offset = m["off"]
    if offset:
        if offset == "Z":
            tz = timezone.utc
        else:
            sign = 1 if offset[0] == "+" else -1
            digits = offset[1:].replace(":", "")
            oh, om = int(digits[:2]), int(digits[2:])
            if oh > 14 or om > 59:
                raise InputError(field, f"The UTC offset {offset} is not a real offset.")
            tz = timezone(sign * timedelta(hours=oh, minutes=om))
        moment = datetime(y, mo, d, h, mi, s, tzinfo=tz).astimezone(LONDON)
        _check_year(moment.year, field)
        return moment
    naive = datetime(y, mo, d, h, mi, s)
    first = naive.replace(tzinfo=LONDON, fold=0)
    second = naive.replace(tzinfo=LONDON, fold=1)
    # A wall time that does not survive a round trip through UTC was skipped.
    back = first.astimezone(timezone.utc).astimezone(LONDON)
    if back.replace(tzinfo=None) != naive:
        raise InputError(
            field,
            f"{h:02d}:{mi:02d} on {long_date(day)} did not happen in London: the clocks went forward "
            "from 01:00 GMT to 02:00 BST. Enter the time as the clock showed it (for example 02:"
            f"{mi:02d} BST).",
        )
    if first.utcoffset() != second.utcoffset():
        raise InputError(
            field,
            f"{h:02d}:{mi:02d} on {long_date(day)} happened twice in London, because the clocks went "
            f"back. Add the offset to say which: {day.isoformat()}T{h:02d}:{mi:02d}+01:00 for the first "
            f"(BST), {day.isoformat()}T{h:02d}:{mi:02d}+00:00 for the second (GMT).",
        )
    return first
