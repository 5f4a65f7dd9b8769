"""The rulebook: ``procedures/*.toml`` read strictly into typed records.

One file per source document holds that procedure's rules; ``vocabulary.toml`` names
the events and circumstances; ``bank-holidays.toml`` the calendar. A missing or
unknown key, an id used twice, a rule without a citation, or a computable rule
without a worked example is a ``RulebookError`` naming the file and the key, so a
typo fails the build instead of silently dropping a rule. The schema is documented
in ``procedures/README.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import compiled_data
from .bank_holidays import BankHoliday, BankHolidayCalendar
from .errors import RulebookError
from .strength import STRENGTHS
from .tools_data import Check, Guidance, Tool, read_check, read_guidance, read_tools

#: Units a timescale may have. ``days-unstated`` is a number of days where the source
#: does not say which kind of day: answers show each reading instead of choosing.
UNITS = ("working-days", "hours", "same-day", "days-unstated", "weeks", "none")
UNITS_WITH_AMOUNT = ("working-days", "hours", "days-unstated", "weeks")

#: The readings shown for a number of days whose kind the source does not state.
READINGS = ("calendar-days", "working-days")

PROCEDURE_ORDER = (
    "peterborough-2012",
    "practice-standards-2025",
    "south-tyneside-2016",
    "devon-mash-2014",
    "gloucestershire-audit-2015",
)

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MINUTE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[+-]\d{2}:\d{2}$")


@dataclass(frozen=True)
class Event:
    """Something that happens and starts a timescale running.

    ``after`` names earlier events whose clocks keep running when this one is asked
    about; ``ends`` names the duties this event fulfils (their earlier clocks stop).
    """

    id: str
    label: str
    hint: str
    after: tuple[str, ...] = ()
    ends: tuple[str, ...] = ()
    #: The event as a noun phrase, for "counted from the referral".
    short: str = ""


@dataclass(frozen=True)
class Duty:
    """What is due, named once for every procedure ("Strategy discussion")."""

    id: str
    label: str


@dataclass(frozen=True)
class Circumstance:
    """A fact about the case that changes which rule applies.

    ``implies`` names circumstances that are true whenever this one is.
    """

    id: str
    label: str
    hint: str
    implies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Timescale:
    """How long: an amount and a unit, or no number at all (``unit == "none"``)."""

    amount: int | None
    unit: str
    text: str


@dataclass(frozen=True)
class Start:
    """What a timescale runs from: the source's words, or the handbook's disclosed reading.

    ``stated`` is True where the source says when the time starts (``quote`` holds its
    words); otherwise ``note`` says which start the handbook uses and why, and every
    answer that uses the rule shows it.
    """

    stated: bool
    quote: str = ""
    note: str = ""


@dataclass(frozen=True)
class Scope:
    """A condition the source sets on a rule that the person asking may not yet know.

    The rule applies when ``circumstance`` is chosen; it is not running when any of
    ``not_if`` is chosen; otherwise it is shown as applying only "if" ``text``.
    """

    text: str
    circumstance: str = ""
    not_if: tuple[str, ...] = ()


@dataclass(frozen=True)
class Related:
    """Another rule of the same procedure that overlaps this one under a condition."""

    rule: str
    condition: str


@dataclass(frozen=True)
class Citation:
    """Where a rule is written: the source file, its section, and the words quoted."""

    document: str
    section: str
    quote: str


@dataclass(frozen=True)
class Example:
    """A worked example: the facts given and the due date the rule must give."""

    name: str
    event: str
    at: str
    circumstances: tuple[str, ...]
    due: str | None
    readings: dict[str, str]


@dataclass(frozen=True)
class Rule:
    """One timescale from one procedure, with its citation and worked examples."""

    id: str
    procedure: str
    topic: str
    statement: str
    events: tuple[str, ...]
    circumstances: tuple[str, ...]
    supersedes: tuple[str, ...]
    timescale: Timescale
    citation: Citation
    notes: tuple[str, ...]
    examples: tuple[Example, ...]
    #: What must be done, named the same way across procedures (``hold-strategy-discussion``),
    #: so a question can ask for "the" deadline of a duty under any procedure.
    duty: str = ""
    #: The source's own force (``calculators.strength``) and the words that carry it.
    strength: str = ""
    strength_quote: str = ""
    start: Start | None = None
    scope: Scope | None = None
    related: tuple[Related, ...] = ()

    @property
    def computable(self) -> bool:
        """True where the rule gives a date (or readings), not only words."""
        return self.timescale.unit != "none"


@dataclass(frozen=True)
class Procedure:
    """One source document and the rules the handbook takes from it."""

    id: str
    title: str
    short_title: str
    publisher: str
    published: str
    document: str
    description: str
    status: str
    amendments: str
    in_force_from: date | None
    rules: tuple[Rule, ...]
    #: Phrases of the source that sound like timescales but set none, each with why
    #: the handbook does not make a rule of it (quote, reason).
    not_timescales: tuple[tuple[str, str], ...] = ()
    #: What the procedure says that the decision tools show, and their worked checks.
    guidance: tuple[Guidance, ...] = ()
    checks: tuple[Check, ...] = ()

    def guidance_for(self, tool_id: str) -> list[Guidance]:
        """This procedure's guidance items for one tool, in file order."""
        return [g for g in self.guidance if g.tool == tool_id]

    def event_ids(self) -> list[str]:
        """The events this procedure sets any timescale from, in vocabulary order."""
        seen: list[str] = []
        for rule in self.rules:
            for e in rule.events:
                if e not in seen:
                    seen.append(e)
        return seen

    def circumstance_ids(self) -> list[str]:
        """The circumstances that change any of this procedure's rules."""
        seen: list[str] = []
        for rule in self.rules:
            scope = (rule.scope.circumstance,) + rule.scope.not_if if rule.scope else ()
            for c in rule.circumstances + scope:
                if c and c not in seen:
                    seen.append(c)
        return seen

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


