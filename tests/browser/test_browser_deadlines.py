"""The "When is it due?" tool in the real page: worked examples, CPython parity, errors, keyboard."""

from __future__ import annotations

import json

import pytest
from deadline_form import fill, read_answer, read_errors, reset, split_at, submit
from page_checks import FOCUSED
from wrong_input import deadline_cases

from calculators.rulebook import load
from calculators.web import run

RULEBOOK = load()
EXAMPLES = [(rule, i, ex) for rule in RULEBOOK.all_rules() for i, ex in enumerate(rule.examples)]


def python_answer(request: dict) -> dict:
    return json.loads(run("deadlines", json.dumps(request)))


def project_python(answers: list[dict]) -> list[tuple]:
    return [
        (
            a["procedure"],
            [g["headline"] for g in a["governing"]],
            [(d["rule"], d["due"] or "", d["role"], [[r["unit"], r["due"]] for r in d["readings"] or []])
             for d in a["deadlines"]],
            [r["rule"] for r in a["running"]],
            [r["rule"] for r in a["not_running"]],
            a["silent"],
            a["warnings"],
        )
        for a in answers
    ]


def project_page(answers: list[dict]) -> list[tuple]:
    return [
        (a["procedure"], a["headlines"], [(d["rule"], d["due"], d["role"], d["readings"]) for d in a["deadlines"]],
         a["running"], a["not_running"], a["silent"], a["warnings"])
        for a in answers
    ]


def assert_same_as_python(page, request: dict) -> list[dict]:
    """The page's answer, rule by rule and date by date, is CPython's answer."""
    shown = read_answer(page)
    expected = python_answer(request)
    assert expected["ok"], expected
    assert project_page(shown) == project_python(expected["answers"])
    for page_answer, py_answer in zip(shown, expected["answers"]):
        for d_page, d_py in zip(page_answer["deadlines"], py_answer["deadlines"]):
            if d_py["readings"]:
                for r in d_py["readings"]:
                    assert r["due_text"] in d_page["text"]
            else:
                assert d_py["due_text"] in d_page["text"]
            assert d_py["citation"]["section"] in d_page["text"]
    return shown


@pytest.mark.parametrize("rule, index, example", EXAMPLES, ids=[f"{r.id}-{i}" for r, i, _ in EXAMPLES])
def test_worked_example_typed_into_the_page(tool_page, rule, index, example):
    fill(tool_page, rule.procedure, example.event, example.at, example.circumstances)
    assert submit(tool_page) == "answer", read_errors(tool_page)
    request = {"procedure": rule.procedure, "event": example.event, "at": example.at,
               "circumstances": list(example.circumstances)}
    [answer] = assert_same_as_python(tool_page, request)
    found = [d for d in answer["deadlines"] if d["rule"] == rule.id]
    assert len(found) == 1, f"{rule.id} is not in the answer: {[d['rule'] for d in answer['deadlines']]}"
    shown = found[0]
    if example.readings:
        assert shown["due"] == ""
        assert dict(shown["readings"]) == example.readings
    else:
        assert shown["due"] == (example.due or "")


# The examples of issue 14, typed into the page: (request, what the page must show).
GOVERNING_CASES = {
    "christmas-eve-serious-and-complex": (
        {"procedure": "practice-standards-2025", "event": "referral-received", "at": "2026-12-24T16:30",
         "circumstances": ["serious-harm", "complex"]},
        {"governs": "ps-same-day-serious-harm",
         "also": ["ps-convene-3-working-days", "ps-complex-5-working-days"]}),
    "emergency-action-on-christmas-eve": (
        {"procedure": "practice-standards-2025", "event": "emergency-action", "at": "2026-12-24T16:30",
         "circumstances": []},
        {"governs": "ps-after-emergency-action-24-hours", "headline": "16:30 GMT on Friday 25 December 2026",
         "applies_if": ["ps-immediate-action-1-working-day"]}),
    "serious-harm-at-23-50": (
        {"procedure": "practice-standards-2025", "event": "referral-received", "at": "2026-12-24T23:50",
         "circumstances": ["serious-harm"]},
        {"governs": "ps-same-day-serious-harm", "warning": "ps-convene-3-working-days"}),
    "peterborough-after-emergency-action": (
        {"procedure": "peterborough-2012", "event": "emergency-action", "at": "2026-12-24T16:30",
         "circumstances": [], "earlier": {"referral-received": "2026-12-24T10:00"}},
        {"governs": "pb-initial-discussion-24-hours", "headline": "10:00 GMT on Friday 25 December 2026"}),
}


