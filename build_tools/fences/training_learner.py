"""A training case's learner's view: choose a procedure, then one stage at a time as a GOV.UK form.

``docs/training/training-learner.mjs`` shows one stage at a time and asks the Python in the
page's worker to mark each answer (``calculators.web.run("training", ...)``).
"""

from __future__ import annotations

from html import escape
from typing import Any

from build_tools.fences import govuk
from build_tools.fences.base import attr, render_inline, render_markdown
from build_tools.fences.training_common import SAYS_NOTHING, stage_ids
from calculators import training
from calculators.rulebook import Rulebook
from calculators.training import Scenario, Stage
from calculators.training_words import stage_number


def _radio(p: str, name: str, value: str, label: str, hint: str = "", extra: str = "") -> str:
    return govuk.choice_item("radio", f"{p}-{value}", value, label, hint, name=name, input_attrs=extra)


def _deadline_question(sc: Scenario, stage: Stage) -> str:
    p = stage_ids(sc, stage)
    q = stage.question
    due = (
        f'<div class="sdh-training__conditional" id="{p}-due-reveal" data-reveal-for="{p}-date">'
        f'<div class="sdh-form-group" data-field="due" data-focus="{p}-due-day">'
        f'<fieldset class="sdh-fieldset" role="group" aria-describedby="{p}-due-hint {p}-due-error">'
        '<legend class="sdh-legend sdh-legend--small">The date it is due by</legend>'
        f'<div class="sdh-hint" id="{p}-due-hint">For example, 31 12 2026. Where the timescale is in hours, '
        "give the time too, on the 24-hour clock as a clock in England would show it: for example 16 30.</div>"
        f"{govuk.error_message(f'{p}-due-error')}"
        f'<div class="sdh-date-input" data-date>{govuk.date_boxes(f"{p}-due", with_time=True)}</div>'
        + govuk.offset_choice(f"{p}-due", "Which of the two",
                              "The clocks went back that night, so that time happened twice.", "Choose one",
                              "The first time, in BST, before the clocks went back",
                              "The second time, in GMT, after the clocks went back", group_attrs=" data-offset hidden")
        + "</fieldset></div></div>"
    )
    name = f"{p}-choice"
    radios = (
        _radio(p, name, "date", "By a date", extra=f' aria-controls="{p}-due-reveal"')
        + due
        + _radio(p, name, training.NO_FIXED_TIME, "It has no fixed time",
                 "The procedure asks for it, for example “as soon as possible”, but gives no number of hours "
                 "or days.")
        + _radio(p, name, training.NONE_SET, "This procedure sets no timescale for it")
    )
    return (
        f'<div class="sdh-form-group" data-field="answer" data-focus="{p}-date">'
        f'<fieldset class="sdh-fieldset" aria-describedby="{p}-answer-error">'
        f'<legend class="sdh-legend sdh-training__ask">{escape(q.ask)}</legend>'
        f"{govuk.error_message(f'{p}-answer-error')}"
        f'<div class="sdh-radios">{radios}</div>'
        "</fieldset></div>"
    )


def _headline_question(sc: Scenario, stage: Stage, rb: Rulebook) -> str:
    p = stage_ids(sc, stage)
    q = stage.question
    name = f"{p}-choice"
    headlines = rb.tools[q.tool].headlines
    radios = "".join(_radio(p, name, h.id, escape(h.label)) for h in headlines)
    radios += '<p class="sdh-training__divider">or</p>'
    radios += _radio(p, name, training.SILENT, SAYS_NOTHING)
    return (
        f'<div class="sdh-form-group" data-field="answer" data-focus="{p}-{headlines[0].id}">'
        f'<fieldset class="sdh-fieldset" aria-describedby="{p}-answer-error">'
        f'<legend class="sdh-legend sdh-training__ask">{escape(q.ask)}</legend>'
        f"{govuk.error_message(f'{p}-answer-error')}"
        f'<div class="sdh-radios">{radios}</div>'
        "</fieldset></div>"
    )


def _lines_question(sc: Scenario, stage: Stage, answers: dict[str, dict[str, Any]]) -> str:
    p = stage_ids(sc, stage)
    q = stage.question
    groups = []
    for proc, a in answers.items():
        items = "".join(govuk.choice_item("checkbox", f"{p}-{attr(o['item'])}", o["item"], render_inline(o["statement"]))
                        for o in a.get("options", []))
        groups.append(f'<div class="sdh-checkboxes" data-procedure="{attr(proc)}">{items}</div>')
    exclusive = "".join(
        govuk.choice_item("checkbox", f"{p}-{value}", value, label, input_attrs=" data-exclusive")
        for value, label in (("none", "None of these"), (training.SILENT, SAYS_NOTHING))
    )
    return (
        f'<div class="sdh-form-group" data-field="answer" data-focus="{p}-none">'
        f'<fieldset class="sdh-fieldset" aria-describedby="{p}-answer-hint {p}-answer-error">'
        f'<legend class="sdh-legend sdh-training__ask">{escape(q.ask)}</legend>'
        f'<div class="sdh-hint" id="{p}-answer-hint">Select all that apply. The lines are those of the '
        "procedure you chose.</div>"
        f"{govuk.error_message(f'{p}-answer-error')}"
        f'{"".join(groups)}'
        '<p class="sdh-training__divider">or</p>'
        f'<div class="sdh-checkboxes">{exclusive}</div>'
        "</fieldset></div>"
    )


