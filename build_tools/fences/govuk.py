"""The GOV.UK Design System patterns the forms are made of, written once.

The date input (day, month, year and, where a time is asked, hour and minute), the
choice of offset for the hour the clocks repeat, the error summary, the error message,
radio and checkbox items, and the shell every tool's form sits in (version, status,
error summary, form, answer region, build-time data). The page's scripts find their
parts by these classes and ``data-`` attributes, so they are written here only.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from build_tools.fences.base import ALL, attr
from calculators.presenter import CHOOSE_PROCEDURE, MY_PROCEDURE_WORDS

_DAY_PARTS = (("day", "Day", 2, "sdh-input--width-2"), ("month", "Month", 2, "sdh-input--width-2"),
              ("year", "Year", 4, "sdh-input--width-4"))
_TIME_PARTS = (("hour", "Hour", 2, "sdh-input--width-2"), ("minute", "Minute", 2, "sdh-input--width-2"))

#: The hints beside a date, and a date and time, in the tools' forms.
DATE_HINT = "For example, 24 12 2026."
DATETIME_HINT = ("The date, then the time on the 24-hour clock as a clock in England showed it. "
                 "For example, 24 12 2026 and 16 30.")

#: The two readings of a time in the hour the clocks go back, as the tools' forms offer them.
BST_FIRST = "The first time, in BST (UTC+01:00), before the clocks went back"
GMT_SECOND = "The second time, in GMT (UTC+00:00), after the clocks went back"


def date_boxes(prefix: str, with_time: bool) -> str:
    """The GOV.UK date input's boxes, ids ``<prefix>-day`` ...; with a time, a gap then hour and minute."""
    parts = [*_DAY_PARTS, *(_TIME_PARTS if with_time else ())]
    out = []
    for key, label, size, width in parts:
        if key == "hour":
            out.append('<span class="sdh-date-input__gap" aria-hidden="true"></span>')
        out.append(
            '<div class="sdh-date-input__item">'
            f'<label class="sdh-label sdh-date-input__label" for="{prefix}-{key}">{label}</label>'
            f'<input class="sdh-input sdh-date-input__input {width}" id="{prefix}-{key}" data-part="{key}" type="text" '
            f'inputmode="numeric" maxlength="{size}" spellcheck="false" autocomplete="off">'
            "</div>"
        )
    return "".join(out)


def offset_choice(base: str, label: str, hint: str, blank: str, first: str = BST_FIRST, second: str = GMT_SECOND,
                  group_attrs: str = "", select_attrs: str = "") -> str:
    """The select (``<base>-offset``) for a time in the hour the clocks went back, which happens twice."""
    return (
        f'<div class="sdh-form-group sdh-form-group--nested"{group_attrs}>'
        f'<label class="sdh-label" for="{base}-offset">{label}</label>'
        f'<div class="sdh-hint" id="{base}-offset-hint">{hint}</div>'
        f'<select class="sdh-select" id="{base}-offset"{select_attrs} aria-describedby="{base}-offset-hint">'
        f'<option value="">{blank}</option>'
        f'<option value="+01:00">{first}</option>'
        f'<option value="+00:00">{second}</option>'
        "</select></div>"
    )


def tool_offset(base: str, select_attrs: str = "") -> str:
    """The tools' offset choice: optional, explained, for any time the clocks might repeat."""
    return offset_choice(
        base, "Only if the time fell in the hour the clocks went back",
        "On the last Sunday of October, the clock times from 01:00 to 01:59 happen twice. Say which of the two "
        "you mean; leave this alone at any other time.", "Not needed", select_attrs=select_attrs)


def error_summary(title_id: str, heading: str = "h2", own_id: str = "") -> str:
    """The GOV.UK error summary, hidden until the page's script fills its list."""
    own = f' id="{own_id}"' if own_id else ""
    return (
        f'<div class="sdh-error-summary"{own} data-error-summary hidden tabindex="-1" aria-labelledby="{title_id}">'
        f'<{heading} class="sdh-error-summary__title" id="{title_id}">There is a problem</{heading}>'
        '<ul class="sdh-error-summary__list" data-error-list></ul></div>'
    )


def error_message(iid: str) -> str:
    """The error message at a field, hidden until the page's script writes it."""
    return f'<p class="sdh-error-message" id="{iid}" hidden></p>'


