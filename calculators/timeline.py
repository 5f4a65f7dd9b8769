"""The case timeline: the chain of duties one procedure sets from an event, step by step.

A timeline is per procedure (``all`` gives one timeline per procedure, side by side). It
starts from the event given (the referral, or any later event) and follows the
vocabulary: a later event *follows* an earlier one when the earlier is among its
``after`` events, and it is a *step* of the chain when it fulfils a duty (its ``ends``):
the strategy discussion fulfils "hold the strategy discussion", and the duties that run
from it (the record, the conference, the enquiry ...) follow. An event that fulfils
nothing (emergency action, a child missing, access refused) is part of a timeline only
when its time is given; otherwise the answer names it as an event the procedure sets
clocks from.

Every date is the deadline engine's (``deadlines.answer_for``): each step with a time is
asked of the engine as the deadline tool would ask it (that event, that time, the earlier
events' times), and ``governing.order`` decides which limit governs each duty. Nothing here
counts days. Where a step's time is not given, what runs from it is either shown with no
date ("runs from the strategy discussion"), or, when the procedure sets a dated limit for
that step and no later time is given, worked out from the last minute that limit allows,
labelled as such and never as a plain date (``basis``). The duty's step sits with the last
event it runs from, so a duty that runs from two events (the child seen) is shown once,
with every limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from . import clocks, due_flags
from .deadlines import answer_for, validate
from .errors import InputError, InputErrors, not_known
from .governing import end_of, governing_for
from .london_time import LONDON, iso_minutes, long_time, parse_event_time
from .rulebook import Procedure, Rulebook, load
from .timeline_steps import Stage, duty_warnings, pending_entry, place_steps, silent_on

#: The field of the later events' times as a whole; one event's time is ``known_field``.
KNOWN = "known"
#: How a step's time is known: the time asked about, a time given, the last minute the
#: procedure allows (an assumption, labelled), or not at all.
GIVEN, KNOWN_TIME, LATEST, UNKNOWN = "given", "known", "latest", "unknown"
#: Why a step's time is neither given nor assumed: the procedure sets no dated limit for it,
#: or a later event's time is given (an assumption must not contradict a time given).
NO_DATED_LIMIT, LATER_TIME_GIVEN = "no-dated-limit", "later-time-given"
#: The smallest step of time the handbook reads: the last moment a limit allows is this
#: much before it ends (``governing.end_of``: a limit has passed once no time is left).
MINUTE = timedelta(minutes=1)


def known_field(event: str) -> str:
    """The field named by an error about one later event's time (``known-strategy-discussion-held``)."""
    return f"{KNOWN}-{event}"


def later_events(rulebook: Rulebook, event: str) -> list[str]:
    """Every event that follows ``event``, in the order they can happen.

    An event's earlier events include every earlier event's own, so sorting by how many
    there are puts each after all it follows (vocabulary order among equals).
    """
    later = [e for e in rulebook.events if event in clocks.earlier_events(rulebook, e)]
    return sorted(later, key=lambda e: len(clocks.earlier_events(rulebook, e)))


def read_known(rulebook: Rulebook, event: str, moment: datetime | None, raw: Any) -> dict[str, datetime]:
    """Check the times given for later events; raise ``InputErrors`` naming each field.

    Each must be an event that follows ``event``, and none may be before an event it
    follows (the first event's ``moment`` included, when it could be read).
    """
    if not raw:
        return {}
    if not isinstance(raw, Mapping):
        raise InputErrors([InputError(KNOWN, "Give each later event with its time, as event=time.")])
    first = rulebook.events[event].short
    allowed = later_events(rulebook, event)
    errors: list[InputError] = []
    times: dict[str, datetime] = {}
    for ev, at in raw.items():
        if not allowed:
            errors.append(InputError(KNOWN, f"No event the handbook knows follows {first}: leave the later "
                                     "times out."))
            break
        if ev not in rulebook.events:
            errors.append(not_known(KNOWN, str(ev), "an event", allowed))
            continue
        short = rulebook.events[ev].short
        if ev not in allowed:
            errors.append(InputError(KNOWN, f"{short[:1].upper()}{short[1:]} does not follow {first}. Choose one "
                                     "of: " + ", ".join(allowed) + "."))
            continue
        if at in (None, ""):
            errors.append(InputError(known_field(ev), f"Give the date and time of {short}, or leave it out."))
            continue
        try:
            times[ev] = parse_event_time(str(at), field=known_field(ev))
        except InputError as exc:
            errors.append(exc)
    chain = {**times, **({event: moment} if moment is not None else {})}
    for ev in sorted(times, key=allowed.index):
        before = next((e for e in clocks.earlier_events(rulebook, ev) if e in chain and chain[e] > times[ev]), None)
        if before is not None:
            errors.append(InputError(known_field(ev), (
                f"The time of {rulebook.events[ev].short} ({long_time(times[ev])}) is before the time of "
                f"{rulebook.events[before].short} ({long_time(chain[before])}), which comes first. Check both times.")))
    if errors:
        raise InputErrors(errors)
    return times


