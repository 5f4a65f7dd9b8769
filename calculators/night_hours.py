"""The hours a timeline flags "at night": the handbook's own convention, read from the
timeline's entry in ``procedures/tools.toml`` (``night = { from, until, note }``).

No source defines night. The flag tells the reader planning the work that a limit ends
while most offices are closed; it never moves a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from typing import Any

from .errors import RulebookError

_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Night:
    """The hours in which a due time is flagged "at night" (the timeline's ``night``).

    The handbook's own convention, not a source's: no procedure defines night, and the
    flag never moves a date. ``start`` may be later than ``end`` (the hours wrap midnight).
    """

    start: time
    end: time
    note: str

    def contains(self, moment: time) -> bool:
        """Whether a clock time falls in these hours (from ``start``, up to but not at ``end``)."""
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


def read_night(table: Any, raw: Any, where: str) -> Night | None:
    """The timeline's ``night = { from, until, note }``: clock times as ``HH:MM``."""
    if raw is None:
        return None
    nt = table(raw, f"{where} night")
    clocks = []
    for key in ("from", "until"):
        text = nt.get(key, str)
        m = _CLOCK.match(text)
        if not m:
            raise RulebookError(f"{nt.where}: '{key}' must be a clock time HH:MM, not '{text}'")
        clocks.append(time(int(m[1]), int(m[2])))
    night = Night(clocks[0], clocks[1], nt.get("note", str))
    nt.done()
    if night.start == night.end:
        raise RulebookError(f"{nt.where}: 'from' and 'until' are the same time")
    return night