@dataclass(frozen=True)
class Rulebook:
    """Everything in ``procedures/``, checked."""

    version: str
    date: date
    title: str
    events: dict[str, Event]
    circumstances: dict[str, Circumstance]
    procedures: dict[str, Procedure]
    calendar: BankHolidayCalendar
    directory: Path = field(compare=False)
    tools: dict[str, Tool] = field(default_factory=dict)
    duties: dict[str, Duty] = field(default_factory=dict)

    def all_rules(self) -> list[Rule]:
        """Every rule of every procedure, in procedure order."""
        return [r for p in self.procedures.values() for r in p.rules]


# ------------------------------------------------------------------ strict reading


class _Table:
    """A TOML table read strictly: every key must be expected, and is used once."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise RulebookError(f"{where}: expected a table, found {type(data).__name__}")
        self.data = data
        self.where = where
        self.used: set[str] = set()

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ..., ) -> Any:
        self.used.add(key)
        if key not in self.data:
            if default is ...:
                raise RulebookError(f"{self.where}: missing key '{key}'")
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise RulebookError(f"{self.where}: key '{key}' has the wrong type ({type(value).__name__})")
        if isinstance(value, str) and not value.strip() and default is ...:
            raise RulebookError(f"{self.where}: key '{key}' is empty")
        return value

    def strings(self, key: str, default: Any = ...) -> tuple[str, ...]:
        value = self.get(key, list, default)
        if not all(isinstance(v, str) and v for v in value):
            raise RulebookError(f"{self.where}: key '{key}' must be a list of strings")
        return tuple(value)

    def done(self) -> None:
        extra = sorted(set(self.data) - self.used)
        if extra:
            raise RulebookError(f"{self.where}: unknown key(s) {', '.join(repr(k) for k in extra)}")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return compiled_data.read(path)
    except compiled_data.NotToml as exc:
        raise RulebookError(f"{path.name}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise RulebookError(f"{path.name}: cannot be read: {exc}") from None


def _check_id(value: str, where: str) -> str:
    if not _ID.match(value):
        raise RulebookError(f"{where}: id '{value}' must be lower-case words joined by hyphens")
    return value


def _read_vocabulary(path: Path) -> tuple[_Table, dict[str, Event], dict[str, Circumstance], dict[str, Duty]]:
    data = _Table(_read_toml(path), path.name)
    meta = _Table(data.get("rulebook", dict), f"{path.name} [rulebook]")
    data.get("event", list)
    data.get("circumstance", list)
    data.get("duty", list)
    data.done()
    duties: dict[str, Duty] = {}
    for i, raw in enumerate(data.data["duty"]):
        t = _Table(raw, f"{path.name} duty #{i + 1}")
        d = Duty(_check_id(t.get("id", str), t.where), t.get("label", str))
        t.done()
        if d.id in duties:
            raise RulebookError(f"{t.where}: duty id '{d.id}' is used twice")
        duties[d.id] = d
    events: dict[str, Event] = {}
    for i, raw in enumerate(data.data["event"]):
        t = _Table(raw, f"{path.name} event #{i + 1}")
        e = Event(_check_id(t.get("id", str), t.where), t.get("label", str), t.get("hint", str),
                  t.strings("after", []), t.strings("ends", []), t.get("short", str))
        t.done()
        if e.id in events:
            raise RulebookError(f"{t.where}: event id '{e.id}' is used twice")
        for d in e.ends:
            if d not in duties:
                raise RulebookError(f"{t.where}: 'ends' names unknown duty '{d}'")
        events[e.id] = e
    for e in events.values():
        for a in e.after:
            if a not in events or a == e.id:
                raise RulebookError(f"{path.name} event '{e.id}': 'after' names unknown event '{a}'")
    circumstances: dict[str, Circumstance] = {}
    for i, raw in enumerate(data.data["circumstance"]):
        t = _Table(raw, f"{path.name} circumstance #{i + 1}")
        c = Circumstance(_check_id(t.get("id", str), t.where), t.get("label", str), t.get("hint", str),
                         t.strings("implies", []))
        t.done()
        if c.id in circumstances or c.id in events:
            raise RulebookError(f"{t.where}: id '{c.id}' is used twice")
        circumstances[c.id] = c
    for c in circumstances.values():
        for other in c.implies:
            if other not in circumstances or other == c.id:
                raise RulebookError(f"{path.name} circumstance '{c.id}': 'implies' names unknown circumstance '{other}'")
    return meta, events, circumstances, duties


def _read_calendar(path: Path) -> BankHolidayCalendar:
    data = _Table(_read_toml(path), path.name)
    cal = _Table(data.get("calendar", dict), f"{path.name} [calendar]")
    cal.get("region", str)
    first = cal.get("first_year", int)
    through = cal.get("confirmed_through", int)
    source = cal.get("source", str)
    cal.done()
    data.get("change", list)  # read by the tests, which rebuild each year from it
    days: list[BankHoliday] = []
    seen: set[date] = set()
    for i, raw in enumerate(data.get("bank_holiday", list)):
        t = _Table(raw, f"{path.name} bank_holiday #{i + 1}")
        d = t.get("date", date)
        name = t.get("name", str)
        t.done()
        if d in seen:
            raise RulebookError(f"{t.where}: {d} is listed twice")
        if not first <= d.year <= through:
            raise RulebookError(f"{t.where}: {d} is outside {first}..{through}")
        seen.add(d)
        days.append(BankHoliday(d, name, confirmed=True))
    data.done()
    years = {d.year for d in seen}
    missing = sorted(set(range(first, through + 1)) - years)
    if missing:
        raise RulebookError(f"{path.name}: no bank holidays listed for {missing}")
    return BankHolidayCalendar(days, through, source)


def _read_citation(raw: Any, where: str, document: str) -> Citation:
    ct = _Table(raw, f"{where} citation")
    citation = Citation(ct.get("document", str), ct.get("section", str), ct.get("quote", str, ""))
    ct.done()
    if citation.document != document:
        raise RulebookError(f"{ct.where}: document '{citation.document}' is not this procedure's ({document})")
    return citation


def _read_example(raw: Any, rule: Rule, i: int, where: str, events: dict[str, Event]) -> Example:
    t = _Table(raw, f"{where} example #{i + 1}")
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
    t = _Table(raw, f"{path.name} rule #{i + 1}")
    rid = _check_id(t.get("id", str), t.where)
    where = f"{path.name} rule '{rid}'"
    t.where = where
    statement = t.get("statement", str)
    topic = _check_id(t.get("topic", str), where)
    rule_events = t.strings("events")
    if not rule_events:
        raise RulebookError(f"{where}: 'events' must name at least one event")
    for e in rule_events:
        if e not in events:
            raise RulebookError(f"{where}: unknown event '{e}' (see vocabulary.toml)")
    rule_circs = t.strings("circumstances", [])
    for c in rule_circs:
        if c not in circumstances:
            raise RulebookError(f"{where}: unknown circumstance '{c}' (see vocabulary.toml)")
    supersedes = t.strings("supersedes", [])
    ts = _Table(t.get("timescale", dict), f"{where} timescale")
    unit = ts.get("unit", str)
    if unit not in UNITS:
        raise RulebookError(f"{ts.where}: unit '{unit}' is not one of {', '.join(UNITS)}")
    amount = ts.get("amount", int, None)
    if unit in UNITS_WITH_AMOUNT and (amount is None or amount < 1):
        raise RulebookError(f"{ts.where}: unit '{unit}' needs a whole 'amount' of at least 1")
    if unit not in UNITS_WITH_AMOUNT and amount is not None:
        raise RulebookError(f"{ts.where}: unit '{unit}' takes no 'amount'")
    timescale = Timescale(amount, unit, ts.get("text", str))
    ts.done()
    if "citation" not in t.data:
        raise RulebookError(f"{where}: missing key 'citation': every rule says where it is written")
    citation = _read_citation(t.get("citation", dict), where, document)
    notes = t.strings("notes", [])
    raw_examples = t.get("example", list, [])
    duty = _check_id(t.get("duty", str), where)
    if duties and duty not in duties:
        raise RulebookError(f"{where}: unknown duty '{duty}' (see vocabulary.toml)")
    strength, strength_quote = read_strength(t)
    if "start" not in t.data:
        raise RulebookError(f"{where}: missing key 'start': what the timescale runs from, in the source's words "
                            "({ stated = true, quote = ... }), or { stated = false, note = ... } where the source does not say")
    start = _read_start(t.get("start", dict), where)
    scope = _read_scope(t.get("scope", dict, None), where, circumstances)
    related = []
    for j, raw_rel in enumerate(t.get("related", list, [])):
        rt = _Table(raw_rel, f"{where} related #{j + 1}")
        related.append(Related(rt.get("rule", str), rt.get("condition", str)))
        rt.done()
    t.done()
    extra = dict(strength=strength, strength_quote=strength_quote, start=start, scope=scope,
                 related=tuple(related))
    rule = Rule(rid, proc_id, topic, statement, rule_events, rule_circs, supersedes, timescale,
                citation, notes, (), duty, **extra)
    examples = tuple(_read_example(r, rule, j, where, events) for j, r in enumerate(raw_examples))
    if rule.computable and not examples:
        raise RulebookError(f"{where}: a rule that gives a date needs at least one worked example")
    for ex in examples:
        for c in ex.circumstances:
            if c not in circumstances:
                raise RulebookError(f"{where} example '{ex.name}': unknown circumstance '{c}'")
    return Rule(rid, proc_id, topic, statement, rule_events, rule_circs, supersedes, timescale,
                citation, notes, examples, duty, **extra)


def read_strength(t: _Table) -> tuple[str, str]:
    """A rule's or line's ``strength`` and ``strength_quote``, checked against ``STRENGTHS``."""
    if "strength" not in t.data:
        raise RulebookError(f"{t.where}: missing key 'strength': the source's own force ({', '.join(STRENGTHS)})")
    strength = t.get("strength", str)
    if strength not in STRENGTHS:
        raise RulebookError(f"{t.where}: strength '{strength}' is not one of {', '.join(STRENGTHS)}")
    quote = t.get("strength_quote", str, "")
    if not quote.strip():
        raise RulebookError(f"{t.where}: missing key 'strength_quote': the source's words that carry its force")
    return strength, quote


def _read_start(raw: Any, where: str) -> Start | None:
    if raw is None:
        return None
    st = _Table(raw, f"{where} start")
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
    sc = _Table(raw, f"{where} scope")
    scope = Scope(sc.get("text", str), sc.get("circumstance", str, ""), sc.strings("not_if", []))
    sc.done()
    for c in ((scope.circumstance,) if scope.circumstance else ()) + scope.not_if:
        if c not in circumstances:
            raise RulebookError(f"{sc.where}: unknown circumstance '{c}' (see vocabulary.toml)")
    return scope


def _read_procedure(path: Path, events: dict[str, Event], circumstances: dict[str, Circumstance],
                    known_documents: set[str], tools: dict[str, Tool],
                    duties: dict[str, Duty] | None = None) -> Procedure:
    data = _Table(_read_toml(path), path.name)
    meta = _Table(data.get("procedure", dict), f"{path.name} [procedure]")
    pid = meta.get("id", str)
    if f"{pid}.toml" != path.name:
        raise RulebookError(f"{meta.where}: id '{pid}' does not match the file name")
    document = meta.get("document", str)
    if known_documents and document not in known_documents:
        raise RulebookError(f"{meta.where}: document '{document}' is not in ../shared/sources")
    fields = dict(
        title=meta.get("title", str), short_title=meta.get("short_title", str),
        publisher=meta.get("publisher", str), published=meta.get("published", str),
        description=meta.get("description", str), status=meta.get("status", str),
        amendments=meta.get("amendments", str, ""),
        in_force_from=meta.get("in_force_from", date, None),
    )
    meta.done()
    raw_rules = data.get("rule", list)
    not_timescales = []
    for i, raw in enumerate(data.get("not_a_timescale", list, [])):
        t = _Table(raw, f"{path.name} not_a_timescale #{i + 1}")
        not_timescales.append((t.get("quote", str), t.get("why", str)))
        t.done()
    raw_guidance = data.get("guidance", list, [])
    raw_checks = data.get("check", list, [])
    data.done()
    rules = tuple(_read_rule(r, i, pid, document, path, events, circumstances, duties)
                  for i, r in enumerate(raw_rules))
    ids = [r.id for r in rules]
    guidance = tuple(
        read_guidance(g, i, pid, document, path.name, tools, _Table, _read_citation, set(ids))
        for i, g in enumerate(raw_guidance)
    )
    checks = tuple(read_check(c, i, pid, path.name, tools, _Table) for i, c in enumerate(raw_checks))
    gids = [g.id for g in guidance]
    for gid in gids:
        if gids.count(gid) > 1 or gid in ids:
            raise RulebookError(f"{path.name}: id '{gid}' is used twice")
    for c in checks:
        for gid in c.expect + c.absent + tuple(c.due):
            if gid not in gids:
                raise RulebookError(f"{path.name} check '{c.name}': '{gid}' is not guidance of {pid}")
    for rid in ids:
        if ids.count(rid) > 1:
            raise RulebookError(f"{path.name}: rule id '{rid}' is used twice")
    for r in rules:
        for s in r.supersedes:
            if s not in ids or s == r.id:
                raise RulebookError(f"{path.name} rule '{r.id}': supersedes unknown rule '{s}'")
        for rel in r.related:
            if rel.rule not in ids or rel.rule == r.id:
                raise RulebookError(f"{path.name} rule '{r.id}': related names unknown rule '{rel.rule}'")
    return Procedure(id=pid, document=document, rules=rules, not_timescales=tuple(not_timescales),
                     guidance=guidance, checks=checks, **fields)


def default_directory() -> Path:
    """Where the rulebook lives: inside the package when installed, else the repo's folder."""
    here = Path(__file__).resolve().parent
    packaged = here / "procedures"
    if (packaged / "vocabulary.toml").is_file():
        return packaged
    return here.parent / "procedures"


