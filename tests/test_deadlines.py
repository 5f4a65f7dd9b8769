"""The engine's behaviour beyond single rules: tiers, silence, warnings, validation."""

from __future__ import annotations

import json

import pytest

from calculators.deadlines import deadlines
from calculators.errors import InputErrors
from calculators.web import run


def _rules(answer):
    return {d["rule"]: d for d in answer["deadlines"]}


@pytest.mark.parametrize(("event", "at", "circumstance", "tier", "general"), [
    ("referral-received", "2026-12-24T16:30", "serious-harm", "ps-same-day-serious-harm", "ps-convene-3-working-days"),
    ("strategy-discussion-held", "2026-12-24T12:00", "high-concern", "ps-section-47-complete-5-days-high-concern",
     "ps-section-47-complete-15-days"),
], ids=["timing", "section-47"])
def test_a_tier_governs_and_the_general_limit_stays_as_fallback(event, at, circumstance, tier, general):
    rules = _rules(deadlines("practice-standards-2025", event, at, [circumstance])[0])
    assert (rules[tier]["role"], rules[general]["role"]) == ("governs", "also-applies")
    assert rules[general]["stricter"] == [tier]
    assert "fallback" in rules[general]["fallback_text"]


def test_the_same_day_tier_falls_on_the_day_and_comes_first():
    [answer] = deadlines("practice-standards-2025", "referral-received", "2026-12-24T16:30", ["serious-harm"])
    assert _rules(answer)["ps-same-day-serious-harm"]["due"] == "2026-12-24"
    assert answer["deadlines"][0]["rule"] == "ps-same-day-serious-harm"


def test_two_tiers_the_earliest_governs_the_other_also_applies():
    [answer] = deadlines("practice-standards-2025", "referral-received", "2026-12-24T16:30",
                         ["serious-harm", "complex"])
    rules = _rules(answer)
    assert rules["ps-same-day-serious-harm"]["due"] == "2026-12-24"
    assert rules["ps-complex-5-working-days"]["due"] == "2027-01-05"
    [g] = [g for g in answer["governing"] if g["duty"] == "hold-strategy-discussion"]
    assert g["governs"] == "ps-same-day-serious-harm"
    assert g["also"][:2] == ["ps-convene-3-working-days", "ps-complex-5-working-days"]
    assert not any("prevails" in w for w in answer["warnings"])


def test_with_high_concern_the_initial_conference_still_governs_its_own_duty():
    rules = _rules(deadlines("practice-standards-2025", "strategy-discussion-held", "2026-12-24T12:00",
                             ["high-concern"])[0])
    assert rules["ps-initial-conference-15-working-days"]["due"] == "2027-01-19"
    assert rules["ps-initial-conference-15-working-days"]["role"] == "governs"


def test_a_silent_procedure_says_so_and_borrows_nothing():
    [answer] = deadlines("gloucestershire-audit-2015", "case-closed", "2026-03-28T09:00", [])
    assert answer["deadlines"] == [] and answer["running"] == []
    assert "sets no timescale" in answer["silent"]


@pytest.mark.parametrize("event", ["referral-received", "concerns-identified", "emergency-action",
                                   "strategy-discussion-held", "whereabouts-unknown", "access-refused",
                                   "case-closed"])
def test_every_event_gets_an_answer_or_a_statement_of_silence_from_every_procedure(rulebook, event):
    answers = deadlines("all", event, "2026-11-24T10:00", [])
    assert [a["procedure"] for a in answers] == list(rulebook.procedures)
    for a in answers:
        assert a["deadlines"] or a["silent"]
        for d in a["deadlines"]:
            assert d["citation"]["document"] and d["citation"]["section"]
            assert d["working"]


def test_a_circumstance_the_procedure_ignores_is_a_warning_not_an_error():
    [answer] = deadlines("south-tyneside-2016", "referral-received", "2026-11-02T10:00", ["complex"])
    assert _rules(answer)["st-assessment-decision-45-working-days"]["due"] == "2027-01-07"
    assert any("made no difference" in w for w in answer["warnings"])


def test_unannounced_bank_holidays_are_warned_about():
    [answer] = deadlines("practice-standards-2025", "referral-received", "2028-02-25T09:00", [])
    assert any("2028" in w and "not yet been announced" in w for w in answer["warnings"])
    [answer] = deadlines("practice-standards-2025", "referral-received", "2027-02-25T09:00", [])
    assert not any("announced" in w for w in answer["warnings"])


def test_devon_before_its_start_date_is_warned_about():
    [answer] = deadlines("devon-mash-2014", "strategy-discussion-held", "2014-10-01T10:00", [])
    assert any("started on Monday 6 October 2014" in w for w in answer["warnings"])


def test_no_number_rules_appear_without_a_date():
    [answer] = deadlines("peterborough-2012", "strategy-discussion-held", "2026-11-24T10:00",
                         ["child-in-hospital", "further-discussion-needed"])
    rules = _rules(answer)
    for rid in ("pb-hospital-strategy-meeting-earliest-opportunity", "pb-no-discharge-before-discharge-meeting",
                "pb-reconvene-date-fixed"):
        assert rules[rid]["due"] is None
        assert rules[rid]["due_text"]


def test_every_field_error_is_reported_at_once():
    with pytest.raises(InputErrors) as exc:
        deadlines("nowhere-1999", "tea-break", "2026-02-30T10:00", ["sunny"])
    assert [e.field for e in exc.value.errors] == ["procedure", "event", "at", "circumstances"]


def test_web_entry_point_returns_errors_not_tracebacks():
    out = json.loads(run("deadlines", json.dumps({"procedure": "all", "event": "", "at": "2026-10-25T01:30"})))
    assert out["ok"] is False
    assert {e["field"] for e in out["errors"]} == {"event", "at"}
    assert json.loads(run("deadlines", "not json"))["ok"] is False
    assert json.loads(run("nonsense", "{}"))["ok"] is False


def test_web_entry_point_answers_like_the_engine():
    request = {"procedure": "practice-standards-2025", "event": "referral-received",
               "at": "2026-12-24T16:30", "circumstances": []}
    out = json.loads(run("deadlines", json.dumps(request)))
    assert out["ok"] is True
    assert out["answers"] == deadlines(**request)


def test_hours_and_same_day_landing_on_a_day_off_say_the_clock_runs_regardless():
    [answer] = deadlines("peterborough-2012", "referral-received", "2026-12-24T16:30", [])
    working = _rules(answer)["pb-initial-discussion-24-hours"]["working"]
    assert any("Christmas Day" in w and "regardless" in w for w in working)
    [answer] = deadlines("practice-standards-2025", "referral-received", "2026-11-29T22:00", ["serious-harm"])
    assert any("weekend" in w for w in _rules(answer)["ps-same-day-serious-harm"]["working"])
