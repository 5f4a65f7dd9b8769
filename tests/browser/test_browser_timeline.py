"""The case timeline in the real page (issue 16, items 2 and 5): the Christmas Eve question in one
submission, a known time recomputing the chain, copy as text, the calendar file, print on at most
two A4 pages, start again and "Change", nothing kept, axe, the keyboard, and screenshots.

Every date is compared with CPython's answer (``calculators.web.run``), never with a literal.

The Christmas Eve question (a referral at 16:30 on 24 December 2026, practice standards):
before this page, 9 clicks, 8 typed fields and 2 submissions on the timing page; here, one
choice of procedure, one radio, five typed boxes (day, month, year, hour, minute) and one press
of the button: 3 clicks, 5 typed fields, 1 submission (``test_christmas_eve_counts``).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone
from pathlib import Path

import icalendar
import pytest
from browser_support import ROOT, new_context, wait_ready
from page_checks import FOCUSED, NOTHING_STORED, STORED, run_axe

from calculators import calendar_file
from calculators.web import run

SCREENSHOTS = ROOT / "test-results" / "screenshots"
CHRISTMAS_EVE = {"event": "referral-received", "at": "2026-12-24T16:30"}
BOXES = {"day": "24", "month": "12", "year": "2026", "hour": "16", "minute": "30"}
KNOWN = {"strategy-discussion-held": "2026-12-29T10:00"}
KNOWN_BOXES = {"day": "29", "month": "12", "year": "2026", "hour": "10", "minute": "00"}
#: The Christmas Eve question's three dates: the discussion, the record, the conference.
DUTIES = ("hold-strategy-discussion", "circulate-record", "hold-initial-conference")


def python(procedure: str, known: dict | None = None) -> dict:
    response = json.loads(run("timeline", json.dumps({"procedure": procedure, **CHRISTMAS_EVE, "known": known or {}})))
    assert response["ok"], response
    return response


@pytest.fixture(scope="module")
def context(browser, site_url, request_log, violations):
    ctx = new_context(browser, request_log, violations, base_url=site_url, viewport={"width": 1366, "height": 900},
                      permissions=["clipboard-read", "clipboard-write"], accept_downloads=True)
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def page(context, site_url):
    """The timeline page, open once, tool started (Pyodide starts once for the module)."""
    pg = context.new_page()
    pg.goto("timeline/")
    wait_ready(pg)
    yield pg
    pg.close()


def ask(page, procedure: str, known: dict[str, dict[str, str]] | None = None) -> None:
    """Start again, then fill in the form as a person would and press the button once."""
    page.evaluate("""() => { const f = document.querySelector('#timeline-form'); f.reset();
                     document.querySelector('#timeline-procedure').dispatchEvent(new Event('change'));
                     document.querySelector('#timeline-result').replaceChildren(); }""")
    page.select_option("#timeline-procedure", procedure)
    page.check("#timeline-event-referral-received")
    for key, value in BOXES.items():
        page.fill(f"#timeline-at-{key}", value)
    for event, boxes in (known or {}).items():
        for key, value in boxes.items():
            page.fill(f"#timeline-known-{event}-{key}", value)
    page.click("#timeline-submit")
    page.wait_for_selector("#timeline-result .sdh-result__title, #timeline-error-summary:not([hidden])", timeout=30_000)
    assert not page.locator("#timeline-error-summary").is_visible(), page.inner_text("#timeline-error-summary")


READ = """() => Array.from(document.querySelectorAll('#timeline-result section[data-procedure]')).map((s) => ({
  procedure: s.dataset.procedure,
  heading: s.querySelector('.sdh-answer__title').textContent,
  stages: Array.from(s.querySelectorAll('.sdh-timeline__stage')).map((st) => ({
    event: st.dataset.event, title: st.querySelector('.sdh-timeline__title').textContent,
    steps: Array.from(st.querySelectorAll('.sdh-step')).map((x) => ({
      duty: x.dataset.duty, due: x.dataset.due, headline: x.querySelector('.sdh-step__headline').textContent,
      flags: Array.from(x.querySelectorAll(':scope > .sdh-step__flag')).map((f) => f.textContent),
      citation: (x.querySelector(':scope > .sdh-citation') || {}).textContent || null})),
  })),
}))"""


def project_python(response: dict) -> list[dict]:
    return [{"procedure": v["procedure"], "heading": v["heading"],
             "stages": [{"event": st["event"], "title": st["title"],
                         "steps": [{"duty": s["duty"], "due": s["due"], "headline": s["headline"], "flags": s["flags"],
                                    "citation": s["citation"]["text"] if s["citation"] else None}
                                   for s in st["steps"]]} for st in v["stages"]]}
            for v in response["views"]]


def assert_same_as_python(page, procedure: str, known: dict | None = None) -> dict:
    """The page's chain, step by step, date by date, with each step's source: CPython's."""
    shown = page.evaluate(READ)
    expected = python(procedure, known)
    # The page sets a quotation in <q> (its marks drawn by the stylesheet); the text has them.
    unquote = lambda data: json.dumps(data, ensure_ascii=False).replace("\u201c", "").replace("\u201d", "")
    assert unquote(shown) == unquote(project_python(expected))
    return expected


