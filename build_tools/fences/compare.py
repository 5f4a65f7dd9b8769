"""The ``compare`` and ``answer`` fences: procedures side by side, with dates from the deadline engine.

    ```compare
    timescales at=2026-12-24T16:30
    ```
    every procedure against every event and every circumstance, with the dates the
    deadline engine computes for that moment. ``compare attendance`` (any tool) sets the
    procedures side by side for each kind of line of that tool; option ``level=...``.

    ```answer
    duty=hold-strategy-discussion event=referral-received at=2026-12-24T16:30
    ```
    one question ("when must the strategy discussion be held?") answered under every
    procedure by the deadline engine. Options: ``circumstances=<id>[,<id>...]``,
    ``procedure=<id>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from typing import Any

from build_tools.fences import citations
from build_tools.fences.base import Args, Fence, Links, attr
from build_tools.fences.reading import (check_maps, check_procedure_option, conditions_html, guidance_statement,
                                        levels, procedures_chosen, rule_statement, with_procedure)
from calculators import presenter
from calculators.deadlines import deadlines
from calculators.errors import InputErrors
from calculators.governing import governing_for
from calculators.rulebook import Procedure, Rule, Rulebook
from calculators.tools_data import Tool

#: The page that explains the handbook's reading conventions, linked from answers that use one.
READING_PAGE = "reading-the-sources.md"
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")
Keep = Callable[[dict[str, Any]], bool]


def _example_due(d: dict[str, Any]) -> str:
    """When the limit falls, as the presenter words it: its date, both readings, or no fixed date."""
    due = presenter.due(d)
    if due["readings"]:
        items = "".join(f'<li data-due="{attr(r["due"])}">{escape(r["label"] + r["due_text"])}</li>'
                        for r in due["readings"])
        return f'<p>{escape(due["text"])}</p><ul class="sdh-plain-list">{items}</ul>'
    if due["due"]:
        return f'<span data-due="{attr(due["due"])}">{escape(due["text"])}</span>'
    return escape(due["text"])


def _limit_notes(links: Links, d: dict[str, Any]) -> str:
    """The limit's force, its start point and its place as a fallback, as the engine words them."""
    parts = [citations.force(d["strength"], d["strength_quote"])] if d.get("strength") else []
    start = d["start"]
    link = (" " + links.link(READING_PAGE + "#start-points", presenter.START_LINK)
            if start.get("reading_page") else "")
    parts.append(f'<p class="sdh-start">{escape(start["text"])}{link}</p>')
    if d.get("fallback_text"):
        parts.append(f'<p class="sdh-fallback">{escape(d["fallback_text"])}</p>')
    return f'<div class="sdh-rule-note">{"".join(parts)}</div>'


def _row(rb: Rulebook, rule: Rule, role: str, statement: str, cells: str) -> str:
    """One limit's row: timescale, what the procedure says, the caller's cells, the source."""
    return (f'<tr data-rule="{attr(rule.id)}" data-role="{attr(role)}"><td>{escape(rule.timescale.text)}</td>'
            f"<td>{statement}</td>{cells}<td>{citations.rule_citation(rb, rule.citation)}</td></tr>")


def _deadline_rows(rb: Rulebook, links: Links, proc: Procedure, answer: dict[str, Any], keep: Keep,
                   with_events: bool = False) -> list[str]:
    """The engine's deadlines that ``keep`` accepts, one row each (no procedure cell)."""
    rows = []
    for d in (d for d in answer["deadlines"] if keep(d)):
        rule = proc.rule(d["rule"])
        events = f"<td>{citations.labels(rule.events, rb.events)}</td>" if with_events else ""
        role = f'<p class="sdh-role sdh-role--{attr(d["role"])}"><strong>{escape(d["role_label"])}</strong></p>'
        rows.append(_row(rb, rule, d["role"], rule_statement(rule) + _limit_notes(links, d),
                         f"{events}<td>{role}{_example_due(d)}</td>"))
    return rows


def _running_rows(rb: Rulebook, proc: Procedure, answer: dict[str, Any], keep: Keep) -> list[str]:
    """Clocks that started from an earlier event and still run, one row each (no date without that time)."""
    return [_row(rb, rule, "running", rule_statement(rule),
                 f'<td><p class="sdh-role sdh-role--running"><strong>{escape(r["text"])}</strong></p></td>')
            for r in answer["running"] if keep(r) for rule in [proc.rule(r["rule"])]]


def _not_running_rows(rb: Rulebook, proc: Procedure, result: dict[str, Any], keep: Keep,
                      with_events: bool = False) -> list[str]:
    """Rules the facts given put out of scope (Section 47 clocks when the discussion will meet again)."""
    rows = []
    for n in (n for n in result["not_running"] if keep(n)):
        rule = proc.rule(n["rule"])
        events = f"<td>{citations.labels(rule.events, rb.events)}</td>" if with_events else ""
        rows.append(_row(rb, rule, "not-running", rule_statement(rule, with_notes=False),
                         f'{events}<td><p class="sdh-role"><strong>{escape(n["reason"])}</strong></p></td>'))
    return rows


