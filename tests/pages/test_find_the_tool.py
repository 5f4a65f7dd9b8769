"""Find the tool at once (issue 16, item 6): the timing page opens with the deadline tool, and
searching "deadline", "when is it due" or "timescale" finds it first (its search boost and
title, as Material's search index records them)."""

from __future__ import annotations

import json
import re
from pathlib import Path

QUERIES = ("deadline", "when is it due", "timescale")


def _stem(word: str) -> str:
    """Near enough lunr's stemmer for these words: plural and -s endings off."""
    return re.sub(r"s$", "", word.lower())


def test_search_index_boosts_the_timing_page(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {d["location"]: d for d in index["docs"] if "#" not in d["location"]}
    timing = pages["timing/"]
    assert timing.get("boost", 1) > 1
    # No other page is boosted as much: the timing page ranks first for words in its title.
    assert all(d.get("boost", 1) < timing["boost"] for loc, d in pages.items() if loc != "timing/")
    title_words = {_stem(w) for w in re.findall(r"[a-z]+", timing["title"].lower())}
    for query in QUERIES:
        assert {_stem(w) for w in query.split()} <= title_words, (query, timing["title"])


def test_timing_page_opens_with_the_tool(built_site: Path) -> None:
    html = (built_site / "timing" / "index.html").read_text(encoding="utf-8")
    tool = html.index('data-tool="deadlines"')
    # Before any citation, table of rules, or the "where the procedures differ" panel.
    for later in ('class="admonition', "sdh-rule-table", 'id="how-the-procedures-set-their-clocks"'):
        if later in html:
            assert tool < html.index(later), later
    assert html.index("<h1") < tool
