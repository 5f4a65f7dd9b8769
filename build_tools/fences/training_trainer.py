"""A training case's trainer's view: every stage with the answer under each procedure, and where they differ.

Worked out here by ``calculators.training.differences`` (the very code the page runs to
mark); ``docs/training/training-trainer.mjs`` adds the presenting mode (whose position line
is each stage's heading, as written here) and the two handouts.
"""

from __future__ import annotations

from html import escape
from typing import Any

from build_tools.fences.base import attr, render_inline, render_markdown
from build_tools.fences.training_common import SAYS_NOTHING, answer_cell, short_answer, stage_ids, why_cell
from calculators.london_time import long_date
from calculators.rulebook import Rulebook
from calculators.training import Scenario, Stage
from calculators.training_words import stage_number


def _differences(sc: Scenario, rb: Rulebook, diffs: list[dict[str, Any]]) -> str:
    s = sc.id
    head = f'<h3 id="{s}-differences">Where the procedures differ</h3>'
    if len(sc.procedures) == 1:
        only = rb.procedures[sc.procedures[0]].short_title
        return (f'<section class="sdh-training__differences sdh-answers-only" aria-labelledby="{s}-differences">'
                f"{head}<p>This case is played under one procedure only ({escape(only)}): there is nothing to "
                "compare. Its point is that procedure's own rules.</p></section>")
    stages = {st.id: (i + 1, st) for i, st in enumerate(sc.stages)}
    differ = [d for d in diffs if d["differ"]]
    same = [d for d in diffs if not d["differ"]]
    items = []
    for d in differ:
        n, st = stages[d["stage"]]
        answers = "".join(
            f'<li data-procedure="{attr(p)}"><strong>{escape(rb.procedures[p].short_title)}</strong>: '
            f'{short_answer(rb, st, a)}</li>'
            for p, a in d["answers"].items()
        )
        items.append(f'<li data-stage="{attr(st.id)}"><p>Stage {n}, {escape(st.title)}: '
                     f'{escape(st.question.ask)}</p><ul>{answers}</ul></li>')
    body = (f"<p>In {len(differ)} of the {len(diffs)} stages the answer depends on the procedure.</p>"
            if differ else f"<p>All {len(sc.procedures)} procedures give the same answer at every stage.</p>")
    if items:
        body += f'<ul class="sdh-training__differ-list">{"".join(items)}</ul>'
    if same and differ:
        names = "; ".join(f"stage {stages[d['stage']][0]}, {escape(stages[d['stage']][1].title)}" for d in same)
        body += f"<p>The same under every procedure: {names}.</p>"
    return (f'<section class="sdh-training__differences sdh-answers-only" aria-labelledby="{s}-differences">'
            f"{head}{body}</section>")


