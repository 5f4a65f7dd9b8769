"""The decision tools' common engine: check a tool's facts, then list what a procedure says.

Each tool's questions are data (``procedures/tools.toml``); what each procedure says is
data (``[[guidance]]`` in its file). This module validates the facts against the
questions, finds the guidance whose conditions hold, and returns lines that each carry
their citation. It never borrows another procedure's guidance: a procedure that says
nothing on a question is reported as silent. Tool modules add a headline and any
computed part (a deadline, a date window, a draft record).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from . import citations, date_boxes, derived_facts
from . import strength
from .deadlines import ALL, deadline_for, procedures_chosen
from .errors import InputError, InputErrors
from .london_time import parse_event_time
from .rulebook import Procedure, Rulebook, load
from .tools_data import Conflict, Guidance, Tool
from .working_days import unannounced_warning

TEXT_LIMIT = 600
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

Facts = dict[str, Any]


def _absent(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


def _yes_no(value: Any, label: str, fid: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "true", "y"):
        return True
    if text in ("no", "false", "n"):
        return False
    raise InputError(fid, f"Answer yes or no to “{label}”.")


def _read_date(value: Any, label: str, fid: str) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    m = _ISO_DAY.match(str(value).strip())
    if not m:
        raise InputError(fid, f"“{label}” must be a date written YYYY-MM-DD, for example 2026-11-24.")
    try:
        day = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise InputError(fid, f"“{label}” must be a real date: {value} does not exist.") from None
    if not 2000 <= day.year <= 2099:
        raise InputError(fid, f"“{label}” must be between 2000 and 2099.")
    return day


def read_facts(tool: Tool, raw: Mapping[str, Any] | None) -> tuple[Facts, list[InputError]]:
    """Convert raw answers (from a form, the command line or JSON) to typed facts."""
    facts: Facts = {}
    errors: list[InputError] = []
    for key, value in (raw or {}).items():
        fld = next((f for f in tool.fields if f.id == key), None)
        if fld is None:
            errors.append(InputError(key, f"“{key}” is not a question of the {tool.title.lower()} tool."))
            continue
        if _absent(value):
            continue
        try:
            if fld.kind == "yes-no":
                facts[key] = _yes_no(value, fld.label, key)
            elif fld.kind == "choice":
                value = str(value)
                if fld.option(value) is None:
                    raise InputError(key, f"“{value}” is not an answer to “{fld.label}”. Choose one of: "
                                     + ", ".join(o.id for o in fld.options) + ".")
                facts[key] = value
            elif fld.kind == "multi":
                values = value if isinstance(value, (list, tuple)) else [value]
                chosen: list[str] = []
                for v in values:
                    v = str(v)
                    if fld.option(v) is None:
                        raise InputError(key, f"“{v}” is not an answer to “{fld.label}”. Choose from: "
                                         + ", ".join(o.id for o in fld.options) + ".")
                    if v not in chosen:
                        chosen.append(v)
                facts[key] = chosen
            elif fld.kind == "whole-number":
                text = str(value).strip()
                if isinstance(value, bool) or not re.fullmatch(r"-?\d+", text):
                    raise InputError(key, f"“{fld.label}” must be a whole number.")
                number = int(text)
                if (fld.min is not None and number < fld.min) or (fld.max is not None and number > fld.max):
                    raise InputError(key, f"“{fld.label}” must be between {fld.min} and {fld.max} (you entered {number}).")
                facts[key] = number
            elif fld.kind == "date":
                if date_boxes.is_boxes(value):
                    value = date_boxes.read(value, key, f"in “{fld.label}”", date_boxes.NO_TIME, years=(2000, 2099))
                facts[key] = _read_date(value, fld.label, key)
            elif fld.kind == "datetime":
                if date_boxes.is_boxes(value):
                    value = date_boxes.read(value, key, f"in “{fld.label}”")
                facts[key] = parse_event_time(str(value), field=key)
            else:  # text: only ever used to compose a draft in the page
                text = str(value).strip()
                if len(text) > TEXT_LIMIT:
                    raise InputError(key, f"“{fld.label}” is too long: keep it under {TEXT_LIMIT} characters.")
                facts[key] = text
        except InputError as exc:
            errors.append(exc)
    return facts, errors


def holds(condition: str, facts: Facts) -> bool:
    """Whether a condition (``field`` or ``field=value``) holds for these facts."""
    key, _, value = condition.partition("=")
    present = key in facts and not _absent(facts[key])
    if not value:
        return present and facts[key] is not False
    if not present:
        return False
    actual = facts[key]
    if isinstance(actual, bool):
        return actual == (value == "yes")
    if isinstance(actual, list):
        return value in actual
    return str(actual) == value


def applies(item: Guidance, facts: Facts) -> bool:
    """Whether a guidance item's conditions all hold."""
    return (all(holds(c, facts) for c in item.when)
            and (not item.when_any or any(holds(c, facts) for c in item.when_any))
            and not any(holds(c, facts) for c in item.unless))


