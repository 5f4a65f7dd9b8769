"""Child seen alone: is the reason an exception the procedure allows, and what to record.

The draft record paragraph is composed from the answers and returned to the page; it
is never stored or sent anywhere.
"""

from __future__ import annotations

from typing import Any, Mapping

from .guidance import Facts, advise as _advise, levels_present
from .rulebook import Procedure, Rulebook

SLUG = "seen-alone"


def _reasons(facts: Facts, rb: Rulebook) -> list[str]:
    field = rb.tools[SLUG].field("reasons")
    out = []
    for r in facts.get("reasons") or []:
        if r == "other" and facts.get("other-reason"):
            out.append(f"another reason ({facts['other-reason']})")
        else:
            out.append(field.option(r).label.lower())
    return out


def draft_record(answer: Mapping[str, Any], facts: Facts, proc: Procedure, rb: Rulebook) -> str:
    """A paragraph for the Record of Section 47 Enquiry, with gaps marked in [square brackets]."""
    parts: list[str] = []
    if facts.get("seen-alone"):
        dates = facts.get("dates-seen-alone") or "[dates]"
        parts.append(f"The child was seen alone by the lead social worker on {dates}.")
    else:
        reasons = _reasons(facts, rb)
        parts.append("The child has not been seen alone by the lead social worker. Reason: "
                     + ("; ".join(reasons) if reasons else "[reason]") + ".")
        parts.append("Present when the child was seen: " + (facts.get("present") or "[who was present, and why]") + ".")
        summary = (answer.get("summary") or {}).get("id")
        if summary == "allowed":
            parts.append(f"This is an exception listed in {proc.short_title}.")
        elif summary == "not-listed":
            parts.append(f"This is not one of the exceptions listed in {proc.short_title}; the plan to see the "
                         "child alone is: [plan and date].")
        elif summary == "judgement":
            parts.append(f"{proc.short_title} leaves this to judgement (\"unless inappropriate\"): "
                         "[why seeing the child alone was inappropriate].")
    if facts.get("other-children") is True:
        parts.append("Other children in the household: [names or initials], communicated with directly on [dates].")
    return " ".join(parts)


def _finish(answer: dict[str, Any], facts: Facts, proc: Procedure, rb: Rulebook) -> None:
    if answer["silent"]:
        answer["record_draft"] = None
        return
    if facts.get("seen-alone"):
        answer["summary"] = {"id": "seen-alone", "label": "Seen alone",
                             "text": "The child has been seen alone: record the dates."}
    else:
        found = levels_present(answer, ("allowed", "not-listed"))
        if "allowed" in found and "not-listed" in found:
            answer["summary"] = {"id": "not-listed", "label": "Partly outside the listed exceptions",
                                 "text": "At least one reason is a listed exception, but another is not."}
        elif found == ["allowed"]:
            answer["summary"] = {"id": "allowed", "label": rb.tools[SLUG].level("allowed").label,
                                 "text": "The reason given is one of the exceptions the procedure lists."}
        elif found == ["not-listed"]:
            answer["summary"] = {"id": "not-listed", "label": rb.tools[SLUG].level("not-listed").label,
                                 "text": "The reason given is not one of the exceptions the procedure lists."}
        else:
            answer["summary"] = {"id": "judgement", "label": "A judgement",
                                 "text": f"{proc.short_title} lists no exceptions: whether the reason is acceptable "
                                         "is a judgement, to be explained in the record."}
    answer["record_draft"] = draft_record(answer, facts, proc, rb)


def advise(procedure: str | None, facts: Mapping[str, Any] | None, rulebook: Rulebook | None = None) -> list[dict[str, Any]]:
    """Whether not seeing the child alone fits the procedure, what to record, and a draft record."""
    return _advise(SLUG, procedure, facts, rulebook, finish=_finish)
