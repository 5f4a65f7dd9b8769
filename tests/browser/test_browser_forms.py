"""The tools' forms in the real page (issue 16): no procedure chosen for the user, "my
procedure" kept on the device as the only thing stored, the "all side by side" summary
table fitting a 390 px phone, the page title's "Error:" while the error summary shows,
and axe on each of these. Screenshots of the answers go to test-results/screenshots/."""

from __future__ import annotations

import json

import pytest
from browser_support import ROOT, new_context, wait_ready
from deadline_form import fill, reset, submit
import decision_form
from decision_form import PAGE_OF
from page_checks import MY_PROCEDURE_KEY, NOTHING_STORED, ONLY_MY_PROCEDURE, STORED, run_axe

from calculators import summary
from calculators.clocks import earlier_events
from calculators.presenter import CHOOSE_PROCEDURE, MY_PROCEDURE_WORDS
from calculators.rulebook import load
from calculators.web import run

RULEBOOK = load()
SHOTS = ROOT / "test-results" / "screenshots"
STANDARDS = "practice-standards-2025"
CHRISTMAS_EVE = {"event": "referral-received", "at": "2026-12-24T16:30"}
TOOL_PAGES = {"deadlines": "timing/", **PAGE_OF}
PHONE, LAPTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 900}


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def form_ready(page, tool: str) -> None:
    """The form is wired (tool.mjs ran): what it shows first is what the user gets."""
    page.wait_for_selector(f'.sdh-tool[data-tool="{tool}"][data-tool-ready="form"]', timeout=30_000)


def _context_of_its_own(browser, site_url, request_log, violations, viewport):
    """A context of its own, so what one test keeps in storage is seen by no other test file."""
    context = new_context(browser, request_log, violations, base_url=site_url, viewport=viewport)
    yield context
    context.close()


@pytest.fixture(scope="module")
def own_context(browser, site_url, request_log, violations):
    yield from _context_of_its_own(browser, site_url, request_log, violations, LAPTOP)


def test_no_tool_opens_with_a_procedure_chosen(own_context):
    page = own_context.new_page()
    for tool, path in TOOL_PAGES.items():
        page.goto(path)
        form_ready(page, tool)
        select = f"#{tool}-procedure"
        assert page.input_value(select) == "", tool
        assert page.eval_on_selector(f"{select} option", "o => [o.value, o.textContent]") == ["", CHOOSE_PROCEDURE]
        assert page.inner_text(f"#{tool}-my-procedure-status") == MY_PROCEDURE_WORDS["none"]
        assert page.evaluate(STORED) == NOTHING_STORED
    page.close()


def test_my_procedure_set_shown_changed_and_forgotten(own_context):
    page = own_context.new_page()
    page.goto("timing/")
    form_ready(page, "deadlines")
    remember, forget = "#deadlines-my-procedure-remember", "#deadlines-my-procedure-forget"
    assert not page.is_visible(remember) and not page.is_visible(forget)
    page.select_option("#deadlines-procedure", STANDARDS)
    assert page.is_visible(remember)
    assert page.evaluate(STORED) == NOTHING_STORED  # choosing is not keeping
    page.click(remember)
    assert page.evaluate(STORED) == ONLY_MY_PROCEDURE
    assert page.evaluate(f"localStorage.getItem('{MY_PROCEDURE_KEY}')") == STANDARDS
    short = RULEBOOK.procedures[STANDARDS].short_title
    assert page.inner_text("#deadlines-my-procedure-status") == f"{MY_PROCEDURE_WORDS['remembered']}{short}."
    assert run_axe(page) == []

    # Every tool now starts with it, and says so.
    page.goto(PAGE_OF["seen-alone"])
    form_ready(page, "seen-alone")
    assert page.input_value("#seen-alone-procedure") == STANDARDS
    status = page.inner_text("#seen-alone-my-procedure-status")
    assert status == f"{MY_PROCEDURE_WORDS['mine']}{short}{MY_PROCEDURE_WORDS['kept']}"
    assert page.is_visible("#seen-alone-my-procedure-forget")

    # Changed: another procedure made mine.
    other = "peterborough-2012"
    page.select_option("#seen-alone-procedure", other)
    page.click("#seen-alone-my-procedure-remember")
    assert page.evaluate(f"localStorage.getItem('{MY_PROCEDURE_KEY}')") == other

    # An answer worked out: no case fact in storage or in the address.
    wait_ready(page)
    page.check("#seen-alone-seen-alone-yes")
    page.click("#seen-alone-submit")
    page.wait_for_selector("#seen-alone-result .sdh-result__title", timeout=30_000)
    assert page.evaluate(STORED) == ONLY_MY_PROCEDURE
    assert "?" not in page.url and "#" not in page.url

    # Forgotten: nothing stored, and the next tool opens with none chosen.
    page.click("#seen-alone-my-procedure-forget")
    assert page.inner_text("#seen-alone-my-procedure-status") == MY_PROCEDURE_WORDS["forgotten"]
    assert page.evaluate(STORED) == NOTHING_STORED
    page.goto("timing/")
    form_ready(page, "deadlines")
    assert page.input_value("#deadlines-procedure") == ""
    page.close()


