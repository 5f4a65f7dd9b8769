"""Reading the rulebook's TOML strictly: the helpers every reader shares.

``rulebook`` (timescales), ``tools_data`` (the decision tools) and ``training``
(scenarios) all read their files through ``Table``: a key that is not expected, a
missing key, a value of the wrong type or an id that is not lower-case words joined by
hyphens is a ``RulebookError`` naming the file and the key, so a typo fails the build
instead of silently dropping a rule.

``collecting()`` switches the same readers to reporting every problem instead of
stopping at the first: ``python -m calculators check`` uses it so a procedures officer
sees the whole list at once.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Iterator

from . import compiled_data
from .errors import RulebookError
from .strength import STRENGTHS

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

#: Where problems go while ``collecting()``; None means raise at the first.
_PROBLEMS: ContextVar[list[str] | None] = ContextVar("strict_toml_problems", default=None)


@contextmanager
def collecting() -> Iterator[list[str]]:
    """Within this block, key problems are appended to the yielded list instead of raised."""
    problems: list[str] = []
    token = _PROBLEMS.set(problems)
    try:
        yield problems
    finally:
        _PROBLEMS.reset(token)


def problem(message: str) -> None:
    """Report one problem: recorded while collecting, else raised as a ``RulebookError``."""
    sink = _PROBLEMS.get()
    if sink is None:
        raise RulebookError(message)
    if message not in sink:
        sink.append(message)


def _placeholder(kind: type | tuple[type, ...]) -> Any:
    # A stand-in of the expected type, so that a reader collecting problems can go on to
    # the next key instead of stopping at the first missing one.
    first = kind[0] if isinstance(kind, tuple) else kind
    return {str: "", int: 0, bool: False, list: [], dict: {}}.get(first)


class Table:
    """A TOML table read strictly: every key must be expected, and is used once."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise RulebookError(f"{where}: expected a table, found {type(data).__name__}")
        self.data = data
        self.where = where
        self.used: set[str] = set()

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        """The value of ``key``, of type ``kind``; ``default`` when absent (required without one)."""
        self.used.add(key)
        if key not in self.data:
            if default is ...:
                problem(f"{self.where}: missing key '{key}'")
                return _placeholder(kind)
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
            problem(f"{self.where}: key '{key}' has the wrong type ({type(value).__name__}; expected {names})")
            return _placeholder(kind) if default is ... else default
        if isinstance(value, str) and not value.strip() and default is ...:
            problem(f"{self.where}: key '{key}' is empty")
        return value

    def strings(self, key: str, default: Any = ...) -> tuple[str, ...]:
        """A list of non-empty strings."""
        value = self.get(key, list, default)
        if not all(isinstance(v, str) and v for v in value):
            problem(f"{self.where}: key '{key}' must be a list of strings")
            return ()
        return tuple(value)

    def done(self) -> None:
        """Refuse any key that no reader asked for (a typo, or a key of another table)."""
        extra = sorted(set(self.data) - self.used)
        if extra:
            problem(f"{self.where}: unknown key(s) {', '.join(repr(k) for k in extra)}")


def read_toml(path: Path) -> dict[str, Any]:
    """The data of one rulebook file; any failure is a ``RulebookError`` naming it."""
    try:
        return compiled_data.read(path)
    except compiled_data.NotToml as exc:
        raise RulebookError(f"{path.name}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise RulebookError(f"{path.name}: cannot be read: {exc}") from None


def check_id(value: str, where: str) -> str:
    """An id: lower-case words joined by hyphens."""
    if not _ID.match(value):
        problem(f"{where}: id '{value}' must be lower-case words joined by hyphens")
    return value


def unique_ids(ids: list[str], where: str, kind: str = "id") -> None:
    """Refuse an id given twice in one list (options, fields, levels, headlines ...)."""
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            problem(f"{where}: {kind} '{i}' is used twice")
        seen.add(i)


def read_strength(t: Table) -> tuple[str, str]:
    """A rule's or line's ``strength`` and ``strength_quote``, checked against ``STRENGTHS``."""
    if "strength" not in t.data:
        problem(f"{t.where}: missing key 'strength': the source's own force ({', '.join(STRENGTHS)})")
        t.used.update(("strength", "strength_quote"))
        return "", ""
    strength = t.get("strength", str)
    if strength not in STRENGTHS:
        problem(f"{t.where}: strength '{strength}' is not one of {', '.join(STRENGTHS)}")
    quote = t.get("strength_quote", str, "")
    if not quote.strip():
        problem(f"{t.where}: missing key 'strength_quote': the source's words that carry its force")
    return strength, quote
