"""Facts a decision tool works out from the answers given, as its data says (no tool module).

Each is declared in ``procedures/tools.toml``:

- a datetime field with ``starts_event`` starts that event's clock, so a guidance line
  with a ``deadline_rule`` shows its date (the child missing since 09:00 ...);
- a multi field with ``all_when_empty`` left empty means every option (a reference panel);
- a derived yes-no fact with ``from_rule``, ``start`` and ``within``: is the date in
  ``within`` no later than the limit of that rule, counted by the deadline engine from
  the date in ``start``? (Devon's re-referral window, for one);
- a derived yes-no fact with ``before_in_force``: is that date before the procedure's
  arrangements started?
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .deadlines import deadline_for
from .london_time import LONDON
from .rulebook import Procedure, Rulebook
from .tools_data import Tool

Facts = dict[str, Any]

#: A date given without a time is counted from midday, away from any clock change.
MIDDAY = 12


def derive(tool: Tool, facts: Facts, proc: Procedure, rulebook: Rulebook) -> tuple[Facts, dict[str, datetime]]:
    """The facts with those worked out added, and the event times their clocks start from."""
    moments: dict[str, datetime] = {}
    for fld in tool.fields:
        if fld.starts_event and isinstance(facts.get(fld.id), datetime):
            moments[fld.starts_event] = facts[fld.id]
        if fld.all_when_empty and not facts.get(fld.id):
            facts[fld.id] = [o.id for o in fld.options]
    for fld in tool.derived:
        if fld.before_in_force:
            day = facts.get(fld.before_in_force)
            if isinstance(day, date) and proc.in_force_from:
                facts[fld.id] = day < proc.in_force_from
        if fld.from_rule:
            start, within = facts.get(fld.start), facts.get(fld.within)
            rule = next((r for r in proc.rules if r.id == fld.from_rule), None)
            if rule is None or not isinstance(start, date) or not isinstance(within, date):
                continue
            moment = datetime(start.year, start.month, start.day, MIDDAY, 0, tzinfo=LONDON)
            moments[rule.events[0]] = moment
            computed, _ = deadline_for(rule, moment, rulebook)
            facts[fld.id] = within <= date.fromisoformat(computed["due"][:10])
    return facts, moments
