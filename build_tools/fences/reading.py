"""The reading pages' fences: ``topic-rules``, ``guidance`` and ``procedure``.

So that no rule or piece of guidance is ever typed into a page::

    ```topic-rules
    timing
    ```
    every rule of one rule topic (``timing``, ``recording``, ``section-47`` ...) under
    every procedure, one table; a procedure with no rule on it is said to have none.
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
    (by rule topic) and every piece of guidance (by tool), each linked to where it is discussed.

"Topic" here is always a rule's ``topic`` in the rulebook; the chapter pages a topic or
a tool is discussed on are ``TOPIC_PAGES`` and ``TOOL_PAGES``.
"""

from __future__ import annotations

from html import escape
from typing import Any

from build_tools.fences import citations
from build_tools.fences.base import Args, Fence, FenceError, Links, attr, render_markdown
from calculators.governing import APPLIES_IF, role_label
from calculators.london_time import long_date
from calculators.rulebook import Procedure, Rule, Rulebook
from calculators.tools_data import Guidance, Tool

#: The chapters a rule topic or a tool links to, each with the words of a link to it.
CHAPTER_LINKS: dict[str, str] = {
    "timing.md": "Timing: when is it due?",
    "recording.md": "Recording and circulating the record",
    "section-47.md": "Section 47 enquiries",
    "hospital.md": "Children in hospital",
    "outcomes.md": "Outcomes",
    "the-discussion.md": "The discussion",
    "home-and-host.md": "Home and host authorities",
    "when-needed.md": "When a strategy discussion is needed",
    "missing-children.md": "Missing or inaccessible children",
    "devon-mash.md": "Devon's MASH",
    "joint-investigations.md": "Joint investigations",
    "seeing-the-child.md": "Seeing the child",
    "attendance.md": "Who attends and who chairs",
}


def _link(page: str) -> tuple[str, str]:
    return page, CHAPTER_LINKS[page]


#: Where each rule topic is discussed: the chapter first, then any other page that also
#: renders the topic's rules. Every topic in the rulebook must be here (checked).
TOPIC_PAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "timing": (_link("timing.md"),),
    "recording": (_link("recording.md"),),
    "section-47": (_link("section-47.md"),),
    "hospital": (_link("hospital.md"),),
    "outcomes": (_link("outcomes.md"), _link("the-discussion.md")),
    "home-host": (_link("home-and-host.md"), _link("when-needed.md")),
    "missing-children": (_link("missing-children.md"), _link("section-47.md")),
    "mash": (_link("devon-mash.md"), _link("when-needed.md")),
}

#: Each tool's page and the words of a link to it, where ``procedures/tools.toml`` gives no
#: ``page`` (and, for the link's words, where it does). Every tool must have a page (checked).
TOOL_PAGES: dict[str, tuple[str, str]] = {
    "deadlines": _link("timing.md"),
    "joint-investigation": _link("joint-investigations.md"),
    "seen-alone": _link("seeing-the-child.md"),
    "attendance": _link("attendance.md"),
    "home-host": _link("home-and-host.md"),
    "missing-child": _link("missing-children.md"),
    "mash-routing": _link("devon-mash.md"),
    "outcomes": _link("outcomes.md"),
}

#: The heading of each rule topic on a procedure page: the words of the link to its chapter,
#: but for these.
_OWN_HEADINGS = {"timing": "Timing", "outcomes": "Outcomes and what follows", "mash": "The MASH"}
TOPIC_TITLES = {topic: _OWN_HEADINGS.get(topic, pages[0][1]) for topic, pages in TOPIC_PAGES.items()}


def tool_page(rb: Rulebook, slug: str) -> tuple[str, str] | None:
    """The chapter a tool is discussed on and the words of a link to it.

    The page is the tool's own ``page`` in ``procedures/tools.toml`` where it gives one,
    else ``TOOL_PAGES``; the link's words are ``TOOL_PAGES``' where it has them, else the
    tool's title.
    """
    tool = rb.tools.get(slug)
    known = TOOL_PAGES.get(slug)
    page = getattr(tool, "page", "") or (known[0] if known else "")
    if not page:
        return None
    return page, known[1] if known else (tool.title if tool else slug)


