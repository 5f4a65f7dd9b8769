"""The answers to the handbook's own examples do not change unless a change means them to.

``tests/golden/answers.json`` holds the substance (rules, roles, dates, strengths,
headlines, lines, training answers) of every answer to every worked example, every
decision tool's check and every training stage, as ``tests/golden_answers.py`` computes
it. Issue 15 moved the code without changing one of them (a golden run before and after).

After a deliberate change of an answer, refresh the file with
``SDH_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_answers.py`` and read
the diff before committing it (``tests/golden/README.md``).
"""

from __future__ import annotations

import json
import os

import pytest

import golden_answers

#: Differences shown in a failure; the rest are counted.
SHOWN = 40


def test_every_answer_is_as_recorded() -> None:
    if os.environ.get("SDH_UPDATE_GOLDEN"):
        golden_answers.GOLDEN.write_text(golden_answers.dumps(golden_answers.golden()), encoding="utf-8")
    recorded = golden_answers.GOLDEN.read_text(encoding="utf-8")
    # The procedures the file records: another procedure's file, added beside them, is new
    # answers, not changed ones (CONTRIBUTING.md, "Add a procedure").
    now = golden_answers.dumps(golden_answers.golden(json.loads(recorded)["procedures"]))
    if now == recorded:
        return
    found = golden_answers.differences(json.loads(recorded), json.loads(now))
    # Equal data in other text means the file was edited or written by another formatter.
    found = found or ["the same answers, written differently: refresh the file"]
    more = f"\n... and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
    pytest.fail(f"{len(found)} answer(s) differ from tests/golden/answers.json (recorded -> now):\n"
                + "\n".join(found[:SHOWN]) + more
                + "\nIf the change is meant, refresh with SDH_UPDATE_GOLDEN=1 and read the diff (tests/golden/README.md).",
                pytrace=False)


def test_the_golden_file_covers_every_question() -> None:
    # A question with no answer recorded would pass unnoticed: every kind is there, none empty.
    recorded = json.loads(golden_answers.GOLDEN.read_text(encoding="utf-8"))
    assert sorted(recorded) == ["deadline-examples", "deadline-examples-all", "procedures", "tool-checks",
                                "tool-checks-all", "training"]
    assert all(recorded[section] for section in recorded)
    assert not any("errors" in entry for entry in recorded["deadline-examples"].values()), \
        "a worked example is refused"
    assert not any("errors" in entry for entry in recorded["tool-checks"].values()), "a tool's check is refused"
