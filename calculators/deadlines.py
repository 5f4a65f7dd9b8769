"""The deadline engine: which rules of a procedure run from an event, and when each is due.

No rule is written here: every timescale comes from ``procedures/``. This module only
applies the counting conventions (documented once in ``procedures/README.md``) and
explains its working. It knows nothing of forms or the command line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any

from . import citations, clocks, governing, presenter
from .errors import InputError, InputErrors, not_known
from .london_time import iso_minutes, long_date, long_time, parse_event_time, zone_name
from .rulebook import Procedure, Rule, Rulebook, load
from .working_days import add_working_days, is_working_day, unannounced_warning

ALL = "all"

READING_LABELS = {
    "calendar-days": "if the source means calendar days",
    "working-days": "if the source means working days",
}


def procedures_chosen(rulebook: Rulebook, procedure: str | None) -> tuple[list[Procedure], list[InputError]]:
    """The procedures a request names (one id, or ``all``), and the problem if it names none.

    Every tool asks "which procedure?" the same way, so the answer and its error are here once.
    """
    if not procedure:
        return [], [InputError("procedure", "Choose a procedure, or all of them side by side.")]
    if procedure == ALL:
        return list(rulebook.procedures.values()), []
    if procedure in rulebook.procedures:
        return [rulebook.procedures[procedure]], []
    return [], [not_known("procedure", procedure, "a procedure", list(rulebook.procedures), more=f", or {ALL}")]


def validate(rulebook: Rulebook, procedure: str | None, event: str | None, at: str | None,
             circumstances: Iterable[str] | None) -> tuple[list[Procedure], str, datetime, list[str]]:
    """Check every field of a request; raise ``InputErrors`` listing each problem found."""
    procedures, errors = procedures_chosen(rulebook, procedure)
    if not event:
        errors.append(InputError("event", "Choose the event the timescale runs from."))
    elif event not in rulebook.events:
        errors.append(not_known("event", event, "an event", list(rulebook.events)))
    moment: datetime | None = None
    try:
        moment = parse_event_time(at if at is None else str(at))
    except InputError as exc:
        errors.append(exc)
    chosen: list[str] = []
    for c in circumstances or []:
        if c not in rulebook.circumstances:
            errors.append(InputError(
                "circumstances",
                f"“{c}” is not a circumstance the handbook knows. Choose from: "
                + ", ".join(rulebook.circumstances) + ".",
            ))
        elif c not in chosen:
            chosen.append(c)
    if errors:
        raise InputErrors(errors)
    assert moment is not None and event is not None
    return procedures, event, moment, chosen


def _citation(rule: Rule, rulebook: Rulebook) -> dict[str, str]:
    return citations.as_dict(rulebook, rule.citation)


def _hours(rule: Rule, moment: datetime) -> tuple[datetime, list[str]]:
    amount = rule.timescale.amount or 0
    due = (moment.astimezone(timezone.utc) + timedelta(hours=amount)).astimezone(moment.tzinfo)
    working = [f"{amount} elapsed hour{'s' if amount != 1 else ''} after {long_time(moment)}."]
    if zone_name(moment) != zone_name(due):
        shift = "forward" if zone_name(due) == "BST" else "back"
        working.append(
            f"The clocks went {shift} in between ({zone_name(moment)} to {zone_name(due)}), "
            f"so the clock time moves by an hour: the hours counted are real elapsed hours."
        )
    working.append(f"Due by {long_time(due)}.")
    return due, working


def deadline_for(rule: Rule, moment: datetime | None, rulebook: Rulebook) -> tuple[dict[str, Any], set[int]]:
    """One rule's deadline from ``moment`` (None only for a rule with no number), with the
    years whose bank holidays were not yet announced when counting."""
    unconfirmed: set[int] = set()
    if moment is None:
        if rule.computable:
            raise ValueError(f"{rule.id} needs the time of its event")
        moment = datetime(2026, 1, 1, tzinfo=timezone.utc)  # unused: no date is computed
    return _deadline(rule, moment, rulebook, unconfirmed), unconfirmed


def _non_working_note(day: date, rulebook: Rulebook) -> list[str]:
    """A line for the working when a same-day or hours deadline lands on a day off."""
    ok, why = is_working_day(day, rulebook.calendar)
    if ok:
        return []
    what = "a weekend day" if why == "weekend" else why
    return [f"{long_date(day)} is {what}: the timescale runs regardless of working days."]


def _deadline(rule: Rule, moment: datetime, rulebook: Rulebook, unconfirmed: set[int]) -> dict[str, Any]:
    ts = rule.timescale
    out: dict[str, Any] = {
        "rule": rule.id,
        "statement": rule.statement,
        "timescale": {"amount": ts.amount, "unit": ts.unit, "text": ts.text},
        "due": None,
        "due_text": ts.text,
        "readings": None,
        "citation": _citation(rule, rulebook),
        "working": [],
        "notes": list(rule.notes),
    }
    day = moment.date()
    if ts.unit == "working-days":
        count = add_working_days(day, ts.amount or 0, rulebook.calendar)
        unconfirmed |= count.unconfirmed_years
        out.update(due=count.due.isoformat(), due_text=long_date(count.due), working=count.working())
    elif ts.unit == "same-day":
        out.update(due=day.isoformat(), due_text=long_date(day), working=[
            f"The same day as the event, in London: {long_date(day)} (the event was at {long_time(moment)})."
        ] + _non_working_note(day, rulebook))
    elif ts.unit == "hours":
        due, working = _hours(rule, moment)
        out.update(due=iso_minutes(due), due_text=long_time(due), working=working + _non_working_note(due.date(), rulebook))
    elif ts.unit == "weeks":
        due_day = day + timedelta(weeks=ts.amount or 0)
        out.update(due=due_day.isoformat(), due_text=long_date(due_day), working=[
            f"{ts.amount} weeks ({7 * (ts.amount or 0)} calendar days) after {long_date(day)}: {long_date(due_day)}."
        ])
    elif ts.unit == "days-unstated":
        calendar_due = day + timedelta(days=ts.amount or 0)
        count = add_working_days(day, ts.amount or 0, rulebook.calendar)
        unconfirmed |= count.unconfirmed_years
        out["readings"] = [
            {"unit": "calendar-days", "label": READING_LABELS["calendar-days"],
             "due": calendar_due.isoformat(), "due_text": long_date(calendar_due),
             "working": [f"{ts.amount} calendar days after {long_date(day)}, every day counted: "
                         f"{long_date(calendar_due)}."]},
            {"unit": "working-days", "label": READING_LABELS["working-days"],
             "due": count.due.isoformat(), "due_text": long_date(count.due), "working": count.working()},
        ]
        out["due_text"] = (
            f"Unclear: the source says “{ts.text}” without saying which kind of day. "
            f"Calendar days: {long_date(calendar_due)}. Working days: {long_date(count.due)}."
        )
        out["working"] = [
            f"The source gives {ts.amount} days but does not say whether it means calendar days or "
            "working days. Both readings are shown; the handbook does not choose between them."
        ]
    else:  # "none": the source sets no number
        out["working"] = ["The source sets no fixed time for this, so no date is computed."]
    return out


def _silence(proc: Procedure, event: str, rulebook: Rulebook) -> str:
    others = [rulebook.events[e].label.lower() for e in proc.event_ids()]
    return (presenter.no_timescale_from_event(proc.short_title, rulebook.events[event].label.lower())
            + " The handbook does not borrow another procedure's rule. Its timescales run from: "
            + "; ".join(others) + ".")


def answer_for(proc: Procedure, event: str, moment: datetime, circumstances: Sequence[str],
               rulebook: Rulebook, earlier: Mapping[str, datetime] | None = None) -> dict[str, Any]:
    """Every limit ``proc`` sets from ``event`` at ``moment`` in these circumstances, with the
    clocks still running from earlier events, ordered by ``governing.order``."""
    found = clocks.collect(proc, event, moment, circumstances, rulebook, earlier or {})
    unconfirmed: set[int] = set()
    limits = []
    for item in found.limits:
        d = _deadline(item.rule, item.start_at, rulebook, unconfirmed)
        d.update(clocks.describe(item, rulebook))
        limits.append(d)
    for d in limits:
        stricter = [o["rule"] for o in limits
                    if d["rule"] in proc.rule(o["rule"]).supersedes and not o["condition"]]
        d["stricter"] = stricter
        if stricter:
            d["fallback_text"] = (
                "A stricter limit applies in the circumstances chosen (" + ", ".join(stricter)
                + "); this general limit still applies as the fallback if the stricter one has passed "
                "or cannot be met.")
    ordered, governing_summary, warnings = governing.order(
        limits, moment, {d: rulebook.duties[d].label for d in rulebook.duties})
    known = set(proc.circumstance_ids())
    for c in circumstances:
        if c not in known:
            warnings.append(
                f"{proc.short_title} does not treat “{rulebook.circumstances[c].label.lower()}” "
                "differently, so it made no difference to this answer."
            )
    warnings += [unannounced_warning(year) for year in sorted(unconfirmed)]
    if proc.in_force_from and moment.date() < proc.in_force_from:
        warnings.append(
            f"These arrangements started on {long_date(proc.in_force_from)}, after the date entered: "
            f"{proc.short_title} does not cover this case."
        )
    has_event = any(event in r.events for r in proc.rules)
    silent = None
    if not has_event and not limits and not found.running:
        silent = _silence(proc, event, rulebook)
    elif not has_event:
        silent = (f"{proc.short_title} sets no timescale from this event itself; "
                  "the clocks it started from an earlier event are still running (below).")
    elif not limits and not found.running:
        silent = f"{proc.short_title} has rules for this event, but none applies in the circumstances chosen."
    return {
        "procedure": proc.id,
        "procedure_title": proc.title,
        "procedure_short_title": proc.short_title,
        "event": event,
        "event_label": rulebook.events[event].label,
        "at": iso_minutes(moment),
        "at_text": long_time(moment),
        "circumstances": list(circumstances),
        "earlier": {e: iso_minutes(t) for e, t in (earlier or {}).items()},
        "governing": governing_summary,
        "deadlines": ordered,
        "running": found.running,
        "not_running": found.not_running,
        "silent": silent,
        "warnings": warnings,
        "caveat": (
            f"From {proc.title} ({proc.published}), a dated copy. Check your own partnership's current "
            "procedure; the handbook advises and professionals decide."
        ),
    }


def deadlines(procedure: str | None, event: str | None, at: str | None,
              circumstances: Iterable[str] | None = (), rulebook: Rulebook | None = None,
              earlier: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Answer "when is it due?": one answer per procedure (several for ``all``).

    ``earlier`` gives the times of earlier events (``{"referral-received": "2026-12-24T10:00"}``)
    whose clocks keep running. Raises ``InputErrors`` naming each field that is wrong; never
    answers a wrong request.
    """
    rb = rulebook or load()
    procs, ev, moment, chosen = validate(rb, procedure, event, at, circumstances)
    times = clocks.read_earlier(rb, ev, moment, earlier)
    return [answer_for(p, ev, moment, chosen, rb, times) for p in procs]