def _stages(proc: Procedure, rulebook: Rulebook, event: str, moment: datetime,
            known: Mapping[str, datetime]) -> tuple[list[Stage], list[str]]:
    """The chain's steps for this procedure, and the events it sets clocks from that are
    not steps here (no time given, and they fulfil no duty)."""
    stages = [Stage(event, GIVEN, moment)]
    others: list[str] = []
    for ev in later_events(rulebook, event):
        sets_from = any(ev in r.events for r in proc.rules)
        fulfils = rulebook.events[ev].ends
        if ev in known:
            stages.append(Stage(ev, KNOWN_TIME, known[ev]))
        elif fulfils and (sets_from or any(r.duty in fulfils for r in proc.rules)):
            stages.append(Stage(ev, UNKNOWN))
        elif sets_from:
            others.append(ev)
    return stages, others


def _latest_answer(stages: list[Stage], duty: str) -> tuple[int, dict[str, Any]] | None:
    """The last step with a time whose answer has a limit for ``duty`` (its index and answer)."""
    for i in range(len(stages) - 1, -1, -1):
        answer = stages[i].answer
        if answer and governing_for(answer, duty):
            return i, answer
    return None


def _last_minute(stages: list[Stage], event: str, rulebook: Rulebook) -> tuple[datetime | None, list[dict[str, Any]]]:
    """The last minute the limits governing the duties ``event`` fulfils allow, and those limits."""
    best: tuple[datetime, dict[str, Any]] | None = None
    for duty in rulebook.events[event].ends:
        found = _latest_answer(stages, duty)
        summary = governing_for(found[1], duty) if found else None
        if summary and summary["governs"] and summary["due"]:
            last = (end_of(summary["due"]) - MINUTE).astimezone(LONDON)
            if best is None or last < best[0]:
                best = (last, summary)
    if best is None:
        return None, []
    s = best[1]
    return best[0], [{"duty": s["duty"], "duty_label": s["duty_label"], "rule": s["governs"], "due": s["due"],
                      "headline": s["headline"]}]


def _compute(stages: list[Stage], proc: Procedure, chosen: list[str], rulebook: Rulebook) -> None:
    """Ask the engine about every step with a time; collect the rules of the others."""
    for i, st in enumerate(stages):
        if st.basis == UNKNOWN and not any(s.basis == KNOWN_TIME for s in stages[i + 1:]):
            # Only after the last time given: an assumed time never dates a step that is known.
            st.at, st.latest_from = _last_minute(stages[:i], st.event, rulebook)
            st.basis = LATEST if st.at else UNKNOWN
            st.unknown = "" if st.at else NO_DATED_LIMIT
        elif st.basis == UNKNOWN:
            st.unknown = LATER_TIME_GIVEN
        if st.at is None:
            # Which rules run from it is decided as the engine decides it; the moment is a
            # stand-in (nothing is dated from it: only the rules found are kept).
            stand_in = max(s.at for s in stages[:i] if s.at is not None)
            found = clocks.collect(proc, st.event, stand_in, chosen, rulebook, {})
            st.pending = [pending_entry(lim, rulebook) for lim in found.limits if lim.origin != "earlier"]
            st.not_running = found.not_running
            continue
        earlier = {s.event: s.at for s in stages[:i]
                   if s.at is not None and s.event in clocks.earlier_events(rulebook, st.event)}
        st.answer = answer_for(proc, st.event, st.at, chosen, rulebook, earlier)
        st.asked = {"event": st.event, "at": iso_minutes(st.at),
                    "earlier": {e: iso_minutes(t) for e, t in earlier.items()}}


