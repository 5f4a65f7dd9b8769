"""The decision tools: every worked check in the rulebook, the errors, and silence.

Each `[[check]]` in procedures/*.toml names the facts and the lines the answer must
(and must not) contain; this file runs them all. One test module for every tool,
because they share one engine (calculators/guidance.py) and differ only in data.
"""

from __future__ import annotations

import json

import pytest

from calculators.decision_tools import ADVISERS
from calculators.errors import InputErrors
from calculators.rulebook import load
from calculators.web import run
from command_line import cli

RB = load()
CHECKS = [pytest.param(c, id=f"{c.procedure} {c.tool}: {c.name}") for p in RB.procedures.values() for c in p.checks]


@pytest.mark.parametrize("check", CHECKS)
def test_worked_check(check):
    [answer] = ADVISERS[check.tool](check.procedure, check.facts)
    items = {line["item"]: line for line in answer["lines"]}
    for item in check.expect:
        assert item in items, f"{item} missing; got {sorted(items)}"
    for item in check.absent:
        assert item not in items, f"{item} should not apply"
    if check.summary:
        assert answer["summary"]["id"] == check.summary
    for item, due in check.due.items():
        assert items[item]["due"] == due
    for line in answer["lines"]:
        assert line["citation"]["document"] and line["citation"]["section"] and line["citation"]["quote"]


def test_every_guidance_item_is_exercised_by_a_check():
    expected = {i for p in RB.procedures.values() for c in p.checks for i in c.expect}
    unexercised = [g.id for p in RB.procedures.values() for g in p.guidance if g.id not in expected]
    assert not unexercised, f"guidance without a worked check: {unexercised}"


@pytest.mark.parametrize("slug", sorted(ADVISERS))
def test_every_tool_answers_every_procedure_or_says_it_is_silent(slug):
    tool = RB.tools[slug]
    facts = {}
    for fld in tool.fields:  # the least answers that pass validation
        if fld.required and not fld.required_unless:
            facts[fld.id] = {"yes-no": "yes", "choice": fld.options[0].id if fld.options else None,
                             "multi": [fld.options[-1].id] if fld.options else None}.get(fld.kind)
    if slug == "joint-investigation":
        facts.update(harm=["physical-injury-offence"], age=7)
    answers = ADVISERS[slug]("all", facts)
    assert [a["procedure"] for a in answers] == list(RB.procedures)
    for a in answers:
        assert a["lines"] or a["silent"], a["procedure"]
        assert "decision stays with the professionals" in a["caveat"]
        if a["silent"]:
            assert not a["lines"] and "does not borrow" in a["silent"]


@pytest.mark.parametrize(
    ("slug", "procedure", "facts", "field"),
    [
        ("joint-investigation", "practice-standards-2025", {}, "harm"),
        ("joint-investigation", "practice-standards-2025", {"harm": "single-minor-injury"}, "age"),
        ("joint-investigation", "practice-standards-2025", {"harm": "single-minor-injury", "age": 18}, "age"),
        ("joint-investigation", "practice-standards-2025", {"harm": "single-minor-injury", "age": "six"}, "age"),
        ("joint-investigation", "practice-standards-2025", {"harm": "alien-abduction", "age": 4}, "harm"),
        ("joint-investigation", "practice-standards-2025", {"harm": "adult-historical", "age": 4}, "age"),
        ("joint-investigation", "practice-standards-2025",
         {"harm": "intra-familial-sexual-offence", "age": 4, "stranger": "yes"}, "stranger"),
        ("seen-alone", "practice-standards-2025", {"seen-alone": "no", "reasons": ["unborn", "refusing"]}, "reasons"),
        ("seen-alone", "practice-standards-2025", {"seen-alone": "yes", "reasons": ["refusing"]}, "reasons"),
        ("seen-alone", "practice-standards-2025", {"seen-alone": "no"}, "reasons"),
        ("seen-alone", "practice-standards-2025", {"seen-alone": "maybe"}, "seen-alone"),
        ("seen-alone", "practice-standards-2025", {"seen-alone": "no", "reasons": ["unborn"], "other-reason": "x"},
         "other-reason"),
        ("attendance", "peterborough-2012", {"facts": ["physical-injury"], "age-group": "unborn"}, "facts"),
        ("home-host", "practice-standards-2025", {"lives-here": "no", "found-here": "no"}, "found-here"),
        ("home-host", "practice-standards-2025", {"lives-here": "no"}, "found-here"),
        ("missing-child", "practice-standards-2025", {"situation": ["whereabouts-unknown"]}, "at"),
        ("missing-child", "practice-standards-2025",
         {"situation": ["whereabouts-unknown"], "at": "2026-03-29T01:30"}, "at"),
        ("mash-routing", "devon-mash-2014", {"case-type": "new-referral-tier-2", "threshold-met": "yes",
                                             "closed-on": "2026-11-02", "referral-on": "2026-10-01"}, "referral-on"),
        ("mash-routing", "devon-mash-2014", {"case-type": "new-referral-tier-2", "threshold-met": "yes",
                                             "closed-on": "2026-02-30", "referral-on": "2026-10-01"}, "closed-on"),
        ("mash-routing", "devon-mash-2014", {"case-type": "new-referral-tier-2", "threshold-met": "yes",
                                             "closed-on": "2026-09-01"}, "referral-on"),
        ("outcomes", "peterborough-2012", {"chosen": ["section-47", "child-in-need"]}, "chosen"),
        ("outcomes", "nowhere", {}, "procedure"),
        ("attendance", "practice-standards-2025", {"colour": "red"}, "colour"),
    ],
)
def test_wrong_input_names_the_field_and_gives_no_answer(slug, procedure, facts, field):
    with pytest.raises(InputErrors) as exc:
        ADVISERS[slug](procedure, facts)
    assert field in [e.field for e in exc.value.errors]


