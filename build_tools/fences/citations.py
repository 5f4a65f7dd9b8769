"""Where a line comes from and how strongly it is put: citations, force, start points, notes, tables.

One renderer each, used by every fence: a citation reads the same on a chapter, a
procedure page, a tool's panel and a training case. The words are ``calculators.presenter``'s,
the same the command line prints and the tools' pages place; here they are only set in HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from build_tools.fences.base import attr, render_markdown
from calculators import presenter
from calculators.citations import source_name
from calculators.london_time import long_date
from calculators.rulebook import Rule, Rulebook
from calculators.strength import label as strength_label


def quoted(parts: dict[str, str]) -> str:
    """A presenter's sentence around a source's words (``lead``, ``quote``, ``tail``), the words in <q>."""
    quote = f"<q>{escape(parts['quote'])}</q>" if parts["quote"] else ""
    return f"{escape(parts['lead'])}{quote}{escape(parts['tail'])}"


def citation(source: str, section: str, quote: str, paragraph: bool = True) -> str:
    """A citation as a reader sees it: the document's name and date, its section, the words.

    ``paragraph=False`` gives the bare words for a table's "Source" cell.
    """
    c = presenter.citation({"source": source, "section": section, "quote": quote})
    words = (f'<span class="sdh-citation__document">{escape(c["source"])}</span>'
             + quoted({"lead": c["section"], "quote": c["quote"], "tail": ""}))
    return f'<p class="sdh-citation">{escape(c["lead"])}{words}</p>' if paragraph else words


def rule_citation(rb: Rulebook, c: Any, paragraph: bool = True) -> str:
    """A rulebook citation (``rule.citation``, ``guidance.citation``)."""
    return citation(source_name(rb, c.document), c.section, c.quote, paragraph)


def answer_citation(c: dict[str, str]) -> str:
    """A citation as an engine's answer gives it (``{"source", "section", "quote"}``)."""
    return citation(c["source"], c["section"], c["quote"])


def force(strength: str, quote: str) -> str:
    """How strongly the source puts a rule or line, with the words that carry it."""
    parts = presenter.force({"strength": strength, "strength_label": strength_label(strength) if strength else "",
                             "strength_quote": quote})
    return f'<p class="sdh-strength" data-strength="{attr(strength)}">{quoted(parts)}</p>' if parts else ""


def start(rule: Rule) -> str:
    """What a rule's time runs from: the source's words, or the start the handbook uses and why."""
    if rule.start is None:
        return ""
    words = presenter.start_point(rule.start.stated, rule.start.quote, rule.start.note)
    return f'<p class="sdh-start">{quoted(words)}</p>'


def only_when(ids: Iterable[str], table: dict[str, Any]) -> str:
    """A rule's circumstances for its table's "Only when" cell: their labels, or "Always"."""
    ids = list(ids)
    return labels(ids, table) if ids else "Always"


def notes(items: Iterable[str], css: str = "sdh-rule-note") -> str:
    """A rule's or line's notes (Markdown), one block each."""
    return "".join(f'<div class="{css}">{render_markdown(n)}</div>' for n in items)


def labels(ids: Iterable[str], table: dict[str, Any]) -> str:
    """The labels of events or circumstances, as a plain list."""
    items = "".join(f"<li>{escape(table[i].label)}</li>" for i in ids)
    return f'<ul class="sdh-plain-list">{items}</ul>'


def version_line(rb: Rulebook) -> str:
    """``Rulebook version ... of <date>.``, marked for the page's script."""
    return (f'<p class="sdh-tool__version">Rulebook version <span data-rulebook-version>{escape(rb.version)}</span> '
            f"of {escape(long_date(rb.date))}.</p>")


#: Above every wide table: shown on a narrow screen only (handbook.css).
SCROLL_HINT = "Scroll the table sideways to see every column, the dates too. →"


def table(label: str, head: list[str], rows: list[str], css: str = "", caption: str | None = None,
          table_attrs: str = "") -> str:
    """A scrollable, labelled table of the handbook's kind (``sdh-rule-table``)."""
    th = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    classes = " ".join(c for c in ("sdh-rule-table", css) if c)
    # On a narrow screen the last columns (the dates) lie off to the right: a visible hint says
    # so (CSS shows it only there), and the region takes the focus to scroll by keyboard.
    return (
        f'<p class="sdh-scroll-hint" aria-hidden="true">{SCROLL_HINT}</p>'
        f'<div class="sdh-table-wrap" role="region" tabindex="0" aria-label="{attr(label)}">'
        f'<table class="{classes}"{table_attrs}>{cap}<thead><tr>{th}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
    )
