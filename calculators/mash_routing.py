"""Routing in Devon's MASH: where the discussion is held, who chairs, which team takes the case.

The re-referral window is worked out from the two dates with Devon's own 8-week rule
(``dv-re-referral-8-weeks``), so the page shows the date the window closed. A referral
before the procedure's ``in_force_from`` date is flagged (``before-in-force``). Where a
line at level ``outside`` applies (a kind of case, a threshold or a date the source does
not cover), it is the whole answer: no route, chair or 8-week rule is named.
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
#: The level of a line that says the source does not cover the case.
OUTSIDE = "outside"


def _derive(facts: Facts, proc: Procedure, rb: Rulebook) -> tuple[Facts, dict[str, datetime]]:
    closed, referred = facts.get("closed-on"), facts.get("referral-on")
    if referred and proc.in_force_from:
        facts["before-in-force"] = referred < proc.in_force_from
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


def _finish(answer: dict[str, Any], facts: Facts, proc: Procedure, rb: Rulebook) -> None:
    outside = [line for line in answer["lines"] if line["level"] == OUTSIDE]
    if outside:
        answer["lines"] = outside


def advise(procedure: str | None, facts: Mapping[str, Any] | None, rulebook: Rulebook | None = None) -> list[dict[str, Any]]:
    """Where a Devon case is discussed, who chairs, and which team it goes to (or that the
    source does not cover the case)."""
    return _advise(SLUG, procedure, facts, rulebook, derive=_derive, finish=_finish)