def test_several_outcomes_are_allowed_in_practice_standards_but_alternatives_in_peterborough():
    [ps] = ADVISERS["outcomes"]("practice-standards-2025", {"chosen": ["section-47", "child-in-need"]})
    assert {"ps-oc-section-47", "ps-oc-child-in-need"} <= {line["item"] for line in ps["lines"]}
    answers = ADVISERS["outcomes"]("all", {"chosen": ["section-47", "child-in-need"]})
    pb = answers[0]
    assert any("alternatives" in w for w in pb["warnings"])


def test_outcomes_panel_lists_what_each_procedure_does_not():
    [pb] = ADVISERS["outcomes"]("peterborough-2012", {})
    assert any("does not list this outcome: a police investigation" in n for n in pb["not_addressed"])


def test_missing_child_deadline_comes_from_the_deadline_engine():
    [answer] = ADVISERS["missing-child"]("practice-standards-2025",
                                          {"situation": ["whereabouts-unknown"], "at": "2026-03-28T09:00"})
    lines = {line["item"]: line for line in answer["lines"]}
    assert lines["ps-mc-further-strategy-meeting"]["due"] == "2026-03-29T10:00+01:00"
    assert lines["ps-mc-further-strategy-meeting"]["rule"] == "ps-missing-further-strategy-meeting-24-hours"


def test_seen_alone_draft_uses_the_answers_and_marks_gaps():
    [answer] = ADVISERS["seen-alone"]("practice-standards-2025",
                                       {"seen-alone": "no", "reasons": ["other"], "other-reason": "parent objected"})
    assert "parent objected" in answer["record_draft"]
    assert "[who was present, and why]" in answer["record_draft"]
    assert "not one of the exceptions" in answer["record_draft"]


def test_web_runs_every_tool():
    out = json.loads(run("attendance", json.dumps({"procedure": "devon-mash-2014", "facts": {"facts": ["open-case"]}})))
    assert out["ok"] and out["answers"][0]["lines"]
    bad = json.loads(run("seen-alone", json.dumps({"procedure": "practice-standards-2025",
                                                     "facts": {"seen-alone": "no", "reasons": ["unborn", "refusing"]}})))
    assert bad == {"ok": False, "errors": [{"field": "reasons", "message": bad["errors"][0]["message"]}]}


def _recap(slug, facts, procedure="all"):
    out = json.loads(run(slug, json.dumps({"procedure": procedure, "facts": facts})))
    assert out["ok"], out
    return [(line["lead"], line["value"]) for line in out["recap"]]