@pytest.mark.parametrize("procedure", ["practice-standards-2025", "all"])
def test_christmas_eve_in_one_submission(page, procedure):
    ask(page, procedure)
    expected = assert_same_as_python(page, procedure)
    headings = page.locator("#timeline-result .sdh-answer__title").all_inner_texts()
    assert headings == [v["heading"] for v in expected["views"]]
    assert all(re.search(r"\(\d{4}\)$", h) for h in headings)  # short name and year
    text = page.inner_text("#timeline-result")
    for answer, view in zip(expected["answers"], expected["views"]):
        steps = {s["duty"]: s for st in view["stages"] for s in st["steps"]}
        for duty in DUTIES:
            if duty in steps:
                assert steps[duty]["headline"] in text
    # The practice standards' discussion, record and conference are all on the page at once.
    ps = next(v for v in expected["views"] if v["procedure"] == "practice-standards-2025")
    assert {s["duty"] for st in ps["stages"] for s in st["steps"]} >= set(DUTIES)


def test_christmas_eve_counts(page, capsys):
    """The Christmas Eve question as a person answers it here: 3 clicks, 5 typed boxes, 1 submission,
    and the one answer holds the discussion, the record and the conference."""
    page.evaluate("document.querySelector('#timeline-form').reset()")
    counts = {"clicks": 0, "typed": 0, "submissions": 0}
    page.select_option("#timeline-procedure", "practice-standards-2025")
    counts["clicks"] += 1  # a choice in a list (two taps on a phone's picker)
    page.check("#timeline-event-referral-received")
    counts["clicks"] += 1
    for key, value in BOXES.items():
        page.fill(f"#timeline-at-{key}", value)
        counts["typed"] += 1
    page.click("#timeline-submit")
    counts["clicks"] += 1
    counts["submissions"] += 1
    page.wait_for_selector("#timeline-result .sdh-result__title", timeout=30_000)
    text = page.inner_text("#timeline-result")
    steps = {s["duty"]: s for st in python("practice-standards-2025")["views"][0]["stages"] for s in st["steps"]}
    for duty in DUTIES:
        assert steps[duty]["headline"] in text
    assert counts == {"clicks": 3, "typed": 5, "submissions": 1}
    with capsys.disabled():
        print(f"\nChristmas Eve on the timeline page: {counts} (before: 9 clicks, 8 typed fields, 2 submissions)")


def test_a_known_time_recomputes_the_chain(page):
    ask(page, "practice-standards-2025", {"strategy-discussion-held": KNOWN_BOXES})
    expected = assert_same_as_python(page, "practice-standards-2025", KNOWN)
    before = python("practice-standards-2025")
    record = lambda r: [s for st in r["views"][0]["stages"] for s in st["steps"] if s["duty"] == "circulate-record"][0]
    assert record(expected)["due"] and record(expected)["headline"] != record(before)["headline"]
    assert record(expected)["headline"] in page.inner_text("#timeline-result")
    # "Check your answers" repeats the known time, with a Change link to its boxes.
    rows = page.locator("#timeline-result [data-check-answers] .sdh-summary-list__row").all_inner_texts()
    assert [r.split("\n")[0] for r in rows] == [row["key"] for row in expected["check"]]
    page.click('[data-change="known-strategy-discussion-held"]')
    assert page.evaluate("document.activeElement.id") == "timeline-known-strategy-discussion-held-day"
    page.click('[data-change="procedure"]')
    assert page.evaluate("document.activeElement.id") == "timeline-procedure"


def test_copy_as_text_gives_the_answer_with_citations(page):
    ask(page, "practice-standards-2025")
    page.click("#timeline-result [data-copy-text]")
    page.locator("[data-take-away-status]:not(:empty)").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    expected = python("practice-standards-2025")
    assert copied == expected["text"]
    assert "Source: Practice standards (2025)" in copied and ".txt" not in copied
    for s in (s for st in expected["views"][0]["stages"] for s in st["steps"]):
        assert s["headline"] in copied


