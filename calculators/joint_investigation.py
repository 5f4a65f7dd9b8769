"""Joint investigation: must the police and children's social care investigate together?

Only practice-standards-2025 sets a list of cases; the other procedures say what they
require of the police, and the answer says plainly that they set no such list.
"""

from __future__ import annotations

from typing import Any, Mapping

from .guidance import Facts, advise as _advise, levels_present
from .rulebook import Procedure, Rulebook

SLUG = "joint-investigation"
DECISIVE = ("must", "consider", "weigh", "police-led")


def _finish(answer: dict[str, Any], facts: Facts, proc: Procedure, rb: Rulebook) -> None:
    if answer["silent"]:
        return
    tool = rb.tools[SLUG]
    found = levels_present(answer, DECISIVE)
    if not found:
        answer["summary"] = {
            "id": "no-list", "label": "No list of cases",
            "text": f"{proc.short_title} sets no list of cases that require a joint investigation. "
                    "What it says about involving the police is below.",
        }
    elif len(found) == 1:
        answer["summary"] = {"id": found[0], "label": tool.level(found[0]).label, "text": tool.level(found[0]).label + "."}
    else:
        labels = [tool.level(lv).label.lower() for lv in found]
        answer["summary"] = {
            "id": "unclear", "label": "The procedure points more than one way",
            "text": "The procedure points more than one way here: " + "; ".join(labels)
                    + ". It does not say which prevails: the strategy discussion decides and records why.",
        }
    if "weigh" in found:
        factors = tool.field("factors")
        chosen = facts.get("factors") or []
        answer["factors"] = [{"id": o.id, "label": o.label, "present": o.id in chosen} for o in factors.options]


def advise(procedure: str | None, facts: Mapping[str, Any] | None, rulebook: Rulebook | None = None) -> list[dict[str, Any]]:
    """Whether a joint investigation must be started, considered, or weighed, per procedure."""
    return _advise(SLUG, procedure, facts, rulebook, finish=_finish)