def check_facts(tool: Tool, facts: Facts, procedure: str | None) -> list[InputError]:
    """Missing answers and contradictions, each as an error at a field."""
    errors: list[InputError] = []
    for fld in tool.fields:
        missing = _absent(facts.get(fld.id))
        if not missing:
            continue
        needed = fld.required and not any(holds(c, facts) for c in fld.required_unless)
        needed = needed or (bool(fld.required_when) and all(holds(c, facts) for c in fld.required_when))
        if needed:
            errors.append(InputError(fld.id, f"Answer “{fld.label}”."))
    for c in tool.conflicts:
        if c.procedures and procedure not in c.procedures:
            continue
        if conflict_holds(c, facts):
            errors.append(InputError(c.field, c.message))
    return errors


def conflict_holds(c: Conflict, facts: Facts) -> bool:
    """Whether a conflict's conditions all hold for these facts (for an ``order``: whether
    both dates are given and the second comes before the first)."""
    if c.order:
        first, second = (facts.get(f) for f in c.order)
        return first is not None and second is not None and second < first
    return (all(holds(w, facts) for w in c.when)
            and (not c.when_any or any(holds(w, facts) for w in c.when_any))
            and not any(holds(u, facts) for u in c.unless))


def named_options(proc: Procedure, tool_id: str, field_id: str) -> set[str]:
    """The answers of a choice or multi field that a procedure's guidance names in its conditions."""
    prefix = f"{field_id}="
    return {c[len(prefix):] for g in proc.guidance_for(tool_id) for c in g.when + g.when_any + g.unless
            if c.startswith(prefix)}


def combine_problems(tool: Tool, proc: Procedure, facts: Facts) -> list[InputError]:
    """Answers chosen together that this procedure sets out as alternatives, each at its field.

    A procedure says so in a ``combine`` statement on one of its lines (with its citation);
    only the answers its own guidance names count, so one it does not list never clashes.
    """
    errors = []
    for g in proc.guidance_for(tool.id):
        rule = g.combine
        if rule is None or rule.allowed or not applies(g, facts):
            continue
        named = named_options(proc, tool.id, rule.field)
        if len([v for v in facts.get(rule.field) or [] if v in named]) > 1:
            errors.append(InputError(rule.field, rule.message))
    return errors


def _combine_unstated(tool: Tool, proc: Procedure, facts: Facts, rulebook: Rulebook) -> list[str]:
    """A warning where several named answers are chosen and this procedure does not say whether
    they go together (for fields on which another procedure does say)."""
    fields = {g.combine.field for p in rulebook.procedures.values() for g in p.guidance_for(tool.id) if g.combine}
    stated = {g.combine.field for g in proc.guidance_for(tool.id) if g.combine}
    out = []
    for fid in sorted(fields - stated):
        named = named_options(proc, tool.id, fid)
        if len([v for v in facts.get(fid) or [] if v in named]) > 1:
            out.append(f"{proc.short_title} does not say whether more than one of these may be chosen together: "
                       "record why each applies.")
    return out


def _condition_fields(tool_id: str, rulebook: Rulebook) -> set[str]:
    conds = set()
    for proc in rulebook.procedures.values():
        for g in proc.guidance_for(tool_id):
            conds.update(g.when + g.when_any)
    return conds


def _not_addressed(tool: Tool, proc: Procedure, facts: Facts, rulebook: Rulebook) -> list[str]:
    """Facts that matter to some procedure but on which this one says nothing specific."""
    used_anywhere = _condition_fields(tool.id, rulebook)
    used_here = {c for g in proc.guidance_for(tool.id) for c in g.when + g.when_any}
    out = []
    for fld in tool.fields:
        value = facts.get(fld.id)
        if _absent(value):
            continue
        if fld.kind in ("choice", "multi"):
            for v in value if isinstance(value, list) else [value]:
                cond = f"{fld.id}={v}"
                if cond in used_anywhere and cond not in used_here:
                    said = fld.not_named or "says nothing specific about this"
                    out.append(f"{proc.short_title} {said}: {fld.option(v).label.lower()}.")
        elif fld.kind == "yes-no" and value is True:
            cond, cond_yes = fld.id, f"{fld.id}=yes"
            if (cond in used_anywhere or cond_yes in used_anywhere) and not ({cond, cond_yes} & used_here):
                out.append(f"{proc.short_title} says nothing specific about this: {fld.label.lower()}.")
    return out


