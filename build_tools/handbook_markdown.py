"""Calculators and rule tables in the handbook's pages, generated at build time from the rulebook.

Custom fences for pymdown-extensions' SuperFences (a Python-Markdown extension, so
nothing here depends on MkDocs' plugin API)::

    ```calculator
    deadlines
    ```

    ```calculator
    seen-alone
    ```

    ```rule-table
    all
    ```

    ```sources
    all
    ```

    ```outcomes-panel
    all
    ```

``calculator`` writes a tool's whole form: for ``deadlines``, the procedures, events and
circumstances with their labels and hints; for a decision tool (any id of
``rb.tools``: ``joint-investigation``, ``seen-alone``, ...), the procedure choice and one
GOV.UK pattern per question of ``procedures/tools.toml`` (radios for choice and yes-no,
checkboxes for multi, a numeric text box, the date input, date and time, a textarea).
All of it comes from ``procedures/`` through ``calculators.rulebook``, never from the
page. ``rule-table`` writes a table of every timescale of one procedure (give its id) or
of every procedure (``all``); ``sources`` lists the source documents with their dates and
the rulebook's version; ``outcomes-panel`` lists, per procedure (its id, or ``all``), the
outcomes it allows and what each leads to, from ``calculators.outcomes.advise``.

Rule and guidance statements and notes are Markdown in the rulebook; they are rendered
here with markdown-it-py (CommonMark, raw HTML off), so a rule's text cannot put markup
into a page. For a tool, that HTML is embedded once as JSON (rule id or guidance item id
-> HTML): the page's script inserts it by id and writes everything else that Python
returns as text.

Anything unexpected (an unknown tool, an unknown procedure, a fence with options) is a
``SuperFencesException``, which stops the build instead of leaving a hole in a page.

Use from MkDocs (``mkdocs.yml``)::

    markdown_extensions:
      - pymdownx.superfences:
          custom_fences:
            - name: calculator
              class: calculator
              format: !!python/name:build_tools.handbook_markdown.calculator_fence
            - name: rule-table
              class: rule-table
              format: !!python/name:build_tools.handbook_markdown.rule_table_fence
            - name: sources
              class: sources
              format: !!python/name:build_tools.handbook_markdown.sources_fence
            - name: outcomes-panel
              class: outcomes-panel
              format: !!python/name:build_tools.handbook_markdown.outcomes_panel_fence

or from any Python-Markdown caller::

    markdown.Markdown(extensions=["pymdownx.superfences"],
                      extension_configs={"pymdownx.superfences": {"custom_fences": custom_fences()}})
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from pymdownx.superfences import SuperFencesException

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from calculators.citations import source_name  # noqa: E402
from calculators.clocks import earlier_events  # noqa: E402
from calculators.strength import label as strength_label  # noqa: E402
from calculators.rulebook import Procedure, Rule, Rulebook, load  # noqa: E402
from calculators.tools_data import Field, Tool  # noqa: E402

ALL = "all"

_markdown = MarkdownIt("commonmark", {"html": False})


def render_markdown(text: str) -> str:
    """A rulebook string (Markdown) as HTML: CommonMark, raw HTML escaped, never passed through."""
    return _markdown.render(text).strip()


def long_date(d: Any) -> str:
    return f"{d:%A} {d.day} {d:%B} {d.year}"


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _json_for_script(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left raw."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _fail(message: str) -> SuperFencesException:
    return SuperFencesException(f"handbook_markdown: {message}")


def _one_word(source: str, fence: str) -> str:
    words = source.split()
    if len(words) != 1:
        raise _fail(f"a ```{fence} fence holds exactly one word, found {source.strip()!r}")
    return words[0]


def _no_options(options: dict[str, Any], kwargs: dict[str, Any], fence: str) -> None:
    given = [*(options or {}), *(kwargs.get("attrs") or {})]
    given += [f".{c}" for c in kwargs.get("classes") or []]
    given += [f"#{kwargs['id_value']}"] if kwargs.get("id_value") else []
    if given:
        raise _fail(f"a ```{fence} fence takes no options, found {sorted(given)}")


# ------------------------------------------------------------------ the deadline tool


def _rules_html(rb: Rulebook) -> dict[str, dict[str, Any]]:
    return {
        r.id: {"statement": render_markdown(r.statement), "notes": [render_markdown(n) for n in r.notes]}
        for r in rb.all_rules()
    }


def _procedure_group(rb: Rulebook, p: str) -> str:
    options = "".join(
        f'<option value="{_attr(proc.id)}">{escape(proc.short_title)}</option>'
        for proc in rb.procedures.values()
    )
    options += f'<option value="{ALL}">All {len(rb.procedures)} procedures, side by side</option>'
    return (
        f'<div class="sdh-form-group" data-field="procedure" data-focus="{p}-procedure">'
        f'<label class="sdh-label" for="{p}-procedure">Procedure</label>'
        f'<div class="sdh-hint" id="{p}-procedure-hint">Whose timescales to use. Choose the one your area '
        "follows, or compare them all.</div>"
        f'<p class="sdh-error-message" id="{p}-procedure-error" hidden></p>'
        f'<select class="sdh-select" id="{p}-procedure" aria-describedby="{p}-procedure-hint">{options}</select>'
        "</div>"
    )


def _event_group(rb: Rulebook, p: str) -> str:
    first = next(iter(rb.events))
    items = []
    for ev in rb.events.values():
        users = " ".join(proc.id for proc in rb.procedures.values() if ev.id in proc.event_ids())
        iid = f"{p}-event-{ev.id}"
        items.append(
            f'<div class="sdh-radios__item" data-procedures="{_attr(users)}">'
            f'<input class="sdh-radios__input" type="radio" id="{iid}" name="{p}-event" value="{_attr(ev.id)}" '
            f'aria-describedby="{iid}-hint">'
            f'<label class="sdh-label sdh-radios__label" for="{iid}">{escape(ev.label)}</label>'
            f'<div class="sdh-hint sdh-radios__hint" id="{iid}-hint">{escape(ev.hint)}</div>'
            "</div>"
        )
    return (
        f'<div class="sdh-form-group" data-field="event" data-focus="{p}-event-{first}">'
        f'<fieldset class="sdh-fieldset" aria-describedby="{p}-event-error">'
        '<legend class="sdh-legend">What happened?</legend>'
        f'<p class="sdh-error-message" id="{p}-event-error" hidden></p>'
        f'<div class="sdh-radios">{"".join(items)}</div>'
        "</fieldset></div>"
    )


_DATE_PARTS = (
    ("day", "Day", 2, "sdh-input--width-2"),
    ("month", "Month", 2, "sdh-input--width-2"),
    ("year", "Year", 4, "sdh-input--width-4"),
    ("hour", "Hour", 2, "sdh-input--width-2"),
    ("minute", "Minute", 2, "sdh-input--width-2"),
)


def _date_group(rb: Rulebook, p: str) -> str:
    parts = []
    for key, label, size, width in _DATE_PARTS:
        iid = f"{p}-at-{key}"
        if key == "hour":
            parts.append('<span class="sdh-date-input__gap" aria-hidden="true"></span>')
        parts.append(
            f'<div class="sdh-date-input__item">'
            f'<label class="sdh-label sdh-date-input__label" for="{iid}">{label}</label>'
            f'<input class="sdh-input sdh-date-input__input {width}" id="{iid}" data-part="{key}" type="text" '
            f'inputmode="numeric" maxlength="{size}" spellcheck="false" autocomplete="off">'
            "</div>"
        )
    offset = (
        f'<div class="sdh-form-group sdh-form-group--nested">'
        f'<label class="sdh-label" for="{p}-at-offset">Only if the time fell in the hour the clocks went back</label>'
        f'<div class="sdh-hint" id="{p}-at-offset-hint">On the last Sunday of October, the clock times from '
        "01:00 to 01:59 happen twice. Say which of the two you mean; leave this alone at any other time.</div>"
        f'<select class="sdh-select" id="{p}-at-offset" aria-describedby="{p}-at-offset-hint">'
        '<option value="">Not needed</option>'
        '<option value="+01:00">The first time, in BST (UTC+01:00), before the clocks went back</option>'
        '<option value="+00:00">The second time, in GMT (UTC+00:00), after the clocks went back</option>'
        "</select></div>"
    )
    return (
        f'<div class="sdh-form-group" data-field="at" data-focus="{p}-at-day">'
        f'<fieldset class="sdh-fieldset" role="group" aria-describedby="{p}-at-hint {p}-at-error">'
        '<legend class="sdh-legend">When did it happen?</legend>'
        f'<div class="sdh-hint" id="{p}-at-hint">The date, then the time on the 24-hour clock as a clock in '
        "England showed it. For example, 24 12 2026 and 16 30.</div>"
        f'<p class="sdh-error-message" id="{p}-at-error" hidden></p>'
        f'<div class="sdh-date-input">{"".join(parts)}</div>'
        f"{offset}"
        "</fieldset></div>"
    )


def _earlier_group(rb: Rulebook, p: str) -> str:
    """The optional earlier event (the referral before emergency action...) whose clocks still run."""
    earlier = [e for e in rb.events.values() if any(e.id in other.after for other in rb.events.values())]
    options = '<option value="">None given</option>' + "".join(
        f'<option value="{_attr(e.id)}">{escape(e.short[0].upper() + e.short[1:])}</option>' for e in earlier)
    parts = []
    for key, label, size, width in _DATE_PARTS:
        iid = f"{p}-earlier-at-{key}"
        if key == "hour":
            parts.append('<span class="sdh-date-input__gap" aria-hidden="true"></span>')
        parts.append(
            f'<div class="sdh-date-input__item">'
            f'<label class="sdh-label sdh-date-input__label" for="{iid}">{label}</label>'
            f'<input class="sdh-input sdh-date-input__input {width}" id="{iid}" data-part="{key}" type="text" '
            f'inputmode="numeric" maxlength="{size}" spellcheck="false" autocomplete="off">'
            "</div>"
        )
    return (
        f'<div class="sdh-form-group" data-field="earlier" data-focus="{p}-earlier-event" data-earlier hidden>'
        f'<label class="sdh-label" for="{p}-earlier-event">An earlier event whose clocks are still running '
        "(optional)</label>"
        f'<div class="sdh-hint" id="{p}-earlier-event-hint">A clock that started earlier keeps running: for '
        "example the time from the referral still counts after emergency action. Give the earlier event and "
        "its time to see those dates; without it the answer names the clocks still running.</div>"
        f'<p class="sdh-error-message" id="{p}-earlier-error" hidden></p>'
        f'<select class="sdh-select" id="{p}-earlier-event" aria-describedby="{p}-earlier-event-hint">{options}</select>'
        f'<div class="sdh-form-group sdh-form-group--nested" data-field="earlier-at" data-focus="{p}-earlier-at-day">'
        f'<fieldset class="sdh-fieldset" role="group" aria-describedby="{p}-earlier-at-hint {p}-earlier-at-error">'
        '<legend class="sdh-legend">When did the earlier event happen?</legend>'
        f'<div class="sdh-hint" id="{p}-earlier-at-hint">The date, then the time on the 24-hour clock, as for '
        "the event above.</div>"
        f'<p class="sdh-error-message" id="{p}-earlier-at-error" hidden></p>'
        f'<div class="sdh-date-input">{"".join(parts)}</div>'
        "</fieldset></div></div>"
    )


def _circumstance_group(rb: Rulebook, p: str) -> str:
    items = []
    for c in rb.circumstances.values():
        users = " ".join(proc.id for proc in rb.procedures.values() if c.id in proc.circumstance_ids())
        if not users:
            continue
        iid = f"{p}-circumstance-{c.id}"
        items.append(
            f'<div class="sdh-checkboxes__item" data-procedures="{_attr(users)}">'
            f'<input class="sdh-checkboxes__input" type="checkbox" id="{iid}" value="{_attr(c.id)}" '
            f'aria-describedby="{iid}-hint">'
            f'<label class="sdh-label sdh-checkboxes__label" for="{iid}">{escape(c.label)}</label>'
            f'<div class="sdh-hint sdh-checkboxes__hint" id="{iid}-hint">{escape(c.hint)}</div>'
            "</div>"
        )
    return (
        f'<div class="sdh-form-group" data-field="circumstances" data-focus="{p}-circumstances-legend">'
        f'<fieldset class="sdh-fieldset" aria-describedby="{p}-circumstances-hint {p}-circumstances-error">'
        f'<legend class="sdh-legend" id="{p}-circumstances-legend" tabindex="-1">'
        "Does anything else apply? (optional)</legend>"
        f'<div class="sdh-hint" id="{p}-circumstances-hint">Tick all that apply. Only the facts that change '
        "the chosen procedure's timescales are listed.</div>"
        f'<p class="sdh-error-message" id="{p}-circumstances-error" hidden></p>'
        f'<div class="sdh-checkboxes">{"".join(items)}</div>'
        f'<p class="sdh-hint" data-no-circumstances hidden>The chosen procedure has no timescale that depends '
        "on any further fact.</p>"
        "</fieldset></div>"
    )


def deadlines_form(rb: Rulebook) -> str:
    """The "When is it due?" tool: the form, its status and result regions, and its data."""
    p = "deadlines"
    data = {
        "tool": p,
        "rulebook": {"version": rb.version, "date": rb.date.isoformat(), "date_text": long_date(rb.date)},
        "rules": _rules_html(rb),
        "circumstances": {c.id: c.label for c in rb.circumstances.values()},
        "earlier": {e.id: earlier_events(rb, e.id) for e in rb.events.values()},
    }
    version = (
        f'<p class="sdh-tool__version">Rulebook version <span data-rulebook-version>{escape(rb.version)}</span> '
        f"of {escape(long_date(rb.date))}.</p>"
    )
    status = (
        f'<div class="sdh-tool__status" id="{p}-status" data-status="starting" role="status">'
        "The tool is starting. You can read the page and fill in the form meanwhile.</div>"
    )
    summary = (
        f'<div class="sdh-error-summary" id="{p}-error-summary" data-error-summary hidden tabindex="-1" '
        f'aria-labelledby="{p}-error-summary-title">'
        f'<h2 class="sdh-error-summary__title" id="{p}-error-summary-title">There is a problem</h2>'
        '<ul class="sdh-error-summary__list" data-error-list></ul></div>'
    )
    form = (
        f'<form class="sdh-form" id="{p}-form" data-form novalidate autocomplete="off">'
        + _procedure_group(rb, p)
        + _event_group(rb, p)
        + _date_group(rb, p)
        + _earlier_group(rb, p)
        + _circumstance_group(rb, p)
        + f'<button type="submit" class="sdh-button" id="{p}-submit" disabled>Work out the deadlines</button>'
        + "</form>"
    )
    result = (
        f'<div class="sdh-result" id="{p}-result" data-result aria-live="polite" aria-atomic="false"></div>'
    )
    noscript = (
        '<noscript><p class="sdh-tool__noscript">This tool needs JavaScript. Every timescale is also '
        "listed in the table on this page.</p></noscript>"
    )
    return (
        f'<div class="sdh-tool" data-tool="{p}" data-rulebook-version="{_attr(rb.version)}">'
        f"{version}{status}{noscript}{summary}{form}{result}"
        f'<script type="application/json" data-tool-data>{_json_for_script(data)}</script>'
        "</div>"
    )


# ------------------------------------------------------------------ the decision tools
#
# Each decision tool's questions are data (``procedures/tools.toml``, read into
# ``rb.tools``); what each procedure says is data too (``[[guidance]]``). The form is
# written from the first, and the guidance statements and notes are rendered once here
# and embedded as JSON by item id. One GOV.UK pattern per kind of field.

_PARTS_DATE = (("day", "Day", 2, "sdh-input--width-2"), ("month", "Month", 2, "sdh-input--width-2"),
               ("year", "Year", 4, "sdh-input--width-4"))
_PARTS_TIME = (("hour", "Hour", 2, "sdh-input--width-2"), ("minute", "Minute", 2, "sdh-input--width-2"))
#: A hint written for the command line (an ISO date) is not shown beside the date boxes.
_ISO_EXAMPLE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_HINT = "For example, 24 12 2026."
_DATETIME_HINT = ("The date, then the time on the 24-hour clock as a clock in England showed it. "
                  "For example, 24 12 2026 and 16 30.")


def _optional(fld: Field) -> bool:
    """A field that is never required (so the form marks it "(optional)", as GOV.UK asks)."""
    return not fld.required and not fld.required_when


def _described_by(*ids: str | None) -> str:
    ids = tuple(i for i in ids if i)
    return f' aria-describedby="{" ".join(ids)}"' if ids else ""


def _hint_div(iid: str, text: str) -> str:
    return f'<div class="sdh-hint" id="{iid}">{escape(text)}</div>' if text else ""


def _error_p(iid: str) -> str:
    return f'<p class="sdh-error-message" id="{iid}" hidden></p>'


def _legend(fld: Field) -> str:
    label = escape(fld.label) + (" (optional)" if _optional(fld) else "")
    return f'<legend class="sdh-legend">{label}</legend>'


def _choice_items(p: str, fld: Field, kind: str) -> tuple[str, str]:
    """Radio or checkbox items (and the id of the first, where the error summary links)."""
    css = "sdh-radios" if kind == "radio" else "sdh-checkboxes"
    name = f' name="{p}-{fld.id}"' if kind == "radio" else ""
    if fld.kind == "yes-no":
        options = [("yes", "Yes", ""), ("no", "No", "")]
    else:
        options = [(o.id, o.label, o.hint) for o in fld.options]
    if kind == "radio" and _optional(fld):
        options.append(("", "Not known, or not given", ""))
    items = []
    for value, label, hint in options:
        iid = f"{p}-{fld.id}-{value or 'not-given'}"
        hint_html = (f'<div class="sdh-hint {css}__hint" id="{iid}-hint">{escape(hint)}</div>' if hint else "")
        items.append(
            f'<div class="{css}__item">'
            f'<input class="{css}__input" type="{kind}" id="{iid}"{name} value="{_attr(value)}"'
            f'{_described_by(iid + "-hint" if hint else None)}>'
            f'<label class="sdh-label {css}__label" for="{iid}">{escape(label)}</label>'
            f"{hint_html}</div>"
        )
    first = f"{p}-{fld.id}-{options[0][0] or 'not-given'}"
    inline = " sdh-radios--inline" if fld.kind == "yes-no" else ""
    return f'<div class="{css}{inline}">{"".join(items)}</div>', first


def _field_group(p: str, fld: Field) -> str:
    base = f"{p}-{fld.id}"
    hint_id, error_id = f"{base}-hint", f"{base}-error"
    kind = fld.kind
    if kind in ("choice", "yes-no", "multi"):
        inputs, first = _choice_items(p, fld, "checkbox" if kind == "multi" else "radio")
        hint = fld.hint or ("Tick all that apply." if kind == "multi" else "")
        return (
            f'<div class="sdh-form-group" data-field="{_attr(fld.id)}" data-kind="{kind}" data-focus="{first}">'
            f'<fieldset class="sdh-fieldset"{_described_by(hint_id if hint else None, error_id)}>'
            f"{_legend(fld)}{_hint_div(hint_id, hint)}{_error_p(error_id)}{inputs}"
            "</fieldset></div>"
        )
    if kind in ("whole-number", "text"):
        hint = fld.hint
        if kind == "whole-number" and fld.min is not None and fld.max is not None:
            hint = f"{hint} A whole number from {fld.min} to {fld.max}.".strip()
        label = escape(fld.label) + (" (optional)" if _optional(fld) else "")
        described = _described_by(hint_id if hint else None, error_id)
        if kind == "whole-number":
            control = (f'<input class="sdh-input sdh-input--width-3" id="{base}" type="text" inputmode="numeric" '
                       f'spellcheck="false" autocomplete="off"{described}>')
        else:
            # No spelling service ever sees what is typed here: spellcheck off.
            control = (f'<textarea class="sdh-textarea" id="{base}" rows="3" spellcheck="false" '
                       f'autocomplete="off"{described}></textarea>')
        return (
            f'<div class="sdh-form-group" data-field="{_attr(fld.id)}" data-kind="{kind}" data-focus="{base}">'
            f'<label class="sdh-label" for="{base}">{label}</label>'
            f"{_hint_div(hint_id, hint)}{_error_p(error_id)}{control}</div>"
        )
    if kind in ("date", "datetime"):
        parts = list(_PARTS_DATE)
        own = fld.hint if fld.hint and not _ISO_EXAMPLE.search(fld.hint) else ""
        hint = f"{own} {_DATE_HINT if kind == 'date' else _DATETIME_HINT}".strip()
        items = []
        for key, label, size, width in parts + (list(_PARTS_TIME) if kind == "datetime" else []):
            iid = f"{base}-{key}"
            if key == "hour":
                items.append('<span class="sdh-date-input__gap" aria-hidden="true"></span>')
            items.append(
                '<div class="sdh-date-input__item">'
                f'<label class="sdh-label sdh-date-input__label" for="{iid}">{label}</label>'
                f'<input class="sdh-input sdh-date-input__input {width}" id="{iid}" data-part="{key}" type="text" '
                f'inputmode="numeric" maxlength="{size}" spellcheck="false" autocomplete="off">'
                "</div>"
            )
        offset = ""
        if kind == "datetime":
            offset = (
                '<div class="sdh-form-group sdh-form-group--nested">'
                f'<label class="sdh-label" for="{base}-offset">Only if the time fell in the hour the clocks went back'
                "</label>"
                f'<div class="sdh-hint" id="{base}-offset-hint">On the last Sunday of October, the clock times from '
                "01:00 to 01:59 happen twice. Say which of the two you mean; leave this alone at any other time.</div>"
                f'<select class="sdh-select" id="{base}-offset" data-part="offset" '
                f'aria-describedby="{base}-offset-hint">'
                '<option value="">Not needed</option>'
                '<option value="+01:00">The first time, in BST (UTC+01:00), before the clocks went back</option>'
                '<option value="+00:00">The second time, in GMT (UTC+00:00), after the clocks went back</option>'
                "</select></div>"
            )
        return (
            f'<div class="sdh-form-group" data-field="{_attr(fld.id)}" data-kind="{kind}" data-focus="{base}-day">'
            f'<fieldset class="sdh-fieldset" role="group"{_described_by(hint_id, error_id)}>'
            f"{_legend(fld)}{_hint_div(hint_id, hint)}{_error_p(error_id)}"
            f'<div class="sdh-date-input">{"".join(items)}</div>{offset}'
            "</fieldset></div>"
        )
    raise _fail(f"```calculator: field '{fld.id}' has a kind the form cannot show: {kind!r}")


def _decision_procedure_group(rb: Rulebook, tool: Tool, p: str) -> str:
    silent = [proc for proc in rb.procedures.values() if not proc.guidance_for(tool.id)]
    options = "".join(
        f'<option value="{_attr(proc.id)}">{escape(proc.short_title)}'
        f'{" (says nothing on this question)" if proc in silent else ""}</option>'
        for proc in rb.procedures.values()
    )
    options += f'<option value="{ALL}">All {len(rb.procedures)} procedures, side by side</option>'
    hint = "Whose procedure to follow. Choose the one your area follows, or compare them all."
    if silent:
        names = [proc.short_title for proc in silent]
        said = "says" if len(names) == 1 else "say"
        hint += f" {_list_words(names)} {said} nothing on this question: the answer tells you so, and borrows nothing."
    return (
        f'<div class="sdh-form-group" data-field="procedure" data-kind="procedure" data-focus="{p}-procedure">'
        f'<label class="sdh-label" for="{p}-procedure">Procedure</label>'
        f'<div class="sdh-hint" id="{p}-procedure-hint">{escape(hint)}</div>'
        f'{_error_p(f"{p}-procedure-error")}'
        f'<select class="sdh-select" id="{p}-procedure" aria-describedby="{p}-procedure-hint {p}-procedure-error">'
        f"{options}</select></div>"
    )


def _list_words(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _guidance_html(rb: Rulebook, slug: str) -> dict[str, dict[str, Any]]:
    items: dict[str, dict[str, Any]] = {}
    for proc in rb.procedures.values():
        for g in proc.guidance_for(slug):
            if g.id in items:
                raise _fail(f"```calculator {slug}: guidance id {g.id!r} is used twice")
            items[g.id] = {"statement": render_markdown(g.statement), "notes": [render_markdown(n) for n in g.notes]}
    return items


def decision_form(rb: Rulebook, slug: str) -> str:
    """A decision tool: its procedure choice and questions, status, errors, result region and data."""
    tool = rb.tools[slug]
    p = slug
    data = {
        "tool": slug,
        "kind": "decision",
        "title": tool.title,
        "rulebook": {"version": rb.version, "date": rb.date.isoformat(), "date_text": long_date(rb.date)},
        "items": _guidance_html(rb, slug),
    }
    version = (
        f'<p class="sdh-tool__version">Rulebook version <span data-rulebook-version>{escape(rb.version)}</span> '
        f"of {escape(long_date(rb.date))}.</p>"
    )
    question = f'<p class="sdh-tool__question" id="{p}-question">{escape(tool.question)}</p>'
    status = (
        f'<div class="sdh-tool__status" id="{p}-status" data-status="starting" role="status">'
        "The tool is starting. You can read the page and fill in the form meanwhile.</div>"
    )
    summary = (
        f'<div class="sdh-error-summary" id="{p}-error-summary" data-error-summary hidden tabindex="-1" '
        f'aria-labelledby="{p}-error-summary-title">'
        f'<h2 class="sdh-error-summary__title" id="{p}-error-summary-title">There is a problem</h2>'
        '<ul class="sdh-error-summary__list" data-error-list></ul></div>'
    )
    form = (
        f'<form class="sdh-form" id="{p}-form" data-form novalidate autocomplete="off" aria-labelledby="{p}-question">'
        + _decision_procedure_group(rb, tool, p)
        + "".join(_field_group(p, f) for f in tool.fields)
        + f'<button type="submit" class="sdh-button" id="{p}-submit" disabled>Show what the procedure says</button>'
        + "</form>"
    )
    result = f'<div class="sdh-result" id="{p}-result" data-result aria-live="polite" aria-atomic="false"></div>'
    noscript = (
        '<noscript><p class="sdh-tool__noscript">This tool needs JavaScript. The chapter\'s text still says '
        "where in each source to look.</p></noscript>"
    )
    return (
        f'<div class="sdh-tool" data-tool="{_attr(slug)}" data-tool-kind="decision" '
        f'data-rulebook-version="{_attr(rb.version)}">'
        f"{version}{question}{status}{noscript}{summary}{form}{result}"
        f'<script type="application/json" data-tool-data>{_json_for_script(data)}</script>'
        "</div>"
    )


TOOLS: dict[str, Callable[[Rulebook], str]] = {
    "deadlines": deadlines_form,
}


# ------------------------------------------------------------------ the outcomes panel


def _outcome_options(item: Any) -> set[str]:
    """The outcome options (``chosen=...``) a guidance item's conditions name."""
    return {c.partition("=")[2] for c in item.when + item.when_any if c.startswith("chosen=")}


