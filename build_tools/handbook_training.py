"""Training scenarios in the handbook's pages, written at build time from ``scenarios/``.

Two custom fences for pymdown-extensions' SuperFences (a Python-Markdown extension, like
``handbook_markdown``; nothing here depends on MkDocs' plugin API)::

    ```scenario
    christmas-eve-referral
    ```

    ```training-index
    topics
    ```

``scenario`` writes one case (``scenarios/<id>.toml``, read by ``calculators.training``):

- the learner's view: the procedures the case can be played under, then each stage's
  narrative and question as a GOV.UK form (a date with an optional time, or "no fixed
  time" / "none set"; the tool's headlines; the lines of the chosen procedure's guidance
  as checkboxes). ``docs/training/training.mjs`` shows one stage at a time and asks the
  Python in the page's worker to mark each answer (``calculators.web.run("training", ...)``).
- the trainer's view: every stage with its prompts and the answer under every procedure
  the case supports, with the rules' statements and citations, and where the procedures
  differ, all computed here by ``calculators.training.expected`` and ``differences``
  (the very code the page runs). The script adds the presenting mode and the handouts.

``training-index`` lists the cases: ``all`` (a table), ``topics`` (by the chapter each
serves) or ``tools`` (by the tools each exercises), each linking to the case's page.

Narratives, prompts, rule statements and guidance are Markdown, rendered with markdown-it-py
(CommonMark, raw HTML off), so a scenario's text cannot put markup into a page. The
statements the page's script may need for its feedback are embedded once as JSON (by rule
or guidance id); the script inserts only those and writes everything else as text.

Validate, then render: an unknown scenario, a word too many, an option, a topic with no
chapter: the build stops (``SuperFencesException``).

Links: under MkDocs the page's own ``relpath`` tree processor gives the page and the
site's files, so links are written relative to the page and checked to exist; outside
MkDocs (a plain ``markdown.Markdown``) they are written relative to the docs folder.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from pymdownx.superfences import SuperFencesException

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from calculators import training  # noqa: E402
from calculators.rulebook import Rulebook, load  # noqa: E402
from calculators.training import Scenario, Stage  # noqa: E402

DOCS = ROOT / "docs"
#: Where each case's page lives, relative to the docs folder.
TRAINING_DIR = "training"
#: The deadline tool is not a decision tool of ``rb.tools``: its name and page.
DEADLINES = "deadlines"
DEADLINES_TITLE = "When is it due? (the deadline tool)"

_markdown = MarkdownIt("commonmark", {"html": False})


def render_markdown(text: str) -> str:
    """Scenario or rulebook Markdown as HTML: CommonMark, raw HTML escaped, never passed through."""
    return _markdown.render(text).strip()


def render_inline(text: str) -> str:
    """The same, as phrasing content (for a label): no paragraphs."""
    return _markdown.renderInline(" ".join(text.split()))


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _json_for_script(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left raw."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _fail(message: str) -> SuperFencesException:
    return SuperFencesException(f"handbook_training: {message}")


def _one_word(source: str, fence: str) -> str:
    words = source.split()
    if len(words) != 1:
        raise _fail(f"a ```{fence} fence holds exactly one word, found {source.strip()!r}")
    return words[0]


def _no_options(options: dict[str, Any], kwargs: dict[str, Any], fence: str) -> None:
    given = [*(options or {}), *(kwargs.get("attrs") or {})]
    given += [f".{c}" for c in kwargs.get("classes") or []]
    given += [f"#{kwargs['id_value']}"] if kwargs.get("id_value") else []
    if given:
        raise _fail(f"a ```{fence} fence takes no options, found {sorted(given)}")


def long_date(d: Any) -> str:
    return f"{d:%A} {d.day} {d:%B} {d.year}"


# ------------------------------------------------------------------ links between pages


class Links:
    """Links from the page being converted, checked against the site's files under MkDocs."""

    def __init__(self, md: Any) -> None:
        processors = getattr(md, "treeprocessors", None)
        proc = processors["relpath"] if processors is not None and "relpath" in processors else None
        self.here = getattr(proc, "file", None)
        self.files = getattr(proc, "files", None)

    @property
    def docs_dir(self) -> Path:
        if self.here is not None and getattr(self.here, "abs_src_path", None):
            src = Path(self.here.abs_src_path)
            return src.parents[len(Path(self.here.src_uri).parts) - 1]
        return DOCS

    def exists(self, target: str) -> bool:
        if self.files is not None:
            return self.files.get_file_from_path(target) is not None
        return (self.docs_dir / target).is_file()

    def href(self, target: str) -> str:
        """``target`` is a page's path in the docs folder (``timing.md``)."""
        if self.here is None or self.files is None:
            return _attr(target)
        from mkdocs.utils import get_relative_url  # only under MkDocs

        there = self.files.get_file_from_path(target)
        if there is None:
            raise _fail(f"{self.here.src_uri} links to {target}, which is not a page of the site")
        return _attr(get_relative_url(there.url, self.here.url))


