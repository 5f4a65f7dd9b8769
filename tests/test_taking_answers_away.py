"""Taking an answer away (issue 16, item 5): the answer as plain text, and the timeline's
dates as a calendar file, both composed in Python and handed to the page by ``web.run``.

The command line prints the same text (``answer_text``), so the words exist once; the
calendar file is read back with ``icalendar`` (a well-kept parser, not a regex) and must
hold every date the timeline's headlines give.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import icalendar
import pytest

from calculators import answer_text, calendar_file, web
from command_line import cli

CHRISTMAS_EVE = {"event": "referral-received", "at": "2026-12-24T16:30"}
PROCEDURES = ["practice-standards-2025", "all"]
KNOWN = {"strategy-discussion-held": "2026-12-29T10:00"}


def _flat(text: str) -> str:
    return "".join(text.split())


def _ask(tool: str, **request) -> dict:
    response = json.loads(web.run(tool, json.dumps(request)))
    assert response["ok"], response
    return response


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_the_command_line_prints_the_text_the_page_copies(procedure):
    response = _ask("timeline", procedure=procedure, **CHRISTMAS_EVE)
    out = cli("timeline", "--procedure", procedure, "--event", "referral-received", "--at", "2026-12-24T16:30")
    assert out.returncode == 0
    # The same paragraphs: the command line wraps them (also at hyphens), the copy does not.
    assert _flat(out.stdout) in _flat(response["text"])
    deadline = _ask("deadlines", procedure=procedure, **CHRISTMAS_EVE)
    out = cli("deadlines", "--procedure", procedure, "--event", "referral-received", "--at", "2026-12-24T16:30")
    assert _flat(out.stdout) in _flat(deadline["text"])


def test_the_copied_text_holds_the_question_the_dates_the_rules_and_citations():
    response = _ask("timeline", procedure="practice-standards-2025", **CHRISTMAS_EVE)
    text, view = response["text"], response["views"][0]
    lines = text.splitlines()
    assert lines[0].startswith("Practice standards (2025): ")
    for line in view["recap"]:
        assert line in lines
    steps = [s for st in view["stages"] for s in st["steps"]]
    for step in steps:
        assert step["headline"] in text
        for lim in step["limits"]:
            assert f"Rule {lim['rule']}. {lim['citation']['text']}" in text
    assert "Source: Practice standards (2025)" in text
    assert ".txt" not in text  # readers never see a storage file's name
    assert lines[-1].startswith("Worked out by the Strategy Discussion Handbook, rulebook version")
    # Unwrapped: one paragraph, one line (a case-notes box wraps it itself).
    assert max(len(line) for line in lines) > answer_text.WIDTH


def test_wrap_leaves_a_paragraph_whole_without_a_width():
    words = "word " * 40
    assert answer_text.wrap(words.strip(), "  ", None) == "  " + words.strip()
    assert len(answer_text.wrap(words.strip(), "  ").splitlines()) > 1


def _events(ics: str) -> list:
    cal = icalendar.Calendar.from_ical(ics)
    return [c for c in cal.walk() if c.name == "VEVENT"]


def _dtstart(ev) -> str:
    """The event's start as the timeline gives due times: a day, or an instant compared in UTC."""
    start = ev.decoded("DTSTART")
    if isinstance(start, datetime):
        return start.astimezone(timezone.utc).isoformat()
    assert isinstance(start, date)
    return start.isoformat()


def _due_key(due: str) -> str:
    return datetime.fromisoformat(due).astimezone(timezone.utc).isoformat() if "T" in due else due


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_the_calendar_file_parses_and_holds_the_timelines_dates(procedure):
    response = _ask("timeline", procedure=procedure, **CHRISTMAS_EVE)
    ics = response["calendar"]["text"]
    assert response["calendar"]["file_name"] == "case-timeline.ics"
    assert all(line.endswith("\r") for line in ics.split("\n")[:-1])  # CRLF throughout
    assert all(len(line.encode()) <= 76 for line in ics.split("\r\n"))  # folded at 75 octets (+ the space)
    events = _events(ics)
    got = {(str(ev["SUMMARY"]), _dtstart(ev)) for ev in events}
    expected = set()
    for answer, view in zip(response["answers"], response["views"]):
        for stage, stage_view in zip(answer["stages"], view["stages"]):
            for step, step_view in zip(stage["steps"], stage_view["steps"]):
                due = calendar_file.step_due(step)
                if due:
                    expected.add((f"{view['heading']}: {step_view['headline']}", _due_key(due)))
    assert expected and got == expected
    # The Christmas Eve question's three dates, as the engine gives them, are in the file.
    for answer in response["answers"]:
        for duty in ("hold-strategy-discussion", "circulate-record", "hold-initial-conference"):
            dues = [calendar_file.step_due(s) for st in answer["stages"] for s in st["steps"] if s["duty"] == duty]
            for due in filter(None, dues):
                assert _due_key(due) in {d for _, d in got}
    assert len({str(ev["UID"]) for ev in events}) == len(events)


