"""`make bench`: how fast and how big the handbook is, measured in one run on this machine.

Prints a table with every budget's pass or fail and writes it as JSON to
bench/results/latest.json (and a dated copy). Nothing here is a test: timings are
measured, reported and judged against the budgets of issue 17, never asserted in the
test suite. Run with the site's virtual environment (it has Playwright); Chromium is
Debian's /usr/bin/chromium.

The machine is shared and has two cores, so absolute times move with its load. Every tool
start is therefore measured right after a bare start (a page that only starts Pyodide,
from the same copy, in a worker), interleaved — bare, tool, bare, tool … — and judged by
the median of the per-pair ratios, with their spread. In each of RUNS rounds:

- cold: a new profile (no service worker), the timing chapter, until the tool is ready;
- current: the same with the memory snapshot refused, so the worker starts the ordinary
  way (the start before the snapshot, with everything else of this build);
- from the service worker: a profile that holds the offline copy, offline, opened again (between measurements it waits on a blank page);
- training: a case page in a new profile, from the first tap to "ready";
- throttled: both pages first-visit on a network emulated at 5 MB/s (5,000,000 bytes a second).

Around the cold pair of each round, the processor time all of Chromium's threads used from
opening the page until ready (bench/cpu.py), and the share of the cores that kept busy: a
start that keeps every core busy is waiting for no download or timer, only for its own work.

In each round's first-visit page, once it is ready: one answer asked at once (the first
round's is reported), then, after a reader's pause of READER_PAUSE_S, that round's share of
ANSWERS answers, each asked once the one before has been drawn (median and 95th percentile of
all of them), then as many back to back, for comparison (ANSWER_LOOP).

Once: the bytes a first visit transfers (a new profile with its own disk cache, until the
service worker has precached the site) and what the offline copy stores; the renderer's peak
memory; the build time; `python -m calculators deadlines ...` (median of CLI_RUNS).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.cpu import Spent  # noqa: E402
from bench.report import BUDGETS, print_table  # noqa: E402
from bench.sizes import first_visit, precache_files, sent_size  # noqa: E402
from build_tools.serve import make_server  # noqa: E402

SITE = ROOT / "site"
RESULTS = ROOT / "bench" / "results"
CHROMIUM = "/usr/bin/chromium"
RUNS = int(os.environ.get("BENCH_RUNS", "9"))
ANSWERS = int(os.environ.get("BENCH_ANSWERS", "100"))
CLI_RUNS = int(os.environ.get("BENCH_CLI_RUNS", "15"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
THROTTLE = {"offline": False, "latency": 0, "downloadThroughput": 5_000_000, "uploadThroughput": 5_000_000}
TRAINING_CASE = "training/christmas-eve-referral/"
READY = "[data-tool=deadlines] [data-status=ready]"
BARE_READY = "#status[data-status=ready]"
READY_MARK = "(performance.getEntriesByName('sdh-tool-ready')[0] || {})"
TIMEOUT_MS = 120_000
#: Before the timed answers: a reader takes longer than this to fill in the form, and meanwhile
#: the worker answers its warm-up requests (tool-worker.mjs). The first answer, asked at once
#: on "ready", is timed on its own.
READER_PAUSE_S = 3


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"median": round(statistics.median(ordered), 1), "min": round(ordered[0], 1),
            "max": round(ordered[-1], 1), "p95": round(p95, 1), "n": len(ordered)}


def ratios(tool: list[float], bare: list[float]) -> dict[str, object]:
    """The median of the per-pair ratios, with their range and every value."""
    values = [t / b for t, b in zip(tool, bare)]
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3),
            "max": round(max(values), 3), "n": len(values), "values": [round(v, 3) for v in values]}


def measure_build() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "build_tools.build_site"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure_cli() -> list[float]:
    times = []
    cmd = [sys.executable, "-m", "calculators", "deadlines", "--procedure", "all", "--event", "referral-received",
           "--at", "2026-12-24T16:30", "--json"]
    for _ in range(CLI_RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
    return times


def renderer_peak_kib() -> int:
    """The largest VmHWM among Chromium renderer processes now running."""
    peak = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
            if b"chromium" not in cmd or b"--type=renderer" not in cmd:
                continue
            m = re.search(r"VmHWM:\s+(\d+) kB", (proc / "status").read_text())
            peak = max(peak, int(m.group(1))) if m else peak
        except OSError:
            continue
    return peak


def wait_until(page, expression: str, timeout_s: float = 120) -> None:
    """Poll with evaluate: the pages' CSP forbids the string eval wait_for_function needs."""
    end = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > end:
            raise TimeoutError(expression)
        time.sleep(0.02)


