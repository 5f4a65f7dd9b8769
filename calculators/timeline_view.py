"""A case timeline as readers see it: every sentence of the timeline, written once.

``calculators.timeline`` decides; this module words its answer as a neutral view, in the
order it is read: the question, then each step of the chain (its time: given, assumed or
not yet known), the duties that run from it with the limit that governs each, the flags
on its due time, and each limit as ``presenter.limit`` words it for the deadline tool. The
command line prints it; a page places it, choosing no words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from . import presenter
from .due_flags import BANK_HOLIDAY, NIGHT, WEEKEND
from .london_time import long_date, long_time

#: The words that label every date resting on an assumed time (a step's ``if-latest`` basis).
ASSUMED = "If {short} takes place in the last minute allowed"
GIVE_ITS_TIME = "Give the time of {short} to see the dates that run from it."
TIMELINE_TITLE = "What the procedure asks for next, and by when"
#: The fold that holds each step's limits, their starts and sources, on a page.
LIMITS_TITLE = "Every limit, what it runs from and its source"


def time_label(short: str) -> str:
    """The label of a later event's time ("When the strategy discussion took place")."""
    return f"When {short} took place"


def _assumed(short: str, first: bool = True) -> str:
    words = ASSUMED.format(short=short)
    return words if first else words[:1].lower() + words[1:]


def flag_words(flag: Mapping[str, Any]) -> str:
    """One flag in words: "a Saturday", "Christmas Day, a bank holiday", "at night (22:00 to 07:00)"."""
    if flag["kind"] == WEEKEND:
        return f"a {flag['day']}"
    if flag["kind"] == BANK_HOLIDAY:
        return f"{flag['name']}, a bank holiday" + ("" if flag["confirmed"] else " (not yet announced)")
    assert flag["kind"] == NIGHT
    return f"at night ({flag['from']} to {flag['until']})"


def flag_line(due: str | None, flags: Sequence[Mapping[str, Any]], lead: str = "The limit") -> str:
    """The flags of one due time as a sentence, or "" when there is none: flags never move a date."""
    if not due or not flags:
        return ""
    if "T" in due:
        when = f"ends at {long_time(datetime.fromisoformat(due))}"
    else:
        when = f"falls on {long_date(date.fromisoformat(due))}"
    return f"{lead} {when}: " + "; ".join(flag_words(f) for f in flags) + "."


def _night_note(flags: Sequence[Mapping[str, Any]]) -> str:
    night = next((f for f in flags if f["kind"] == NIGHT), None)
    return f"At night means {night['from']} to {night['until']}: {night['note']}." if night else ""


def _limit(d: Mapping[str, Any]) -> dict[str, Any]:
    """A limit as the deadline tool words it, with its basis and flags."""
    v = presenter.limit(d)
    v["basis"] = d["basis"]
    v["basis_label"] = _assumed(d["runs_from"]["short"]) if d["basis"] == "if-latest" else ""
    v["flags"] = [line for line in [flag_line(d.get("due"), d["flags"])] + [
        flag_line(r.get("due"), r["flags"], reading["label"].rstrip(": ") + ", the limit")
        for r, reading in zip(d.get("readings") or [], presenter.readings(d))] if line]
    return v


def _pending(p: Mapping[str, Any], also: bool) -> dict[str, Any]:
    """A limit whose event has no time yet: its words, rule, force and source; no date."""
    only_if = f", only if {p['condition']}" if p["condition"] else ""
    what = f"{p['timescale']} ({p['rule']}{only_if})"
    text = (f"It also runs from {p['short']}: {what}. " + GIVE_ITS_TIME.format(short=p["short"]) if also
            else f"{what[:1].upper()}{what[1:]}, from {p['short']}.")
    return {"rule": p["rule"], "text": text, "force": presenter.force(p), "citation": presenter.citation(p["citation"])}


def _dated(step: Mapping[str, Any]) -> bool:
    return any(d.get("due") or d.get("readings") for d in step["limits"])


def step_view(step: Mapping[str, Any], assumed_short: str) -> dict[str, Any]:
    """One duty of the timeline: what is due and by when, how sure the date is, its limits.

    ``assumed_short`` names the event whose time is assumed where the step's dates rest on
    the last minute allowed ("the strategy discussion").
    """
    g = step["governing"]
    label = step["duty_label"]
    if g is None:
        starts = " and ".join(dict.fromkeys(p["short"] for p in step["pending"]))
        dated = any(p["computable"] for p in step["pending"])
        headline = (f"{label}: no date until the time of {starts} is given." if dated
                    else f"{label}: runs from {starts}; the procedure sets no number of hours or days.")
    elif step["basis"] == "if-latest" and _dated(step):
        headline = f"{label}: {_assumed(assumed_short, first=False)}, " + g["headline"].removeprefix(f"{label}: ")
    else:
        headline = g["headline"]
    limits = [_limit(d) for d in step["limits"] + step["if_latest"]]
    notes = [_night_note(d["flags"] + [f for r in d["readings"] for f in r["flags"]])
             for d in step["limits"] + step["if_latest"]]
    return {
        "duty": step["duty"],
        "basis": step["basis"],
        "governs": (g or {}).get("governs") or "",
        # A plain date only where it rests on times given, never on an assumed one.
        "due": ((g or {}).get("due") or "") if step["basis"] == "fixed" else "",
        "headline": headline,
        "force": (g or {}).get("force") or "",
        "flags": limits[step["head"]]["flags"] if step["head"] is not None else [],
        "if": [c["text"] for c in (g or {}).get("applies_if", [])[1 if g and not g["governs"] else 0:]],
        "if_latest": [f"{_assumed(d['runs_from']['short'])}, it also runs from it: {d['when_text']}."
                      for d in step["if_latest"]],
        "pending": [_pending(p, also=g is not None) for p in step["pending"]],
        "limits": limits,
        "limits_title": LIMITS_TITLE,
        # The source of the limit the headline names, shown with it (the others are in the fold).
        "citation": limits[step["head"]]["citation"] if step["head"] is not None else None,
        "notes": list(dict.fromkeys(n for n in notes if n)),
        "warnings": list(step["warnings"]),
    }


