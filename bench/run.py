"""`make bench`: how fast and how big the handbook is, measured in one run on this machine.

Prints a table with every budget's pass or fail and writes it as JSON to
bench/results/latest.json (and a dated copy). Nothing here is a test: timings are
measured, reported and judged against the budgets of issue 8, never asserted in the
test suite. Run with the site's virtual environment (it has Playwright); Chromium is
Debian's /usr/bin/chromium.

What is measured:
- site build time (build_tools.build_site: wheel, pages, Pyodide copy, service worker);
- sizes: the whole site, what the service worker precaches, the calculators wheel;
- in headless Chromium, over RUNS runs (median and range): first contentful paint of a
  chapter page and whether it came before Pyodide's WebAssembly was even requested;
  time until the tool says it is ready, cold (new profile), warm (HTTP cache) and
  offline (service worker only); and in the same runs a bare page that only starts
  Pyodide from the same copy in a worker, so the tool's overhead is a ratio;
- time from submitting the form to the answer shown, over ANSWERS answers, timed
  inside the page (median and 95th percentile);
- `python -m calculators deadlines ...` wall time (median of CLI_RUNS);
- peak resident memory (VmHWM) of the renderer process running the page and its worker.
"""

from __future__ import annotations

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

from build_tools.serve import make_server  # noqa: E402

SITE = ROOT / "site"
RESULTS = ROOT / "bench" / "results"
CHROMIUM = "/usr/bin/chromium"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
ANSWERS = int(os.environ.get("BENCH_ANSWERS", "100"))
CLI_RUNS = int(os.environ.get("BENCH_CLI_RUNS", "15"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]

BUDGETS = {
    "text_before_python": "first text painted before Pyodide's WebAssembly is requested (smallest lead, ms)",
    "ready_ratio_cold": "tool ready within 1.15 x the bare Pyodide start (cold)",
    "answer_p95_ms": "answer within 20 ms at the 95th percentile",
    "precache_mb": "precache within 16 MB",
    "build_s": "site build within 30 s",
    "cli_ms": "command line within 300 ms",
}


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"median": round(statistics.median(ordered), 1), "min": round(ordered[0], 1),
            "max": round(ordered[-1], 1), "p95": round(p95, 1), "n": len(ordered)}


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure_build() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "build_tools.build_site"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def precache_bytes() -> tuple[int, int]:
    sw = (SITE / "sw.js").read_text()
    urls = set(re.findall(r'url:"([^"]+)"', sw)) | set(re.findall(r'"url":\s*"([^"]+)"', sw))
    total = 0
    for url in urls:
        path = SITE / url.split("?")[0]
        if path.is_file():
            total += path.stat().st_size
    return total, len(urls)


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


READY = "[data-tool=deadlines] [data-status=ready]"
BARE_READY = "#status[data-status=ready]"


def wait_until(page, expression: str, timeout_s: float = 120) -> None:
    """Poll with evaluate: the pages' CSP forbids the string eval wait_for_function needs."""
    end = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > end:
            raise TimeoutError(expression)
        time.sleep(0.02)
ANSWER_LOOP = """
async (n) => {
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
  }
  return times;
}
"""


def fill_form(page) -> None:
    page.select_option("#deadlines-procedure", "all")
    page.check("input[value=referral-received]")
    for part, value in (("day", "24"), ("month", "12"), ("year", "2026"), ("hour", "16"), ("minute", "30")):
        page.fill(f"#deadlines-at-{part}", value)


