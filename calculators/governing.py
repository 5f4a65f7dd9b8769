"""Which limit governs: one function for every surface.

Every timescale in the sources is an outer limit. Where several limits of one
procedure apply to the same duty, the earliest governs and is shown first; the others
"also apply", each with its rule. A stricter limit never deletes the general one: it
stays visible as the fallback. A limit that has passed at the time entered, or leaves
under an hour, carries a warning that names the next limit that still applies.

``order`` is the only place this is decided. The deadline engine calls it for every
answer; the command line, the pages, training, quick answers and the compare pages
read its result (``answer["governing"]`` and each limit's ``role``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from . import presenter
from .london_time import LONDON, long_date, long_time

#: A limit's role in its duty's answer.
GOVERNS = "governs"
ALSO_APPLIES = "also-applies"
APPLIES_IF = "applies-if"
PASSED = "passed"

#: The words shown for each role.
ROLE_LABELS = {
    GOVERNS: "Governs (the earliest limit that applies)",
    ALSO_APPLIES: "Also applies",
    APPLIES_IF: "Applies only if",
    PASSED: "Already passed at the time entered",
}

#: The end of a warning about a passed or tight limit when nothing later applies.
NO_LATER_LIMIT = "No later limit applies."

#: A limit with less than this left at the time entered gets a warning.
TIGHT = timedelta(hours=1)

#: Where the reading conventions are explained (linked from answers that use one).
READING_PAGE = "reading-the-sources/"


def role_label(role: str, condition: str = "") -> str:
    """A limit's role in words (a table of rules says "Applies only if ..." with these words too)."""
    return ROLE_LABELS[role] + (f" {condition}" if role == APPLIES_IF and condition else "")


def end_of(due: str) -> datetime:
    """The last moment a due date or date-time is still in time (a date runs to midnight)."""
    if "T" in due:
        return datetime.fromisoformat(due)
    day = date.fromisoformat(due)
    return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=LONDON)


def earliest_due(limit: Mapping[str, Any]) -> str | None:
    """The limit's date for ordering: its due, or the earlier of an unclear unit's readings."""
    if limit.get("due"):
        return limit["due"]
    readings = limit.get("readings") or []
    dues = [r["due"] for r in readings if r.get("due")]
    return min(dues, key=end_of) if dues else None


def _amount_words(limit: Mapping[str, Any]) -> str:
    ts = limit["timescale"]
    amount, unit = ts.get("amount"), ts["unit"]
    if unit == "same-day":
        return "the same day"
    if unit == "days-unstated":
        return f"{amount} days, kind not stated"
    names = {"working-days": "working day", "hours": "hour", "weeks": "week"}
    if unit in names:
        return f"{amount} {names[unit]}{'' if amount == 1 else 's'}"
    return ""


def when_words(limit: Mapping[str, Any]) -> str:
    """When a limit falls, in words: "by 16:30 on Friday 25 December 2026 (24 hours)"."""
    amount = _amount_words(limit)
    suffix = f" ({amount})" if amount else ""
    due = limit.get("due")
    if due and "T" in due:
        return f"by {long_time(datetime.fromisoformat(due))}{suffix}"
    if due:
        return f"by the end of {long_date(date.fromisoformat(due))}{suffix}"
    if limit.get("readings"):
        parts = [f"{r['due_text']} {r['label']}" for r in limit["readings"]]
        return "unclear: " + "; ".join(parts) + suffix
    text = limit["timescale"]["text"]
    return text if "no fixed" in text or "no number" in text else f"{text} (no fixed date)"


def headline(duty_label: str, limit: Mapping[str, Any] | None) -> str:
    """The first line of a duty's answer: what is due and by when."""
    if limit is None:
        return f"{duty_label}: no limit applies in the circumstances given."
    return f"{duty_label}: {when_words(limit)}"


def _headline(label: str, governing: Mapping[str, Any] | None, conditional: Sequence[Mapping[str, Any]],
              passed: Sequence[Mapping[str, Any]]) -> str:
    if governing is not None:
        return headline(label, governing)
    if passed:
        last = passed[-1]
        return f"{label}: overdue: the limit was {when_words(last).removeprefix('by ')}"
    if conditional:
        return f"{label}: only if {conditional[0]['condition']}: {when_words(conditional[0])}"
    return headline(label, None)


def _remaining_words(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} hour{'s' if hours != 1 else ''} {minutes} minute{'s' if minutes != 1 else ''}"


