"""The ``rule-table`` and ``sources`` fences: every timescale of a procedure, and the source documents.

    ```rule-table
    all
    ```

    ```sources
    all
    ```

``rule-table`` takes a procedure's id or ``all``; ``sources`` only ``all``.
"""

from __future__ import annotations

from html import escape
from typing import Any

from build_tools.fences import citations
from build_tools.fences.base import ALL, Args, Fence, attr, render_markdown
from calculators.rulebook import Procedure, Rule, Rulebook


def check_procedure_or_all(rb: Rulebook, args: Args) -> None:
    """The fence's one word is a procedure's id or ``all``."""
    if args.first != ALL and args.first not in rb.procedures:
        raise args.fail(f"unknown procedure {args.first!r}; known: {', '.join(rb.procedures)} or {ALL}")


def procedures_named(rb: Rulebook, which: str | None) -> list[Procedure]:
    """The procedures a checked ``<id>`` or ``all`` names."""
    return list(rb.procedures.values()) if which == ALL else [rb.procedures[which or ""]]


def _rule_row(rb: Rulebook, rule: Rule) -> str:
    when = citations.only_when(rule.circumstances, rb.circumstances)
    notes = citations.force(rule.strength, rule.strength_quote) + citations.start(rule) + citations.notes(rule.notes)
    return (
        f'<tr data-rule="{attr(rule.id)}" data-unit="{attr(rule.timescale.unit)}">'
        f"<td>{escape(rule.timescale.text)}</td>"
        f"<td>{render_markdown(rule.statement)}{notes}</td>"
        f"<td>{citations.labels(rule.events, rb.events)}</td>"
        f"<td>{when}</td>"
        f"<td>{citations.rule_citation(rb, rule.citation, paragraph=False)}</td>"
        "</tr>"
    )


def procedure_table(rb: Rulebook, proc: Procedure) -> str:
    """Every timescale of one procedure, one row per rule."""
    return citations.table(
        f"{proc.short_title}: every timescale",
        ["Timescale", "What the procedure says", "Runs from", "Only when", "Source"],
        [_rule_row(rb, r) for r in proc.rules],
        caption=f"{proc.short_title}: every timescale", table_attrs=f' data-procedure="{attr(proc.id)}"',
    )


def _rule_tables(rb: Rulebook, md: Any, args: Args) -> str:
    return "".join(procedure_table(rb, p) for p in procedures_named(rb, args.first))


def _check_sources(rb: Rulebook, args: Args) -> None:
    if args.first != ALL:
        raise args.fail(f"write {ALL!r} (the only listing there is), found {args.first!r}")


def sources_list(rb: Rulebook, md: Any = None, args: Args | None = None) -> str:
    """The sources the handbook follows, with their dates, and the rulebook's version."""
    items = "".join(
        f'<div class="sdh-source" data-procedure="{attr(proc.id)}">'
        f"<dt>{escape(proc.title)}</dt>"
        f'<dd><p><span class="sdh-source__dated">Dated: {escape(proc.published)}.</span> '
        f"Publisher: {escape(proc.publisher)}.</p>"
        f"<p>{escape(proc.description)}</p>"
        f'<p class="sdh-source__status">{escape(proc.status)}</p></dd>'
        "</div>"
        for proc in rb.procedures.values()
    )
    return f'<dl class="sdh-sources">{items}</dl>{citations.version_line(rb)}'


RULE_TABLE = Fence("rule-table", _rule_tables, check_procedure_or_all, one_word=True)
SOURCES = Fence("sources", sources_list, _check_sources, one_word=True)
