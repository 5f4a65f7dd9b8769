"""The decision tools' data: their questions (``procedures/tools.toml``) and each
procedure's guidance and worked checks, read strictly.

Kept apart from ``rulebook.py`` (timescales) so each reader stays small; both use the
same strict table reader, and ``rulebook.load`` joins them into one ``Rulebook``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import RulebookError
from .night_hours import Night, read_night
from .strength import STRENGTHS
from .strict_toml import check_id, read_strength, read_toml, unique_ids

FIELD_KINDS = ("choice", "multi", "yes-no", "whole-number", "date", "datetime", "text")
TOOL_KINDS = ("advice", "deadlines", "timeline")
_CONDITION = re.compile(r"^([a-z0-9-]+)(?:=([a-z0-9-]+))?$")


@dataclass(frozen=True)
class Option:
    """One answer a choice or multi field allows."""

    id: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class Field:
    """One question of a tool."""

    id: str
    kind: str
    label: str
    hint: str = ""
    options: tuple[Option, ...] = ()
    required: bool = False
    required_unless: tuple[str, ...] = ()
    required_when: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None
    #: How an answer reads when a procedure's guidance does not name it ("does not list this
    #: outcome"); empty for the default, "says nothing specific about this".
    not_named: str = ""
    #: A datetime field whose time starts this event's clock (the deadline engine counts from it).
    starts_event: str = ""
    #: A multi field left empty means every option (a reference panel of everything listed).
    all_when_empty: bool = False
    #: A derived yes-no fact worked out by the deadline engine: is the date in field ``within``
    #: no later than the limit of rule ``from_rule`` counted from the date in field ``start``?
    from_rule: str = ""
    start: str = ""
    within: str = ""
    #: A derived yes-no fact: is the date in this field before the procedure's ``in_force_from``?
    before_in_force: str = ""

    def option(self, option_id: str) -> Option | None:
        """The option with this id, or None."""
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Conflict:
    """Answers that cannot all be true: the message is shown at ``field``."""

    when: tuple[str, ...]
    unless: tuple[str, ...]
    field: str
    message: str
    procedures: tuple[str, ...] = ()
    #: At least one of these must hold as well (empty: no such condition).
    when_any: tuple[str, ...] = ()
    #: Two date fields that must come in this order when both are given (the message is
    #: shown at ``field`` when the second is before the first).
    order: tuple[str, ...] = ()


@dataclass(frozen=True)
class Level:
    """A kind of line a tool's answer can contain (``must``, ``minimum``, ``chair`` ...)."""

    id: str
    label: str
    #: Lines of an exclusive level, where any applies, are the whole answer (the source does
    #: not cover the case, so nothing else it says is shown as if it did).
    exclusive: bool = False


@dataclass(frozen=True)
class Headline:
    """A headline an answer can have: its words, and what it summarises.

    ``level``: the headline of an answer whose lines include that level (the first such
    headline in the tool's order governs); ``strength``: the source's force its label
    carries, never more than the lines at that level; ``text``: words shown under it,
    which never repeat the label.
    """

    id: str
    label: str
    level: str = ""
    strength: str = ""
    text: str = ""
    #: Conditions on the facts (``field=value``) that must all hold for this headline.
    when: tuple[str, ...] = ()


@dataclass(frozen=True)
class Combine:
    """Whether a procedure lets more than one answer of a multi field be chosen together.

    ``allowed`` False: at most one of the answers the procedure's guidance names may be
    chosen, and ``message`` (shown at ``field``) says so.
    """

    field: str
    allowed: bool
    message: str = ""