@pytest.mark.parametrize("name", GOVERNING_CASES)
def test_the_governing_limit_comes_first_in_the_page(tool_page, name):
    request, want = GOVERNING_CASES[name]
    earlier = next(iter(request.get("earlier", {}).items()), None)
    fill(tool_page, request["procedure"], request["event"], request["at"], request["circumstances"], earlier)
    assert submit(tool_page) == "answer", read_errors(tool_page)
    [answer] = assert_same_as_python(tool_page, request)
    first = answer["deadlines"][0]
    assert (first["rule"], first["role"]) == (want["governs"], "governs")
    if "also" in want:
        also = [d["rule"] for d in answer["deadlines"] if d["role"] == "also-applies"]
        assert also[:len(want["also"])] == want["also"]
    if "headline" in want:
        assert want["headline"] in answer["headlines"][0]
    if "applies_if" in want:
        assert [d["rule"] for d in answer["deadlines"] if d["role"] == "applies-if"] == want["applies_if"]
    if "warning" in want:
        assert any(want["warning"] in w for w in answer["warnings"])


def test_all_procedures_side_by_side(tool_page):
    rule, _, example = next((r, i, e) for r, i, e in EXAMPLES if r.timescale.unit == "working-days")
    fill(tool_page, "all", example.event, example.at, example.circumstances)
    assert submit(tool_page) == "answer"
    request = {"procedure": "all", "event": example.event, "at": example.at,
               "circumstances": list(example.circumstances)}
    shown = assert_same_as_python(tool_page, request)
    assert [a["procedure"] for a in shown] == list(RULEBOOK.procedures)


def test_only_the_chosen_procedures_circumstances_are_offered(tool_page):
    reset(tool_page)
    for proc in RULEBOOK.procedures.values():
        tool_page.select_option("#deadlines-procedure", proc.id)
        visible = tool_page.eval_on_selector_all(
            ".sdh-checkboxes__item:not([hidden]) input", "els => els.map(e => e.value)")
        assert visible == [c for c in RULEBOOK.circumstances if c in proc.circumstance_ids()]
        assert tool_page.locator("[data-no-circumstances]").is_visible() == (not visible)
    tool_page.select_option("#deadlines-procedure", "all")
    visible = tool_page.eval_on_selector_all(".sdh-checkboxes__item:not([hidden]) input", "els => els.map(e => e.value)")
    assert set(visible) == {c for p in RULEBOOK.procedures.values() for c in p.circumstance_ids()}


FIRST = next(iter(RULEBOOK.procedures))
EVENT = next(iter(RULEBOOK.events))

# The same cases as the Python tests (tests/cases/wrong_input.toml).
WRONG_INPUT = deadline_cases()


