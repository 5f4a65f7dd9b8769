"""The "How fast and how big" page's tables come from the last benchmark run, whole."""

from __future__ import annotations

import json

import pytest
from pymdownx.superfences import SuperFencesException

from build_tools.fences import bench_figures as bench_figures
from build_tools import fences


def test_every_budget_and_its_verdict_is_shown():
    figures = json.loads(bench_figures.LATEST.read_text(encoding="utf-8"))
    html = bench_figures.figures_html(figures)
    for key, text in bench_figures.BUDGET_TEXT.items():
        verdict = "Met" if figures["budgets"][key]["pass"] else "Not met"
        assert f"<th scope=\"row\">{text}</th><td>{figures['budgets'][key]['value']}</td>" in html
        assert html.count(verdict) >= 1
    assert f"{figures['ready_ratio_cold']:.3f}" in html


def test_the_processor_time_follows_the_first_visit_ratio_it_explains():
    figures = json.loads(bench_figures.LATEST.read_text(encoding="utf-8"))
    html = bench_figures.figures_html(figures)
    pair_by_pair = html.index("The same, pair by pair")
    assert html.index("Ratio to the bare start, first visit") < pair_by_pair
    cpu = figures["browser"]["cpu_tool_ms"]
    row = html.index("Processor time Chromium used until the tool was ready")
    assert pair_by_pair < row
    assert f"{cpu['median']:.0f} ms (median of {cpu['n']}" in html[row:]
    name, ms = figures["browser"]["cpu_tool_threads_ms"][0]
    assert f"{name} {ms}" in html


def test_a_missing_results_file_stops_the_build(tmp_path, monkeypatch):
    monkeypatch.setattr(bench_figures, "LATEST", tmp_path / "latest.json")
    with pytest.raises(SuperFencesException, match="cannot read"):
        fences.bench_figures_fence("latest", "bench-figures", "", {}, None)