@dataclass(frozen=True)
class Tool:
    """A decision tool: its questions, their contradictions, and its kinds of answer."""

    id: str
    title: str
    question: str
    levels: tuple[Level, ...]
    fields: tuple[Field, ...]
    conflicts: tuple[Conflict, ...]
    derived: tuple[Field, ...] = ()
    #: The headlines an answer can have, for tools that give one, the most demanding first.
    headlines: tuple[Headline, ...] = ()
    #: The chapter whose page carries the tool's form (a path under docs/).
    page: str = ""
    #: ``advice`` (a decision tool: questions and guidance lines), ``deadlines`` (the
    #: deadline tool, whose questions are the vocabulary's events and circumstances) or
    #: ``timeline`` (the case timeline: the same questions, and the times of later events).
    kind: str = "advice"
    #: The timeline's hours flagged "at night" (the handbook's convention); None for other kinds.
    night: Night | None = None

    def field(self, field_id: str) -> Field | None:
        """The field (asked or derived) with this id, or None."""
        return next((f for f in self.fields + self.derived if f.id == field_id), None)

    def level(self, level_id: str) -> Level:
        """The level with this id."""
        return next(lv for lv in self.levels if lv.id == level_id)

    def headline(self, headline_id: str) -> Headline:
        """The headline with this id."""
        return next(h for h in self.headlines if h.id == headline_id)


@dataclass(frozen=True)
class Guidance:
    """One thing a procedure says that a tool shows, when its conditions hold."""

    id: str
    procedure: str
    tool: str
    level: str
    when: tuple[str, ...]
    when_any: tuple[str, ...]
    unless: tuple[str, ...]
    statement: str
    citation: Any  # rulebook.Citation
    notes: tuple[str, ...]
    deadline_rule: str | None
    #: The source's own force (``calculators.strength``) and the words that carry it.
    strength: str = ""
    strength_quote: str = ""
    #: Whether the procedure lets several answers of a multi field go together (this line
    #: is where it says so).
    combine: Combine | None = None


@dataclass(frozen=True)
class Check:
    """A worked example for a tool: the facts, and what the answer must (not) contain."""

    tool: str
    procedure: str
    name: str
    facts: dict[str, Any]
    summary: str | None
    expect: tuple[str, ...]
    absent: tuple[str, ...]
    due: dict[str, str] = field(default_factory=dict)


def check_condition(tool: Tool, condition: str, where: str) -> None:
    """Refuse a condition that names no field of the tool, or no option of the field."""
    m = _CONDITION.match(condition)
    if not m:
        raise RulebookError(f"{where}: condition '{condition}' is not 'field' or 'field=value'")
    fld = tool.field(m[1])
    if fld is None:
        raise RulebookError(f"{where}: condition '{condition}' names no field of tool '{tool.id}'")
    value = m[2]
    if value is None:
        return
    if fld.kind == "yes-no":
        if value not in ("yes", "no"):
            raise RulebookError(f"{where}: condition '{condition}': a yes-no field takes yes or no")
    elif fld.kind in ("choice", "multi"):
        if fld.option(value) is None:
            raise RulebookError(f"{where}: condition '{condition}': '{value}' is not an option of '{fld.id}'")
    else:
        raise RulebookError(f"{where}: condition '{condition}': only choice, multi and yes-no fields take a value")


def read_tools(path: Path, table: Any) -> dict[str, Tool]:
    """The decision tools of ``tools.toml``, read with the strict table reader ``table``.

    The file holds every tool; the deadline tool and the timeline (kinds ``deadlines`` and
    ``timeline``) are checked here too but answered from the rules, so they are left out
    (``read_every_tool`` has them).
    """
    return {tid: t for tid, t in read_every_tool(path, table).items() if t.kind == "advice"}


