"""The entry point the page's Web Worker calls under Pyodide.

Requests and answers are JSON strings, so nothing Python-specific crosses into
JavaScript. Every failure becomes a message naming the field, never a traceback.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from .deadlines import deadlines
from .decision_tools import ADVISERS
from .errors import InputErrors


def _deadlines(request: dict[str, Any]) -> dict[str, Any]:
    circumstances = request.get("circumstances") or []
    if not isinstance(circumstances, list):
        circumstances = [circumstances]
    earlier = request.get("earlier") or {}
    answers = deadlines(request.get("procedure"), request.get("event"), request.get("at"), circumstances,
                        earlier=earlier)
    return {"ok": True, "answers": answers}


def _decision(slug: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def handler(request: dict[str, Any]) -> dict[str, Any]:
        facts = request.get("facts") or {}
        if not isinstance(facts, dict):
            facts = {}
        return {"ok": True, "answers": ADVISERS[slug](request.get("procedure"), facts)}
    return handler


def _training(request: dict[str, Any]) -> dict[str, Any]:
    from . import training

    action = request.get("action")
    scenario, stage, procedure = request.get("scenario"), request.get("stage"), request.get("procedure")
    if action == "mark":
        return {"ok": True, "result": training.mark(scenario, stage, procedure, request.get("answer"))}
    if action == "expected":
        return {"ok": True, "result": training.expected(scenario, stage, procedure)}
    if action == "differences":
        return {"ok": True, "result": training.differences(scenario)}
    return {"ok": False, "errors": [{"field": "action", "message": "Ask to mark, to show the answer, or to compare."}]}


TOOLS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "deadlines": _deadlines,
    "training": _training,
    **{slug: _decision(slug) for slug in ADVISERS},
}


def run(tool: str, request_json: str) -> str:
    """Answer one request from the page: ``{"ok": true, ...}`` or ``{"ok": false, "errors": [...]}``."""
    try:
        request = json.loads(request_json)
        if not isinstance(request, dict):
            raise ValueError("request is not an object")
    except ValueError:
        return json.dumps({"ok": False, "errors": [{"field": None, "message": "The tool received a malformed request."}]})
    handler = TOOLS.get(tool)
    if handler is None:
        return json.dumps({"ok": False, "errors": [{"field": None, "message": f"There is no tool called “{tool}”."}]})
    try:
        return json.dumps(handler(request), ensure_ascii=False)
    except InputErrors as exc:
        return json.dumps({"ok": False, "errors": exc.as_list()}, ensure_ascii=False)
    except Exception as exc:  # noqa: BLE001 - the page must get a message, not a traceback
        return json.dumps({"ok": False, "errors": [{
            "field": None,
            "message": f"The tool could not answer ({type(exc).__name__}). Please report this; no answer is shown.",
        }]})
