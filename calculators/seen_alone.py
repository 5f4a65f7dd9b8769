"""Child seen alone: is the reason an exception the procedure allows, and what to record.

The draft record paragraph is composed from the answers and returned to the page; it
is never stored or sent anywhere. Nothing typed is dropped from it, whatever the answer
(dates given with "not seen alone", who was present with "seen alone"): it keeps every
answer, and a warning names the question where two answers seem to disagree.
"""

from __future__ import annotations

from typing import Any, Mapping

from .guidance import Facts, advise as _advise, levels_present
from .rulebook import Procedure, Rulebook

SLUG = "seen-alone"


def _words(text: str) -> str:
    """Typed words without the full stop or spaces they end with (the draft adds its own)."""
    return text.strip().rstrip(".").rstrip()


def _sentence(text: str) -> str:
    """A sentence ending in exactly one stop: none added after a question or exclamation mark."""
    text = text.rstrip()
    return text if text.endswith(("?", "!")) else _words(text) + "."


def _reasons(facts: Facts, rb: Rulebook) -> list[str]:
    field = rb.tools[SLUG].field("reasons")
    out = []
    for r in facts.get("reasons") or []:
        if r == "other" and facts.get("other-reason"):
            out.append(f"another reason ({_words(facts['other-reason'])})")
        else:
            out.append(field.option(r).label.lower())
    return out


def draft_record(answer: Mapping[str, Any], facts: Facts, proc: Procedure, rb: Rulebook) -> str:
    """A paragraph for the Record of Section 47 Enquiry, with gaps marked in [square brackets]."""
    parts: list[str] = []
    dates, present = facts.get("dates-seen-alone"), facts.get("present")
    if facts.get("seen-alone"):
        parts.append(_sentence(f"The child was seen alone by the lead social worker on {dates or '[dates]'}"))
        if present:
            parts.append(_sentence(f"When the child was not seen alone, present: {present}"))
    else:
        reasons = _reasons(facts, rb)
        parts.append("The child has not been seen alone by the lead social worker. Reason: "
                     + ("; ".join(reasons) if reasons else "[reason]") + ".")
        parts.append(_sentence("Present when the child was seen: " + (present or "[who was present, and why]")))
        if dates:
            parts.append(_sentence(f"Dates recorded as seen alone: {dates}"))
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
    elif facts.get("other-children") is False:
        parts.append("There are no other children in the household.")
    return " ".join(parts)


def _disagreements(facts: Facts, rb: Rulebook) -> list[str]:
    """Answers kept in the draft that seem to disagree with the yes or no, each naming its question."""
    tool = rb.tools[SLUG]
    if facts.get("seen-alone") and facts.get("present"):
        return [f"You answered that the child has been seen alone, and also “{tool.field('present').label}”: "
                "the draft keeps both; check that they describe different visits."]
    if facts.get("seen-alone") is False and facts.get("dates-seen-alone"):
        return [f"You answered that the child has not been seen alone, but gave “{tool.field('dates-seen-alone').label}”: "
                "the draft keeps the dates; check which answer is right."]
    return []


def _summary(answer: dict[str, Any], facts: Facts, proc: Procedure, rb: Rulebook) -> dict[str, str]:
    tool = rb.tools[SLUG]
    if facts.get("seen-alone"):
        hid, text = "seen-alone", ""
    else:
        found = levels_present(answer, ("allowed", "not-listed"))
        if found == ["allowed", "not-listed"]:
            hid, text = "not-listed", "At least one reason given is a listed exception, but another is not."
        elif found:
            hid, text = found[0], ""
        else:
            hid, text = "judgement", ""
    headline = tool.headline(hid)
    return {"id": hid, "label": headline.label, "text": text or headline.text}


def _finish(answer: dict[str, Any], facts: Facts, proc: Procedure, rb: Rulebook) -> None:
    if not answer["silent"]:
        answer["summary"] = _summary(answer, facts, proc, rb)
    answer["warnings"] += _disagreements(facts, rb)
    # Even where the procedure is silent, the draft keeps what was typed.
    answer["record_draft"] = draft_record(answer, facts, proc, rb)


def advise(procedure: str | None, facts: Mapping[str, Any] | None, rulebook: Rulebook | None = None) -> list[dict[str, Any]]:
    """Whether not seeing the child alone fits the procedure, what to record, and a draft record."""
    return _advise(SLUG, procedure, facts, rulebook, finish=_finish)
