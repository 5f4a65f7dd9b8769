"""The worked example of docs/adding-a-procedure.md, built by the test: the template,
copied into a copy of the rulebook as a new partnership's file, passes ``check`` and
appears everywhere a procedure does, with no other file changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from added_procedure import NEW_ID, rulebook_with_template
from calculators.rulebook import TEMPLATE, load, load_from
from calculators.web import run
from command_line import answering_from, cli
from repo_paths import ROOT


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    """A copy of the rulebook with the template added as a procedure (the page's steps 1 and 2)."""
    return rulebook_with_template(tmp_path_factory.mktemp("rulebook"))


def test_the_template_passes_check():
    done = cli("check", str(ROOT / "procedures" / TEMPLATE))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no problems found" in done.stdout


def test_the_new_procedure_passes_check_and_loads_in_its_order(book):
    done = cli("check", str(book / "partnerships" / f"{NEW_ID}.toml"), "--rulebook", str(book))
    assert done.returncode == 0, done.stdout + done.stderr
    rb = load_from(book)
    assert list(rb.procedures)[-1] == NEW_ID  # order = 99 comes last
    assert set(rb.procedures) == set(load().procedures) | {NEW_ID}


def test_it_is_in_list(book):
    data = json.loads(cli("list", "--json", book=book).stdout)
    assert NEW_ID in [p["id"] for p in data["procedures"]]
    assert "Example (2026)" in cli("list", book=book).stdout


def test_it_is_in_deadlines_for_all_procedures(book):
    done = cli("deadlines", "--procedure", "all", "--event", "referral-received", "--at", "2026-03-05T10:00",
               "--json", book=book)
    assert done.returncode == 0, done.stderr
    answers = {a["procedure"]: a for a in json.loads(done.stdout)}
    assert [d["rule"] for d in answers[NEW_ID]["deadlines"]] == ["ex-strategy-discussion-3-working-days"]
    assert answers[NEW_ID]["deadlines"][0]["due"] == "2026-03-10"


def test_it_is_in_every_decision_tool_and_silent_where_it_has_no_lines(book):
    """Each tool asked for all procedures, with the facts of an existing worked check."""
    rb = load_from(book)
    requests = {}
    for tool_id, tool in rb.tools.items():
        if getattr(tool, "kind", "advice") != "advice":
            continue
        check = next(c for p in rb.procedures.values() for c in p.checks if c.tool == tool_id)
        requests[tool_id] = {"procedure": "all", "facts": check.facts}
    with answering_from(book):
        outs = {t: json.loads(run(t, json.dumps(r, default=str))) for t, r in requests.items()}
    for tool_id, out in outs.items():
        assert out["ok"], (tool_id, out)
        ours = {a["procedure"]: a for a in out["answers"]}[NEW_ID]
        if tool_id == "attendance":
            assert "Children's social care and the police" in json.dumps(ours["lines"])
        else:
            assert ours["silent"] and not ours["lines"], tool_id


def test_it_changes_no_recorded_answer(book):
    """tests/golden/answers.json needs no refresh for a procedure added beside the others."""
    import golden_answers

    recorded = golden_answers.GOLDEN.read_text(encoding="utf-8")
    with answering_from(book):
        assert NEW_ID in load().procedures
        now = golden_answers.dumps(golden_answers.golden(json.loads(recorded)["procedures"]))
    assert now == recorded
