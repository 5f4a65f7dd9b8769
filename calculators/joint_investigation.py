"""Joint investigation: must the police and children's social care investigate together?

A case can involve several harms. Each harm is weighed on its own lines; the headline is
the most demanding of them (the order of ``headlines`` in ``procedures/tools.toml``), and
says where a procedure points two ways. Headline words come from that data, each no
stronger than the lines it sums up. A procedure with no list of cases says so plainly.
"""

from __future__ import annotations

from typing import Any, Mapping

from .guidance import Facts, advise as _advise, applies
from .rulebook import Procedure, Rulebook
from .tools_data import Headline, Tool

SLUG = "joint-investigation"
#: The route that is not joint: found with a joint one, the procedure points two ways.
POLICE_LED = "police-led"
#: The level whose lines set the seriousness factors for a minor injury.
WEIGH = "weigh"
MINOR_INJURY = "harm=single-minor-injury"
#: Questions that always shape the answer, or that have an answer of their own.
_OWN_ANSWER = ("harm", "age", "factors")


def _first_lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _pick(levels: set[str], tool: Tool) -> tuple[str | None, list[Headline]]:
    """The headline for lines of these levels (or None), and the headlines found."""
    found = [h for h in tool.headlines if h.level and h.level in levels]
    if not found:
        return None, found
    if len(found) > 1 and any(h.level == POLICE_LED for h in found):
        return "unclear", found
    return found[0].id, found


def _per_harm(facts: Facts, proc: Procedure, tool: Tool, sets_list: bool) -> list[tuple[str, str]]:
    """Each harm ticked, with the headline its own lines would give."""
    out = []
    for harm in facts.get("harm") or []:
        one = {**facts, "harm": [harm]}
        picked, _ = _pick({g.level for g in proc.guidance_for(SLUG) if applies(g, one)}, tool)
        out.append((harm, picked or ("not-on-list" if sets_list else "no-list")))
    return out


def _summary(answer: dict[str, Any], facts: Facts, proc: Procedure, tool: Tool) -> dict[str, str]:
    levels_with_headline = {h.level for h in tool.headlines if h.level}
    sets_list = any(g.level in levels_with_headline for g in proc.guidance_for(SLUG))
    picked, found = _pick({line["level"] for line in answer["lines"]}, tool)
    hid = picked or ("not-on-list" if sets_list else "no-list")
    headline = tool.headline(hid)
    words: list[str] = []
    harms = _per_harm(facts, proc, tool, sets_list)
    if hid == "unclear":
        joint = next(h for h in found if h.level != POLICE_LED)
        police = next(h for h in found if h.level == POLICE_LED)
        most = " (the most demanding of the harms ticked)" if len(harms) > 1 else ""
        words.append(f"On one side: {_first_lower(joint.label)}{most}; on the other: {_first_lower(police.label)}.")
    if len(harms) > 1 and hid != "unclear":
        label = tool.field("harm").option
        governing = [_first_lower(label(h).label) for h, own in harms if own == hid]
        if governing and len(governing) < len(harms):
            words.append("The most demanding answer governs; it comes from: " + "; ".join(governing) + ".")
        for h, own in harms:
            if own != hid:
                words.append(f"On its own, {_first_lower(label(h).label)} would give: "
                             f"{_first_lower(tool.headline(own).label)}.")
    if headline.text:
        words.append(headline.text)
    return {"id": hid, "label": headline.label, "text": " ".join(words)}


def _factors(answer: dict[str, Any], facts: Facts, proc: Procedure, tool: Tool) -> None:
    """The seriousness factors, for a minor injury, under a procedure that sets them.

    Shown whatever the child's status (a child on a plan or looked after too, where the
    procedure's own line explains their place); where a procedure sets no factors, the
    ones ticked are named as making no difference.
    """
    if MINOR_INJURY.partition("=")[2] not in (facts.get("harm") or []):
        return
    chosen = facts.get("factors") or []
    if any(g.level == WEIGH for g in proc.guidance_for(SLUG)):
        answer["factors"] = [{"id": o.id, "label": o.label, "present": o.id in chosen}
                             for o in tool.field("factors").options]
    elif chosen:
        answer["not_addressed"].append(
            f"{proc.short_title} lists no factors for judging how serious a minor injury is: "
            f"the answers to “{tool.field('factors').label}” do not change its answer.")


def _unused(answer: dict[str, Any], facts: Facts, proc: Procedure, tool: Tool) -> None:
    """Name each answer given that this procedure's lines here do not turn on."""
    applied = [g for g in proc.guidance_for(SLUG) if g.id in {line["item"] for line in answer["lines"]}]
    used = {c.partition("=")[0] for g in applied for c in g.when + g.when_any + g.unless}
    named = {c.partition("=")[0] for g in proc.guidance_for(SLUG) for c in g.when + g.when_any + g.unless}
    for fld in tool.fields:
        value = facts.get(fld.id)
        if fld.id in _OWN_ANSWER or fld.id not in named or fld.id in used or value in (None, False, [], ""):
            continue
        answer["not_addressed"].append(
            f"{proc.short_title}: the answer to “{fld.label}” makes no difference here, for the harms ticked.")


def _finish(answer: dict[str, Any], facts: Facts, proc: Procedure, rb: Rulebook) -> None:
    if answer["silent"]:
        return
    tool = rb.tools[SLUG]
    answer["summary"] = _summary(answer, facts, proc, tool)
    _factors(answer, facts, proc, tool)
    _unused(answer, facts, proc, tool)


def advise(procedure: str | None, facts: Mapping[str, Any] | None, rulebook: Rulebook | None = None) -> list[dict[str, Any]]:
    """Whether a joint investigation must be started, considered, or weighed, per procedure."""
    return _advise(SLUG, procedure, facts, rulebook, finish=_finish)
