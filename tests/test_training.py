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


# ------------------------------------------------------------------ the words the page shows


def _first_stage(kind):
    return next((s.id, st.id, s.procedures[0]) for s in SCENARIOS.values() for st in s.stages
                if st.question.kind == kind)


def test_a_headline_or_lines_question_left_blank_is_refused_in_python():
    for kind, message in (("headline", "Select what the procedure says, or that it says nothing on this."),
                          ("lines", "Select the lines that apply, or select “None of these”.")):
        sid, stage, proc = _first_stage(kind)
        for blank in ("", None):
            with pytest.raises(InputErrors) as exc:
                mark(sid, stage, proc, blank)
            assert [(e.field, e.message) for e in exc.value.errors] == [("answer", message)]
    # "None of these" is an answer, not a blank.
    assert "correct" in mark(*_first_stage("lines"), [])


@pytest.mark.parametrize(("sid", "stage", "procedure"), PLAYS)
def test_the_feedback_is_worded_in_python_from_the_marking(sid, stage, procedure):
    """What the page shows after "Check my answer" (web.run's "view"), for a right and a wrong
    answer: the verdict, mark's own words, every citation of the expected answer, and for each
    kind its own line: the headline chosen, both readings' dates, the lines that fit."""
    e = expected(sid, stage, procedure)
    short = load().procedures[procedure].short_title
    for answer in (right_answer(e), wrong_answer(e)):
        out = json.loads(run("training", json.dumps({"action": "mark", "scenario": sid, "stage": stage,
                                                      "procedure": procedure, "answer": answer})))
        marked, view = out["result"], out["view"]
        assert view["correct"] is marked["correct"] and view["kind"] == e["kind"]
        assert view["title"] == ("Your answer: right" if marked["correct"] else "Your answer: not right")
        assert view["text"] == marked["feedback"]
        assert [w["citation"]["text"] for w in view["why"]] == [
            f"Source: {c['source']}, {c['section']}: “{c['quote']}”" for c in e["citations"]]
        assert bool(view["why"]) or view["nothing_to_cite"]
        assert view["working"] == list(e.get("working") or [])
        if e["kind"] == "headline":
            tool = next(st.question.tool for st in SCENARIOS[sid].stages if st.id == stage)
            label = next(h.label for h in load().tools[tool].headlines if h.id == e["choice"])
            assert view["choice"] == {"id": e["choice"], "lead": f"What {short} gives: ", "label": label}
        else:
            assert view["choice"] is None
        if e["kind"] == "readings":
            assert view["readings"].startswith("Either reading is accepted: ") and " or " in view["readings"]
            assert all(str(date.fromisoformat(d).year) in view["readings"] for d in e["accept"])
        if e["kind"] == "lines":
            assert [r["item"] for r in view["right"]] == e["right"]
            ticked = answer if isinstance(answer, list) else []
            assert [r["you"] for r in view["right"]] == [
                "You ticked it." if i in ticked else "You did not tick it." for i in e["right"]]
            assert [x["item"] for x in view["extra"]] == [i for i in ticked if i not in e["right"]]
        else:
            assert view["right"] == view["extra"] == []


def test_ticked_lines_are_counted_in_python():
    sid, stage, proc = _first_stage("lines")
    options = [o["item"] for o in expected(sid, stage, proc)["options"]]
    assert mark(sid, stage, proc, options[:1])["given"] == "1 line ticked"
    assert mark(sid, stage, proc, options[:2])["given"] == "2 lines ticked"
    assert mark(sid, stage, proc, [])["given"] == ""  # the page shows the label it ticked: "None of these"


def _progress(sid, procedure, played):
    return json.loads(run("training", json.dumps({"action": "progress", "scenario": sid, "procedure": procedure,
                                                   "played": played})))


