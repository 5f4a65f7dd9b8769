"""The words of a training case in the page, written once.

``calculators.training`` decides (each stage's answer under a procedure, whether a
learner's answer fits it); this module words what the learner is then told, as
``presenter`` does for the tools: the feedback on one answer (``feedback``), an answer in
a few words for the tables (``answer_cell``), and how the learner did so far
(``progress``: what they have played, their score, their answers and every procedure's
side by side). ``page_words`` are the case page's own lines (starting, ready, failed),
embedded by the build. The page's scripts place these strings and choose none.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from . import presenter, training
from .errors import InputError, InputErrors
from .london_time import long_date
from .rulebook import Rulebook, load
from .training import NO_FIXED_TIME, NONE_SET, SILENT, Stage

#: The case page's words before any answer (the status line, the wait, the one check the
#: page makes itself), embedded in the page's data at build time.
PAGE_WORDS = {
    "starting": ("Starting: your answers will be checked in this page, by the handbook's own Python. "
                 "Read on meanwhile."),
    "ready": "Ready: your answers are checked in this page, against the procedure you choose.",
    "failed": "The case could not start.",
    "failed_after": "Reload the page to try again; the trainer's view still shows every answer.",
    "no_worker": "This browser could not load the handbook's Python worker.",
    "waiting": "Checking your answer as soon as the case has started…",
    "choose_procedure": "Select the procedure to play the case under.",
}
#: Kinds of answer that are a date (or several), and so are cited by their rules.
DATED = ("date", "datetime", "readings", NO_FIXED_TIME)


def page_words(version: str) -> dict[str, str]:
    """The case page's own words, for the rulebook ``version`` the page was built with."""
    return {**PAGE_WORDS, "stale": presenter.stale_words(version)}


def stage_number(n: int, total: int) -> str:
    """A stage's place in its case, before its title: ``Stage 2 of 4: ``."""
    return f"Stage {n} of {total}: "


def _either(days: list[str]) -> str:
    return " or ".join(long_date(date.fromisoformat(d[:10])) for d in days)


def _headline_label(stage: Stage, choice: str | None, rb: Rulebook) -> str:
    labels = {h.id: h.label for h in rb.tools[stage.question.tool].headlines}
    return labels.get(choice or "", choice or "")


def answer_cell(exp: Mapping[str, Any], stage: Stage, rb: Rulebook) -> dict[str, Any]:
    """An expected answer in a few words, for a table: ``{"text"}``, or a procedure's lines
    ``{"items": [{item, statement}]}`` (the page shows the build's HTML of each by id)."""
    kind = exp["kind"]
    if kind in ("date", "datetime"):
        return {"text": f"By {exp['text']}"}
    if kind == "readings":
        return {"text": f"Either {_either(exp['accept'])} (the source's days are unclear)"}
    if kind == NO_FIXED_TIME:
        return {"text": f"No fixed time: {exp['text']}"}
    if kind == NONE_SET:
        return {"text": "No timescale for it"}
    if kind == SILENT:
        return {"text": "Says nothing on it"}
    if kind == "headline":
        return {"text": _headline_label(stage, exp["choice"], rb)}
    if not exp["right"]:
        return {"text": "None of its lines"}
    statements = {o["item"]: o["statement"] for o in exp["options"]}
    return {"items": [{"item": i, "statement": statements.get(i, i)} for i in exp["right"]]}


