"""The entry point the page's Web Worker calls under Pyodide.

Requests and answers are JSON strings, so nothing Python-specific crosses into
JavaScript. Every failure becomes a message naming the field, never a traceback: the
request's shape is checked here (size, nesting, the type of every value) before any
engine sees it, so an engine only ever meets strings, lists of strings, numbers and
yes/no values, and a wrong one is named ("request" where the whole request is at fault).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, Callable

from . import date_boxes, summary
from .deadlines import deadlines
from .decision_tools import ADVISERS
from .errors import InputError, InputErrors, RulebookError

#: The largest request the page ever sends is well under this (a tool's facts and a
#: drafted record); anything bigger is refused before it is parsed.
MAX_REQUEST = 20_000
#: Longest value of one field, and of a whole-number field (the age box): a number of
#: thousands of digits would otherwise cost seconds to convert (Python refuses past 4,300).
MAX_TEXT = 4_000
MAX_DIGITS = 6
#: The field named when the request as a whole is at fault (not JSON, too big, not an object).
REQUEST = "request"

Handler = Callable[[dict[str, Any]], dict[str, Any]]


def _text(request: dict[str, Any], key: str) -> str | None:
    """A value the engines read as words: absent, or a string of sensible length."""
    value = request.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InputErrors([InputError(key, "This answer should be words or a choice, not a list or a group.")])
    value = str(value)
    if len(value) > MAX_TEXT:
        raise InputErrors([_too_long(key)])
    return value


def _too_long(key: str) -> InputError:
    return InputError(key, f"This answer is too long (at most {MAX_TEXT:,} characters).")


def _texts(request: dict[str, Any], key: str) -> list[str]:
    """A value the engines read as a list of choices: a string or a list of strings."""
    value = request.get(key)
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str) and len(v) <= MAX_TEXT for v in items):
        raise InputErrors([InputError(key, "Each choice should be one of the options offered.")])
    return items


#: Any valid time: used only to check the other fields while the date boxes are wrong.
STAND_IN_AT = "2020-01-06T12:00"


def _boxes(value: Any, field: str, what: str, problems: list[InputError]) -> Any:
    """Date boxes read by ``date_boxes`` (their problem kept in ``problems``), other values as sent."""
    if not date_boxes.is_boxes(value):
        return value
    try:
        return date_boxes.read(value, field, what)
    except InputError as exc:
        problems.append(exc)
        return None


def _deadlines(request: dict[str, Any]) -> dict[str, Any]:
    problems: list[InputError] = []
    at = _boxes(request.get("at"), "at", "of the event", problems)
    earlier = request.get("earlier") or {}
    if isinstance(earlier, dict):
        earlier = {ev: _boxes(v, "earlier-at", "of the earlier event", problems) or "" for ev, v in earlier.items()}
    if not isinstance(earlier, dict) or not all(isinstance(v, str) and len(v) <= MAX_TEXT for v in earlier.values()):
        raise InputErrors([InputError("earlier", "Give each earlier event's date and time.")])
    if problems and not any(earlier.values()):
        earlier = {}
    at_text = STAND_IN_AT if at is None else _text({"at": at}, "at")
    try:
        answers = deadlines(_text(request, "procedure"), _text(request, "event"), at_text,
                            _texts(request, "circumstances"), earlier=earlier)
    except InputErrors as exc:
        # With the boxes wrong, the stand-in time only serves to check the other fields.
        raise InputErrors(problems + [e for e in exc.errors if not (at is None and e.field in ("at", "earlier-at"))]
                          ) from None
    if problems:
        raise InputErrors(problems)
    from . import presenter
    from .rulebook import load

    rb = load()
    labels = {c.id: c.label for c in rb.circumstances.values()}
    shorts = {e.id: e.short for e in rb.events.values()}
    views = [presenter.deadline_view(a, labels, shorts) for a in answers]
    from . import answer_text
    from .check_answers import deadline_rows

    # "All side by side" opens with one table, procedure by procedure: on the page, and in the copy.
    table = summary.deadline_summary(answers) if len(answers) > 1 else None
    parts = [answer_text.deadline_lines(v, a["procedure_title"], None) for v, a in zip(views, answers)]
    out = {"ok": True, "answers": answers, "views": views,
           "check": deadline_rows(answers, len(answers) > 1, labels, shorts),
           "text": answer_text.joined(([summary.summary_lines(table)] if table else []) + parts, _worked_out_by(rb))}
    if table:
        out["summary"] = table
    return out


def _timeline(request: dict[str, Any]) -> dict[str, Any]:
    """The case timeline: the first event's time and each later event's, typed or in date boxes."""
    from . import timeline as engine
    from .timeline_view import timeline_view

    problems: list[InputError] = []
    at = _boxes(request.get("at"), "at", "of the event", problems)
    known = request.get("known") or {}
    if not isinstance(known, dict) or not all(isinstance(ev, str) and len(ev) <= MAX_TEXT for ev in known):
        raise InputErrors([InputError(engine.KNOWN, "Give each later event's date and time.")])
    from .rulebook import load

    rb = load()

    def what(ev: str) -> str:
        return f"of {rb.events[ev].short}" if ev in rb.events else "of the later event"

    # Boxes left wholly empty are a later event not yet happened: left out, not an error.
    known = {ev: _boxes(v, engine.known_field(ev), what(ev), problems) for ev, v in known.items()
             if v not in (None, "") and not (date_boxes.is_boxes(v) and not any(v.values()))}
    if not all(v is None or (isinstance(v, str) and len(v) <= MAX_TEXT) for v in known.values()):
        raise InputErrors([InputError(engine.KNOWN, "Give each later event's date and time.")])
    read = {ev: v for ev, v in known.items() if v is not None}
    try:
        first = None if at is None else _text({"at": at}, "at")
        answers = engine.timeline(_text(request, "procedure"), _text(request, "event"), first,
                                  _texts(request, "circumstances"), read, rb)
    except InputErrors as exc:
        # With the first date's boxes wrong, its problem is the boxes' (already in ``problems``).
        raise InputErrors(problems + [e for e in exc.errors if not (at is None and e.field == "at")]) from None
    if problems:
        raise InputErrors(problems)
    labels = {c.id: c.label for c in rb.circumstances.values()}
    shorts = {e.id: e.short for e in rb.events.values()}
    views = [timeline_view(a, labels, shorts) for a in answers]
    from . import answer_text, calendar_file
    from .check_answers import timeline_rows

    return {"ok": True, "answers": answers, "views": views,
            "check": timeline_rows(answers, len(answers) > 1, labels, shorts),
            "text": answer_text.joined((answer_text.timeline_lines(v, None) for v in views), _worked_out_by(rb)),
            "calendar": {"text": calendar_file.calendar(answers, views), "file_name": calendar_file.FILE_NAME}}


def _worked_out_by(rb: Any) -> str:
    """The line that ends a copied answer: which rulebook worked it out."""
    from . import presenter
    from .london_time import long_date

    return presenter.page_words(rb.version, long_date(rb.date))["worked_out_by"]


def _fact(tool_id: str, key: str, value: Any) -> Any:
    """One fact of a decision tool, refused here if no form could have sent it."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, str):
        tool = _tool_questions(tool_id)
        fld = tool.field(key) if tool else None
        if fld is not None and fld.kind == "whole-number" and len(value.strip().lstrip("+-")) > MAX_DIGITS:
            raise InputError(key, f"“{fld.label}” must be a whole number of at most {MAX_DIGITS} digits.")
        if len(value) > MAX_TEXT:
            raise _too_long(key)
        return value
    if isinstance(value, list) and all(isinstance(v, str) and len(v) <= MAX_TEXT for v in value):
        return value
    if date_boxes.is_boxes(value) and all(isinstance(v, str) for v in value.values()):
        return value  # a date's boxes, read by calculators/date_boxes.py
    raise InputError(key, "This answer should be a choice, yes or no, a number or words.")


