"""The ``scenario`` fence: one training case, with its learner's and trainer's views.

    ```scenario
    christmas-eve-referral
    ```

``scenarios/<id>.toml``, read by ``calculators.training``: what the case is, the chapters
and tools it serves, then two tabs (``training_learner``, ``training_trainer``). The
statements the page's scripts may need for the feedback are embedded once as JSON (by
rule or guidance id), with the page's own words (``calculators.training_words``); the
scripts insert only that HTML and write everything else as text.
"""

from __future__ import annotations

from html import escape
from typing import Any

from build_tools.fences.base import Args, Fence, Links, attr, json_for_script, render_markdown
from build_tools.fences.training_common import (DEADLINES, answers, chapter_title, guidance_html, scenario,
                                                tool_chapter, tool_title)
from build_tools.fences.training_learner import learner
from build_tools.fences.training_trainer import trainer
from calculators import training, training_words
from calculators.london_time import long_date
from calculators.rulebook import Rulebook
from calculators.training import Scenario


def _page_data(sc: Scenario, rb: Rulebook, diffs: list[dict[str, Any]]) -> dict[str, Any]:
    """What the scripts need and the HTML does not hold: names, build-time HTML by id, the page's words."""
    rules: dict[str, str] = {}
    items: dict[str, str] = {}
    for d in diffs:
        for proc, a in d["answers"].items():
            if a["kind"] in ("date", "datetime", "readings", training.NO_FIXED_TIME):
                for r in a["rules"]:
                    rules.setdefault(r, render_markdown(rb.procedures[proc].rule(r).statement))
            for ln in a.get("lines") or []:
                items.setdefault(ln["item"], guidance_html(rb, proc, ln["item"]))
    return {
        "scenario": sc.id,
        "title": sc.title,
        "procedures": {p: {"short": rb.procedures[p].short_title, "title": rb.procedures[p].title}
                       for p in sc.procedures},
        "stages": [{"id": st.id, "title": st.title, "kind": st.question.kind, "tool": st.question.tool or DEADLINES}
                   for st in sc.stages],
        "rules": rules,
        "items": items,
        "rulebook": {"version": rb.version, "date_text": long_date(rb.date)},
        "words": training_words.page_words(rb.version),
    }


def _about(sc: Scenario, rb: Rulebook, links: Links) -> str:
    chapters = [links.link(f"{c}.md", chapter_title(links.fence, links.docs_dir, c)) for c in sc.topics]
    tools = []
    for slug in sc.tools:
        title = tool_title(rb, slug)
        page = tool_chapter(rb, slug)
        tools.append(links.link(page, title) if page and links.exists(page) else escape(title))
    return (
        '<dl class="sdh-training__about">'
        f"<dt>The case</dt><dd>{escape(sc.summary)}</dd>"
        f"<dt>Stages</dt><dd>{len(sc.stages)}</dd>"
        + (f"<dt>Where it comes from</dt><dd>{escape(sc.origin)}.</dd>" if sc.origin else "")
        + f"<dt>Chapters it serves</dt><dd>{', '.join(chapters)}</dd>"
        + f"<dt>Tools it exercises</dt><dd>{', '.join(tools)}</dd>"
        "</dl>"
    )


def scenario_html(rb: Rulebook, md: Any, args: Args) -> str:
    """A case's whole block: about, tabs, the learner's view, the trainer's view, the data."""
    sc = scenario(args.fence, args.first)
    diffs = answers(sc, rb)
    links = Links(md, args.fence)
    about = _about(sc, rb, links)
    s = sc.id
    tabs = (
        '<div class="sdh-training__tabs" data-case-tabs hidden>'
        f'<div role="tablist" aria-label="Views of this case">'
        f'<button type="button" role="tab" id="{s}-tab-learner" aria-controls="{s}-learner" aria-selected="true">'
        "Play the case</button>"
        f'<button type="button" role="tab" id="{s}-tab-trainer" aria-controls="{s}-trainer" aria-selected="false" '
        'tabindex="-1">Trainer\'s view</button>'
        "</div></div>"
    )
    return (
        f'<div class="sdh-training" data-scenario="{attr(s)}" data-rulebook-version="{attr(rb.version)}">'
        f"{about}{tabs}{learner(sc, rb, diffs)}{trainer(sc, rb, diffs)}"
        f'<script type="application/json" data-training-data>{json_for_script(_page_data(sc, rb, diffs))}</script>'
        "</div>"
    )


def _check(rb: Rulebook, args: Args) -> None:
    scenario(args.fence, args.first)


SCENARIO = Fence("scenario", scenario_html, _check, one_word=True)