def _scoped_by(rule: Rule, circumstance: str) -> bool:
    """Whether a circumstance opens or closes the rule's scope (Section 47 started, or not)."""
    return rule.scope is not None and (rule.scope.circumstance == circumstance or circumstance in rule.scope.not_if)


def _check_at(args: Args) -> None:
    at = args.required("at")
    if not _DATE_TIME.match(at):
        raise args.fail(f"at= must be YYYY-MM-DDTHH:MM (London time), found {at!r}")


def _run(args: Args, procedure: str, event: str, circumstances: list[str], rb: Rulebook) -> dict[str, Any]:
    try:
        return deadlines(procedure, event, args.required("at"), circumstances, rulebook=rb)[0]
    except InputErrors as exc:
        raise args.fail(f"the deadline engine refused the example: {exc}") from None


# ------------------------------------------------------------------ ```compare


def compare_timescales(rb: Rulebook, links: Links, args: Args) -> str:
    """Every procedure against every event and every circumstance, dated for the moment ``at=``."""
    procs = list(rb.procedures.values())
    first = _run(args, procs[0].id, next(iter(rb.events)), [], rb)
    out = [f'<p class="sdh-example-moment">Every date below is worked out by the handbook\'s deadline engine '
           f"as if the event happened at <strong>{escape(first['at_text'])}</strong>.</p>"]
    events = "".join(f'<li><a href="#event-{attr(e.id)}">{escape(e.label)}</a></li>' for e in rb.events.values())
    circs = "".join(f'<li><a href="#circumstance-{attr(c.id)}">{escape(c.label)}</a></li>'
                    for c in rb.circumstances.values())
    out.append(f'<p>From each event:</p><ul class="sdh-compare-index">{events}</ul>'
               f'<p>What each circumstance changes:</p><ul class="sdh-compare-index">{circs}</ul>')
    out.append('<h2 id="events">From each event</h2>')
    for ev in rb.events.values():
        rows = []
        for proc in procs:
            answer = _run(args, proc.id, ev.id, [], rb)
            # With no limit and no running clock the engine says why; where the procedure has no rule
            # from the event at all, without the list of its other events (the table's headings show them).
            nothing = (presenter.no_timescale_from_event(proc.short_title) if ev.id not in proc.event_ids()
                       else answer["silent"] or "")
            rows += with_procedure(proc, _deadline_rows(rb, links, proc, answer, lambda d: True)
                                   + _running_rows(rb, proc, answer, lambda r: True), nothing, 4)
        out.append(f'<h3 id="event-{attr(ev.id)}">{escape(ev.label)}</h3><p class="sdh-hint-text">{escape(ev.hint)}</p>')
        out.append(citations.table(f"From this event: {ev.label}",
                                   ["Procedure", "Timescale", "What the procedure says", "For the example", "Source"],
                                   rows, "sdh-compare-timescales"))
    out.append('<h2 id="circumstances">What each circumstance changes</h2>')
    for circ in rb.circumstances.values():
        rows = []
        for proc in procs:
            found: list[str] = []
            for rule in (r for r in proc.rules if circ.id in r.circumstances or _scoped_by(r, circ.id)):
                given = list(dict.fromkeys([*rule.circumstances, circ.id]))
                result = _run(args, proc.id, rule.events[0], given, rb)
                this: Keep = lambda d, r=rule: d["rule"] == r.id  # noqa: E731
                found += _deadline_rows(rb, links, proc, result, this, with_events=True)
                found += _not_running_rows(rb, proc, result, this, with_events=True)
            rows += with_procedure(proc, found, f"No different timescale: {proc.short_title} does not treat "
                                   "this circumstance separately.", 5)
        out.append(f'<h3 id="circumstance-{attr(circ.id)}">{escape(circ.label)}</h3>'
                   f'<p class="sdh-hint-text">{escape(circ.hint)}</p>')
        out.append(citations.table(
            f"When: {circ.label}",
            ["Procedure", "Timescale", "What the procedure says", "Runs from",
             "For the example (from the first of those events)", "Source"],
            rows, "sdh-compare-timescales"))
    return "".join(out)


def compare_tool(rb: Rulebook, args: Args, tool: Tool) -> str:
    """One tool's guidance, kind by kind, the procedures side by side."""
    chosen = levels(tool, args)
    out = []
    for lv in chosen:
        rows = []
        for proc in rb.procedures.values():
            found = [
                f'<tr id="{attr(g.id)}" data-guidance="{attr(g.id)}">'
                f"<td>{guidance_statement(g)}</td>"
                f"<td>{conditions_html(tool, g)}</td><td>{citations.rule_citation(rb, g.citation)}</td></tr>"
                for g in proc.guidance_for(tool.id) if g.level == lv
            ]
            rows += with_procedure(proc, found, f"Nothing of this kind in {proc.short_title}.", 3)
        label = tool.level(lv).label
        if len(chosen) > 1:
            out.append(f'<h2 id="level-{attr(lv)}">{escape(label)}</h2>')
        out.append(citations.table(f"{tool.title}: {label}", ["Procedure", "What the procedure says", "Applies", "Source"],
                                   rows, "sdh-compare-guidance"))
    return "".join(out)