def check_maps(rb: Rulebook, fence: str = "procedure") -> None:
    """Every rule topic and tool of the rulebook has a page to link to (else the build stops)."""
    topics = {r.topic for r in rb.all_rules()}
    missing = sorted(topics - set(TOPIC_PAGES)) + sorted(t for t in rb.tools if tool_page(rb, t) is None)
    if missing:
        raise FenceError(fence, f"no page is named for {', '.join(missing)}: add it to TOPIC_PAGES, or a page to the tool")


def check_procedure_option(rb: Rulebook, args: Args) -> None:
    """``procedure=<id>``, if given, names a procedure; and every topic and tool has its page."""
    check_maps(rb, args.fence)
    pid = args.get("procedure")
    if pid is not None and pid not in rb.procedures:
        raise args.fail(f"unknown procedure {pid!r}; known: {', '.join(rb.procedures)}")


def procedures_chosen(rb: Rulebook, args: Args) -> list[Procedure]:
    """The procedure ``procedure=`` names, or every procedure."""
    pid = args.get("procedure")
    return list(rb.procedures.values()) if pid is None else [rb.procedures[pid]]


def levels(tool: Tool, args: Args) -> list[str]:
    """The kinds of line ``level=`` names (checked), or all of the tool's."""
    chosen = args.ids("level", [lv.id for lv in tool.levels], f"kind of line of {tool.id}")
    return chosen or [lv.id for lv in tool.levels]


def proc_cell(proc: Procedure, rows: int) -> str:
    """The row heading naming a procedure, spanning its rows."""
    span = f' rowspan="{rows}"' if rows > 1 else ""
    return f'<th scope="row"{span} data-procedure="{attr(proc.id)}">{escape(proc.short_title)}</th>'


def with_procedure(proc: Procedure, rows: list[str], nothing: str, width: int) -> list[str]:
    """Rows of one procedure: its name heads the first (spanning them all), or says it has nothing."""
    if not rows:
        return [f'<tr class="sdh-silent">{proc_cell(proc, 1)}<td colspan="{width}">{escape(nothing)}</td></tr>']
    # Each row starts with its <tr ...> tag (attribute values escaped, so no ">" inside).
    return [row.replace(">", ">" + proc_cell(proc, len(rows)), 1) if i == 0 else row for i, row in enumerate(rows)]


def condition_text(tool: Tool, condition: str) -> str:
    """``facts=child-in-hospital`` in words, from the tool's own questions."""
    fid, _, value = condition.partition("=")
    fld = tool.field(fid)
    if fld is None:
        raise ValueError(f"tool {tool.id}: condition {condition!r} names no question")
    if not value:
        return f"{fld.label}: answered"
    if fld.kind == "yes-no":
        if value not in ("yes", "no"):
            raise ValueError(f"tool {tool.id}: condition {condition!r} is not yes or no")
        return f"{fld.label}: {value}"
    option = fld.option(value)
    if option is None:
        raise ValueError(f"tool {tool.id}: condition {condition!r} names no answer")
    return option.label if fld.kind == "multi" else f"{fld.label}: {option.label}"


def conditions_html(tool: Tool, g: Guidance) -> str:
    """When a guidance item is shown, in words: always, or the answers it depends on."""
    parts = [f"<li>{head}: " + "; ".join(escape(condition_text(tool, c)) for c in conditions) + "</li>"
             for head, conditions in (("When", g.when), ("When any of", g.when_any), ("Not when", g.unless))
             if conditions]
    return f'<ul class="sdh-plain-list">{"".join(parts)}</ul>' if parts else "In every case"


def guidance_statement(g: Guidance) -> str:
    """A guidance line's statement, force and notes, for a table cell."""
    return f"{render_markdown(g.statement)}{citations.force(g.strength, g.strength_quote)}{citations.notes(g.notes)}"


def rule_statement(rule: Rule, with_notes: bool = True) -> str:
    """A rule's statement and, with ``with_notes``, its notes, for a table cell."""
    return render_markdown(rule.statement) + (citations.notes(rule.notes) if with_notes else "")


