"""Which limit governs (issue 14, gap 1), clocks that started earlier (gap 2) and Section 47 scope (gap 5).

One function decides which limit governs (``calculators.governing.order``); the last test
feeds the same facts to every surface that answers a deadline question and compares.
"""

from __future__ import annotations

import json

import pytest

from calculators import training
from calculators.cli import main as cli_main
from calculators.deadlines import deadlines
from calculators.errors import InputErrors
from calculators.governing import governing_for
from calculators.web import run

PS = "practice-standards-2025"
XMAS = "2026-12-24T16:30"


def _one(procedure, event, at, circumstances=(), earlier=None):
    [answer] = deadlines(procedure, event, at, list(circumstances), earlier=earlier)
    return answer


def _roles(answer, duty):
    return [(d["rule"], d["role"]) for d in answer["deadlines"] if d["duty"] == duty]


def test_christmas_eve_serious_and_complex_same_day_governs_five_and_three_also_apply():
    a = _one(PS, "referral-received", XMAS, ["serious-harm", "complex"])
    g = governing_for(a, "hold-strategy-discussion")
    assert g["governs"] == "ps-same-day-serious-harm"
    assert g["headline"] == "Strategy discussion: by the end of Thursday 24 December 2026 (the same day)"
    assert set(g["also"]) >= {"ps-convene-3-working-days", "ps-complex-5-working-days"}
    assert _roles(a, "hold-strategy-discussion")[0] == ("ps-same-day-serious-harm", "governs")


def test_the_earliest_governs_whatever_order_the_rules_are_written_in():
    a = _one(PS, "referral-received", XMAS, ["complex"])
    g = governing_for(a, "hold-strategy-discussion")
    # Three working days (31 December) fall before five (5 January): the general limit governs.
    assert g["governs"] == "ps-convene-3-working-days"
    assert g["also"][0] == "ps-complex-5-working-days"


def test_emergency_action_24_hours_governs_and_other_immediate_action_is_one_working_day():
    a = _one(PS, "emergency-action", XMAS)
    g = governing_for(a, "hold-strategy-discussion")
    assert g["governs"] == "ps-after-emergency-action-24-hours"
    assert g["due"] == "2026-12-25T16:30+00:00"
    assert "16:30 GMT on Friday 25 December 2026 (24 hours)" in g["headline"]
    [cond] = g["applies_if"]
    assert cond["rule"] == "ps-immediate-action-1-working-day"
    assert "other than police protection" in cond["condition"]
    assert "Tuesday 29 December 2026" in cond["text"]


def test_immediate_action_on_a_referral_names_the_24_hours_for_police_protection():
    a = _one(PS, "referral-received", XMAS, ["immediate-action"])
    g = governing_for(a, "hold-strategy-discussion")
    assert g["governs"] == "ps-immediate-action-1-working-day"
    [cond] = g["applies_if"]
    assert cond["rule"] == "ps-after-emergency-action-24-hours"
    assert "police protection or an Emergency Protection Order" in cond["condition"]
    assert "Friday 25 December 2026" in cond["text"]


def test_a_same_day_limit_with_ten_minutes_left_is_warned_and_the_next_limit_named():
    a = _one(PS, "referral-received", "2026-12-24T23:50", ["serious-harm"])
    g = governing_for(a, "hold-strategy-discussion")
    assert g["governs"] == "ps-same-day-serious-harm"
    assert g["next"] == "ps-convene-3-working-days"
    [warning] = [w for w in a["warnings"] if "leaves only" in w]
    assert "10 minutes" in warning and "ps-convene-3-working-days" in warning and "31 December 2026" in warning


def test_peterborough_24_hours_from_the_referral_still_run_after_emergency_action():
    a = _one("peterborough-2012", "emergency-action", XMAS)
    assert [r["rule"] for r in a["running"]] == ["pb-initial-discussion-24-hours"]
    assert "referral" in a["running"][0]["text"]
    assert "sets no timescale that runs from this event" not in (a["silent"] or "")
    given = _one("peterborough-2012", "emergency-action", XMAS, earlier={"referral-received": "2026-12-24T10:00"})
    g = governing_for(given, "hold-strategy-discussion")
    assert g["governs"] == "pb-initial-discussion-24-hours" and g["due"] == "2026-12-25T10:00+00:00"
    assert given["deadlines"][0]["runs_from"]["event"] == "referral-received"


