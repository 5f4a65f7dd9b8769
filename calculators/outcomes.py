"""Outcomes: what each procedure lets a strategy discussion conclude, and what each leads to.

With no outcome chosen the answer lists every outcome the procedure allows (the
reference panel); with outcomes chosen it lists those, and says which the procedure
does not list.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from .guidance import Facts, advise as _advise
from .rulebook import Procedure, Rulebook

SLUG = "outcomes"


def _derive(facts: Facts, proc: Procedure, rb: Rulebook) -> tuple[Facts, dict[str, datetime]]:
    if not facts.get("chosen"):
        facts["chosen"] = [o.id for o in rb.tools[SLUG].field("chosen").options]
    return facts, {}


def _finish(answer: dict[str, Any], facts: Facts, proc: Procedure, rb: Rulebook) -> None:
    # An outcome the procedure does not name is "not listed", not "nothing specific".
    answer["not_addressed"] = [n.replace("says nothing specific about this:", "does not list this outcome:")
                                   for n in answer["not_addressed"]]


def advise(procedure: str | None, facts: Mapping[str, Any] | None, rulebook: Rulebook | None = None) -> list[dict[str, Any]]:
    """The outcomes a procedure allows (or those chosen) and what each leads to."""
    return _advise(SLUG, procedure, facts, rulebook, derive=_derive, finish=_finish)