def _source_documents(directory: Path) -> set[str]:
    # The sources sit beside the checkout in development; the installed wheel has
    # no copy, and then the document names are trusted as written.
    sources = directory.parent.parent / "shared" / "sources"
    return {p.name for p in sources.glob("*.txt")} if sources.is_dir() else set()


def load_from(directory: Path) -> Rulebook:
    """Read and check the whole rulebook in ``directory``."""
    meta, events, circumstances, duties = _read_vocabulary(directory / "vocabulary.toml")
    calendar = _read_calendar(directory / "bank-holidays.toml")
    tools = read_tools(directory / "tools.toml", _Table)
    documents = _source_documents(directory)
    procedures: dict[str, Procedure] = {}
    for pid in PROCEDURE_ORDER:
        path = directory / f"{pid}.toml"
        if not path.is_file():
            raise RulebookError(f"{path.name}: missing from {directory}")
        procedures[pid] = _read_procedure(path, events, circumstances, documents, tools, duties)
    known = {"vocabulary.toml", "bank-holidays.toml", "tools.toml"} | {f"{p}.toml" for p in PROCEDURE_ORDER}
    strays = sorted(p.name for p in directory.glob("*.toml") if p.name not in known)
    if strays:
        raise RulebookError(f"{directory}: unexpected rulebook file(s) {strays}")
    version = meta.get("version", str)
    when = meta.get("date", date)
    title = meta.get("title", str)
    meta.done()
    return Rulebook(version, when, title, events, circumstances, procedures, calendar, directory, tools, duties)


@lru_cache(maxsize=1)
def load() -> Rulebook:
    """The rulebook, read once per process."""
    return load_from(default_directory())