def _page_title(docs_dir: Path, page: str) -> str:
    """A chapter's title: its first level-one heading."""
    path = docs_dir / page
    if not path.is_file():
        raise _fail(f"no chapter {page} in {docs_dir}: a scenario's topic must name a chapter")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise _fail(f"{page} has no level-one heading to take its title from")


def _tool_pages(docs_dir: Path) -> dict[str, str]:
    """Which chapter holds each tool's form (its ```calculator fence)."""
    found: dict[str, str] = {}
    for path in sorted(docs_dir.glob("*.md")):
        for slug in re.findall(r"^```calculator[ \t]*\n[ \t]*([\w-]+)[ \t]*\n", path.read_text(encoding="utf-8"), re.M):
            found.setdefault(slug, path.name)
    return found


def _tool_title(rb: Rulebook, slug: str) -> str:
    return DEADLINES_TITLE if slug == DEADLINES else rb.tools[slug].title


# ------------------------------------------------------------------ answers, worked out at build time


def _scenario(scenario_id: str, fence: str) -> Scenario:
    scenarios = training.load_scenarios()
    if scenario_id not in scenarios:
        raise _fail(f"```{fence}: unknown scenario {scenario_id!r}; known: {', '.join(scenarios)}")
    return scenarios[scenario_id]


def _answers(sc: Scenario, rb: Rulebook) -> list[dict[str, Any]]:
    """``differences`` for the case: per stage, the answer under each procedure, and whether they differ."""
    diffs = training.differences(sc.id, rb)
    if [d["stage"] for d in diffs] != [s.id for s in sc.stages]:
        raise _fail(f"{sc.id}: the stages answered are not the scenario's stages")
    return diffs


def _headline_label(rb: Rulebook, stage: Stage, choice: str | None) -> str:
    labels = {h.id: h.label for h in rb.tools[stage.question.tool].headlines}
    return labels.get(choice or "", choice or "")


def _short_answer(rb: Rulebook, stage: Stage, a: dict[str, Any]) -> str:
    """An answer in a few words, as HTML, for the summary of differences."""
    kind = a["kind"]
    if kind in ("date", "datetime"):
        return f"by {escape(a['text'])}"
    if kind == "readings":
        return "unclear: " + " or ".join(escape(long_date(_iso_date(d))) for d in a["accept"])
    if kind == training.NO_FIXED_TIME:
        return "no fixed time"
    if kind == training.NONE_SET:
        return "sets no timescale for it"
    if kind == training.SILENT:
        return "says nothing on it"
    if kind == "headline":
        return escape(_headline_label(rb, stage, a["choice"]))
    statements = {o["item"]: o["statement"] for o in a["options"]}
    if not a["right"]:
        return "none of its lines"
    return "; ".join(render_inline(statements[i].rstrip(".")) for i in a["right"]) + "."


def _iso_date(text: str) -> Any:
    from datetime import date

    return date.fromisoformat(text[:10])


def _citation_html(c: dict[str, str]) -> str:
    return (f'<p class="sdh-citation">Source: <span class="sdh-citation__document">{escape(c["source"])}</span>, '
            f'{escape(c["section"])}: <q>{escape(c["quote"])}</q></p>')


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
    return [(_guidance_html(rb, procedure, ln["item"]), ln["citation"]) for ln in lines]


def _guidance_html(rb: Rulebook, procedure: str, item: str) -> str:
    g = next(g for g in rb.procedures[procedure].guidance if g.id == item)
    return render_markdown(g.statement)


