"""Wide tables and example dates on the built pages (issue 16, item 9): every wide table is a
focusable, labelled scroll region with a visible "scroll sideways" sign before it (shown on a
narrow screen), and each quick answer's dates say which event they count from."""

from __future__ import annotations

import re
from pathlib import Path

from build_tools.fences.citations import SCROLL_HINT

PAGES = ("quick-answers", "compare/timescales", "timing")


def test_every_wide_table_scrolls_visibly_and_by_keyboard(built_site: Path) -> None:
    for page in PAGES:
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        wraps = re.findall(r'(<p class="sdh-scroll-hint"[^>]*>[^<]*</p>)?<div class="sdh-table-wrap"([^>]*)>', html)
        assert wraps, page
        for hint, attrs in wraps:
            assert SCROLL_HINT.split(" →")[0] in hint, (page, attrs)
            assert 'role="region"' in attrs and 'tabindex="0"' in attrs and 'aria-label="' in attrs


def test_quick_answers_say_which_event_the_dates_count_from(built_site: Path) -> None:
    html = (built_site / "quick-answers" / "index.html").read_text(encoding="utf-8")
    leads = re.findall(r'<p class="sdh-answer-from">([^<]*)</p>', html)
    assert leads and len(leads) == html.count('class="sdh-answer-headlines"')
    assert "Counted from the referral at 16:30 GMT on Thursday 24 December 2026:" in leads
    assert any(lead.startswith("Counted from the emergency action at ") for lead in leads)
