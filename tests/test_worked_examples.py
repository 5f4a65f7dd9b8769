"""Every worked example in procedures/ is a test: the rulebook's data checks the engine."""

from __future__ import annotations

import pytest

from calculators.deadlines import deadlines
from calculators.rulebook import load

CASES = [
    pytest.param(rule, example, id=f"{rule.id}: {example.name}")
    for rule in load().all_rules()
    for example in rule.examples
]


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_worked_example(rule, example):
    [answer] = deadlines(rule.procedure, example.event, example.at, list(example.circumstances))
    by_rule = {d["rule"]: d for d in answer["deadlines"]}
    assert rule.id in by_rule, f"{rule.id} did not apply; got {sorted(by_rule)}"
    got = by_rule[rule.id]
    assert got["citation"]["document"] == rule.citation.document
    assert got["working"], "every answer shows its working"
    if rule.timescale.unit == "days-unstated":
        assert got["due"] is None, "an unclear unit never gets a single silent due date"
        assert {r["unit"]: r["due"] for r in got["readings"]} == example.readings
    else:
        assert got["due"] == example.due
        assert got["readings"] is None


def test_there_are_examples_for_every_computable_rule(rulebook):
    for rule in rulebook.all_rules():
        if rule.computable:
            assert rule.examples, rule.id


def test_christmas_eve_question_from_the_handbook_brief():
    # "The referral came in at 16:30 on Christmas Eve: when must the strategy discussion be held?"
    [answer] = deadlines("practice-standards-2025", "referral-received", "2026-12-24T16:30", [])
    due = {d["rule"]: d for d in answer["deadlines"]}["ps-convene-3-working-days"]
    assert due["due_text"] == "Thursday 31 December 2026"
    assert any("Christmas Day" in line for line in due["working"])
    assert any("Boxing Day (substitute day)" in line for line in due["working"])
