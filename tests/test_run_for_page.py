"""What the page's worker asks (``web.run_for_page``): the same answer as ``web.run``, less
the engines' own ``answers`` where the page draws ``views`` made from them (issue 17: for all
procedures those are a third of the reply, serialised in the worker and sent for nothing)."""

from __future__ import annotations

import json

import pytest

from calculators import web

REQUESTS = [
    ("deadlines", {"procedure": "all", "event": "referral-received", "at": "2026-12-24T16:30", "circumstances": []}),
    ("timeline", {"procedure": "practice-standards-2025", "event": "referral-received", "at": "2026-12-24T16:30"}),
    ("deadlines", {"procedure": "all", "event": "referral-received", "at": "2026-02-30T10:00"}),
    ("seen-alone", {"procedure": "practice-standards-2025", "facts": {}}),
    ("no-such-tool", {}),
]


@pytest.mark.parametrize(("tool", "request_"), REQUESTS)
def test_the_page_gets_everything_it_draws(tool: str, request_: dict) -> None:
    body = json.dumps(request_)
    full = json.loads(web.run(tool, body))
    page = json.loads(web.run_for_page(tool, body))
    if "views" in full:
        assert "answers" in full and "answers" not in page
        assert page == {key: value for key, value in full.items() if key != "answers"}
    else:  # an error, or a reply with nothing drawn from the engines' answers: unchanged
        assert page == full

