"""The seven decision tools in their chapters: every worked check through the real page, CPython
parity, wrong input, keyboard only, accessibility with an answer and with errors, privacy,
and the seen-alone draft record (copy and print)."""

from __future__ import annotations

import json

import pytest
from browser_support import wait_ready
from decision_form import PAGE_OF, RULEBOOK, fill, read_answer, read_errors, request_for, submit
from page_checks import FOCUSED, NOTHING_STORED, STORED, run_axe
from wrong_input import decision_cases

from build_tools.fences.base import render_markdown
from calculators.web import run

SLUGS = list(PAGE_OF)
CHECKS = sorted(
    ((check.tool, proc.id, i, check) for proc in RULEBOOK.procedures.values() for i, check in enumerate(proc.checks)),
    key=lambda c: SLUGS.index(c[0]),
)
GUIDANCE = {g.id: g for proc in RULEBOOK.procedures.values() for g in proc.guidance}


def test_every_tool_has_a_chapter_and_every_check_a_tool():
    assert set(PAGE_OF) == set(RULEBOOK.tools)
    assert {c[0] for c in CHECKS} == set(RULEBOOK.tools)


def python_answer(slug: str, request: dict) -> dict:
    return json.loads(run(slug, json.dumps(request)))


def grouped_levels(lines: list[dict]) -> list[list[str]]:
    """Consecutive lines of one level under one heading: [[level, label], ...]."""
    out: list[list[str]] = []
    for line in lines:
        if not out or out[-1][0] != line["level"]:
            out.append([line["level"], line["level_label"]])
    return out


def assert_same_as_python(page, slug: str, request: dict) -> list[dict]:
    """The page's whole answer is CPython's answer for the same request, line by line."""
    shown = read_answer(page, slug)
    expected = python_answer(slug, request)
    assert expected["ok"], expected
    assert [a["procedure"] for a in shown] == [a["procedure"] for a in expected["answers"]]
    # The question asked, above the answers, with a "Change" link on each row: Python's words
    # (presenter.tool_recap, check_answers.decision_rows), as placed.
    asked = page.evaluate(
        "(slug) => Array.from(document.querySelectorAll(`#${slug}-result [data-check-answers] .sdh-summary-list__row`))"
        ".map((r) => [r.querySelector('dt').textContent, r.querySelector('dd').textContent,"
        " r.querySelector('[data-change]').dataset.change])", slug)
    assert asked == [[r["key"], r["value"], r["field"]] for r in expected["check"]]
    # The build's rendering of each line's statement, as the browser serialises it.
    built = page.evaluate(
        "(list) => list.map((html) => { const t = document.createElement('template'); t.innerHTML = html;"
        " return t.innerHTML; })",
        [render_markdown(GUIDANCE[ln["item"]].statement) for a in expected["answers"] for ln in a["lines"]],
    )
    built_by_item = dict(zip([ln["item"] for a in expected["answers"] for ln in a["lines"]], built))
    for got, want in zip(shown, expected["answers"]):
        where = f"{slug} / {want['procedure']}"
        assert got["summary"] == (want["summary"] or {}).get("id"), where
        if want["summary"]:
            assert want["summary"]["label"] in got["summary_text"], where
        assert [(ln["item"], ln["due"]) for ln in got["lines"]] == \
            [(ln["item"], ln["due"] or "") for ln in want["lines"]], where
        assert [ln["level"] for ln in got["lines"]] == [ln["level"] for ln in want["lines"]], where
        assert got["levels"] == grouped_levels(want["lines"]), where
        assert got["factors"] == [[f["id"], f["present"]] for f in want.get("factors") or []], where
        assert got["not_addressed"] == want["not_addressed"], where
        assert got["warnings"] == want["warnings"], where
        assert got["silent"] == want["silent"], where
        assert got["draft"] == want.get("record_draft"), where
        assert got["caveat"] == want["caveat"], where
        assert "the decision stays with the professionals" in got["caveat"]
        for g_line, w_line in zip(got["lines"], want["lines"]):
            item = GUIDANCE[w_line["item"]]
            # The statement and notes are the build's rendering of this very item.
            assert g_line["statement_html"] == built_by_item[w_line["item"]]
            assert len(g_line["notes_html"]) == len(item.notes)
            c = w_line["citation"]
            for part in (c["source"], c["section"], c["quote"]):
                assert part in g_line["text"], (where, w_line["item"], part)
            if w_line["due_text"]:
                assert w_line["due_text"] in g_line["text"]
            assert g_line["working"] == w_line["working"]
    return shown


