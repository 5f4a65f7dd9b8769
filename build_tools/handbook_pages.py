"""The handbook's reading pages, written at build time from the rulebook.

Five custom fences for pymdown-extensions' SuperFences (a Python-Markdown extension, like
``handbook_markdown``; no MkDocs plugin API), so that no rule, timescale or piece of
guidance is ever typed into a page::

    ```topic-rules
    timing
    ```
    every rule of one topic (``timing``, ``recording``, ``section-47`` ...) under every
    procedure, one table; a procedure with no rule on the topic is said to have none.
    Option: ``procedure=<id>``.

    ```guidance
    seen-alone
    ```
    what every procedure says that one decision tool shows, one table. Options:
    ``procedure=<id>``, ``level=<id>[,<id>...]`` (the tool's kinds of line).

    ```procedure
    peterborough-2012
    ```
    one procedure's page: the document, its date, status and amendments, then every rule
    (by topic) and every piece of guidance (by tool), each linked to where it is discussed.

    ```compare
    timescales at=2026-12-24T16:30
    ```
    every procedure against every event and every circumstance, with the dates the
    deadline engine computes for that moment. ``compare attendance`` (any tool) sets the
    procedures side by side for each kind of line of that tool; option ``level=...``.

    ```answer
    duty=hold-strategy-discussion event=referral-received at=2026-12-24T16:30
    ```
    one question ("when must the strategy discussion be held?") answered under every
    procedure by the deadline engine. Options: ``circumstances=<id>[,<id>...]``,
    ``procedure=<id>``.

The first word may be positional (the topic, tool, procedure or comparison); everything
else is ``key=value``. An unknown word, key, id or a wrong date stops the build
(``SuperFencesException``): validate, then render. Text from the rulebook is escaped;
its Markdown (statements, notes) is rendered with markdown-it-py (CommonMark, raw HTML
off), so a rule cannot put markup into a page.

Links to other pages: under MkDocs each page is converted by its own ``Markdown``
instance, which carries MkDocs' ``relpath`` tree processor with the page's ``file`` and
the site's ``files``; the fences use them to write a link relative to the page, and stop
the build if the target page does not exist. Outside MkDocs (the golden tests) links are
written relative to the docs folder. ``tests/pages`` checks every link of the built site.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from pymdownx.superfences import SuperFencesException

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from calculators.citations import source_name  # noqa: E402
from calculators.deadlines import deadlines  # noqa: E402
from calculators.governing import governing_for  # noqa: E402
from calculators.strength import label as strength_label  # noqa: E402

#: The page that explains the handbook's reading conventions, linked from answers that use one.
READING_PAGE = "reading-the-sources.md"
from calculators.errors import InputErrors  # noqa: E402
from calculators.rulebook import Procedure, Rule, Rulebook, load  # noqa: E402
from calculators.tools_data import Guidance, Tool  # noqa: E402

#: Where each rule topic is discussed: the chapter first, then any other page that also
#: renders the topic's rules. Every topic in the rulebook must be here (checked).
TOPIC_PAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "timing": (("timing.md", "Timing: when is it due?"),),
    "recording": (("recording.md", "Recording and circulating the record"),),
    "section-47": (("section-47.md", "Section 47 enquiries"),),
    "hospital": (("hospital.md", "Children in hospital"),),
    "outcomes": (("outcomes.md", "Outcomes"), ("the-discussion.md", "The discussion")),
    "home-host": (("home-and-host.md", "Home and host authorities"), ("when-needed.md", "When a strategy discussion is needed")),
    "missing-children": (("missing-children.md", "Missing or inaccessible children"), ("section-47.md", "Section 47 enquiries")),
    "mash": (("devon-mash.md", "Devon's MASH"), ("when-needed.md", "When a strategy discussion is needed")),
}

#: Each decision tool's page. Every tool in the rulebook must be here (checked).
TOOL_PAGES: dict[str, tuple[str, str]] = {
    "joint-investigation": ("joint-investigations.md", "Joint investigations"),
    "seen-alone": ("seeing-the-child.md", "Seeing the child"),
    "attendance": ("attendance.md", "Who attends and who chairs"),
    "home-host": ("home-and-host.md", "Home and host authorities"),
    "missing-child": ("missing-children.md", "Missing or inaccessible children"),
    "mash-routing": ("devon-mash.md", "Devon's MASH"),
    "outcomes": ("outcomes.md", "Outcomes"),
}

#: The headings of a rule topic on a procedure page.
TOPIC_TITLES = {
    "timing": "Timing",
    "recording": "Recording and circulating the record",
    "section-47": "Section 47 enquiries",
    "hospital": "Children in hospital",
    "outcomes": "Outcomes and what follows",
    "home-host": "Home and host authorities",
    "missing-children": "Missing or inaccessible children",
    "mash": "The MASH",
}

_markdown = MarkdownIt("commonmark", {"html": False})
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")


def render_markdown(text: str) -> str:
    """Rulebook Markdown as HTML: CommonMark, raw HTML escaped, never passed through."""
    return _markdown.render(text).strip()


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _fail(message: str) -> SuperFencesException:
    return SuperFencesException(f"handbook_pages: {message}")


# ------------------------------------------------------------------ arguments


class Args:
    """A fence's words: an optional first positional word, then ``key=value`` pairs."""

    def __init__(self, fence: str, source: str, positional: bool, keys: Iterable[str]) -> None:
        self.fence = fence
        words = source.split()
        self.first: str | None = None
        if positional:
            if not words or "=" in words[0]:
                raise _fail(f"```{fence}: the first word must say what to show, found {source.strip()!r}")
            self.first = words.pop(0)
        self.values: dict[str, str] = {}
        allowed = set(keys)
        for word in words:
            key, eq, value = word.partition("=")
            if not eq or not value:
                raise _fail(f"```{fence}: expected key=value, found {word!r}")
            if key not in allowed:
                raise _fail(f"```{fence}: unknown option {key!r}; known: {', '.join(sorted(allowed)) or 'none'}")
            if key in self.values:
                raise _fail(f"```{fence}: option {key!r} given twice")
            self.values[key] = value

    def get(self, key: str) -> str | None:
        return self.values.get(key)

    def required(self, key: str) -> str:
        if key not in self.values:
            raise _fail(f"```{self.fence}: {key}= is required")
        return self.values[key]

    def ids(self, key: str, known: Iterable[str], what: str) -> list[str]:
        """A comma-separated list of ids, each checked against ``known``."""
        value = self.values.get(key)
        if value is None:
            return []
        known = list(known)
        out = []
        for item in value.split(","):
            if item not in known:
                raise _fail(f"```{self.fence}: unknown {what} {item!r}; known: {', '.join(known)}")
            if item in out:
                raise _fail(f"```{self.fence}: {what} {item!r} given twice")
            out.append(item)
        return out


