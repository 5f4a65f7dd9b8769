"""Training cases in the real page (docs/training/, build_tools/fences/training_case.py).

Every case is played through under every procedure it supports (the learner switches
procedure and replays): at every stage a wrong answer first, then the right one, both taken
from ``calculators.training`` in CPython, and the page's verdict, words and citations must
equal ``training.mark`` for the same input. Then: keyboard alone, axe-core, the trainer's
view, presenting mode, the handouts, nothing stored, the address unchanged. The session's
request log (conftest) fails the run on any request off the local server.

Python starts in a page once. The tests that do not test a fresh start share one page
(``case_page``): each case's block, as built, is put in place of the last and set up by the
page's own script (the same module, so the same worker: ``load_case``), which is how every
case is played through without starting Python thirteen times. A fresh page is opened where
the start itself is tested (``open_case``: Python waits for the learner, keyboard alone) or
Python must not start at all (the trainer's view, the handouts).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from browser_support import ROOT, SITE, START_TIMEOUT_MS
from page_checks import NOTHING_STORED, STORED, run_axe

from calculators import training
from calculators.presenter import list_words
from calculators.rulebook import load

RB = load()
SCENARIOS = training.load_scenarios()

# ------------------------------------------------------------------ answers, from CPython


def right_answer(exp: dict):
    """The answer a learner gives to be right, in the form the page sends it."""
    kind = exp["kind"]
    if kind == "date":
        return exp["due"]
    if kind == "datetime":
        return exp["due"][:16]
    if kind == "readings":
        return exp["accept"][0]
    if kind in (training.NO_FIXED_TIME, training.NONE_SET, training.SILENT):
        return kind
    if kind == "headline":
        return exp["choice"]
    return list(exp["right"])


def wrong_answer(exp: dict, stage) -> object:
    """A plausible wrong answer of the question's own kind."""
    kind = exp["kind"]
    q = stage.question
    if kind == "date":
        return (date.fromisoformat(exp["due"]) + timedelta(days=1)).isoformat()
    if kind == "datetime":
        day = date.fromisoformat(exp["due"][:10]) + timedelta(days=1)
        return f"{day.isoformat()}{exp['due'][10:16]}"
    if kind in ("readings", training.NO_FIXED_TIME):
        return training.NONE_SET
    if kind == training.NONE_SET:
        return training.NO_FIXED_TIME
    if kind == training.SILENT:
        return RB.tools[q.tool].headlines[0].id if q.kind == "headline" else []
    if kind == "headline":
        return next(h.id for h in RB.tools[q.tool].headlines if h.id != exp["choice"])
    if exp["right"]:
        return exp["right"][1:]  # one line short ("None of these" when there was one)
    return [exp["options"][0]["item"]]


# ------------------------------------------------------------------ driving the page


def open_case(context, scenario_id: str):
    """A case in a fresh page of its own."""
    page = context.new_page()
    page.goto(f"training/{scenario_id}/")
    page.wait_for_selector(f".sdh-training[data-training-ready='{scenario_id}']")
    # Python starts only when the learner turns to the case.
    assert page.get_attribute(".sdh-training [data-status]", "data-status") == "idle"
    return page


@pytest.fixture(scope="module")
def case_page(shared_context):
    """One case page for this module's tests that do not test a fresh start (see load_case)."""
    page = open_case(shared_context, "christmas-eve-referral")
    page.address = page.url
    yield page
    page.close()


#: Put a case's block, as the build wrote it (its page fetched from the site), in place of the
#: page's own, and set it up with the page's own script: the same URL, so the same module, with
#: its one worker (docs/training/training.mjs, setupCase).
SWAP_CASE = """async (sid) => {
  const built = await (await fetch(new URL(`../${sid}/`, location.href))).text();
  const block = new DOMParser().parseFromString(built, 'text/html').querySelector('.sdh-training[data-scenario]');
  document.querySelector('.sdh-training[data-scenario]').replaceWith(document.adoptNode(block));
  const script = Array.from(document.scripts).find((s) => s.src.endsWith('/training/training.mjs'));
  (await import(script.src)).setupCase(block);
}"""


