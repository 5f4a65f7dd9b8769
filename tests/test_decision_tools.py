"""The decision tools: every worked check in the rulebook, the errors, and silence.

Each `[[check]]` in procedures/*.toml names the facts and the lines the answer must
(and must not) contain; this file runs them all. One test module for every tool,
because they share one engine (calculators/guidance.py) and differ only in data.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from calculators.decision_tools import ADVISERS
from calculators.errors import InputErrors
from calculators.rulebook import load
from calculators.web import run
from repo_paths import ROOT

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
        facts["age"] = 7
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
        ("outcomes", "practice-standards-2025", {"chosen": ["section-47", "no-further-action"]}, "chosen"),
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


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "calculators", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


def test_cli_tool_json_and_errors():
    out = _cli("home-host", "--procedure", "practice-standards-2025", "--lives-here", "no", "--found-here", "yes",
               "--setting", "boarding-school", "--json")
    assert out.returncode == 0
    assert json.loads(out.stdout)["summary"]["id"] == "host"
    out = _cli("mash-routing", "--procedure", "devon-mash-2014", "--case-type", "other")
    assert out.returncode == 2 and "error: threshold-met:" in out.stderr and "Traceback" not in out.stderr


def test_cli_tool_readable_all():
    out = _cli("attendance", "--procedure", "all", "--facts", "physical-injury", "--age-group", "school-age")
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