def _why(exp: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The statements and citations that say why: the rules of a deadline, the lines of a tool."""
    if not exp.get("citations"):
        return []
    if exp["kind"] in DATED:
        statements = list(exp.get("statements") or [])
        return [{"rule": rule, "item": None, "statement": statements[i] if i < len(statements) else "",
                 "citation": presenter.citation(c)} for i, (rule, c) in enumerate(zip(exp["rules"], exp["citations"]))]
    lines = exp.get("lines") or []
    if exp["kind"] == "lines" and exp["right"]:
        lines = [ln for ln in lines if ln["item"] in exp["right"]]
    return [{"rule": None, "item": ln["item"], "statement": ln["statement"], "citation": presenter.citation(ln["citation"])}
            for ln in lines]


def feedback(result: Mapping[str, Any], answer: Any, scenario_id: str, stage_id: str,
             rulebook: Rulebook | None = None) -> dict[str, Any]:
    """What the learner is told about their ``answer`` to a stage, which ``training.mark``
    marked (its ``result``), in the order the page shows it."""
    rb = rulebook or load()
    stage = training.find_stage(scenario_id, stage_id, result["procedure"])[1]
    exp = result["expected"]
    kind = exp["kind"]
    right = result["correct"]
    short = rb.procedures[result["procedure"]].short_title
    statements = {o["item"]: o["statement"] for o in exp.get("options") or []}
    fitting = list(exp["right"]) if kind == "lines" else []
    ticked = list(dict.fromkeys(answer)) if kind == "lines" and isinstance(answer, list) else []
    return {
        "correct": right,
        "kind": kind,
        "mark": "✓ " if right else "✗ ",
        "title": "Your answer: right" if right else "Your answer: not right",
        "text": result["feedback"],
        "choice": ({"id": exp["choice"], "lead": f"What {short} gives: ",
                    "label": _headline_label(stage, exp["choice"], rb)} if kind == "headline" else None),
        "readings": f"Either reading is accepted: {_either(exp['accept'])}." if kind == "readings" else "",
        "right_title": f"The lines that fit under {short}:",
        "right": [{"item": i, "statement": statements.get(i, i),
                   "you": "You ticked it." if i in ticked else "You did not tick it."} for i in fitting],
        "extra_title": "You ticked these too, but they do not fit the question:",
        "extra": [{"item": i, "statement": statements.get(i, i)} for i in ticked if i not in fitting],
        "why_title": "Why, and where it is written",
        "why": _why(exp),
        "nothing_to_cite": "There is nothing to cite: the procedure has no rule or guidance on this.",
        "working_title": "How it was worked out",
        "working": list(exp.get("working") or []),
    }


def _table(caption: str, heads: list[str], rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"caption": caption, "heads": heads, "rows": rows}


def progress(scenario_id: str, procedure: str, played: Mapping[str, Mapping[str, Mapping[str, Any]]],
             rulebook: Rulebook | None = None) -> dict[str, Any]:
    """How the learner did, from what the page remembers: ``played`` maps each procedure
    played, in the order played, to the stages answered under it (``{correct, given}``, as
    ``mark`` said). ``procedure`` is the one being played. Returns the words of the end of
    the case: ``played``, ``score``, ``results`` (a table) and ``comparison`` (a table of
    every procedure played, or a sentence)."""
    rb = rulebook or load()
    sc = training.find_case(scenario_id, procedure)
    unknown = [p for p in played if p not in sc.procedures] + [
        s for answered in played.values() for s in answered if s not in {st.id for st in sc.stages}]
    if unknown:
        raise InputErrors([InputError("played", f"“{unknown[0]}” is not a procedure or a stage of this case.")])
    short = rb.procedures[procedure].short_title
    mine = played.get(procedure) or {}
    titles = [{"text": f"{n}. {st.title}"} for n, st in enumerate(sc.stages, 1)]
    answers = {p: {st.id: answer_cell(training.expected(sc.id, st.id, p, rb), st, rb)
                   for st in sc.stages if st.id in played[p]} for p in played}
    rows = []
    for title, st in zip(titles, sc.stages):
        r = mine.get(st.id)
        rows.append({"stage": st.id, "cells": [
            title, {"text": r["given"] if r else "Not answered"},
            {"text": ("Right" if r["correct"] else "Not quite") if r else ""},
            answers.get(procedure, {}).get(st.id) or {"text": ""}]})
    results = _table(f"Your answers under {short}", ["Stage", "Your answer", "Result", f"The answer under {short}"],
                     rows)
    compared = [p for p in played if played[p]]
    if len(compared) < 2:
        text = ("Play the case again under another procedure to see its answers beside these."
                if len(sc.procedures) > 1 else "This case is played under one procedure only.")
        comparison: dict[str, Any] = {"table": None, "text": text}
    else:
        rows = [{"stage": st.id, "cells": [title, *(answers[p].get(st.id) or {"text": "Not reached"} for p in compared)]}
                for title, st in zip(titles, sc.stages)]
        comparison = {"table": _table("The answers under each procedure you have played",
                                      ["Stage", *(rb.procedures[p].short_title for p in compared)], rows), "text": ""}
    names = [rb.procedures[p].short_title for p in played]
    right = sum(1 for st in sc.stages if (mine.get(st.id) or {}).get("correct"))
    return {
        "played": f"You have played it under: {presenter.list_words(names)}." if names else "",
        "score": f"Under {short}, your last answer was right at {right} of the {len(sc.stages)} stages.",
        "results": results,
        "comparison": comparison,
    }