def _no_options(options: dict[str, Any], kwargs: dict[str, Any], fence: str) -> None:
    given = [*(options or {}), *(kwargs.get("attrs") or {})]
    given += [f".{c}" for c in kwargs.get("classes") or []]
    given += [f"#{kwargs['id_value']}"] if kwargs.get("id_value") else []
    if given:
        raise _fail(f"a ```{fence} fence takes its options inside the fence, found {sorted(given)}")


def _procedure(rb: Rulebook, pid: str | None, fence: str) -> Procedure:
    if pid not in rb.procedures:
        raise _fail(f"```{fence}: unknown procedure {pid!r}; known: {', '.join(rb.procedures)}")
    return rb.procedures[pid]


def _procedures(rb: Rulebook, args: Args) -> list[Procedure]:
    pid = args.get("procedure")
    if pid is None:
        return list(rb.procedures.values())
    return [_procedure(rb, pid, args.fence)]


def _tool(rb: Rulebook, slug: str | None, fence: str) -> Tool:
    if slug not in rb.tools:
        raise _fail(f"```{fence}: unknown tool {slug!r}; known: {', '.join(rb.tools)}")
    return rb.tools[slug]


def check_maps(rb: Rulebook) -> None:
    """Every topic and tool of the rulebook has a page to link to (else the build stops)."""
    topics = {r.topic for r in rb.all_rules()}
    missing = sorted(topics - set(TOPIC_PAGES)) + sorted(set(rb.tools) - set(TOOL_PAGES))
    if missing:
        raise _fail(f"no page is named for {', '.join(missing)}: add it to TOPIC_PAGES or TOOL_PAGES")


# ------------------------------------------------------------------ links


def href(md: Any, target: str) -> str:
    """A link from the page being converted to ``target`` (``page.md`` or ``page.md#anchor``)."""
    path, _, anchor = target.partition("#")
    relpath = getattr(md, "treeprocessors", None)
    proc = relpath["relpath"] if relpath is not None and "relpath" in relpath else None
    here = getattr(proc, "file", None)
    files = getattr(proc, "files", None)
    if here is None or files is None:
        return escape(target, quote=True)
    from mkdocs.utils import get_relative_url  # only under MkDocs

    there = files.get_file_from_path(path)
    if there is None:
        raise _fail(f"{here.src_uri} links to {path}, which is not a page of the site")
    url = get_relative_url(there.url, here.url)
    return escape(url + (f"#{anchor}" if anchor else ""), quote=True)


