"""Both ways the tool's Python starts, through the page: from the build's memory snapshot, and
the ordinary start when the snapshot is missing, damaged or of another build. Same answers.

The worker says how it started in its ready message (`snapshot`, and `snapshotRefused` with
the reason when it fell back), which the page keeps on its ``sdh-tool-ready`` mark. A second
worker, created in the page from the same script, answers every worked example of every
rule, every example of every decision tool and the expected answer of every stage of every
training case, and those answers are compared with CPython's (``calculators.web.run_for_page``, as the worker asks it).
No timing is asserted here: `make bench` measures the speed.
"""

from __future__ import annotations

import gzip
import json
import time

import pytest
from browser_support import SITE, START_TIMEOUT_MS, new_context, wait_ready
from deadline_form import fill, read_errors, submit
from test_browser_deadlines import EXAMPLES, assert_same_as_python

from calculators import training
from calculators.rulebook import load
from calculators.web import run_for_page as run

READY_STEPS = "(performance.getEntriesByName('sdh-tool-ready')[0] || {}).detail || null"
#: Either name of the snapshot: the brotli one a first visit asks for, the gzip one after it.
SNAPSHOT = "**/wheels/python-memory.*"
MANIFEST = json.loads((SITE / "wheels" / "wheels.json").read_text()) if (SITE / "wheels").is_dir() else {}


def every_request() -> list[tuple[str, dict]]:
    rulebook = load()
    requests = [("deadlines", {"procedure": rule.procedure, "event": ex.event, "at": ex.at,
                               "circumstances": list(ex.circumstances)})
                for rule in rulebook.all_rules() for ex in rule.examples]
    requests += [(check.tool, {"procedure": check.procedure, "facts": check.facts})
                 for procedure in rulebook.procedures.values() for check in procedure.checks]
    requests += [("training", {"action": "expected", "scenario": s.id, "stage": stage.id, "procedure": pid})
                 for s in training.load_scenarios().values() for pid in s.procedures for stage in s.stages]
    return requests


#: A worker of the page's own script, in the page: started, asked everything, its answers and ready message returned.
ASK_A_WORKER = """
async (requests) => {
  const worker = new Worker(new URL('../assets/javascripts/tool-worker.mjs', location.href), { type: 'module' });
  const answers = new Map();
  let ready;
  const settled = new Promise((resolve, reject) => {
    worker.onerror = (e) => reject(new Error(e.message));
    worker.onmessage = (event) => {
      const data = event.data;
      if (data.type === 'ready') { ready = data; if (!requests.length) resolve(); }
      else if (data.type === 'failed') reject(new Error(data.message));
      else if (data.type === 'answer') { answers.set(data.id, data.response); if (answers.size === requests.length) resolve(); }
    };
  });
  worker.postMessage({ type: 'start' });
  requests.forEach(([tool, request], id) => worker.postMessage({ id, tool, request: JSON.stringify(request) }));
  await settled;
  worker.terminate();
  return { ready, answers: requests.map((_, id) => answers.get(id)) };
}
"""


def build_id_changed(body: bytes) -> bytes:
    """The snapshot with the runtime's build id in Pyodide's header (bytes 16 to 48 of Python's
    memory, in the stored snapshot's first run, after its own 4-byte length and JSON header) zeroed."""
    data = bytearray(gzip.decompress(body))
    length = int.from_bytes(data[:4], "little")
    assert json.loads(data[4:4 + length])["runs"][0][0] == 0
    data[4 + length + 16:4 + length + 48] = bytes(32)
    return gzip.compress(bytes(data), compresslevel=1)


def made_against_other_memory(body: bytes) -> bytes:
    """The snapshot with the fingerprint of the memory it is a difference from (its base, in its
    own JSON header: memory-snapshot.mjs) changed, as if made against another WebAssembly module."""
    data = bytearray(gzip.decompress(body))
    length = int.from_bytes(data[:4], "little")
    header = json.loads(data[4:4 + length])
    changed = f'{int(header["base"]["fingerprint"], 16) ^ 1:08x}'
    text = data[4:4 + length].decode().replace(header["base"]["fingerprint"], changed)
    assert len(text) == length
    data[4:4 + length] = text.encode()
    return gzip.compress(bytes(data), compresslevel=1)


#: How each case breaks the snapshot: a missing file, a manifest of another build, a snapshot
#: of another Pyodide, one made against other memory, a snapshot that does not inflate.
BREAKS = {
    "missing": lambda route: route.abort(),
    "damaged": lambda route: route.fulfill(status=200, content_type="application/gzip",
                                           body=(SITE / "wheels" / "python-memory.gz").read_bytes()[:4096]),
    "another-runtime": lambda route: route.fulfill(
        status=200, content_type="application/gzip",
        body=build_id_changed((SITE / "wheels" / "python-memory.gz").read_bytes())),
    "other-memory": lambda route: route.fulfill(
        status=200, content_type="application/gzip",
        body=made_against_other_memory((SITE / "wheels" / "python-memory.gz").read_bytes())),
}


