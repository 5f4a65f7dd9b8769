"""The case timeline (issue 16, item 2): the chain one procedure sets from an event.

Every date asserted here was worked out by hand from the rule and the bank holiday
calendar (procedures/bank-holidays.toml); the comment beside each says how. The rest
checks that the timeline never disagrees with the deadline tool, never gives a plain
date that rests on an assumed time and never invents a step. Its inputs are checked in
tests/test_timeline_inputs.py.
"""

from __future__ import annotations

import pytest

from added_procedure import NEW_ID, rulebook_with_template
from calculators.deadlines import deadlines
from calculators.errors import RulebookError
from calculators.governing import governing_for
from calculators.rulebook import load, load_from
from calculators.timeline import later_events, timeline
from calculators.timeline_view import timeline_view
from command_line import cli

PS = "practice-standards-2025"
PB = "peterborough-2012"
DISCUSSION = "strategy-discussion-held"
CHRISTMAS_EVE = "2026-12-24T16:30"


def _one(procedure, event, at, circumstances=(), known=None, rulebook=None):
    [answer] = timeline(procedure, event, at, circumstances, known, rulebook)
    return answer


def _steps(answer):
    return {(st["event"], s["duty"]): s for st in answer["stages"] for s in st["steps"]}


def _stage(answer, event):
    return next(st for st in answer["stages"] if st["event"] == event)


def _view(answer, rb=None):
    rb = rb or load()
    return timeline_view(answer, {c.id: c.label for c in rb.circumstances.values()},
                         {e.id: e.short for e in rb.events.values()})


# ------------------------------------------------------------------ the Christmas Eve question

def test_christmas_eve_the_discussion_is_due_as_the_deadline_tool_says():
    answer = _one(PS, "referral-received", CHRISTMAS_EVE)
    step = _steps(answer)[("referral-received", "hold-strategy-discussion")]
    # 3 working days from Thursday 24 December 2026: Friday 25 (Christmas Day) and Monday 28
    # (Boxing Day, substitute day) are bank holidays, 26-27 a weekend; 29, 30, 31 are working
    # days 1, 2, 3: Thursday 31 December 2026.
    assert (step["basis"], step["governing"]["governs"], step["governing"]["due"]) == \
        ("fixed", "ps-convene-3-working-days", "2026-12-31")
    [engine] = deadlines(PS, "referral-received", CHRISTMAS_EVE)
    assert step["governing"] == governing_for(engine, "hold-strategy-discussion")


def test_christmas_eve_the_record_is_dated_only_from_the_last_minute_allowed_and_says_so():
    answer = _one(PS, "referral-received", CHRISTMAS_EVE)
    stage = _stage(answer, DISCUSSION)
    # The discussion may be held until the end of Thursday 31 December: its last minute, 23:59 GMT.
    assert (stage["basis"], stage["at"]) == ("latest", "2026-12-31T23:59+00:00")
    assert [x["rule"] for x in stage["latest_from"]] == ["ps-convene-3-working-days"]
    step = _steps(answer)[(DISCUSSION, "circulate-record")]
    # 1 working day from Thursday 31 December 2026: Friday 1 January 2027 is New Year's Day,
    # 2-3 January a weekend, so Monday 4 January 2027.
    assert (step["basis"], step["governing"]["governs"], step["governing"]["due"]) == \
        ("if-latest", "ps-record-distributed-1-working-day", "2027-01-04")
    [view] = [s for st in _view(answer)["stages"] for s in st["steps"] if s["duty"] == "circulate-record"]
    assert view["due"] == "", "a date that rests on an assumed time is never given as a plain date"
    assert view["headline"] == ("Record sent out: if the strategy discussion takes place in the last minute "
                                "allowed, by the end of Monday 4 January 2027 (1 working day)")
    assert all(lim["basis_label"] for lim in view["limits"])