def _link(md: Any, target: str, text: str) -> str:
    return f'<a href="{href(md, target)}">{escape(text)}</a>'


# ------------------------------------------------------------------ pieces


def citation_html(rb: Rulebook, c: Any) -> str:
    """A rulebook citation as a reader sees it: the document's name and date, its section, the words."""
    return (
        f'<p class="sdh-citation">Source: <span class="sdh-citation__document">'
        f"{escape(source_name(rb, c.document))}</span>, {escape(c.section)}: <q>{escape(c.quote)}</q></p>"
    )


def _notes(notes: Iterable[str]) -> str:
    return "".join(f'<div class="sdh-rule-note">{render_markdown(n)}</div>' for n in notes)


def _labels(ids: Iterable[str], table: dict[str, Any]) -> str:
    items = "".join(f"<li>{escape(table[i].label)}</li>" for i in ids)
    return f'<ul class="sdh-plain-list">{items}</ul>'


def _runs_from(rb: Rulebook, rule: Rule) -> str:
    """The events a rule runs from and, if any, the circumstances it needs."""
    only = (f'<p class="sdh-only-when">Only when:</p>{_labels(rule.circumstances, rb.circumstances)}'
            if rule.circumstances else "")
    return _labels(rule.events, rb.events) + only


def _when(rb: Rulebook, rule: Rule) -> str:
    return _labels(rule.circumstances, rb.circumstances) if rule.circumstances else "Always"


def condition_text(tool: Tool, condition: str) -> str:
    """``facts=child-in-hospital`` in words, from the tool's own questions."""
    fid, _, value = condition.partition("=")
    fld = tool.field(fid)
    if fld is None:
        raise _fail(f"tool {tool.id}: condition {condition!r} names no question")
    if not value:
        return f"{fld.label}: answered"
    if fld.kind == "yes-no":
        if value not in ("yes", "no"):
            raise _fail(f"tool {tool.id}: condition {condition!r} is not yes or no")
        return f"{fld.label}: {value}"
    option = fld.option(value)
    if option is None:
        raise _fail(f"tool {tool.id}: condition {condition!r} names no answer")
    return option.label if fld.kind == "multi" else f"{fld.label}: {option.label}"


def conditions_html(tool: Tool, g: Guidance) -> str:
    """When a guidance item is shown, in words: always, or the answers it depends on."""
    parts = []
    if g.when:
        parts.append("<li>When: " + "; ".join(escape(condition_text(tool, c)) for c in g.when) + "</li>")
    if g.when_any:
        parts.append("<li>When any of: " + "; ".join(escape(condition_text(tool, c)) for c in g.when_any) + "</li>")
    if g.unless:
        parts.append("<li>Not when: " + "; ".join(escape(condition_text(tool, c)) for c in g.unless) + "</li>")
    return f'<ul class="sdh-plain-list">{"".join(parts)}</ul>' if parts else "In every case"


def _table(label: str, head: list[str], rows: list[str], css: str, caption: str | None = None) -> str:
    th = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (
        f'<div class="sdh-table-wrap" role="region" tabindex="0" aria-label="{_attr(label)}">'
        f'<table class="sdh-rule-table {css}">{cap}<thead><tr>{th}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
    )


def _proc_cell(proc: Procedure, rows: int) -> str:
    span = f' rowspan="{rows}"' if rows > 1 else ""
    return f'<th scope="row"{span} data-procedure="{_attr(proc.id)}">{escape(proc.short_title)}</th>'


def _discussed_in(md: Any, rule: Rule) -> str:
    return ", ".join(_link(md, page, text) for page, text in TOPIC_PAGES[rule.topic])


def _replaces(rb: Rulebook, rule: Rule) -> str:
    """A note naming the rules of the same procedure that this one replaces when it applies."""
    proc = rb.procedures[rule.procedure]
    return "".join(
        f'<div class="sdh-rule-note"><p>When it applies it is stricter than the limit below, which still '
        f'applies as the fallback:</p>{render_markdown(proc.rule(sid).statement)}</div>'
        for sid in rule.supersedes
    )