def _answer_cell(rb: Rulebook, stage: Stage, a: dict[str, Any]) -> str:
    kind = a["kind"]
    if kind in ("date", "datetime"):
        main = f"<p><strong>By {escape(a['text'])}</strong></p>"
    elif kind == "readings":
        dates = " or ".join(escape(long_date(_iso_date(d))) for d in a["accept"])
        main = f"<p><strong>Either {dates}</strong></p><p>{escape(a['text'])}</p>"
    elif kind == training.NO_FIXED_TIME:
        main = f"<p><strong>No fixed time</strong>: {escape(a['text'])}.</p>"
    elif kind in (training.NONE_SET, training.SILENT):
        main = f"<p><strong>{escape(a['text'])}</strong></p>"
    elif kind == "headline":
        label = _headline_label(rb, stage, a["choice"])
        main = f"<p><strong>{escape(label)}</strong></p>"
        extra = a["text"][len(label.rstrip(".")) + 1:].strip() if a["text"].startswith(label.rstrip(".")) else a["text"]
        if extra:
            main += f"<p>{escape(extra)}</p>"
    else:
        statements = {o["item"]: o["statement"] for o in a["options"]}
        if a["right"]:
            items = "".join(f'<li data-item="{_attr(i)}">{render_inline(statements[i])}</li>' for i in a["right"])
            main = (f"<p><strong>{len(a['right'])} of the {len(a['options'])} lines</strong>:</p>"
                    f'<ul class="sdh-training__right-lines">{items}</ul>')
        else:
            main = f"<p><strong>None of the {len(a['options'])} lines</strong>. {escape(a['text'])}</p>"
    working = a.get("working") or []
    if working:
        steps = "".join(f"<li>{escape(w)}</li>" for w in working)
        main += (f'<details class="sdh-working-details"><summary>How it was worked out</summary>'
                 f'<ol class="sdh-working">{steps}</ol></details>')
    return main


def _why_cell(rb: Rulebook, procedure: str, a: dict[str, Any]) -> str:
    items = _why_items(rb, procedure, a)
    if not items:
        return '<p class="sdh-training__none">Nothing to cite: the procedure has no rule or guidance on this.</p>'
    if a["kind"] == "lines" and a["right"]:
        # The lines themselves are in the answer's cell: here, where each is written.
        return "".join(f'<div class="sdh-training__why">{_citation_html(c)}</div>' for _, c in items)
    return "".join(f'<div class="sdh-training__why">{html}{_citation_html(c)}</div>' for html, c in items)


# ------------------------------------------------------------------ the learner's view


def _ids(sc: Scenario, stage: Stage) -> str:
    return f"{sc.id}-{stage.id}"


def _error_p(iid: str) -> str:
    return f'<p class="sdh-error-message" id="{iid}" hidden></p>'


def _radio(p: str, name: str, value: str, label: str, hint: str = "", extra: str = "") -> str:
    iid = f"{p}-{value}"
    hint_html = f'<div class="sdh-hint sdh-radios__hint" id="{iid}-hint">{escape(hint)}</div>' if hint else ""
    described = f' aria-describedby="{iid}-hint"' if hint else ""
    return (f'<div class="sdh-radios__item">'
            f'<input class="sdh-radios__input" type="radio" id="{iid}" name="{_attr(name)}" value="{_attr(value)}"'
            f'{described}{extra}>'
            f'<label class="sdh-label sdh-radios__label" for="{iid}">{label}</label>{hint_html}</div>')


_DAY_PARTS = (("day", "Day", 2, "sdh-input--width-2"), ("month", "Month", 2, "sdh-input--width-2"),
              ("year", "Year", 4, "sdh-input--width-4"))
_TIME_PARTS = (("hour", "Hour", 2, "sdh-input--width-2"), ("minute", "Minute", 2, "sdh-input--width-2"))


def _date_boxes(p: str, parts: tuple[tuple[str, str, int, str], ...]) -> str:
    return "".join(
        f'<div class="sdh-date-input__item">'
        f'<label class="sdh-label sdh-date-input__label" for="{p}-{key}">{label}</label>'
        f'<input class="sdh-input sdh-date-input__input {width}" id="{p}-{key}" data-part="{key}" type="text" '
        f'inputmode="numeric" maxlength="{size}" spellcheck="false" autocomplete="off">'
        "</div>"
        for key, label, size, width in parts
    )


