"""Who attends and who chairs: a checklist for the chosen procedure, a citation on every line."""

from __future__ import annotations

from typing import Any, Mapping

from .guidance import advise as _advise
from .rulebook import Rulebook

SLUG = "attendance"


def advise(procedure: str | None, facts: Mapping[str, Any] | None, rulebook: Rulebook | None = None) -> list[dict[str, Any]]:
    """The minimum attendance, what the facts add, who chairs, and the rules for everyone."""
    return _advise(SLUG, procedure, facts, rulebook)
