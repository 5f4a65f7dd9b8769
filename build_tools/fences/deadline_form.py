"""The deadline tool's form ("When is it due?"), written from the rulebook's events and circumstances.

The procedure select (with "all side by side"), one radio per event with its label and
hint, the GOV.UK date input with the offset for the repeated hour, the optional earlier
event whose clocks still run, one checkbox per circumstance with ``data-procedures``
(the script shows those of the chosen procedure), and the rule statements and notes as
build-time HTML by rule id (the script inserts only those).
"""

from __future__ import annotations

from html import escape
from typing import Any

from build_tools.fences import govuk
from build_tools.fences.base import attr, json_for_script, render_markdown
from build_tools.fences.citations import version_line
from calculators.clocks import earlier_events
from calculators.london_time import long_date
from calculators.presenter import page_words
from calculators.rulebook import Rulebook

SLUG = "deadlines"


def _rules_html(rb: Rulebook) -> dict[str, dict[str, Any]]:
    return {
        r.id: {"statement": render_markdown(r.statement), "notes": [render_markdown(n) for n in r.notes]}
        for r in rb.all_rules()
    }


def _procedure_group(rb: Rulebook, p: str) -> str:
    options = govuk.procedure_options((proc.id, proc.short_title) for proc in rb.procedures.values())
    hint = "Whose timescales to use. Choose the one your area follows, or compare them all."
    return govuk.procedure_select(p, options, hint, f"{p}-procedure-hint")


def event_group(rb: Rulebook, p: str, with_earlier: bool = True) -> str:
    """The "What happened?" radios, each marked with the procedures that know the event (with
    ``with_earlier``, also those whose earlier clock keeps running after it, as the deadline tool
    asks for the earlier event; the timeline starts from the event, so it does not)."""
    first = next(iter(rb.events))
    items = []
    for ev in rb.events.values():
        # A procedure knows an event it sets a timescale from, or one after which a clock it
        # started earlier keeps running (Peterborough's 24 hours after emergency action).
        known = {ev.id, *(earlier_events(rb, ev.id) if with_earlier else ())}
        users = " ".join(proc.id for proc in rb.procedures.values() if known & set(proc.event_ids()))
        items.append(govuk.choice_item("radio", f"{p}-event-{ev.id}", ev.id, escape(ev.label), ev.hint,
                                       name=f"{p}-event", item_attrs=f' data-procedures="{attr(users)}"'))
    return (
        f'<div class="sdh-form-group" data-field="event" data-focus="{p}-event-{first}">'
        f'<fieldset class="sdh-fieldset" aria-describedby="{p}-event-error">'
        '<legend class="sdh-legend">What happened?</legend>'
        f"{govuk.error_message(f'{p}-event-error')}"
        f'<div class="sdh-radios">{"".join(items)}</div>'
        "</fieldset></div>"
    )


def date_group(p: str) -> str:
    return (
        f'<div class="sdh-form-group" data-field="at" data-focus="{p}-at-day">'
        f'<fieldset class="sdh-fieldset" role="group" aria-describedby="{p}-at-hint {p}-at-error">'
        '<legend class="sdh-legend">When did it happen?</legend>'
        f'<div class="sdh-hint" id="{p}-at-hint">{escape(govuk.DATETIME_HINT)}</div>'
        f"{govuk.error_message(f'{p}-at-error')}"
        f'<div class="sdh-date-input">{govuk.date_boxes(f"{p}-at", with_time=True)}</div>'
        f"{govuk.tool_offset(f'{p}-at')}"
        "</fieldset></div>"
    )