@pytest.mark.parametrize("slug, proc_id, index, check", CHECKS,
                         ids=[f"{proc}-{slug}-{i}" for slug, proc, i, _ in CHECKS])
def test_worked_check_answered_through_the_page(decision_page, slug, proc_id, index, check):
    page = decision_page(slug)
    fill(page, slug, proc_id, check.facts)
    assert submit(page, slug) == "answer", read_errors(page, slug)
    request = request_for(proc_id, check.facts, slug)
    # What the page sends (text, as a form gives) means what the rulebook's facts mean.
    native = json.loads(run(slug, json.dumps({"procedure": proc_id, "facts": check.facts})))
    assert native == python_answer(slug, request)
    [answer] = assert_same_as_python(page, slug, request)
    items = [ln["item"] for ln in answer["lines"]]
    for item in check.expect:
        assert item in items, f"{check.name}: {item} missing from {items}"
    for item in check.absent:
        assert item not in items, f"{check.name}: {item} should not be there"
    if check.summary:
        assert answer["summary"] == check.summary, check.name
    dues = {ln["item"]: ln["due"] for ln in answer["lines"]}
    for item, due in check.due.items():
        assert dues[item] == due, check.name


@pytest.mark.parametrize("slug", SLUGS)
def test_all_procedures_side_by_side(decision_page, slug):
    page = decision_page(slug)
    check = next(c for s, _, _, c in CHECKS if s == slug)
    fill(page, slug, "all", check.facts)
    assert submit(page, slug) == "answer", read_errors(page, slug)
    shown = assert_same_as_python(page, slug, request_for("all", check.facts, slug))
    assert [a["procedure"] for a in shown] == list(RULEBOOK.procedures)
    # Every procedure is offered; one that says nothing says so, in its own block.
    for a in shown:
        proc = RULEBOOK.procedures[a["procedure"]]
        assert bool(a["silent"]) == (not proc.guidance_for(slug))


def test_change_moves_the_focus_to_the_question(decision_page):
    """GOV.UK "check your answers": each row of the question asked has a "Change" link that takes
    the reader back to that question, with nothing put in the address."""
    slug = "joint-investigation"
    page = decision_page(slug)
    check = next(c for s, _, _, c in CHECKS if s == slug)
    fill(page, slug, "all", check.facts)
    assert submit(page, slug) == "answer", read_errors(page, slug)
    url = page.url
    fields = page.eval_on_selector_all(f"#{slug}-result [data-change]", "(links) => links.map((a) => a.dataset.change)")
    assert fields[0] == "procedure" and len(fields) > 1
    for field in fields:
        page.click(f"#{slug}-result [data-change='{field}']")
        assert page.evaluate("(f) => document.activeElement.closest('[data-field]').dataset.field", field) == field
    assert page.url == url


def test_every_procedure_is_offered_and_silence_is_marked(decision_page):
    for slug in SLUGS:
        page = decision_page(slug)
        options = page.eval_on_selector_all(f"#{slug}-procedure option", "els => els.map(e => [e.value, e.textContent])")
        # None chosen first ("Choose a procedure"), then each procedure, then all side by side.
        assert [v for v, _ in options] == ["", *RULEBOOK.procedures, "all"]
        for value, text in options[1:-1]:
            silent = not RULEBOOK.procedures[value].guidance_for(slug)
            assert ("says nothing" in text) == silent, (slug, value)


# ------------------------------------------------------------------ wrong input

# name: (tool, procedure, facts, {field: id the summary links to}, typed box by box): the same
# cases as the Python tests (tests/cases/wrong_input.toml says what each part means).
WRONG_INPUT = decision_cases()


def python_facts(facts: dict, slug: str) -> dict:
    """The facts as the page sends them: a date or date and time as the boxes typed."""
    tool = RULEBOOK.tools[slug]
    out = {}
    for key, value in facts.items():
        kind = tool.field(key).kind if tool.field(key) else ""
        if isinstance(value, str) and kind in ("date", "datetime"):
            y, mo, d = value[:10].split("-")
            value = {"day": d, "month": mo, "year": y}
            if kind == "datetime":
                h, mi = facts[key][11:16].split(":")
                value.update(hour=h, minute=mi, offset="")
        elif isinstance(value, dict) and kind == "datetime":
            value = {"offset": "", **value}
        out[key] = value
    return out