def test_christmas_eve_a_typed_discussion_time_recomputes_the_later_steps():
    answer = _one(PS, "referral-received", CHRISTMAS_EVE, ["section-47-started"],
                  {DISCUSSION: "2026-12-29T10:00"})
    stage = _stage(answer, DISCUSSION)
    assert stage["basis"] == "known" and stage["fulfils"][0]["in_time"] is True  # before the end of 31 December
    steps = _steps(answer)
    # 1 working day from Tuesday 29 December 2026: Wednesday 30 December.
    assert steps[(DISCUSSION, "circulate-record")]["governing"]["due"] == "2026-12-30"
    assert steps[(DISCUSSION, "circulate-record")]["basis"] == "fixed"
    # 15 working days from Tuesday 29 December 2026: 30, 31 December (1, 2); 1 January is New
    # Year's Day; 4-8 January (3-7), 11-15 (8-12), 18, 19, 20 (13-15): Wednesday 20 January 2027.
    assert steps[(DISCUSSION, "hold-initial-conference")]["governing"]["due"] == "2027-01-20"
    # The child seen: 24 hours from the discussion (10:00 GMT on Wednesday 30 December) governs;
    # the 24 hours from the referral (16:30 on Christmas Day) had passed when it was held.
    seen = steps[(DISCUSSION, "see-child")]
    assert seen["governing"]["due"] == "2026-12-30T10:00+00:00"
    assert {(d["runs_from"]["event"], d["role"]) for d in seen["limits"]} == {
        (DISCUSSION, "governs"), ("referral-received", "passed")}
    assert seen["warnings"] and "had already passed" in seen["warnings"][0]


def test_a_discussion_held_after_its_limit_is_said_to_be_late():
    # Monday 4 January 2027 is after the end of Thursday 31 December 2026.
    stage = _stage(_one(PS, "referral-received", CHRISTMAS_EVE, (), {DISCUSSION: "2027-01-04T09:00"}), DISCUSSION)
    assert stage["fulfils"][0]["in_time"] is False
    assert "after the limit had passed" in _view_stage(stage)["fulfils"][0]


def test_a_missed_governing_limit_names_the_fallback_still_met():
    # Serious harm: the same day governs (Thursday 24 December 2026); a discussion on Tuesday
    # 29 December misses it but is within the 3 working days (Thursday 31 December, as above).
    stage = _stage(_one(PS, "referral-received", CHRISTMAS_EVE, ["serious-harm"], {DISCUSSION: "2026-12-29T10:00"}),
                   DISCUSSION)
    [fulfilled] = stage["fulfils"]
    assert (fulfilled["rule"], fulfilled["in_time"]) == ("ps-same-day-serious-harm", False)
    assert [w["rule"] for w in fulfilled["within"]] == ["ps-convene-3-working-days"]
    assert _view_stage(stage)["fulfils"] == [
        "Strategy discussion: took place after the limit had passed (by the end of Thursday 24 December 2026 (the "
        "same day), ps-same-day-serious-harm). It was within ps-convene-3-working-days (by the end of Thursday 31 "
        "December 2026 (3 working days))."]


def _view_stage(stage):
    from calculators.timeline_view import stage_view
    return stage_view(stage, "Practice standards (2025)")


def test_the_christmas_eve_question_on_the_command_line():
    out = cli("timeline", "--procedure", PS, "--event", "referral-received", "--at", CHRISTMAS_EVE)
    assert out.returncode == 0, out.stderr
    text = " ".join(out.stdout.split())
    assert "Strategy discussion: by the end of Thursday 31 December 2026 (3 working days)" in text
    assert ("Record sent out: if the strategy discussion takes place in the last minute allowed, by the end of "
            "Monday 4 January 2027 (1 working day)") in text
    assert "ps-record-distributed-1-working-day" in text


# ------------------------------------------------------------------ flags, by hand

