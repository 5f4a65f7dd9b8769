"""The case timeline's form (```` ```timeline ```` holding ``form``), and the home page's list of
tools (```` ```tool-list ```` holding ``all``), written from the rulebook.

The timeline asks the deadline tool's questions once (the procedure, with no procedure
chosen for the reader, the first event, its date and time, the circumstances) and, as
optional date boxes, when later steps actually took place: the chain recomputes from
them (calculators/timeline.py). The script (docs/assets/javascripts/timeline-form.mjs)
shows only the events the chosen procedure knows, and only the later events that follow
the first; every word of the answer is Python's (calculators/timeline_view.py).
"""

from __future__ import annotations

from html import escape
from typing import Any

from build_tools.fences import govuk
from build_tools.fences.base import Args, Fence, Links, attr
# The deadline tool's questions, asked here in the same words (one form pattern, written once).
from build_tools.fences.deadline_form import circumstance_group, date_group, date_tool, event_group
from calculators.clocks import earlier_events
from calculators.rulebook import Rulebook
from calculators.timeline import later_events
from calculators.timeline_view import time_label

SLUG = "timeline"
#: The one word each fence holds.
FORM, ALL_TOOLS = "form", "all"


def _procedure_group(rb: Rulebook, p: str) -> str:
    """No procedure chosen for the reader: an empty first option, each procedure, then all."""
    # govuk.procedure_options writes the empty first option ("Choose a procedure") for every tool.
    options = govuk.procedure_options((proc.id, proc.short_title) for proc in rb.procedures.values())
    hint = "Whose timescales to use: the one your area follows, or all of them, one timeline each."
    return govuk.procedure_select(p, options, hint, f"{p}-procedure-hint")


def _known_group(rb: Rulebook, p: str) -> str:
    """Optional date boxes for each event that can follow another: when it actually took place."""
    later = [e for e in rb.events.values() if e.after]
    later.sort(key=lambda e: len(earlier_events(rb, e.id)))
    groups = []
    for ev in later:
        users = " ".join(proc.id for proc in rb.procedures.values() if ev.id in proc.event_ids())
        base = f"{p}-known-{ev.id}"
        groups.append(
            f'<div class="sdh-form-group sdh-form-group--nested" data-field="known-{attr(ev.id)}" '
            f'data-focus="{base}-day" data-known="{attr(ev.id)}" data-procedures="{attr(users)}">'
            f'<fieldset class="sdh-fieldset" role="group" aria-describedby="{base}-error">'
            f'<legend class="sdh-legend sdh-legend--small">{escape(time_label(ev.short))} (optional)</legend>'
            f"{govuk.error_message(f'{base}-error')}"
            f'<div class="sdh-date-input">{govuk.date_boxes(base, with_time=True)}</div>'
            f"{govuk.tool_offset(base)}"
            "</fieldset></div>"
        )
    return (
        f'<div class="sdh-form-group" data-field="known" data-focus="{p}-known-legend">'
        f'<fieldset class="sdh-fieldset" aria-describedby="{p}-known-hint {p}-known-error">'
        f'<legend class="sdh-legend" id="{p}-known-legend" tabindex="-1">When later steps actually happened '
        "(optional)</legend>"
        f'<div class="sdh-hint" id="{p}-known-hint">Once a later step has taken place, give its date and time: the '
        "dates that run from it are worked out from that time instead of from the last minute allowed. Leave "
        "the boxes empty for a step that has not happened.</div>"
        f"{govuk.error_message(f'{p}-known-error')}"
        f'{"".join(groups)}'
        f'<p class="sdh-hint" data-no-known hidden>Nothing the handbook knows follows the event chosen.</p>'
        "</fieldset></div>"
    )


def timeline_form(rb: Rulebook) -> str:
    """The case timeline: the form, its status and answer regions, and its data."""
    p = SLUG
    groups = [_procedure_group(rb, p), event_group(rb, p, with_earlier=False), date_group(p),
              circumstance_group(rb, p), _known_group(rb, p)]
    noscript = ("This tool needs JavaScript. Every timescale is also listed, with its source, in the table on the "
                "timing chapter.")
    return date_tool(rb, p, groups, "Show the timeline", noscript,
                     {"later": {e: later_events(rb, e) for e in rb.events}})


def _check_form(rb: Rulebook, args: Args) -> None:
    if args.first != FORM:
        raise args.fail(f"the word must be {FORM!r}, found {args.first!r}")


def _render_form(rb: Rulebook, md: Any, args: Args) -> str:
    return timeline_form(rb)


def tool_list(rb: Rulebook, md: Any) -> str:
    """"What do you need?": the timeline, then every other tool with a page (tools.toml's order),
    each its title as a link and its question."""
    links = Links(md, "tool-list")
    tools = sorted([*rb.computed_tools.values(), *rb.tools.values()], key=lambda t: t.kind != "timeline")
    items = [
        f'<li class="sdh-tool-list__item">{links.link(tool.page, tool.title)}'
        f'<span class="sdh-tool-list__question">{escape(tool.question)}</span></li>'
        for tool in tools if tool.page
    ]
    return f'<ul class="sdh-tool-list">{"".join(items)}</ul>'


def _check_list(rb: Rulebook, args: Args) -> None:
    if args.first != ALL_TOOLS:
        raise args.fail(f"the word must be {ALL_TOOLS!r}, found {args.first!r}")


TIMELINE = Fence("timeline", _render_form, _check_form, one_word=True)
TOOL_LIST = Fence("tool-list", lambda rb, md, args: tool_list(rb, md), _check_list, one_word=True)