def _replaces(rb: Rulebook, rule: Rule) -> str:
    """A note naming the rules of the same procedure that this one replaces when it applies."""
    proc = rb.procedures[rule.procedure]
    return "".join(
        f'<div class="sdh-rule-note"><p>When it applies it is stricter than the limit below, which still '
        f'applies as the fallback:</p>{render_markdown(proc.rule(sid).statement)}</div>'
        for sid in rule.supersedes
    )


def _rule_cells(rb: Rulebook, rule: Rule) -> str:
    scope = (f'<p class="sdh-only-when">{escape(role_label(APPLIES_IF, rule.scope.text))}.</p>'
             if rule.scope else "")
    force = citations.force(rule.strength, rule.strength_quote)
    return (
        f"<td>{escape(rule.timescale.text)}</td>"
        f"<td>{render_markdown(rule.statement)}{force}{citations.start(rule)}{scope}"
        f"{citations.notes(rule.notes)}{_replaces(rb, rule)}</td>"
    )


# ------------------------------------------------------------------ ```topic-rules


def _rule_topics(rb: Rulebook) -> list[str]:
    return list(dict.fromkeys(r.topic for r in rb.all_rules()))


def _check_topic_rules(rb: Rulebook, args: Args) -> None:
    check_procedure_option(rb, args)
    if args.first not in _rule_topics(rb):
        raise args.fail(f"unknown topic {args.first!r}; known: {', '.join(_rule_topics(rb))}")


def topic_rules(rb: Rulebook, md: Any, args: Args) -> str:
    """Every rule of one rule topic under every procedure (or the one ``procedure=`` names)."""
    topic = args.first or ""
    rows = []
    for proc in procedures_chosen(rb, args):
        found = [
            f'<tr id="{attr(r.id)}" data-rule="{attr(r.id)}">{_rule_cells(rb, r)}'
            f"<td>{citations.only_when(r.circumstances, rb.circumstances)}</td>"
            f"<td>{citations.rule_citation(rb, r.citation)}</td></tr>"
            for r in proc.rules if r.topic == topic
        ]
        rows += with_procedure(proc, found, f"Nothing: the handbook finds no rule on this in {proc.short_title}.", 4)
    return citations.table(
        f"Every rule on {topic.replace('-', ' ')}, by procedure",
        ["Procedure", "Timescale", "What the procedure asks", "Only when", "Source"], rows, "sdh-topic-rules",
    )


# ------------------------------------------------------------------ ```guidance


def _check_guidance(rb: Rulebook, args: Args) -> None:
    check_procedure_option(rb, args)
    if args.first not in rb.tools:
        raise args.fail(f"unknown tool {args.first!r}; known: {', '.join(rb.tools)}")
    levels(rb.tools[args.first], args)


def guidance_table(rb: Rulebook, md: Any, args: Args) -> str:
    """What every procedure (or the one ``procedure=`` names) says that one decision tool shows."""
    tool = rb.tools[args.first or ""]
    rows = []
    for proc in procedures_chosen(rb, args):
        found = [
            f'<tr id="{attr(g.id)}" data-guidance="{attr(g.id)}"><td>{escape(tool.level(g.level).label)}</td>'
            f"<td>{guidance_statement(g)}</td>"
            f"<td>{conditions_html(tool, g)}</td><td>{citations.rule_citation(rb, g.citation)}</td></tr>"
            for lv in levels(tool, args) for g in proc.guidance_for(tool.id) if g.level == lv
        ]
        rows += with_procedure(proc, found, f"Nothing: {proc.short_title} says nothing the handbook shows here.", 4)
    return citations.table(
        f"{tool.title}: what each procedure says",
        ["Procedure", "Kind", "What the procedure says", "Applies", "Source"], rows, "sdh-guidance",
    )


# ------------------------------------------------------------------ ```procedure


