"""The case timeline's inputs (issue 16, item 2): every wrong one is named by its field, in
the engine, the page's entry point (ISO text or GOV.UK date boxes) and the command line."""

from __future__ import annotations

import json

import pytest

from added_procedure import NEW_ID, rulebook_with_template
from calculators.errors import InputErrors
from calculators.timeline import timeline
from calculators.web import run
from command_line import answering_from, cli

PS = "practice-standards-2025"
DISCUSSION = "strategy-discussion-held"
CHRISTMAS_EVE = "2026-12-24T16:30"


# ------------------------------------------------------------------ errors name their fields

ERROR_CASES = [
    ("a later event before the first", {DISCUSSION: "2026-12-20T10:00"}, "known-strategy-discussion-held"),
    ("a later event before the one it follows", {"emergency-action": "2026-12-28T10:00",
                                                  DISCUSSION: "2026-12-27T10:00"}, "known-strategy-discussion-held"),
    ("an event that does not follow", {"case-closed": "2026-12-28T10:00"}, "known"),
    ("an event the handbook does not know", {"nope": "2026-12-28T10:00"}, "known"),
    ("no time", {DISCUSSION: ""}, "known-strategy-discussion-held"),
    ("a time that cannot be read", {DISCUSSION: "tomorrow"}, "known-strategy-discussion-held"),
    ("the hour the clocks skip", {DISCUSSION: "2027-03-28T01:30"}, "known-strategy-discussion-held"),
    ("not a list of events", ["2026-12-28T10:00"], "known"),
]


@pytest.mark.parametrize(("name", "known", "field"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_a_wrong_later_time_names_its_field(name, known, field):
    with pytest.raises(InputErrors) as caught:
        timeline(PS, "referral-received", CHRISTMAS_EVE, (), known)
    assert [e.field for e in caught.value.errors] == [field]


def test_every_problem_is_named_at_once():
    with pytest.raises(InputErrors) as caught:
        timeline("nowhere", "referral-received", "2026-02-31T10:00", ["odd"], {DISCUSSION: "soon"})
    assert [e.field for e in caught.value.errors] == ["procedure", "at", "circumstances",
                                                       "known-strategy-discussion-held"]


def test_the_page_sends_date_boxes_and_gets_answers_and_views():
    boxes = {"day": "24", "month": "12", "year": "2026", "hour": "16", "minute": "30"}
    out = json.loads(run("timeline", json.dumps({
        "procedure": PS, "event": "referral-received", "at": boxes,
        "known": {DISCUSSION: {"day": "29", "month": "12", "year": "2026", "hour": "10", "minute": "00"},
                  "emergency-action": {"day": "", "month": "", "year": "", "hour": "", "minute": ""}}})))
    assert out["ok"] and out["answers"] == timeline(PS, "referral-received", CHRISTMAS_EVE, (),
                                                    {DISCUSSION: "2026-12-29T10:00"})
    assert out["views"][0]["stages"][1]["field"] == "known-strategy-discussion-held"


@pytest.mark.parametrize(("body", "fields"), [
    ({"known": {DISCUSSION: {"day": "29", "month": "12", "year": "", "hour": "10", "minute": "00"}}},
     ["known-strategy-discussion-held"]),
    ({"at": {"day": "31", "month": "2", "year": "2026", "hour": "1", "minute": "0"},
      "known": {DISCUSSION: "2026-12-29T10:00"}}, ["at"]),
    ({"known": "2026-12-29T10:00"}, ["known"]),
    ({"known": {DISCUSSION: ["2026"]}}, ["known"]),
], ids=["later-boxes", "first-boxes", "not-a-map", "not-a-time"])
def test_the_page_gets_each_wrong_field_named(body, fields):
    request = {"procedure": PS, "event": "referral-received", "at": CHRISTMAS_EVE, **body}
    out = json.loads(run("timeline", json.dumps(request)))
    assert not out["ok"] and [e["field"] for e in out["errors"]] == fields


def test_the_command_line_names_a_wrong_later_time():
    out = cli("timeline", "--procedure", PS, "--event", "referral-received", "--at", CHRISTMAS_EVE,
              "--known", "strategy-discussion-held")
    assert out.returncode == 2 and out.stderr.startswith("error: known:")
    out = cli("timeline", "--procedure", PS, "--event", "referral-received", "--at", CHRISTMAS_EVE,
              "--known", "strategy-discussion-held=2026-12-01T10:00")
    assert out.returncode == 2 and out.stderr.startswith("error: known-strategy-discussion-held:")


def test_the_command_line_and_the_page_give_the_same_data_the_added_procedure_too(tmp_path_factory):
    out = cli("timeline", "--procedure", "all", "--event", "referral-received", "--at", CHRISTMAS_EVE,
              "--known", f"{DISCUSSION}=2026-12-29T10:00", "--json")
    assert json.loads(out.stdout) == json.loads(json.dumps(
        timeline("all", "referral-received", CHRISTMAS_EVE, (), {DISCUSSION: "2026-12-29T10:00"})))
    book = rulebook_with_template(tmp_path_factory.mktemp("cli"))
    with answering_from(book):
        out = json.loads(run("timeline", json.dumps({"procedure": "all", "event": "referral-received",
                                                     "at": CHRISTMAS_EVE})))
    assert NEW_ID in [a["procedure"] for a in out["answers"]]
