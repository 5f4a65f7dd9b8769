"""The budgets of `make bench` (issue 17) and the table it prints (bench/run.py measures)."""

from __future__ import annotations

BUDGETS = {
    "text_before_python": "first text painted before Pyodide's WebAssembly is requested (smallest lead, ms)",
    "ready_ratio_cold": "tool ready, cold, within 0.4 x the bare Pyodide start (median of pairs)",
    "ready_ratio_sw": "tool ready from the service worker within 0.3 x the bare start",
    "training_ratio": "training case ready after the first tap within 0.4 x the bare start",
    "throttled_ratio": "at 5 MB/s, first visit, within 0.75 x the bare start",
    "stored_mb": "stored for offline use within 24 MB",
    "transferred_mb": "transferred on a first visit within 16 MB",
    "answer_p95_ms": "answer within 20 ms at the 95th percentile (each asked once the one before is drawn)",
    "build_s": "site build within 60 s",
    "cli_ms": "command line within 300 ms",
}


def _row(label: str, s: dict, unit: str = "ms") -> str:
    return f"  {label:46} {s['median']:>9.1f} {unit}   (range {s['min']:.1f} to {s['max']:.1f}, n={s['n']})"


def _ratio(label: str, r: dict) -> str:
    return f"  {label:46} {r['median']:>9.3f}      (pairs {r['min']:.3f} to {r['max']:.3f}, n={r['n']})"


def print_table(f: dict) -> None:
    b = f["browser"]
    r = b["ratios"]
    m = f["machine"]
    print(f"Strategy Discussion Handbook benchmark, {f['measured_at']}, {m['cores']} cores, {f['runs']} rounds, "
          f"load {m['load_before'][0]:.1f} before, {m['load_after'][0]:.1f} after")
    print(f"  {'site build':46} {f['build_s']:>9.1f} s")
    print(f"  {'whole site':46} {f['site_mb']:>9.2f} MB")
    print(f"  {'precached (as stored)':46} {f['precache_mb']:>9.2f} MB   ({f['precache_files']} files)")
    print(f"  {'precached (as the local server sends it)':46} {f['precache_sent_mb']:>9.2f} MB")
    s = f["snapshot"]
    print(f"  {'memory snapshot':46} {s['gzip_mb']:>9.2f} MB   (zstd {s.get('zstd_mb', '-')} MB, brotli {s.get('brotli_mb', '-')} MB; {s['raw_mb']} MB inflated)")
    v = b["first_visit"]
    print(f"  {'first visit: transferred, page and worker':46} {v['transferred_mb']:>9.2f} MB   "
          f"({v['by_service_worker_mb']} MB by the service worker, {v['requests']} requests)")
    print(f"  {'first visit: stored by the service worker':46} {v['stored_mb']:>9.2f} MB   ({v['stored_files']} files)")
    print(f"  {'calculators wheel':46} {f['wheel_kb']:>9.1f} kB")
    print(_row("first text on the timing chapter (FCP)", b["fcp_ms"]))
    if "wasm_requested_ms" in b:
        print(_row("Pyodide WebAssembly requested", b["wasm_requested_ms"]))
    print(_row("bare Pyodide ready, cold", b["bare_cold_ms"]))
    print(_row("tool ready, cold (memory snapshot)", b["ready_cold_ms"]))
    print(_ratio("  ratio, pair by pair", r["cold"]))
    if "cpu_tool_ms" in b:
        print(_row("  CPU used by Chromium until ready, tool", b["cpu_tool_ms"]))
        print(_row("  ... share of the cores kept busy", b["busy_tool_pct"], "%"))
        print(_row("  CPU used by Chromium until ready, bare", b["cpu_bare_ms"]))
        print(_row("  ... share of the cores kept busy", b["busy_bare_pct"], "%"))
        print(f"  {'  where the tool start spent it (round 1)':46} "
              + ", ".join(f"{name} {ms} ms" for name, ms in b["cpu_tool_threads_ms"]))
    print(_row("tool ready, cold, ordinary start (current)", b["ready_current_ms"]))
    print(_ratio("  ratio, pair by pair", r["current"]))
    print(_ratio("  snapshot / ordinary start", r["snapshot_vs_current"]))
    print(_row("tool ready from the service worker (offline)", b["ready_sw_ms"]))
    print(_ratio("  ratio, pair by pair", r["service_worker"]))
    print(_row("training case, first tap to ready", b["training_ms"]))
    print(_ratio("  ratio, pair by pair", r["training"]))
    print(_row("bare Pyodide ready, 5 MB/s", b["bare_throttled_ms"]))
    print(_row("tool ready, 5 MB/s", b["ready_throttled_ms"]))
    print(_ratio("  ratio, pair by pair", r["throttled"]))
    print(f"  {'  every tool start used the snapshot':46} {'yes' if b['snapshot_used'] else 'NO':>9}")
    a = b["answer_ms"]
    print(f"  {'first answer, asked on ready':46} {b['first_answer_ms']:>9.1f} ms")
    print(f"  {'submit to answer shown':46} {a['median']:>9.1f} ms   (p95 {a['p95']:.1f}, n={a['n']})")
    if "answer_back_to_back_ms" in b:
        c = b["answer_back_to_back_ms"]
        print(f"  {'  the same, asked back to back':46} {c['median']:>9.1f} ms   (p95 {c['p95']:.1f}, n={c['n']})")
    print(_row("python -m calculators deadlines", f["cli_ms"]))
    print(f"  {'peak memory of the page renderer + worker':46} {b['renderer_peak_mib']:>9.1f} MiB")
    print("Budgets:")
    for key, text in BUDGETS.items():
        res = f["budgets"][key]
        print(f"  [{'PASS' if res['pass'] else 'FAIL'}] {text}: {res['value']} (limit {res['limit']})")
