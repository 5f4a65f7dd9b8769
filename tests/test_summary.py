"""The summary table that opens an answer for every procedure (calculators/summary.py, web.py)."""

from __future__ import annotations

import json

from calculators import strength, summary, web

CHRISTMAS_EVE = {"procedure": "all", "event": "referral-received", "at": "2026-12-24T16:30"}


def _ask(tool: str, request: dict) -> dict:
    return json.loads(web.run(tool, json.dumps(request)))


def test_all_procedures_open_with_one_row_per_procedure_and_duty() -> None:
    response = _ask("deadlines", CHRISTMAS_EVE)
    table = response["summary"]
    assert table["columns"] == list(summary.DEADLINE_COLUMNS)
    headings = [row["heading"] for row in table["rows"]]
    # Every procedure has a row, by its short name and year, in the answers' order.
    assert list(dict.fromkeys(headings)) == [a["procedure_short_title"] for a in response["answers"]]
    first = table["rows"][0]
    assert first == {"procedure": "peterborough-2012", "heading": "Peterborough (2012)", "what": "Strategy discussion",
                     "when": "Must: by 16:30 GMT on Friday 25 December 2026 (24 hours)",
                     "due": "2026-12-25T16:30+00:00", "governs": "pb-initial-discussion-24-hours"}
    standards = [r for r in table["rows"] if r["procedure"] == "practice-standards-2025"]
    # Each row says how strongly its source puts the governing limit: Peterborough's "will"
    # is a must, the practice standards' 3 working days a should.
    assert standards[0]["when"] == "Should: by the end of Thursday 31 December 2026 (3 working days)"
    devon = [r for r in table["rows"] if r["procedure"] == "devon-mash-2014"]
    assert devon == [{"procedure": "devon-mash-2014", "heading": "Devon MASH (2014)", "what": summary.NOTHING_SET,
                      "when": summary.NO_TIMESCALE, "due": "", "governs": ""}]


def test_the_governing_date_matches_the_headline_of_each_duty() -> None:
    response = _ask("deadlines", CHRISTMAS_EVE)
    headlines = [g["headline"] for a in response["answers"] for g in a["governing"]]
    rows = [r for r in response["summary"]["rows"] if r["what"] != summary.NOTHING_SET]
    shown = []
    for r in rows:
        force = next((w for w in strength.SHORT.values() if r["when"].startswith(f"{w}: ")), None)
        when = r["when"].removeprefix(f"{force}: ") if force else r["when"][0].lower() + r["when"][1:]
        shown.append(f"{r['what']}: {when}")
    assert shown == headlines


def test_a_duty_with_only_conditional_limits_keeps_its_sources_force() -> None:
    """The practice standards' child seen within 24 hours applies only once the discussion
    decided on Section 47 enquiries, so no limit governs outright; its row still says "should",
    as the source does ("The child should be seen within 24 hours")."""
    rows = _ask("deadlines", CHRISTMAS_EVE)["summary"]["rows"]
    [seen] = [r for r in rows if r["procedure"] == "practice-standards-2025" and r["what"] == "Child seen"]
    assert seen["when"].startswith("Should: only if the discussion decided to start Section 47 enquiries: by ")


def test_one_procedure_has_no_summary_table() -> None:
    response = _ask("deadlines", {**CHRISTMAS_EVE, "procedure": "practice-standards-2025"})
    assert response["ok"] and "summary" not in response


def test_decision_tool_all_gives_each_procedures_headline() -> None:
    response = _ask("seen-alone", {"procedure": "all", "facts": {"seen-alone": True}})
    rows = response["summary"]["rows"]
    assert [r["heading"] for r in rows] == [a["procedure_short_title"] for a in response["answers"]]
    assert rows[0]["what"] == "Seen alone: record the dates."
    assert rows[-1]["what"] == summary.SAYS_NOTHING
    assert response["summary"]["columns"] == list(summary.DECISION_COLUMNS)


def test_summary_lines_read_as_plain_text() -> None:
    lines = summary.summary_lines(_ask("deadlines", CHRISTMAS_EVE)["summary"])
    assert lines[0] == summary.DEADLINE_TITLE
    assert lines[1] == "Peterborough (2012): Strategy discussion: Must: by 16:30 GMT on Friday 25 December 2026 (24 hours)"
