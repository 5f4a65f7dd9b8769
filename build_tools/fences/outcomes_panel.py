"""The ``outcomes-panel`` fence: per procedure, the outcomes it allows and what each leads to.

    ```outcomes-panel
    all
    ```

A procedure's id or ``all``; the lines come from ``calculators.outcomes.advise``.
"""

from __future__ import annotations

from html import escape
from typing import Any

from build_tools.fences import citations
from build_tools.fences.base import Args, Fence, attr, render_markdown
from build_tools.fences.rule_tables import check_procedure_or_all, procedures_named
from calculators import outcomes, presenter
from calculators.rulebook import Procedure, Rulebook


def _outcome_options(item: Any) -> set[str]:
    """The outcome options (``chosen=...``) a guidance item's conditions name."""
    return {c.partition("=")[2] for c in item.when + item.when_any if c.startswith("chosen=")}


def _line_html(line: dict[str, Any], proc: Procedure) -> str:
    g = next(g for g in proc.guidance if g.id == line["item"])
    force = citations.force(g.strength, g.strength_quote)
    return (f'<div class="sdh-line__statement">{render_markdown(g.statement)}</div>{force}'
            f'{citations.notes(g.notes, "sdh-line__note")}{citations.answer_citation(line["citation"])}')


def _items(lines: list[dict[str, Any]], proc: Procedure) -> str:
    return "".join(f'<li data-item="{attr(ln["item"])}">{_line_html(ln, proc)}</li>' for ln in lines)


def _procedure_block(rb: Rulebook, proc: Procedure) -> str:
    field = rb.tools[outcomes.SLUG].field("chosen")
    [answer] = outcomes.advise(proc.id, {}, rb)
    guidance = {g.id: g for g in proc.guidance_for(outcomes.SLUG)}
    lines = answer["lines"]
    leads = [ln for ln in lines if ln["level"] == "leads-to"]
    placed: set[str] = set()
    rows = []
    for ln in (ln for ln in lines if ln["level"] == "outcome"):
        options = _outcome_options(guidance[ln["item"]])
        follow = [f for f in leads if _outcome_options(guidance[f["item"]]) & options]
        placed.update(f["item"] for f in follow)
        names = "".join(f'<p class="sdh-outcome__name">{escape(o.label)}</p>' for o in field.options if o.id in options)
        follow_html = (f'<ul class="sdh-plain-list">{_items(follow, proc)}</ul>' if follow
                       else f"<p>{escape(presenter.NOTHING_FURTHER)}</p>")
        rows.append(f'<tr data-item="{attr(ln["item"])}" data-outcomes="{attr(" ".join(sorted(options)))}">'
                    f"<td>{names}{_line_html(ln, proc)}</td><td>{follow_html}</td></tr>")
    others = [ln for ln in lines if ln["level"] != "outcome" and ln["item"] not in placed]
    body = []
    if answer["silent"]:
        body.append(f'<p class="sdh-silent" data-silent>{escape(answer["silent"])}</p>')
    if rows:
        body.append(citations.table(f"{proc.short_title}: outcomes", ["Outcome", "What it leads to"], rows,
                                    "sdh-outcomes-table", caption=f"{proc.short_title}: the outcomes it allows"))
    elif not answer["silent"]:
        body.append(f'<p class="sdh-outcomes__none">{escape(presenter.NO_OUTCOMES)}</p>')
    if others:
        body.append(f'<p class="sdh-outcomes__also">{escape(presenter.ALSO_SAYS)}</p><ul class="sdh-outcomes__list">'
                    f"{_items(others, proc)}</ul>")
    if answer["not_addressed"]:
        items = "".join(f"<li>{escape(n)}</li>" for n in answer["not_addressed"])
        body.append(f'<p class="sdh-outcomes__also">{escape(presenter.NOT_ADDRESSED_TITLE)}:</p>'
                    f'<ul class="sdh-outcomes__list">{items}</ul>')
    return (
        f'<section class="sdh-outcomes" data-procedure="{attr(proc.id)}" aria-labelledby="outcomes-{attr(proc.id)}">'
        # The heading by the short name and year; the document's full title under it.
        f'<h3 class="sdh-outcomes__title" id="outcomes-{attr(proc.id)}">{escape(proc.short_title)}</h3>'
        f'<p class="sdh-answer__source">{escape(proc.title)} ({escape(proc.published)})</p>'
        f'{"".join(body)}</section>'
    )


def outcomes_panel(rb: Rulebook, md: Any, args: Args) -> str:
    """Per procedure: the outcomes it allows and what each leads to, from ``calculators.outcomes``."""
    blocks = "".join(_procedure_block(rb, proc) for proc in procedures_named(rb, args.first))
    return f'<div class="sdh-outcomes-panel">{blocks}</div>'


OUTCOMES_PANEL = Fence("outcomes-panel", outcomes_panel, check_procedure_or_all, one_word=True)