def _earlier_group(rb: Rulebook, p: str) -> str:
    """The optional earlier event (the referral before emergency action...) whose clocks still run."""
    earlier = [e for e in rb.events.values() if any(e.id in other.after for other in rb.events.values())]
    options = '<option value="">None given</option>' + "".join(
        f'<option value="{attr(e.id)}">{escape(e.short[0].upper() + e.short[1:])}</option>' for e in earlier)
    return (
        f'<div class="sdh-form-group" data-field="earlier" data-focus="{p}-earlier-event" data-earlier hidden>'
        f'<label class="sdh-label" for="{p}-earlier-event">An earlier event whose clocks are still running '
        "(optional)</label>"
        f'<div class="sdh-hint" id="{p}-earlier-event-hint">A clock that started earlier keeps running: for '
        "example the time from the referral still counts after emergency action. Give the earlier event and "
        "its time to see those dates; without it the answer names the clocks still running.</div>"
        f"{govuk.error_message(f'{p}-earlier-error')}"
        f'<select class="sdh-select" id="{p}-earlier-event" aria-describedby="{p}-earlier-event-hint">{options}</select>'
        f'<div class="sdh-form-group sdh-form-group--nested" data-field="earlier-at" data-focus="{p}-earlier-at-day">'
        f'<fieldset class="sdh-fieldset" role="group" aria-describedby="{p}-earlier-at-hint {p}-earlier-at-error">'
        '<legend class="sdh-legend">When did the earlier event happen?</legend>'
        f'<div class="sdh-hint" id="{p}-earlier-at-hint">The date, then the time on the 24-hour clock, as for '
        "the event above.</div>"
        f"{govuk.error_message(f'{p}-earlier-at-error')}"
        f'<div class="sdh-date-input">{govuk.date_boxes(f"{p}-earlier-at", with_time=True)}</div>'
        "</fieldset></div></div>"
    )


def circumstance_group(rb: Rulebook, p: str) -> str:
    items = []
    for c in rb.circumstances.values():
        users = " ".join(proc.id for proc in rb.procedures.values() if c.id in proc.circumstance_ids())
        if users:
            items.append(govuk.choice_item("checkbox", f"{p}-circumstance-{c.id}", c.id, escape(c.label), c.hint,
                                           item_attrs=f' data-procedures="{attr(users)}"'))
    return (
        f'<div class="sdh-form-group" data-field="circumstances" data-focus="{p}-circumstances-legend">'
        f'<fieldset class="sdh-fieldset" aria-describedby="{p}-circumstances-hint {p}-circumstances-error">'
        f'<legend class="sdh-legend" id="{p}-circumstances-legend" tabindex="-1">'
        "Does anything else apply? (optional)</legend>"
        f'<div class="sdh-hint" id="{p}-circumstances-hint">Tick all that apply. Only the facts that change '
        "the chosen procedure's timescales are listed.</div>"
        f"{govuk.error_message(f'{p}-circumstances-error')}"
        f'<div class="sdh-checkboxes">{"".join(items)}</div>'
        f'<p class="sdh-hint" data-no-circumstances hidden>The chosen procedure has no timescale that depends '
        "on any further fact.</p>"
        "</fieldset></div>"
    )


def date_tool(rb: Rulebook, p: str, groups: list[str], button: str, noscript: str, data: dict[str, Any]) -> str:
    """A tool whose questions start from an event and its time (the deadline tool, the case
    timeline): its form of ``groups`` and ``button``, its status and answer regions, and its data
    (the rulebook's version and the page's words, with ``data``)."""
    data = {"tool": p,
            "rulebook": {"version": rb.version, "date": rb.date.isoformat(), "date_text": long_date(rb.date)},
            "words": page_words(rb.version, long_date(rb.date), "deadlines"), **data}
    form = (f'<form class="sdh-form" id="{p}-form" data-form novalidate autocomplete="off">' + "".join(groups)
            + f'<button type="submit" class="sdh-button" id="{p}-submit" disabled>{escape(button)}</button></form>')
    return govuk.tool_shell(p, version_line(rb), "", noscript, form, json_for_script(data),
                            f' data-tool="{p}" data-rulebook-version="{attr(rb.version)}"')


def deadlines_form(rb: Rulebook) -> str:
    """The "When is it due?" tool: the form, its status and result regions, and its data."""
    p = SLUG
    groups = [_procedure_group(rb, p), event_group(rb, p), date_group(p), _earlier_group(rb, p),
              circumstance_group(rb, p)]
    data = {"rules": _rules_html(rb), "circumstances": {c.id: c.label for c in rb.circumstances.values()},
            "earlier": {e.id: earlier_events(rb, e.id) for e in rb.events.values()}}
    return date_tool(rb, p, groups, "Work out the deadlines",
                     "This tool needs JavaScript. Every timescale is also listed in the table on this page.", data)