FLAG_CASES = [
    # name, procedure, event, at, circumstances, duty, due, flag kinds, words
    ("bank holiday: 24 hours from 16:30 on Christmas Eve end at 16:30 on Christmas Day",
     PB, "referral-received", CHRISTMAS_EVE, (), "hold-strategy-discussion", "2026-12-25T16:30+00:00",
     ["bank-holiday"], "The limit ends at 16:30 GMT on Friday 25 December 2026: Christmas Day, a bank holiday."),
    ("weekend: 24 hours from 10:00 on Friday 27 March 2026 end on Saturday 28 March (clocks change on the 29th)",
     PB, "referral-received", "2026-03-27T10:00", (), "hold-strategy-discussion", "2026-03-28T10:00+00:00",
     ["weekend"], "The limit ends at 10:00 GMT on Saturday 28 March 2026: a Saturday."),
    ("night: 24 hours from 23:00 on Tuesday 24 March 2026 end at 23:00 on Wednesday 25 March",
     PB, "referral-received", "2026-03-24T23:00", (), "hold-strategy-discussion", "2026-03-25T23:00+00:00",
     ["night"], "The limit ends at 23:00 GMT on Wednesday 25 March 2026: at night (22:00 to 07:00)."),
    ("a date on a weekend: the same day as a referral on Saturday 28 March 2026; a date is never 'at night'",
     PS, "referral-received", "2026-03-28T09:00", ("serious-harm",), "hold-strategy-discussion", "2026-03-28",
     ["weekend"], "The limit falls on Saturday 28 March 2026: a Saturday."),
    ("no flag: 3 working days from Monday 2 March 2026 are Thursday 5 March",
     PS, "referral-received", "2026-03-02T10:00", (), "hold-strategy-discussion", "2026-03-05", [], ""),
]


@pytest.mark.parametrize(("name", "procedure", "event", "at", "circumstances", "duty", "due", "kinds", "words"),
                         FLAG_CASES, ids=[c[0].split(":")[0] for c in FLAG_CASES])
def test_flags_on_a_due_time(name, procedure, event, at, circumstances, duty, due, kinds, words):
    answer = _one(procedure, event, at, circumstances)
    step = _steps(answer)[(event, duty)]
    head = step["limits"][step["head"]]
    assert head["due"] == due == step["governing"]["due"]
    assert [f["kind"] for f in head["flags"]] == kinds
    [view] = [s for st in _view(answer)["stages"] for s in st["steps"] if s["duty"] == duty]
    assert view["flags"] == ([words] if words else [])
    # Flags are information: the date is the deadline tool's.
    [engine] = deadlines(procedure, event, at, circumstances)
    assert governing_for(engine, duty)["due"] == due


def test_night_is_the_handbooks_convention_and_its_note_says_so():
    answer = _one(PB, "referral-received", "2026-03-24T23:00")
    [view] = [s for st in _view(answer)["stages"] for s in st["steps"] if s["duty"] == "hold-strategy-discussion"]
    assert view["notes"] == ["At night means 22:00 to 07:00: the handbook's own convention, not a source's: no "
                             "procedure defines night, and the flag never changes a date."]


def test_the_night_hours_are_data(book):
    text = (book / "tools.toml").read_text(encoding="utf-8")
    (book / "tools.toml").write_text(text.replace('night = { from = "22:00"', 'night = { from = "20:00"'),
                                     encoding="utf-8")
    rb = load_from(book)
    # 24 hours from 21:00 on Tuesday 24 March 2026: 21:00 on Wednesday 25 March, night from 20:00.
    step = _steps(_one(PB, "referral-received", "2026-03-24T21:00", rulebook=rb))[
        ("referral-received", "hold-strategy-discussion")]
    assert [f["kind"] for f in step["limits"][step["head"]]["flags"]] == ["night"]