def _deadline_question(sc: Scenario, stage: Stage) -> str:
    p = _ids(sc, stage)
    q = stage.question
    due = (
        f'<div class="sdh-training__conditional" id="{p}-due-reveal" data-reveal-for="{p}-date">'
        f'<div class="sdh-form-group" data-field="due" data-focus="{p}-due-day">'
        f'<fieldset class="sdh-fieldset" role="group" aria-describedby="{p}-due-hint {p}-due-error">'
        '<legend class="sdh-legend sdh-legend--small">The date it is due by</legend>'
        f'<div class="sdh-hint" id="{p}-due-hint">For example, 31 12 2026. Where the timescale is in hours, '
        "give the time too, on the 24-hour clock as a clock in England would show it: for example 16 30.</div>"
        f"{_error_p(f'{p}-due-error')}"
        f'<div class="sdh-date-input" data-date>{_date_boxes(f"{p}-due", _DAY_PARTS)}'
        '<span class="sdh-date-input__gap" aria-hidden="true"></span>'
        f'{_date_boxes(f"{p}-due", _TIME_PARTS)}</div>'
        f'<div class="sdh-form-group sdh-form-group--nested" data-offset hidden>'
        f'<label class="sdh-label" for="{p}-due-offset">Which of the two</label>'
        f'<div class="sdh-hint" id="{p}-due-offset-hint">The clocks went back that night, so that time '
        "happened twice.</div>"
        f'<select class="sdh-select" id="{p}-due-offset" aria-describedby="{p}-due-offset-hint">'
        '<option value="">Choose one</option>'
        '<option value="+01:00">The first time, in BST, before the clocks went back</option>'
        '<option value="+00:00">The second time, in GMT, after the clocks went back</option>'
        "</select></div>"
        "</fieldset></div></div>"
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
        f"{_error_p(f'{p}-answer-error')}"
        f'<div class="sdh-radios">{radios}</div>'
        "</fieldset></div>"
    )


def _headline_question(sc: Scenario, stage: Stage, rb: Rulebook) -> str:
    p = _ids(sc, stage)
    q = stage.question
    name = f"{p}-choice"
    headlines = rb.tools[q.tool].headlines
    radios = "".join(_radio(p, name, h.id, escape(h.label)) for h in headlines)
    radios += '<p class="sdh-training__divider">or</p>'
    radios += _radio(p, name, training.SILENT, "This procedure says nothing on this")
    return (
        f'<div class="sdh-form-group" data-field="answer" data-focus="{p}-{headlines[0].id}">'
        f'<fieldset class="sdh-fieldset" aria-describedby="{p}-answer-error">'
        f'<legend class="sdh-legend sdh-training__ask">{escape(q.ask)}</legend>'
        f"{_error_p(f'{p}-answer-error')}"
        f'<div class="sdh-radios">{radios}</div>'
        "</fieldset></div>"
    )


def _lines_question(sc: Scenario, stage: Stage, answers: dict[str, dict[str, Any]]) -> str:
    p = _ids(sc, stage)
    q = stage.question
    groups = []
    for proc, a in answers.items():
        items = "".join(
            f'<div class="sdh-checkboxes__item">'
            f'<input class="sdh-checkboxes__input" type="checkbox" id="{p}-{_attr(o["item"])}" '
            f'value="{_attr(o["item"])}">'
            f'<label class="sdh-label sdh-checkboxes__label" for="{p}-{_attr(o["item"])}">'
            f'{render_inline(o["statement"])}</label></div>'
            for o in a.get("options", [])
        )
        groups.append(f'<div class="sdh-checkboxes" data-procedure="{_attr(proc)}">{items}</div>')
    exclusive = "".join(
        f'<div class="sdh-checkboxes__item">'
        f'<input class="sdh-checkboxes__input" type="checkbox" id="{p}-{value}" value="{value}" data-exclusive>'
        f'<label class="sdh-label sdh-checkboxes__label" for="{p}-{value}">{label}</label></div>'
        for value, label in (("none", "None of these"), (training.SILENT, "This procedure says nothing on this"))
    )
    return (
        f'<div class="sdh-form-group" data-field="answer" data-focus="{p}-none">'
        f'<fieldset class="sdh-fieldset" aria-describedby="{p}-answer-hint {p}-answer-error">'
        f'<legend class="sdh-legend sdh-training__ask">{escape(q.ask)}</legend>'
        f'<div class="sdh-hint" id="{p}-answer-hint">Select all that apply. The lines are those of the '
        "procedure you chose.</div>"
        f"{_error_p(f'{p}-answer-error')}"
        f'{"".join(groups)}'
        '<p class="sdh-training__divider">or</p>'
        f'<div class="sdh-checkboxes">{exclusive}</div>'
        "</fieldset></div>"
    )