def load_case(page, scenario_id: str):
    """The shared page, in front, with ``scenario_id``'s block freshly in place."""
    page.bring_to_front()
    page.evaluate(SWAP_CASE, scenario_id)
    page.wait_for_selector(f".sdh-training[data-training-ready='{scenario_id}']")
    assert page.get_attribute(".sdh-training [data-status]", "data-status") == "idle"
    # The learner turns to the case, so the status line says so (starting, or ready at once if
    # the page's Python has started) before anything is clicked: its new words move the form.
    page.focus(f"#{scenario_id}-procedure-legend")
    assert page.get_attribute(".sdh-training [data-status]", "data-status") in ("starting", "ready")
    return page


def wait_started(page) -> None:
    page.wait_for_selector(".sdh-training [data-status='ready'], .sdh-training [data-status='failed']",
                           timeout=START_TIMEOUT_MS)
    status = page.locator(".sdh-training [data-status]")
    assert status.get_attribute("data-status") == "ready", status.inner_text()


def start(page, scenario_id: str, procedure: str) -> None:
    page.check(f"#{scenario_id}-procedure-{procedure}")
    page.click("[data-start-button]")
    wait_started(page)
    assert page.locator(".sdh-training__playing [data-playing]").inner_text() == RB.procedures[procedure].short_title


def stage_box(page, stage_id: str):
    return page.locator(f"section.sdh-stage[data-stage='{stage_id}']")


def give(page, scenario_id: str, stage, answer) -> None:
    """Fill in the stage's form as a learner would (mouse and typing)."""
    p = f"{scenario_id}-{stage.id}"
    kind = stage.question.kind
    if kind == "deadline":
        if answer in (training.NO_FIXED_TIME, training.NONE_SET):
            page.check(f"#{p}-{answer}")
            return
        page.check(f"#{p}-date")
        day, _, time = answer.partition("T")
        y, m, d = day.split("-")
        hour, minute = time.split(":") if time else ("", "")
        wanted = {"day": d, "month": m, "year": y, "hour": hour, "minute": minute}
        now = page.evaluate("(p) => Object.fromEntries(['day', 'month', 'year', 'hour', 'minute'].map("
                            "(k) => [k, document.getElementById(`${p}-due-${k}`).value]))", p)
        for part, value in wanted.items():
            if now[part] != value:  # type only what changes
                page.fill(f"#{p}-due-{part}", value)
    elif kind == "headline":
        page.check(f"#{p}-{answer}")
    else:
        ticked = stage_box(page, stage.id).locator("input[type=checkbox]:checked").evaluate_all(
            "els => els.map((e) => e.id)")
        for iid in ticked:
            page.uncheck(f"#{iid}")
        if answer == training.SILENT:
            page.check(f"#{p}-silent")
        elif not answer:
            page.check(f"#{p}-none")
        else:
            for item in answer:
                page.check(f"#{p}-{item}")


#: What the page says after "Check my answer", read in one go once the worker has answered.
READ_STAGE = """(id) => {
  const box = document.querySelector(`section.sdh-stage[data-stage='${id}']`);
  if (box.hasAttribute('aria-busy')) return null;
  const summary = box.querySelector('[data-error-summary]');
  if (!summary.hidden) return {errors: Array.from(summary.querySelectorAll('li'), (li) => li.innerText)};
  const f = box.querySelector('.sdh-feedback');
  if (!f) return null;
  const choice = f.querySelector('[data-choice]');
  return {
    correct: f.dataset.correct,
    kind: f.dataset.kind,
    text: f.querySelector('[data-feedback-text]').innerText,
    citations: Array.from(f.querySelectorAll('.sdh-citation'), (c) => c.innerText),
    choice: choice ? choice.dataset.choice : null,
    right: Array.from(f.querySelectorAll('[data-right] > li'), (li) => li.dataset.item),
    focused: document.activeElement.classList.contains('sdh-feedback__title'),
  };
}"""


def check(page, stage_id: str) -> dict:
    """Press "Check my answer" and read what the page says."""
    stage_box(page, stage_id).locator("[data-check]").click()
    return page.wait_for_function(READ_STAGE, arg=stage_id).json_value()


def citation_text(c: dict) -> str:
    """A citation as the page shows it (the quotation marks of <q> are the stylesheet's)."""
    return f"Source: {c['source']}, {c['section']}: {c['quote']}"