@pytest.mark.parametrize(("old", "new", "message"), [
    ('night = { from = "22:00"', 'night = { from = "25:00"', "'from' must be a clock time HH:MM"),
    ('night = { from = "22:00", until = "07:00"', 'night = { from = "07:00", until = "07:00"', "the same time"),
    ('kind = "timeline"\n', 'kind = "deadlines"\n', "'night' .* belongs to the timeline"),
], ids=["hour", "empty", "kind"])
def test_a_malformed_night_is_refused(book, old, new, message):
    text = (book / "tools.toml").read_text(encoding="utf-8")
    assert old in text
    (book / "tools.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RulebookError, match=message):
        load_from(book)


# ------------------------------------------------------------------ every procedure, every event

def _requests(rb):
    """Every procedure and event, bare and with each later event's time known, in two sets of facts."""
    for event in rb.events:
        for circumstances in ((), ("section-47-started", "serious-harm")):
            yield event, "2026-12-24T16:30", circumstances, {}
            for later in later_events(rb, event):
                yield event, "2026-12-24T16:30", circumstances, {later: "2027-01-05T10:00"}


@pytest.fixture(scope="module")
def with_template(tmp_path_factory):
    return load_from(rulebook_with_template(tmp_path_factory.mktemp("rulebook")))


def test_every_procedure_gives_a_timeline_for_every_event_the_added_one_too(with_template):
    assert NEW_ID in with_template.procedures
    for event, at, circumstances, known in _requests(with_template):
        answers = timeline("all", event, at, circumstances, known, with_template)
        assert [a["procedure"] for a in answers] == list(with_template.procedures)
        for a in answers:
            _view(a, with_template)


def test_the_added_procedure_has_its_own_timeline_and_borrows_nothing(with_template):
    answer = _one(NEW_ID, "referral-received", "2026-03-05T10:00", rulebook=with_template)
    rules = {d["rule"] for s in _steps(answer).values() for d in s["limits"] + s["pending"]}
    assert rules == {"ex-strategy-discussion-3-working-days"}


def _agree(answer, circumstances, rb):
    """Every step with a date is the deadline tool's answer to the same question."""
    checked = 0
    for step in _steps(answer).values():
        if step["asked"] is None:
            assert step["governing"] is None and step["pending"]
            continue
        asked = step["asked"]
        [engine] = deadlines(answer["procedure"], asked["event"], asked["at"], circumstances, rb, asked["earlier"])
        assert step["governing"] == governing_for(engine, step["duty"]), (answer["procedure"], asked, step["duty"])
        theirs = [(d["rule"], d["due"], d["role"], d["runs_from"]["event"]) for d in engine["deadlines"]
                  if d["duty"] == step["duty"]]
        assert [(d["rule"], d["due"], d["role"], d["runs_from"]["event"]) for d in step["limits"]] == theirs
        checked += 1
    return checked


def test_the_timeline_never_disagrees_with_the_deadline_tool(rulebook):
    checked = 0
    for event, at, circumstances, known in _requests(rulebook):
        for answer in timeline("all", event, at, circumstances, known, rulebook):
            checked += _agree(answer, circumstances, rulebook)
    assert checked > 300


def test_a_step_from_the_first_event_is_the_deadline_tools_answer_to_the_question_as_typed(rulebook):
    for proc in rulebook.procedures:
        for event in rulebook.events:
            answer = _one(proc, event, CHRISTMAS_EVE)
            [engine] = deadlines(proc, event, CHRISTMAS_EVE)
            for step in _stage(answer, event)["steps"]:
                if step["basis"] == "fixed" and step["asked"]["event"] == event:
                    assert step["governing"] == governing_for(engine, step["duty"])


def test_no_plain_date_rests_on_an_assumed_time_and_no_step_is_invented(rulebook):
    for event, at, circumstances, known in _requests(rulebook):
        for answer in timeline("all", event, at, circumstances, known, rulebook):
            own = {r.id for r in rulebook.procedures[answer["procedure"]].rules}
            view = _view(answer)
            for st, vst in zip(answer["stages"], view["stages"]):
                for step, vstep in zip(st["steps"], vst["steps"]):
                    assert {d["rule"] for d in step["limits"] + step["if_latest"] + step["pending"]} <= own
                    if any(d["basis"] == "if-latest" for d in step["limits"]):
                        assert step["basis"] == "if-latest", "a step that rests on an assumed time says so"
                    if step["basis"] != "fixed":
                        assert vstep["due"] == ""
                    for d, v in zip(step["limits"] + step["if_latest"], vstep["limits"]):
                        assert bool(v["basis_label"]) == (d["basis"] == "if-latest")
                    if step["basis"] == "pending":
                        assert not step["limits"] and all("due" not in p for p in step["pending"])


def test_a_procedure_silent_on_a_step_says_so():
    answer = _one("devon-mash-2014", "referral-received", CHRISTMAS_EVE)
    assert "sets no timescale that runs from this event" in answer["stages"][0]["silent"]
    assert not answer["stages"][0]["steps"]
    assert "hold-strategy-discussion" in [s["duty"] for s in answer["silent_on"]]
    # What runs from the discussion has no date: Devon sets no limit for holding it.
    stage = _stage(answer, DISCUSSION)
    assert (stage["basis"], stage["unknown"]) == ("unknown", "no-dated-limit")
    assert all(s["basis"] == "pending" for s in stage["steps"])
    views = _view(answer)
    assert any("Devon MASH (2014) sets no timescale from the referral for: Strategy discussion" in line
               for line in views["silent_on"])


def test_a_step_whose_event_has_no_time_has_no_date_and_says_what_it_runs_from():
    # Gloucestershire sets only "as soon as possible" for the discussion: no last minute to assume.
    answer = _one("gloucestershire-audit-2015", "referral-received", CHRISTMAS_EVE)
    [step] = _stage(answer, DISCUSSION)["steps"]
    assert (step["basis"], step["governing"], step["limits"]) == ("pending", None, [])
    [view] = _view(answer)["stages"][1]["steps"]
    assert view["headline"] == ("Timescales for the agreed actions: runs from the strategy discussion; the procedure "
                                "sets no number of hours or days.")
    answer = _one("devon-mash-2014", "referral-received", CHRISTMAS_EVE)
    views = {s["duty"]: s for s in _view(answer)["stages"][1]["steps"]}
    assert views["action-summary-available"]["headline"] == (
        "Summary of the agreed actions available: no date until the time of the strategy discussion is given.")
    assert views["action-summary-available"]["pending"][0]["text"] == (
        "Within 1 hour (dv-action-summary-1-hour), from the strategy discussion.")


def test_section_47_clocks_apply_only_if_and_not_after_a_decision_to_meet_again():
    steps = _steps(_one(PS, "referral-received", CHRISTMAS_EVE))
    conference = steps[(DISCUSSION, "hold-initial-conference")]
    assert conference["governing"]["governs"] is None
    assert [d["role"] for d in conference["limits"]] == ["applies-if"]
    answer = _one(PS, "referral-received", CHRISTMAS_EVE, ["further-discussion-needed"])
    assert (DISCUSSION, "hold-initial-conference") not in _steps(answer)
    assert "ps-initial-conference-15-working-days" in {r["rule"] for r in answer["not_running"]}


def test_an_assumed_time_is_never_taken_before_a_later_time_given():
    answer = _one(PS, "referral-received", CHRISTMAS_EVE, (), {"whereabouts-unknown": "2027-01-05T10:00"})
    stage = _stage(answer, DISCUSSION)
    assert (stage["basis"], stage["at"], stage["unknown"]) == ("unknown", None, "later-time-given")
    assert all(s["basis"] in ("pending", "fixed") for s in stage["steps"])


def test_events_that_fulfil_nothing_are_named_not_assumed():
    answer = _one(PS, "referral-received", CHRISTMAS_EVE)
    assert [o["event"] for o in answer["other_events"]] == ["emergency-action", "whereabouts-unknown",
                                                           "access-refused"]
    assert [st["event"] for st in answer["stages"]] == ["referral-received", DISCUSSION]
