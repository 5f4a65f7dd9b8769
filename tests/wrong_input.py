"""The wrong-input cases of tests/cases/wrong_input.toml, read once for the Python and the
browser tests, and the request each makes as a page sends it (dates as the boxes typed)."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from calculators.rulebook import load
from repo_paths import ROOT

CASES: dict[str, list[dict[str, Any]]] = tomllib.loads(
    (ROOT / "tests" / "cases" / "wrong_input.toml").read_text(encoding="utf-8"))
#: The boxes of a GOV.UK date (and time) input, as the element ids end.
BOXES = ("day", "month", "year", "hour", "minute", "offset")

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$")


def deadline_cases() -> dict[str, tuple[str | None, Any, dict[str, str]]]:
    """name: (event or None, the date as ISO text or boxes, {field: element marked})."""
    return {c["name"]: (c.get("event"), c["at"], c["marks"]) for c in CASES["deadlines"]}


def decision_cases() -> dict[str, tuple[str, str, dict[str, Any], dict[str, str], bool]]:
    """name: (tool, procedure, facts, {field: element marked}, typed box by box)."""
    return {c["name"]: (c["tool"], c["procedure"], c["facts"], c["marks"], c["typed_as_boxes"])
            for c in CASES["decision"]}


def as_boxes(value: Any, with_time: bool) -> Any:
    """A date as the page sends it: ISO text split into its boxes; boxes as typed."""
    if isinstance(value, str):
        m = _ISO.match(value)
        if not m:
            return value
        year, month, day, hour, minute = m.groups()
        value = {"day": day, "month": month, "year": year}
        if with_time:
            value.update(hour=hour or "", minute=minute or "")
    if isinstance(value, dict) and with_time:
        value = {"offset": "", **value}
    return value


def deadline_request(event: str | None, at: Any) -> dict[str, Any]:
    """The deadline tool's request for a case, under the rulebook's first procedure."""
    return {"procedure": next(iter(load().procedures)), "event": event or "",
            "at": as_boxes(at, True) if at != {} else {k: "" for k in BOXES}, "circumstances": []}


def decision_facts(tool: str, facts: dict[str, Any]) -> dict[str, Any]:
    """A decision tool's facts with each date or date-and-time field as the boxes typed."""
    fields = load().tools[tool]
    out = {}
    for key, value in facts.items():
        field = fields.field(key)
        kind = field.kind if field else ""
        out[key] = as_boxes(value, kind == "datetime") if kind in ("date", "datetime") else value
    return out


def marked_box(element: str) -> str | None:
    """The date box an element id names (``deadlines-at-day`` -> ``day``), or None for a choice."""
    last = element.rsplit("-", 1)[-1]
    return last if last in BOXES else None
