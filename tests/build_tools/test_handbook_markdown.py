"""The fences that write the tools' forms, the rule tables and the sources (build_tools/fences/).

Golden tests: a fixed, small rulebook (made from the real one with every shown field
replaced) renders each `golden/<name>.md` through Python-Markdown + SuperFences into
exactly `golden/<name>.html`; a new pair is a new test. Other tests check the real rulebook's form fragment by fragment, that text
from the rulebook can never become markup, and that bad fences stop the build.

Refresh the golden files after a deliberate change with
`SDH_UPDATE_GOLDEN=1 .venv-site/bin/python -m pytest tests/build_tools` and read the diff.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pymdownx.superfences import SuperFencesException

from build_tools.fences import base as fence_base
from build_tools.fences.deadline_form import SLUG as DEADLINES
from calculators.london_time import long_date
from calculators.rulebook import load
from fence_support import check_golden, fence, render, small_vocabulary

GOLDEN = Path(__file__).with_name("golden")
HOSTILE = 'Act <script>alert("x")</script> now & <img src=x onerror=alert(1)> [link](javascript:alert(1)) </script>'


@pytest.fixture()
def small_rulebook(monkeypatch):
    """One procedure, two rules, two events, one circumstance: every shown field fixed."""
    real = load()
    proc = next(iter(real.procedures.values()))
    rule = proc.rules[0]
    events, circumstances = small_vocabulary(real)
    timed = dataclasses.replace(
        rule, id="xx-timed", procedure="xx-proc", statement="Do the *thing* within two working days.",
        events=("ev-one",), circumstances=(), supersedes=(),
        timescale=dataclasses.replace(rule.timescale, amount=2, unit="working-days", text="within 2 working days"),
        citation=dataclasses.replace(rule.citation, document="000_test.txt", section="Section 1",
                                     quote="within 2 working days"),
        notes=("A note with `code`.",),
    )
    hostile = dataclasses.replace(
        timed, id="xx-hostile", statement=HOSTILE, events=("ev-one", "ev-two"), circumstances=("circ-one",),
        timescale=dataclasses.replace(rule.timescale, amount=None, unit="none", text="as soon as <possible>"),
        notes=(),
    )
    small_proc = dataclasses.replace(
        proc, id="xx-proc", title="Test procedure <one>", short_title="Test (2026)", publisher="A & B board",
        published="May 2026", document="000_test.txt", description="What it is.", status="How current it is.",
        rules=(timed, hostile),
    )
    rb = dataclasses.replace(
        real, version="2099.1.2", date=date(2099, 1, 2), events=events, circumstances=circumstances,
        procedures={"xx-proc": small_proc},
    )
    monkeypatch.setattr(fence_base, "load", lambda: rb)
    return rb


#: The golden pairs written from the decision-tool rulebook; the others use ``small_rulebook``.
DECISION_GOLDEN = {"calculator-decision"}


@pytest.mark.parametrize("source", sorted(GOLDEN.glob("*.md")), ids=lambda p: p.stem)
def test_golden(request, source):
    request.getfixturevalue("small_decision_rulebook" if source.stem in DECISION_GOLDEN else "small_rulebook")
    check_golden(source.with_suffix(".html"), render(source.read_text(encoding="utf-8")))


def test_markdown_is_rendered_without_raw_html():
    assert fence_base.render_markdown("Send it *today*, to `all`.") == "<p>Send it <em>today</em>, to <code>all</code>.</p>"
    out = fence_base.render_markdown(HOSTILE)
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert 'href="javascript:' not in out


def test_hostile_text_never_becomes_markup(small_rulebook):
    for source in (fence("calculator", "deadlines"), fence("rule-table", "all"), fence("sources", "all")):
        html = render(source)
        assert "<script>alert" not in html and "<img" not in html and "<b>happened" not in html
        assert "&lt;b&gt;happened&lt;/b&gt;" in html or "rule-table" in source or "sources" in source
        # Only the tool's own JSON block is a <script>, and it has no raw '<' inside.
        for body in re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S):
            assert "<" not in body and ">" not in body


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.ids: list[str] = []
        self.data_script: list[str] = []
        self._in_data = False

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.append(attrs["id"])
        self._in_data = tag == "script" and "data-tool-data" in attrs

    def handle_data(self, data):
        if self._in_data:
            self.data_script.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_data = False


def test_real_form_lists_the_whole_rulebook():
    rb = load()
    html = render(fence("calculator", "deadlines"))
    parsed = _Collect()
    parsed.feed(html)
    assert len(parsed.ids) == len(set(parsed.ids)), "duplicate ids in the form"
    options = [a["value"] for t, a in parsed.tags if t == "option" and "value" in a and a["value"] and "+" not in a["value"]]
    earlier = [e.id for e in rb.events.values() if any(e.id in other.after for other in rb.events.values())]
    assert options == [*rb.procedures, "all", *earlier]
    for p in rb.procedures.values():
        assert f'<option value="{p.id}">{escape(p.short_title)}</option>' in html
    radios = [a["value"] for t, a in parsed.tags if t == "input" and a.get("type") == "radio"]
    assert radios == list(rb.events)
    for e in rb.events.values():
        assert f">{escape(e.label)}</label>" in html and f">{escape(e.hint)}</div>" in html
    boxes = {a["value"]: a for t, a in parsed.tags if t == "input" and a.get("type") == "checkbox"}
    used = {c for p in rb.procedures.values() for c in p.circumstance_ids()}
    assert set(boxes) == used
    items = {a["data-procedures"] for t, a in parsed.tags if t == "div" and "sdh-checkboxes__item" in a.get("class", "")}
    for c in used:
        users = " ".join(p.id for p in rb.procedures.values() if c in p.circumstance_ids())
        assert users in items
    data = json.loads("".join(parsed.data_script))
    assert data["rulebook"] == {"version": rb.version, "date": rb.date.isoformat(), "date_text": long_date(rb.date)}
    assert set(data["rules"]) == {r.id for r in rb.all_rules()}
    for r in rb.all_rules():
        assert data["rules"][r.id]["statement"] == fence_base.render_markdown(r.statement)
        assert data["rules"][r.id]["notes"] == [fence_base.render_markdown(n) for n in r.notes]
    for field in ("procedure", "event", "at", "circumstances"):
        assert f'data-field="{field}"' in html
    assert 'aria-live="polite"' in html and "data-error-summary" in html


def test_real_rule_tables_have_every_rule():
    rb = load()
    html = render(fence("rule-table", "all"))
    assert html.count("<table") == len(rb.procedures)
    rows = re.findall(r'<tr data-rule="([^"]+)"', html)
    assert rows == [r.id for r in rb.all_rules()]
    for r in rb.all_rules():
        assert f"<td>{escape(r.timescale.text)}</td>" in html
    one = next(iter(rb.procedures))
    assert render(fence("rule-table", one)).count("<table") == 1


def test_sources_list_has_every_procedure_and_its_date():
    rb = load()
    html = render(fence("sources", "all"))
    for p in rb.procedures.values():
        assert escape(p.title) in html and escape(p.published) in html
        assert p.document not in html, "readers see a document's name and date, never its file name"
    assert rb.version in html


@pytest.mark.parametrize("source, words", [
    (fence("calculator", "no-such-tool"), "unknown tool 'no-such-tool'"),
    (fence("calculator", ""), "exactly one word"),
    (fence("calculator", "deadlines extra"), "exactly one word"),
    (fence("rule-table", "no-such-procedure"), "unknown procedure 'no-such-procedure'"),
    (fence("sources", "some"), "write 'all'"),
    ('```{.calculator .wide}\ndeadlines\n```\n', "takes no options"),
    ('```{.rule-table #here}\nall\n```\n', "takes no options"),
])
def test_bad_fences_stop_the_build(source, words):
    with pytest.raises(SuperFencesException, match=re.escape(words)):
        render(source)


# ------------------------------------------------------------------ the decision tools

from calculators import outcomes as outcomes_tool  # noqa: E402
from calculators.tools_data import Field, Guidance, Level, Option, Tool  # noqa: E402

DECISION_TOOLS = [slug for slug in load().tools if slug != DEADLINES]


@pytest.fixture()
def small_decision_rulebook(monkeypatch):
    """One tool with one question of every kind, two procedures: one answers, one is silent."""
    real = load()
    first, second = list(real.procedures.values())[:2]
    tool = Tool(
        id="xx-tool", title="A test tool", question="Does the <test> pass?",
        levels=(Level("must", "Must <do>"), Level("info", "What it says")),
        fields=(
            Field("pick", "choice", "Pick <one>", "A hint & more.", (Option("a", "Option <a>", "Hint <a>"), Option("b", "Option b")),
                  required=True),
            Field("ticks", "multi", "Tick some", "", (Option("x", "Box x"), Option("y", "Box y", "Why"))),
            Field("sure", "yes-no", "Are you sure?", required=True),
            Field("maybe", "yes-no", "Perhaps?"),
            Field("count", "whole-number", "How many?", "Count them.", min=0, max=9, required=True),
            Field("day", "date", "Which day?", "ISO, for example 2026-01-02."),
            Field("moment", "datetime", "When exactly?", "When it happened.", required_when=("sure=yes",)),
            Field("words", "text", "In your words", "Stays in the page."),
        ),
        conflicts=(),
    )
    citation = first.rules[0].citation
    item = Guidance("xx-must", "xx-one", "xx-tool", "must", ("sure=yes",), (), (), HOSTILE,
                    dataclasses.replace(citation, document="000_test.txt", section="Section 2", quote="must"),
                    ("A *note*.",), None)
    one = dataclasses.replace(first, id="xx-one", short_title="One (2026)", title="Procedure one", guidance=(item,),
                              checks=(), rules=())
    two = dataclasses.replace(second, id="xx-two", short_title="Two <2026>", title="Procedure two", guidance=(),
                              checks=(), rules=())
    rb = dataclasses.replace(real, version="2099.1.2", date=date(2099, 1, 2), procedures={"xx-one": one, "xx-two": two},
                             tools={"xx-tool": tool})
    monkeypatch.setattr(fence_base, "load", lambda: rb)
    return rb


def test_decision_tool_text_never_becomes_markup(small_decision_rulebook):
    html = render(fence("calculator", "xx-tool"))
    assert "<script>alert" not in html and "<img" not in html
    assert "Option &lt;a&gt;" in html and "Two &lt;2026&gt; (says nothing on this question)" in html
    for body in re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S):
        assert "<" not in body and ">" not in body


def _form(slug: str) -> tuple[str, _Collect]:
    html = render(fence("calculator", slug))
    parsed = _Collect()
    parsed.feed(html)
    return html, parsed


@pytest.mark.parametrize("slug", DECISION_TOOLS)
def test_real_decision_form_is_the_tools_questions(slug):
    rb = load()
    tool = rb.tools[slug]
    html, parsed = _form(slug)
    assert len(parsed.ids) == len(set(parsed.ids)), "duplicate ids in the form"
    tags = parsed.tags
    procedures = [a["value"] for t, a in tags if t == "option" and a.get("value") in {*rb.procedures, "all"}]
    assert procedures == [*rb.procedures, "all"]
    for p in rb.procedures.values():
        silent = not p.guidance_for(slug)
        assert (f'<option value="{p.id}">{escape(p.short_title)} (says nothing on this question)</option>' in html) == silent
    groups = [(a["data-field"], a["data-kind"]) for t, a in tags if t == "div" and "data-field" in a]
    assert groups == [("procedure", "procedure"), *[(f.id, f.kind) for f in tool.fields]]
    for f in tool.fields:
        assert escape(f.label) in html
        if f.hint and f.kind not in ("date", "datetime"):
            assert escape(f.hint) in html
        base = f"{slug}-{f.id}"
        radios = [a["value"] for t, a in tags if t == "input" and a.get("type") == "radio" and a.get("name") == base]
        boxes = [a["value"] for t, a in tags if t == "input" and a.get("type") == "checkbox" and a["id"].startswith(base + "-")]
        optional = [""] if not f.required and not f.required_when else []
        if f.kind == "choice":
            assert radios == [o.id for o in f.options] + optional
        elif f.kind == "yes-no":
            assert radios == ["yes", "no"] + optional
        elif f.kind == "multi":
            assert boxes == [o.id for o in f.options]
        elif f.kind == "whole-number":
            assert f'id="{base}" type="text" inputmode="numeric"' in html
        elif f.kind == "text":
            assert f'<textarea class="sdh-textarea" id="{base}"' in html
        else:
            parts = ["day", "month", "year"] + (["hour", "minute"] if f.kind == "datetime" else [])
            assert all(f'id="{base}-{p}"' in html for p in parts)
        for o in f.options:
            assert f">{escape(o.label)}</label>" in html
            if o.hint:
                assert f">{escape(o.hint)}</div>" in html
    data = json.loads("".join(parsed.data_script))
    assert data["tool"] == slug and data["kind"] == "decision"
    items = [g for p in rb.procedures.values() for g in p.guidance_for(slug)]
    assert set(data["items"]) == {g.id for g in items}
    for g in items:
        assert data["items"][g.id] == {"statement": fence_base.render_markdown(g.statement),
                                       "notes": [fence_base.render_markdown(n) for n in g.notes]}
    assert 'aria-live="polite"' in html and "data-error-summary" in html and escape(tool.question) in html


def test_outcomes_panel_is_what_the_tool_says():
    rb = load()
    html = render(fence("outcomes-panel", "all"))
    sections = re.findall(r'<section class="sdh-outcomes" data-procedure="([^"]+)"', html)
    assert sections == list(rb.procedures)
    for proc in rb.procedures.values():
        [answer] = outcomes_tool.advise(proc.id, {})
        block = html.split(f'data-procedure="{proc.id}"', 1)[1].split("<section", 1)[0]
        rows = re.findall(r'<tr data-item="([^"]+)"', block)
        assert rows == [ln["item"] for ln in answer["lines"] if ln["level"] == "outcome"]
        shown = re.findall(r'<li data-item="([^"]+)"', block)
        assert sorted(shown + rows) == sorted(ln["item"] for ln in answer["lines"])
        for ln in answer["lines"]:
            assert escape(ln["citation"]["section"]) in block
        for note in answer["not_addressed"]:
            assert escape(note) in block
        if answer["silent"]:
            assert escape(answer["silent"]) in block
    one = next(iter(rb.procedures))
    assert render(fence("outcomes-panel", one)).count('<section class="sdh-outcomes"') == 1


@pytest.mark.parametrize("source, words", [
    (fence("outcomes-panel", "nowhere"), "unknown procedure 'nowhere'"),
    (fence("outcomes-panel", "all more"), "exactly one word"),
    ('```{.outcomes-panel .wide}\nall\n```\n', "takes no options"),
])
def test_bad_outcomes_panel_fences_stop_the_build(source, words):
    with pytest.raises(SuperFencesException, match=re.escape(words)):
        render(source)


def test_unknown_tool_names_the_decision_tools_too():
    with pytest.raises(SuperFencesException, match="joint-investigation"):
        render(fence("calculator", "no-such-tool"))
