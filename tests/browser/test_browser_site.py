"""The site as a whole in the browser: privacy, policy, accessibility, offline."""

from __future__ import annotations

import hashlib
import re
from contextlib import contextmanager

import pytest
from browser_support import SITE, new_context, wait_ready
from deadline_form import fill, read_answer, submit
from page_checks import run_axe

from calculators.rulebook import load

RULEBOOK = load()
PAGES = sorted(
    str(p.relative_to(SITE)).removesuffix("index.html")
    for p in SITE.rglob("*.html")
    if not p.relative_to(SITE).parts[0] in ("pyodide", "wheels")
)
EXAMPLE_RULE, EXAMPLE = next((r, e) for r in RULEBOOK.all_rules() for e in r.examples if r.timescale.unit == "hours")


def compute_example(page):
    fill(page, EXAMPLE_RULE.procedure, EXAMPLE.event, EXAMPLE.at, EXAMPLE.circumstances)
    assert submit(page) == "answer"
    [answer] = read_answer(page)
    [shown] = [d for d in answer["deadlines"] if d["rule"] == EXAMPLE_RULE.id]
    assert shown["due"] == EXAMPLE.due
    return answer


def test_nothing_typed_is_kept_or_put_in_the_address(tool_page, shared_context, site_url):
    compute_example(tool_page)
    assert tool_page.url == site_url + "timing/"
    stored = tool_page.evaluate(
        """async () => ({
          local: localStorage.length,
          session: sessionStorage.length,
          cookie: document.cookie,
          databases: (await indexedDB.databases()).map((d) => d.name),
        })"""
    )
    assert stored == {"local": 0, "session": 0, "cookie": "", "databases": []}
    assert shared_context.cookies() == []
    # Nothing in the page's history entry either.
    assert tool_page.evaluate("history.state") in (None, {})
    # The form's fields have no names: even a submission could not carry them.
    names = tool_page.eval_on_selector_all("#deadlines-form input[name], #deadlines-form select[name]",
                                           "els => [...new Set(els.map(e => e.name))]")
    assert names == ["deadlines-event"]


def test_policy_header_and_meta(tool_page, site_url):
    from build_tools.serve import CONTENT_SECURITY_POLICY

    response = tool_page.request.get(site_url + "timing/")
    assert response.headers["content-security-policy"].startswith(CONTENT_SECURITY_POLICY)
    meta = tool_page.get_attribute("meta[http-equiv='Content-Security-Policy']", "content")
    assert meta == CONTENT_SECURITY_POLICY
    for path, kind in (("pyodide/pyodide.asm.wasm", "application/wasm"), ("pyodide/pyodide.mjs", "text/javascript")):
        assert tool_page.request.get(site_url + path).headers["content-type"].startswith(kind)
    # No inline script runs anywhere: only JSON data blocks are inline.
    for html in SITE.rglob("*.html"):
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html.read_text(), flags=re.S):
            assert "src=" in attrs or "application/json" in attrs, f"inline script in {html}"


def test_the_page_shows_the_rulebook_version(tool_page):
    text = tool_page.inner_text(".sdh-tool .sdh-tool__version")
    assert RULEBOOK.version in text and str(RULEBOOK.date.year) in text


def test_print_view_shows_only_the_answer(tool_page):
    compute_example(tool_page)
    tool_page.evaluate("window.print = () => {}")  # the dialog itself is the browser's
    tool_page.click("#deadlines-result [data-print]")
    tool_page.emulate_media(media="print")
    try:
        assert tool_page.locator("#deadlines-result").is_visible()
        assert tool_page.evaluate("getComputedStyle(document.querySelector('#deadlines-form')).display") == "none"
        # The working stays folded as on screen (so the answer fits a page or two), and a
        # closed fold is not printed at all.
        assert tool_page.evaluate(
            "Array.from(document.querySelectorAll('#deadlines-result details')).every(d => !d.open && !d.checkVisibility())")
    finally:
        tool_page.emulate_media(media="screen")
        tool_page.evaluate("document.documentElement.classList.remove('sdh-printing')")