def force_html(item: Rule | Guidance) -> str:
    """How strongly the source puts a rule or line, with the words that carry it."""
    return (f'<p class="sdh-strength" data-strength="{_attr(item.strength)}">{escape(strength_label(item.strength))} '
            f"(the source: <q>{escape(item.strength_quote)}</q>)</p>")


def _start_html(rule: Rule) -> str:
    """What a rule's time runs from: the source's words, or the start the handbook uses and why."""
    if rule.start is None:
        return ""
    if rule.start.stated:
        return f'<p class="sdh-start">Runs from, in the source\'s words: <q>{escape(rule.start.quote)}</q></p>'
    return f'<p class="sdh-start">The source does not say what this runs from. {escape(rule.start.note)}</p>'


def _rule_cells(rb: Rulebook, rule: Rule) -> str:
    scope = (f'<p class="sdh-only-when">Applies only if {escape(rule.scope.text)}.</p>' if rule.scope else "")
    return (
        f"<td>{escape(rule.timescale.text)}</td>"
        f"<td>{render_markdown(rule.statement)}{force_html(rule)}{_start_html(rule)}{scope}"
        f"{_notes(rule.notes)}{_replaces(rb, rule)}</td>"
    )


# ------------------------------------------------------------------ ```topic-rules


def topic_rules(rb: Rulebook, md: Any, args: Args) -> str:
    topics = list(dict.fromkeys(r.topic for r in rb.all_rules()))
    topic = args.first
    if topic not in topics:
        raise _fail(f"```topic-rules: unknown topic {topic!r}; known: {', '.join(topics)}")
    rows = []
    for proc in _procedures(rb, args):
        found = [
            f'<tr id="{_attr(r.id)}" data-rule="{_attr(r.id)}">{_rule_cells(rb, r)}'
            f"<td>{_when(rb, r)}</td><td>{citation_html(rb, r.citation)}</td></tr>"
            for r in proc.rules if r.topic == topic
        ]
        rows += _with_procedure(proc, found, f"Nothing: the handbook finds no rule on this in {proc.short_title}.", 4)
    return _table(
        f"Every rule on {topic.replace('-', ' ')}, by procedure",
        ["Procedure", "Timescale", "What the procedure asks", "Only when", "Source"], rows, "sdh-topic-rules",
    )


# ------------------------------------------------------------------ ```guidance


def _levels(tool: Tool, args: Args) -> list[str]:
    chosen = args.ids("level", [lv.id for lv in tool.levels], f"kind of line of {tool.id}")
    return chosen or [lv.id for lv in tool.levels]


def guidance_table(rb: Rulebook, md: Any, args: Args) -> str:
    tool = _tool(rb, args.first, "guidance")
    levels = _levels(tool, args)
    rows = []
    for proc in _procedures(rb, args):
        found = [
            f'<tr id="{_attr(g.id)}" data-guidance="{_attr(g.id)}"><td>{escape(tool.level(g.level).label)}</td>'
            f"<td>{render_markdown(g.statement)}{force_html(g)}{_notes(g.notes)}</td>"
            f"<td>{conditions_html(tool, g)}</td><td>{citation_html(rb, g.citation)}</td></tr>"
            for lv in levels for g in proc.guidance_for(tool.id) if g.level == lv
        ]
        rows += _with_procedure(proc, found, f"Nothing: {proc.short_title} says nothing the handbook shows here.", 4)
    return _table(
        f"{tool.title}: what each procedure says",
        ["Procedure", "Kind", "What the procedure says", "Applies", "Source"], rows, "sdh-guidance",
    )


# ------------------------------------------------------------------ ```procedure


def _about(rb: Rulebook, proc: Procedure) -> str:
    rows = [
        ("Title", escape(proc.title)),
        ("Published by", escape(proc.publisher)),
        ("Dated", escape(proc.published)),
        ("Document", f'<span class="sdh-citation__document">{escape(proc.title)}</span>'),
        ("What it is", escape(proc.description)),
        ("Status", escape(proc.status)),
    ]
    if proc.amendments:
        rows.append(("Amendments", escape(proc.amendments)))
    if proc.in_force_from:
        d = proc.in_force_from
        rows.append(("Arrangements from", escape(f"{d:%A} {d.day} {d:%B} {d.year}")))
    rows.append(("Taken from it", escape(
        f"{len(proc.rules)} timescale rule{'s' if len(proc.rules) != 1 else ''} and "
        f"{len(proc.guidance)} item{'s' if len(proc.guidance) != 1 else ''} of guidance "
        f"(rulebook version {rb.version})")))
    body = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in rows)
    return (
        f'<div class="sdh-table-wrap" role="region" tabindex="0" aria-label="{_attr(proc.short_title)}: the document">'
        f'<table class="sdh-rule-table sdh-about" data-procedure="{_attr(proc.id)}">'
        f"<caption>The document</caption><tbody>{body}</tbody></table></div>"
    )


