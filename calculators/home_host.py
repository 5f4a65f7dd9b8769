"""Home or host authority: which local authority acts when a child is found away from home."""

from __future__ import annotations

from typing import Any, Mapping

from .guidance import Facts, advise as _advise
from .rulebook import Procedure, Rulebook

SLUG = "home-host"

_ROLES = {
    (True, True): ("same", "Your authority is both home and host"),
    (False, True): ("host", "You are the host authority"),
    (True, False): ("home", "You are the home authority"),
}


def _finish(answer: dict[str, Any], facts: Facts, proc: Procedure, rb: Rulebook) -> None:
    if any(line["level"] == "convenes" for line in answer["lines"]):
        role = _ROLES.get((facts.get("lives-here") is True, facts.get("found-here") is True))
        if role:
            answer["summary"] = {"id": role[0], "label": role[1], "text": role[1] + "."}


def advise(procedure: str | None, facts: Mapping[str, Any] | None, rulebook: Rulebook | None = None) -> list[dict[str, Any]]:
    """Which authority convenes, and what the host and home authorities must each do."""
    return _advise(SLUG, procedure, facts, rulebook, finish=_finish)