@pytest.fixture(scope="module")
def axe_context(browser, site_url, request_log, violations):
    context = new_context(browser, request_log, violations, base_url=site_url, viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_wcag_violation_on_any_page(axe_context, path):
    page = axe_context.new_page()
    page.goto(path)
    if page.locator(".sdh-tool").count():
        wait_ready(page)
    assert run_axe(page) == []
    page.close()


def test_no_wcag_violation_with_an_answer_or_errors_on_show(tool_page):
    compute_example(tool_page)
    tool_page.click("#deadlines-result details summary")
    assert run_axe(tool_page) == []
    fill(tool_page, EXAMPLE_RULE.procedure, None, {"day": "31", "month": "2", "year": "2026", "hour": "", "minute": ""})
    assert submit(tool_page) == "errors"
    assert run_axe(tool_page) == []
    fill(tool_page, EXAMPLE_RULE.procedure, EXAMPLE.event, "2026-02-31T10:00")
    assert submit(tool_page) == "errors"
    assert run_axe(tool_page) == []


def test_service_worker_precaches_every_file_by_content(site_url):
    sw = (SITE / "sw.js").read_text()
    manifest = dict(re.findall(r'\{url:"([^"]+)",revision:"([0-9a-f]+)"\}', sw))
    # Everything but the service worker itself, the theme's source maps (for developer tools only)
    # and the zstd and brotli copies (Pyodide's, the memory snapshot's): a first visit downloads
    # one of them, but the offline copy keeps the files themselves and the gzip-compressed snapshot,
    # which the worker inflates itself (a cached .zst or .br would need its Content-Encoding).
    # version.json is left out too: an open tab asks the server for it, to hear of a newer build.
    files = {str(p.relative_to(SITE)) for p in SITE.rglob("*")
             if p.is_file() and p.name not in {"sw.js", "version.json"} and p.suffix not in {".map", ".br", ".zst"}}
    assert "wheels/python-memory.gz" in files
    assert set(manifest) == files
    for name, revision in manifest.items():
        assert hashlib.md5((SITE / name).read_bytes()).hexdigest() == revision, name
    assert "cleanupOutdatedCaches" in sw or "-precache-" in sw


def test_the_offline_copy_waits_until_the_tool_is_ready(browser, site_url, request_log, violations):
    """On a first visit the 15 MB offline copy must not compete with Pyodide's start: the service
    worker is registered only once the tool is ready (register-sw.mjs)."""
    context = new_context(browser, request_log, violations, base_url=site_url)
    try:
        page = context.new_page()
        page.goto("timing/", wait_until="load")
        seen = []
        while True:
            state = page.evaluate(
                """async () => ({
                  ready: performance.getEntriesByName('sdh-tool-ready').length > 0,
                  registered: (await navigator.serviceWorker.getRegistration()) !== undefined,
                })"""
            )
            seen.append(state)
            assert not (state["registered"] and not state["ready"]), seen
            if state["ready"]:
                break
            page.wait_for_timeout(100)
        assert not seen[0]["ready"], "the tool was ready before the page had loaded: nothing was checked"
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)
    finally:
        context.close()


def _search_index_requested(context) -> list[float]:
    """When (ms since 1970) each page of ``context`` asked for the search index."""
    import time

    asked: list[float] = []
    context.on("request", lambda r: "search/search_index.json" in r.url and asked.append(time.time() * 1000))
    return asked


def test_the_search_index_waits_for_the_tool_on_a_tool_page(browser, site_url, request_log, violations):
    """On a tool's page Material's download of the search index is held until the tool is ready
    (search-gate.js), so that on a slow network it does not share the line with Python's files."""
    context = new_context(browser, request_log, violations, base_url=site_url, service_workers="block")
    try:
        asked = _search_index_requested(context)
        page = context.new_page()
        page.goto("timing/")
        wait_ready(page)
        ready_at = page.evaluate("performance.timeOrigin + performance.getEntriesByName('sdh-tool-ready')[0].startTime")
        page.wait_for_function("() => document.querySelector('[data-md-component=search-query]') !== null")
        page.wait_for_timeout(500)
        assert asked and min(asked) >= ready_at - 5, (asked, ready_at)
    finally:
        context.close()


def test_search_opened_before_the_tool_is_ready_answers_at_once(browser, site_url, request_log, violations):
    """A reader who turns to search while Python is still starting is not kept waiting for it: the
    index and Material's search worker are let go at once."""
    context = new_context(browser, request_log, violations, base_url=site_url, service_workers="block",
                          viewport={"width": 1280, "height": 900})
    held = []
    # Python's WebAssembly is held back, so the tool cannot be ready while search is used.
    context.route("**/pyodide/pyodide.asm.wasm", lambda route: held.append(route))
    try:
        asked = _search_index_requested(context)
        page = context.new_page()
        page.goto("timing/", wait_until="load")
        page.click("input.md-search__input")
        page.fill("input.md-search__input", "strategy discussion")
        page.wait_for_selector(".md-search-result__item", timeout=20_000)
        assert asked
        assert not page.evaluate("performance.getEntriesByName('sdh-tool-ready').length")
    finally:
        for route in held:
            route.abort()
        context.close()


def test_works_offline_after_the_first_visit(browser, site_url, request_log, violations):
    context = new_context(browser, request_log, violations, base_url=site_url,
                          viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto("timing/")
        wait_ready(page)
        page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null",
                               timeout=60_000)
        page.evaluate("async () => { await navigator.serviceWorker.ready; }")
        context.set_offline(True)
        page.reload()
        wait_ready(page)
        # From the offline copy, the tool starts from the snapshot it keeps (the gzip-compressed one).
        steps = page.evaluate("(performance.getEntriesByName('sdh-tool-ready')[0] || {}).detail || null")
        assert steps["snapshot"] is True and steps["snapshotFile"] == "python-memory.gz", steps
        compute_example(page)
        # The other pages and the site search work offline too.
        page.goto("./")
        page.click("input.md-search__input")
        page.keyboard.type("working days")
        page.wait_for_selector(".md-search-result__item", timeout=20_000)
    finally:
        context.set_offline(False)
        context.close()