def test_a_kept_value_that_is_no_procedure_is_ignored(own_context):
    page = own_context.new_page()
    page.goto("timing/")
    page.evaluate(f"localStorage.setItem('{MY_PROCEDURE_KEY}', '<b>not a procedure</b>')")
    page.reload()
    form_ready(page, "deadlines")
    assert page.input_value("#deadlines-procedure") == ""
    assert page.inner_text("#deadlines-my-procedure-status") == MY_PROCEDURE_WORDS["none"]
    page.evaluate("localStorage.clear()")
    page.close()


def test_events_the_procedure_does_not_know_are_not_offered(tool_page):
    reset(tool_page)
    for proc in RULEBOOK.procedures.values():
        tool_page.select_option("#deadlines-procedure", proc.id)
        shown = tool_page.eval_on_selector_all(".sdh-radios__item:not([hidden]) input", "els => els.map(e => e.value)")
        # Those it sets a timescale from, or after which a clock it started earlier runs on.
        assert shown == [e for e in RULEBOOK.events
                         if {e, *earlier_events(RULEBOOK, e)} & set(proc.event_ids())], proc.id
    # An event ticked, then hidden by another procedure, is unticked: nothing hidden is sent.
    tool_page.select_option("#deadlines-procedure", "devon-mash-2014")
    tool_page.check("#deadlines-event-case-closed")
    tool_page.select_option("#deadlines-procedure", STANDARDS)
    assert not tool_page.is_checked("#deadlines-event-case-closed")
    reset(tool_page)


def test_error_title_and_summary(tool_page):
    reset(tool_page)
    title = tool_page.title()
    assert submit(tool_page) == "errors"
    assert tool_page.title() == f"Error: {title}"
    assert tool_page.evaluate("document.activeElement.id") == "deadlines-error-summary"
    expected = json.loads(run("deadlines", json.dumps({"procedure": "", "event": "", "at": ""})))
    wanted = next(e["message"] for e in expected["errors"] if e["field"] == "procedure")
    assert wanted in tool_page.inner_text("#deadlines-error-summary")
    assert run_axe(tool_page) == []
    fill(tool_page, STANDARDS, **CHRISTMAS_EVE)
    assert submit(tool_page) == "answer"
    assert tool_page.title() == title


FITS = """() => {
  const table = document.querySelector('#deadlines-result [data-summary] table');
  const when = Array.from(table.querySelectorAll('td.sdh-summary__when'));
  const right = document.documentElement.clientWidth;
  return {scroll: table.scrollWidth, client: table.clientWidth, page: document.documentElement.scrollWidth, right,
          whenInside: when.every((c) => c.getBoundingClientRect().right <= right && c.getBoundingClientRect().width > 40),
          rows: table.querySelectorAll('tbody tr').length};
}"""


WIDE = """() => Array.from(document.querySelectorAll('body *')).filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 8).map((e) => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))"""


