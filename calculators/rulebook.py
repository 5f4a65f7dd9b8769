"""The rulebook: ``procedures/`` read strictly into typed records.

Each procedure is one file in ``procedures/partnerships/``, found by the loader (no list
of them lives in code) and placed by the ``order`` key of its ``[procedure]`` table;
``vocabulary.toml`` names the events, circumstances and duties every procedure shares,
``tools.toml`` the decision tools' questions, ``bank-holidays.toml`` the calendar. A
missing or unknown key, an id used twice (in one file or across procedures), a rule
without a citation, or a computable rule without a worked example is a
``RulebookError`` naming the file and the key, so a typo fails the build instead of
silently dropping a rule. The schema is documented in ``procedures/README.md``.
"""

from __future__ import annotations

import os
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from .content_version import CHANGES_FILE, rulebook_version
from .bank_holidays import BankHoliday, BankHolidayCalendar
from .errors import RulebookError
from .procedure_file import check_against, read_procedure
# The records are defined in rulebook_types and read from here by every other module.
from .rulebook_types import (READINGS, UNITS, UNITS_WITH_AMOUNT, Circumstance, Citation, Duty,  # noqa: F401
                             Event, Example, Procedure, Related, Rule, Rulebook, Scope, Start, Timescale)
from .strict_toml import Table, check_id, collecting, problem, read_toml
from .tools_data import Tool, read_every_tool, read_tools

#: The folder of ``procedures/`` that holds one file per procedure.
PARTNERSHIPS = "partnerships"
#: The files shared by every procedure, beside that folder.
SHARED_FILES = ("vocabulary.toml", "bank-holidays.toml", "tools.toml")
#: The documented starting point for a new procedure (``python -m calculators check`` passes it);
#: it sits outside ``partnerships/`` so the handbook never shows it.
TEMPLATE = "partnership-template.toml"
#: A rulebook folder to use instead of the packaged or checked-out one: for trying a new
#: procedure in a copy of the rulebook before it is added (``docs/adding-a-procedure.md``).
RULEBOOK_ENV = "HANDBOOK_RULEBOOK"


def read_vocabulary(path: Path) -> tuple[Table, dict[str, Event], dict[str, Circumstance], dict[str, Duty]]:
    """``vocabulary.toml``: its ``[rulebook]`` table (left open for the caller), events, circumstances, duties."""
    data = Table(read_toml(path), path.name)
    meta = Table(data.get("rulebook", dict), f"{path.name} [rulebook]")
    data.get("event", list)
    data.get("circumstance", list)
    data.get("duty", list)
    data.done()
    duties: dict[str, Duty] = {}
    for i, raw in enumerate(data.data["duty"]):
        t = Table(raw, f"{path.name} duty #{i + 1}")
        d = Duty(check_id(t.get("id", str), t.where), t.get("label", str))
        t.done()
        if d.id in duties:
            raise RulebookError(f"{t.where}: duty id '{d.id}' is used twice")
        duties[d.id] = d
    events: dict[str, Event] = {}
    for i, raw in enumerate(data.data["event"]):
        t = Table(raw, f"{path.name} event #{i + 1}")
        e = Event(check_id(t.get("id", str), t.where), t.get("label", str), t.get("hint", str),
                  t.strings("after", []), t.strings("ends", []), t.get("short", str))
        t.done()
        if e.id in events:
            raise RulebookError(f"{t.where}: event id '{e.id}' is used twice")
        for d in e.ends:
            if d not in duties:
                raise RulebookError(f"{t.where}: 'ends' names unknown duty '{d}'")
        events[e.id] = e
    _check_names(path, "event", events, "after", events)
    circumstances: dict[str, Circumstance] = {}
    for i, raw in enumerate(data.data["circumstance"]):
        t = Table(raw, f"{path.name} circumstance #{i + 1}")
        c = Circumstance(check_id(t.get("id", str), t.where), t.get("label", str), t.get("hint", str),
                         t.strings("implies", []))
        t.done()
        if c.id in circumstances or c.id in events:
            raise RulebookError(f"{t.where}: id '{c.id}' is used twice")
        circumstances[c.id] = c
    _check_names(path, "circumstance", circumstances, "implies", circumstances)
    return meta, events, circumstances, duties


def _check_names(path: Path, kind: str, records: dict[str, Any], key: str, known: dict[str, Any]) -> None:
    """Each record's ``key`` (``after``, ``implies``) names other records of ``known``, never itself."""
    for rid, record in records.items():
        for other in getattr(record, key):
            if other not in known or other == rid:
                raise RulebookError(f"{path.name} {kind} '{rid}': '{key}' names unknown {kind} '{other}'")