@pytest.mark.parametrize("name", WRONG_INPUT)
def test_wrong_input_shows_the_error_summary_and_the_message_at_the_field(decision_page, site_url, name):
    slug, procedure, facts, targets, _typed_as_boxes = WRONG_INPUT[name]
    page = decision_page(slug)
    fill(page, slug, procedure, facts)
    assert submit(page, slug) == "errors"
    shown = read_errors(page, slug)
    assert shown["focused"] == f"{slug}-error-summary"
    assert page.locator(f"#{slug}-result").inner_text() == ""
    # In the form's order; a field with two problems has two items, both linking to it.
    linked = [item["target"] for item in shown["summary"]]
    assert list(dict.fromkeys(linked)) == list(targets.values())
    for field, target in targets.items():
        assert shown["fields"][field]["error"], field
        assert shown["fields"][field]["message"].startswith("Error:")
        for item in (i for i in shown["summary"] if i["target"] == target):
            assert item["href"] == f"#{target}"
            assert item["text"] in shown["fields"][field]["message"]
    for field, state in shown["fields"].items():
        if field not in targets:
            assert not state["error"] and not state["message"], field
    # Python's own words, for every problem Python found.
    expected = python_answer(slug, request_for(procedure, python_facts(facts, slug), slug))
    assert not expected["ok"]
    texts = [i["text"] for i in shown["summary"]]
    assert sorted(texts) == sorted(e["message"] for e in expected["errors"])
    # The summary's link takes focus to the field, and the address does not change.
    first = shown["summary"][0]
    page.click(f"#{slug}-error-summary a[data-target='{first['target']}']")
    assert page.evaluate("document.activeElement.id") == first["target"]
    assert page.url == site_url + PAGE_OF[slug]


# ------------------------------------------------------------------ keyboard only


def test_keyboard_only_seen_alone(shared_context):
    """Tab through the form, arrows in the procedure list and the radio groups, Space for the boxes,
    typing in the text boxes, Enter on the button: a visible focus at every stop."""
    page = shared_context.new_page()
    page.goto(PAGE_OF["seen-alone"])
    wait_ready(page)
    stops = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUSED)
        if not focus["inTool"]:
            continue
        stops.append(focus["id"])
        assert focus["visible"], f"no visible focus on {focus}"
        fid = focus["id"]
        if fid == "seen-alone-procedure":
            page.keyboard.press("ArrowDown")  # none is chosen at first: down twice, the practice standards
            page.keyboard.press("ArrowDown")
        elif fid == "seen-alone-seen-alone-yes":
            page.keyboard.press("ArrowRight")  # moves to, and chooses, "No"
        elif fid in ("seen-alone-reasons-refusing", "seen-alone-reasons-other"):
            page.keyboard.press("Space")
        elif fid == "seen-alone-present":
            page.keyboard.type("Her mother, who would not leave the room")
        elif fid == "seen-alone-other-reason":
            page.keyboard.type("Her mother would not allow it")
        elif fid == "seen-alone-other-children-yes":
            page.keyboard.press("Space")
        elif fid == "seen-alone-submit":
            page.keyboard.press("Enter")
            break
    else:
        pytest.fail(f"Tab never reached the button; stops: {stops}")
    assert stops[0] == "seen-alone-procedure", stops
    # The arrows chose within the list and the radio group; Tab left each group after one stop.
    assert page.input_value("#seen-alone-procedure") == "practice-standards-2025"
    assert page.is_checked("#seen-alone-seen-alone-no")
    assert stops.count("seen-alone-seen-alone-yes") == 1 and "seen-alone-seen-alone-no" not in stops
    page.wait_for_selector("#seen-alone-result .sdh-result__title", timeout=30_000)
    assert page.evaluate("document.activeElement.id") == "seen-alone-result-title"
    facts = {"seen-alone": False, "reasons": ["refusing", "other"], "present": "Her mother, who would not leave the room",
             "other-reason": "Her mother would not allow it", "other-children": True}
    [answer] = assert_same_as_python(page, "seen-alone", request_for("practice-standards-2025", facts, "seen-alone"))
    assert answer["summary"] == "not-listed"
    assert "Her mother would not allow it" in answer["draft"]
    page.close()


# ------------------------------------------------------------------ accessibility, privacy

FIRST_WRONG = {slug: next(n for n, case in WRONG_INPUT.items() if case[0] == slug) for slug in SLUGS}


@pytest.mark.parametrize("slug", SLUGS)
def test_no_wcag_violation_with_an_answer_or_errors_on_show(decision_page, slug):
    page = decision_page(slug)
    check = next(c for s, _, _, c in CHECKS if s == slug and c.due) if slug == "missing-child" else \
        next(c for s, _, _, c in CHECKS if s == slug)
    fill(page, slug, "all", check.facts)
    assert submit(page, slug) == "answer"
    page.evaluate(f"document.querySelectorAll('#{slug}-result details').forEach((d) => (d.open = true))")
    assert run_axe(page) == []
    _, procedure, facts, _, _ = WRONG_INPUT[FIRST_WRONG[slug]]
    fill(page, slug, procedure, facts)
    assert submit(page, slug) == "errors"
    assert run_axe(page) == []