#: Times n answers, each from the click to the answer in the page. `drawn`: each is asked only once
#: the one before has been drawn (a frame has been rendered since), as a reader asks again only
#: after seeing an answer; otherwise back to back, the next click in the same task as the last
#: answer, so that the browser draws each answer while the worker computes the next, and the
#: next answer's time holds that drawing too. The budget is for the first; the second is
#: reported beside it.
ANSWER_LOOP = """
async ([n, drawn]) => {
  const root = document.querySelector('[data-tool=deadlines]');
  const submit = document.getElementById('deadlines-submit');
  const times = [];
  for (let i = 0; i < n; i++) {
    const done = new Promise((resolve, reject) => {
      let sawBusy = false;
      const timer = setTimeout(() => reject(new Error('no answer')), 10000);
      const obs = new MutationObserver(() => {
        if (root.hasAttribute('aria-busy')) { sawBusy = true; return; }
        if (sawBusy && root.querySelector('#deadlines-result [data-rule]')) {
          obs.disconnect(); clearTimeout(timer); resolve();
        }
      });
      obs.observe(root, { attributes: true, childList: true, subtree: true });
    });
    const t0 = performance.now();
    submit.click();
    await done;
    times.push(performance.now() - t0);
    if (drawn) await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }
  return times;
}
"""

#: From a tap on a training case's first question to its "ready" (training.mjs starts the worker then).
TAP_TO_READY = """
async () => {
  const status = document.querySelector('.sdh-training [data-status]');
  const start = document.querySelector('[data-panel="learner"] [data-start]');
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not ready')), 120000);
    new MutationObserver((_, obs) => {
      if (status.dataset.status === 'ready') { obs.disconnect(); clearTimeout(timer); resolve(performance.now()); }
      else if (status.dataset.status === 'failed') reject(new Error(status.textContent));
    }).observe(status, { attributes: true });
  });
  const t0 = performance.now();
  start.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
  return (await ready) - t0;
}
"""


def fill_form(page) -> None:
    page.select_option("#deadlines-procedure", "all")
    page.check("input[value=referral-received]")
    for part, value in (("day", "24"), ("month", "12"), ("year", "2026"), ("hour", "16"), ("minute", "30")):
        page.fill(f"#deadlines-at-{part}", value)


def throttled(ctx, page) -> None:
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", THROTTLE)


def bare_start(browser, base: str, throttle: bool = False, cpu: Spent | None = None) -> float:
    ctx = browser.new_context(service_workers="block")
    page = ctx.new_page()
    if throttle:
        throttled(ctx, page)
    with cpu or contextlib.nullcontext():
        page.goto(f"{base}/_bench/", wait_until="commit")
        page.wait_for_selector(BARE_READY, timeout=TIMEOUT_MS)
    ready = page.evaluate("window.__bareReadyAt")
    ctx.close()
    return ready