def test_how_the_case_went_is_worded_in_python():
    sid = "christmas-eve-referral"
    sc = SCENARIOS[sid]
    first, second = sc.procedures[:2]
    rb = load()
    everything = {st.id: {"correct": True, "given": "what I said"} for st in sc.stages}
    out = _progress(sid, first, {first: everything})
    assert out["ok"]
    words = out["result"]
    assert words["played"] == f"You have played it under: {rb.procedures[first].short_title}."
    assert words["score"] == (f"Under {rb.procedures[first].short_title}, your last answer was right at "
                              f"{len(sc.stages)} of the {len(sc.stages)} stages.")
    table = words["results"]
    assert table["caption"] == f"Your answers under {rb.procedures[first].short_title}"
    assert [r["stage"] for r in table["rows"]] == [st.id for st in sc.stages]
    assert [r["cells"][0]["text"] for r in table["rows"]] == [f"{n}. {st.title}" for n, st in enumerate(sc.stages, 1)]
    assert {r["cells"][1]["text"] for r in table["rows"]} == {"what I said"}
    assert {r["cells"][2]["text"] for r in table["rows"]} == {"Right"}
    for row, st in zip(table["rows"], sc.stages):
        e = expected(sid, st.id, first)
        if e["kind"] in ("date", "datetime"):
            assert row["cells"][3] == {"text": f"By {e['text']}"}
    assert words["comparison"]["table"] is None and "another procedure" in words["comparison"]["text"]
    # A second procedure, begun and half played: both named, side by side, "Not reached" where it was not.
    half = {sc.stages[0].id: {"correct": False, "given": "a guess"}}
    words = _progress(sid, second, {first: everything, second: half})["result"]
    assert words["played"] == (f"You have played it under: {rb.procedures[first].short_title} and "
                               f"{rb.procedures[second].short_title}.")
    assert words["score"].endswith(f"right at 0 of the {len(sc.stages)} stages.")
    assert [r["cells"][1]["text"] for r in words["results"]["rows"]] == ["a guess"] + ["Not answered"] * (len(sc.stages) - 1)
    assert words["results"]["rows"][0]["cells"][2]["text"] == "Not quite"
    compared = words["comparison"]["table"]
    assert compared["heads"] == ["Stage", rb.procedures[first].short_title, rb.procedures[second].short_title]
    assert [r["cells"][2] for r in compared["rows"][1:]] == [{"text": "Not reached"}] * (len(sc.stages) - 1)
    # Begun, nothing answered yet: named as played, nothing to compare.
    assert _progress(sid, second, {second: {}})["result"]["played"].endswith(f"{rb.procedures[second].short_title}.")


def test_a_case_of_one_procedure_says_so_and_lines_are_listed_by_id():
    sid = next(s.id for s in SCENARIOS.values() if len(s.procedures) == 1)
    proc = SCENARIOS[sid].procedures[0]
    words = _progress(sid, proc, {proc: {}})["result"]
    assert words["comparison"] == {"table": None, "text": "This case is played under one procedure only."}
    sid, stage = next((s.id, st.id) for s in SCENARIOS.values() for st in s.stages
                      for p in s.procedures if st.question.kind == "lines" and expected(s.id, st.id, p)["right"])
    proc = next(p for p in SCENARIOS[sid].procedures if expected(sid, stage, p)["right"])
    row = next(r for r in _progress(sid, proc, {proc: {stage: {"correct": True, "given": ""}}})["result"]["results"]["rows"]
               if r["stage"] == stage)
    assert [i["item"] for i in row["cells"][3]["items"]] == expected(sid, stage, proc)["right"]


@pytest.mark.parametrize("played", [
    "not a dict", {"peterborough-2012": "x"}, {"peterborough-2012": {"referral": {"correct": "yes"}}},
    {"peterborough-2012": {"referral": {"correct": True, "given": 5}}},
    {"no-such-procedure": {}}, {"peterborough-2012": {"no-such-stage": {"correct": True, "given": ""}}},
])
def test_how_the_case_went_refuses_what_no_page_sends(played):
    out = _progress("christmas-eve-referral", "peterborough-2012", played)
    assert not out["ok"] and [e["field"] for e in out["errors"]] == ["played"]
    out = _progress("christmas-eve-referral", "no-such-procedure", {})
    assert not out["ok"] and [e["field"] for e in out["errors"]] == ["procedure"]