#: The memory snapshot's two copies: refused, the worker starts the ordinary way.
NO_SNAPSHOT = "**/wheels/python-memory.*"


@contextmanager
def fresh_timing_page(browser, site_url, request_log, violations, *, abort: tuple[str, ...] = (),
                      init_script: str | None = None):
    """The timing chapter in a new profile with no service worker, the requests matching
    ``abort`` refused."""
    context = new_context(browser, request_log, violations, base_url=site_url, service_workers="block")
    try:
        for pattern in abort:
            context.route(pattern, lambda route: route.abort())
        if init_script:
            context.add_init_script(init_script)
        page = context.new_page()
        page.goto("timing/")
        yield page
    finally:
        context.close()


def test_a_wheel_that_cannot_be_loaded_is_said_plainly(browser, site_url, request_log, violations):
    """In the ordinary start, a wheel that cannot be fetched stops the tool with a plain message,
    not a silent half-start."""
    with fresh_timing_page(browser, site_url, request_log, violations,
                           abort=(NO_SNAPSHOT, "**/wheels/calculators-*.whl")) as page:
        page.wait_for_selector(".sdh-tool [data-status='failed']", timeout=60_000)
        status = page.inner_text(".sdh-tool [data-status]")
        assert "could not be installed" in status and "table of every timescale" in status
        fill(page, EXAMPLE_RULE.procedure, EXAMPLE.event, EXAMPLE.at, EXAMPLE.circumstances)
        assert submit(page) == "errors"
        assert "could not be installed" in page.inner_text("#deadlines-error-summary")


READY_STEPS = "(performance.getEntriesByName('sdh-tool-ready')[0] || {}).detail || null"


def test_from_the_snapshot_a_wheel_that_cannot_be_fetched_changes_no_answer(browser, site_url, request_log,
                                                                              violations):
    """From the snapshot the wheel's files are only for what might be read later (fetched after
    "ready"): every module and file the tools use is in its memory, so the answers still come."""
    with fresh_timing_page(browser, site_url, request_log, violations,
                           abort=("**/wheels/calculators-*.whl", "**/wheels/calculators-bytecode.zip")) as page:
        wait_ready(page)
        assert page.evaluate(READY_STEPS)["snapshot"] is True
        compute_example(page)


def test_the_worker_imports_the_bytecode_compiled_at_build_time(browser, site_url, request_log, violations):
    """In the ordinary start the worker found the build-time bytecode matching its Python and used
    it (issue 8); the snapshot's modules were imported from it at build time."""
    with fresh_timing_page(browser, site_url, request_log, violations, abort=(NO_SNAPSHOT,)) as page:
        wait_ready(page)
        steps = page.evaluate(READY_STEPS)
        assert steps and steps["snapshot"] is False and steps["bytecode"] is True, steps
        assert 0 <= steps["start"] <= steps["pyodide"] <= steps["installed"] <= steps["imported"]


def test_without_the_bytecode_the_tool_compiles_the_sources_and_answers(browser, site_url, request_log, violations):
    """The bytecode only saves time: if it cannot be fetched, the answers are the same."""
    with fresh_timing_page(browser, site_url, request_log, violations,
                           abort=(NO_SNAPSHOT, "**/wheels/calculators-bytecode.zip")) as page:
        wait_ready(page)
        assert "bytecode" not in page.evaluate(READY_STEPS)
        compute_example(page)


#: Run before the page's own scripts (a test-only script, outside the page's policy).
HIDE_FOR_A_WHILE = """
new MutationObserver((_, observer) => {
  const html = document.documentElement;
  if (!html) return;
  observer.disconnect();
  html.style.setProperty("display", "none", "important");
  setTimeout(() => html.style.removeProperty("display"), 1500);
}).observe(document, { childList: true });
"""


def test_python_starts_only_after_the_first_text_is_painted(browser, site_url, request_log, violations):
    """The worker may be created early, but it calls loadPyodide only after the page's first
    contentful paint: an order of events on the clock pages and workers share, not a timing.
    The page is not displayed for its first second and a half, which holds back the first
    contentful paint without holding back any script: a page that started Python as soon as it
    could would then start it before the text showed.
    (A page opened in a hidden tab paints nothing, and starts Python at once: this one is in front.)"""
    with fresh_timing_page(browser, site_url, request_log, violations, init_script=HIDE_FOR_A_WHILE) as page:
        wait_ready(page)
        steps = page.evaluate(READY_STEPS)
        origin = page.evaluate("performance.timeOrigin")
        fcp = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
        assert steps["startEpoch"] - origin > fcp
