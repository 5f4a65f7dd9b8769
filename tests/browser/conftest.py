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
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

if importlib.util.find_spec("playwright") is None:
    collect_ignore_glob = ["test_*.py"]

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-breakpad",
    "--disable-quic",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
    "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
]
#: How long the tool may take to start (Pyodide + wheels) on a busy 2-core machine.
START_TIMEOUT_MS = 60_000


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
    from build_tools.serve import make_server

    server = make_server(SITE, port=0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class RequestLog:
    """Every URL requested in the browser contexts of the session, and every failure."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.failed: list[str] = []
        self.lock = threading.Lock()

    def record(self, request) -> None:
        with self.lock:
            self.urls.append(request.url)

    def response(self, response) -> None:
        if response.status >= 400:
            with self.lock:
                self.failed.append(f"{response.status} {response.url}")

    def watch(self, context) -> None:
        context.on("request", self.record)
        context.on("response", self.response)

    def foreign(self) -> list[str]:
        bad = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.scheme not in ("http", "https") or parts.hostname != "127.0.0.1":
                bad.append(url)
        return bad


@pytest.fixture(scope="session")
def request_log():
    log = RequestLog()
    yield log
    foreign = log.foreign()
    assert not foreign, f"requests left the local server: {foreign[:10]}"
    assert not log.failed, f"requests the site could not answer: {log.failed[:10]}"
    assert log.urls, "no request was recorded: the log is not watching"


class Violations:
    """Content-Security-Policy violations and page errors seen in a context."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def watch(self, context) -> None:
        def console(message):
            text = message.text
            if "Content Security Policy" in text or "Refused to" in text:
                self.messages.append(text)

        context.on("console", console)
        context.on("weberror", lambda e: self.messages.append(f"page error: {e.error}"))


@pytest.fixture(scope="session")
def violations():
    seen = Violations()
    yield seen
    assert not seen.messages, f"policy violations or page errors: {seen.messages[:10]}"


def new_context(browser, request_log, violations, **kwargs):
    context = browser.new_context(**kwargs)
    request_log.watch(context)
    violations.watch(context)
    return context


@pytest.fixture(scope="session")
def shared_context(browser, site_url, request_log, violations):
    context = new_context(browser, request_log, violations, base_url=site_url,
                          viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def wait_ready(page):
    page.wait_for_selector(".sdh-tool [data-status='ready'], .sdh-tool [data-status='failed']",
                           timeout=START_TIMEOUT_MS)
    status = page.locator(".sdh-tool [data-status]")
    assert status.get_attribute("data-status") == "ready", status.inner_text()


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
