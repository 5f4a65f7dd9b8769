"""Citations as a reader sees them: the document's short name and date, never its file name.

The rulebook cites a source by its file name in ``../shared/sources`` (so tests can find
the words); every surface shows the procedure's ``short_title`` ("Practice standards
(2025)") instead, through ``as_dict``.
"""

from __future__ import annotations

from typing import Any

from .rulebook import Rulebook


def source_name(rulebook: Rulebook, document: str) -> str:
    """The short name and date of the procedure whose document this is."""
    for proc in rulebook.procedures.values():
        if proc.document == document:
            return proc.short_title
    return "an unnamed source document"


def as_dict(rulebook: Rulebook, citation: Any) -> dict[str, str]:
    """A citation for an answer: ``source`` (shown), ``section``, ``quote`` and ``document`` (data)."""
    return {"document": citation.document, "source": source_name(rulebook, citation.document),
            "section": citation.section, "quote": citation.quote}
