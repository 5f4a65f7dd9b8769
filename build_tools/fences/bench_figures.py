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
    "ready_ratio_cold": "Tool ready within 1.15 times a bare Pyodide start (cold)",
    "answer_p95_ms": "Answer within 20 ms at the 95th percentile",
    "precache_mb": "Service worker precache within 16 MB",
    "build_s": "Site build within 30 s",
    "cli_ms": "Command line within 300 ms",
}


def _row(label: str, value: str) -> str:
    return f"<tr><th scope=\"row\">{escape(label)}</th><td>{escape(value)}</td></tr>"


def _timing(s: dict[str, Any], unit: str = "ms") -> str:
    return f"{s['median']:.0f} {unit} (median of {s['n']}; range {s['min']:.0f} to {s['max']:.0f})"


def _optional(b: dict[str, Any], key: str, label: str) -> list[str]:
    # Figures added to the benchmark later than others: an older results file lacks them.
    return [_row(label, _timing(b[key]))] if key in b else []


def figures_html(f: dict[str, Any]) -> str:
    """The figures and the budgets as two accessible tables."""
    b = f["browser"]
    rows = [
        _row("Measured", f"{f['measured_at']} on {f['machine']['cores']} cores, {f['runs']} runs"),
        _row("Site build", f"{f['build_s']} s"),
        _row("Whole site", f"{f['site_mb']} MB"),
        _row("Precached by the service worker", f"{f['precache_mb']} MB in {f['precache_files']} files"),
        _row("Calculators wheel (rulebook and scenarios inside)", f"{f['wheel_kb']} kB"),
        _row("First text on a chapter page", _timing(b["fcp_ms"])),
        *_optional(b, "wasm_requested_ms", "Pyodide's WebAssembly requested, chapter page"),
        *_optional(b, "bare_wasm_requested_ms", "Pyodide's WebAssembly requested, bare page"),
        _row("Tool ready, first visit", _timing(b["ready_cold_ms"])),
        *_optional(b, "worker_pyodide_ms", "In the worker: Pyodide started (from the worker's own start)"),
        *_optional(b, "worker_install_ms", "In the worker: the handbook's package and bytecode unpacked"),
        *_optional(b, "worker_import_ms", "In the worker: calculators imported, rulebook read"),
        _row("Bare Pyodide start, first visit", _timing(b["bare_cold_ms"])),
        _row("Ratio of the two, first visit", f"{f['ready_ratio_cold']:.3f}"),
        _row("Tool ready, from the HTTP cache", _timing(b["ready_warm_ms"])),
        _row("Bare Pyodide start, from the HTTP cache", _timing(b["bare_warm_ms"])),
        _row("Ratio of the two, from the HTTP cache", f"{f['ready_ratio_warm']:.3f}"),
        _row("Tool ready, offline (service worker)", _timing(b["ready_offline_ms"])),
        _row("Submit to answer shown", f"{b['answer_ms']['median']:.1f} ms median, "
                                        f"{b['answer_ms']['p95']:.1f} ms at the 95th percentile "
                                        f"({b['answer_ms']['n']} answers)"),
        _row("python -m calculators deadlines", _timing(f["cli_ms"])),
        _row("Peak memory of the page and its worker", f"{b['renderer_peak_mib']} MiB"),
    ]
    budgets = []
    for key, text in BUDGET_TEXT.items():
        r = f["budgets"][key]
        verdict = "Met" if r["pass"] else "Not met"
        budgets.append(f"<tr><th scope=\"row\">{escape(text)}</th><td>{escape(str(r['value']))}</td>"
                       f"<td>{escape(str(r['limit']))}</td><td>{verdict}</td></tr>")
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