def _learner_stage(sc: Scenario, stage: Stage, n: int, rb: Rulebook, answers: dict[str, dict[str, Any]]) -> str:
    p = _ids(sc, stage)
    q = stage.question
    if q.kind == "deadline":
        question = _deadline_question(sc, stage)
    elif q.kind == "headline":
        question = _headline_question(sc, stage, rb)
    else:
        question = _lines_question(sc, stage, answers)
    summary = (
        f'<div class="sdh-error-summary" data-error-summary hidden tabindex="-1" aria-labelledby="{p}-errors-title">'
        f'<h4 class="sdh-error-summary__title" id="{p}-errors-title">There is a problem</h4>'
        '<ul class="sdh-error-summary__list" data-error-list></ul></div>'
    )
    return (
        f'<section class="sdh-stage" data-stage="{_attr(stage.id)}" data-kind="{q.kind}" '
        f'aria-labelledby="{p}-title" hidden>'
        f'<h3 class="sdh-stage__title" id="{p}-title" tabindex="-1">'
        f'<span class="sdh-stage__number">Stage {n} of {len(sc.stages)}: </span>{escape(stage.title)}</h3>'
        f'<div class="sdh-stage__narrative">{render_markdown(stage.narrative)}</div>'
        f"{summary}"
        f'<form class="sdh-form" data-stage-form novalidate autocomplete="off">{question}'
        '<button type="submit" class="sdh-button" data-check>Check my answer</button></form>'
        '<div class="sdh-feedback-region" data-feedback aria-live="polite"></div>'
        f'<button type="button" class="sdh-button" data-next hidden>'
        f'{"Next stage" if n < len(sc.stages) else "See how you did"}</button>'
        "</section>"
    )


def _learner(sc: Scenario, rb: Rulebook, diffs: list[dict[str, Any]]) -> str:
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
        f'<div class="sdh-error-summary" data-error-summary hidden tabindex="-1" aria-labelledby="{s}-start-errors">'
        f'<h3 class="sdh-error-summary__title" id="{s}-start-errors">There is a problem</h3>'
        '<ul class="sdh-error-summary__list" data-error-list></ul></div>'
        f'<form class="sdh-form" data-start-form novalidate autocomplete="off">'
        f'<div class="sdh-form-group" data-field="procedure" data-focus="{s}-procedure-{_attr(sc.procedures[0])}">'
        f'<fieldset class="sdh-fieldset" aria-describedby="{s}-procedure-hint {s}-procedure-error">'
        f'<legend class="sdh-legend sdh-training__ask" id="{s}-procedure-legend" tabindex="-1">'
        "Which procedure will you play it under?</legend>"
        f'<div class="sdh-hint" id="{s}-procedure-hint">{escape(hint)}</div>'
        f"{_error_p(f'{s}-procedure-error')}"
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