def _tool_questions(tool_id: str) -> Any:
    """The tool's questions, or None for a tool the rulebook does not have."""
    from .rulebook import load

    return load().tools.get(tool_id)


def _decision(tool_id: str) -> Handler:
    def handler(request: dict[str, Any]) -> dict[str, Any]:
        facts = request.get("facts") or {}
        if not isinstance(facts, dict):
            raise InputErrors([InputError("facts", "The answers to the questions did not arrive as a form.")])
        checked, problems = {}, []
        for key, value in facts.items():
            if not key.strip() or len(key) > 100:  # no question has such a name; the page would have nowhere to show it
                problems.append(InputError("facts", "The answers named a question the tool does not ask."))
                continue
            try:
                checked[key] = _fact(tool_id, key, value)
            except InputError as exc:
                problems.append(exc)
        if problems:
            raise InputErrors(problems)
        from . import presenter
        from .guidance import read_facts

        answers = ADVISERS[tool_id](_text(request, "procedure"), checked)
        tool = _tool_questions(tool_id)
        # The tool has answered, so its facts read cleanly: read again, for the question asked.
        recap = presenter.tool_recap(tool, read_facts(tool, checked)[0]) if tool else []
        views = [presenter.tool_view(a) for a in answers]
        from . import answer_text
        from .rulebook import load

        text = answer_text.joined((answer_text.tool_lines(v, a["procedure_title"], a["procedure"], tool.question, None)
                                   for v, a in zip(views, answers)), _worked_out_by(load())) if tool else ""
        from .check_answers import ALL_PROCEDURES, decision_rows

        procedure = answers[0]["procedure_short_title"] if len(answers) == 1 else ALL_PROCEDURES
        out = {"ok": True, "answers": answers, "views": views, "recap": recap, "text": text,
               "check": decision_rows(recap, procedure)}
        if len(answers) > 1:  # "all side by side" opens with one table of the headlines
            out["summary"] = summary.decision_summary(answers)
        return out
    return handler


