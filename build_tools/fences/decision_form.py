"""The decision tools' forms, and the ``calculator`` fence that writes any tool's form.

Each decision tool's questions are data (``procedures/tools.toml``, read into
``rb.tools``); what each procedure says is data too (``[[guidance]]``). The form is
written from the first, one GOV.UK pattern per kind of question (radios for choice and
yes-no, checkboxes for multi, a numeric text box, the date input, date and time, a
textarea); the guidance statements and notes are rendered once here and embedded as
JSON by item id.

    ```calculator
    seen-alone
    ```
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from build_tools.fences import govuk
from build_tools.fences.base import Args, Fence, attr, json_for_script, list_words, render_markdown
from build_tools.fences.citations import version_line
from build_tools.fences.deadline_form import SLUG as DEADLINES
from build_tools.fences.deadline_form import deadlines_form
from calculators.london_time import long_date
from calculators.presenter import YES_NO, page_words
from calculators.web import MAX_DIGITS
from calculators.rulebook import Rulebook
from calculators.tools_data import Field, Tool

#: A hint written for the command line (an ISO date) is not shown beside the date boxes.
_ISO_EXAMPLE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _optional(fld: Field) -> bool:
    """A field that is never required (so the form marks it "(optional)", as GOV.UK asks)."""
    return not fld.required and not fld.required_when


def _hint_div(iid: str, text: str) -> str:
    return f'<div class="sdh-hint" id="{iid}">{escape(text)}</div>' if text else ""


def _label_text(fld: Field) -> str:
    return escape(fld.label) + (" (optional)" if _optional(fld) else "")


def _choice_items(p: str, fld: Field, kind: str) -> tuple[str, str]:
    """Radio or checkbox items (and the id of the first, where the error summary links)."""
    css = "sdh-radios" if kind == "radio" else "sdh-checkboxes"
    if fld.kind == "yes-no":
        options = [(value, label, "") for value, label in YES_NO.items()]
    else:
        options = [(o.id, o.label, o.hint) for o in fld.options]
    if kind == "radio" and _optional(fld):
        options.append(("", "Not known, or not given", ""))
    items = "".join(
        govuk.choice_item(kind, f"{p}-{fld.id}-{value or 'not-given'}", value, escape(label), hint,
                          name=f"{p}-{fld.id}" if kind == "radio" else "")
        for value, label, hint in options
    )
    first = f"{p}-{fld.id}-{options[0][0] or 'not-given'}"
    inline = " sdh-radios--inline" if fld.kind == "yes-no" else ""
    return f'<div class="{css}{inline}">{items}</div>', first


def _field_group(p: str, fld: Field) -> str:
    base = f"{p}-{fld.id}"
    hint_id, error_id = f"{base}-hint", f"{base}-error"
    kind = fld.kind
    group = f'<div class="sdh-form-group" data-field="{attr(fld.id)}" data-kind="{kind}"'
    legend = f'<legend class="sdh-legend">{_label_text(fld)}</legend>'
    if kind in ("choice", "yes-no", "multi"):
        inputs, first = _choice_items(p, fld, "checkbox" if kind == "multi" else "radio")
        hint = fld.hint or ("Tick all that apply." if kind == "multi" else "")
        return (
            f'{group} data-focus="{first}">'
            f'<fieldset class="sdh-fieldset"{govuk.described_by(hint_id if hint else None, error_id)}>'
            f"{legend}{_hint_div(hint_id, hint)}{govuk.error_message(error_id)}{inputs}"
            "</fieldset></div>"
        )
    if kind in ("whole-number", "text"):
        hint = fld.hint
        if kind == "whole-number" and fld.min is not None and fld.max is not None:
            hint = f"{hint} A whole number from {fld.min} to {fld.max}.".strip()
        described = govuk.described_by(hint_id if hint else None, error_id)
        if kind == "whole-number":
            control = (f'<input class="sdh-input sdh-input--width-3" id="{base}" type="text" inputmode="numeric" '
                       f'maxlength="{MAX_DIGITS}" '
                       f'spellcheck="false" autocomplete="off"{described}>')
        else:
            # No spelling service ever sees what is typed here: spellcheck off.
            control = (f'<textarea class="sdh-textarea" id="{base}" rows="3" spellcheck="false" '
                       f'autocomplete="off"{described}></textarea>')
        return (
            f'{group} data-focus="{base}">'
            f'<label class="sdh-label" for="{base}">{_label_text(fld)}</label>'
            f"{_hint_div(hint_id, hint)}{govuk.error_message(error_id)}{control}</div>"
        )
    if kind in ("date", "datetime"):
        own = fld.hint if fld.hint and not _ISO_EXAMPLE.search(fld.hint) else ""
        hint = f"{own} {govuk.DATE_HINT if kind == 'date' else govuk.DATETIME_HINT}".strip()
        offset = govuk.tool_offset(base, ' data-part="offset"') if kind == "datetime" else ""
        return (
            f'{group} data-focus="{base}-day">'
            f'<fieldset class="sdh-fieldset" role="group"{govuk.described_by(hint_id, error_id)}>'
            f"{legend}{_hint_div(hint_id, hint)}{govuk.error_message(error_id)}"
            f'<div class="sdh-date-input">{govuk.date_boxes(base, with_time=kind == "datetime")}</div>{offset}'
            "</fieldset></div>"
        )
    raise ValueError(f"field '{fld.id}' has a kind the form cannot show: {kind!r}")


def _procedure_group(rb: Rulebook, tool: Tool, p: str) -> str:
    silent = [proc for proc in rb.procedures.values() if not proc.guidance_for(tool.id)]
    options = govuk.procedure_options(
        (proc.id, proc.short_title + (" (says nothing on this question)" if proc in silent else ""))
        for proc in rb.procedures.values())
    hint = "Whose procedure to follow. Choose the one your area follows, or compare them all."
    if silent:
        names = [proc.short_title for proc in silent]
        said = "says" if len(names) == 1 else "say"
        hint += f" {list_words(names)} {said} nothing on this question: the answer tells you so, and borrows nothing."
    return govuk.procedure_select(p, options, escape(hint), f"{p}-procedure-hint {p}-procedure-error",
                                  ' data-kind="procedure"')


def _guidance_html(rb: Rulebook, slug: str) -> dict[str, dict[str, Any]]:
    items: dict[str, dict[str, Any]] = {}
    for proc in rb.procedures.values():
        for g in proc.guidance_for(slug):
            if g.id in items:
                raise ValueError(f"{slug}: guidance id {g.id!r} is used twice")
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
        "words": page_words(rb.version, long_date(rb.date), "decision"),
        "items": _guidance_html(rb, slug),
    }
    question = f'<p class="sdh-tool__question" id="{p}-question">{escape(tool.question)}</p>'
    form = (
        f'<form class="sdh-form" id="{p}-form" data-form novalidate autocomplete="off" aria-labelledby="{p}-question">'
        + _procedure_group(rb, tool, p)
        + "".join(_field_group(p, f) for f in tool.fields)
        + f'<button type="submit" class="sdh-button" id="{p}-submit" disabled>Show what the procedure says</button>'
        + "</form>"
    )
    noscript = "This tool needs JavaScript. The chapter's text still says where in each source to look."
    return govuk.tool_shell(p, version_line(rb), question, noscript, form, json_for_script(data),
                            f' data-tool="{attr(slug)}" data-tool-kind="decision" '
                            f'data-rulebook-version="{attr(rb.version)}"')


# ------------------------------------------------------------------ ```calculator


def _check(rb: Rulebook, args: Args) -> None:
    if args.first != DEADLINES and args.first not in rb.tools:
        raise args.fail(f"unknown tool {args.first!r}; known tools: {', '.join(sorted([DEADLINES, *rb.tools]))}")


def _render(rb: Rulebook, md: Any, args: Args) -> str:
    return deadlines_form(rb) if args.first == DEADLINES else decision_form(rb, args.first or "")


CALCULATOR = Fence("calculator", _render, _check, one_word=True)
