"""Which clocks run for a question: the event asked about, earlier events, and conditions.

A rule applies to an answer in one of four ways, all decided here from the rulebook:

- it runs from the event asked about and its circumstances are chosen;
- it runs from an earlier event (``after`` in ``vocabulary.toml``) whose duty the
  later event has not fulfilled (``ends``): a clock that started earlier keeps running.
  With the earlier event's time it is a limit like any other; without it the answer
  says which clock runs and from what;
- it overlaps a rule that applies (``related``) under a condition the person asking
  has not stated: it is shown as applying only "if" that condition holds;
- its source limits it to a scope (``scope``): inside it the rule applies, where the
  facts say the scope is not met the rule is "not running", otherwise it applies "if".

The deadline engine computes each limit's date; ``governing.order`` decides which governs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import citations, presenter
from . import strength as strength_words
from .errors import InputError, InputErrors, not_known
from .governing import READING_PAGE
from .london_time import iso_minutes, long_time, parse_event_time
from .rulebook import Procedure, Rule, Rulebook


@dataclass
class Limit:
    """One rule counted from one start."""

    rule: Rule
    event: str
    start_at: datetime
    origin: str  # "asked", "earlier" or "related"
    condition: str = ""
    related_to: str = ""


@dataclass
class Found:
    """What ``collect`` found for one procedure."""

    limits: list[Limit] = field(default_factory=list)
    running: list[dict[str, Any]] = field(default_factory=list)
    not_running: list[dict[str, Any]] = field(default_factory=list)


def expand(circumstances: Sequence[str], rulebook: Rulebook) -> set[str]:
    """The circumstances chosen and every one they imply."""
    chosen = set(circumstances)
    todo = list(chosen)
    while todo:
        c = rulebook.circumstances[todo.pop()]
        for other in c.implies:
            if other not in chosen:
                chosen.add(other)
                todo.append(other)
    return chosen


def earlier_events(rulebook: Rulebook, event: str) -> list[str]:
    """Every event whose clocks keep running when ``event`` is asked about, nearest first."""
    out: list[str] = []
    todo = list(rulebook.events[event].after)
    while todo:
        ev = todo.pop(0)
        if ev not in out and ev != event:
            out.append(ev)
            todo.extend(rulebook.events[ev].after)
    return out


def ended_duties(rulebook: Rulebook, event: str) -> set[str]:
    """The duties fulfilled by ``event`` or by any event before it."""
    return {d for ev in [event, *earlier_events(rulebook, event)] for d in rulebook.events[ev].ends}


def read_earlier(rulebook: Rulebook, event: str, moment: datetime,
                 raw: Mapping[str, Any] | None) -> dict[str, datetime]:
    """Check the times given for earlier events; raise ``InputErrors`` naming each field."""
    if not raw:
        return {}
    errors: list[InputError] = []
    times: dict[str, datetime] = {}
    allowed = earlier_events(rulebook, event)
    if not isinstance(raw, Mapping):
        raise InputErrors([InputError("earlier", "Give each earlier event with its time, as event=time.")])
    for ev, at in raw.items():
        name = "earlier-at"
        if ev not in rulebook.events:
            errors.append(not_known("earlier", ev, "an event", allowed))
            continue
        if ev not in allowed:
            errors.append(InputError("earlier", f"{rulebook.events[ev].short.capitalize()} is not an event whose "
                                     f"clocks run on after {rulebook.events[event].short}. Choose one of: "
                                     + (", ".join(allowed) or "none") + "."))
            continue
        if at in (None, ""):
            errors.append(InputError(name, f"Give the date and time of {rulebook.events[ev].short}, or leave "
                                     "the earlier event out."))
            continue
        try:
            when = parse_event_time(str(at), field=name)
        except InputError as exc:
            errors.append(exc)
            continue
        if when > moment:
            errors.append(InputError(name, f"The time of {rulebook.events[ev].short} must be before the time "
                                     f"of {rulebook.events[event].short} ({long_time(moment)})."))
            continue
        times[ev] = when
    if errors:
        raise InputErrors(errors)
    return times


def _scope_state(rule: Rule, chosen: set[str]) -> str:
    """"in", "out" or "unknown": whether the rule's scope holds for the facts chosen."""
    if rule.scope is None or (rule.scope.circumstance and rule.scope.circumstance in chosen):
        return "in"
    if any(c in chosen for c in rule.scope.not_if):
        return "out"
    return "unknown"