def _learner_stage(sc: Scenario, stage: Stage, n: int, rb: Rulebook, answers: dict[str, dict[str, Any]]) -> str:
    p = stage_ids(sc, stage)
    q = stage.question
    if q.kind == "deadline":
        question = _deadline_question(sc, stage)
    elif q.kind == "headline":
        question = _headline_question(sc, stage, rb)
    else:
        question = _lines_question(sc, stage, answers)
    summary = (
        govuk.error_summary(f"{p}-errors-title", "h4")
    )
    return (
        f'<section class="sdh-stage" data-stage="{attr(stage.id)}" data-kind="{q.kind}" '
        f'aria-labelledby="{p}-title" hidden>'
        f'<h3 class="sdh-stage__title" id="{p}-title" tabindex="-1">'
        f'<span class="sdh-stage__number">{stage_number(n, len(sc.stages))}</span>{escape(stage.title)}</h3>'
        f'<div class="sdh-stage__narrative">{render_markdown(stage.narrative)}</div>'
        f"{summary}"
        f'<form class="sdh-form" data-stage-form novalidate autocomplete="off">{question}'
        '<button type="submit" class="sdh-button" data-check>Check my answer</button></form>'
        '<div class="sdh-feedback-region" data-feedback aria-live="polite"></div>'
        f'<button type="button" class="sdh-button" data-next hidden>'
        f'{"Next stage" if n < len(sc.stages) else "See how you did"}</button>'
        "</section>"
    )


def learner(sc: Scenario, rb: Rulebook, diffs: list[dict[str, Any]]) -> str:
    s = sc.id
    procs = "".join(
        _radio(f"{s}-procedure", f"{s}-procedure", pid, escape(rb.procedures[pid].short_title),
               rb.procedures[pid].title)
        for pid in sc.procedures
    )
    if len(sc.procedures) == 1:
        hint = "This case can be played under one procedure only, the one whose rules it is about."
    else:
        hint = (f"The answer to each stage is worked out from the procedure you choose, one of the "
                f"{len(sc.procedures)} this case can be played under. Play it again under another to see what changes.")
    start = (
        '<div class="sdh-training__start" data-start>'
        + govuk.error_summary(f"{s}-start-errors", "h3") +
        f'<form class="sdh-form" data-start-form novalidate autocomplete="off">'
        f'<div class="sdh-form-group" data-field="procedure" data-focus="{s}-procedure-{attr(sc.procedures[0])}">'
        f'<fieldset class="sdh-fieldset" aria-describedby="{s}-procedure-hint {s}-procedure-error">'
        f'<legend class="sdh-legend sdh-training__ask" id="{s}-procedure-legend" tabindex="-1">'
        "Which procedure will you play it under?</legend>"
        f'<div class="sdh-hint" id="{s}-procedure-hint">{escape(hint)}</div>'
        f"{govuk.error_message(f'{s}-procedure-error')}"
        f'<div class="sdh-radios">{procs}</div>'
        "</fieldset></div>"
        '<p class="sdh-training__played" data-played hidden></p>'
        '<button type="submit" class="sdh-button" data-start-button>Start the case</button>'
        "</form></div>"
    )
    stages = "".join(
        _learner_stage(sc, st, i + 1, rb, diffs[i]["answers"]) for i, st in enumerate(sc.stages)
    )
    end = (
        f'<section class="sdh-training__end" data-end hidden aria-labelledby="{s}-end-title">'
        f'<h3 id="{s}-end-title" tabindex="-1">How you did</h3>'
        '<p data-score></p>'
        '<div data-results></div>'
        '<button type="button" class="sdh-button" data-replay>Play it again under another procedure</button>'
        "</section>"
    )
    play = (
        '<div class="sdh-training__play" data-play hidden>'
        '<p class="sdh-training__playing">Playing under <strong data-playing></strong>. '
        '<button type="button" class="sdh-link-button" data-change>Change the procedure</button></p>'
        f"{stages}{end}</div>"
    )
    return (
        f'<section class="sdh-training__panel" id="{s}-learner" data-panel="learner" aria-labelledby="{s}-learner-title">'
        f'<h2 class="sdh-training__panel-title" id="{s}-learner-title">Play the case</h2>'
        '<div class="sdh-tool__status" data-status="idle" role="status">Choose a procedure and start the case. '
        "Your answers are checked in this page, by the handbook's own Python, which starts when you do.</div>"
        '<noscript><p class="sdh-tool__noscript">Playing the case needs JavaScript. The trainer\'s view below '
        "holds every stage and its answers.</p></noscript>"
        f"{start}{play}</section>"
    )

