"""What changed: ``procedures/changes.toml`` read strictly, for the "What's new" page.

Each ``[[change]]`` says when, what a reader will find different, and which procedures,
rules and pages it touched. ``read_changes`` checks the keys and types; that the ids and
pages exist is checked against the rulebook and docs/ by ``problems``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from calculators.rulebook_types import Rulebook
from calculators.strict_toml import Table, read_toml


@dataclass(frozen=True)
class Change:
    """One change a reader would notice."""

    date: date
    what: str
    procedures: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()


def read_changes(path: Path) -> list[Change]:
    """The changes in ``path``, newest first (in file order within a day); a bad key is a RulebookError."""
    data = Table(read_toml(path), path.name)
    raw = data.get("change", list)
    data.done()
    changes = []
    for i, item in enumerate(raw):
        t = Table(item, f"{path.name} change #{i + 1}")
        changes.append(Change(t.get("date", date), t.get("what", str), t.strings("procedures", ()),
                              t.strings("rules", ()), t.strings("pages", ())))
        t.done()
    # Stable sort: a day's changes keep the order the file gives them.
    return sorted(changes, key=lambda c: c.date, reverse=True)


def problems(changes: Iterable[Change], rulebook: Rulebook, docs: Path) -> list[str]:
    """Every id or page a change names that the rulebook or docs/ does not have."""
    rule_ids = {r.id for r in rulebook.all_rules()}
    found = []
    for c in changes:
        found += [f"{c.date}: unknown procedure {p!r}" for p in c.procedures if p not in rulebook.procedures]
        found += [f"{c.date}: unknown rule {r!r}" for r in c.rules if r not in rule_ids]
        found += [f"{c.date}: no page docs/{p}" for p in c.pages if not (docs / p).is_file()]
        if not c.what.strip().endswith("."):
            found.append(f"{c.date}: 'what' should be a sentence ending with a full stop")
    return found
