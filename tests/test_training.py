"""Training scenarios: every stage is answerable from the rulebook under every procedure the
scenario supports, right answers are marked right and wrong ones wrong, with a citation."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from calculators.decision_tools import ADVISERS
from calculators.errors import InputErrors
from calculators.rulebook import load
from calculators.training import NO_FIXED_TIME, NONE_SET, SILENT, differences, expected, load_scenarios, mark
from calculators.web import run

SCENARIOS = load_scenarios()
PLAYS = [
    pytest.param(s.id, st.id, p, id=f"{s.id}/{st.id}/{p}")
    for s in SCENARIOS.values() for st in s.stages for p in s.procedures
]


def right_answer(e):
    kind = e["kind"]
    if kind in ("date", "datetime"):
        return e["due"]
    if kind == "readings":
        return e["accept"][0]
    if kind in (NO_FIXED_TIME, NONE_SET, SILENT):
        return kind
    if kind == "headline":
        return e["choice"]
    return list(e["right"])


def wrong_answer(e):
    kind = e["kind"]
    if kind == "date":
        return (date.fromisoformat(e["due"]) + timedelta(days=1)).isoformat()
    if kind == "datetime":
        return (datetime.fromisoformat(e["due"]) + timedelta(hours=1)).isoformat(timespec="minutes")
    if kind == "readings":
        return (max(date.fromisoformat(d) for d in e["accept"]) + timedelta(days=1)).isoformat()
    if kind == NO_FIXED_TIME:
        return "2026-12-31"
    if kind in (NONE_SET, SILENT):
        return NO_FIXED_TIME if kind == NONE_SET else "must"
    if kind == "headline":
        return "no-such-headline"
    options = [o["item"] for o in e["options"]]
    wrong = [o for o in options if o not in e["right"]]
    return e["right"][:-1] + wrong[:1] if (wrong or e["right"]) else ["nothing"]


def test_at_least_twelve_scenarios_including_the_audit_outlines_and_the_brief():
    assert len(SCENARIOS) >= 12
    for sid in ("released-offender-contact", "suspected-exploitation", "domestic-abuse-open-case",
                "fractured-skull-out-of-hours", "christmas-eve-referral", "boarding-school-out-of-area",
                "whereabouts-unknown", "foster-carer-allegation", "fabricated-illness", "minor-injury-looked-after",
                "unborn-baby", "teenager-refuses-seen-alone", "devon-re-referral"):
        assert sid in SCENARIOS


def test_between_them_the_scenarios_exercise_every_tool():
    used = {t for s in SCENARIOS.values() for t in s.tools}
    assert used >= set(ADVISERS) | {"deadlines"}


@pytest.mark.parametrize(("sid", "stage", "procedure"), PLAYS)
def test_right_answer_is_marked_right_and_wrong_answer_wrong(sid, stage, procedure):
    e = expected(sid, stage, procedure)
    good = mark(sid, stage, procedure, right_answer(e))
    assert good["correct"], good
    bad = mark(sid, stage, procedure, wrong_answer(e))
    assert not bad["correct"], bad
    if e["kind"] not in (NONE_SET, SILENT):
        assert e["citations"], "feedback cites the rule"


@pytest.mark.parametrize("sid", sorted(SCENARIOS))
def test_every_stage_is_answered_substantively_by_some_procedure(sid):
    for st in SCENARIOS[sid].stages:
        kinds = {expected(sid, st.id, p)["kind"] for p in SCENARIOS[sid].procedures}
        assert kinds - {NONE_SET, SILENT}, f"{sid}/{st.id}: no procedure answers it"


def test_either_reading_of_an_unclear_unit_is_accepted():
    e = expected("christmas-eve-referral", "enquiry", "practice-standards-2025")
    assert e["kind"] == "readings"
    for d in e["accept"]:
        assert mark("christmas-eve-referral", "enquiry", "practice-standards-2025", d)["correct"]


def test_an_hours_answer_needs_the_time():
    with pytest.raises(InputErrors) as exc:
        mark("christmas-eve-referral", "referral", "peterborough-2012", "2026-12-25")
    assert exc.value.errors[0].field == "answer"
    assert mark("christmas-eve-referral", "referral", "peterborough-2012", "2026-12-25T16:30")["correct"]


def test_answers_change_with_the_procedure():
    rows = differences("christmas-eve-referral")
    assert rows[0]["differ"]
    assert rows[0]["answers"]["practice-standards-2025"]["due"] == "2026-12-31"
    assert rows[0]["answers"]["peterborough-2012"]["due"] == "2026-12-25T16:30+00:00"


def test_scenario_answers_equal_the_calculators():
    e = expected("fractured-skull-out-of-hours", "police", "practice-standards-2025")
    [answer] = ADVISERS["joint-investigation"]("practice-standards-2025", {"harm": "physical-injury-offence", "age": 0})
    assert e["choice"] == answer["summary"]["id"] == "must"


def test_unknown_scenario_stage_or_procedure_names_the_field():
    for args, field in [(("nope", "x", "peterborough-2012"), "scenario"),
                        (("devon-re-referral", "nope", "devon-mash-2014"), "stage"),
                        (("devon-re-referral", "window", "peterborough-2012"), "procedure")]:
        with pytest.raises(InputErrors) as exc:
            expected(*args)
        assert field in [e.field for e in exc.value.errors]


def test_web_marks_through_json():
    out = json.loads(run("training", json.dumps({"action": "mark", "scenario": "unborn-baby", "stage": "seen-alone",
                                                  "procedure": "practice-standards-2025", "answer": "allowed"})))
    assert out["ok"] and out["result"]["correct"]


def test_scenario_files_have_no_answers_in_them(rulebook):
    from repo_paths import ROOT
    for path in (ROOT / "scenarios").glob("*.toml"):
        text = path.read_text()
        for word in ("due =", "answer =", "expect =", "correct ="):
            assert word not in text, f"{path.name} writes an answer in ({word})"


def test_impossible_or_ambiguous_answer_times_name_the_answer_field():
    for bad in ("2026-02-31T10:00", "2026-12-25T25:00", "2026-03-29T01:30", "2026-10-25T01:30"):
        with pytest.raises(InputErrors) as exc:
            mark("christmas-eve-referral", "referral", "peterborough-2012", bad)
        assert exc.value.errors[0].field == "answer"
        assert "event" not in exc.value.errors[0].message
