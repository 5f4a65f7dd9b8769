"""The question asked, as the GOV.UK "check your answers" rows shown above an answer.

Each row names the form's field it changes (``procedure``, ``event``, ``at``,
``circumstances``, ``earlier``, ``known-<event>``): the page puts a "Change" link on it
that moves the focus to that field. The words are here, once; the page only places them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from .london_time import long_time
from .presenter import NOTHING_ELSE
from .timeline_view import time_label

ALL_PROCEDURES = "All procedures"


def _rows(first: Mapping[str, Any], all_procedures: bool, what_key: str,
          circumstance_labels: Mapping[str, str]) -> list[dict[str, str]]:
    chosen = [circumstance_labels.get(c, c) for c in first.get("circumstances", [])]
    return [
        {"field": "procedure", "key": "Procedure",
         "value": ALL_PROCEDURES if all_procedures else first["procedure_short_title"]},
        {"field": "event", "key": what_key, "value": first["event_label"]},
        {"field": "at", "key": "When it happened", "value": first["at_text"]},
        {"field": "circumstances", "key": "Anything else", "value": "; ".join(chosen) or NOTHING_ELSE},
    ]


def _when(at: str) -> str:
    return long_time(datetime.fromisoformat(at))


def timeline_rows(answers: Sequence[Mapping[str, Any]], all_procedures: bool, circumstance_labels: Mapping[str, str],
                  event_shorts: Mapping[str, str]) -> list[dict[str, str]]:
    """The timeline's question: the first event, its time, the circumstances, each later time given."""
    first = answers[0]
    rows = _rows(first, all_procedures, "What happened first", circumstance_labels)
    rows += [{"field": f"known-{ev}", "key": time_label(event_shorts.get(ev, ev)), "value": _when(at)}
             for ev, at in first["known"].items()]
    return rows


def deadline_rows(answers: Sequence[Mapping[str, Any]], all_procedures: bool, circumstance_labels: Mapping[str, str],
                  event_shorts: Mapping[str, str]) -> list[dict[str, str]]:
    """The deadline tool's question: the event, its time, the circumstances, an earlier event given."""
    first = answers[0]
    rows = _rows(first, all_procedures, "What happened", circumstance_labels)
    rows += [{"field": "earlier", "key": "An earlier event whose clocks are still running",
              "value": f"{event_shorts.get(ev, ev)[:1].upper()}{event_shorts.get(ev, ev)[1:]}, at {_when(at)}"}
             for ev, at in (first.get("earlier") or {}).items()]
    return rows


def decision_rows(recap: Sequence[Mapping[str, str]], procedure: str) -> list[dict[str, str]]:
    """A decision tool's question: the procedure (``procedure``: a short name and year, or all of
    them), then each question answered, as ``presenter.tool_recap`` words it, each with its field."""
    rows = [{"field": "procedure", "key": "Procedure", "value": procedure}]
    for line in recap:
        if line.get("field"):
            rows.append({"field": line["field"], "key": line["lead"].strip().removesuffix(":"), "value": line["value"]})
    return rows