def another_build(route) -> None:
    manifest = json.loads(json.dumps(MANIFEST))
    manifest["snapshot"]["key"] = "0" * len(manifest["snapshot"]["key"])
    route.fulfill(status=200, content_type="application/json", body=json.dumps(manifest))


@pytest.fixture()
def page_with(browser, site_url, request_log, violations):
    contexts = []

    def open_timing(break_as: str | None, locale: str = "en-US"):
        context = new_context(browser, request_log, violations, base_url=site_url, service_workers="block",
                              viewport={"width": 1280, "height": 900}, locale=locale)
        contexts.append(context)
        if break_as == "another-build":
            context.route("**/wheels/wheels.json", another_build)
        elif break_as:
            context.route(SNAPSHOT, BREAKS[break_as])
        page = context.new_page()
        page.goto("timing/")
        wait_ready(page)
        return page

    yield open_timing
    for context in contexts:
        context.close()


def answers_of_a_worker(page, requests: list[tuple[str, dict]]) -> tuple[dict, list[dict]]:
    page.set_default_timeout(START_TIMEOUT_MS)
    out = page.evaluate(ASK_A_WORKER, [[tool, request] for tool, request in requests])
    return out["ready"]["timings"], [json.loads(a) for a in out["answers"]]


@pytest.mark.parametrize("locale", ["en-US", "en-GB", "cy-GB"])
def test_the_tool_starts_from_the_snapshot(page_with, locale):
    """In a browser of any language: the memory the stored snapshot is a difference from is the
    WebAssembly module's own as instantiated (memory-snapshot.mjs), before Pyodide's start-up
    writes the browser's language and other things of its own into it."""
    page = page_with(None, locale)
    steps = page.evaluate(READY_STEPS)
    assert steps["snapshot"] is True and "snapshotRefused" not in steps, steps
    assert 0 <= steps["start"] <= steps["restored"] <= steps["imported"]
    # A first visit, from a server that sends it brotli-compressed (build_tools/serve.py): that copy.
    assert steps["snapshotFile"] == MANIFEST["snapshot"]["brotli"], steps


def test_from_the_snapshot_the_wheel_is_fetched_only_after_ready(browser, site_url, request_log, violations):
    """The wheel and the bytecode are for what might be read later: on a start from the snapshot
    they are fetched once the tool is ready (0.4 MB less before it on a slow network), and an
    answer asked at once still comes."""
    context = new_context(browser, request_log, violations, base_url=site_url, service_workers="block")
    try:
        asked: dict[str, float] = {}
        context.on("request", lambda r: asked.setdefault(r.url.rsplit("/", 1)[-1], time.time() * 1000))
        page = context.new_page()
        page.goto("timing/")
        wait_ready(page)
        ready_at = page.evaluate("performance.timeOrigin + performance.getEntriesByName('sdh-tool-ready')[0].startTime")
        _, [answer] = answers_of_a_worker(page, [("deadlines", {"procedure": "all", "event": "referral-received",
                                                                "at": "2026-12-24T16:30"})])
        assert answer["ok"], answer
        for name in (*MANIFEST["wheels"], MANIFEST["bytecode"]["file"]):
            assert name in asked and asked[name] >= ready_at - 5, (name, asked.get(name), ready_at)
    finally:
        context.close()


@pytest.mark.parametrize("break_as", ["missing", "another-build", "another-runtime", "other-memory", "damaged"])
def test_a_snapshot_that_cannot_be_used_means_the_ordinary_start_silently(page_with, break_as):
    page = page_with(break_as)
    steps = page.evaluate(READY_STEPS)
    assert steps["snapshot"] is False and steps["snapshotRefused"], steps
    if break_as == "another-build":
        assert "manifest names" in steps["snapshotRefused"]
    if break_as == "another-runtime":
        assert "build id mismatch" in steps["snapshotRefused"]
    if break_as == "other-memory":
        assert "not the one the snapshot was made against" in steps["snapshotRefused"]
    assert page.inner_text(".sdh-tool [data-status]") == "The tool is ready."
    rule, _, example = EXAMPLES[0]
    fill(page, rule.procedure, example.event, example.at, example.circumstances)
    assert submit(page) == "answer", read_errors(page)
    assert_same_as_python(page, {"procedure": rule.procedure, "event": example.event, "at": example.at,
                                 "circumstances": list(example.circumstances)})


@pytest.mark.parametrize("break_as", [None, "missing"], ids=["from-the-snapshot", "ordinary-start"])
def test_every_example_gets_cpythons_answer_on_both_paths(page_with, break_as):
    """Every worked example, decision tool example and training stage, asked of a worker that
    started from the snapshot and of one that started the ordinary way: each answer equals
    CPython's, so the two paths give the same answers."""
    page = page_with(break_as)
    requests = every_request()
    steps, answers = answers_of_a_worker(page, requests)
    assert steps["snapshot"] is (break_as is None), steps
    assert len(answers) == len(requests)
    for (tool, request), answer in zip(requests, answers):
        assert answer == json.loads(run(tool, json.dumps(request))), (tool, request)