def read_every_tool(path: Path, table: Any) -> dict[str, Tool]:
    """Every tool of ``tools.toml``, the deadline tool included, in file order."""
    data = table(read_toml(path), path.name)
    tools: dict[str, Tool] = {}
    for i, raw in enumerate(data.get("tool", list)):
        t = table(raw, f"{path.name} tool #{i + 1}")
        tid = check_id(t.get("id", str), t.where)
        where = f"{path.name} tool '{tid}'"
        levels = []
        for raw_level in t.get("levels", list, []):
            lt = table(raw_level, f"{where} level")
            levels.append(Level(check_id(lt.get("id", str), lt.where), lt.get("label", str),
                                lt.get("exclusive", bool, False)))
            lt.done()
        fields = [_read_field(table, raw_f, f"{where} field #{j + 1}") for j, raw_f in enumerate(t.get("field", list, []))]
        derived = [_read_field(table, raw_f, f"{where} derived #{j + 1}") for j, raw_f in enumerate(t.get("derived", list, []))]
        # Before anything refers to them: a condition or headline naming a doubled id is ambiguous.
        unique_ids([f.id for f in fields + derived], where, "field id")
        unique_ids([lv.id for lv in levels], where, "level id")
        raw_conflicts = t.get("conflict", list, [])
        headlines = []
        for raw_h in t.get("headlines", list, []):
            ht = table(raw_h, f"{where} headline")
            h = Headline(check_id(ht.get("id", str), ht.where), ht.get("label", str), ht.get("level", str, ""),
                         ht.get("strength", str, ""), ht.get("text", str, ""), ht.strings("when", []))
            ht.done()
            if h.level and h.level not in {lv.id for lv in levels}:
                raise RulebookError(f"{ht.where}: level '{h.level}' is not one of the tool's levels")
            if h.strength and h.strength not in STRENGTHS:
                raise RulebookError(f"{ht.where}: strength '{h.strength}' is not one of {', '.join(STRENGTHS)}")
            if h.text and h.label.rstrip(".").lower() in h.text.lower():
                raise RulebookError(f"{ht.where}: the text repeats the label")
            headlines.append(h)
        unique_ids([h.id for h in headlines], where, "headline id")
        night = read_night(table, t.get("night", dict, None), where)
        tool = Tool(tid, t.get("title", str), t.get("question", str), tuple(levels), tuple(fields), (), tuple(derived),
                    tuple(headlines), t.get("page", str, ""), t.get("kind", str, "advice"), night)
        _check_tool_links(tool, where)
        conflicts = []
        for j, raw_c in enumerate(raw_conflicts):
            ct = table(raw_c, f"{where} conflict #{j + 1}")
            c = Conflict(ct.strings("when", []), ct.strings("unless", []), ct.get("field", str), ct.get("message", str),
                         ct.strings("procedures", []), ct.strings("when_any", []), ct.strings("order", []))
            ct.done()
            for cond in c.when + c.unless + c.when_any:
                check_condition(tool, cond, ct.where)
            if tool.field(c.field) is None:
                raise RulebookError(f"{ct.where}: field '{c.field}' is not a field of the tool")
            conflicts.append(c)
        t.done()
        for f in fields:
            for cond in f.required_unless + f.required_when:
                check_condition(tool, cond, f"{where} field '{f.id}'")
        if tid in tools:
            raise RulebookError(f"{where}: tool id used twice")
        for h in tool.headlines:
            for cond in h.when:
                check_condition(tool, cond, f"{where} headline '{h.id}'")
        tools[tid] = Tool(tid, tool.title, tool.question, tool.levels, tool.fields, tuple(conflicts), tool.derived,
                          tool.headlines, tool.page, tool.kind, tool.night)
    data.done()
    return tools


def _check_tool_links(tool: Tool, where: str) -> None:
    """A tool's kind, and the fields its data-worked facts name, must exist."""
    if tool.kind not in TOOL_KINDS:
        raise RulebookError(f"{where}: kind '{tool.kind}' is not one of {', '.join(TOOL_KINDS)}")
    if tool.kind == "advice" and not tool.levels:
        raise RulebookError(f"{where}: a decision tool needs its levels")
    if (tool.kind == "timeline") != (tool.night is not None):
        raise RulebookError(f"{where}: 'night' (the hours flagged at night) belongs to the timeline, and it needs it")
    for f in tool.derived:
        for name in (f.start, f.within, f.before_in_force):
            if name and (tool.field(name) is None or tool.field(name).kind != "date"):
                raise RulebookError(f"{where} derived '{f.id}': '{name}' is not a date field of the tool")
        if bool(f.from_rule) != bool(f.start and f.within):
            raise RulebookError(f"{where} derived '{f.id}': from_rule needs 'start' and 'within' (and they need it)")


