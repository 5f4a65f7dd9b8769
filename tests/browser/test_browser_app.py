"""The handbook as an app (issue 16, items 7 and 8): a valid manifest Chromium accepts for
installing, the "ready to use offline" note once the service worker has precached, a note
to reload when a newer build is published, the device's light or dark setting followed
with nothing stored, and axe clean in both schemes."""

from __future__ import annotations

import json
import re

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, ROOT, SITE, new_context, wait_ready
from deadline_form import fill, submit
from page_checks import NOTHING_STORED, STORED, run_axe

from build_tools.site_pages import OFFLINE_READY, RELOAD

STORAGE_NAME = re.compile(r"\b\d{3}_[0-9a-f]{16}\b|\.txt\b")
SCREENSHOTS = ROOT / "test-results" / "screenshots"
#: Pages read in both schemes: the new ones, a procedure's, and a chapter with its tool.
PAGES = ["", "sources/", "whats-new/", "performance/", "procedures/practice-standards-2025/", "training/",
         "training/christmas-eve-referral/", "compare/timescales/"]


@pytest.fixture()
def context_of(browser, site_url, request_log, violations):
    """A fresh browser profile (``context_of(color_scheme=..., ...)``), closed after the test."""
    made = []

    def make(**kwargs):
        kwargs.setdefault("viewport", {"width": 1280, "height": 900})
        context = new_context(browser, request_log, violations, base_url=site_url, **kwargs)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


def test_the_manifest_is_valid_and_chromium_can_install_the_handbook(browser_type, site_url, request_log, violations,
                                                                      tmp_path):
    # A profile on disk: Chromium never offers to install from an incognito one, which is what
    # the session's contexts are.
    context = browser_type.launch_persistent_context(str(tmp_path / "profile"), executable_path=CHROMIUM,
                                                     args=CHROMIUM_ARGS, base_url=site_url)
    request_log.watch(context)
    violations.watch(context)
    try:
        _check_installable(context.new_page())
    finally:
        context.close()


def _check_installable(page):
    page.goto("")
    # Chromium judges installability once the service worker controls the page.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=90_000)
    manifest = page.evaluate("""async () => {
      const link = document.querySelector('link[rel="manifest"]');
      const url = new URL(link.getAttribute('href'), location.href);
      const data = await (await fetch(url)).json();
      for (const icon of data.icons) {
        const bitmap = await createImageBitmap(await (await fetch(new URL(icon.src, url))).blob());
        icon.decoded = `${bitmap.width}x${bitmap.height}`;
      }
      return data;
    }""")
    assert manifest["name"] and manifest["short_name"]
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == (".", ".", "standalone")
    assert manifest["theme_color"] and manifest["background_color"]
    assert all(icon["decoded"] == icon["sizes"] for icon in manifest["icons"]), manifest["icons"]
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    cdp = page.context.new_cdp_session(page)
    parsed = cdp.send("Page.getAppManifest")
    assert parsed.get("errors") == [], parsed.get("errors")
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []


def test_the_offline_copy_says_when_it_is_ready(context_of):
    page = context_of().new_page()
    page.goto("sources/")
    note = page.locator(".sdh-app-note")
    assert note.get_attribute("role") == "status" and note.get_attribute("aria-live") == "polite"
    assert note.inner_text() == ""
    page.wait_for_function("(words) => document.querySelector('.sdh-app-note').textContent === words",
                           arg=OFFLINE_READY, timeout=90_000)
    # Ready means precached: the service worker is active and answers for every page.
    assert page.evaluate("async () => (await navigator.serviceWorker.ready).active.state") == "activated"
    assert note.is_visible()
    assert page.evaluate(STORED) == NOTHING_STORED
    # A later visit says nothing: the copy was already there.
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_timeout(500)
    assert page.locator(".sdh-app-note").inner_text() == ""


def test_an_open_tab_is_told_when_a_newer_build_is_published(context_of):
    context = context_of(service_workers="block")
    page = context.new_page()
    shown = json.loads((SITE / "version.json").read_text())["version"]
    page.goto("whats-new/")
    assert page.get_attribute("[data-handbook-version]", "data-handbook-version") == shown
    page.wait_for_timeout(500)
    assert page.locator(".sdh-app-note").inner_text() == "", "the same build must not ask for a reload"
    # The server now has a newer build: the tab, shown again, is told.
    page.route("**/version.json", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps({"version": shown + "-newer"})))
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    page.wait_for_function("(words) => document.querySelector('.sdh-app-note').textContent === words", arg=RELOAD)
    assert page.evaluate(STORED) == NOTHING_STORED


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_follows_the_device_and_axe_finds_nothing(context_of, scheme):
    context = context_of(color_scheme=scheme, service_workers="block")
    page = context.new_page()
    expected = "slate" if scheme == "dark" else "default"
    for path in PAGES:
        page.goto(path)
        assert page.get_attribute("body", "data-md-color-scheme") == expected, path
        assert run_axe(page) == [], path
    page.goto("timing/")
    wait_ready(page)
    assert run_axe(page) == []
    fill(page, "practice-standards-2025", "referral-received", "2026-12-24T16:30")
    assert submit(page) == "answer"
    assert run_axe(page) == []
    # The answer's citations name the document for a reader, never its storage file.
    answer = page.inner_text("#deadlines-result")
    assert "Practice standards (2025)" in answer and not STORAGE_NAME.search(answer)
    # An error, in the scheme: the error summary and the marked fields.
    fill(page, "practice-standards-2025", "referral-received",
         {"day": "31", "month": "2", "year": "2026", "hour": "", "minute": ""})
    assert submit(page) == "errors"
    assert run_axe(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".sdh-tool").first.screenshot(path=str(SCREENSHOTS / f"app-tool-errors-{scheme}.png"))
    # The scheme is the device's, read afresh: nothing is kept (Material's toggle would store __palette).
    assert page.evaluate(STORED) == NOTHING_STORED


def test_the_scheme_changes_with_the_device_setting(context_of):
    page = context_of(service_workers="block").new_page()
    page.goto("sources/")
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    page.emulate_media(color_scheme="light")
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'default'")
    assert page.evaluate(STORED) == NOTHING_STORED