def assert_shown(shown: dict, marked: dict) -> None:
    """The page's feedback is calculators.training.mark's, for the same answer."""
    assert "errors" not in shown, shown
    exp = marked["expected"]
    assert shown["correct"] == ("true" if marked["correct"] else "false")
    assert shown["kind"] == exp["kind"]
    assert shown["text"] == marked["feedback"]
    assert shown["focused"], "the feedback's title should have the focus"
    # Where it is written: every citation of the expected answer, in order, word for word.
    assert shown["citations"] == [citation_text(c) for c in exp["citations"]]
    if exp["kind"] == "headline":
        assert shown["choice"] == exp["choice"]
    if exp["kind"] == "lines":
        assert shown["right"] == exp["right"]


# ------------------------------------------------------------------ every case, every procedure


PLAYED = "() => document.querySelector('.sdh-training [data-played]').innerText"


@pytest.mark.parametrize("scenario_id", list(SCENARIOS))
def test_every_case_plays_through_under_every_procedure(case_page, scenario_id):
    sc = SCENARIOS[scenario_id]
    page = load_case(case_page, scenario_id)
    played = []
    for procedure in sc.procedures:
        if played:
            page.click("[data-replay]")
            assert page.evaluate("document.activeElement.matches('legend')")
            # Python's words (calculators/training_words.py): every procedure played so far.
            said = f"You have played it under: {list_words([RB.procedures[p].short_title for p in played])}."
            page.wait_for_function(f"() => ({PLAYED})() === {said!r}")
        start(page, scenario_id, procedure)
        played.append(procedure)
        for stage in sc.stages:
            box = stage_box(page, stage.id)
            # Only this stage is on show, and its title has the focus.
            assert page.evaluate(
                "() => [Array.from(document.querySelectorAll('section.sdh-stage'))"
                ".filter((s) => !s.hidden).map((s) => s.dataset.stage), document.activeElement.id]"
            ) == [[stage.id], f"{scenario_id}-{stage.id}-title"]
            exp = training.expected(scenario_id, stage.id, procedure)

            wrong = wrong_answer(exp, stage)
            give(page, scenario_id, stage, wrong)
            marked = training.mark(scenario_id, stage.id, procedure, wrong)
            assert not marked["correct"], (stage.id, procedure, wrong)
            shown = check(page, stage.id)
            assert_shown(shown, marked)
            if exp["citations"]:
                assert shown["citations"], f"{stage.id} under {procedure}: no rule cited"

            right = right_answer(exp)
            give(page, scenario_id, stage, right)
            marked = training.mark(scenario_id, stage.id, procedure, right)
            assert marked["correct"], (stage.id, procedure, right)
            assert_shown(check(page, stage.id), marked)

            box.locator("[data-next]").click()
        end = page.locator("[data-end]")
        end.wait_for(state="visible")
        assert page.evaluate("document.activeElement.closest('[data-end]') !== null")
        assert (end.locator("[data-score]").inner_text() == f"Under {RB.procedures[procedure].short_title}, "
                f"your last answer was right at {len(sc.stages)} of the {len(sc.stages)} stages.")
        assert end.locator("table").first.locator("tbody tr").count() == len(sc.stages)
    if len(sc.procedures) > 1:
        # The answers of every procedure played, side by side.
        heads = page.locator("[data-end] table").last.locator("thead th").all_inner_texts()
        assert heads[1:] == [RB.procedures[p].short_title for p in sc.procedures]
    # Progress lived in the page only.
    assert page.url == case_page.address
    assert page.evaluate(STORED) == NOTHING_STORED
    assert page.context.cookies() == []


# ------------------------------------------------------------------ wrong input: GOV.UK errors