def _citation_html(c: dict[str, str]) -> str:
    return (f'<p class="sdh-citation">Source: <span class="sdh-citation__document">{escape(c["source"])}</span>, '
            f'{escape(c["section"])}: <q>{escape(c["quote"])}</q></p>')


def _line_html(line: dict[str, Any], proc: Procedure) -> str:
    g = next(g for g in proc.guidance if g.id == line["item"])
    notes = "".join(f'<div class="sdh-line__note">{render_markdown(n)}</div>' for n in g.notes)
    force = (f'<p class="sdh-strength" data-strength="{_attr(g.strength)}">{escape(line["strength_label"])} '
             f'(the source: <q>{escape(g.strength_quote)}</q>)</p>')
    return (f'<div class="sdh-line__statement">{render_markdown(g.statement)}</div>{force}{notes}'
            f'{_citation_html(line["citation"])}')


def outcomes_panel(rb: Rulebook, which: str) -> str:
    """Per procedure: the outcomes it allows and what each leads to, from ``calculators.outcomes``."""
    from calculators import outcomes

    if which == ALL:
        procs = list(rb.procedures.values())
    elif which in rb.procedures:
        procs = [rb.procedures[which]]
    else:
        raise _fail(f"```outcomes-panel: unknown procedure {which!r}; known: {', '.join(rb.procedures)} or {ALL}")
    field = rb.tools[outcomes.SLUG].field("chosen")
    blocks = []
    for proc in procs:
        [answer] = outcomes.advise(proc.id, {}, rb)
        guidance = {g.id: g for g in proc.guidance_for(outcomes.SLUG)}
        lines = answer["lines"]
        outcome_lines = [ln for ln in lines if ln["level"] == "outcome"]
        leads = [ln for ln in lines if ln["level"] == "leads-to"]
        placed: set[str] = set()
        rows = []
        for ln in outcome_lines:
            options = _outcome_options(guidance[ln["item"]])
            follow = [f for f in leads if _outcome_options(guidance[f["item"]]) & options]
            placed.update(f["item"] for f in follow)
            names = "".join(f'<p class="sdh-outcome__name">{escape(o.label)}</p>'
                            for o in field.options if o.id in options)
            after = "".join(f'<li data-item="{_attr(f["item"])}">{_line_html(f, proc)}</li>' for f in follow)
            follow_html = (f'<ul class="sdh-plain-list">{after}</ul>' if after
                           else "<p>The procedure says nothing further about what it leads to.</p>")
            rows.append(
                f'<tr data-item="{_attr(ln["item"])}" data-outcomes="{_attr(" ".join(sorted(options)))}">'
                f'<td>{names}{_line_html(ln, proc)}</td>'
                f'<td>{follow_html}'
                "</td></tr>"
            )
        others = [ln for ln in lines if ln["level"] not in ("outcome",) and ln["item"] not in placed]
        body = []
        if answer["silent"]:
            body.append(f'<p class="sdh-silent" data-silent>{escape(answer["silent"])}</p>')
        if rows:
            body.append(
                f'<div class="sdh-table-wrap" role="region" tabindex="0" aria-label="{_attr(proc.short_title)}: '
                'outcomes">'
                '<table class="sdh-rule-table sdh-outcomes-table">'
                f"<caption>{escape(proc.short_title)}: the outcomes it allows</caption>"
                '<thead><tr><th scope="col">Outcome</th><th scope="col">What it leads to</th></tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table></div>'
            )
        elif not answer["silent"]:
            body.append('<p class="sdh-outcomes__none">This source lists no outcomes of its own.</p>')
        if others:
            items = "".join(f'<li data-item="{_attr(ln["item"])}">{_line_html(ln, proc)}</li>' for ln in others)
            body.append(f'<p class="sdh-outcomes__also">It also says:</p><ul class="sdh-outcomes__list">{items}</ul>')
        if answer["not_addressed"]:
            items = "".join(f"<li>{escape(n)}</li>" for n in answer["not_addressed"])
            body.append(f'<p class="sdh-outcomes__also">Not listed:</p><ul class="sdh-outcomes__list">{items}</ul>')
        blocks.append(
            f'<section class="sdh-outcomes" data-procedure="{_attr(proc.id)}" aria-labelledby="outcomes-{_attr(proc.id)}">'
            f'<h3 class="sdh-outcomes__title" id="outcomes-{_attr(proc.id)}">{escape(proc.title)} '
            f'({escape(proc.published)})</h3>{"".join(body)}</section>'
        )
    return f'<div class="sdh-outcomes-panel">{"".join(blocks)}</div>'


