"""Outcomes: what each procedure lets a strategy discussion conclude, and what each leads to.

With no outcome chosen the answer lists every outcome the procedure allows (the
reference panel); with outcomes chosen it lists those, and says which the procedure
does not list (the words are the field's ``not_named`` in ``procedures/tools.toml``).
Whether several outcomes go together is each procedure's ``combine`` statement, checked
by the shared engine (``calculators.guidance``).
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


def advise(procedure: str | None, facts: Mapping[str, Any] | None, rulebook: Rulebook | None = None) -> list[dict[str, Any]]:
    """The outcomes a procedure allows (or those chosen) and what each leads to."""
    return _advise(SLUG, procedure, facts, rulebook, derive=_derive)