def _about(rb: Rulebook, proc: Procedure) -> str:
    rows = [
        ("Title", escape(proc.title)),
        ("Publisher", escape(proc.publisher)),
        ("Dated", escape(proc.published)),
        ("Document", f'<span class="sdh-citation__document">{escape(proc.title)}</span>'),
        ("What it is", escape(proc.description)),
        ("Status", escape(proc.status)),
    ]
    # Always a row: a file that gives no amendment notes says so, rather than leaving the reader to wonder.
    rows.append(("Amendment notes", escape(proc.amendments or "Not stated.")))
    if proc.in_force_from:
        rows.append(("Arrangements from", escape(long_date(proc.in_force_from))))
    rows.append(("Taken from it", escape(
        f"{len(proc.rules)} timescale rule{'s' if len(proc.rules) != 1 else ''} and "
        f"{len(proc.guidance)} item{'s' if len(proc.guidance) != 1 else ''} of guidance "
        f"(rulebook version {rb.version})")))
    body = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in rows)
    return (
        f'<div class="sdh-table-wrap" role="region" tabindex="0" aria-label="{attr(proc.short_title)}: the document">'
        f'<table class="sdh-rule-table sdh-about" data-procedure="{attr(proc.id)}">'
        f"<caption>The document</caption><tbody>{body}</tbody></table></div>"
    )


def _check_procedure(rb: Rulebook, args: Args) -> None:
    check_maps(rb, args.fence)
    if args.first not in rb.procedures:
        raise args.fail(f"unknown procedure {args.first!r}; known: {', '.join(rb.procedures)}")


def procedure_page(rb: Rulebook, md: Any, args: Args) -> str:
    """A procedure's page: the document, then every rule by topic and every guidance line by tool."""
    proc = rb.procedures[args.first or ""]
    links = Links(md, args.fence)
    out = [_about(rb, proc), f'<h2 id="rules">Timescales ({len(proc.rules)})</h2>']
    for topic in (t for t in TOPIC_PAGES if any(r.topic == t for r in proc.rules)):
        discussed = ", ".join(links.link(page, text) for page, text in TOPIC_PAGES[topic])
        rows = [
            f'<tr id="{attr(r.id)}" data-rule="{attr(r.id)}">{_rule_cells(rb, r)}'
            f"<td>{citations.labels(r.events, rb.events)}{_only_when(rb, r)}</td>"
            f"<td>{citations.rule_citation(rb, r.citation)}</td><td>{discussed}</td></tr>"
            for r in proc.rules if r.topic == topic
        ]
        title = TOPIC_TITLES.get(topic, topic)
        out.append(f'<h3 id="topic-{attr(topic)}">{escape(title)}</h3>')
        out.append(citations.table(f"{proc.short_title}: {title}",
                                   ["Timescale", "What the procedure says", "Runs from", "Source", "Discussed in"],
                                   rows, "sdh-procedure-rules"))
    out.append(f'<h2 id="guidance">Guidance the decision tools show ({len(proc.guidance)})</h2>')
    if not proc.guidance:
        out.append("<p>None: the decision tools show nothing from this document.</p>")
    for tool in rb.tools.values():
        items = [g for lv in tool.levels for g in proc.guidance_for(tool.id) if g.level == lv.id]
        if not items:
            continue
        page, title = tool_page(rb, tool.id) or ("", "")
        rows = [
            f'<tr id="{attr(g.id)}" data-guidance="{attr(g.id)}"><td>{escape(tool.level(g.level).label)}</td>'
            f"<td>{guidance_statement(g)}</td><td>{conditions_html(tool, g)}</td>"
            f"<td>{citations.rule_citation(rb, g.citation)}</td><td>{links.link(page, title)}</td></tr>"
            for g in items
        ]
        out.append(f'<h3 id="tool-{attr(tool.id)}">{escape(tool.title)}</h3>')
        out.append(citations.table(f"{proc.short_title}: {tool.title}",
                                   ["Kind", "What the procedure says", "Applies", "Source", "Discussed in"],
                                   rows, "sdh-procedure-guidance"))
    return "".join(out)


def _only_when(rb: Rulebook, rule: Rule) -> str:
    """The circumstances a rule needs, if any, under the events it runs from."""
    if not rule.circumstances:
        return ""
    return f'<p class="sdh-only-when">Only when:</p>{citations.labels(rule.circumstances, rb.circumstances)}'


TOPIC_RULES = Fence("topic-rules", topic_rules, _check_topic_rules, keys=("procedure",), wrap=True)
GUIDANCE = Fence("guidance", guidance_table, _check_guidance, keys=("procedure", "level"), wrap=True)
PROCEDURE = Fence("procedure", procedure_page, _check_procedure, wrap=True)
