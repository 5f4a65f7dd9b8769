"""The ``bench-figures`` fence: the last `make bench` run's figures, as a table in a page.

    ```bench-figures
    latest
    ```

Reads ``bench/results/latest.json`` (written by bench/run.py and committed with the
change it measures), so the page "How fast and how big" always shows the last run's
own numbers, with each budget's pass or fail. A missing or malformed file stops the
build instead of leaving an empty table.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from build_tools.fences.base import Args, Fence
from calculators.rulebook import Rulebook

ROOT = Path(__file__).resolve().parents[2]
LATEST = ROOT / "bench" / "results" / "latest.json"

BUDGET_TEXT = {
    "text_before_python": "Text shown before any Python starts (smallest lead over the WebAssembly request, ms)",
    "ready_ratio_cold": "Tool ready, first visit, within 0.4 times a bare Pyodide start",
    "ready_ratio_sw": "Tool ready from the offline copy within 0.3 times a bare Pyodide start",
    "training_ratio": "Training case ready after the first tap within 0.4 times a bare Pyodide start",
    "throttled_ratio": "At 5 MB/s, first visit, within 0.75 times a bare Pyodide start",
    "stored_mb": "Stored for offline use within 24 MB",
    "transferred_mb": "Transferred on a first visit within 16 MB",
    "answer_p95_ms": "Answer within 20 ms at the 95th percentile",
    "build_s": "Site build within 60 s",
    "cli_ms": "Command line within 300 ms",
}


def _row(label: str, value: str) -> str:
    return f"<tr><th scope=\"row\">{escape(label)}</th><td>{escape(value)}</td></tr>"


def _timing(s: dict[str, Any], unit: str = "ms") -> str:
    return f"{s['median']:.0f} {unit} (median of {s['n']}; range {s['min']:.0f} to {s['max']:.0f})"


def _ratio(r: dict[str, Any]) -> str:
    return f"{r['median']:.3f} (median of {r['n']} pairs; range {r['min']:.3f} to {r['max']:.3f})"


def _rows(source: dict[str, Any], wanted: list[tuple[str, str, Any]]) -> list[str]:
    # A results file written before a figure was measured lacks it: that row is left out.
    return [_row(label, show(source[key])) for key, label, show in wanted if key in source]


def figures_html(f: dict[str, Any]) -> str:
    """The figures and the budgets as two accessible tables."""
    b = f["browser"]
    m = f["machine"]
    load = (f"; load average {m['load_before'][0]:.1f} before and {m['load_after'][0]:.1f} after"
            if "load_before" in m else "")
    visit = b.get("first_visit", {})
    rows = [
        _row("Measured", f"{f['measured_at']} on {m['cores']} cores, {f['runs']} rounds{load}"),
        *_rows(f, [("build_s", "Site build", lambda v: f"{v} s"), ("site_mb", "Whole site", lambda v: f"{v} MB")]),
        _row("Offline copy, as stored", f"{f['precache_mb']} MB in {f['precache_files']} files"),
        *_rows(f, [("precache_sent_mb", "Offline copy, as the local server sends it (compressed)",
                    lambda v: f"{v} MB")]),
        *_rows(visit, [("transferred_mb", "First visit: transferred, page, worker and service worker together",
                        lambda v: f"{v} MB"),
                       ("stored_mb", "First visit: stored by the service worker", lambda v: f"{v} MB")]),
        *_rows(f, [("snapshot", "Memory snapshot",
                    lambda v: (f"{v['zstd_mb']} MB zstd-compressed (first visit, where the browser accepts zstd), "
                               if "zstd_mb" in v else "")
                    + (f"{v['brotli_mb']} MB brotli-compressed (first visit), " if "brotli_mb" in v else "")
                    + f"{v['gzip_mb']} MB gzip-compressed (offline copy), {v['raw_mb']} MB inflated"),
                   ("wheel_kb", "Calculators wheel (rulebook and scenarios inside)", lambda v: f"{v} kB")]),
        *_rows(b, [("fcp_ms", "First text on the timing chapter", _timing),
                   ("wasm_requested_ms", "Pyodide's WebAssembly requested, timing chapter", _timing),
                   ("bare_cold_ms", "Bare Pyodide start, first visit", _timing),
                   ("ready_cold_ms", "Tool ready, first visit (from the memory snapshot)", _timing)]),
        _row("Ratio to the bare start, first visit", f"{f['ready_ratio_cold']:.3f}"),
        *_rows(b.get("ratios", {}), [("cold", "The same, pair by pair", _ratio)]),
        *_rows(b, [("cpu_tool_ms", "Processor time Chromium used until the tool was ready, first visit", _timing),
                   ("busy_tool_pct", "The same, as the share of the cores kept busy",
                    lambda s: _timing(s, "%")),
                   ("cpu_bare_ms", "Processor time Chromium used until a bare start was ready", _timing),
                   ("busy_bare_pct", "The same, as the share of the cores kept busy", lambda s: _timing(s, "%")),
                   ("cpu_tool_threads_ms", "Where the tool's start spent it (first round; process/thread, ms)",
                    lambda v: ", ".join(f"{name} {ms}" for name, ms in v))]),
        *_rows(b, [("ready_current_ms", "Tool ready, first visit, ordinary start (the snapshot refused)", _timing)]),
        *_rows(b.get("ratios", {}), [("current", "Ratio of the ordinary start to the bare start", _ratio),
                                     ("snapshot_vs_current", "Ratio of the snapshot start to the ordinary start",
                                      _ratio)]),
        *_rows(b, [("ready_sw_ms", "Tool ready from the offline copy (service worker, offline)", _timing)]),
        *_rows(b.get("ratios", {}), [("service_worker", "Ratio to the bare start, offline copy", _ratio)]),
        *_rows(b, [("training_ms", "Training case, from the first tap to ready", _timing)]),
        *_rows(b.get("ratios", {}), [("training", "Ratio to the bare start, training case", _ratio)]),
        *_rows(b, [("bare_throttled_ms", "Bare Pyodide start at 5 MB/s", _timing),
                   ("ready_throttled_ms", "Tool ready at 5 MB/s, first visit", _timing)]),
        *_rows(b.get("ratios", {}), [("throttled", "Ratio to the bare start at 5 MB/s", _ratio)]),
        _row("Submit to answer shown, each answer asked once the one before is on the page",
             f"{b['answer_ms']['median']:.1f} ms median, {b['answer_ms']['p95']:.1f} ms at the 95th percentile "
             f"({b['answer_ms']['n']} answers)"),
        *([_row("The same, asked back to back (the drawing of each answer counted in the next one's time)",
                f"{c['median']:.1f} ms median, {c['p95']:.1f} ms at the 95th percentile ({c['n']} answers)")]
          if (c := b.get("answer_back_to_back_ms")) else []),
        _row("python -m calculators deadlines", _timing(f["cli_ms"])),
        _row("Peak memory of the page and its worker", f"{b['renderer_peak_mib']} MiB"),
    ]
    budgets = []
    for key, text in BUDGET_TEXT.items():
        res = f["budgets"].get(key)
        if res is None:
            budgets.append(f"<tr><th scope=\"row\">{escape(text)}</th><td>not measured</td><td></td><td></td></tr>")
            continue
        verdict = "Met" if res["pass"] else "Not met"
        budgets.append(f"<tr><th scope=\"row\">{escape(text)}</th><td>{escape(str(res['value']))}</td>"
                       f"<td>{escape(str(res['limit']))}</td><td>{verdict}</td></tr>")
    return (
        "<table class=\"sdh-figures\"><caption>Figures from the last run of make bench</caption>"
        "<tbody>" + "".join(rows) + "</tbody></table>"
        "<table class=\"sdh-budgets\"><caption>Budgets</caption><thead><tr><th scope=\"col\">Budget</th>"
        "<th scope=\"col\">Measured</th><th scope=\"col\">Limit</th><th scope=\"col\">Result</th></tr></thead>"
        "<tbody>" + "".join(budgets) + "</tbody></table>"
    )


def _check(rb: Rulebook, args: Args) -> None:
    if args.first != "latest":
        raise args.fail(f"write 'latest' and nothing else, found {args.first!r}")


def bench_figures(rb: Rulebook, md: Any, args: Args) -> str:
    """The last run's figures, read from ``LATEST`` (a missing or malformed file stops the build)."""
    try:
        figures = json.loads(LATEST.read_text(encoding="utf-8"))
        return figures_html(figures)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise args.fail(f"cannot read {LATEST}: {exc}") from exc


BENCH_FIGURES = Fence("bench-figures", bench_figures, _check, one_word=True)