def procedure_page(rb: Rulebook, md: Any, args: Args) -> str:
    proc = _procedure(rb, args.first, "procedure")
    out = [_about(rb, proc)]
    out.append(f'<h2 id="rules">Timescales ({len(proc.rules)})</h2>')
    topics = [t for t in TOPIC_PAGES if any(r.topic == t for r in proc.rules)]
    for topic in topics:
        rules = [r for r in proc.rules if r.topic == topic]
        rows = [
            f'<tr id="{_attr(r.id)}" data-rule="{_attr(r.id)}">{_rule_cells(rb, r)}'
            f"<td>{_runs_from(rb, r)}</td>"
            f"<td>{citation_html(rb, r.citation)}</td><td>{_discussed_in(md, r)}</td></tr>"
            for r in rules
        ]
        out.append(f'<h3 id="topic-{_attr(topic)}">{escape(TOPIC_TITLES.get(topic, topic))}</h3>')
        out.append(_table(
            f"{proc.short_title}: {TOPIC_TITLES.get(topic, topic)}",
            ["Timescale", "What the procedure says", "Runs from", "Source", "Discussed in"], rows,
            "sdh-procedure-rules",
        ))
    out.append(f'<h2 id="guidance">Guidance the decision tools show ({len(proc.guidance)})</h2>')
    if not proc.guidance:
        out.append("<p>None: the decision tools show nothing from this document.</p>")
    for tool in rb.tools.values():
        items = [g for lv in tool.levels for g in proc.guidance_for(tool.id) if g.level == lv.id]
        if not items:
            continue
        page, title = TOOL_PAGES[tool.id]
        rows = [
            f'<tr id="{_attr(g.id)}" data-guidance="{_attr(g.id)}"><td>{escape(tool.level(g.level).label)}</td>'
            f"<td>{render_markdown(g.statement)}{force_html(g)}{_notes(g.notes)}</td><td>{conditions_html(tool, g)}</td>"
            f"<td>{citation_html(rb, g.citation)}</td><td>{_link(md, page, title)}</td></tr>"
            for g in items
        ]
        out.append(f'<h3 id="tool-{_attr(tool.id)}">{escape(tool.title)}</h3>')
        out.append(_table(
            f"{proc.short_title}: {tool.title}",
            ["Kind", "What the procedure says", "Applies", "Source", "Discussed in"], rows, "sdh-procedure-guidance",
        ))
    return "".join(out)


# ------------------------------------------------------------------ ```compare and ```answer


def _example_due(d: dict[str, Any]) -> str:
    if d.get("readings"):
        items = "".join(
            f'<li data-due="{_attr(r["due"])}">{escape(r["due_text"])} ({escape(r["label"])})</li>'
            for r in d["readings"]
        )
        return f'<p>Unclear kind of day. Both readings:</p><ul class="sdh-plain-list">{items}</ul>'
    if d.get("due"):
        return f'<span data-due="{_attr(d["due"])}">{escape(d["due_text"])}</span>'
    return "No fixed date (see the timescale)"


def _role_html(d: dict[str, Any]) -> str:
    """The limit's place in its duty's answer (governs, also applies, applies only if ...)."""
    label = d["role_label"]
    return f'<p class="sdh-role sdh-role--{_attr(d["role"])}"><strong>{escape(label)}</strong></p>'


def _limit_notes(md: Any, d: dict[str, Any]) -> str:
    """The limit's force, its start point and its place as a fallback, as the engine words them."""
    parts = []
    if d.get("strength"):
        parts.append(f'<p class="sdh-strength" data-strength="{_attr(d["strength"])}">{escape(d["strength_label"])} '
                     f'(the source: <q>{escape(d["strength_quote"])}</q>)</p>')
    start = d["start"]
    link = (" " + _link(md, READING_PAGE + "#start-points", "How the handbook reads a start the source does not give")
            if start.get("reading_page") else "")
    parts.append(f'<p class="sdh-start">{escape(start["text"])}{link}</p>')
    if d.get("fallback_text"):
        parts.append(f'<p class="sdh-fallback">{escape(d["fallback_text"])}</p>')
    return f'<div class="sdh-rule-note">{"".join(parts)}</div>'


