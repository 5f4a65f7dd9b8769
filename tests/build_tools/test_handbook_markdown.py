"""The Markdown extension that writes the tools' forms and the rule tables.

Golden tests: a fixed, small rulebook (made from the real one with every shown field
replaced) rendered through Python-Markdown + SuperFences must give exactly the HTML in
`golden/`. Other tests check the real rulebook's form fragment by fragment, that text
from the rulebook can never become markup, and that bad fences stop the build.

Refresh the golden files after a deliberate change with
`SDH_UPDATE_GOLDEN=1 .venv-site/bin/python -m pytest tests/build_tools` and read the diff.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from datetime import date
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from pymdownx.superfences import SuperFencesException

from build_tools import handbook_markdown as hm
from calculators.rulebook import load

GOLDEN = Path(__file__).with_name("golden")
HOSTILE = 'Act <script>alert("x")</script> now & <img src=x onerror=alert(1)> [link](javascript:alert(1)) </script>'


def render(text: str) -> str:
    md = markdown.Markdown(
        extensions=["pymdownx.superfences"],
        extension_configs={"pymdownx.superfences": {"custom_fences": hm.custom_fences()}},
    )
    return md.convert(text)


def fence(name: str, body: str) -> str:
    return f"```{name}\n{body}\n```\n"


@pytest.fixture()
def small_rulebook(monkeypatch):
    """One procedure, two rules, two events, one circumstance: every shown field fixed."""
    real = load()
    proc = next(iter(real.procedures.values()))
    rule = proc.rules[0]
    ev = next(iter(real.events.values()))
    circ = next(iter(real.circumstances.values()))
    events = {
        "ev-one": dataclasses.replace(ev, id="ev-one", label="The first event <b>happened</b>", hint="Hint & more."),
        "ev-two": dataclasses.replace(ev, id="ev-two", label="The second event", hint="Another hint."),
    }
    circumstances = {
        "circ-one": dataclasses.replace(circ, id="circ-one", label="A circumstance", hint="It matters."),
    }
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
    monkeypatch.setattr(hm, "load", lambda: rb)
    return rb


@pytest.mark.parametrize("name, source", [
    ("calculator-deadlines", fence("calculator", "deadlines")),
    ("rule-table-all", fence("rule-table", "all")),
    ("sources-all", fence("sources", "all")),
])
def test_golden(small_rulebook, name, source):
    html = render(source)
    path = GOLDEN / f"{name}.html"
    pretty = html.replace("><", ">\n<") + "\n"
    if os.environ.get("SDH_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(pretty, encoding="utf-8")
    assert pretty == path.read_text(encoding="utf-8")


def test_markdown_is_rendered_without_raw_html():
    assert hm.render_markdown("Send it *today*, to `all`.") == "<p>Send it <em>today</em>, to <code>all</code>.</p>"
    out = hm.render_markdown(HOSTILE)
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
    assert options == [*rb.procedures, "all"]
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
    assert data["rulebook"] == {"version": rb.version, "date": rb.date.isoformat(), "date_text": hm.long_date(rb.date)}
    assert set(data["rules"]) == {r.id for r in rb.all_rules()}
    for r in rb.all_rules():
        assert data["rules"][r.id]["statement"] == hm.render_markdown(r.statement)
        assert data["rules"][r.id]["notes"] == [hm.render_markdown(n) for n in r.notes]
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
        assert escape(p.title) in html and escape(p.published) in html and p.document in html
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