def _stage_title(st: Mapping[str, Any]) -> str:
    name = st["short"][:1].upper() + st["short"][1:]
    if st["basis"] in ("given", "known"):
        return f"{name}: {st['at_text']}"
    if st["basis"] == "latest":
        return f"{name}: time not given; the dates below assume the last minute allowed, {st['at_text']}"
    return f"{name}: time not given"


def _stage_note(st: Mapping[str, Any], procedure: str) -> str:
    if st["basis"] == "latest":
        limits = "; ".join(f"{x['headline']} ({x['rule']})" for x in st["latest_from"])
        return (f"The dates that run from {st['short']} assume it takes place in the last minute {procedure} allows "
                f"({limits}): they are the latest these dates can be if it meets that limit, not its own dates. "
                + GIVE_ITS_TIME.format(short=st["short"]))
    if st["unknown"] == "later-time-given" and st["steps"]:
        return (f"The time of {st['short']} is not given. A later event's time is, so no time is assumed for it. "
                + GIVE_ITS_TIME.format(short=st["short"]))
    if st["unknown"] and st["steps"]:
        return (f"From the times given, no limit of {procedure} with a date applies to {st['short']}, so no time is "
                "assumed for it and what runs from it has no date yet. " + GIVE_ITS_TIME.format(short=st["short"]))
    return ""


def _fulfils(f: Mapping[str, Any]) -> str:
    verdict = "within the limit" if f["in_time"] else "after the limit had passed"
    when = f["headline"].removeprefix(f["duty_label"] + ": ")
    said = f"{f['duty_label']}: took place {verdict} ({when}, {f['rule']})."
    if f["within"]:
        said += " It was within " + "; ".join(f"{w['rule']} ({w['when_text']})" for w in f["within"]) + "."
    return said


def stage_view(st: Mapping[str, Any], procedure: str) -> dict[str, Any]:
    """One event of the chain: its time, what it fulfils, the duties that run from it."""
    return {
        "event": st["event"],
        "field": st["field"],
        "basis": st["basis"],
        "at": st["at"] if st["basis"] in ("given", "known") else "",  # an assumed time never fills a box
        "title": _stage_title(st),
        "time_label": time_label(st["short"]),
        "note": _stage_note(st, procedure),
        "fulfils": [_fulfils(f) for f in st["fulfils"] if f["in_time"] is not None],
        "steps": [step_view(s, st["short"]) for s in st["steps"]],
        "silent": st["silent"] or "",
        "warnings": list(st["warnings"]),
    }


def _silent_on(name: str, silent: Sequence[Mapping[str, Any]]) -> list[str]:
    """One sentence per start: the duties other procedures time from it and this one does not."""
    by_start: dict[str, list[str]] = {}
    for s in silent:
        by_start.setdefault(" or ".join(s["shorts"]), []).append(s["duty_label"])
    return [f"{name} sets no timescale from {start} for: {'; '.join(duties)}. Other procedures in the handbook "
            "do; the handbook does not borrow theirs." for start, duties in by_start.items()]


def timeline_view(answer: Mapping[str, Any], circumstance_labels: Mapping[str, str],
                  event_shorts: Mapping[str, str]) -> dict[str, Any]:
    """A timeline for one procedure, worded."""
    name = answer["procedure_short_title"]
    recap = presenter.recap(dict(answer, earlier={}), circumstance_labels, event_shorts)
    recap += [f"Known: {event_shorts.get(ev, ev)}, at {long_time(datetime.fromisoformat(at))}."
              for ev, at in answer["known"].items()]
    stages = [stage_view(st, name) for st in answer["stages"]]
    has_steps = any(st["steps"] for st in stages)
    return {
        "procedure": answer["procedure"],
        "heading": name,
        "source_title": answer["procedure_title"],
        "title": TIMELINE_TITLE,
        "recap": recap,
        "silent": "" if has_steps else presenter.no_timescale_from_event(name) + (
            " Nor does it from the steps that follow it." if len(stages) > 1 else ""),
        "stages": stages,
        "other_events": [{"event": o["event"], "field": o["field"], "time_label": time_label(o["short"]),
                          "text": f"{name} also sets timescales from {o['short']} ({', '.join(o['rules'])}). If it "
                                  "happened, give its time to add it."} for o in answer["other_events"]],
        "silent_on": _silent_on(name, answer["silent_on"]),
        "running": [{"rule": r["rule"], "text": r["text"] + " In the timeline: start it from that event.",
                     "citation": presenter.citation(r["citation"])} for r in answer["running"]],
        "not_running": [{"rule": r["rule"], "text": r["reason"]} for r in answer["not_running"]],
        "warnings_title": presenter.CHECK_THIS_ANSWER,
        "caveat": answer["caveat"],
    }