# ------------------------------------------------------------------ timescale tables


def _labels(ids: tuple[str, ...] | list[str], table: dict[str, Any]) -> str:
    return "".join(f"<li>{escape(table[i].label)}</li>" for i in ids)


def _start_text(rule: Rule) -> str:
    if rule.start is None:
        return ""
    if rule.start.stated:
        return f'<p class="sdh-start">Runs from, in the source\'s words: <q>{escape(rule.start.quote)}</q></p>'
    return f'<p class="sdh-start">The source does not say what this runs from. {escape(rule.start.note)}</p>'


def _rule_row(rb: Rulebook, rule: Rule) -> str:
    when = (
        f'<ul class="sdh-plain-list">{_labels(rule.circumstances, rb.circumstances)}</ul>'
        if rule.circumstances else "Always"
    )
    notes = "".join(f'<div class="sdh-rule-note">{render_markdown(n)}</div>' for n in rule.notes)
    notes = (f'<p class="sdh-strength" data-strength="{_attr(rule.strength)}">{escape(strength_label(rule.strength))} '
             f"(the source: <q>{escape(rule.strength_quote)}</q>)</p>") + _start_text(rule) + notes
    c = rule.citation
    return (
        f'<tr data-rule="{_attr(rule.id)}" data-unit="{_attr(rule.timescale.unit)}">'
        f"<td>{escape(rule.timescale.text)}</td>"
        f'<td>{render_markdown(rule.statement)}{notes}</td>'
        f'<td><ul class="sdh-plain-list">{_labels(rule.events, rb.events)}</ul></td>'
        f"<td>{when}</td>"
        f'<td><span class="sdh-citation__document">{escape(source_name(rb, c.document))}</span>, {escape(c.section)}: '
        f"<q>{escape(c.quote)}</q></td>"
        "</tr>"
    )