def _fulfils(stages: list[Stage], i: int, rulebook: Rulebook) -> list[dict[str, Any]]:
    """The duties step ``i`` fulfils, with the limit that governed each and, for a time
    given, whether it was met (a limit has passed once no time is left, as ``governing`` reads it)."""
    st = stages[i]
    out = []
    for duty in rulebook.events[st.event].ends:
        found = _latest_answer(stages[:i], duty)
        summary = governing_for(found[1], duty) if found else None
        if found is None or not summary or not summary["governs"]:
            continue
        in_time = (st.at < end_of(summary["due"])) if st.basis == KNOWN_TIME and summary["due"] else None
        # Where the governing limit was missed, the fallbacks that were still met are named.
        within = [{"rule": d["rule"], "when_text": d["when_text"]} for d in found[1]["deadlines"]
                  if in_time is False and d["duty"] == duty and d.get("due") and not d.get("condition")
                  and st.at < end_of(d["due"])]
        out.append({"duty": duty, "duty_label": summary["duty_label"], "rule": summary["governs"],
                    "due": summary["due"], "headline": summary["headline"], "in_time": in_time, "within": within})
    return out


def timeline_for(proc: Procedure, event: str, moment: datetime, chosen: list[str], known: Mapping[str, datetime],
                 rulebook: Rulebook) -> dict[str, Any]:
    """One procedure's timeline from ``event`` at ``moment``, with the later times ``known``."""
    stages, others = _stages(proc, rulebook, event, moment, known)
    _compute(stages, proc, chosen, rulebook)
    timeline_tool = rulebook.tool_of_kind("timeline")
    steps = place_steps(stages, rulebook, lambda due: due_flags.flags(
        due, rulebook.calendar, timeline_tool.night if timeline_tool else None))
    first = stages[0].answer
    assert first is not None
    shown: set[str] = set()
    out_stages = []
    for i, st in enumerate(stages):
        ev = rulebook.events[st.event]
        warnings = [w for w in (duty_warnings(st.answer, None) if st.answer else []) if w not in shown]
        shown.update(warnings)
        out_stages.append({
            "event": st.event, "event_label": ev.label, "short": ev.short,
            "field": "at" if i == 0 else known_field(st.event), "basis": st.basis, "unknown": st.unknown,
            "at": iso_minutes(st.at) if st.at else None, "at_text": long_time(st.at) if st.at else None,
            "latest_from": st.latest_from, "fulfils": _fulfils(stages, i, rulebook) if st.at else [],
            "asked": st.asked, "steps": steps[i], "silent": (st.answer or {}).get("silent"), "warnings": warnings,
        })
    not_running: dict[str, dict[str, Any]] = {}
    for st in stages:
        for r in (st.answer or {}).get("not_running", []) + st.not_running:
            not_running.setdefault(r["rule"], r)
    return {
        "procedure": proc.id, "procedure_title": proc.title, "procedure_short_title": proc.short_title,
        "event": event, "event_label": rulebook.events[event].label,
        "at": iso_minutes(moment), "at_text": long_time(moment), "circumstances": list(chosen),
        "known": {e: iso_minutes(t) for e, t in known.items()},
        "stages": out_stages,
        "other_events": [{"event": e, "event_label": rulebook.events[e].label, "short": rulebook.events[e].short,
                          "field": known_field(e), "rules": [r.id for r in proc.rules if e in r.events]}
                         for e in others],
        "silent_on": silent_on(proc, rulebook, [s.event for s in stages], chosen),
        "running": first["running"],
        "not_running": list(not_running.values()),
        "caveat": first["caveat"],
    }


def timeline(procedure: str | None, event: str | None, at: str | None,
             circumstances: Iterable[str] | None = (), known: Mapping[str, str] | None = None,
             rulebook: Rulebook | None = None) -> list[dict[str, Any]]:
    """Answer "what does the procedure ask for next, and by when?": one timeline per procedure.

    ``known`` gives the times of later events (``{"strategy-discussion-held":
    "2026-12-29T10:00"}``). Raises ``InputErrors`` naming each field that is wrong.
    """
    rb = rulebook or load()
    try:
        procs, ev, moment, chosen = validate(rb, procedure, event, at, circumstances)
    except InputErrors as exc:
        # The later times are checked as far as the rest allows, so every problem shows at once.
        errors = list(exc.errors)
        if event in rb.events:
            try:
                first = parse_event_time(at) if not any(e.field == "at" for e in errors) else None
                read_known(rb, str(event), first, known)
            except InputErrors as more:
                errors += more.errors
        raise InputErrors(errors) from None
    times = read_known(rb, ev, moment, known)
    return [timeline_for(p, ev, moment, chosen, times, rb) for p in procs]