def _read_calendar(path: Path) -> BankHolidayCalendar:
    data = Table(read_toml(path), path.name)
    cal = Table(data.get("calendar", dict), f"{path.name} [calendar]")
    cal.get("region", str)
    first = cal.get("first_year", int)
    through = cal.get("confirmed_through", int)
    source = cal.get("source", str)
    cal.done()
    data.get("change", list)  # read by the tests, which rebuild each year from it
    days: list[BankHoliday] = []
    seen: set[date] = set()
    for i, raw in enumerate(data.get("bank_holiday", list)):
        t = Table(raw, f"{path.name} bank_holiday #{i + 1}")
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



def default_directory() -> Path:
    """Where the rulebook lives: ``$HANDBOOK_RULEBOOK`` if set, else inside the package when
    installed, else the repo's folder."""
    chosen = os.environ.get(RULEBOOK_ENV)
    if chosen:
        return Path(chosen)
    here = Path(__file__).resolve().parent
    packaged = here / "procedures"
    if (packaged / "vocabulary.toml").is_file():
        return packaged
    return here.parent / "procedures"


def procedure_files(directory: Path) -> list[Path]:
    """Every procedure's file in ``directory/partnerships``, in file-name order."""
    folder = directory / PARTNERSHIPS
    if not folder.is_dir():
        raise RulebookError(f"{PARTNERSHIPS}/: missing from {directory}")
    strays = sorted(p.name for p in folder.iterdir() if p.suffix != ".toml" and p.name != "compiled.json")
    if strays:
        raise RulebookError(f"{PARTNERSHIPS}/: holds only procedures' .toml files, found {strays}")
    others = sorted(p.name for p in directory.glob("*.toml") if p.name not in SHARED_FILES + (TEMPLATE, CHANGES_FILE))
    if others:
        raise RulebookError(f"{directory}: unexpected rulebook file(s) {others}: a procedure's file goes in "
                            f"{PARTNERSHIPS}/")
    return sorted(folder.glob("*.toml"))


def _in_order(procedures: list[Procedure]) -> dict[str, Procedure]:
    # Each procedure is checked against those read before it, so every clash of ids or of
    # order is reported once, naming both files.
    for i, proc in enumerate(procedures):
        check_against(proc, procedures[:i], f"{PARTNERSHIPS}/{proc.id}.toml")
    return {p.id: p for p in sorted(procedures, key=lambda p: (p.order, p.id))}


def load_from(directory: Path) -> Rulebook:
    """Read and check the whole rulebook in ``directory``."""
    meta, events, circumstances, duties = read_vocabulary(directory / "vocabulary.toml")
    calendar = _read_calendar(directory / "bank-holidays.toml")
    every_tool = read_every_tool(directory / "tools.toml", Table)
    tools = {tid: t for tid, t in every_tool.items() if t.kind == "advice"}
    computed = {tid: t for tid, t in every_tool.items() if t.kind != "advice"}
    files = procedure_files(directory)
    if not files:
        raise RulebookError(f"{PARTNERSHIPS}/: no procedure in {directory / PARTNERSHIPS}")
    procedures = _in_order([read_procedure(path, events, circumstances, tools, duties) for path in files])
    # The version and its date are worked out from the files, never typed (content_version.py).
    version = rulebook_version(directory)
    title = meta.get("title", str)
    meta.done()
    return Rulebook(version.version, version.date, title, events, circumstances, procedures, calendar, directory,
                    tools, duties, computed)


@lru_cache(maxsize=1)
def load() -> Rulebook:
    """The rulebook, read once per process."""
    return load_from(default_directory())


def check_file(path: Path, directory: Path | None = None) -> list[str]:
    """Every problem of one procedure's file, checked against the rulebook in ``directory``.

    The shared files (vocabulary, tools) must be sound: their problems raise a
    ``RulebookError``. The file's own problems are all returned, not only the first;
    none means it is ready to go into ``partnerships/``.
    """
    directory = directory or default_directory()
    _meta, events, circumstances, duties = read_vocabulary(directory / "vocabulary.toml")
    tools = read_tools(directory / "tools.toml", Table)
    others = [read_procedure(p, events, circumstances, tools, duties) for p in procedure_files(directory)]
    with collecting() as problems:
        try:
            proc = read_procedure(path, events, circumstances, tools, duties)
        except RulebookError as exc:
            problem(str(exc))
        else:
            # A file with the id of a procedure already there is a new version of it: it
            # replaces that one, so it is checked against the rest.
            check_against(proc, [o for o in others if o.id != proc.id], path.name)
    return problems