def collect(proc: Procedure, event: str, moment: datetime, circumstances: Sequence[str],
            rulebook: Rulebook, earlier: Mapping[str, datetime]) -> Found:
    """Every limit, running clock and out-of-scope rule of ``proc`` for this question."""
    chosen = expand(circumstances, rulebook)
    found = Found()
    seen: set[tuple[str, str]] = set()

    def add(rule: Rule, ev: str, at: datetime, origin: str, condition: str = "", related_to: str = "") -> None:
        if (rule.id, ev) in seen:
            return
        state = _scope_state(rule, chosen)
        if state == "out":
            assert rule.scope is not None
            found.not_running.append({
                "rule": rule.id, "duty": rule.duty, "duty_label": rulebook.duties[rule.duty].label,
                "statement": rule.statement,
                "reason": f"Not running: {rule.id} applies only if {rule.scope.text}, and the facts given say "
                          "otherwise (" + ", ".join(rulebook.circumstances[c].label.lower()
                                                    for c in rule.scope.not_if if c in chosen) + ").",
            })
            seen.add((rule.id, ev))
            return
        if state == "unknown":
            assert rule.scope is not None
            condition = f"{rule.scope.text}" + (f", and {condition}" if condition else "")
        seen.add((rule.id, ev))
        found.limits.append(Limit(rule, ev, at, origin, condition, related_to))

    applying = [r for r in proc.rules if event in r.events and set(r.circumstances) <= chosen]
    for r in applying:
        add(r, event, moment, "asked")
    for r in applying:
        for rel in r.related:
            other = proc.rule(rel.rule)
            if event not in other.events or not set(other.circumstances) <= chosen:
                add(other, event, moment, "related", rel.condition, r.id)
    ended = ended_duties(rulebook, event)
    waiting: dict[str, dict[str, Any]] = {}
    for ev in earlier_events(rulebook, event):
        for r in proc.rules:
            if ev not in r.events or not r.computable or r.duty in ended or not set(r.circumstances) <= chosen:
                continue
            if ev in earlier:
                add(r, ev, earlier[ev], "earlier")
            elif (r.id, event) not in seen and _scope_state(r, chosen) != "out":
                entry = waiting.setdefault(r.id, {
                    "rule": r.id, "duty": r.duty, "duty_label": rulebook.duties[r.duty].label,
                    "statement": r.statement, "timescale": r.timescale.text, "events": [],
                    "citation": citations.as_dict(rulebook, r.citation),
                })
                entry["events"].append(ev)
    for rid, entry in waiting.items():
        if any(lim.rule.id == rid and lim.origin == "earlier" for lim in found.limits):
            continue
        starts = " or ".join(rulebook.events[e].short for e in entry["events"])
        rule = proc.rule(rid)
        only_if = f", only if {rule.scope.text}" if _scope_state(rule, chosen) == "unknown" and rule.scope else ""
        entry["text"] = (f"Still running: {entry['duty_label'].lower()} {entry['timescale']} from {starts} "
                         f"({rid}{only_if}). Give the time of {starts} to see the date.")
        found.running.append(entry)
    return found


def describe(item: Limit, rulebook: Rulebook) -> dict[str, Any]:
    """What an answer says about one limit beyond its date: duty, force, start, condition."""
    rule = item.rule
    ev = rulebook.events[item.event]
    counted = f"Counted from {ev.short} at {long_time(item.start_at)}."
    start = rule.start
    if start is None:
        start_text, stated = counted, None
    else:
        words = presenter.start_point(start.stated, start.quote, start.note)["text"]
        start_text, stated = f"{counted} {words}", start.stated
    out: dict[str, Any] = {
        "duty": rule.duty,
        "duty_label": rulebook.duties[rule.duty].label,
        "runs_from": {"event": item.event, "short": ev.short, "at": iso_minutes(item.start_at)},
        "origin": item.origin,
        "condition": item.condition,
        "related_to": item.related_to,
        "start": {"stated": stated, "text": start_text,
                  "reading_page": READING_PAGE + "#start-points" if stated is False else None},
        "strength": rule.strength,
        "strength_label": strength_words.label(rule.strength) if rule.strength else "",
        "strength_quote": rule.strength_quote,
        "stricter": [],
    }
    return out