def described_by(*ids: str | None) -> str:
    """`` aria-describedby="..."`` naming the ids given, or nothing."""
    given = tuple(i for i in ids if i)
    return f' aria-describedby="{" ".join(given)}"' if given else ""


def choice_item(kind: str, iid: str, value: str, label_html: str, hint: str = "", name: str = "",
                item_attrs: str = "", input_attrs: str = "") -> str:
    """One radio (``kind="radio"``) or checkbox item: the input, its label (HTML) and its hint (text)."""
    css = "sdh-radios" if kind == "radio" else "sdh-checkboxes"
    named = f' name="{attr(name)}"' if name else ""
    hint_html = f'<div class="sdh-hint {css}__hint" id="{iid}-hint">{escape(hint)}</div>' if hint else ""
    return (
        f'<div class="{css}__item"{item_attrs}>'
        f'<input class="{css}__input" type="{kind}" id="{iid}"{named} value="{attr(value)}"'
        f'{described_by(f"{iid}-hint" if hint else None)}{input_attrs}>'
        f'<label class="sdh-label {css}__label" for="{iid}">{label_html}</label>{hint_html}</div>'
    )


def procedure_options(procedures: Iterable[tuple[str, str]]) -> str:
    """The "Procedure" select's options: none chosen first (no procedure is chosen for the user),
    one per procedure (its id and words), then all side by side."""
    named = list(procedures)
    return (f'<option value="">{CHOOSE_PROCEDURE}</option>' + "".join(f'<option value="{attr(pid)}">{escape(words)}</option>' for pid, words in named)
            + f'<option value="{ALL}">All {len(named)} procedures, side by side</option>')


def procedure_select(p: str, options: str, hint: str, described: str, data_kind: str = "") -> str:
    """The tools' "Procedure" select (its options written by the caller) with its hint and error message."""
    return (
        f'<div class="sdh-form-group" data-field="procedure"{data_kind} data-focus="{p}-procedure">'
        f'<label class="sdh-label" for="{p}-procedure">Which procedure should the answer follow?</label>'
        f'<div class="sdh-hint" id="{p}-procedure-hint">{hint}</div>'
        f"{error_message(f'{p}-procedure-error')}"
        f'<select class="sdh-select" id="{p}-procedure" aria-describedby="{described}">{options}</select>'
        f"{my_procedure(p)}"
        "</div>"
    )


def my_procedure(p: str) -> str:
    """The "my procedure" line under the select: what is kept (filled in by my-procedure.mjs),
    and the buttons to keep the procedure chosen or forget it (shown by the script)."""
    w = MY_PROCEDURE_WORDS
    return (
        f'<div class="sdh-my-procedure" data-my-procedure hidden>'
        f'<p class="sdh-my-procedure__status" id="{p}-my-procedure-status" data-my-procedure-status '
        f'role="status">{escape(w["none"])}</p>'
        f'<button type="button" class="sdh-button sdh-button--secondary sdh-button--small" id="{p}-my-procedure-remember" '
        f'data-my-procedure-remember hidden>{escape(w["remember"])}</button> '
        f'<button type="button" class="sdh-button sdh-button--secondary sdh-button--small" id="{p}-my-procedure-forget" '
        f'data-my-procedure-forget hidden>{escape(w["forget"])}</button>'
        "</div>"
    )


def tool_shell(p: str, version: str, question: str, noscript: str, form: str, data: str, tool_attrs: str) -> str:
    """A tool's whole block: version line, question, status, noscript, error summary, form, answer, data."""
    status = (
        f'<div class="sdh-tool__status" id="{p}-status" data-status="starting" role="status">'
        "The tool is starting. You can read the page and fill in the form meanwhile.</div>"
    )
    summary = error_summary(f"{p}-error-summary-title", own_id=f"{p}-error-summary")
    result = f'<div class="sdh-result" id="{p}-result" data-result aria-live="polite" aria-atomic="false"></div>'
    return (
        f'<div class="sdh-tool"{tool_attrs}>'
        f"{version}{question}{status}"
        f'<noscript><p class="sdh-tool__noscript">{noscript}</p></noscript>'
        f"{summary}{form}{result}"
        f'<script type="application/json" data-tool-data>{data}</script>'
        "</div>"
    )