def test_copy_falls_back_to_selected_text(page):
    ask(page, "practice-standards-2025")
    page.evaluate("""() => { window.sdhTestWrite = navigator.clipboard.writeText;
                              navigator.clipboard.writeText = () => Promise.reject(new Error('refused')); }""")
    page.click("#timeline-result [data-copy-text]")
    box = page.locator("#timeline-result [data-copy-box]")
    box.wait_for(state="visible")
    assert box.input_value() == python("practice-standards-2025")["text"]
    assert page.evaluate("document.activeElement.matches('[data-copy-box]')")
    assert page.evaluate("getSelection().toString().length > 0 || "
                         "document.activeElement.selectionEnd - document.activeElement.selectionStart > 0")
    page.evaluate("() => { navigator.clipboard.writeText = window.sdhTestWrite; }")


def _starts(ics: bytes) -> set[tuple[str, str]]:
    cal = icalendar.Calendar.from_ical(ics)
    out = set()
    for ev in cal.walk("VEVENT"):
        start = ev.decoded("DTSTART")
        when = start.astimezone(timezone.utc).isoformat() if isinstance(start, datetime) else start.isoformat()
        out.add((str(ev["SUMMARY"]), when))
    return out


@pytest.mark.parametrize("procedure", ["practice-standards-2025", "all"])
def test_calendar_file_parses_and_holds_the_dates(page, procedure):
    ask(page, procedure)
    with page.expect_download() as info:
        page.click("#timeline-result [data-calendar]")
    download = info.value
    assert download.suggested_filename == "case-timeline.ics"
    got = _starts(Path(download.path()).read_bytes())
    expected = python(procedure)
    want = set()
    for answer, view in zip(expected["answers"], expected["views"]):
        for stage, stage_view in zip(answer["stages"], view["stages"]):
            for step, step_view in zip(stage["steps"], stage_view["steps"]):
                due = calendar_file.step_due(step)
                if due:
                    key = datetime.fromisoformat(due).astimezone(timezone.utc).isoformat() if "T" in due \
                        else date.fromisoformat(due).isoformat()
                    want.add((f"{view['heading']}: {step_view['headline']}", key))
    assert want and got == want
    assert not download.url.startswith("http")  # made in the page (a blob: address), not fetched


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def _print_button_pdf(page, result: str) -> bytes:
    page.evaluate("window.print = () => {}")  # the button's own preparation, without the dialog
    page.click(f"{result} [data-print]")
    pdf = page.pdf(format="A4")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)  # kept for a reviewer, beside the screenshots
    (SCREENSHOTS / f"print-{result.strip('#')}.pdf").write_bytes(pdf)
    page.evaluate("document.documentElement.classList.remove('sdh-printing');"
                  "document.querySelectorAll('.sdh-print-target').forEach((n) => n.classList.remove('sdh-print-target'))")
    return pdf


def test_print_fits_two_a4_pages(page):
    ask(page, "practice-standards-2025")
    pdf = _print_button_pdf(page, "#timeline-result")
    assert 1 <= _pdf_pages(pdf) <= 2, _pdf_pages(pdf)
    # Printed without the button too (Ctrl+P): the form and the site's furniture are left out.
    assert _pdf_pages(page.pdf(format="A4")) <= 3


def test_the_deadline_answer_prints_on_two_a4_pages_at_most(context):
    pg = context.new_page()
    pg.goto("timing/")
    wait_ready(pg)
    pg.select_option("#deadlines-procedure", "practice-standards-2025")
    pg.check("#deadlines-event-referral-received")
    for key, value in BOXES.items():
        pg.fill(f"#deadlines-at-{key}", value)
    pg.click("#deadlines-submit")
    pg.wait_for_selector("#deadlines-result .sdh-result__title", timeout=30_000)
    pdf = _print_button_pdf(pg, "#deadlines-result")
    assert 1 <= _pdf_pages(pdf) <= 2, _pdf_pages(pdf)
    # The deadline answer has copy and start again too.
    pg.click("#deadlines-result [data-copy-text]")
    pg.locator("[data-take-away-status]:not(:empty)").wait_for()
    expected = json.loads(run("deadlines", json.dumps({"procedure": "practice-standards-2025", **CHRISTMAS_EVE})))
    assert pg.evaluate("navigator.clipboard.readText()") == expected["text"]
    # "Check your answers" with "Change", and "Start again", on the deadline tool too.
    rows = pg.locator("#deadlines-result [data-check-answers] .sdh-summary-list__key").all_inner_texts()
    assert rows == [r["key"] for r in expected["check"]]
    pg.click('#deadlines-result [data-change="at"]')
    assert pg.evaluate("document.activeElement.id") == "deadlines-at-day"
    pg.click("#deadlines-result [data-start-again]")
    assert pg.inner_text("#deadlines-result") == ""
    assert pg.evaluate("document.activeElement.id") == "deadlines-procedure"
    pg.close()


