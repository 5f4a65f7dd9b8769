"""Filling in the "When is it due?" form as a person would, and reading its answer."""

from __future__ import annotations

import re

FORM = "#deadlines-form"
_AT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{2})([+-]\d{2}:\d{2})?$")


def split_at(at: str) -> dict[str, str]:
    m = _AT.match(at)
    assert m, f"the form cannot express the time {at!r}"
    year, month, day, hour, minute, offset = m.groups()
    return {"day": day, "month": month, "year": year, "hour": hour, "minute": minute, "offset": offset or ""}


def reset(page) -> None:
    """Back to an empty form, with no answer or error on show (no reload: Pyodide stays up)."""
    page.evaluate(
        """() => {
          const root = document.querySelector('.sdh-tool[data-tool="deadlines"]');
          root.querySelector('form').reset();
          root.querySelector('#deadlines-procedure').dispatchEvent(new Event('change'));
          root.querySelector('[data-result]').replaceChildren();
          root.querySelector('[data-error-summary]').hidden = true;
        }"""
    )


def fill(page, procedure: str | None = None, event: str | None = None, at: dict[str, str] | str | None = None,
         circumstances: list[str] | tuple[str, ...] = (), earlier: tuple[str, str] | None = None) -> None:
    reset(page)
    if procedure is not None:
        page.select_option("#deadlines-procedure", procedure)
    if event:
        page.check(f"#deadlines-event-{event}")
    if at is not None:
        parts = split_at(at) if isinstance(at, str) else at
        for key in ("day", "month", "year", "hour", "minute"):
            page.fill(f"#deadlines-at-{key}", parts.get(key, ""))
        page.select_option("#deadlines-at-offset", parts.get("offset", ""))
    for c in circumstances:
        page.check(f"#deadlines-circumstance-{c}")
    if earlier is not None:
        earlier_event, earlier_at = earlier
        page.select_option("#deadlines-earlier-event", earlier_event)
        parts = split_at(earlier_at)
        for key in ("day", "month", "year", "hour", "minute"):
            page.fill(f"#deadlines-earlier-at-{key}", parts[key])


def submit(page) -> str:
    """Press the button; wait for an answer or for the error summary. Returns which."""
    page.click("#deadlines-submit")
    page.wait_for_selector("#deadlines-result .sdh-result__title, #deadlines-error-summary:not([hidden])",
                           timeout=30_000)
    return "errors" if page.locator("#deadlines-error-summary").is_visible() else "answer"


READ_ANSWER = """() => Array.from(document.querySelectorAll('#deadlines-result .sdh-answer')).map((s) => ({
  procedure: s.dataset.procedure,
  headlines: Array.from(s.querySelectorAll('.sdh-governing__headline')).map((li) => li.textContent),
  deadlines: Array.from(s.querySelectorAll('li.sdh-deadline')).map((li) => ({
    rule: li.dataset.rule,
    due: li.dataset.due,
    role: li.dataset.role,
    text: li.innerText,
    readings: Array.from(li.querySelectorAll('.sdh-readings > li')).map((r) => [r.dataset.unit, r.dataset.due]),
  })),
  running: Array.from(s.querySelectorAll('.sdh-running > li')).map((li) => li.dataset.rule),
  not_running: Array.from(s.querySelectorAll('.sdh-not-running > li')).map((li) => li.dataset.rule),
  silent: (s.querySelector('[data-silent]') || {}).textContent || null,
  warnings: Array.from(s.querySelectorAll('.sdh-warning li')).map((li) => li.textContent),
  text: s.innerText,
}))"""


def read_answer(page) -> list[dict]:
    return page.evaluate(READ_ANSWER)


READ_ERRORS = """() => ({
  summary: Array.from(document.querySelectorAll('#deadlines-error-summary li')).map((li) => {
    const a = li.querySelector('a');
    return {text: li.textContent, target: a ? a.dataset.target : null, href: a ? a.getAttribute('href') : null};
  }),
  fields: Object.fromEntries(Array.from(document.querySelectorAll('#deadlines-form [data-field]')).map((g) => {
    const m = g.querySelector('.sdh-error-message');
    return [g.dataset.field, {error: g.classList.contains('sdh-form-group--error'),
                              message: m && !m.hidden ? m.textContent : ''}];
  })),
  focused: document.activeElement ? document.activeElement.id : null,
})"""


def read_errors(page) -> dict:
    return page.evaluate(READ_ERRORS)