def lines_for(tool: Tool, proc: Procedure, facts: Facts, rulebook: Rulebook,
              moments: Mapping[str, datetime] | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """The lines of one procedure's answer, in the tool's level order, and any warnings."""
    order = {lv.id: i for i, lv in enumerate(tool.levels)}
    items = [g for g in proc.guidance_for(tool.id) if applies(g, facts)]
    items.sort(key=lambda g: order[g.level])
    warnings: list[str] = []
    lines = []
    for g in items:
        line: dict[str, Any] = {
            "item": g.id,
            "level": g.level,
            "level_label": tool.level(g.level).label,
            "statement": g.statement,
            "strength": g.strength,
            "strength_label": strength.label(g.strength),
            "strength_quote": g.strength_quote,
            "citation": citations.as_dict(rulebook, g.citation),
            "notes": list(g.notes),
            "due": None,
            "due_text": None,
            "working": [],
        }
        if g.deadline_rule:
            rule = proc.rule(g.deadline_rule)
            moment = (moments or {}).get(rule.events[0])
            if moment is not None or not rule.computable:
                computed, unconfirmed = deadline_for(rule, moment, rulebook)
                line.update(due=computed["due"], due_text=computed["due_text"], working=computed["working"],
                            rule=rule.id)
                warnings += [unannounced_warning(year) for year in sorted(unconfirmed)]
        lines.append(line)
    return lines, warnings


def advise(tool_id: str, procedure: str | None, raw_facts: Mapping[str, Any] | None,
           rulebook: Rulebook | None = None,
           derive: Callable[[Facts, Procedure, Rulebook], tuple[Facts, dict[str, datetime]]] | None = None,
           finish: Callable[[dict[str, Any], Facts, Procedure, Rulebook], None] | None = None) -> list[dict[str, Any]]:
    """Answer one tool for one procedure or ``all``: a list of answers, one per procedure.

    ``derive`` adds computed facts and event times; ``finish`` adds the tool's headline.
    Raises ``InputErrors`` naming each wrong field; never answers a wrong request.
    """
    rb = rulebook or load()
    tool = rb.tools[tool_id]
    procs, errors = procedures_chosen(rb, procedure)
    facts, fact_errors = read_facts(tool, raw_facts)
    errors += fact_errors
    # Every problem at once: the checks of the other answers run even where one could not be read.
    unread = {e.field for e in fact_errors}
    errors += [e for e in check_facts(tool, facts, procedure if procedure != ALL else None) if e.field not in unread]
    if not fact_errors:
        if procedure != ALL:
            errors += [e for proc in procs for e in combine_problems(tool, proc, facts)]
    if errors:
        raise InputErrors(errors)
    answers = []
    for proc in procs:
        these, moments = derived_facts.derive(tool, dict(facts), proc, rb)
        if derive:
            these, more = derive(these, proc, rb)
            moments = {**moments, **more}
        lines, warnings = lines_for(tool, proc, these, rb, moments)
        exclusive = [line for line in lines if tool.level(line["level"]).exclusive]
        lines = exclusive or lines
        if procedure == ALL:
            # What one procedure alone would refuse is a warning side by side (on the facts as
            # given, not as a tool completed them).
            warnings += [c.message for c in tool.conflicts if proc.id in c.procedures and conflict_holds(c, facts)]
            warnings += [e.message for e in combine_problems(tool, proc, facts)]
        warnings += _combine_unstated(tool, proc, facts, rb)
        has_any = bool(proc.guidance_for(tool_id))
        answer: dict[str, Any] = {
            "tool": tool.id,
            "tool_title": tool.title,
            "procedure": proc.id,
            "procedure_title": proc.title,
            "procedure_short_title": proc.short_title,
            "summary": None,
            "lines": lines,
            "not_addressed": _not_addressed(tool, proc, these, rb) if has_any else [],
            "silent": None if has_any else (
                f"{proc.short_title} says nothing on this question. The handbook does not borrow another "
                "procedure's answer."),
            "warnings": warnings,
            "caveat": (f"This tool advises; the decision stays with the professionals. From {proc.title} "
                       f"({proc.published}), a dated copy: check your own partnership's current procedure."),
        }
        if finish:
            finish(answer, these, proc, rb)
        elif tool.headlines and not answer["silent"]:
            answer["summary"] = headline_for(tool, answer, these)
        answers.append(answer)
    return answers


def headline_for(tool: Tool, answer: Mapping[str, Any], facts: Facts) -> dict[str, str] | None:
    """The first of the tool's headlines whose conditions hold and whose level is among the lines."""
    present = {line["level"] for line in answer["lines"]}
    for h in tool.headlines:
        if all(holds(c, facts) for c in h.when) and (not h.level or h.level in present):
            return {"id": h.id, "label": h.label, "text": h.text}
    return None


def levels_present(answer: Mapping[str, Any], wanted: tuple[str, ...]) -> list[str]:
    """The levels from ``wanted`` that appear in an answer's lines, in ``wanted`` order."""
    present = {line["level"] for line in answer["lines"]}
    return [lv for lv in wanted if lv in present]