def test_start_again_clears_and_focuses_the_first_question(page):
    ask(page, "practice-standards-2025", {"strategy-discussion-held": KNOWN_BOXES})
    page.click("#timeline-result [data-start-again]")
    assert page.inner_text("#timeline-result") == ""
    assert page.evaluate("document.activeElement.id") == "timeline-procedure"
    assert page.input_value("#timeline-procedure") == ""
    values = page.eval_on_selector_all("#timeline-form input[type=text]", "els => els.map((e) => e.value)")
    assert not any(values)
    assert not page.eval_on_selector_all("#timeline-form input:checked", "els => els.length")


def test_nothing_kept_and_axe_clean(page, site_url):
    ask(page, "all", {"strategy-discussion-held": KNOWN_BOXES})
    assert page.url == site_url + "timeline/"
    assert page.evaluate(STORED) == NOTHING_STORED
    page.click("#timeline-result [data-copy-text]")
    assert page.url == site_url + "timeline/"
    assert run_axe(page) == []
    page.evaluate("document.querySelectorAll('#timeline-result details').forEach((d) => d.open = true)")
    assert run_axe(page) == []


def test_events_a_procedure_does_not_know_are_not_offered(page):
    page.evaluate("document.querySelector('#timeline-form').reset()")
    from calculators.rulebook import load

    rb = load()
    for proc in rb.procedures.values():
        page.select_option("#timeline-procedure", proc.id)
        shown = page.eval_on_selector_all("#timeline-form .sdh-radios__item:not([hidden]) input", "els => els.map((e) => e.value)")
        assert shown == [e for e in rb.events if e in proc.event_ids()]


def test_keyboard_only(context):
    """Tab through the form, choose with the arrow keys and Space, type the date, Enter: visible focus throughout."""
    pg = context.new_page()
    pg.goto("timeline/")
    wait_ready(pg)
    stops = []
    for _ in range(120):
        pg.keyboard.press("Tab")
        focus = pg.evaluate(FOCUSED)
        if focus["inTool"]:
            stops.append(focus["id"])
            assert focus["visible"], f"no visible focus on {focus}"
        if focus["id"] == "timeline-procedure":
            pg.keyboard.press("ArrowDown")
            pg.keyboard.press("ArrowDown")  # the second procedure
        if focus["id"].startswith("timeline-event-"):
            pg.keyboard.press("Space")
        if focus["id"].startswith("timeline-at-") and focus["id"] != "timeline-at-offset":
            pg.keyboard.type(BOXES[focus["id"].removeprefix("timeline-at-")])
        if focus["id"] == "timeline-submit":
            pg.keyboard.press("Enter")
            break
    else:
        pytest.fail(f"Tab never reached the button; stops: {stops}")
    assert stops[0] == "timeline-procedure", stops
    pg.wait_for_selector("#timeline-result .sdh-result__title", timeout=30_000)
    assert pg.evaluate("document.activeElement.id") == "timeline-result-title"
    procedure = pg.input_value("#timeline-procedure")
    event = pg.eval_on_selector("input[name='timeline-event']:checked", "e => e.value")
    shown = pg.evaluate(READ)
    expected = json.loads(run("timeline", json.dumps({"procedure": procedure, "event": event, "at": CHRISTMAS_EVE["at"]})))
    assert [s["heading"] for s in shown] == [v["heading"] for v in expected["views"]]
    assert [x["headline"] for st in shown[0]["stages"] for x in st["steps"]] == \
        [x["headline"] for st in expected["views"][0]["stages"] for x in st["steps"]]
    # The buttons after the answer are reached by Tab too.
    for _ in range(400):
        pg.keyboard.press("Tab")
        if pg.evaluate("document.activeElement.matches('[data-start-again]')"):
            break
    else:
        pytest.fail("Tab never reached Start again")
    pg.keyboard.press("Enter")
    assert pg.evaluate("document.activeElement.id") == "timeline-procedure"
    pg.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_screenshots(context, width):
    pg = context.new_page()
    pg.set_viewport_size({"width": width, "height": 900})
    pg.goto("timeline/")
    wait_ready(pg)
    ask(pg, "practice-standards-2025")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SCREENSHOTS / f"timeline-{width}.png"), full_page=True)
    ask(pg, "all")
    pg.screenshot(path=str(SCREENSHOTS / f"timeline-all-{width}.png"), full_page=True)
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    pg.close()


def test_home_page_links_to_the_timeline_and_the_tools(context):
    from calculators.rulebook import load

    rb = load()
    pg = context.new_page()
    pg.set_viewport_size({"width": 390, "height": 844})
    pg.goto("./")
    links = pg.locator(".sdh-tool-list a")
    names = links.all_inner_texts()
    tools = [t for t in [*rb.computed_tools.values(), *rb.tools.values()] if t.page]
    assert names[0] == rb.tool_of_kind("timeline").title
    assert sorted(names) == sorted(t.title for t in tools)
    box = links.first.bounding_box()
    assert box is not None and box["y"] < 844  # on the first screen of a phone
    pg.close()