# ------------------------------------------------------------------ the trainer's view


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
            f'<li data-procedure="{_attr(p)}"><strong>{escape(rb.procedures[p].short_title)}</strong>: '
            f'{_short_answer(rb, st, a)}</li>'
            for p, a in d["answers"].items()
        )
        items.append(f'<li data-stage="{_attr(st.id)}"><p>Stage {n}, {escape(st.title)}: '
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
    p = f"{_ids(sc, stage)}-trainer"
    q = stage.question
    prompts = "".join(f"<li>{render_inline(x)}</li>" for x in stage.prompts)
    prompts_html = (f'<div class="sdh-training__prompts"><h4>For discussion</h4><ul>{prompts}</ul></div>'
                    if prompts else "")
    choices = ""
    if q.kind == "headline":
        labels = "".join(f"<li>{escape(h.label)}</li>" for h in rb.tools[q.tool].headlines)
        choices = (f'<p class="sdh-training__choices-title">The choices:</p><ul class="sdh-training__choices">{labels}'
                   "<li>This procedure says nothing on this</li></ul>")
    elif q.kind == "lines":
        # Listed in full, procedure by procedure, so the handout works on paper too.
        groups = []
        for proc, a in d["answers"].items():
            name = escape(rb.procedures[proc].short_title)
            options = a.get("options") or []
            listed = "".join(f"<li>{render_inline(o['statement'])}</li>" for o in options)
            groups.append(f'<li data-procedure="{_attr(proc)}"><span class="sdh-training__choices-procedure">'
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
        f'<tr data-procedure="{_attr(proc)}" data-kind="{_attr(a["kind"])}">'
        f'<th scope="row">{escape(rb.procedures[proc].short_title)}</th>'
        f"<td>{_answer_cell(rb, stage, a)}</td><td>{_why_cell(rb, proc, a)}</td></tr>"
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
        f'<section class="sdh-trainer-stage" data-stage="{_attr(stage.id)}" aria-labelledby="{p}-title">'
        f'<h3 class="sdh-trainer-stage__title" id="{p}-title" tabindex="-1">Stage {n} of {len(sc.stages)}: '
        f"{escape(stage.title)}</h3>"
        f'<div class="sdh-stage__narrative">{render_markdown(stage.narrative)}</div>'
        f'<p class="sdh-training__question"><strong>The question:</strong> {escape(q.ask)}</p>'
        f"{choices}"
        '<div class="sdh-training__write" aria-hidden="true"></div>'
        f"{prompts_html}{answers}</section>"
    )


def _trainer(sc: Scenario, rb: Rulebook, diffs: list[dict[str, Any]]) -> str:
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


# ------------------------------------------------------------------ the page's data


def _page_data(sc: Scenario, rb: Rulebook, diffs: list[dict[str, Any]]) -> dict[str, Any]:
    """What the script needs and the HTML does not hold: names, labels, build-time HTML by id."""
    rules: dict[str, str] = {}
    items: dict[str, str] = {}
    for d in diffs:
        for proc, a in d["answers"].items():
            if a["kind"] in ("date", "datetime", "readings", training.NO_FIXED_TIME):
                for r in a["rules"]:
                    rules.setdefault(r, render_markdown(rb.procedures[proc].rule(r).statement))
            for ln in a.get("lines") or []:
                items.setdefault(ln["item"], _guidance_html(rb, proc, ln["item"]))
    headlines = {st.question.tool: {h.id: h.label for h in rb.tools[st.question.tool].headlines}
                 for st in sc.stages if st.question.kind == "headline"}
    return {
        "scenario": sc.id,
        "title": sc.title,
        "procedures": {p: {"short": rb.procedures[p].short_title, "title": rb.procedures[p].title}
                       for p in sc.procedures},
        "stages": [{"id": st.id, "title": st.title, "kind": st.question.kind, "tool": st.question.tool or DEADLINES}
                   for st in sc.stages],
        "headlines": headlines,
        "rules": rules,
        "items": items,
        "rulebook": {"version": rb.version, "date_text": long_date(rb.date)},
    }


def _about(sc: Scenario, rb: Rulebook, links: Links) -> str:
    topics = []
    for t in sc.topics:
        page = f"{t}.md"
        title = _page_title(links.docs_dir, page)
        topics.append(f'<a href="{links.href(page)}">{escape(title)}</a>')
    pages = _tool_pages(links.docs_dir)
    tools = []
    for slug in sc.tools:
        title = _tool_title(rb, slug)
        page = pages.get(slug)
        tools.append(f'<a href="{links.href(page)}">{escape(title)}</a>' if page and links.exists(page)
                     else escape(title))
    return (
        '<dl class="sdh-training__about">'
        f"<dt>The case</dt><dd>{escape(sc.summary)}</dd>"
        f"<dt>Stages</dt><dd>{len(sc.stages)}</dd>"
        + (f"<dt>Where it comes from</dt><dd>{escape(sc.origin)}.</dd>" if sc.origin else "")
        + f"<dt>Chapters it serves</dt><dd>{', '.join(topics)}</dd>"
        + f"<dt>Tools it exercises</dt><dd>{', '.join(tools)}</dd>"
        "</dl>"
    )


def scenario_html(scenario_id: str, md: Any = None) -> str:
    """A case's whole block: about, tabs, the learner's view, the trainer's view, the data."""
    sc = _scenario(scenario_id, "scenario")
    rb = load()
    diffs = _answers(sc, rb)
    links = Links(md)
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
        f'<div class="sdh-training" data-scenario="{_attr(s)}" data-rulebook-version="{_attr(rb.version)}">'
        f"{about}{tabs}{_learner(sc, rb, diffs)}{_trainer(sc, rb, diffs)}"
        f'<script type="application/json" data-training-data>{_json_for_script(_page_data(sc, rb, diffs))}</script>'
        "</div>"
    )


