"""The ``training-index`` fence: the cases in a table (``all``), by chapter (``chapters``) or by tool (``tools``).

    ```training-index
    chapters
    ```
"""

from __future__ import annotations

from html import escape
from typing import Any

from build_tools.fences import citations
from build_tools.fences.base import Args, Fence, Links, attr
from build_tools.fences.training_common import DEADLINES, TRAINING_DIR, chapter_title, tool_chapter, tool_title
from calculators import training
from calculators.rulebook import Rulebook
from calculators.training import Scenario


#: The listings there are. "chapters" groups the cases by the chapters they serve.
INDEX_KINDS = ("all", "chapters", "tools")


def _case_link(sc: Scenario, links: Links) -> str:
    return links.link(f"{TRAINING_DIR}/{sc.id}.md", sc.title)


def _check(rb: Rulebook, args: Args) -> None:
    if args.first not in INDEX_KINDS:
        raise args.fail(f"write one of {', '.join(INDEX_KINDS)}, found {args.first!r}")


def _all(scenarios: list[Scenario], links: Links) -> str:
    rows = [
        f'<tr data-scenario="{attr(sc.id)}"><td>{_case_link(sc, links)}</td><td>{escape(sc.summary)}</td>'
        f"<td>{len(sc.stages)}</td><td>{len(sc.procedures)}</td></tr>"
        for sc in scenarios
    ]
    return citations.table("Every training case", ["Case", "What happens", "Stages", "Procedures it can be played under"],
                           rows, "sdh-training__index", caption=f"The {len(scenarios)} cases")


def training_index(rb: Rulebook, md: Any, args: Args) -> str:
    """The cases in a table, by chapter, or by the tools they exercise, each linking to its page."""
    scenarios = list(training.load_scenarios().values())
    links = Links(md, args.fence)
    for sc in scenarios:
        if not links.exists(f"{TRAINING_DIR}/{sc.id}.md"):
            raise args.fail(f"scenario {sc.id!r} has no page: add {TRAINING_DIR}/{sc.id}.md")
    if args.first == "all":
        return _all(scenarios, links)
    groups: dict[str, list[Scenario]] = {}
    if args.first == "chapters":
        for sc in scenarios:
            for chapter in sc.topics:
                groups.setdefault(chapter, []).append(sc)
        titles = {c: chapter_title(args.fence, links.docs_dir, c) for c in groups}
        order = sorted(groups, key=lambda c: titles[c])
        heads = {c: (titles[c], f"{c}.md") for c in order}
        # The attribute keeps its first name so that the pages stay as they were built.
        data = "topic"
    else:
        for sc in scenarios:
            for slug in sc.tools:
                groups.setdefault(slug, []).append(sc)
        order = [t for t in [DEADLINES, *[t for t in rb.tools if t != DEADLINES]] if t in groups]
        heads = {t: (tool_title(rb, t), tool_chapter(rb, t)) for t in order}
        data = "tool"
    blocks = []
    for key in order:
        title, page = heads[key]
        link = f' <a href="{links.href(page)}">(the chapter)</a>' if page and links.exists(page) else ""
        cases = "".join(f'<li data-scenario="{attr(sc.id)}">{_case_link(sc, links)}</li>' for sc in groups[key])
        blocks.append(f'<div class="sdh-training__group" data-{data}="{attr(key)}">'
                      f'<p class="sdh-training__group-title"><strong>{escape(title)}</strong>{link}</p>'
                      f"<ul>{cases}</ul></div>")
    return "".join(blocks)


TRAINING_INDEX = Fence("training-index", training_index, _check, one_word=True)