def procedure_table(rb: Rulebook, proc: Procedure) -> str:
    rows = "".join(_rule_row(rb, r) for r in proc.rules)
    caption = f"{proc.title} ({proc.published})"
    return (
        f'<div class="sdh-table-wrap" role="region" tabindex="0" aria-label="{_attr(proc.short_title)}: '
        'every timescale">'
        f'<table class="sdh-rule-table" data-procedure="{_attr(proc.id)}">'
        f"<caption>{escape(caption)}</caption>"
        "<thead><tr>"
        '<th scope="col">Timescale</th><th scope="col">What the procedure says</th>'
        '<th scope="col">Runs from</th><th scope="col">Only when</th><th scope="col">Source</th>'
        f"</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def rule_tables(rb: Rulebook, which: str) -> str:
    if which == ALL:
        procs = list(rb.procedures.values())
    elif which in rb.procedures:
        procs = [rb.procedures[which]]
    else:
        raise _fail(f"```rule-table: unknown procedure {which!r}; known: {', '.join(rb.procedures)} or {ALL}")
    return "".join(procedure_table(rb, p) for p in procs)


# ------------------------------------------------------------------ the sources


def sources_list(rb: Rulebook) -> str:
    """The sources the handbook follows, with their dates, and the rulebook's version."""
    items = []
    for proc in rb.procedures.values():
        items.append(
            f'<div class="sdh-source" data-procedure="{_attr(proc.id)}">'
            f"<dt>{escape(proc.title)}</dt>"
            f'<dd><p><span class="sdh-source__dated">Dated: {escape(proc.published)}.</span> '
            f"Publisher: {escape(proc.publisher)}.</p>"
            f"<p>{escape(proc.description)}</p>"
            f'<p class="sdh-source__status">{escape(proc.status)}</p></dd>'
            "</div>"
        )
    return (
        f'<dl class="sdh-sources">{"".join(items)}</dl>'
        f'<p class="sdh-tool__version">Rulebook version <span data-rulebook-version>{escape(rb.version)}</span> '
        f"of {escape(long_date(rb.date))}.</p>"
    )


# ------------------------------------------------------------------ the fences


def calculator_fence(source: str, language: str, css_class: str, options: dict[str, Any], md: Any,
                     **kwargs: Any) -> str:
    """SuperFences formatter for ```calculator: the fence's one word names the tool."""
    _no_options(options, kwargs, "calculator")
    tool = _one_word(source, "calculator")
    rb = load()
    if tool in TOOLS:
        return TOOLS[tool](rb)
    if tool in rb.tools:
        return decision_form(rb, tool)
    raise _fail(f"```calculator: unknown tool {tool!r}; known tools: {', '.join(sorted([*TOOLS, *rb.tools]))}")


def rule_table_fence(source: str, language: str, css_class: str, options: dict[str, Any], md: Any,
                     **kwargs: Any) -> str:
    """SuperFences formatter for ```rule-table: a procedure id, or ``all``."""
    _no_options(options, kwargs, "rule-table")
    return rule_tables(load(), _one_word(source, "rule-table"))


def sources_fence(source: str, language: str, css_class: str, options: dict[str, Any], md: Any,
                  **kwargs: Any) -> str:
    """SuperFences formatter for ```sources: the word ``all`` lists every source document."""
    _no_options(options, kwargs, "sources")
    if _one_word(source, "sources") != ALL:
        raise _fail(f"```sources: write {ALL!r} (the only listing there is), found {source.strip()!r}")
    return sources_list(load())


def outcomes_panel_fence(source: str, language: str, css_class: str, options: dict[str, Any], md: Any,
                         **kwargs: Any) -> str:
    """SuperFences formatter for ```outcomes-panel: a procedure id, or ``all``."""
    _no_options(options, kwargs, "outcomes-panel")
    return outcomes_panel(load(), _one_word(source, "outcomes-panel"))


def custom_fences() -> list[dict[str, Any]]:
    """The SuperFences ``custom_fences`` entries, for callers other than MkDocs."""
    return [
        {"name": "calculator", "class": "calculator", "format": calculator_fence},
        {"name": "rule-table", "class": "rule-table", "format": rule_table_fence},
        {"name": "sources", "class": "sources", "format": sources_fence},
        {"name": "outcomes-panel", "class": "outcomes-panel", "format": outcomes_panel_fence},
    ]
