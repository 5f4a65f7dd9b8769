"""The rulebook's records: what ``procedures/`` holds, as typed, frozen values.

Read by ``calculators.rulebook`` (the loader) and ``calculators.procedure_file`` (one
procedure's file); everything else imports them from ``calculators.rulebook``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .bank_holidays import BankHolidayCalendar
from .tools_data import Check, Guidance, Tool

#: does not say which kind of day: answers show each reading instead of choosing.
UNITS = ("working-days", "hours", "same-day", "days-unstated", "weeks", "none")
UNITS_WITH_AMOUNT = ("working-days", "hours", "days-unstated", "weeks")

#: The readings shown for a number of days whose kind the source does not state.
READINGS = ("calendar-days", "working-days")


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
    #: Where the procedure comes in every list, page and comparison (lowest first).
    order: int = 0
    #: The opening paragraph of its page in the handbook (Markdown): what kind of document
    #: it is and what a reader should know before relying on it.
    introduction: str = ""

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
    #: The tools of ``tools.toml`` answered from the rules by an engine of their own (kinds
    #: ``deadlines`` and ``timeline``), by id; ``tools`` holds the decision tools.
    computed_tools: dict[str, Tool] = field(default_factory=dict)

    def tool_of_kind(self, kind: str) -> Tool | None:
        """The computed tool of this kind (``timeline``), or None where ``tools.toml`` has none."""
        return next((t for t in self.computed_tools.values() if t.kind == kind), None)

    def all_rules(self) -> list[Rule]:
        """Every rule of every procedure, in procedure order."""
        return [r for p in self.procedures.values() for r in p.rules]
