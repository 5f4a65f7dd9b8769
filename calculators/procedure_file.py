"""One procedure's file (``procedures/partnerships/<id>.toml``) read strictly.

``read_procedure`` gives a ``Procedure`` or a ``RulebookError`` naming the file and the
key. Under ``strict_toml.collecting()`` (``python -m calculators check``) each rule,
line and check is read on its own, so one faulty item does not hide the problems of
the next: every problem is reported, not only the first. The schema is documented in
``procedures/README.md``.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Callable, TypeVar

from .errors import RulebookError
from .rulebook_types import (READINGS, UNITS, UNITS_WITH_AMOUNT, Circumstance, Citation, Duty, Event, Example,
                             Procedure, Related, Rule, Scope, Start, Timescale)
from .strict_toml import Table, check_id, problem, read_strength, read_toml
from .tools_data import Tool, read_check, read_guidance

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MINUTE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[+-]\d{2}:\d{2}$")

T = TypeVar("T")


def _each(items: list[Any], read: Callable[[int, Any], T]) -> tuple[T, ...]:
    """Read every item; a faulty one is reported (or raised) and left out."""
    out = []
    for i, raw in enumerate(items):
        try:
            out.append(read(i, raw))
        except RulebookError as exc:
            problem(str(exc))
    return tuple(out)


def read_citation(raw: Any, where: str, document: str) -> Citation:
    ct = Table(raw, f"{where} citation")
    citation = Citation(ct.get("document", str), ct.get("section", str), ct.get("quote", str, ""))
    ct.done()
    if citation.document != document:
        problem(f"{ct.where}: document '{citation.document}' is not this procedure's ({document})")
    return citation


def _read_example(raw: Any, rule: Rule, i: int, where: str, events: dict[str, Event]) -> Example:
    t = Table(raw, f"{where} example #{i + 1}")
    name = t.get("name", str)
    event = t.get("event", str, rule.events[0])
    if event not in rule.events:
        raise RulebookError(f"{t.where}: event '{event}' is not one this rule runs from")
    at = t.get("at", str)
    circumstances = t.strings("circumstances", list(rule.circumstances))
    due = t.get("due", str, None)
    readings = t.get("readings", dict, {})
    t.done()
    unit = rule.timescale.unit
    if unit == "days-unstated":
        if due is not None or set(readings) != set(READINGS):
            raise RulebookError(f"{t.where}: a days-unstated rule's example gives 'readings' for {READINGS}, not 'due'")
        for k, v in readings.items():
            if not isinstance(v, str) or not _ISO_DATE.match(v):
                raise RulebookError(f"{t.where}: reading '{k}' must be a date written YYYY-MM-DD")
    elif readings:
        raise RulebookError(f"{t.where}: only days-unstated rules have 'readings'")
    elif unit == "none":
        if due is not None:
            raise RulebookError(f"{t.where}: a rule with no number has no due date")
    elif due is None:
        raise RulebookError(f"{t.where}: missing key 'due'")
    elif unit == "hours" and not _ISO_MINUTE.match(due):
        raise RulebookError(f"{t.where}: 'due' of an hours rule is written YYYY-MM-DDTHH:MM+HH:MM")
    elif unit != "hours" and not _ISO_DATE.match(due):
        raise RulebookError(f"{t.where}: 'due' is a date written YYYY-MM-DD")
    return Example(name, event, at, tuple(circumstances), due, dict(readings))


def _read_rule(raw: Any, i: int, proc_id: str, document: str, path: Path,
               events: dict[str, Event], circumstances: dict[str, Circumstance],
               duties: dict[str, Duty] | None = None) -> Rule:
    t = Table(raw, f"{path.name} rule #{i + 1}")
    rid = check_id(t.get("id", str), t.where)
    where = f"{path.name} rule '{rid}'"
    t.where = where
    statement = t.get("statement", str)
    topic = check_id(t.get("topic", str), where)
    rule_events = t.strings("events")
    if not rule_events:
        raise RulebookError(f"{where}: 'events' must name at least one event")
    for e in rule_events:
        if e not in events:
            problem(f"{where}: unknown event '{e}' (see vocabulary.toml)")
    rule_circs = t.strings("circumstances", [])
    for c in rule_circs:
        if c not in circumstances:
            problem(f"{where}: unknown circumstance '{c}' (see vocabulary.toml)")
    supersedes = t.strings("supersedes", [])
    ts = Table(t.get("timescale", dict), f"{where} timescale")
    unit = ts.get("unit", str)
    if unit not in UNITS:
        problem(f"{ts.where}: unit '{unit}' is not one of {', '.join(UNITS)}")
    amount = ts.get("amount", int, None)
    if unit in UNITS_WITH_AMOUNT and (amount is None or amount < 1):
        problem(f"{ts.where}: unit '{unit}' needs a whole 'amount' of at least 1")
    if unit not in UNITS_WITH_AMOUNT and amount is not None:
        problem(f"{ts.where}: unit '{unit}' takes no 'amount'")
    timescale = Timescale(amount, unit, ts.get("text", str))
    ts.done()
    if "citation" in t.data:
        citation = read_citation(t.get("citation", dict), where, document)
    else:
        problem(f"{where}: missing key 'citation': every rule says where it is written")
        citation = Citation(document, "", "")
    notes = t.strings("notes", [])
    raw_examples = t.get("example", list, [])
    duty = check_id(t.get("duty", str), where)
    if duties and duty not in duties:
        problem(f"{where}: unknown duty '{duty}' (see vocabulary.toml)")
    strength, strength_quote = read_strength(t)
    if "start" not in t.data:
        problem(f"{where}: missing key 'start': what the timescale runs from, in the source's words "
                "({ stated = true, quote = ... }), or { stated = false, note = ... } where the source does not say")
    start = _read_start(t.get("start", dict, None), where)
    scope = _read_scope(t.get("scope", dict, None), where, circumstances)
    related = []
    for j, raw_rel in enumerate(t.get("related", list, [])):
        rt = Table(raw_rel, f"{where} related #{j + 1}")
        related.append(Related(rt.get("rule", str), rt.get("condition", str)))
        rt.done()
    if len({r.rule for r in related}) != len(related):
        problem(f"{where}: 'related' names a rule twice")
    t.done()
    extra = dict(strength=strength, strength_quote=strength_quote, start=start, scope=scope,
                 related=tuple(related))
    rule = Rule(rid, proc_id, topic, statement, rule_events, rule_circs, supersedes, timescale,
                citation, notes, (), duty, **extra)
    examples = _each(raw_examples, lambda j, r: _read_example(r, rule, j, where, events))
    if rule.computable and not raw_examples:
        problem(f"{where}: a rule that gives a date needs at least one worked example")
    for ex in examples:
        for c in ex.circumstances:
            if c not in circumstances:
                problem(f"{where} example '{ex.name}': unknown circumstance '{c}'")
    return Rule(rid, proc_id, topic, statement, rule_events, rule_circs, supersedes, timescale,
                citation, notes, examples, duty, **extra)


def _read_start(raw: Any, where: str) -> Start | None:
    if raw is None:
        return None
    st = Table(raw, f"{where} start")
    stated = st.get("stated", bool)
    start = Start(stated, st.get("quote", str, ""), st.get("note", str, ""))
    st.done()
    if stated and not start.quote:
        raise RulebookError(f"{st.where}: a stated start quotes the source's words ('quote')")
    if not stated and not start.note:
        raise RulebookError(f"{st.where}: an unstated start says which start the handbook uses ('note')")
    return start


def _read_scope(raw: Any, where: str, circumstances: dict[str, Circumstance]) -> Scope | None:
    if raw is None:
        return None
    sc = Table(raw, f"{where} scope")
    scope = Scope(sc.get("text", str), sc.get("circumstance", str, ""), sc.strings("not_if", []))
    sc.done()
    for c in ((scope.circumstance,) if scope.circumstance else ()) + scope.not_if:
        if c not in circumstances:
            problem(f"{sc.where}: unknown circumstance '{c}' (see vocabulary.toml)")
    return scope




def read_procedure(path: Path, events: dict[str, Event], circumstances: dict[str, Circumstance],
                   tools: dict[str, Tool], duties: dict[str, Duty] | None = None) -> Procedure:
    """Read and check one procedure's file against the shared vocabulary and tools."""
    data = Table(read_toml(path), path.name)
    meta = Table(data.get("procedure", dict), f"{path.name} [procedure]")
    pid = check_id(meta.get("id", str), meta.where)
    if f"{pid}.toml" != path.name:
        problem(f"{meta.where}: id '{pid}' does not match the file name (expected the file to be {pid}.toml)")
    document = meta.get("document", str)
    order = meta.get("order", int)
    if "order" in meta.data and order < 1:
        problem(f"{meta.where}: key 'order' must be a whole number of at least 1 (its place in every list)")
    fields = dict(
        title=meta.get("title", str), short_title=meta.get("short_title", str),
        publisher=meta.get("publisher", str), published=meta.get("published", str),
        description=meta.get("description", str), status=meta.get("status", str),
        amendments=meta.get("amendments", str, ""),
        in_force_from=meta.get("in_force_from", date, None),
        introduction=meta.get("introduction", str),
    )
    meta.done()
    raw_rules = data.get("rule", list)
    raw_not = data.get("not_a_timescale", list, [])
    raw_guidance = data.get("guidance", list, [])
    raw_checks = data.get("check", list, [])
    data.done()
    rules = _each(raw_rules, lambda i, r: _read_rule(r, i, pid, document, path, events, circumstances, duties))
    ids = [r.id for r in rules]
    guidance = _each(raw_guidance, lambda i, g: read_guidance(g, i, pid, document, path.name, tools, Table,
                                                              read_citation, set(ids)))
    checks = _each(raw_checks, lambda i, c: read_check(c, i, pid, path.name, tools, Table))
    not_timescales = _each(raw_not, lambda i, raw: _read_not_a_timescale(raw, f"{path.name} not_a_timescale #{i + 1}"))
    _check_references(path.name, pid, rules, [g.id for g in guidance], checks)
    return Procedure(id=pid, document=document, rules=rules, not_timescales=not_timescales,
                     guidance=guidance, checks=checks, order=order, **fields)