def test_the_question_asked_is_worded_in_python_in_the_forms_words():
    """The recap above a decision tool's answer: each question answered, in the form's order,
    its label (a colon added unless it ends in one or a question mark) and its answer in the
    form's words: option labels, Yes or No, a date written out, a time on the 24-hour clock."""
    rb = load()
    harm = rb.tools["joint-investigation"].field("harm")
    harms = [o for o in harm.options if o.id in ("sudden-unexpected-death", "physical-injury-offence")]
    assert _recap("joint-investigation", {"age": "6", "harm": [o.id for o in harms], "stranger": "no"}) == [
        ("What is alleged or suspected? ", "; ".join(o.label for o in harms)),
        ("The child's age in years: ", "6"),
        ("The alleged offender is not known to the child or the family (stranger abuse): ", "No"),
    ]
    assert _recap("missing-child", {"situation": ["whereabouts-unknown"],
                                    "at": {"day": "6", "month": "3", "year": "2026", "hour": "9", "minute": "5"}},
                  "practice-standards-2025")[1] == ("When did the child's whereabouts become unknown? ", "6 March 2026 at 09:05")
    recap = _recap("mash-routing", {"case-type": "new-referral-tier-2", "threshold-met": "no",
                                    "referral-on": {"day": "02", "month": "11", "year": "2026"}}, "devon-mash-2014")
    assert ("The date of the new referral: ", "2 November 2026") in recap
    assert ("Is the threshold for a strategy discussion met? ", "No") in recap
    # What was typed in a text box only ever goes into the draft: it is not repeated.
    recap = _recap("seen-alone", {"seen-alone": "no", "reasons": ["other"], "other-reason": "parent objected"},
                   "practice-standards-2025")
    assert all("parent objected" not in value for _, value in recap)
    assert _recap("outcomes", {}) == [("No question answered.", "")]


def test_cli_tool_json_and_errors():
    out = cli("home-host", "--procedure", "practice-standards-2025", "--lives-here", "no", "--found-here", "yes",
               "--setting", "boarding-school", "--json")
    assert out.returncode == 0
    assert json.loads(out.stdout)["summary"]["id"] == "host"
    out = cli("mash-routing", "--procedure", "devon-mash-2014", "--case-type", "other")
    assert out.returncode == 2 and "error: threshold-met:" in out.stderr and "Traceback" not in out.stderr


def test_cli_tool_readable_all():
    out = cli("attendance", "--procedure", "all", "--facts", "physical-injury", "--age-group", "school-age")
    assert out.returncode == 0
    assert "paediatrician" in out.stdout.lower() and "Source:" in out.stdout


@pytest.mark.parametrize("check", CHECKS)
def test_headlines_are_declared_in_the_tool(check):
    tool = RB.tools[check.tool]
    [answer] = ADVISERS[check.tool](check.procedure, check.facts)
    if answer["summary"] and tool.headlines:
        assert answer["summary"]["id"] in {h.id for h in tool.headlines}
    if check.summary:
        assert tool.headlines, f"{check.tool} gives a headline but declares none in tools.toml"


# ------------------------------------------------------------------ issue 14, gaps 5 and 6: the
# decision tools. Every example runs on the command line, as a person would.