def _check_compare(rb: Rulebook, args: Args) -> None:
    check_maps(rb, args.fence)
    if args.first == "timescales":
        _check_at(args)
    elif args.get("at") is not None:
        raise args.fail("at= is for timescales only")
    elif args.first in rb.tools:
        levels(rb.tools[args.first], args)
    else:
        raise args.fail(f"unknown comparison {args.first!r}; known: timescales, {', '.join(rb.tools)}")


def compare(rb: Rulebook, md: Any, args: Args) -> str:
    """``compare timescales at=...`` or ``compare <tool>``."""
    if args.first == "timescales":
        return compare_timescales(rb, Links(md, args.fence), args)
    return compare_tool(rb, args, rb.tools[args.first or ""])


# ------------------------------------------------------------------ ```answer


def _answer_headline(rb: Rulebook, proc: Procedure, result: dict[str, Any], duty: str, event: str) -> str:
    """One procedure's first line for a quick answer, with its force and any warning, in the engine's words."""
    governing = governing_for(result, duty)
    running = [r["text"] for r in result["running"] if r["duty"] == duty]
    stopped = [n["reason"] for n in result["not_running"] if n["duty"] == duty]
    if governing:
        said = governing["headline"]
    elif running or stopped:
        said = " ".join(running + stopped)
    else:
        said = presenter.no_timescale(rb.events[event].short)
    force = (f' <span class="sdh-governing__force">{escape(governing["force"])}</span>'
             if governing and governing["force"] else "")
    label = rb.duties[duty].label
    warnings = [w for w in result["warnings"] if w.startswith(f"{label}:") or "Bank holidays" in w
                or "arrangements started" in w]
    warn = "".join(f'<p class="sdh-warning">{escape(w)}</p>' for w in warnings)
    return f"<strong>{escape(proc.short_title)}</strong>: {escape(said)}{force}{warn}"


def _duties(rb: Rulebook) -> list[str]:
    return list(dict.fromkeys(r.duty for r in rb.all_rules()))


def _check_answer(rb: Rulebook, args: Args) -> None:
    check_procedure_option(rb, args)
    duty = args.required("duty")
    if duty not in _duties(rb):
        raise args.fail(f"unknown duty {duty!r}; known: {', '.join(_duties(rb))}")
    event = args.required("event")
    if event not in rb.events:
        raise args.fail(f"unknown event {event!r}; known: {', '.join(rb.events)}")
    _check_at(args)
    args.ids("circumstances", rb.circumstances, "circumstance")


def answer(rb: Rulebook, md: Any, args: Args) -> str:
    """One question answered under every procedure (or the one ``procedure=`` names) by the engine."""
    links = Links(md, args.fence)
    duty, event = args.required("duty"), args.required("event")
    circumstances = args.ids("circumstances", rb.circumstances, "circumstance")
    rows = []
    headlines: list[str] = []
    moment = ""
    for proc in procedures_chosen(rb, args):
        result = _run(args, proc.id, event, circumstances, rb)
        moment = result["at_text"]
        headlines.append(_answer_headline(rb, proc, result, duty, event))
        others = sorted({rb.events[e].label.lower() for r in proc.rules if r.duty == duty for e in r.events}
                        - {rb.events[event].label.lower()})
        nothing = f"{proc.short_title} {presenter.no_timescale(others=others)}"
        of_duty: Keep = lambda d: d["duty"] == duty  # noqa: E731
        rows += with_procedure(
            proc, _deadline_rows(rb, links, proc, result, of_duty) + _running_rows(rb, proc, result, of_duty)
            + _not_running_rows(rb, proc, result, of_duty), nothing, 4)
    given = ", ".join(rb.circumstances[c].label.lower() for c in circumstances)
    # Which event the dates count from, said first: an example's dates answer that question only.
    caption = f"Counted from {rb.events[event].short} at {moment}" + (f", and {given}" if given else "")
    summary = "".join(f"<li>{item}</li>" for item in headlines)
    return (f'<p class="sdh-answer-from">{escape(caption)}:</p><ul class="sdh-answer-headlines">{summary}</ul>'
            + citations.table(
        caption, ["Procedure", "Timescale", "What the procedure says", "Due", "Source"], rows, "sdh-answer",
        caption=caption))


COMPARE = Fence("compare", compare, _check_compare, keys=("at", "level"), wrap=True)
ANSWER = Fence("answer", answer, _check_answer, positional=False,
               keys=("duty", "event", "at", "circumstances", "procedure"), wrap=True)