def test_a_clock_from_an_earlier_event_that_has_passed_is_warned():
    a = _one("peterborough-2012", "emergency-action", XMAS, earlier={"referral-received": "2026-12-23T09:00"})
    [d] = a["deadlines"]
    assert d["role"] == "passed"
    assert any("had already passed" in w for w in a["warnings"])
    assert a["governing"][0]["headline"].startswith("Strategy discussion: overdue")


def test_child_seen_24_hours_shown_from_the_referral_and_from_the_discussion():
    at_referral = _one(PS, "referral-received", XMAS)
    seen = [d for d in at_referral["deadlines"] if d["rule"] == "ps-child-seen-24-hours"]
    assert [(d["role"], d["due"]) for d in seen] == [("applies-if", "2026-12-25T16:30+00:00")]
    assert seen[0]["start"]["stated"] is False or seen[0]["start"]["stated"] is None
    both = _one(PS, "strategy-discussion-held", "2026-12-29T10:00", ["section-47-started"],
                earlier={"referral-received": XMAS})
    seen = [(d["runs_from"]["event"], d["due"]) for d in both["deadlines"] if d["rule"] == "ps-child-seen-24-hours"]
    assert sorted(seen) == [("referral-received", "2026-12-25T16:30+00:00"),
                            ("strategy-discussion-held", "2026-12-30T10:00+00:00")]


def test_the_earliest_of_the_limits_that_apply_only_if_heads_the_answer():
    # The child seen, Section 47 not yet decided: 24 hours from the referral at 16:30 on Christmas
    # Eve end at 16:30 on Christmas Day; 24 hours from a discussion at 10:00 on Tuesday 29 December
    # end at 10:00 on Wednesday 30 December. The earlier heads, whatever order the clocks were found in.
    a = _one(PS, "strategy-discussion-held", "2026-12-29T10:00", earlier={"referral-received": XMAS})
    g = governing_for(a, "see-child")
    assert g["governs"] is None
    assert g["headline"] == ("Child seen: only if the discussion decided to start Section 47 enquiries: by 16:30 GMT "
                             "on Friday 25 December 2026 (24 hours)")
    assert [x["text"].rsplit(": ", 1)[1] for x in g["applies_if"]] == [
        "by 16:30 GMT on Friday 25 December 2026 (24 hours)", "by 10:00 GMT on Wednesday 30 December 2026 (24 hours)"]


def test_south_tyneside_45_working_days_from_the_referral_still_run_at_the_discussion():
    a = _one("south-tyneside-2016", "strategy-discussion-held", "2026-11-10T10:00")
    assert "st-assessment-decision-45-working-days" in [r["rule"] for r in a["running"]]


@pytest.mark.parametrize("rule", ["ps-initial-conference-15-working-days", "ps-section-47-complete-15-days",
                                  "ps-child-seen-24-hours"])
def test_section_47_clocks_have_not_started_when_the_discussion_will_meet_again(rule):
    a = _one(PS, "strategy-discussion-held", "2026-12-14T11:00", ["further-discussion-needed"])
    assert rule not in [d["rule"] for d in a["deadlines"]]
    [entry] = [n for n in a["not_running"] if n["rule"] == rule]
    assert "only if the discussion decided to start Section 47 enquiries" in entry["reason"]


def test_section_47_clocks_apply_only_if_when_the_decision_is_not_given():
    a = _one(PS, "strategy-discussion-held", "2026-12-14T11:00")
    conf = next(d for d in a["deadlines"] if d["rule"] == "ps-initial-conference-15-working-days")
    assert conf["role"] == "applies-if"
    started = _one(PS, "strategy-discussion-held", "2026-12-14T11:00", ["section-47-started"])
    conf = next(d for d in started["deadlines"] if d["rule"] == "ps-initial-conference-15-working-days")
    assert conf["role"] == "governs" and conf["due"] == "2027-01-07"


def test_devon_minutes_are_completed_and_authorised_not_sent_out():
    a = _one("devon-mash-2014", "strategy-discussion-held", "2026-11-24T10:00")
    minutes = next(d for d in a["deadlines"] if d["rule"] == "dv-minutes-and-plan-24-hours")
    assert minutes["duty"] == "complete-record"
    assert governing_for(a, "circulate-record") is None