def test_answer_and_summary_table_at_laptop_and_phone(tool_page):
    size = tool_page.viewport_size
    try:
        fill(tool_page, STANDARDS, **CHRISTMAS_EVE)
        assert submit(tool_page) == "answer"
        assert tool_page.locator("#deadlines-result [data-summary]").count() == 0  # one procedure: no table
        first = tool_page.inner_text("#deadlines-result .sdh-governing__headline >> nth=0")
        assert first == "Strategy discussion: by the end of Thursday 31 December 2026 (3 working days)"
        for name, viewport in (("1366", LAPTOP), ("390", PHONE)):
            tool_page.set_viewport_size(viewport)
            shot(tool_page, f"deadline-answer-{name}")

        fill(tool_page, "all", **CHRISTMAS_EVE)
        assert submit(tool_page) == "answer"
        want = json.loads(run("deadlines", json.dumps({"procedure": "all", **CHRISTMAS_EVE})))["summary"]
        cells = tool_page.eval_on_selector_all(
            "#deadlines-result [data-summary] tbody tr",
            "rows => rows.map(r => Array.from(r.children).map(c => c.textContent))")
        assert cells == [[r["heading"], r["what"], r["when"]] for r in want["rows"]]
        assert tool_page.inner_text("#deadlines-result [data-summary] caption") == summary.DEADLINE_TITLE
        # The table comes before the first procedure's details.
        assert tool_page.evaluate("""() => {
          const t = document.querySelector('#deadlines-result [data-summary]');
          const a = document.querySelector('#deadlines-result .sdh-answer');
          return !!(t.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING);
        }""")
        for name, viewport in (("1366", LAPTOP), ("390", PHONE)):
            tool_page.set_viewport_size(viewport)
            # Let the layout settle after the resize (the scroll bar comes and goes meanwhile).
            tool_page.wait_for_timeout(300)
            fits = tool_page.evaluate(FITS)
            assert fits["scroll"] <= fits["client"], (name, fits)
            assert fits["page"] <= fits["right"], (name, fits, tool_page.evaluate(WIDE))
            assert fits["whenInside"], (name, fits)
            tool_page.locator("#deadlines-result [data-summary]").scroll_into_view_if_needed()
            shot(tool_page, f"all-procedures-summary-{name}")
            # The table on its own too, to read without scrolling a whole page's picture.
            tool_page.locator("#deadlines-result [data-summary]").screenshot(path=str(SHOTS / f"summary-table-{name}.png"))
        # At the top of the page, where the theme's tabs show in full (scrolled, they fade out).
        tool_page.evaluate("window.scrollTo(0, 0)")
        assert run_axe(tool_page) == []
    finally:
        tool_page.set_viewport_size(size)
        reset(tool_page)


def test_decision_tool_all_opens_with_its_summary(decision_page):
    page = decision_page("seen-alone")
    # The page is shared: an earlier answer (whose headlines are [data-summary] too) goes first.
    decision_form.reset(page, "seen-alone")
    page.select_option("#seen-alone-procedure", "all")
    page.check("#seen-alone-seen-alone-yes")
    page.click("#seen-alone-submit")
    page.wait_for_selector("#seen-alone-result .sdh-summary-block tbody tr", timeout=30_000)
    want = json.loads(run("seen-alone", json.dumps({"procedure": "all", "facts": {"seen-alone": "yes"}})))["summary"]
    cells = page.eval_on_selector_all("#seen-alone-result .sdh-summary-block tbody tr",
                                      "rows => rows.map(r => Array.from(r.children).map(c => c.textContent))")
    assert cells == [[r["heading"], r["what"]] for r in want["rows"]]
    assert run_axe(page) == []


# ------------------------------------------------------------------ training: a phone's first tap, presenting mode

CASE = "training/christmas-eve-referral/"


@pytest.fixture(scope="module")
def phone_context(browser, site_url, request_log, violations):
    yield from _context_of_its_own(browser, site_url, request_log, violations, PHONE)


def test_first_tap_on_a_training_procedure_is_not_lost(phone_context):
    page = phone_context.new_page()
    page.goto(CASE)
    status = page.locator(".sdh-training [data-status]")
    before = status.bounding_box()["height"]
    first = page.locator("[data-start] .sdh-radios__item").first
    first.scroll_into_view_if_needed()
    before = status.bounding_box()["height"]
    label_top = first.bounding_box()["y"]
    # The first tap wakes Python, which changes the status line's words: nothing below may move.
    first.locator("label").click()
    assert first.locator("input").is_checked()
    assert status.bounding_box()["height"] >= before
    assert abs(first.bounding_box()["y"] - label_top) < 1, (first.bounding_box(), label_top)
    page.close()


def test_presenting_mode_buttons_sit_below_the_header(phone_context):
    page = phone_context.new_page()
    page.goto(CASE)
    page.click(".sdh-training [role='tab'][id$='-tab-trainer']")
    page.click("[data-present]")
    header = page.locator(".md-header").bounding_box()
    for _ in range(2):
        nav = page.locator("[data-present-nav]").bounding_box()
        assert nav["y"] >= header["y"] + header["height"] - 1, (nav, header)
        assert page.locator("[data-present-next]").is_visible()
        page.click("[data-present-next]")
    page.click("[data-present-exit]")
    page.close()