def _trainer_stage(sc: Scenario, stage: Stage, n: int, rb: Rulebook, d: dict[str, Any]) -> str:
    p = f"{stage_ids(sc, stage)}-trainer"
    q = stage.question
    prompts = "".join(f"<li>{render_inline(x)}</li>" for x in stage.prompts)
    prompts_html = (f'<div class="sdh-training__prompts"><h4>For discussion</h4><ul>{prompts}</ul></div>'
                    if prompts else "")
    choices = ""
    if q.kind == "headline":
        labels = "".join(f"<li>{escape(h.label)}</li>" for h in rb.tools[q.tool].headlines)
        choices = (f'<p class="sdh-training__choices-title">The choices:</p><ul class="sdh-training__choices">{labels}'
                   f"<li>{SAYS_NOTHING}</li></ul>")
    elif q.kind == "lines":
        # Listed in full, procedure by procedure, so the handout works on paper too.
        groups = []
        for proc, a in d["answers"].items():
            name = escape(rb.procedures[proc].short_title)
            options = a.get("options") or []
            listed = "".join(f"<li>{render_inline(o['statement'])}</li>" for o in options)
            groups.append(f'<li data-procedure="{attr(proc)}"><span class="sdh-training__choices-procedure">'
                          f"Under {name}:</span> "
                          + (f'<ul class="sdh-training__choices">{listed}</ul>' if options
                             else "no lines to choose from.") + "</li>")
        choices = ('<p class="sdh-training__choices-title">The choices: the lines of the chosen procedure\'s '
                   f"guidance in the {escape(rb.tools[q.tool].title.lower())} tool (select all that apply), "
                   "or none of these, or this procedure says nothing on this.</p>"
                   f'<ul class="sdh-training__choices-by-procedure">{"".join(groups)}</ul>')
    else:
        choices = ('<p class="sdh-training__choices-title">The answer: a date (and a time, where the timescale is in '
                   "hours), no fixed time, or no timescale at all.</p>")
    rows = "".join(
        f'<tr data-procedure="{attr(proc)}" data-kind="{attr(a["kind"])}">'
        f'<th scope="row">{escape(rb.procedures[proc].short_title)}</th>'
        f"<td>{answer_cell(rb, stage, a)}</td><td>{why_cell(rb, proc, a)}</td></tr>"
        for proc, a in d["answers"].items()
    )
    if len(d["answers"]) == 1:
        verdict = ""
    elif d["differ"]:
        verdict = '<p class="sdh-training__verdict"><strong>The procedures differ here.</strong></p>'
    else:
        verdict = '<p class="sdh-training__verdict">Every procedure gives the same answer here.</p>'
    answers = (
        f'<details class="sdh-training__answers sdh-answers-only" open data-answers>'
        f'<summary>The answer under {"each procedure" if len(d["answers"]) > 1 else "the procedure"}</summary>'
        f"{verdict}"
        f'<div class="sdh-table-wrap" role="region" tabindex="0" aria-labelledby="{p}-caption">'
        f'<table class="sdh-rule-table sdh-training__table">'
        f'<caption id="{p}-caption">Stage {n}: the answer under each procedure</caption>'
        '<thead><tr><th scope="col">Procedure</th><th scope="col">The answer</th>'
        '<th scope="col">Why, and where it is written</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div></details>"
    )
    return (
        f'<section class="sdh-trainer-stage" data-stage="{attr(stage.id)}" aria-labelledby="{p}-title">'
        f'<h3 class="sdh-trainer-stage__title" id="{p}-title" tabindex="-1">{stage_number(n, len(sc.stages))}'
        f"{escape(stage.title)}</h3>"
        f'<div class="sdh-stage__narrative">{render_markdown(stage.narrative)}</div>'
        f'<p class="sdh-training__question"><strong>The question:</strong> {escape(q.ask)}</p>'
        f"{choices}"
        '<div class="sdh-training__write" aria-hidden="true"></div>'
        f"{prompts_html}{answers}</section>"
    )


def trainer(sc: Scenario, rb: Rulebook, diffs: list[dict[str, Any]]) -> str:
    s = sc.id
    procs = ", ".join(escape(rb.procedures[p].short_title) for p in sc.procedures)
    controls = (
        '<div class="sdh-training__controls" data-trainer-controls hidden>'
        f'<button type="button" class="sdh-button sdh-button--secondary" data-present aria-pressed="false">'
        "Presenting mode</button>"
        '<button type="button" class="sdh-button sdh-button--secondary" data-print-answers>'
        "Print the case with the answers</button>"
        '<button type="button" class="sdh-button sdh-button--secondary" data-print-handout>'
        "Print a handout without the answers</button>"
        "</div>"
    )
    nav = (
        f'<div class="sdh-training__present-nav" data-present-nav hidden role="group" aria-label="Presenting mode">'
        '<button type="button" class="sdh-button sdh-button--secondary" data-present-prev>Previous stage</button>'
        '<p class="sdh-training__position" data-present-position aria-live="polite"></p>'
        '<button type="button" class="sdh-button sdh-button--secondary" data-present-next>Next stage</button>'
        '<button type="button" class="sdh-button sdh-button--secondary" data-present-exit>Leave presenting mode</button>'
        "</div>"
    )
    stages = "".join(_trainer_stage(sc, st, i + 1, rb, diffs[i]) for i, st in enumerate(sc.stages))
    return (
        f'<section class="sdh-training__panel" id="{s}-trainer" data-panel="trainer" aria-labelledby="{s}-trainer-title">'
        f'<h2 class="sdh-training__panel-title" id="{s}-trainer-title">Trainer\'s view</h2>'
        f'<p class="sdh-answers-only">The whole case, with the answer to every stage under each procedure it can be '
        f"played under ({procs}), worked out from the rulebook by the same code that marks the learner's answers "
        f"(rulebook version {escape(rb.version)} of {escape(long_date(rb.date))}).</p>"
        f"{controls}{nav}"
        f'<div class="sdh-training__handout" data-handout>'
        f'<p class="sdh-training__print-summary">{escape(sc.summary)}'
        f'{" " + escape(sc.origin) + "." if sc.origin else ""}</p>'
        '<p class="sdh-training__print-procedure">The procedure you are playing under: '
        '<span class="sdh-training__blank"></span></p>'
        f"{_differences(sc, rb, diffs)}{stages}</div></section>"
    )