def browser_measurements(base: str) -> dict:
    from playwright.sync_api import sync_playwright

    out: dict[str, list[float]] = {k: [] for k in (
        "fcp_ms", "wasm_requested_ms", "bare_wasm_requested_ms", "text_lead_ms", "ready_cold_ms", "bare_cold_ms",
        "ready_warm_ms", "bare_warm_ms", "ready_offline_ms", "worker_pyodide_ms", "worker_install_ms",
        "worker_import_ms")}
    bytecode_used: list[bool] = []
    answers: list[float] = []
    peak = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for run in range(RUNS):
            # Cold and warm, without a service worker: a new profile each run, then a reload.
            ctx = browser.new_context(service_workers="block")
            page = ctx.new_page()
            wasm_at: list[float] = []
            page.on("request", lambda r: wasm_at.append(time.time() * 1000) if r.url.endswith(".wasm") else None)
            ctx.on("request", lambda r: wasm_at.append(time.time() * 1000) if r.url.endswith(".wasm") else None)
            page.goto(f"{base}/timing/")
            page.wait_for_selector(READY, timeout=120000)
            origin = page.evaluate("performance.timeOrigin")
            fcp = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")
            ready = page.evaluate("performance.now()")  # just after ready was seen
            out["fcp_ms"].append(fcp)
            out["ready_cold_ms"].append(page.evaluate(
                "(performance.getEntriesByName('sdh-tool-ready')[0] || {}).startTime || 0") or ready)
            # The worker's own clock of its steps (docs/assets/javascripts/tool-worker.mjs).
            steps = page.evaluate("(performance.getEntriesByName('sdh-tool-ready')[0] || {}).detail || null")
            if steps:
                out["worker_pyodide_ms"].append(steps["pyodide"])
                out["worker_install_ms"].append(steps["installed"] - steps["pyodide"])
                out["worker_import_ms"].append(steps["imported"] - steps["installed"])
                bytecode_used.append(bool(steps.get("bytecode")))
            if wasm_at:
                out["wasm_requested_ms"].append(min(wasm_at) - origin)
                out["text_lead_ms"].append(min(wasm_at) - origin - fcp)
            if run == 0:
                fill_form(page)
                answers = page.evaluate(ANSWER_LOOP, ANSWERS)
                peak = max(peak, renderer_peak_kib())
            page.reload()
            page.wait_for_selector(READY, timeout=120000)
            out["ready_warm_ms"].append(page.evaluate(
                "(performance.getEntriesByName('sdh-tool-ready')[0] || {}).startTime || performance.now()"))
            ctx.close()
            # The bare baseline, cold then warm, in a new profile of its own.
            ctx = browser.new_context(service_workers="block")
            page = ctx.new_page()
            bare_wasm_at: list[float] = []
            ctx.on("request", lambda r: bare_wasm_at.append(time.time() * 1000) if r.url.endswith(".wasm") else None)
            page.goto(f"{base}/_bench/")
            page.wait_for_selector(BARE_READY, timeout=120000)
            out["bare_cold_ms"].append(page.evaluate("window.__bareReadyAt"))
            if bare_wasm_at:
                out["bare_wasm_requested_ms"].append(min(bare_wasm_at) - page.evaluate("performance.timeOrigin"))
            page.reload()
            page.wait_for_selector(BARE_READY, timeout=120000)
            out["bare_warm_ms"].append(page.evaluate("window.__bareReadyAt"))
            ctx.close()
            # Offline: one visit to install the service worker, then reload with no network.
            ctx = browser.new_context()
            page = ctx.new_page()
            page.goto(f"{base}/timing/")
            page.wait_for_selector(READY, timeout=120000)
            page.evaluate("navigator.serviceWorker.ready.then(() => true)")
            page.reload()
            wait_until(page, "navigator.serviceWorker.controller !== null")
            ctx.set_offline(True)
            page.reload()
            page.wait_for_selector(READY, timeout=120000)
            out["ready_offline_ms"].append(page.evaluate(
                "(performance.getEntriesByName('sdh-tool-ready')[0] || {}).startTime || performance.now()"))
            ctx.close()
        browser.close()
    result = {k: summary(v) for k, v in out.items() if v}
    result["answer_ms"] = summary(answers)
    result["renderer_peak_mib"] = round(peak / 1024, 1)
    result["bytecode_used"] = bool(bytecode_used) and all(bytecode_used)
    return result