def _with_procedure(proc: Procedure, rows: list[str], nothing: str, width: int) -> list[str]:
    """Rows of one procedure: its name heads the first (spanning them all), or says it has nothing."""
    if not rows:
        return [f'<tr class="sdh-silent">{_proc_cell(proc, 1)}<td colspan="{width}">{escape(nothing)}</td></tr>']
    # Each row starts with its <tr ...> tag (attribute values escaped, so no ">" inside).
    return [row.replace(">", ">" + _proc_cell(proc, len(rows)), 1) if i == 0 else row for i, row in enumerate(rows)]


def _deadline_rows(rb: Rulebook, md: Any, proc: Procedure, answer: dict[str, Any], keep: Callable[[dict[str, Any]], bool],
                   with_events: bool = False) -> list[str]:
    """The engine's deadlines that ``keep`` accepts, one row each (no procedure cell)."""
    rows = []
    for d in answer["deadlines"]:
        if not keep(d):
            continue
        rule = proc.rule(d["rule"])
        events = f"<td>{_labels(rule.events, rb.events)}</td>" if with_events else ""
        rows.append(
            f'<tr data-rule="{_attr(rule.id)}" data-role="{_attr(d["role"])}"><td>{escape(rule.timescale.text)}</td>'
            f"<td>{render_markdown(rule.statement)}{_notes(rule.notes)}{_limit_notes(md, d)}</td>{events}"
            f"<td>{_role_html(d)}{_example_due(d)}</td><td>{citation_html(rb, rule.citation)}</td></tr>"
        )
    return rows


def _running_rows(rb: Rulebook, proc: Procedure, answer: dict[str, Any],
                  keep: Callable[[dict[str, Any]], bool]) -> list[str]:
    """Clocks that started from an earlier event and still run, one row each (no date without that time)."""
    rows = []
    for r in answer["running"]:
        if not keep(r):
            continue
        rule = proc.rule(r["rule"])
        rows.append(
            f'<tr data-rule="{_attr(rule.id)}" data-role="running"><td>{escape(rule.timescale.text)}</td>'
            f"<td>{render_markdown(rule.statement)}{_notes(rule.notes)}</td>"
            f'<td><p class="sdh-role sdh-role--running"><strong>{escape(r["text"])}</strong></p></td>'
            f"<td>{citation_html(rb, rule.citation)}</td></tr>"
        )
    return rows


def _scoped_by(rule: Rule, circumstance: str) -> bool:
    """Whether a circumstance opens or closes the rule's scope (Section 47 started, or not)."""
    return rule.scope is not None and (rule.scope.circumstance == circumstance or circumstance in rule.scope.not_if)


def _at(args: Args) -> str:
    at = args.required("at")
    if not _DATE_TIME.match(at):
        raise _fail(f"```{args.fence}: at= must be YYYY-MM-DDTHH:MM (London time), found {at!r}")
    return at


def _run(procedure: str, event: str, at: str, circumstances: list[str], rb: Rulebook, fence: str) -> dict[str, Any]:
    try:
        return deadlines(procedure, event, at, circumstances, rulebook=rb)[0]
    except InputErrors as exc:
        raise _fail(f"```{fence}: the deadline engine refused the example: {exc}") from None


