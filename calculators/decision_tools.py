"""The decision tools by id: one id for each tool's questions, lines, page and tests.

A tool is data (``procedures/tools.toml`` and each procedure's ``[[guidance]]``). Only a
tool that computes something of its own has a module, named after its id
(``joint-investigation`` -> ``calculators/joint_investigation.py``) with an ``advise``
function; every other tool is answered by the shared engine (``calculators.guidance``).
Adding a tool that only asks and advises needs no Python.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from typing import Any

from . import guidance
from .rulebook import Rulebook, load

Adviser = Callable[..., list[dict[str, Any]]]


def module_name(tool_id: str) -> str:
    """The module a tool's own computation lives in, if it has one."""
    return f"{__package__}.{tool_id.replace('-', '_')}"


def adviser(tool_id: str) -> Adviser:
    """The function that answers a tool: its own module's ``advise``, or the shared engine's."""
    name = module_name(tool_id)
    if importlib.util.find_spec(name) is not None:
        own = getattr(importlib.import_module(name), "advise", None)
        if own is not None:
            return own
    return partial(guidance.advise, tool_id)


class _Advisers(Mapping[str, Adviser]):
    """Every decision tool of the rulebook, by id, found when asked (the rulebook is read once)."""

    def __init__(self, rulebook: Callable[[], Rulebook] = load) -> None:
        self._rulebook = rulebook

    def __getitem__(self, tool_id: str) -> Adviser:
        if tool_id not in self._rulebook().tools:
            raise KeyError(tool_id)
        return adviser(tool_id)

    def __iter__(self) -> Iterator[str]:
        return iter(self._rulebook().tools)

    def __len__(self) -> int:
        return len(self._rulebook().tools)


ADVISERS: Mapping[str, Adviser] = _Advisers()
