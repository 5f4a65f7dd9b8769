"""Home or host authority: which local authority acts when a child is found away from home."""

from __future__ import annotations

from typing import Any, Mapping

from .guidance import Facts, advise as _advise
from .rulebook import Procedure, Rulebook

SLUG = "home-host"

#: (lives here, found here) -> the headline (its words are in procedures/tools.toml).
_ROLES = {(True, True): "same", (False, True): "host", (True, False): "home"}


def _finish(answer: dict[str, Any], facts: Facts, proc: Procedure, rb: Rulebook) -> None:
    # Only a procedure that says who convenes gives a role (Devon's, for one, does not).
    if any(line["level"] == "convenes" for line in answer["lines"]):
        role = _ROLES.get((facts.get("lives-here") is True, facts.get("found-here") is True))
        if role:
            headline = rb.tools[SLUG].headline(role)
            answer["summary"] = {"id": role, "label": headline.label, "text": headline.text}


def advise(procedure: str | None, facts: Mapping[str, Any] | None, rulebook: Rulebook | None = None) -> list[dict[str, Any]]:
    """Which authority convenes, and what the host and home authorities must each do."""
    return _advise(SLUG, procedure, facts, rulebook, finish=_finish)
