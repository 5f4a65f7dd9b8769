"""Filling in a decision tool's form as a person would, and reading its answer or errors.

The forms are written at build time from ``procedures/tools.toml``: every question is a
group ``[data-field=<id>]`` in ``#<tool>-form``, and every input's id is
``<tool>-<field>[-<option or part>]`` (build_tools/fences/decision_form.py).
"""

from __future__ import annotations

import re
from typing import Any

from calculators.rulebook import load

RULEBOOK = load()

#: The chapter each decision tool is on.
PAGE_OF = {
    "joint-investigation": "joint-investigations/",
    "seen-alone": "seeing-the-child/",
    "attendance": "attendance/",
    "home-host": "home-and-host/",
    "missing-child": "missing-children/",
    "mash-routing": "devon-mash/",
    "outcomes": "outcomes/",
}

_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATETIME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{2})([+-]\d{2}:\d{2})?$")


def as_sent(value: Any) -> Any:
    """A fact as the page sends it: yes/no for booleans, text for numbers, lists as lists."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(value, dict):
        return {k: str(v) for k, v in value.items()}  # a date's boxes, as typed
    return str(value)


def ticked(value: Any) -> list[str]:
    """A multi field's answers as a list: a rulebook check may give one answer as a string."""
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


def request_for(procedure: str, facts: dict[str, Any], tool: str | None = None) -> dict[str, Any]:
    """The request the page sends for these facts. With ``tool``, ticked boxes are listed in the
    form's order (the order the page reads them), which is the order Python then reports them in."""
    sent = {k: as_sent(v) for k, v in facts.items()}
    if tool is not None:
        for fid, value in sent.items():
            field = RULEBOOK.tools[tool].field(fid)
            if field.kind == "multi":
                value = ticked(value)
                order = [o.id for o in field.options]
                sent[fid] = sorted(value, key=order.index)
    return {"procedure": procedure, "facts": sent}


def reset(page, slug: str) -> None:
    """Back to an empty form, with no answer or error on show (no reload: Pyodide stays up)."""
    page.evaluate(
        """(slug) => {
          const root = document.querySelector(`.sdh-tool[data-tool="${slug}"]`);
          root.querySelector('form').reset();
          root.querySelector('[data-result]').replaceChildren();
          root.querySelector('[data-error-summary]').hidden = true;
        }""",
        slug,
    )


def fill(page, slug: str, procedure: str | None, facts: dict[str, Any]) -> None:
    """Choose the procedure and answer each question given, through the form's own controls."""
    reset(page, slug)
    tool = RULEBOOK.tools[slug]
    if procedure is not None:
        page.select_option(f"#{slug}-procedure", procedure)
    for fid, value in facts.items():
        field = tool.field(fid)
        assert field is not None, f"{fid} is not a question of {slug}"
        base = f"#{slug}-{fid}"
        if field.kind in ("choice", "yes-no"):
            page.check(f"{base}-{as_sent(value)}")
        elif field.kind == "multi":
            for v in ticked(value):
                page.check(f"{base}-{v}")
        elif field.kind in ("whole-number", "text"):
            page.fill(base, str(value))
        elif field.kind in ("date", "datetime"):
            parts = value if isinstance(value, dict) else split_date(str(value), field.kind)
            for key, text in parts.items():
                if key == "offset":
                    page.select_option(f"{base}-offset", text)
                else:
                    page.fill(f"{base}-{key}", text)
        else:  # pragma: no cover - a new kind of field needs a way to fill it in
            raise AssertionError(f"no way to fill a {field.kind} field")


def split_date(text: str, kind: str) -> dict[str, str]:
    if kind == "date":
        m = _DATE.match(text)
        assert m, f"the form cannot express the date {text!r}"
        return {"day": m[3], "month": m[2], "year": m[1]}
    m = _DATETIME.match(text)
    assert m, f"the form cannot express the time {text!r}"
    return {"day": m[3], "month": m[2], "year": m[1], "hour": m[4], "minute": m[5], "offset": m[6] or ""}


def submit(page, slug: str) -> str:
    """Press the button; wait for an answer or for the error summary. Returns which."""
    page.click(f"#{slug}-submit")
    page.wait_for_selector(f"#{slug}-result .sdh-result__title, #{slug}-error-summary:not([hidden])",
                           timeout=30_000)
    return "errors" if page.locator(f"#{slug}-error-summary").is_visible() else "answer"


READ_ANSWER = """(slug) => Array.from(document.querySelectorAll(`#${slug}-result .sdh-answer`)).map((s) => ({
  procedure: s.dataset.procedure,
  summary: (s.querySelector('[data-summary]') || {dataset: {}}).dataset.summary ?? null,
  summary_text: (s.querySelector('[data-summary]') || {}).innerText || '',
  levels: Array.from(s.querySelectorAll('.sdh-level__title[data-level]')).map((h) => [h.dataset.level, h.textContent]),
  lines: Array.from(s.querySelectorAll('li.sdh-line')).map((li) => ({
    item: li.dataset.item,
    due: li.dataset.due,
    level: li.closest('ul[data-level]').dataset.level,
    statement_html: li.querySelector('.sdh-line__statement').innerHTML,
    notes_html: Array.from(li.querySelectorAll('.sdh-line__notes > *')).map((n) => n.outerHTML),
    working: Array.from(li.querySelectorAll('.sdh-working li')).map((w) => w.textContent),
    text: li.innerText,
  })),
  factors: Array.from(s.querySelectorAll('[data-factor]')).map((f) => [f.dataset.factor, f.dataset.present === 'yes']),
  not_addressed: Array.from(s.querySelectorAll('.sdh-not-addressed li')).map((li) => li.textContent),
  warnings: Array.from(s.querySelectorAll('.sdh-warning li')).map((li) => li.textContent),
  silent: (s.querySelector('[data-silent]') || {}).textContent || null,
  draft: (s.querySelector('[data-record-draft]') || {}).textContent ?? null,
  caveat: (s.querySelector('.sdh-caveat') || {}).textContent || null,
  text: s.innerText,
}))"""


def read_answer(page, slug: str) -> list[dict]:
    return page.evaluate(READ_ANSWER, slug)


READ_ERRORS = """(slug) => ({
  summary: Array.from(document.querySelectorAll(`#${slug}-error-summary li`)).map((li) => {
    const a = li.querySelector('a');
    return {text: li.textContent, target: a ? a.dataset.target : null, href: a ? a.getAttribute('href') : null};
  }),
  fields: Object.fromEntries(Array.from(document.querySelectorAll(`#${slug}-form [data-field]`)).map((g) => {
    const m = g.querySelector('.sdh-error-message');
    return [g.dataset.field, {error: g.classList.contains('sdh-form-group--error'),
                              message: m && !m.hidden ? m.textContent : ''}];
  })),
  focused: document.activeElement ? document.activeElement.id : null,
})"""


def read_errors(page, slug: str) -> dict:
    return page.evaluate(READ_ERRORS, slug)
