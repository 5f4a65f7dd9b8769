"""Routing in Devon's MASH: where the discussion is held, who chairs, which team takes the case.

The re-referral window is worked out from the two dates with Devon's own 8-week rule
(``dv-re-referral-8-weeks``), so the page shows the date the window closed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Mapping

from .errors import InputError, InputErrors
from .guidance import Facts, advise as _advise
from .london_time import LONDON
from .rulebook import Procedure, Rulebook

SLUG = "mash-routing"
WINDOW_RULE = "dv-re-referral-8-weeks"


def _derive(facts: Facts, proc: Procedure, rb: Rulebook) -> tuple[Facts, dict[str, datetime]]:
    closed, referred = facts.get("closed-on"), facts.get("referral-on")
    if not closed or not referred:
        return facts, {}
    if referred < closed:
        raise InputErrors([InputError("referral-on", "The new referral cannot be before the case closed: check the two dates.")])
    moment = datetime(closed.year, closed.month, closed.day, 12, 0, tzinfo=LONDON)
    try:
        rule = proc.rule(WINDOW_RULE)
    except KeyError:
        return facts, {"case-closed": moment}
    last_day = closed + timedelta(weeks=rule.timescale.amount or 0)
    facts["closed-within-8-weeks"] = referred <= last_day
    return facts, {"case-closed": moment}


def advise(procedure: str | None, facts: Mapping[str, Any] | None, rulebook: Rulebook | None = None) -> list[dict[str, Any]]:
    """Where a Devon case is discussed, who chairs, and which team it goes to."""
    return _advise(SLUG, procedure, facts, rulebook, derive=_derive)