def _json(*args):
    out = cli(*args, "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _items(answer):
    return [line["item"] for line in answer["lines"]]


def test_several_harms_are_all_kept_and_the_most_demanding_governs():
    answer = _json("joint-investigation", "--procedure", "practice-standards-2025", "--harm",
                   "intra-familial-sexual-offence", "--harm", "single-minor-injury", "--age", "9")
    assert answer["summary"]["id"] == "must"
    # Both harms' lines are shown (the last --harm no longer wins), and the other harm is named.
    assert {"ps-ji-must-intra-familial-sexual-offence", "ps-ji-weigh-minor-injury"} <= set(_items(answer))
    assert "a minor injury (a single incident) would give" in answer["summary"]["text"]
    assert [f["id"] for f in answer["factors"]][0] == "vulnerability"
    out = cli("joint-investigation", "--procedure", "practice-standards-2025", "--harm",
               "intra-familial-sexual-offence", "--harm", "single-minor-injury", "--age", "9")
    assert out.stdout.count("Answer: A joint investigation must be started.") == 1


@pytest.mark.parametrize("harms", [["physical-injury-offence"], ["sudden-unexpected-death", "serious-neglect-offence"],
                                   ["adult-historical"]])
def test_factors_without_a_minor_injury_are_refused_at_their_field(harms):
    args = [a for h in harms for a in ("--harm", h)] + (["--age", "4"] if harms != ["adult-historical"] else [])
    out = cli("joint-investigation", "--procedure", "all", *args, "--factors", "weapon")
    assert out.returncode == 2 and "error: factors:" in out.stderr and out.stdout == ""


def test_factors_a_procedure_does_not_set_are_explained():
    [pb] = ADVISERS["joint-investigation"]("peterborough-2012", {"harm": ["single-minor-injury"], "age": 6,
                                                                  "factors": ["weapon"]})
    assert any("lists no factors" in n and "For a minor injury" in n for n in pb["not_addressed"])


@pytest.mark.parametrize("status", ["looked-after", "child-protection-plan"])
def test_a_child_looked_after_or_on_a_plan_still_sees_the_factors(status):
    answer = _json("joint-investigation", "--procedure", "practice-standards-2025", "--harm", "single-minor-injury",
                   "--age", "6", "--status", status, "--factors", "weapon")
    assert answer["summary"]["id"] == "consider"
    assert [f["id"] for f in answer["factors"] if f["present"]] == ["weapon"]
    assert "ps-ji-factors-for-other-minor-injuries" in _items(answer)


def test_an_adults_allegation_with_current_concerns_is_not_a_procedure_without_a_list():
    answer = _json("joint-investigation", "--procedure", "practice-standards-2025", "--harm", "adult-historical",
                   "--current-concerns", "yes")
    assert answer["summary"]["id"] == "not-on-list"
    assert "sets no list" not in json.dumps(answer)
    with_child = _json("joint-investigation", "--procedure", "practice-standards-2025", "--harm", "adult-historical",
                       "--harm", "intra-familial-sexual-offence", "--age", "9", "--current-concerns", "yes")
    assert with_child["summary"]["id"] == "must"
    out = cli("joint-investigation", "--procedure", "practice-standards-2025", "--harm", "adult-historical",
               "--harm", "intra-familial-sexual-offence", "--age", "9")
    assert out.returncode == 2 and "error: current-concerns:" in out.stderr
    out = cli("joint-investigation", "--procedure", "practice-standards-2025", "--harm", "adult-historical",
               "--harm", "intra-familial-sexual-offence", "--current-concerns", "yes")
    assert out.returncode == 2 and "error: age:" in out.stderr


def test_headlines_follow_the_data_and_are_never_repeated():
    tool = RB.tools["joint-investigation"]
    assert tool.headline("consider").label == "A joint investigation should be considered"
    for p in RB.procedures.values():
        for c in p.checks:
            for answer in ADVISERS[c.tool](c.procedure, c.facts):
                s = answer["summary"]
                if not s:
                    continue
                assert s["label"] == RB.tools[c.tool].headline(s["id"]).label
                label = s["label"].rstrip(".").lower()
                assert label not in s["text"].lower(), (c.name, s)
                assert all(line["level_label"].rstrip(".").lower() != label for line in answer["lines"]), c.name


_RANK = list(__import__("calculators.strength", fromlist=["STRENGTHS"]).STRENGTHS)


@pytest.mark.parametrize("check", CHECKS)
def test_a_headline_is_never_stronger_than_the_lines_it_sums_up(check):
    [answer] = ADVISERS[check.tool](check.procedure, check.facts)
    if not answer["summary"]:
        return
    headline = RB.tools[check.tool].headline(answer["summary"]["id"])
    if not headline.strength:
        return
    guidance = {g.id: g for g in RB.procedures[check.procedure].guidance}
    strengths = [guidance[ln["item"]].strength for ln in answer["lines"] if ln["level"] == headline.level]
    assert strengths, f"{headline.id} sums up no line"
    strongest = min(_RANK.index(s) for s in strengths if s)
    assert _RANK.index(headline.strength) >= strongest, (headline.id, headline.strength, strengths)


def test_seen_alone_yes_with_who_was_present_keeps_the_words():
    out = cli("seen-alone", "--procedure", "practice-standards-2025", "--seen-alone", "yes", "--present",
               "Her aunt, at the first visit.", "--dates-seen-alone", "2 and 9 March 2026.")
    assert out.returncode == 0
    answer = _json("seen-alone", "--procedure", "practice-standards-2025", "--seen-alone", "yes", "--present",
                   "Her aunt, at the first visit.", "--dates-seen-alone", "2 and 9 March 2026.")
    draft = answer["record_draft"]
    assert "on 2 and 9 March 2026. " in draft and "Her aunt, at the first visit." in draft
    assert ".." not in draft
    assert any("If not seen alone: who was present" in w for w in answer["warnings"])


def test_seen_alone_no_with_dates_keeps_the_dates():
    answer = _json("seen-alone", "--procedure", "practice-standards-2025", "--seen-alone", "no", "--reasons",
                   "refusing", "--dates-seen-alone", "4 March 2026")
    assert "4 March 2026" in answer["record_draft"]
    assert any("Dates the child was seen alone" in w for w in answer["warnings"])


def test_seen_alone_draft_never_doubles_a_full_stop_and_keeps_text_where_a_procedure_is_silent():
    answers = _json("seen-alone", "--procedure", "all", "--seen-alone", "no", "--reasons", "other", "--other-reason",
                    "Mother objected.", "--present", "Mother.", "--other-children", "no")
    for a in answers:
        assert ".." not in a["record_draft"] and ".)" not in a["record_draft"]
        assert "Mother objected" in a["record_draft"] and "no other children" in a["record_draft"]


def test_practice_standards_accept_section_47_with_no_further_action_for_a_sibling():
    answer = _json("outcomes", "--procedure", "practice-standards-2025", "--chosen", "section-47", "--chosen",
                   "no-further-action")
    assert {"ps-oc-section-47", "ps-oc-no-further-action", "ps-oc-several-allowed"} <= set(_items(answer))


@pytest.mark.parametrize("pair", [("section-47", "no-further-action"), ("section-47", "child-in-need"),
                                  ("section-47", "signpost"), ("child-in-need", "no-further-action"),
                                  ("child-in-need", "signpost"), ("signpost", "no-further-action"),
                                  ("further-discussion", "section-47"), ("further-discussion", "no-further-action")])
def test_peterborough_refuses_outcomes_it_sets_out_as_alternatives(pair):
    out = cli("outcomes", "--procedure", "peterborough-2012", "--chosen", pair[0], "--chosen", pair[1])
    assert out.returncode == 2 and "error: chosen:" in out.stderr and "alternatives" in out.stderr
    # Side by side, Peterborough's answer carries the same words as a warning.
    [pb] = [a for a in _json("outcomes", "--procedure", "all", "--chosen", pair[0], "--chosen", pair[1])
            if a["procedure"] == "peterborough-2012"]
    assert any("alternatives" in w for w in pb["warnings"])


def test_outcomes_combine_is_a_statement_of_each_procedure_with_its_citation():
    stated = {p.id: g for p in RB.procedures.values() for g in p.guidance if g.combine}
    assert {pid: g.combine.allowed for pid, g in stated.items()} == {"peterborough-2012": False,
                                                                      "practice-standards-2025": True}
    assert all(g.citation.quote for g in stated.values())
    assert not [c for c in RB.tools["outcomes"].conflicts if any(w.startswith("chosen=") for w in c.when)]
    # The reference panel (nothing chosen) is never refused or warned.
    assert all(not a["warnings"] for a in ADVISERS["outcomes"]("all", {}))


@pytest.mark.parametrize(("args", "item"), [
    (["--case-type", "other", "--threshold-met", "yes", "--outcome", "section-47-joint"], "dv-mr-other-case"),
    (["--case-type", "new-referral-tier-2", "--threshold-met", "no"], "dv-mr-threshold-not-met"),
    (["--case-type", "new-referral-tier-2", "--threshold-met", "yes", "--referral-on", "2014-10-05"],
     "dv-mr-before-arrangements"),
    (["--case-type", "new-referral-tier-2", "--threshold-met", "yes", "--closed-on", "2014-09-01",
      "--referral-on", "2014-09-30", "--mash-manager-available", "yes"], "dv-mr-before-arrangements"),
])
def test_mash_routing_outside_its_source_names_no_route_chair_or_8_week_rule(args, item):
    answer = _json("mash-routing", "--procedure", "devon-mash-2014", *args)
    assert _items(answer) == [item]
    assert {line["level"] for line in answer["lines"]} == {"outside"}
    text = " ".join(cli("mash-routing", "--procedure", "devon-mash-2014", *args).stdout.split())
    assert "Who chairs:" not in text and "Where the case goes:" not in text and "does not cover" in text


def test_mash_routing_from_6_october_2014_names_the_route():
    answer = _json("mash-routing", "--procedure", "devon-mash-2014", "--case-type", "new-referral-tier-2",
                   "--threshold-met", "yes", "--referral-on", "2014-10-06")
    assert "dv-mr-new-referral" in _items(answer) and "dv-mr-before-arrangements" not in _items(answer)


def test_devon_home_and_host_shows_only_what_its_source_covers():
    answer = _json("home-host", "--procedure", "devon-mash-2014", "--lives-here", "yes", "--found-here", "no")
    assert _items(answer) == ["dv-hh-harmed-elsewhere-not-covered"] and answer["summary"] is None