def _read_not_a_timescale(raw: Any, where: str) -> tuple[str, str]:
    t = Table(raw, where)
    item = (t.get("quote", str), t.get("why", str))
    t.done()
    return item


def _check_references(name: str, pid: str, rules: tuple[Rule, ...], gids: list[str], checks: tuple[Any, ...]) -> None:
    """Ids used once in the file, and every rule or line another item names exists."""
    ids = [r.id for r in rules]
    seen: set[str] = set()
    for item_id in ids + gids:
        if item_id in seen:
            problem(f"{name}: id '{item_id}' is used twice (rule and guidance ids are unique)")
        seen.add(item_id)
    for c in checks:
        for gid in c.expect + c.absent + tuple(c.due):
            if gid not in gids:
                problem(f"{name} check '{c.name}': '{gid}' is not guidance of {pid}")
    for r in rules:
        for s in r.supersedes:
            if s not in ids or s == r.id:
                problem(f"{name} rule '{r.id}': supersedes unknown rule '{s}'")
        for rel in r.related:
            if rel.rule not in ids or rel.rule == r.id:
                problem(f"{name} rule '{r.id}': related names unknown rule '{rel.rule}'")


def check_against(proc: Procedure, others: list[Procedure], name: str) -> None:
    """What one file cannot know alone: its ids and its order unused by every other procedure.

    A rule given another procedure's rule id would put that procedure's words beside
    this one's deadline on every page that keys rules by id.
    """
    for other in others:
        if other.id == proc.id:
            problem(f"{name} [procedure]: id '{proc.id}' is also the id of another file's procedure")
        if other.order == proc.order:
            problem(f"{name} [procedure]: order {proc.order} is also the order of '{other.id}'; choose another")
        theirs = {r.id for r in other.rules} | {g.id for g in other.guidance}
        for item_id in [r.id for r in proc.rules] + [g.id for g in proc.guidance]:
            if item_id in theirs:
                problem(f"{name}: id '{item_id}' is already used by procedure '{other.id}' (ids are unique "
                        "across procedures)")