def test_empty_and_impossible_answers_get_the_error_summary(case_page):
    sid = "christmas-eve-referral"
    sc = SCENARIOS[sid]
    page = load_case(case_page, sid)
    page.click("[data-start-button]")  # no procedure chosen
    summary = page.locator("[data-start] [data-error-summary]")
    assert summary.is_visible() and page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert summary.locator("a").inner_text() == "Select the procedure to play the case under."
    summary.locator("a").click()
    assert page.evaluate("document.activeElement.id") == f"{sid}-procedure-{sc.procedures[0]}"
    start(page, sid, "peterborough-2012")
    stage = sc.stages[0]
    p = f"{sid}-{stage.id}"
    # Nothing chosen: Python's own words, at the question.
    shown = check(page, stage.id)
    assert shown["errors"] == ["Give your answer: a date, or say there is no fixed time or none set."]
    assert page.locator(f"#{p}-answer-error").inner_text().endswith(shown["errors"][0])
    cases = [
        ("2026-02-31", "The date it is due by must be a real date"),
        ("2026-13-01", "The month must be between 1 and 12 (you entered 13)."),
        ("2026-12-25T25:00", "The hour must be between 0 and 23 (you entered 25)."),
        ("2026-03-29T01:30", "01:30 on that day did not happen in England"),
        ("2009-12-25", "The year must be from 2010 to 2099"),
        # The timescale is in hours: Python asks for the time, at the date.
        ("2026-12-25", "This timescale is in hours: give the time as well as the date."),
    ]
    for answer, message in cases:
        give(page, sid, stage, answer)
        shown = check(page, stage.id)
        assert len(shown["errors"]) == 1 and shown["errors"][0].startswith(message), (answer, shown)
        assert page.locator(f"#{p}-due-error").is_visible()
        assert page.locator(f"{'#' + p}-due-reveal [aria-invalid=true]").count() >= 1
    # Incomplete and letters.
    give(page, sid, stage, "2026-12-25T16:30")
    page.fill(f"#{p}-due-month", "")
    assert check(page, stage.id)["errors"] == ["The date and time it is due by must include a month."]
    page.fill(f"#{p}-due-month", "de")
    assert check(page, stage.id)["errors"] == ["The month it is due by must be written in figures, for example 24 12 2026 and 16 30."]
    assert page.locator(f"{'#' + p}-due-reveal [aria-invalid=true]").count() == 1
    # The hour the clocks went back happened twice: the page asks which.
    give(page, sid, stage, "2026-10-25T01:30")
    shown = check(page, stage.id)
    assert shown["errors"][0].startswith("01:30 on that day happened twice")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    page.locator(f"section[data-stage='{stage.id}'] [data-error-summary] a").click()
    assert page.evaluate("document.activeElement.id") == f"{p}-due-offset"
    page.select_option(f"#{p}-due-offset", "+00:00")
    shown = check(page, stage.id)
    assert shown["correct"] == "false"
    assert shown["text"] == training.mark(sid, stage.id, "peterborough-2012", "2026-10-25T01:30+00:00")["feedback"]


def test_a_headline_or_lines_question_left_blank_is_an_error(case_page):
    sid = "teenager-refuses-seen-alone"
    sc = SCENARIOS[sid]
    page = load_case(case_page, sid)
    start(page, sid, "practice-standards-2025")
    first, second, third = sc.stages
    give(page, sid, first, right_answer(training.expected(sid, first.id, "practice-standards-2025")))
    check(page, first.id)
    stage_box(page, first.id).locator("[data-next]").click()
    assert check(page, second.id)["errors"] == ["Select what the procedure says, or that it says nothing on this."]
    give(page, sid, second, "allowed")
    assert check(page, second.id)["correct"] == "true"
    stage_box(page, second.id).locator("[data-next]").click()
    assert check(page, third.id)["errors"] == ["Select the lines that apply, or select “None of these”."]
    # "None of these" is exclusive: ticking it clears the lines, and a line clears it.
    p = f"{sid}-{third.id}"
    exp = training.expected(sid, third.id, "practice-standards-2025")
    page.check(f"#{p}-{exp['right'][0]}")
    page.check(f"#{p}-none")
    assert not page.is_checked(f"#{p}-{exp['right'][0]}")
    page.check(f"#{p}-{exp['right'][0]}")
    assert not page.is_checked(f"#{p}-none")
    # Only the chosen procedure's lines are offered.
    others = [o["item"] for proc in sc.procedures if proc != "practice-standards-2025"
              for o in training.expected(sid, third.id, proc).get("options", [])]
    for item in others:
        assert not page.is_visible(f"#{p}-{item}")


# ------------------------------------------------------------------ keyboard alone


