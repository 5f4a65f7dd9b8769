"""Missing or inaccessible child: the actions due within 24 hours, and what follows refusal.

The 24-hour deadlines come from the deadline engine, from the rules the guidance names.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from .guidance import Facts, advise as _advise
from .rulebook import Procedure, Rulebook

SLUG = "missing-child"


def _derive(facts: Facts, proc: Procedure, rb: Rulebook) -> tuple[Facts, dict[str, datetime]]:
    moments = {"whereabouts-unknown": facts["at"]} if facts.get("at") else {}
    return facts, moments


def advise(procedure: str | None, facts: Mapping[str, Any] | None, rulebook: Rulebook | None = None) -> list[dict[str, Any]]:
    """What must happen, and by when, for a child who cannot be found or reached."""
    return _advise(SLUG, procedure, facts, rulebook, derive=_derive)