def _played(request: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """What the page remembers of a case played (procedure -> stage -> {correct, given}), checked for shape."""
    played = request.get("played") or {}
    wrong = InputErrors([InputError("played", "The answers given so far did not arrive as the page keeps them.")])
    if not isinstance(played, dict) or len(played) > 100:
        raise wrong
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for procedure, stages in played.items():
        if not isinstance(stages, dict) or len(stages) > 100:
            raise wrong
        out[procedure] = {}
        for stage, said in stages.items():
            if not (isinstance(said, dict) and isinstance(said.get("correct"), bool)
                    and isinstance(said.get("given", ""), str) and len(said.get("given", "")) <= MAX_TEXT):
                raise wrong
            out[procedure][stage] = {"correct": said["correct"], "given": said.get("given", "")}
    return out


def _training(request: dict[str, Any]) -> dict[str, Any]:
    from . import training, training_words

    action = _text(request, "action")
    scenario, stage, procedure = _text(request, "scenario"), _text(request, "stage"), _text(request, "procedure")
    if action == "mark":
        answer = request.get("answer")
        if date_boxes.is_boxes(answer) and all(isinstance(v, str) and len(v) <= MAX_TEXT for v in answer.values()):
            pass  # a date's boxes, read by calculators/date_boxes.py
        else:
            answer = _texts(request, "answer") if isinstance(answer, list) else _text(request, "answer")
        result = training.mark(scenario, stage, procedure, answer)
        return {"ok": True, "result": result, "view": training_words.feedback(result, answer, scenario, stage)}
    if action == "progress":
        return {"ok": True, "result": training_words.progress(scenario, procedure, _played(request))}
    if action == "expected":
        return {"ok": True, "result": training.expected(scenario, stage, procedure)}
    if action == "differences":
        return {"ok": True, "result": training.differences(scenario)}
    return {"ok": False, "errors": [{"field": "action",
                                     "message": "Ask to mark, to show the answer, to compare, or how the case went."}]}


class _Tools(Mapping[str, Handler]):
    """Every tool the page can ask, by name: found when asked, so importing this module
    does not read the rulebook (the worker imports it before the first question)."""

    _OWN: dict[str, Handler] = {"deadlines": _deadlines, "timeline": _timeline, "training": _training}

    def __getitem__(self, name: str) -> Handler:
        if name in self._OWN:
            return self._OWN[name]
        if name in ADVISERS:
            return _decision(name)
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        yield from self._OWN
        yield from (name for name in ADVISERS if name not in self._OWN)

    def __len__(self) -> int:
        return sum(1 for _ in self)


TOOLS: Mapping[str, Handler] = _Tools()


def _refused(field: str | None, message: str) -> str:
    return json.dumps({"ok": False, "errors": [{"field": field, "message": message}]}, ensure_ascii=False)


def run_for_page(tool: str, request_json: str) -> str:
    """``run`` as the page's worker asks it: the same answer, without what the page never draws."""
    return run(tool, request_json, for_page=True)


def run(tool: str, request_json: str, *, for_page: bool = False) -> str:
    """Answer one request from the page: ``{"ok": true, ...}`` or ``{"ok": false, "errors": [...]}``.

    ``for_page``: an answer drawn from its ``views`` leaves out the engines' ``answers`` they were
    made from (the command line and the tests read those; for all procedures they are a third of
    the reply, serialised and sent for nothing)."""
    if not isinstance(request_json, str) or len(request_json) > MAX_REQUEST:
        return _refused(REQUEST, "The tool received a request it cannot read (too large, or not text).")
    try:
        request = json.loads(request_json)
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than any form sends
        request = None  # refused just below, as is JSON that is not an object
    if not isinstance(request, dict):
        return _refused(REQUEST, "The tool received a malformed request.")
    try:
        handler = TOOLS[tool] if isinstance(tool, str) else None
    except KeyError:
        handler = None
    except RulebookError as exc:
        return _refused(REQUEST, f"The handbook's rulebook is malformed: {exc}")
    if handler is None:
        return _refused("tool", f"There is no tool called “{tool}”.")
    try:
        out = handler(request)
        if for_page and "views" in out:
            out = {key: value for key, value in out.items() if key != "answers"}
        return json.dumps(out, ensure_ascii=False)
    except InputErrors as exc:
        return json.dumps({"ok": False, "errors": exc.as_list()}, ensure_ascii=False)
    except Exception as exc:  # noqa: BLE001 - the page must get a message, not a traceback
        return _refused(None, f"The tool could not answer ({type(exc).__name__}). Please report this; "
                              "no answer is shown.")