@pytest.mark.parametrize("name", WRONG_INPUT)
def test_wrong_input_shows_the_error_summary_and_the_message_at_the_field(tool_page, site_url, name):
    event, at, targets = WRONG_INPUT[name]
    fill(tool_page, FIRST, event, at if at != {} else None)
    if at == {}:
        for key in ("day", "month", "year", "hour", "minute"):
            assert tool_page.input_value(f"#deadlines-at-{key}") == ""
    assert submit(tool_page) == "errors"
    shown = read_errors(tool_page)
    assert shown["focused"] == "deadlines-error-summary"
    assert tool_page.locator("#deadlines-result").inner_text() == ""
    assert {item["target"] for item in shown["summary"]} == set(targets.values())
    for field, target in targets.items():
        [item] = [i for i in shown["summary"] if i["target"] == target]
        assert item["href"] == f"#{target}"
        assert shown["fields"][field]["error"], field
        assert item["text"] in shown["fields"][field]["message"]
        assert shown["fields"][field]["message"].startswith("Error:")
    for field, state in shown["fields"].items():
        if field not in targets:
            assert not state["error"] and not state["message"], field
    # Python's own words for every problem: the page sends the boxes as typed and checks nothing itself.
    boxes = split_at(at) if isinstance(at, str) else {k: at.get(k, "") for k in ("day", "month", "year", "hour", "minute")}
    boxes = {"offset": "", **{k: v for k, v in boxes.items() if k != "offset"}}
    expected = python_answer({"procedure": FIRST, "event": event or "", "at": boxes, "circumstances": []})
    assert not expected["ok"]
    assert sorted(i["text"] for i in shown["summary"]) == sorted(e["message"] for e in expected["errors"])
    # The summary's link takes focus to the field, and the address does not change.
    first = shown["summary"][0]
    tool_page.click(f"#deadlines-error-summary a[data-target='{first['target']}']")
    assert tool_page.evaluate("document.activeElement.id") == first["target"]
    assert tool_page.url == site_url + "timing/"


def test_the_repeated_hour_is_answered_once_the_offset_says_which(tool_page):
    fill(tool_page, FIRST, "referral-received", "2026-10-25T01:30+01:00")
    assert submit(tool_page) == "answer"
    shown = assert_same_as_python(tool_page, {"procedure": FIRST, "event": "referral-received",
                                              "at": "2026-10-25T01:30+01:00", "circumstances": []})
    assert "BST" in shown[0]["text"] or "GMT" in shown[0]["text"]


def test_keyboard_only(shared_context, site_url):
    """Tab to the form, Space to choose, type the date, Enter to ask: with a visible focus at each stop."""
    page = shared_context.new_page()
    page.goto("timing/")
    from browser_support import wait_ready

    wait_ready(page)
    proc = RULEBOOK.procedures[FIRST]
    circumstance = proc.circumstance_ids()[0] if proc.circumstance_ids() else None
    at = {"day": "24", "month": "12", "year": "2026", "hour": "16", "minute": "30"}
    stops = []
    for _ in range(80):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUSED)
        if focus["inTool"]:
            stops.append(focus["id"])
            assert focus["visible"], f"no visible focus on {focus}"
        if focus["id"] == "deadlines-procedure":
            page.keyboard.press("ArrowDown")  # none is chosen at first: the first procedure
        if focus["id"].startswith("deadlines-event-"):
            page.keyboard.press("Space")  # the first radio of the group: nothing was chosen yet
        if focus["id"].startswith("deadlines-at-") and focus["id"] != "deadlines-at-offset":
            page.keyboard.type(at[focus["id"].removeprefix("deadlines-at-")])
        if circumstance and focus["id"] == f"deadlines-circumstance-{circumstance}":
            page.keyboard.press("Space")
        if focus["id"] == "deadlines-submit":
            page.keyboard.press("Enter")
            break
    else:
        pytest.fail(f"Tab never reached the button; stops: {stops}")
    assert stops[0] == "deadlines-procedure", stops
    page.wait_for_selector("#deadlines-result .sdh-result__title", timeout=30_000)
    assert page.evaluate("document.activeElement.id") == "deadlines-result-title"
    event = page.eval_on_selector("input[name='deadlines-event']:checked", "e => e.value")
    assert event == EVENT
    request = {"procedure": FIRST, "event": event, "at": "2026-12-24T16:30",
               "circumstances": [circumstance] if circumstance else []}
    assert_same_as_python(page, request)
    page.close()
