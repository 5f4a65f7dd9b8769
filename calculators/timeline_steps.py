"""The timeline's steps: each duty once, with the step of the chain it runs from.

``calculators.timeline`` asks the deadline engine about each event of the chain; this
module sorts what it answered into steps. A duty sits with the last event of the chain it
runs from (the child seen, which runs from the referral and from the discussion, sits with
the discussion); its limits and the one that governs are those of the engine's answer for
the last event with a time at or before that step, which holds every limit that applies
(clocks from earlier events keep running: ``clocks``). Limits that run from an event whose
time is not given are listed apart, with no date. Nothing is counted here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import citations, clocks
from . import strength as strength_words
from .governing import APPLIES_IF, GOVERNS, earliest_due, end_of, governing_for
from .rulebook import Procedure, Rulebook

#: How a step's date is known: from times given, from the last minute an earlier step
#: allows (an assumption, always labelled), or not at all (its event has no time).
FIXED, IF_LATEST, PENDING = "fixed", "if-latest", "pending"
#: The stage bases (``calculators.timeline``) whose times are facts, not assumptions.
FACT_BASES = ("given", "known")


@dataclass
class Stage:
    """One event of the chain: its time (given, known, assumed or none) and what the engine said."""

    event: str
    basis: str
    at: datetime | None = None
    answer: dict[str, Any] | None = None
    asked: dict[str, Any] | None = None
    pending: list[dict[str, Any]] = field(default_factory=list)
    not_running: list[dict[str, Any]] = field(default_factory=list)
    latest_from: list[dict[str, Any]] = field(default_factory=list)
    #: Why a time is neither given nor assumed (``calculators.timeline``), else "".
    unknown: str = ""


def pending_entry(limit: clocks.Limit, rulebook: Rulebook) -> dict[str, Any]:
    """A limit whose event has no time yet: the rule, what it runs from, its words; no date."""
    rule = limit.rule
    return {
        "rule": rule.id, "duty": rule.duty, "duty_label": rulebook.duties[rule.duty].label,
        "event": limit.event, "short": rulebook.events[limit.event].short,
        "statement": rule.statement, "timescale": rule.timescale.text, "computable": rule.computable,
        "condition": limit.condition, "citation": citations.as_dict(rulebook, rule.citation),
        "strength": rule.strength, "strength_label": strength_words.label(rule.strength) if rule.strength else "",
        "strength_quote": rule.strength_quote,
    }


def _own_duties(st: Stage) -> list[str]:
    """The duties with a limit that runs from this stage's own event."""
    if st.answer is not None:
        return [d["duty"] for d in st.answer["deadlines"] if d["runs_from"]["event"] == st.event]
    return [p["duty"] for p in st.pending]


Flagger = Callable[[str | None], list[dict[str, Any]]]


def _with_flags(limit: dict[str, Any], basis: str, flags: Flagger) -> dict[str, Any]:
    """A copy of an engine limit with its basis and the flags of its date (or of each reading)."""
    out = dict(limit)
    out["basis"] = basis
    out["flags"] = flags(limit.get("due"))
    out["readings"] = [dict(r, flags=flags(r.get("due"))) for r in limit.get("readings") or []]
    return out


def _sort_key(step: dict[str, Any]) -> tuple[int, Any]:
    due = earliest_due(step["limits"][step["head"]]) if step["head"] is not None else None
    return (0, end_of(due)) if due else (1, 0)


def place_steps(stages: list[Stage], rulebook: Rulebook, flags: Flagger) -> list[list[dict[str, Any]]]:
    """The steps of each stage, in the order of the dates their headlines give (no date last)."""
    home: dict[str, int] = {}
    for i, st in enumerate(stages):
        for duty in _own_duties(st):
            home[duty] = i  # the last stage it runs from wins
    by_stage: list[list[dict[str, Any]]] = [[] for _ in stages]
    bases = {st.event: st.basis for st in stages}

    def _basis(limit: dict[str, Any]) -> str:
        return FIXED if bases.get(limit["runs_from"]["event"]) in FACT_BASES else IF_LATEST

    for duty in sorted(home, key=list(rulebook.duties).index):
        h = home[duty]
        answered = [j for j in range(h, -1, -1) if stages[j].answer and governing_for(stages[j].answer, duty)]
        # A plain date comes only from times that are facts: where the duty already runs from
        # one, that answer is the step's, and what an assumed time adds is listed apart.
        facts = [j for j in answered if stages[j].basis in FACT_BASES]
        source = facts[0] if facts else (answered[0] if answered else None)
        pending = [p for st in stages[: h + 1] for p in st.pending if p["duty"] == duty]
        summary, limits, later, asked, basis, warnings = None, [], [], None, PENDING, []
        if source is not None:
            answer = stages[source].answer
            assert answer is not None
            summary = governing_for(answer, duty)
            asked = stages[source].asked
            basis = FIXED if stages[source].basis in FACT_BASES else IF_LATEST
            limits = [_with_flags(d, _basis(d), flags) for d in answer["deadlines"] if d["duty"] == duty]
            warnings = duty_warnings(answer, duty)
            if answered[0] != source:
                assumed = stages[answered[0]].answer
                assert assumed is not None
                later = [_with_flags(d, IF_LATEST, flags) for d in assumed["deadlines"]
                         if d["duty"] == duty and _basis(d) == IF_LATEST]
        # The limit the headline names: the one that governs, else the earliest that applies "if".
        head = next((i for i, d in enumerate(limits) if d["role"] == GOVERNS), None)
        if head is None:
            head = next((i for i, d in enumerate(limits) if d["role"] == APPLIES_IF), None)
        by_stage[h].append({
            "duty": duty, "duty_label": rulebook.duties[duty].label, "basis": basis,
            "governing": summary, "head": head,
            "limits": limits, "if_latest": later, "pending": pending, "asked": asked, "warnings": warnings,
        })
    return [sorted(steps, key=_sort_key) for steps in by_stage]


def duty_warnings(answer: dict[str, Any], duty: str | None) -> list[str]:
    """The answer's warnings about one duty (``governing.order`` opens each with the duty's
    label), or with ``None`` those about no duty (a circumstance, a year's bank holidays)."""
    labels = {g["duty"]: g["duty_label"] + ": " for g in answer["governing"]}
    if duty is not None:
        return [w for w in answer["warnings"] if w.startswith(labels[duty])]
    return [w for w in answer["warnings"] if not any(w.startswith(label) for label in labels.values())]


def silent_on(proc: Procedure, rulebook: Rulebook, events: list[str], chosen: list[str]) -> list[dict[str, Any]]:
    """Duties other procedures set from the chain's events, in these circumstances, that
    ``proc`` sets from none of them: it is silent, and nothing is borrowed."""
    facts = clocks.expand(chosen, rulebook)
    mine = {r.duty for r in proc.rules if set(r.events) & set(events)}
    out: dict[str, dict[str, Any]] = {}
    for other in rulebook.procedures.values():
        if other.id == proc.id:
            continue
        for r in other.rules:
            starts = [e for e in r.events if e in events]
            if not starts or r.duty in mine or not set(r.circumstances) <= facts:
                continue
            entry = out.setdefault(r.duty, {"duty": r.duty, "duty_label": rulebook.duties[r.duty].label,
                                            "events": [], "shorts": []})
            for e in starts:
                if e not in entry["events"]:
                    entry["events"].append(e)
                    entry["shorts"].append(rulebook.events[e].short)
    return sorted(out.values(), key=lambda e: list(rulebook.duties).index(e["duty"]))