def focus_is_visible(page) -> bool:
    return page.evaluate(
        """() => {
          const e = document.activeElement;
          const s = getComputedStyle(e);
          return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
        }"""
    )


def tab_to(page, selector: str, limit: int = 80, key: str = "Tab") -> None:
    """Press Tab until the element matching ``selector`` has the focus; every stop in the case shows its focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        inside = page.evaluate("!!document.activeElement.closest('.sdh-training')")
        if inside:
            assert focus_is_visible(page), page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_alone(shared_context):
    sid = "boarding-school-out-of-area"
    sc = SCENARIOS[sid]
    proc = "practice-standards-2025"
    page = open_case(shared_context, sid)
    try:
        page.locator("body").focus()
        tab_to(page, f"#{sid}-procedure-{sc.procedures[0]}")
        page.keyboard.press("Space")
        assert page.is_checked(f"#{sid}-procedure-{proc}")
        tab_to(page, "[data-start-button]")
        page.keyboard.press("Enter")
        wait_started(page)
        for stage in sc.stages:
            p = f"{sid}-{stage.id}"
            assert page.evaluate("document.activeElement.id") == f"{p}-title"
            exp = training.expected(sid, stage.id, proc)
            answer = right_answer(exp)
            if stage.question.kind == "headline":
                ids = [h.id for h in RB.tools[stage.question.tool].headlines]
                tab_to(page, f"#{p}-{ids[0]}")  # no radio chosen yet: Tab lands on the first
                for _ in range(ids.index(answer)):
                    page.keyboard.press("ArrowDown")
                if ids.index(answer) == 0:
                    page.keyboard.press("Space")
                assert page.is_checked(f"#{p}-{answer}")
            elif stage.question.kind == "deadline":
                assert answer == training.NO_FIXED_TIME, "this case's deadline has no fixed time"
                tab_to(page, f"#{p}-date")
                page.keyboard.press("ArrowDown")
                assert page.is_checked(f"#{p}-{answer}")
            else:
                for item in answer:
                    tab_to(page, f"#{p}-{item}")
                    page.keyboard.press("Space")
                assert sorted(stage_box(page, stage.id).locator("input:checked").evaluate_all(
                    "els => els.map(e => e.value)")) == sorted(answer)
            tab_to(page, f"section[data-stage='{stage.id}'] [data-check]")
            page.keyboard.press("Enter")
            page.wait_for_selector(f"section[data-stage='{stage.id}'] .sdh-feedback")
            assert page.get_attribute(f"section[data-stage='{stage.id}'] .sdh-feedback", "data-correct") == "true"
            assert page.evaluate("document.activeElement.classList.contains('sdh-feedback__title')")
            tab_to(page, f"section[data-stage='{stage.id}'] [data-next]")
            page.keyboard.press("Enter")
        # How it went, once Python has worded it: the focus moves to its heading.
        page.wait_for_function("() => document.activeElement.closest('[data-end]') !== null")
        # The trainer's view: the tabs by arrow key, presenting mode by keyboard.
        tab_to(page, f"#{sid}-tab-learner", key="Shift+Tab")
        page.keyboard.press("ArrowRight")
        assert page.evaluate("document.activeElement.id") == f"{sid}-tab-trainer"
        assert page.is_visible(f"#{sid}-trainer") and not page.is_visible(f"#{sid}-learner")
        tab_to(page, "[data-present]")
        page.keyboard.press("Enter")
        assert page.get_attribute("[data-present]", "aria-pressed") == "true"
        assert page.locator(".sdh-trainer-stage:visible").count() == 1
        page.keyboard.press("PageDown")
        assert page.inner_text("[data-present-position]").startswith(f"Stage 2 of {len(sc.stages)}")
        assert page.locator(f".sdh-trainer-stage[data-stage='{sc.stages[1].id}']").is_visible()
        tab_to(page, "[data-present-next]")
        page.keyboard.press("Enter")
        assert page.inner_text("[data-present-position]").startswith(f"Stage 3 of {len(sc.stages)}")
        page.keyboard.press("Escape")
        assert page.get_attribute("[data-present]", "aria-pressed") == "false"
        assert page.locator(".sdh-trainer-stage:visible").count() == len(sc.stages)
        assert page.evaluate("document.activeElement.hasAttribute('data-present')")
    finally:
        page.close()


# ------------------------------------------------------------------ accessibility


def test_axe_on_the_index(shared_context):
    page = shared_context.new_page()
    try:
        page.goto("training/")
        assert run_axe(page) == []
        for sid in SCENARIOS:
            assert page.locator(f"a[href='{sid}/']").count() >= 3, sid  # the table, a topic, a tool
    finally:
        page.close()


def test_axe_on_a_case_learner_trainer_presenting(case_page):
    sid = "fractured-skull-out-of-hours"
    sc = SCENARIOS[sid]
    page = load_case(case_page, sid)
    assert run_axe(page) == []
    page.click("[data-start-button]")  # the error summary
    assert run_axe(page) == []
    start(page, sid, "practice-standards-2025")
    stage = sc.stages[0]
    shown = check(page, stage.id)  # nothing chosen: errors
    assert "errors" in shown
    assert run_axe(page) == []
    give(page, sid, stage, "2026-10-30")  # wrong: feedback with citations
    assert check(page, stage.id)["correct"] == "false"
    page.click(f"section[data-stage='{stage.id}'] .sdh-feedback details summary")
    assert run_axe(page) == []
    # A lines question with its feedback.
    stage_box(page, stage.id).locator("[data-next]").click()
    give(page, sid, sc.stages[1], "must")
    check(page, sc.stages[1].id)
    stage_box(page, sc.stages[1].id).locator("[data-next]").click()
    give(page, sid, sc.stages[2], training.expected(sid, sc.stages[2].id, "practice-standards-2025")["right"][:2])
    assert check(page, sc.stages[2].id)["correct"] == "false"
    assert run_axe(page) == []
    page.click(f"#{sid}-tab-trainer")
    assert run_axe(page) == []
    page.click("[data-present]")
    assert run_axe(page) == []
    page.click("[data-present-exit]")


# ------------------------------------------------------------------ the trainer's view


def test_the_trainer_view_holds_every_answer_computed_by_calculators(shared_context):
    sid = "christmas-eve-referral"
    sc = SCENARIOS[sid]
    page = shared_context.new_page()
    try:
        page.goto(f"training/{sid}/")
        page.click(f"#{sid}-tab-trainer")
        diffs = training.differences(sid)
        for d, stage in zip(diffs, sc.stages, strict=True):
            block = page.locator(f".sdh-trainer-stage[data-stage='{stage.id}']")
            for prompt in stage.prompts:
                assert prompt.split("*")[0].strip()[:30] in block.inner_text()
            for proc, exp in d["answers"].items():
                row = block.locator(f"tr[data-procedure='{proc}']")
                assert row.get_attribute("data-kind") == exp["kind"]
                text = row.inner_text()
                if exp["kind"] in ("date", "datetime"):
                    assert exp["text"] in text
                for c in exp["citations"]:
                    assert c["section"] in text and c["quote"] in text
        # Where the procedures differ: exactly the stages differences() says.
        differ = page.locator(".sdh-training__differ-list > li").evaluate_all("els => els.map(e => e.dataset.stage)")
        assert differ == [d["stage"] for d in diffs if d["differ"]]
        # Reading the trainer's view does not start Python.
        assert page.get_attribute(".sdh-training [data-status]", "data-status") == "idle"
    finally:
        page.close()


def test_handouts_print_with_and_without_the_answers(shared_context):
    sid = "unborn-baby"
    page = shared_context.new_page()
    try:
        page.goto(f"training/{sid}/")
        page.click(f"#{sid}-tab-trainer")
        page.evaluate("window.print = () => {}")  # the dialog itself is the browser's
        for button, answers in (("[data-print-handout]", False), ("[data-print-answers]", True)):
            page.click(button)
            page.emulate_media(media="print")
            try:
                assert page.locator(".sdh-trainer-stage:visible").count() == len(SCENARIOS[sid].stages)
                assert page.locator(".sdh-training__answers").first.is_visible() is answers
                assert page.locator(".sdh-training__differences").is_visible() is answers
                assert page.locator(".sdh-training__write").first.is_visible() is not answers
                # A question about lines lists them, procedure by procedure, on paper too.
                assert page.locator(".sdh-training__choices-by-procedure li li").first.is_visible()
                assert not page.locator(f"#{sid}-learner").is_visible()
                assert not page.locator(".md-sidebar--primary").is_visible()
                assert not page.locator("[data-trainer-controls]").is_visible()
            finally:
                page.emulate_media(media="screen")
                page.evaluate("window.dispatchEvent(new Event('afterprint'))")
            assert page.evaluate("document.documentElement.className").find("sdh-print") == -1
    finally:
        page.close()


# ------------------------------------------------------------------ the build


def test_every_lines_question_lists_every_procedures_lines_for_the_handout():
    """The trainer's view (and so the handout) lists each procedure's lines, as the learner's form does."""
    asked = 0
    for sid, sc in SCENARIOS.items():
        html = (SITE / "training" / sid / "index.html").read_text(encoding="utf-8")
        for stage in sc.stages:
            if stage.question.kind != "lines":
                continue
            start = html.index(f'<section class="sdh-trainer-stage" data-stage="{stage.id}"')
            start = html.index('<ul class="sdh-training__choices-by-procedure">', start)
            choices = html[start:html.index('<div class="sdh-training__write"', start)]
            for pid in sc.procedures:
                options = training.expected(sid, stage.id, pid).get("options") or []
                group = choices.split(f'<li data-procedure="{pid}">', 1)[1].split('<li data-procedure="', 1)[0]
                assert group.count("<li>") == len(options), (sid, stage.id, pid)
                if not options:
                    assert "no lines to choose from" in group
                asked += 1
    assert asked >= 10


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v]


