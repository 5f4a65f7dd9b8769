"""Errors that are the user's to fix: each names the field it is about.

A user of the handbook never sees a traceback. Anything wrong with what they typed
becomes an ``InputError`` that names the field (``procedure``, ``event``, ``at``,
``circumstances``, ...) and says in plain words what to change.
"""

from __future__ import annotations

from typing import Any


class InputError(Exception):
    """One problem with one field of the user's input."""

    def __init__(self, field: str, message: str, parts: tuple[str, ...] = (), code: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        #: Which boxes of a date to mark (``day``, ``hour``, ``offset`` ...), first the one to focus.
        self.parts = tuple(parts)
        #: What the page should do beyond showing the message (``repeated-hour``: offer the offset).
        self.code = code

    def as_dict(self) -> dict[str, Any]:
        """The error as the page and ``--json`` show it."""
        out: dict[str, Any] = {"field": self.field, "message": self.message}
        if self.parts:
            out["parts"] = list(self.parts)
        if self.code:
            out["code"] = self.code
        return out


def not_known(field: str, value: str, what: str, choices: list[str], *, more: str = "") -> InputError:
    """A value the handbook does not know (``what``: "a procedure", "an event"), with the ones it does."""
    return InputError(field, f"“{value}” is not {what} the handbook knows. Choose one of: "
                      + ", ".join(choices) + more + ".")


class InputErrors(Exception):
    """Every problem found in one request, so a form can show them all at once."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors

    def as_list(self) -> list[dict[str, Any]]:
        """The errors in field order, as the page and ``--json`` show them."""
        return [e.as_dict() for e in self.errors]


class RulebookError(Exception):
    """The rulebook in ``procedures/`` is malformed: names the file and the key.

    This is the maintainers' error, not the user's: it fails the build and the tests.
    """
