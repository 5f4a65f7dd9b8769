"""What the training fences share: scenarios, chapters, tools' pages, answers in words.

"Chapter" is a page of the handbook (``timing.md``) that a scenario serves, named in the
scenario's ``topics``; "topic" in the fences always means a rule's topic in the rulebook.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from build_tools.fences import citations
from build_tools.fences.base import FenceError, attr, render_inline, render_markdown
from build_tools.fences.reading import tool_page
from calculators import training
from calculators.rulebook import Rulebook
from calculators.stage_view import stage_answer
from calculators.training import Scenario, Stage

#: Where each case's page lives, relative to the docs folder.
TRAINING_DIR = "training"
#: The deadline tool's name in the training pages.
DEADLINES = "deadlines"
DEADLINES_TITLE = "When is it due? (the deadline tool)"
#: The choice a learner makes where the procedure played under is silent.
SAYS_NOTHING = "This procedure says nothing on this"


def chapter_title(fence: str, docs_dir: Path, chapter: str) -> str:
    """A chapter's title (``timing`` -> its first level-one heading)."""
    path = docs_dir / f"{chapter}.md"
    if not path.is_file():
        raise FenceError(fence, f"no chapter {chapter}.md in {docs_dir}: a scenario's topics must name chapters")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise FenceError(fence, f"{chapter}.md has no level-one heading to take its title from")


def tool_title(rb: Rulebook, slug: str) -> str:
    """A tool's name as the training pages give it."""
    return DEADLINES_TITLE if slug == DEADLINES else rb.tools[slug].title


def tool_chapter(rb: Rulebook, slug: str) -> str | None:
    """The chapter whose page carries a tool's form, if it has one."""
    page = tool_page(rb, slug)
    return page[0] if page else None


def scenario(fence: str, scenario_id: str | None) -> Scenario:
    """A scenario by id, or the build stops naming the known ones."""
    scenarios = training.load_scenarios()
    if scenario_id not in scenarios:
        raise FenceError(fence, f"unknown scenario {scenario_id!r}; known: {', '.join(scenarios)}")
    return scenarios[scenario_id]


def answers(sc: Scenario, rb: Rulebook) -> list[dict[str, Any]]:
    """``differences`` for the case: per stage, the answer under each procedure, and whether they differ."""
    diffs = training.differences(sc.id, rb)
    if [d["stage"] for d in diffs] != [s.id for s in sc.stages]:
        raise FenceError("scenario", f"{sc.id}: the stages answered are not the scenario's stages")
    return diffs


def stage_ids(sc: Scenario, stage: Stage) -> str:
    """The prefix of every id in a stage's HTML."""
    return f"{sc.id}-{stage.id}"


def headline_label(rb: Rulebook, stage: Stage, choice: str | None) -> str:
    """A headline's label, by its id."""
    labels = {h.id: h.label for h in rb.tools[stage.question.tool].headlines}
    return labels.get(choice or "", choice or "")


def guidance_html(rb: Rulebook, procedure: str, item: str) -> str:
    """A guidance line's statement as HTML."""
    g = next(g for g in rb.procedures[procedure].guidance if g.id == item)
    return render_markdown(g.statement)


def short_answer(rb: Rulebook, stage: Stage, a: dict[str, Any]) -> str:
    """An answer in a few words, as HTML, for the summary of differences."""
    view = stage_answer(a, headline_label(rb, stage, a.get("choice")) if a["kind"] == "headline" else "")
    return render_inline(view["short"]) if view["markdown"] else escape(view["short"])


def _why_items(rb: Rulebook, procedure: str, a: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    """(statement HTML, citation) pairs that say why: the rules for a deadline, the lines for a tool."""
    kind = a["kind"]
    if not a.get("citations"):
        return []
    if kind in ("date", "datetime", "readings", training.NO_FIXED_TIME):
        proc = rb.procedures[procedure]
        return [(render_markdown(proc.rule(r).statement), c) for r, c in zip(a["rules"], a["citations"], strict=True)]
    lines = a.get("lines") or []
    if kind == "lines" and a["right"]:
        lines = [ln for ln in lines if ln["item"] in a["right"]]
    return [(guidance_html(rb, procedure, ln["item"]), ln["citation"]) for ln in lines]


def answer_cell(rb: Rulebook, stage: Stage, a: dict[str, Any]) -> str:
    """The trainer's table's answer under one procedure, in the presenter's words, and its working."""
    view = stage_answer(a, headline_label(rb, stage, a.get("choice")) if a["kind"] == "headline" else "")
    main = f"<p><strong>{escape(view['lead'])}</strong>{escape(view['rest'])}</p>"
    if view["detail"]:
        main += f"<p>{escape(view['detail'])}</p>"
    if a["kind"] == "lines" and a["right"]:
        statements = {o["item"]: o["statement"] for o in a["options"]}
        items = "".join(f'<li data-item="{attr(i)}">{render_inline(statements[i])}</li>' for i in a["right"])
        main += f'<ul class="sdh-training__right-lines">{items}</ul>'
    working = a.get("working") or []
    if working:
        steps = "".join(f"<li>{escape(w)}</li>" for w in working)
        main += (f'<details class="sdh-working-details"><summary>How it was worked out</summary>'
                 f'<ol class="sdh-working">{steps}</ol></details>')
    return main


def why_cell(rb: Rulebook, procedure: str, a: dict[str, Any]) -> str:
    """Why, and where it is written: each rule or line with its citation (the lines' citations only, where
    the answer's cell already lists them)."""
    items = _why_items(rb, procedure, a)
    if not items:
        return '<p class="sdh-training__none">Nothing to cite: the procedure has no rule or guidance on this.</p>'
    if a["kind"] == "lines" and a["right"]:
        # The lines themselves are in the answer's cell: here, where each is written.
        return "".join(f'<div class="sdh-training__why">{citations.answer_citation(c)}</div>' for _, c in items)
    return "".join(f'<div class="sdh-training__why">{html}{citations.answer_citation(c)}</div>' for html, c in items)