def order(limits: Sequence[dict[str, Any]], now: datetime,
          duty_labels: Mapping[str, str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Decide, for each duty, which limit governs; return the limits in answer order.

    ``limits`` are the engine's deadline dicts, each with ``duty`` and, for a limit that
    applies only under a condition not yet known, ``condition``. ``now`` is the time
    entered. Returns the limits (each given ``role``, ``status`` and ``remaining``), one
    summary per duty (``governing``) and the warnings about passed or tight limits.
    """
    duties: list[str] = []
    for lim in limits:
        if lim["duty"] not in duties:
            duties.append(lim["duty"])
    ordered: list[dict[str, Any]] = []
    summaries: list[dict[str, Any]] = []
    warnings: list[str] = []
    for duty in duties:
        mine = [lim for lim in limits if lim["duty"] == duty]
        firm = [lim for lim in mine if not lim.get("condition")]
        # The earliest of the limits that apply only "if" heads the duty's answer when none
        # applies outright (the same clock counted from two events gives two dates).
        conditional = sorted((lim for lim in mine if lim.get("condition")),
                             key=lambda lim: (0, end_of(earliest_due(lim))) if earliest_due(lim) else (1, 0))
        for lim in mine:
            due = earliest_due(lim)
            lim["status"], lim["remaining"] = "open", None
            if due is not None:
                left = end_of(due) - now
                lim["remaining"] = _remaining_words(left) if left > timedelta(0) else None
                if left <= timedelta(0):
                    lim["status"] = "passed"
                elif left < TIGHT:
                    lim["status"] = "tight"
        dated = sorted((lim for lim in firm if earliest_due(lim)), key=lambda lim: end_of(earliest_due(lim)))
        undated = [lim for lim in firm if not earliest_due(lim)]
        passed = [lim for lim in dated if lim["status"] == "passed"]
        live = [lim for lim in dated if lim["status"] != "passed"]
        governing = live[0] if live else (undated[0] if undated and not passed else None)
        for lim in passed:
            lim["role"] = PASSED
        for lim in live + undated:
            lim["role"] = GOVERNS if lim is governing else ALSO_APPLIES
        for lim in conditional:
            lim["role"] = APPLIES_IF
        for lim in mine:
            lim["role_label"] = role_label(lim["role"], lim.get("condition") or "")
            lim["when_text"] = when_words(lim)
        label = duty_labels.get(duty, duty)
        next_live = live[1] if len(live) > 1 else None
        for lim in passed:
            after = governing or (undated[0] if undated else None)
            warnings.append(
                f"{label}: the limit of {lim['rule']} ({when_words(lim)}) had already passed at the time "
                f"entered. " + (f"The next limit that still applies is {after['rule']}: {when_words(after)}."
                                if after else NO_LATER_LIMIT)
            )
        if governing is not None and governing.get("status") == "tight":
            warnings.append(
                f"{label}: the limit of {governing['rule']} leaves only {governing['remaining']} after the time "
                "entered. " + (f"If it cannot be met, the next limit that still applies is {next_live['rule']}: "
                               f"{when_words(next_live)}." if next_live else NO_LATER_LIMIT)
            )
        group = ([governing] if governing else []) + [lim for lim in conditional] + passed + \
            [lim for lim in live + undated if lim is not governing]
        ordered.extend(group)
        summaries.append({
            "duty": duty,
            "duty_label": label,
            "governs": governing["rule"] if governing else None,
            "headline": _headline(label, governing, conditional, passed),
            "due": governing.get("due") if governing else None,
            "strength": governing.get("strength", "") if governing else "",
            "force": (presenter.force(governing) or {}).get("text", "") if governing else "",
            "next": next_live["rule"] if governing is not None and governing.get("status") == "tight" and next_live else None,
            "also": [lim["rule"] for lim in live + undated if lim is not governing],
            "applies_if": [{"rule": lim["rule"], "condition": lim["condition"], "text": f"If {lim['condition']}: "
                            + when_words(lim)} for lim in conditional],
            "passed": [lim["rule"] for lim in passed],
        })
    return ordered, summaries, warnings


def governing_for(answer: Mapping[str, Any], duty: str) -> dict[str, Any] | None:
    """The governing summary of one duty in an engine answer, or None."""
    return next((g for g in answer.get("governing", []) if g["duty"] == duty), None)