def test_every_link_of_the_training_pages_resolves():
    pages = sorted((SITE / "training").rglob("index.html"))
    assert len(pages) == len(SCENARIOS) + 1
    for html in pages:
        parser = _Links()
        parser.feed(html.read_text(encoding="utf-8"))
        base = "http://site/" + str(html.relative_to(SITE))
        for href in parser.hrefs:
            url = urlsplit(urljoin(base, href))
            if url.netloc != "site":
                continue
            path = url.path.lstrip("/")
            target = SITE / path / "index.html" if path.endswith("/") or not path else SITE / path
            assert target.is_file(), f"{html.relative_to(SITE)} links to {href}"


def test_each_case_page_is_titled_as_its_scenario():
    """The page's heading, its description and its entry in the navigation carry the scenario's title."""
    nav = dict((path, title) for title, path in re.findall(r'^ +- "([^"]+)": (training/[\w-]+\.md)$',
                                                            (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M))
    for sid, sc in SCENARIOS.items():
        assert nav.get(f"training/{sid}.md") == sc.title, f"mkdocs.yml nav: {sid}"
        source = (ROOT / "docs" / "training" / f"{sid}.md").read_text(encoding="utf-8")
        assert f"description: \"Training case: {sc.title}." in source, sid
        text = (SITE / "training" / sid / "index.html").read_text(encoding="utf-8")
        [h1] = re.findall(r"<h1[^>]*>(.*?)</h1>", text, flags=re.S)
        h1 = re.sub(r'<a class="headerlink".*?</a>', "", h1)  # the permalink
        assert unescape(re.sub(r"<[^>]+>", "", h1)).strip() == sc.title, sid


def test_the_fences_refuse_what_they_do_not_know():
    from pymdownx.superfences import SuperFencesException

    from build_tools import fences as ht

    with pytest.raises(SuperFencesException, match="unknown scenario 'no-such-case'"):
        ht.scenario_fence("no-such-case\n", "scenario", "scenario", {}, None)
    with pytest.raises(SuperFencesException, match="exactly one word"):
        ht.scenario_fence("unborn-baby christmas-eve-referral\n", "scenario", "scenario", {}, None)
    with pytest.raises(SuperFencesException, match="takes no options"):
        ht.scenario_fence("unborn-baby\n", "scenario", "scenario", {"procedure": "x"}, None)
    with pytest.raises(SuperFencesException, match="write one of"):
        ht.training_index_fence("everything\n", "training-index", "training-index", {}, None)
    html = ht.scenario_fence("unborn-baby\n", "scenario", "scenario", {}, None)
    # Scenario text is Markdown rendered with raw HTML off; only the JSON data block is a script.
    assert re.findall(r"<script[^>]*>", html) == ['<script type="application/json" data-training-data>']
