"""What the page's worker asks (``web.run_for_page``): the same answer as ``web.run``, less
the engines' own ``answers`` where the page draws ``views`` made from them (issue 17: for all
procedures those are a third of the reply, serialised in the worker and sent for nothing)."""

from __future__ import annotations

import json

import pytest

from calculators import web

CHRISTMAS_EVE = {"event": "referral-received", "at": "2026-12-24T16:30"}
SEEN_ALONE = {"seen-alone": False, "reasons": ["pre-verbal-or-young"], "present": "Her father, as she is 18 months old",
              "other-children": True}

#: (tool, request, whether the reply draws views): each kind of reply the page gets.
REQUESTS = [
    ("deadlines", {"procedure": "all", **CHRISTMAS_EVE, "circumstances": []}, True),
    ("timeline", {"procedure": "practice-standards-2025", **CHRISTMAS_EVE}, True),
    ("seen-alone", {"procedure": "all", "facts": SEEN_ALONE}, True),
    ("seen-alone", {"procedure": "practice-standards-2025", "facts": SEEN_ALONE}, True),
    ("deadlines", {"procedure": "all", "event": "referral-received", "at": "2026-02-30T10:00"}, False),
    ("seen-alone", {"procedure": "practice-standards-2025", "facts": {}}, False),
    ("no-such-tool", {}, False),
]


@pytest.mark.parametrize(("tool", "request_", "drawn"), REQUESTS)
def test_the_page_gets_everything_it_draws(tool: str, request_: dict, drawn: bool) -> None:
    body = json.dumps(request_)
    full = json.loads(web.run(tool, body))
    page = json.loads(web.run_for_page(tool, body))
    assert ("views" in full) is drawn, sorted(full)
    if drawn:
        assert full["ok"] and "answers" in full and "answers" not in page
        assert page == {key: value for key, value in full.items() if key != "answers"}
    else:  # an error: unchanged
        assert not full["ok"] and page == full
