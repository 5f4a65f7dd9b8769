"""Every wrong-input case (tests/cases/wrong_input.toml) refused by Python as the page asks it:
each field the page marks is named, the date box it marks is the first Python names, and no
other field is. The browser tests take the same cases through the real page."""

from __future__ import annotations

import json

import pytest

from calculators.web import run
from wrong_input import decision_cases, decision_facts, deadline_cases, deadline_request, marked_box

DEADLINES = deadline_cases()
DECISIONS = decision_cases()


def check_refusal(tool: str, request: dict, marks: dict[str, str]) -> None:
    answer = json.loads(run(tool, json.dumps(request)))
    assert not answer["ok"], answer
    errors = answer["errors"]
    assert {e["field"] for e in errors} == set(marks), errors
    for field, element in marks.items():
        box = marked_box(element)
        first = next(e for e in errors if e["field"] == field)
        if box:  # a date: the box Python names first, or the first box when it names none
            assert (e_parts(first) or ["day"])[0] == box, (field, first)
        else:
            assert not e_parts(first), (field, first)
        assert first["message"] and not first["message"].startswith("Error"), first


def e_parts(error: dict) -> list[str]:
    return list(error.get("parts") or [])


@pytest.mark.parametrize("name", DEADLINES)
def test_the_deadline_tool_refuses_it_by_field_and_box(name):
    event, at, marks = DEADLINES[name]
    check_refusal("deadlines", deadline_request(event, at), marks)


@pytest.mark.parametrize("name", DECISIONS)
def test_each_decision_tool_refuses_it_by_field_and_box(name):
    tool, procedure, facts, marks, _ = DECISIONS[name]
    check_refusal(tool, {"procedure": procedure, "facts": decision_facts(tool, facts)}, marks)


def test_every_tool_has_wrong_input_cases():
    from calculators.rulebook import load

    tools = {t for t, tool in load().tools.items() if getattr(tool, "kind", "advice") == "advice"}
    assert {case[0] for case in DECISIONS.values()} == tools
    assert DEADLINES