def tool_start(browser, base: str, *, ordinary: bool = False, throttle: bool = False, keep=None,
               cpu: Spent | None = None) -> tuple[float, dict]:
    """The timing chapter in a new profile until the tool is ready: (ms, the worker's steps and the page's marks)."""
    ctx = browser.new_context(service_workers="block")
    page = ctx.new_page()
    if ordinary:
        page.route("**/wheels/python-memory.*", lambda route: route.abort())
    if throttle:
        throttled(ctx, page)
    wasm_at: list[float] = []
    ctx.on("request", lambda r: wasm_at.append(time.time() * 1000) if r.url.endswith(".wasm") else None)
    # Only "commit": the tool's ready is awaited below, with its own time-out (on the throttled
    # network the load event once took more than goto's 30 s while the tool was long ready).
    with cpu or contextlib.nullcontext():
        page.goto(f"{base}/timing/", wait_until="commit")
        page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    ready = page.evaluate(f"{READY_MARK}.startTime || performance.now()")
    facts = {"steps": page.evaluate(f"{READY_MARK}.detail || {{}}"),
             "fcp": page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")}
    if wasm_at:
        facts["wasm_requested"] = min(wasm_at) - page.evaluate("performance.timeOrigin")
    if keep:
        keep(page)
    ctx.close()
    return ready, facts


def training_start(browser, base: str) -> float:
    ctx = browser.new_context(service_workers="block")
    page = ctx.new_page()
    page.goto(f"{base}/{TRAINING_CASE}", wait_until="load")
    elapsed = page.evaluate(TAP_TO_READY)
    ctx.close()
    return elapsed


def offline_copy(browser, base: str):
    """A profile that holds the offline copy, and its page: first visit, then controlled, then offline."""
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(f"{base}/timing/")
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    wait_until(page, "navigator.serviceWorker.controller !== null")
    ctx.set_offline(True)
    # Left open, the page would go on working (its search index, the worker's warm-up) through
    # the measurements that follow: it waits on a blank page between its own.
    page.goto("about:blank")
    return ctx, page


def from_service_worker(page, base: str) -> tuple[float, dict]:
    """The timing chapter opened again in the profile that holds the offline copy, offline."""
    page.goto(f"{base}/timing/", wait_until="commit")
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    measured = page.evaluate(f"{READY_MARK}.startTime"), page.evaluate(f"{READY_MARK}.detail || {{}}")
    page.goto("about:blank")
    return measured


def browser_measurements(base: str) -> dict:
    from playwright.sync_api import sync_playwright

    keys = ("bare_cold_ms", "ready_cold_ms", "bare_current_ms", "ready_current_ms", "bare_sw_ms", "ready_sw_ms",
            "bare_training_ms", "training_ms", "bare_throttled_ms", "ready_throttled_ms", "fcp_ms",
            "wasm_requested_ms", "text_lead_ms", "worker_start_to_ready_ms", "current_start_to_ready_ms",
            "cpu_bare_ms", "cpu_tool_ms", "busy_bare_pct", "busy_tool_pct")
    out: dict[str, list[float]] = {k: [] for k in keys}
    used: list[bool] = []
    refused: list[bool] = []
    answers: list[float] = []
    back_to_back: list[float] = []
    first_answer = 0.0
    peak = 0
    threads: list[list[object]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        sw_ctx, sw_page = offline_copy(browser, base)
        for run in range(RUNS):
            bare_cpu, tool_cpu = Spent(), Spent()
            out["bare_cold_ms"].append(bare_start(browser, base, cpu=bare_cpu))

            def answer_loop(page, first: bool = run == 0) -> None:
                nonlocal first_answer, peak
                fill_form(page)
                asked_on_ready = page.evaluate(ANSWER_LOOP, [1, True])[0]
                first_answer = asked_on_ready if first else first_answer
                time.sleep(READER_PAUSE_S)
                # This round's share of the answers (a share in each round, as for the starts, so
                # that one busy moment of the machine does not decide the figure).
                share = ANSWERS // RUNS + (run < ANSWERS % RUNS)
                answers.extend(page.evaluate(ANSWER_LOOP, [share, True]))
                back_to_back.extend(page.evaluate(ANSWER_LOOP, [share, False]))
                peak = max(peak, renderer_peak_kib())

            ready, facts = tool_start(browser, base, keep=answer_loop, cpu=tool_cpu)
            out["ready_cold_ms"].append(ready)
            for name, spent in (("bare", bare_cpu), ("tool", tool_cpu)):
                out[f"cpu_{name}_ms"].append(spent.cpu_ms)
                out[f"busy_{name}_pct"].append(100 * spent.busy())
            threads = threads or tool_cpu.top()
            steps = facts["steps"]
            used.append(bool(steps.get("snapshot")))
            out["worker_start_to_ready_ms"].append(steps.get("imported", 0) - steps.get("start", 0))
            if facts["fcp"]:
                out["fcp_ms"].append(facts["fcp"])
            if "wasm_requested" in facts and facts["fcp"]:
                out["wasm_requested_ms"].append(facts["wasm_requested"])
                out["text_lead_ms"].append(facts["wasm_requested"] - facts["fcp"])
            out["bare_current_ms"].append(bare_start(browser, base))
            ready, facts = tool_start(browser, base, ordinary=True)
            out["ready_current_ms"].append(ready)
            refused.append(facts["steps"].get("snapshot") is False)
            out["current_start_to_ready_ms"].append(facts["steps"].get("imported", 0) - facts["steps"].get("start", 0))
            out["bare_sw_ms"].append(bare_start(browser, base))
            ready, steps = from_service_worker(sw_page, base)
            out["ready_sw_ms"].append(ready)
            used.append(bool(steps.get("snapshot")))
            out["bare_training_ms"].append(bare_start(browser, base))
            out["training_ms"].append(training_start(browser, base))
            out["bare_throttled_ms"].append(bare_start(browser, base, throttle=True))
            out["ready_throttled_ms"].append(tool_start(browser, base, throttle=True)[0])
            print(f"bench: round {run + 1} of {RUNS} done", file=sys.stderr, flush=True)
        sw_ctx.close()
        browser.close()
        transfer = first_visit(p, base, CHROMIUM, ARGS, READY, TIMEOUT_MS)
    result: dict[str, object] = {k: summary(v) for k, v in out.items() if v}
    result["ratios"] = {
        "cold": ratios(out["ready_cold_ms"], out["bare_cold_ms"]),
        "current": ratios(out["ready_current_ms"], out["bare_current_ms"]),
        "service_worker": ratios(out["ready_sw_ms"], out["bare_sw_ms"]),
        "training": ratios(out["training_ms"], out["bare_training_ms"]),
        "throttled": ratios(out["ready_throttled_ms"], out["bare_throttled_ms"]),
        "snapshot_vs_current": ratios(out["ready_cold_ms"], out["ready_current_ms"]),
    }
    result["cpu_tool_threads_ms"] = threads
    result["answer_ms"] = summary(answers)
    result["answer_back_to_back_ms"] = summary(back_to_back)
    result["first_answer_ms"] = round(first_answer, 1)
    result["renderer_peak_mib"] = round(peak / 1024, 1)
    result["snapshot_used"] = bool(used) and all(used)
    result["current_start_refused_snapshot"] = bool(refused) and all(refused)
    result["first_visit"] = transfer
    return result


def main() -> int:
    RESULTS.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    build_s = measure_build()
    shutil.copytree(ROOT / "bench" / "bare", SITE / "_bench", dirs_exist_ok=True)
    manifest = json.loads((SITE / "wheels" / "wheels.json").read_text())
    snapshot = SITE / "wheels" / manifest["snapshot"]["file"]
    files = precache_files()
    server = make_server(SITE, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        browser = browser_measurements(base)
    finally:
        server.shutdown()
        shutil.rmtree(SITE / "_bench", ignore_errors=True)
    cli = summary(measure_cli())
    r = browser["ratios"]
    visit = browser["first_visit"]
    figures = {
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0],
                    "load_before": [round(x, 2) for x in load_before],
                    "load_after": [round(x, 2) for x in os.getloadavg()]},
        "runs": RUNS,
        "build_s": round(build_s, 1),
        "site_mb": round(sum(p.stat().st_size for p in SITE.rglob("*") if p.is_file()) / 1e6, 2),
        "precache_mb": round(sum(p.stat().st_size for p in files) / 1e6, 2),
        "precache_sent_mb": round(sum(sent_size(p) for p in files) / 1e6, 2),
        "precache_files": len(files),
        "snapshot": {"raw_mb": round(manifest["snapshot"]["raw_bytes"] / 1e6, 1),
                     "gzip_mb": round(snapshot.stat().st_size / 1e6, 2),
                     "brotli_mb": round((SITE / "wheels" / f"{manifest['snapshot']['brotli']}.br").stat().st_size / 1e6, 2),
                     "zstd_mb": round((SITE / "wheels" / f"{manifest['snapshot']['brotli']}.zst").stat().st_size / 1e6, 2)},
        "wheel_kb": round(next((SITE / "wheels").glob("calculators-*.whl")).stat().st_size / 1e3, 1),
        "browser": browser,
        "ready_ratio_cold": r["cold"]["median"],
        "cli_ms": cli,
    }
    checks = {
        "text_before_python": (browser.get("text_lead_ms", {"min": -1})["min"] > 0,
                               browser.get("text_lead_ms", {}).get("min"), "> 0 ms lead in every run"),
        "ready_ratio_cold": (r["cold"]["median"] <= 0.4, r["cold"]["median"], 0.4),
        "ready_ratio_sw": (r["service_worker"]["median"] <= 0.3, r["service_worker"]["median"], 0.3),
        "training_ratio": (r["training"]["median"] <= 0.4, r["training"]["median"], 0.4),
        "throttled_ratio": (r["throttled"]["median"] <= 0.75, r["throttled"]["median"], 0.75),
        "stored_mb": (visit["stored_mb"] <= 24, visit["stored_mb"], 24),
        "transferred_mb": (visit["transferred_mb"] <= 16, visit["transferred_mb"], 16),
        "answer_p95_ms": (browser["answer_ms"]["p95"] <= 20, browser["answer_ms"]["p95"], 20),
        "build_s": (build_s <= 60, round(build_s, 1), 60),
        "cli_ms": (cli["median"] <= 300, cli["median"], 300),
    }
    assert set(checks) == set(BUDGETS)
    figures["budgets"] = {k: {"pass": ok, "value": value, "limit": limit} for k, (ok, value, limit) in checks.items()}
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    for name in ("latest.json", f"{stamp}.json"):
        (RESULTS / name).write_text(json.dumps(figures, indent=2) + "\n")
    print_table(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