def _read_field(table: Any, raw: Any, where: str) -> Field:
    t = table(raw, where)
    fid = check_id(t.get("id", str), where)
    kind = t.get("kind", str)
    if kind not in FIELD_KINDS:
        raise RulebookError(f"{where}: kind '{kind}' is not one of {', '.join(FIELD_KINDS)}")
    options = []
    for raw_o in t.get("options", list, []):
        ot = table(raw_o, f"{where} option")
        options.append(Option(check_id(ot.get("id", str), ot.where), ot.get("label", str), ot.get("hint", str, "")))
        ot.done()
    unique_ids([o.id for o in options], where, "option id")
    if (kind in ("choice", "multi")) != bool(options):
        raise RulebookError(f"{where}: choice and multi fields, and only they, have options")
    f = Field(fid, kind, t.get("label", str), t.get("hint", str, ""), tuple(options),
              t.get("required", bool, False), t.strings("required_unless", []), t.strings("required_when", []),
              t.get("min", int, None), t.get("max", int, None), t.get("not_named", str, ""),
              t.get("starts_event", str, ""), t.get("all_when_empty", bool, False), t.get("from_rule", str, ""),
              t.get("start", str, ""), t.get("within", str, ""), t.get("before_in_force", str, ""))
    t.done()
    return f


def read_guidance(raw: Any, i: int, proc_id: str, document: str, where_file: str, tools: dict[str, Tool],
                  table: Any, citation_reader: Any, rule_ids: set[str]) -> Guidance:
    """Read one ``[[guidance]]`` item of a procedure file."""
    t = table(raw, f"{where_file} guidance #{i + 1}")
    gid = check_id(t.get("id", str), t.where)
    where = f"{where_file} guidance '{gid}'"
    t.where = where
    tool_id = t.get("tool", str)
    if tool_id not in tools:
        raise RulebookError(f"{where}: unknown tool '{tool_id}'")
    tool = tools[tool_id]
    level = t.get("level", str)
    if level not in {lv.id for lv in tool.levels}:
        raise RulebookError(f"{where}: level '{level}' is not one of tool '{tool_id}''s levels")
    when, when_any, unless = t.strings("when", []), t.strings("when_any", []), t.strings("unless", [])
    for cond in when + when_any + unless:
        check_condition(tool, cond, where)
    statement = t.get("statement", str)
    if "citation" not in t.data:
        raise RulebookError(f"{where}: missing key 'citation': every line says where it is written")
    citation = citation_reader(t.get("citation", dict), where, document)
    notes = t.strings("notes", [])
    deadline_rule = t.get("deadline_rule", str, None)
    if deadline_rule is not None and deadline_rule not in rule_ids:
        raise RulebookError(f"{where}: deadline_rule '{deadline_rule}' is not a rule of {proc_id}")
    strength, strength_quote = read_strength(t)
    combine = _read_combine(table, t.get("combine", dict, None), where, tool)
    t.done()
    return Guidance(gid, proc_id, tool_id, level, when, when_any, unless, statement, citation, notes, deadline_rule,
                    strength, strength_quote, combine)


def _read_combine(table: Any, raw: Any, where: str, tool: Tool) -> Combine | None:
    if raw is None:
        return None
    ct = table(raw, f"{where} combine")
    combine = Combine(ct.get("field", str), ct.get("allowed", bool), ct.get("message", str, ""))
    ct.done()
    fld = tool.field(combine.field)
    if fld is None or fld.kind != "multi":
        raise RulebookError(f"{ct.where}: '{combine.field}' is not a multi field of tool '{tool.id}'")
    if not combine.allowed and not combine.message:
        raise RulebookError(f"{ct.where}: answers that do not combine need a 'message' to show at the field")
    return combine


def read_check(raw: Any, i: int, proc_id: str, where_file: str, tools: dict[str, Tool], table: Any) -> Check:
    """Read one ``[[check]]`` (a tool's worked example) of a procedure file."""
    t = table(raw, f"{where_file} check #{i + 1}")
    tool_id = t.get("tool", str)
    if tool_id not in tools:
        raise RulebookError(f"{t.where}: unknown tool '{tool_id}'")
    name = t.get("name", str)
    facts = t.get("facts", dict)
    for key in facts:
        if tools[tool_id].field(key) is None:
            raise RulebookError(f"{t.where} '{name}': fact '{key}' is not a field of '{tool_id}'")
    check = Check(tool_id, proc_id, name, dict(facts), t.get("summary", str, None), t.strings("expect", []),
                  t.strings("absent", []), dict(t.get("due", dict, {})))
    t.done()
    if not check.expect:
        raise RulebookError(f"{t.where} '{name}': a check expects at least one line")
    return check
