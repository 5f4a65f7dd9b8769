"""The summary table that opens an answer for every procedure ("all side by side").

One row per procedure and duty: the procedure's short name and year, what is due, and the
governing date (or what stands in for it). The words are written here once; the page's
scripts (``deadline-form.mjs``, ``decision-form.mjs``) only place them in a table, and the
command line can print the same rows. The details of each procedure follow the table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from . import strength

#: The table's title, and its columns' headings, in the order they are read.
DEADLINE_TITLE = "At a glance: what is due, and by when"
DEADLINE_COLUMNS = ("Procedure", "What is due", "By when (the limit that governs)")
DECISION_TITLE = "At a glance: each procedure's answer"
DECISION_COLUMNS = ("Procedure", "Answer")
#: What a row says for a procedure that sets nothing from the event, or says nothing on the question.
NOTHING_SET = "Nothing set"
NO_TIMESCALE = "No timescale from this event"
SAYS_NOTHING = "Says nothing on this question"
#: Under the table: where the rest of each answer is.
DETAILS_FOLLOW = "Each procedure's full answer, with its sources and working, follows the table."


def _force(g: Mapping[str, Any], answer: Mapping[str, Any]) -> str:
    """The force of a duty's governing limit; for a duty whose limits all apply only under a
    condition (no limit governs outright), that of the first conditional limit, which the row shows."""
    if g.get("strength"):
        return g["strength"]
    first = g["applies_if"][0]["rule"] if g.get("applies_if") else None
    return next((d["strength"] for d in answer["deadlines"] if d["rule"] == first and d.get("strength")), "")


def _when(g: Mapping[str, Any], force: str) -> str:
    """The governing date of one duty: its headline without the duty's name in front, after
    the governing line's force in a word ("Must", "Should" ...), so that a table of several
    procedures never makes one's "should" look like another's "must"."""
    lead = f"{g['duty_label']}: "
    text = g["headline"]
    when = text[len(lead):] if text.startswith(lead) else text
    if force:
        return f"{strength.short(force)}: {when}"
    return when[:1].upper() + when[1:]  # a cell of its own starts as a sentence does


def deadline_summary(answers: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The summary table of a deadline answer for several procedures: one row per procedure
    and duty (``what`` is due, ``when``, and ``due`` as ISO where there is a date), a
    procedure that sets nothing from the event getting one row saying so."""
    rows: list[dict[str, str]] = []
    for a in answers:
        heading = a["procedure_short_title"]
        if not a["governing"]:
            rows.append({"procedure": a["procedure"], "heading": heading, "what": NOTHING_SET,
                         "when": NO_TIMESCALE, "due": "", "governs": ""})
            continue
        for g in a["governing"]:
            rows.append({"procedure": a["procedure"], "heading": heading, "what": g["duty_label"],
                         "when": _when(g, _force(g, a)), "due": g.get("due") or "", "governs": g.get("governs") or ""})
    return {"title": DEADLINE_TITLE, "columns": list(DEADLINE_COLUMNS), "rows": rows, "after": DETAILS_FOLLOW}


def decision_summary(answers: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The summary table of a decision tool's answer for several procedures: one row per
    procedure with its headline (or that it says nothing on the question)."""
    rows: list[dict[str, str]] = []
    for a in answers:
        summary = a.get("summary")
        if summary:
            text = f"{summary['label']}."
        elif a.get("silent"):
            text = SAYS_NOTHING
        else:
            text = NOTHING_SET
        rows.append({"procedure": a["procedure"], "heading": a["procedure_short_title"], "what": text,
                     "when": "", "due": "", "governs": ""})
    return {"title": DECISION_TITLE, "columns": list(DECISION_COLUMNS), "rows": rows, "after": DETAILS_FOLLOW}


def summary_lines(summary: Mapping[str, Any]) -> list[str]:
    """The table as plain lines (the command line, a copy for notes): one line a row."""
    lines = [summary["title"]]
    for row in summary["rows"]:
        tail = f": {row['when']}" if row["when"] else ""
        lines.append(f"{row['heading']}: {row['what']}{tail}")
    return lines
