"""Browser tests of the built site: Debian's Chromium driven by pytest-playwright.

`make test-browser` builds the site, then runs these in the site venv. Under the
Python-only venv of `make test-python` (no Playwright) this folder is left out.

One local server (build_tools/serve.py, on a free loopback port) and one browser
context serve most tests, so Pyodide starts once (about 3 s of CPU here). Every request
any page, worker or service worker makes is recorded; the session fails if one went to
another host. Chromium is started so that any other host fails to resolve.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from browser_support import (  # noqa: F401 - also for test modules that import them from here
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    SITE,
    START_TIMEOUT_MS,
    RequestLog,
    Violations,
    new_context,
    wait_ready,
)

if importlib.util.find_spec("playwright") is None:
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.exit(f"{CHROMIUM} is missing: `make test` installs Debian's chromium", returncode=1)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def site_url():
    """The built site, served with build_tools/serve.py on a free loopback port."""
    if not (SITE / "timing" / "index.html").is_file():
        pytest.exit("site/ is not built: run `make site` (make test-browser does)", returncode=1)
    from build_tools.serve import serving

    with serving(SITE) as origin:
        yield f"{origin}/"


@pytest.fixture(scope="session")
def request_log():
    log = RequestLog()
    yield log
    foreign = log.foreign()
    assert not foreign, f"requests left the local server: {foreign[:10]}"
    assert not log.failed, f"requests the site could not answer: {log.failed[:10]}"
    assert log.urls, "no request was recorded: the log is not watching"


@pytest.fixture(scope="session")
def violations():
    seen = Violations()
    yield seen
    assert not seen.messages, f"policy violations or page errors: {seen.messages[:10]}"


@pytest.fixture(scope="session")
def shared_context(browser, site_url, request_log, violations):
    context = new_context(browser, request_log, violations, base_url=site_url,
                          viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture(scope="session")
def timing_page(shared_context, site_url):
    """The timing chapter, open once, with its tool started."""
    page = shared_context.new_page()
    page.goto("timing/")
    wait_ready(page)
    yield page
    page.close()


@pytest.fixture()
def tool_page(timing_page):
    """The timing chapter, in front (a tab left behind another is hidden, and slow to drive)."""
    timing_page.bring_to_front()
    return timing_page


@pytest.fixture(scope="session")
def decision_page(shared_context):
    """The chapter of a decision tool (``decision_page(slug)``), opened once and kept, tool started."""
    from decision_form import PAGE_OF

    pages = {}

    def open_page(slug: str):
        if slug not in pages:
            page = shared_context.new_page()
            page.goto(PAGE_OF[slug])
            wait_ready(page)
            pages[slug] = page
        # A tab left behind another is hidden: no animation frames, throttled timers, slow actions.
        pages[slug].bring_to_front()
        return pages[slug]

    yield open_page
    for page in pages.values():
        page.close()