def compare_timescales(rb: Rulebook, md: Any, args: Args) -> str:
    at = _at(args)
    procs = list(rb.procedures.values())
    first = _run(procs[0].id, next(iter(rb.events)), at, [], rb, "compare")
    out = [f'<p class="sdh-example-moment">Every date below is worked out by the handbook\'s deadline engine '
           f"as if the event happened at <strong>{escape(first['at_text'])}</strong>.</p>"]
    events = "".join(f'<li><a href="#event-{_attr(e.id)}">{escape(e.label)}</a></li>' for e in rb.events.values())
    circs = "".join(f'<li><a href="#circumstance-{_attr(c.id)}">{escape(c.label)}</a></li>'
                    for c in rb.circumstances.values())
    out.append(f'<p>From each event:</p><ul class="sdh-compare-index">{events}</ul>'
               f'<p>What each circumstance changes:</p><ul class="sdh-compare-index">{circs}</ul>')
    out.append('<h2 id="events">From each event</h2>')
    for ev in rb.events.values():
        rows = []
        for proc in procs:
            answer = _run(proc.id, ev.id, at, [], rb, "compare")
            nothing = (f"{proc.short_title} sets no timescale that runs from this event."
                       if answer["silent"] else f"{proc.short_title} sets no timescale from this event without a "
                       "particular circumstance (see below).")
            rows += _with_procedure(proc, _deadline_rows(rb, md, proc, answer, lambda d: True)
                                    + _running_rows(rb, proc, answer, lambda r: True), nothing, 4)
        out.append(f'<h3 id="event-{_attr(ev.id)}">{escape(ev.label)}</h3><p class="sdh-hint-text">{escape(ev.hint)}</p>')
        out.append(_table(f"From this event: {ev.label}",
                          ["Procedure", "Timescale", "What the procedure says", "For the example", "Source"], rows,
                          "sdh-compare-timescales"))
    out.append('<h2 id="circumstances">What each circumstance changes</h2>')
    for circ in rb.circumstances.values():
        rows = []
        for proc in procs:
            found: list[str] = []
            for rule in (r for r in proc.rules if circ.id in r.circumstances or _scoped_by(r, circ.id)):
                given = list(dict.fromkeys([*rule.circumstances, circ.id]))
                result = _run(proc.id, rule.events[0], at, given, rb, "compare")
                found += _deadline_rows(rb, md, proc, result, lambda d, r=rule: d["rule"] == r.id, with_events=True)
                found += [
                    f'<tr data-rule="{_attr(rule.id)}" data-role="not-running"><td>{escape(rule.timescale.text)}</td>'
                    f"<td>{render_markdown(rule.statement)}</td><td>{_labels(rule.events, rb.events)}</td>"
                    f'<td><p class="sdh-role"><strong>{escape(n["reason"])}</strong></p></td>'
                    f"<td>{citation_html(rb, rule.citation)}</td></tr>"
                    for n in result["not_running"] if n["rule"] == rule.id
                ]
            rows += _with_procedure(proc, found, f"No different timescale: {proc.short_title} does not treat "
                                    "this circumstance separately.", 5)
        out.append(f'<h3 id="circumstance-{_attr(circ.id)}">{escape(circ.label)}</h3>'
                   f'<p class="sdh-hint-text">{escape(circ.hint)}</p>')
        out.append(_table(f"When: {circ.label}",
                          ["Procedure", "Timescale", "What the procedure says", "Runs from", "For the example (from the first of those events)", "Source"],
                          rows, "sdh-compare-timescales"))
    return "".join(out)


def compare_tool(rb: Rulebook, md: Any, args: Args, tool: Tool) -> str:
    levels = _levels(tool, args)
    out = []
    for lv in levels:
        rows = []
        for proc in rb.procedures.values():
            found = [
                f'<tr id="{_attr(g.id)}" data-guidance="{_attr(g.id)}">'
                f"<td>{render_markdown(g.statement)}{force_html(g)}{_notes(g.notes)}</td>"
                f"<td>{conditions_html(tool, g)}</td><td>{citation_html(rb, g.citation)}</td></tr>"
                for g in proc.guidance_for(tool.id) if g.level == lv
            ]
            rows += _with_procedure(proc, found, f"Nothing of this kind in {proc.short_title}.", 3)
        label = tool.level(lv).label
        if len(levels) > 1:
            out.append(f'<h2 id="level-{_attr(lv)}">{escape(label)}</h2>')
        out.append(_table(f"{tool.title}: {label}", ["Procedure", "What the procedure says", "Applies", "Source"],
                          rows, "sdh-compare-guidance"))
    return "".join(out)


def compare(rb: Rulebook, md: Any, args: Args) -> str:
    if args.first == "timescales":
        return compare_timescales(rb, md, args)
    if args.get("at") is not None:
        raise _fail("```compare: at= is for timescales only")
    if args.first in rb.tools:
        return compare_tool(rb, md, args, rb.tools[args.first])
    raise _fail(f"```compare: unknown comparison {args.first!r}; known: timescales, {', '.join(rb.tools)}")


def _answer_headline(rb: Rulebook, proc: Procedure, result: dict[str, Any], duty: str, event: str) -> str:
    """One procedure's first line for a quick answer, with its force and any warning, in the engine's words."""
    governing = governing_for(result, duty)
    running = [r["text"] for r in result["running"] if r["duty"] == duty]
    stopped = [n["reason"] for n in result["not_running"] if n["duty"] == duty]
    if governing:
        said = governing["headline"]
    elif running or stopped:
        said = " ".join(running + stopped)
    else:
        said = f"sets no timescale for this from {rb.events[event].short}."
    force = (f' <span class="sdh-governing__force">{escape(governing["force"])}</span>'
             if governing and governing["force"] else "")
    label = rb.duties[duty].label
    warnings = [w for w in result["warnings"] if w.startswith(f"{label}:") or "Bank holidays" in w
                or "arrangements started" in w]
    warn = ("".join(f'<p class="sdh-warning">{escape(w)}</p>' for w in warnings))
    return f"<strong>{escape(proc.short_title)}</strong>: {escape(said)}{force}{warn}"