# ------------------------------------------------------------------ the index


INDEX_KINDS = ("all", "topics", "tools")


def _case_link(sc: Scenario, links: Links) -> str:
    return f'<a href="{links.href(f"{TRAINING_DIR}/{sc.id}.md")}">{escape(sc.title)}</a>'


def training_index(which: str, md: Any = None) -> str:
    if which not in INDEX_KINDS:
        raise _fail(f"```training-index: write one of {', '.join(INDEX_KINDS)}, found {which!r}")
    rb = load()
    scenarios = list(training.load_scenarios().values())
    links = Links(md)
    for sc in scenarios:
        if not links.exists(f"{TRAINING_DIR}/{sc.id}.md"):
            raise _fail(f"scenario {sc.id!r} has no page: add {TRAINING_DIR}/{sc.id}.md")
    if which == "all":
        rows = "".join(
            f'<tr data-scenario="{_attr(sc.id)}"><td>{_case_link(sc, links)}</td><td>{escape(sc.summary)}</td>'
            f"<td>{len(sc.stages)}</td><td>{len(sc.procedures)}</td></tr>"
            for sc in scenarios
        )
        return (
            '<div class="sdh-table-wrap" role="region" tabindex="0" aria-label="Every training case">'
            '<table class="sdh-rule-table sdh-training__index">'
            f"<caption>The {len(scenarios)} cases</caption>"
            '<thead><tr><th scope="col">Case</th><th scope="col">What happens</th><th scope="col">Stages</th>'
            '<th scope="col">Procedures it can be played under</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>"
        )
    groups: dict[str, list[Scenario]] = {}
    if which == "topics":
        for sc in scenarios:
            for t in sc.topics:
                groups.setdefault(t, []).append(sc)
        order = sorted(groups, key=lambda t: _page_title(links.docs_dir, f"{t}.md"))
        heads = {t: (_page_title(links.docs_dir, f"{t}.md"), f"{t}.md") for t in order}
    else:
        for sc in scenarios:
            for slug in sc.tools:
                groups.setdefault(slug, []).append(sc)
        pages = _tool_pages(links.docs_dir)
        order = [DEADLINES, *[t for t in rb.tools if t in groups and t != DEADLINES]]
        order = [t for t in order if t in groups]
        heads = {t: (_tool_title(rb, t), pages.get(t)) for t in order}
    blocks = []
    for key in order:
        title, page = heads[key]
        link = f' <a href="{links.href(page)}">(the chapter)</a>' if page and links.exists(page) else ""
        cases = "".join(f'<li data-scenario="{_attr(sc.id)}">{_case_link(sc, links)}</li>' for sc in groups[key])
        blocks.append(f'<div class="sdh-training__group" data-{which[:-1]}="{_attr(key)}">'
                      f'<p class="sdh-training__group-title"><strong>{escape(title)}</strong>{link}</p>'
                      f"<ul>{cases}</ul></div>")
    return "".join(blocks)


# ------------------------------------------------------------------ the fences


def scenario_fence(source: str, language: str, css_class: str, options: dict[str, Any], md: Any,
                   **kwargs: Any) -> str:
    """SuperFences formatter for ```scenario: the fence's one word names the case."""
    _no_options(options, kwargs, "scenario")
    return scenario_html(_one_word(source, "scenario"), md)


def training_index_fence(source: str, language: str, css_class: str, options: dict[str, Any], md: Any,
                         **kwargs: Any) -> str:
    """SuperFences formatter for ```training-index: ``all``, ``topics`` or ``tools``."""
    _no_options(options, kwargs, "training-index")
    return training_index(_one_word(source, "training-index"), md)


def custom_fences() -> list[dict[str, Any]]:
    """The SuperFences ``custom_fences`` entries, for callers other than MkDocs."""
    fences: list[tuple[str, Callable[..., str]]] = [("scenario", scenario_fence),
                                                     ("training-index", training_index_fence)]
    return [{"name": n, "class": n, "format": f} for n, f in fences]
