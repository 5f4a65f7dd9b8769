"""What the browser tests share, in a module of its own name.

Test modules import from here, not from ``conftest``: when pytest runs this folder with
another that has a conftest.py of its own (tests/pages), the name ``conftest`` may be
the other folder's.
"""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import urlsplit

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


def new_context(browser, request_log, violations, **kwargs):
    context = browser.new_context(**kwargs)
    request_log.watch(context)
    violations.watch(context)
    return context


def wait_ready(page):
    page.wait_for_selector(".sdh-tool [data-status='ready'], .sdh-tool [data-status='failed']",
                           timeout=START_TIMEOUT_MS)
    status = page.locator(".sdh-tool [data-status]")
    assert status.get_attribute("data-status") == "ready", status.inner_text()