def _not_running_rows(rb: Rulebook, proc: Procedure, result: dict[str, Any], duty: str) -> list[str]:
    """Rules the facts given put out of scope (Section 47 clocks when the discussion will meet again)."""
    rows = []
    for n in result["not_running"]:
        if n["duty"] != duty:
            continue
        rule = proc.rule(n["rule"])
        rows.append(
            f'<tr data-rule="{_attr(rule.id)}" data-role="not-running"><td>{escape(rule.timescale.text)}</td>'
            f"<td>{render_markdown(rule.statement)}</td>"
            f'<td><p class="sdh-role"><strong>{escape(n["reason"])}</strong></p></td>'
            f"<td>{citation_html(rb, rule.citation)}</td></tr>"
        )
    return rows


def answer(rb: Rulebook, md: Any, args: Args) -> str:
    duties = list(dict.fromkeys(r.duty for r in rb.all_rules()))
    duty = args.required("duty")
    if duty not in duties:
        raise _fail(f"```answer: unknown duty {duty!r}; known: {', '.join(duties)}")
    event = args.required("event")
    if event not in rb.events:
        raise _fail(f"```answer: unknown event {event!r}; known: {', '.join(rb.events)}")
    at = _at(args)
    circumstances = args.ids("circumstances", rb.circumstances, "circumstance")
    rows = []
    headlines: list[str] = []
    moment = ""
    for proc in _procedures(rb, args):
        result = _run(proc.id, event, at, circumstances, rb, "answer")
        moment = result["at_text"]
        headlines.append(_answer_headline(rb, proc, result, duty, event))
        others = sorted({rb.events[e].label.lower() for r in proc.rules if r.duty == duty for e in r.events} - {rb.events[event].label.lower()})
        nothing = f"{proc.short_title} sets no timescale for this from this event."
        if others:
            nothing += " It does from: " + "; ".join(others) + "."
        rows += _with_procedure(
            proc, _deadline_rows(rb, md, proc, result, lambda d: d["duty"] == duty)
            + _running_rows(rb, proc, result, lambda r: r["duty"] == duty)
            + _not_running_rows(rb, proc, result, duty), nothing, 4)
    given = ", ".join(rb.circumstances[c].label.lower() for c in circumstances)
    caption = f"If it happened at {moment}" + (f", and {given}" if given else "")
    summary = "".join(f"<li>{item}</li>" for item in headlines)
    return f'<ul class="sdh-answer-headlines">{summary}</ul>' + _table(caption, ["Procedure", "Timescale", "What the procedure says", "Due", "Source"], rows, "sdh-answer",
                  caption=caption)


# ------------------------------------------------------------------ the fences

_FENCES: dict[str, tuple[bool, tuple[str, ...], Callable[[Rulebook, Any, Args], str]]] = {
    "topic-rules": (True, ("procedure",), topic_rules),
    "guidance": (True, ("procedure", "level"), guidance_table),
    "procedure": (True, (), procedure_page),
    "compare": (True, ("at", "level"), compare),
    "answer": (False, ("duty", "event", "at", "circumstances", "procedure"), answer),
}


def _formatter(name: str) -> Callable[..., str]:
    positional, keys, render = _FENCES[name]

    def fence(source: str, language: str, css_class: str, options: dict[str, Any], md: Any, **kwargs: Any) -> str:
        _no_options(options, kwargs, name)
        rb = load()
        check_maps(rb)
        return f'<div class="sdh-{name}">{render(rb, md, Args(name, source, positional, keys))}</div>'

    fence.__name__ = name.replace("-", "_") + "_fence"
    fence.__doc__ = f"SuperFences formatter for ```{name} (see the module's docstring)."
    return fence


topic_rules_fence = _formatter("topic-rules")
guidance_fence = _formatter("guidance")
procedure_fence = _formatter("procedure")
compare_fence = _formatter("compare")
answer_fence = _formatter("answer")


def custom_fences() -> list[dict[str, Any]]:
    """The SuperFences ``custom_fences`` entries, for callers other than MkDocs."""
    return [
        {"name": name, "class": name, "format": globals()[name.replace("-", "_") + "_fence"]}
        for name in _FENCES
    ]