@pytest.mark.parametrize("slug", SLUGS)
def test_nothing_typed_is_kept_or_put_in_the_address(decision_page, shared_context, site_url, slug):
    page = decision_page(slug)
    facts = next(c for s, _, _, c in CHECKS if s == slug).facts
    if slug == "seen-alone":
        facts = {**facts, "present": "Zebedee Quinlan-Private, aunt", "dates-seen-alone": ""}
    fill(page, slug, "all", facts)
    assert submit(page, slug) == "answer"
    assert page.url == site_url + PAGE_OF[slug]
    assert page.evaluate(STORED) == NOTHING_STORED
    assert shared_context.cookies() == []
    assert page.evaluate("history.state") in (None, {})
    # Only radio groups have names (a group needs one); no field could be carried by a submission.
    names = page.eval_on_selector_all(f"#{slug}-form [name]", "els => els.filter(e => e.type !== 'radio').length")
    assert names == 0
    if slug == "seen-alone":
        assert "Zebedee" not in page.url and "Zebedee" in page.inner_text("#seen-alone-result")


# ------------------------------------------------------------------ the draft record

DRAFT_FACTS = {"seen-alone": False, "reasons": ["pre-verbal-or-young"], "present": "Her father, as she is 18 months old",
               "other-children": True}


def test_the_draft_record_can_be_copied(decision_page, shared_context, site_url):
    shared_context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = decision_page("seen-alone")
    fill(page, "seen-alone", "practice-standards-2025", DRAFT_FACTS)
    assert submit(page, "seen-alone") == "answer"
    [answer] = read_answer(page, "seen-alone")
    expected = python_answer("seen-alone", request_for("practice-standards-2025", DRAFT_FACTS, "seen-alone"))["answers"][0]
    assert answer["draft"] == expected["record_draft"]
    assert "Her father, as she is 18 months old" in answer["draft"]
    page.click("#seen-alone-result [data-copy]")
    page.wait_for_selector("#seen-alone-result .sdh-draft__status:not(:empty)")
    assert page.evaluate("navigator.clipboard.readText()") == expected["record_draft"]
    assert page.inner_text("#seen-alone-result .sdh-draft__status").startswith("Copied")
    assert page.evaluate(STORED) == NOTHING_STORED


def test_the_draft_record_prints_on_its_own(decision_page):
    page = decision_page("seen-alone")
    fill(page, "seen-alone", "practice-standards-2025", DRAFT_FACTS)
    assert submit(page, "seen-alone") == "answer"
    page.evaluate("window.print = () => {}")  # the dialog itself is the browser's
    page.click("#seen-alone-result [data-print-draft]")
    page.emulate_media(media="print")
    try:
        assert page.locator("#seen-alone-result [data-record-draft]").is_visible()
        style = "(sel) => getComputedStyle(document.querySelector(sel))"
        assert page.evaluate(f"({style})('#seen-alone-form').display") == "none"
        # Left out of the printed layout (display: none), so it takes no blank pages either.
        assert not page.evaluate(f"document.querySelector('#seen-alone-result .sdh-answer__title')"
                                 ".checkVisibility({visibilityProperty: true})")
        assert page.evaluate(f"({style})('#seen-alone-result [data-copy]').display") == "none"
        assert page.evaluate(f"({style})('#seen-alone-result [data-record-draft]').visibility") == "visible"
    finally:
        page.emulate_media(media="screen")
        page.evaluate("document.documentElement.classList.remove('sdh-printing');"
                      "document.querySelectorAll('.sdh-print-target').forEach((n) => n.classList.remove('sdh-print-target'))")


def test_print_this_answer_shows_the_answer_only(decision_page):
    page = decision_page("joint-investigation")
    fill(page, "joint-investigation", "all", {"harm": "single-minor-injury", "age": 6})
    assert submit(page, "joint-investigation") == "answer"
    page.evaluate("window.print = () => {}")
    page.click("#joint-investigation-result [data-print]")
    page.emulate_media(media="print")
    try:
        assert page.locator("#joint-investigation-result").is_visible()
        assert page.evaluate("getComputedStyle(document.querySelector('#joint-investigation-form')).display") == "none"
        assert not page.evaluate("document.querySelector('h1').checkVisibility({visibilityProperty: true})")
    finally:
        page.emulate_media(media="screen")
        page.evaluate("document.documentElement.classList.remove('sdh-printing')")
