"""No input, however odd, gets anything but an answer or messages naming fields.

A user must never see a traceback: every engine either answers or raises InputErrors.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.deadlines import deadlines
from calculators.decision_tools import ADVISERS
from calculators.errors import InputErrors
from calculators.rulebook import load
from calculators.timeline import timeline
from calculators.web import run

RB = load()
text = st.one_of(st.none(), st.text(max_size=40), st.sampled_from(["", "all", "2026-13-40T25:61", "2026-10-25T01:30"]))
procedure = st.one_of(text, st.sampled_from([*RB.procedures, "all"]))
event = st.one_of(text, st.sampled_from(list(RB.events)))
moment = st.one_of(text, st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")))
circumstances = st.lists(st.one_of(st.text(max_size=20), st.sampled_from(list(RB.circumstances))), max_size=4)


@settings(max_examples=400, deadline=None)
@given(procedure, event, moment, circumstances)
def test_deadlines_answer_or_name_fields(p, e, at, cs):
    try:
        answers = deadlines(p, e, at, cs)
    except InputErrors as exc:
        assert exc.errors and all(err.field and err.message for err in exc.errors)
        return
    assert answers and all("deadlines" in a for a in answers)


later_times = st.one_of(st.none(), st.text(max_size=20), st.lists(moment, max_size=2), st.dictionaries(
    st.one_of(st.text(max_size=12), st.sampled_from(list(RB.events))), moment, max_size=3))


@settings(max_examples=300, deadline=None)
@given(procedure, event, moment, circumstances, later_times)
def test_timeline_answers_or_names_fields(p, e, at, cs, known):
    try:
        answers = timeline(p, e, at, cs, known)
    except InputErrors as exc:
        assert exc.errors and all(err.field and err.message for err in exc.errors)
        return
    assert answers and all(a["stages"] for a in answers)


value = st.one_of(st.none(), st.booleans(), st.integers(-5, 30), st.text(max_size=15),
                  st.lists(st.text(max_size=15), max_size=3))


@st.composite
def tool_request(draw):
    slug = draw(st.sampled_from(sorted(ADVISERS)))
    tool = RB.tools[slug]
    facts = {}
    for fld in tool.fields:
        if draw(st.booleans()):
            options = [o.id for o in fld.options]
            choice = st.sampled_from(options) if options else value
            facts[fld.id] = draw(st.one_of(value, choice, st.lists(st.sampled_from(options), max_size=3)
                                           if options else value))
    if draw(st.booleans()):
        facts[draw(st.text(max_size=8))] = draw(value)
    return slug, draw(procedure), facts


@settings(max_examples=400, deadline=None)
@given(tool_request())
def test_tools_answer_or_name_fields(request):
    slug, p, facts = request
    try:
        answers = ADVISERS[slug](p, facts)
    except InputErrors as exc:
        assert exc.errors and all(err.message for err in exc.errors)
        return
    for a in answers:
        assert a["lines"] or a["silent"]


training_body = st.fixed_dictionaries({
    "action": st.sampled_from(["mark", "expected", "differences", "other"]),
    "scenario": st.one_of(st.text(max_size=10), st.sampled_from(["christmas-eve-referral", "unborn-baby"])),
    "stage": st.sampled_from(["referral", "record", "seen-alone", "nope"]),
    "procedure": procedure,
    "answer": st.one_of(moment, st.sampled_from(["2026-02-31T10:00", "2026-03-29T01:30", "2026-10-25T01:30",
                                                 "2026-12-24T25:00", "allowed", "no-fixed-time"]),
                        st.lists(st.text(max_size=8), max_size=2)),
}).map(json.dumps)
boxes = st.fixed_dictionaries({}, optional={k: st.one_of(st.text(max_size=5), st.integers(0, 3000))
                                            for k in ("day", "month", "year", "hour", "minute", "offset")})
web_body = st.one_of(st.text(max_size=80), training_body, st.fixed_dictionaries(
    {"procedure": procedure, "event": event, "at": moment, "circumstances": circumstances}).map(json.dumps),
    st.fixed_dictionaries({"procedure": procedure, "event": event, "at": st.one_of(moment, boxes)}, optional={
        "circumstances": circumstances,
        "known": st.one_of(later_times, st.dictionaries(st.sampled_from(list(RB.events)), boxes, max_size=2)),
    }).map(json.dumps),
    tool_request().map(lambda r: json.dumps({"procedure": r[1], "facts": r[2]})))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["deadlines", "timeline", "training", *ADVISERS, "nope"]), web_body)
def test_web_never_raises(tool, body):
    out = json.loads(run(tool, body))
    assert out["ok"] in (True, False)
    # run() turns an unexpected exception into a message; none must happen.
    assert not any("could not answer" in (e.get("message") or "") for e in out.get("errors", []))


# ------------------------------------------------------------------ web.run, fuzzed

json_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
                      st.sampled_from(["all", *RB.procedures, *RB.events, *RB.circumstances]))
json_value = st.recursive(json_leaf, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                               st.dictionaries(st.text(max_size=10), inner, max_size=4)),
                          max_leaves=12)


@st.composite
def any_request(draw):
    """A request of the right keys with any values, or of any shape at all."""
    tool = draw(st.sampled_from(["deadlines", "timeline", "training", *ADVISERS, "nope", ""]))
    keys = ["procedure", "event", "at", "circumstances", "earlier", "known", "facts", "action", "scenario", "stage",
            "answer"]
    body = {k: draw(json_value) for k in keys if draw(st.booleans())}
    if tool in ADVISERS and draw(st.booleans()):
        body["facts"] = {f.id: draw(json_value) for f in RB.tools[tool].fields if draw(st.booleans())}
    return tool, draw(st.one_of(st.just(json.dumps(body)), json_value.map(json.dumps), st.text(max_size=40)))


def _only_named_errors(out: dict) -> None:
    assert out["ok"] in (True, False)
    for e in out.get("errors", []):
        assert e.get("field") and e.get("message"), e


@settings(max_examples=2000, deadline=None)
@given(any_request())
def test_web_run_names_a_field_for_any_request(request):
    _only_named_errors(json.loads(run(*request)))


@pytest.mark.parametrize("body", [
    "[" * 100_000 + "]" * 100_000,                       # nested deeper than the parser's recursion
    json.dumps({"procedure": "all", "facts": {"x": "y" * 30_000}}),   # larger than any form sends
    json.dumps({"procedure": ["all"], "event": {"a": 1}, "at": 5}),
])
def test_web_run_refuses_malformed_requests_by_name(body):
    for tool in ("deadlines", "timeline", "training", *ADVISERS):
        _only_named_errors(json.loads(run(tool, body)))


def test_four_thousand_digits_in_a_number_box_get_a_clear_message():
    tool = next(t for t in RB.tools.values() for f in t.fields if f.kind == "whole-number")
    fld = next(f for f in tool.fields if f.kind == "whole-number")
    out = json.loads(run(tool.id, json.dumps({"procedure": "all", "facts": {fld.id: "9" * 4_301}})))
    assert out["errors"] == [{"field": fld.id, "message": f"“{fld.label}” must be a whole number of at most 6 digits."}]