def test_the_calendar_file_is_the_same_for_the_same_question():
    first = _ask("timeline", procedure="all", **CHRISTMAS_EVE)["calendar"]["text"]
    again = _ask("timeline", procedure="all", **CHRISTMAS_EVE)["calendar"]["text"]
    assert first == again
    cal = icalendar.Calendar.from_ical(first)
    stamps = {ev.decoded("DTSTAMP") for ev in cal.walk("VEVENT")}
    assert stamps == {datetime(2026, 12, 24, 16, 30, tzinfo=timezone.utc)}  # the question's time, not the clock's


def test_a_known_time_moves_the_calendar_dates():
    before = _events(_ask("timeline", procedure="practice-standards-2025", **CHRISTMAS_EVE)["calendar"]["text"])
    after_response = _ask("timeline", procedure="practice-standards-2025", known={"strategy-discussion-held": "2026-12-29T10:00"},
                          **CHRISTMAS_EVE)
    after = _events(after_response["calendar"]["text"])
    record = [s for st in after_response["answers"][0]["stages"] for s in st["steps"] if s["duty"] == "circulate-record"][0]
    assert _due_key(calendar_file.step_due(record)) in {_dtstart(ev) for ev in after}
    assert {_dtstart(ev) for ev in before} != {_dtstart(ev) for ev in after}


def test_text_escaping_and_folding_survive_a_parser():
    text = "A; b, c\\ d\nnew line — “quoted” " + "é" * 80
    line = "DESCRIPTION:" + calendar_file._escape(text)
    folded = calendar_file._fold(line)
    assert all(len(part.encode()) <= 75 for part in folded)
    ics = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x", "BEGIN:VEVENT", "UID:1", "DTSTAMP:20260101T000000Z",
                       "DTSTART;VALUE=DATE:20260101", *folded, "END:VEVENT", "END:VCALENDAR"]) + "\r\n"
    assert str(_events(ics)[0]["DESCRIPTION"]) == text


def test_a_decision_tools_answer_is_copied_as_the_command_line_prints_it():
    response = _ask("joint-investigation", procedure="all", facts={"harm": ["single-minor-injury"], "age": "6"})
    out = cli("joint-investigation", "--procedure", "all", "--harm", "single-minor-injury", "--age", "6")
    assert out.returncode == 0
    assert _flat(out.stdout) in _flat(response["text"])
    assert "Source: " in response["text"]


def test_check_your_answers_rows_name_their_fields():
    timeline = _ask("timeline", procedure="all", known=KNOWN, **CHRISTMAS_EVE)
    assert [r["field"] for r in timeline["check"]] == ["procedure", "event", "at", "circumstances",
                                                       "known-strategy-discussion-held"]
    assert timeline["check"][0]["value"] == "All procedures"
    assert timeline["check"][2]["value"] == timeline["answers"][0]["at_text"]
    deadline = _ask("deadlines", procedure="practice-standards-2025", event="emergency-action", at="2026-12-24T16:30",
                    earlier={"referral-received": "2026-12-24T10:00"})
    assert [r["field"] for r in deadline["check"]] == ["procedure", "event", "at", "circumstances", "earlier"]
    assert deadline["check"][0]["value"] == "Practice standards (2025)"


def test_a_decision_tools_question_comes_back_with_a_change_link_for_each_answer():
    """The check-your-answers rows of a decision tool: the procedure, then each question answered,
    in the form's order and words, each naming its field."""
    response = _ask("joint-investigation", procedure="all", facts={"harm": ["fabricated-induced-illness"], "age": 4})
    rows = response["check"]
    assert rows[0] == {"field": "procedure", "key": "Procedure", "value": "All procedures"}
    assert [r["field"] for r in rows[1:]] == ["harm", "age"]
    assert rows[1]["key"] == "What is alleged or suspected?" and rows[1]["value"] == "Fabricated or induced illness"
    assert rows[2] == {"field": "age", "key": "The child's age in years", "value": "4"}
