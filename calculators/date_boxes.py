"""The GOV.UK date input read in Python: day, month, year (and hour, minute) boxes.

The pages send what was typed in each box, unchanged; this module checks it and words
every problem for a form of boxes (never "as YYYY-MM-DDTHH:MM"), naming the boxes to
mark (``parts``, the first to focus) and, for the hour the clocks repeat, the code
``repeated-hour`` so the page offers the choice of offset. The page itself holds no
calendar logic. The result is the ISO text the engines read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import InputError
from .london_time import FIRST_YEAR, LAST_YEAR, parse_event_time, real_date
from .presenter import list_words

DATE_PARTS = ("day", "month", "year")
TIME_PARTS = ("hour", "minute")
BOXES = DATE_PARTS + TIME_PARTS + ("offset",)
_WORDS = {"day": "a day", "month": "a month", "year": "a year", "hour": "an hour", "minute": "a minute"}
#: Codes for the page.
REPEATED_HOUR = "repeated-hour"
#: Whether a time is asked for: always, only if the learner gives one, or never.
TIME_REQUIRED, TIME_OPTIONAL, NO_TIME = "required", "optional", "none"


def is_boxes(value: Any) -> bool:
    """Whether a request value is a set of date boxes (rather than ISO text)."""
    return isinstance(value, Mapping) and set(value) <= set(BOXES)


def read(boxes: Mapping[str, Any], field: str, what: str, time: str = TIME_REQUIRED,
         years: tuple[int, int] = (FIRST_YEAR, LAST_YEAR)) -> str:
    """The boxes as ISO text (``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM[+HH:MM]``), or an error.

    ``what`` names the date in messages ("of the event", "it is due by"). Raises one
    ``InputError`` at ``field`` with the boxes to mark.
    """
    values = {k: str(boxes.get(k) or "").strip() for k in BOXES}
    if any(len(v) > 8 for v in values.values()):
        raise InputError(field, f"Each box of the date {what} takes a few figures at most.", parts=DATE_PARTS)
    time_given = any(values[k] for k in TIME_PARTS)
    use_time = time == TIME_REQUIRED or (time == TIME_OPTIONAL and time_given)
    used = DATE_PARTS + (TIME_PARTS if use_time else ())
    if not any(values[k] for k in used):
        raise InputError(field, f"Enter the date{' and time' if time == TIME_REQUIRED else ''} {what}.",
                         parts=used)
    missing = [k for k in used if not values[k]]
    if missing:
        raise InputError(field, f"The date{' and time' if use_time else ''} {what} must include "
                         f"{list_words([_WORDS[k] for k in missing])}.", parts=tuple(missing))
    wrong = [k for k in used if not values[k].isdigit()]
    if wrong:
        example = "24 12 2026" + (" and 16 30" if use_time else "")
        raise InputError(field, f"The {list_words(wrong)} {what} must be written in figures, for example {example}.",
                         parts=tuple(wrong))
    d, mo, y = (int(values[k]) for k in DATE_PARTS)
    if len(values["year"]) != 4:
        raise InputError(field, "The year must include 4 numbers, for example 2026.", parts=("year",))
    day = real_date(y, mo, d, field, what)
    if not years[0] <= y <= years[1]:
        why = f": the handbook counts working days from {FIRST_YEAR}" if years[0] == FIRST_YEAR else ""
        raise InputError(field, f"The year must be from {years[0]} to {years[1]}{why} (you entered {y}).",
                         parts=("year",))
    if not use_time:
        return day.isoformat()
    h, mi = int(values["hour"]), int(values["minute"])
    if h > 23:
        raise InputError(field, f"The hour must be between 0 and 23 (you entered {h}).", parts=("hour",))
    if mi > 59:
        raise InputError(field, f"The minute must be between 0 and 59 (you entered {mi}).", parts=("minute",))
    offset = values["offset"] if values["offset"] in ("+00:00", "+01:00") else ""
    text = f"{day.isoformat()}T{h:02d}:{mi:02d}{offset}"
    try:
        parse_event_time(text, field=field)
    except InputError as exc:
        if "happened twice" in exc.message:
            raise InputError(field, f"{h:02d}:{mi:02d} on that day happened twice, because the clocks went back "
                             "that night: choose which of the two you mean.", parts=("offset",),
                             code=REPEATED_HOUR) from None
        if "did not happen" in exc.message:
            raise InputError(field, f"{h:02d}:{mi:02d} on that day did not happen in England: the clocks went "
                             "forward an hour that night. Enter a time before 01:00 or from 02:00.",
                             parts=("hour", "minute")) from None
        raise InputError(field, exc.message, parts=DATE_PARTS) from None
    return text
