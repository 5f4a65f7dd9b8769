"""Small faults of wording (issue 16, item 9), looked for in every answer the rulebook's own
checks give and in every seen-alone draft: no doubled full stop, and no sentence of a
headline's words said again in the lines under it."""

from __future__ import annotations

import itertools
import json
import re

import pytest

from calculators import web
from calculators.rulebook import load

RB = load()
DOUBLED = re.compile(r"[^.]\.\s*\.(?!\.)|[?!]\.")


def _sent(facts: dict) -> dict:
    return {k: ("yes" if v else "no") if isinstance(v, bool) else v for k, v in facts.items()}


def _sentences(text: str) -> list[str]:
    return [s.strip().lower() for s in re.split(r"(?<=[.;:])\s+", text or "") if len(s.strip()) > 20]


CHECKS = [(proc.id, check) for proc in RB.procedures.values() for check in proc.checks]


@pytest.mark.parametrize("proc_id, check", CHECKS, ids=[f"{p}-{c.tool}-{i}" for i, (p, c) in enumerate(CHECKS)])
def test_no_headline_sentence_is_said_again_in_the_lines(proc_id, check) -> None:
    out = json.loads(web.run(check.tool, json.dumps({"procedure": proc_id, "facts": _sent(check.facts)})))
    if not out["ok"]:
        pytest.skip("a check of a refusal")
    for view in out["views"]:
        summary = view.get("summary")
        lines = " ".join(line["statement"] for level in view["levels"] for line in level["lines"])
        for text in [view.get("record_draft") or "", *(line["statement"] for level in view["levels"]
                                                        for line in level["lines"])]:
            assert not DOUBLED.search(text), text
        if summary:
            said = set(_sentences(lines))
            repeated = [s for s in _sentences(summary["text"]) if s in said]
            assert not repeated, (summary, repeated)
            tail = [s.rstrip(".").split(": ")[-1] for s in _sentences(summary["text"])]
            assert not [t for t in tail if len(t) > 30 and t in lines.lower()], (summary, lines)


def test_seen_alone_drafts_have_one_full_stop_each() -> None:
    tool = RB.tools["seen-alone"]
    reasons = [o.id for o in tool.field("reasons").options]
    for proc, seen, present, dates, others in itertools.product(
            RB.procedures, (True, False), ("", "Her mother.", "her aunt?"), ("", "3 May 2026."), (True, False, None)):
        for reason in [None] if seen else reasons:
            facts = {"seen-alone": seen, "present": present, "dates-seen-alone": dates}
            if reason:
                facts["reasons"] = [reason]
            if reason == "other":
                facts["other-reason"] = "She said no."
            if others is not None:
                facts["other-children"] = others
            out = json.loads(web.run("seen-alone", json.dumps({"procedure": proc, "facts": _sent(facts)})))
            assert out["ok"], out
            for answer in out["answers"]:
                draft = answer.get("record_draft") or ""
                assert not DOUBLED.search(draft), draft