def main() -> int:
    RESULTS.mkdir(parents=True, exist_ok=True)
    build_s = measure_build()
    bare_dir = SITE / "_bench"
    shutil.copytree(ROOT / "bench" / "bare", bare_dir, dirs_exist_ok=True)
    wheel = next((SITE / "wheels").glob("calculators-*.whl"))
    precache, precache_files = precache_bytes()
    server = make_server(SITE, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        browser = browser_measurements(base)
    finally:
        server.shutdown()
        shutil.rmtree(bare_dir, ignore_errors=True)
    cli = summary(measure_cli())
    ratio_cold = browser["ready_cold_ms"]["median"] / browser["bare_cold_ms"]["median"]
    ratio_warm = browser["ready_warm_ms"]["median"] / browser["bare_warm_ms"]["median"]
    # Per run: the first text was painted before that run's page asked for Pyodide's wasm.
    text_first = browser.get("text_lead_ms", {"min": -1})["min"] > 0
    figures = {
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
        "runs": RUNS,
        "build_s": round(build_s, 1),
        "site_mb": round(dir_bytes(SITE) / 1e6, 2),
        "precache_mb": round(precache / 1e6, 2),
        "precache_files": precache_files,
        "wheel_kb": round(wheel.stat().st_size / 1e3, 1),
        "browser": browser,
        "ready_ratio_cold": round(ratio_cold, 3),
        "ready_ratio_warm": round(ratio_warm, 3),
        "cli_ms": cli,
    }
    figures["budgets"] = {
        "text_before_python": {"pass": text_first, "value": browser.get("text_lead_ms", {}).get("min"),
                               "limit": "> 0 ms lead in every run"},
        "ready_ratio_cold": {"pass": ratio_cold <= 1.15, "value": round(ratio_cold, 3), "limit": 1.15},
        "answer_p95_ms": {"pass": browser["answer_ms"]["p95"] <= 20, "value": browser["answer_ms"]["p95"], "limit": 20},
        "precache_mb": {"pass": precache / 1e6 <= 16, "value": round(precache / 1e6, 2), "limit": 16},
        "build_s": {"pass": build_s <= 30, "value": round(build_s, 1), "limit": 30},
        "cli_ms": {"pass": cli["median"] <= 300, "value": cli["median"], "limit": 300},
    }
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    for name in ("latest.json", f"{stamp}.json"):
        (RESULTS / name).write_text(json.dumps(figures, indent=2) + "\n")
    print_table(figures)
    return 0


def print_table(f: dict) -> None:
    b = f["browser"]

    def row(label: str, s: dict, unit: str = "ms") -> str:
        return f"  {label:44} {s['median']:>9.1f} {unit}   (range {s['min']:.1f} to {s['max']:.1f}, n={s['n']})"

    print(f"Strategy Discussion Handbook benchmark, {f['measured_at']}, {f['machine']['cores']} cores, {f['runs']} runs")
    print(f"  {'site build':44} {f['build_s']:>9.1f} s")
    print(f"  {'whole site':44} {f['site_mb']:>9.2f} MB")
    print(f"  {'precached by the service worker':44} {f['precache_mb']:>9.2f} MB   ({f['precache_files']} files)")
    print(f"  {'calculators wheel':44} {f['wheel_kb']:>9.1f} kB")
    print(row("first text on a chapter page (FCP)", b["fcp_ms"]))
    if "wasm_requested_ms" in b:
        print(row("Pyodide WebAssembly requested", b["wasm_requested_ms"]))
    if "bare_wasm_requested_ms" in b:
        print(row("  the same on the bare page", b["bare_wasm_requested_ms"]))
    print(row("tool ready, cold", b["ready_cold_ms"]))
    for key, label in (("worker_pyodide_ms", "  in the worker: Pyodide started"),
                       ("worker_install_ms", "  in the worker: wheel and bytecode unpacked"),
                       ("worker_import_ms", "  in the worker: calculators imported")):
        if key in b:
            print(row(label, b[key]))
    if "bytecode_used" in b:
        print(f"  {'  build-time bytecode used':44} {'yes' if b['bytecode_used'] else 'NO':>9}")
    print(row("bare Pyodide ready, cold", b["bare_cold_ms"]))
    print(f"  {'  ratio tool / bare, cold':44} {f['ready_ratio_cold']:>9.3f}")
    print(row("tool ready, warm (HTTP cache)", b["ready_warm_ms"]))
    print(row("bare Pyodide ready, warm", b["bare_warm_ms"]))
    print(f"  {'  ratio tool / bare, warm':44} {f['ready_ratio_warm']:>9.3f}")
    print(row("tool ready, offline (service worker)", b["ready_offline_ms"]))
    a = b["answer_ms"]
    print(f"  {'submit to answer shown':44} {a['median']:>9.1f} ms   (p95 {a['p95']:.1f}, n={a['n']})")
    print(row("python -m calculators deadlines", f["cli_ms"]))
    print(f"  {'peak memory of the page renderer + worker':44} {b['renderer_peak_mib']:>9.1f} MiB")
    print("Budgets:")
    for key, text in BUDGETS.items():
        r = f["budgets"][key]
        print(f"  [{'PASS' if r['pass'] else 'FAIL'}] {text}: {r['value']} (limit {r['limit']})")


if __name__ == "__main__":
    sys.exit(main())