@pytest.mark.parametrize("earlier, field", [
    ({"strategy-discussion-held": XMAS}, "earlier"),
    ({"referral-received": "2026-12-25T10:00"}, "earlier-at"),
    ({"referral-received": ""}, "earlier-at"),
    ({"nope": XMAS}, "earlier"),
])
def test_a_wrong_earlier_event_is_a_message_naming_the_field(earlier, field):
    with pytest.raises(InputErrors) as exc:
        deadlines(PS, "emergency-action", XMAS, [], earlier=earlier)
    assert [e.field for e in exc.value.errors] == [field]


def test_the_command_line_takes_an_earlier_event(capsys):
    assert cli_main(["deadlines", "--procedure", "peterborough-2012", "--event", "emergency-action", "--at", XMAS,
                     "--earlier", "referral-received=2026-12-24T10:00"]) == 0
    out = capsys.readouterr().out
    assert "Strategy discussion: by 10:00 GMT on Friday 25 December 2026 (24 hours)" in out
    assert cli_main(["deadlines", "--procedure", PS, "--event", "emergency-action", "--at", XMAS,
                     "--earlier", "referral-received"]) == 2
    assert "earlier" in capsys.readouterr().err


def _deadline_stages():
    for scenario in training.load_scenarios().values():
        for stage in scenario.stages:
            if stage.question.kind == "deadline":
                for procedure in scenario.procedures:
                    yield pytest.param(scenario.id, stage, procedure, id=f"{scenario.id}-{stage.id}-{procedure}")


@pytest.mark.parametrize("scenario, stage, procedure", list(_deadline_stages()))
def test_every_surface_gives_the_same_governing_limit(capsys, scenario, stage, procedure):
    q = stage.question
    engine = governing_for(_one(procedure, q.event, q.at, q.circumstances), q.duty)
    request = {"procedure": procedure, "event": q.event, "at": q.at, "circumstances": list(q.circumstances)}
    [web_answer] = json.loads(run("deadlines", json.dumps(request)))["answers"]
    args = ["deadlines", "--procedure", procedure, "--event", q.event, "--at", q.at, "--json"]
    for c in q.circumstances:
        args += ["--circumstance", c]
    assert cli_main(args) == 0
    cli_answer = json.loads(capsys.readouterr().out)
    expected = training.expected(scenario, stage.id, procedure)
    web = governing_for(web_answer, q.duty)
    cli = governing_for(cli_answer, q.duty)
    if engine is None:
        assert web is None and cli is None and expected["kind"] == training.NONE_SET
        return
    assert web == engine and cli == engine
    assert expected["governing"] == engine["governs"]
    assert expected["headline"] == engine["headline"]


# The issue's examples on the command line, readable output: the first line of the answer
# names what is due and by when, from the governing limit.
COMMAND_LINE_EXAMPLES = [
    (["--procedure", PS, "--event", "referral-received", "--at", XMAS, "--circumstance", "serious-harm",
      "--circumstance", "complex"], "Strategy discussion: by the end of Thursday 24 December 2026 (the same day)"),
    (["--procedure", PS, "--event", "emergency-action", "--at", XMAS],
     "Strategy discussion: by 16:30 GMT on Friday 25 December 2026 (24 hours)"),
    (["--procedure", PS, "--event", "referral-received", "--at", "2026-12-24T23:50", "--circumstance", "serious-harm"],
     "leaves only 10 minutes"),
    (["--procedure", "peterborough-2012", "--event", "emergency-action", "--at", XMAS],
     "Still running: strategy discussion within 24 hours from the referral"),
    (["--procedure", PS, "--event", "strategy-discussion-held", "--at", "2026-12-14T11:00",
      "--circumstance", "further-discussion-needed"], "Not running: ps-initial-conference-15-working-days"),
    (["--procedure", PS, "--event", "referral-received", "--at", XMAS],
     "Child seen: only if the discussion decided to start Section 47 enquiries: by 16:30 GMT on Friday 25"),
    (["--procedure", "devon-mash-2014", "--event", "strategy-discussion-held", "--at", "2026-11-24T10:00"],
     "Minutes completed and authorised: by 10:00 GMT on Wednesday 25 November 2026 (24 hours)"),
]


@pytest.mark.parametrize("args, words", COMMAND_LINE_EXAMPLES, ids=[w[:40] for _, w in COMMAND_LINE_EXAMPLES])
def test_the_issue_examples_on_the_command_line(capsys, args, words):
    assert cli_main(["deadlines", *args]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert words in out
