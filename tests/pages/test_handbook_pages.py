"""The reading pages' fences (build_tools/fences/reading.py and compare.py).

Golden tests: a small, fixed rulebook (made from the real one with every shown field
replaced, two procedures, one of them silent) renders each `golden/<name>.md` through
Python-Markdown + SuperFences into exactly `golden/<name>.html`. Other tests check that text from
the rulebook can never become markup, that every wrong fence stops the build, and that
links are written relative to the page under MkDocs and fail for a missing page.

Refresh the golden files after a deliberate change with
`SDH_UPDATE_GOLDEN=1 .venv-site/bin/python -m pytest tests/pages` and read the diff.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import markdown
import pytest
from pymdownx.superfences import SuperFencesException

from build_tools import fences
from build_tools.fences import base as fence_base, reading
from build_tools.fences.base import Links
from calculators.rulebook import load
from fence_support import check_golden, fence, render, small_vocabulary

GOLDEN = Path(__file__).with_name("golden")
HOSTILE = 'Act <script>alert("x")</script> now & <img src=x onerror=alert(1)> [link](javascript:alert(1))'
AT = "2026-12-24T16:30"


@pytest.fixture()
def small_rulebook(monkeypatch):
    """Two procedures (one says nothing), three rules, two guidance items, fixed words."""
    real = load()
    proc = real.procedures["practice-standards-2025"]
    base = proc.rule("ps-convene-3-working-days")
    events, circumstances = small_vocabulary(real)
    cite = dataclasses.replace(base.citation, document="000_test.txt", section="Part 1, paragraph 2",
                               quote="within 2 working days")
    general = dataclasses.replace(
        base, id="xx-general", procedure="xx-proc", duty="hold-strategy-discussion", topic="timing",
        statement="Hold it within **2 working days**.", events=("ev-one",), circumstances=(), supersedes=(),
        timescale=dataclasses.replace(base.timescale, amount=2, unit="working-days", text="within 2 working days"),
        citation=cite, notes=("A note with `code`.",), examples=(),
    )
    same_day = dataclasses.replace(
        general, id="xx-same-day", statement="Hold it the same day.", circumstances=("circ-one",),
        supersedes=("xx-general",), notes=(),
        timescale=dataclasses.replace(base.timescale, amount=None, unit="same-day", text="the same day"),
    )
    hostile = dataclasses.replace(
        general, id="xx-hostile", duty="circulate-record", topic="recording", statement=HOSTILE,
        events=("ev-two",), notes=(),
        timescale=dataclasses.replace(base.timescale, amount=None, unit="none", text="as soon as <possible>"),
    )
    g = proc.guidance_for("attendance")[0]
    minimum = dataclasses.replace(g, id="xx-at-minimum", procedure="xx-proc", level="minimum", when=(), when_any=(),
                                  unless=(), statement="The police.", citation=cite, notes=())
    hostile_g = dataclasses.replace(minimum, id="xx-at-hostile", level="add", when=("facts=child-in-hospital",),
                                    unless=("age-group=unborn",), statement=HOSTILE, notes=("A *note*.",))
    xx = dataclasses.replace(
        proc, id="xx-proc", title="Test procedure <one>", short_title="Test (2026)", publisher="A & B board",
        published="May 2026", document="000_test.txt", description="What it is.", status="How current it is.",
        amendments="Amended once.", in_force_from=None, rules=(general, same_day, hostile),
        guidance=(minimum, hostile_g), checks=(), not_timescales=(),
    )
    yy = dataclasses.replace(xx, id="yy-proc", title="Silent procedure", short_title="Silent (2020)",
                             document="001_test.txt", amendments="", rules=(), guidance=())
    rb = dataclasses.replace(real, version="2099.1.2", events=events, circumstances=circumstances,
                             procedures={"xx-proc": xx, "yy-proc": yy})
    monkeypatch.setattr(fence_base, "load", lambda: rb)
    return rb


GOLDEN_CASES = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(GOLDEN.glob("*.md"))]


@pytest.mark.parametrize("name, source", GOLDEN_CASES)
def test_golden(small_rulebook, name, source):
    check_golden(GOLDEN / f"{name}.html", render(source))


@pytest.mark.parametrize("name, source", GOLDEN_CASES)
def test_rulebook_text_never_becomes_markup(small_rulebook, name, source):
    html = render(source)
    assert "<script" not in html and "<img" not in html and "<b>" not in html and "javascript:" not in html.replace(
        "[link](javascript:", "")
    if name in ("topic-rules-timing", "compare-timescales", "answer"):
        assert "<strong>2 working days</strong>" in html or "the same day" in html


def test_hostile_rule_and_guidance_are_escaped(small_rulebook):
    html = render(fence("procedure", "xx-proc"))
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "as soon as &lt;possible&gt;" in html
    assert "Test procedure &lt;one&gt;" in html and "A &amp; B board" in html


def test_a_stricter_rule_governs_and_the_general_one_stays_as_fallback(small_rulebook):
    html = render(fence("answer", f"duty=hold-strategy-discussion event=ev-one at={AT} circumstances=circ-one"))
    assert 'data-rule="xx-same-day" data-role="governs"' in html
    assert 'data-rule="xx-general" data-role="also-applies"' in html
    assert html.index('data-rule="xx-same-day"') < html.index('data-rule="xx-general"')
    assert "still applies as the fallback" in html
    assert 'data-due="2026-12-24"' in html
    assert "Silent (2020) sets no timescale for this from this event." in html


BAD = [
    ("topic-rules", "nope"),
    ("topic-rules", ""),
    ("topic-rules", "procedure=xx-proc"),
    ("topic-rules", "timing colour=red"),
    ("topic-rules", "timing procedure=nope"),
    ("topic-rules", "timing procedure"),
    ("topic-rules", "timing procedure=xx-proc procedure=yy-proc"),
    ("guidance", "nope"),
    ("guidance", "attendance level=nope"),
    ("guidance", "attendance level=minimum,minimum"),
    ("guidance", "attendance at=2026-12-24T16:30"),
    ("procedure", "nope"),
    ("procedure", "xx-proc extra=1"),
    ("compare", "nope"),
    ("compare", "timescales"),
    ("compare", "timescales at=24/12/2026"),
    ("compare", "timescales at=2026-02-31T10:00"),
    ("compare", "timescales at=2009-12-24T10:00"),
    ("compare", "attendance at=2026-12-24T16:30"),
    ("compare", "attendance level=nope"),
    ("answer", f"duty=nope event=ev-one at={AT}"),
    ("answer", f"duty=hold-strategy-discussion event=nope at={AT}"),
    ("answer", f"duty=hold-strategy-discussion event=ev-one at={AT} circumstances=nope"),
    ("answer", f"event=ev-one at={AT}"),
    ("answer", "duty=hold-strategy-discussion event=ev-one"),
    ("answer", f"hold-strategy-discussion event=ev-one at={AT}"),
]


@pytest.mark.parametrize("name, body", BAD)
def test_a_wrong_fence_stops_the_build(small_rulebook, name, body):
    with pytest.raises(SuperFencesException, match=f"^```{name}: "):
        render(fence(name, body))


def test_options_on_the_fence_line_stop_the_build(small_rulebook):
    formatter = fences.topic_rules_fence
    with pytest.raises(SuperFencesException):
        formatter("timing", "topic-rules", "topic-rules", {"title": "x"}, None)
    with pytest.raises(SuperFencesException):
        formatter("timing", "topic-rules", "topic-rules", {}, None, classes=["wide"])


def test_every_topic_and_tool_has_a_page(small_rulebook):
    rb = small_rulebook
    reading.check_maps(rb)
    odd = dataclasses.replace(rb.procedures["xx-proc"].rules[0], topic="astrology")
    bad = dataclasses.replace(rb, procedures={"xx-proc": dataclasses.replace(rb.procedures["xx-proc"], rules=(odd,))})
    with pytest.raises(SuperFencesException, match="astrology"):
        reading.check_maps(bad)


def test_the_real_rulebook_is_fully_mapped():
    rb = load()
    reading.check_maps(rb)
    assert all(reading.tool_page(rb, slug) for slug in rb.tools)
    assert {r.topic for r in rb.all_rules()} <= set(reading.TOPIC_PAGES) == set(reading.TOPIC_TITLES)


class _Relpath:
    """Stands in for MkDocs' "relpath" tree processor: the page and the site's files."""

    def __init__(self, here, files):
        self.file, self.files = here, files

    def run(self, root):
        return root


def _mkdocs_md(src: str, known: list[str], tmp_path: Path) -> markdown.Markdown:
    from mkdocs.structure.files import File, Files

    files = Files([File(p, str(tmp_path), str(tmp_path / "site"), use_directory_urls=True) for p in known])
    md = markdown.Markdown(
        extensions=["pymdownx.superfences"],
        extension_configs={"pymdownx.superfences": {"custom_fences": fences.custom_fences()}},
    )
    md.treeprocessors.register(_Relpath(files.get_file_from_path(src), files), "relpath", 0)
    return md


def test_links_are_relative_to_the_page_under_mkdocs(small_rulebook, tmp_path):
    pages = ["procedures/xx-proc.md", "timing.md", "recording.md", "attendance.md", "index.md"]
    md = _mkdocs_md("procedures/xx-proc.md", pages, tmp_path)
    assert Links(md, "procedure").href("timing.md") == "../../timing/"
    assert Links(md, "procedure").href("index.md#top") == "../../#top"
    html = render(fence("procedure", "xx-proc"), md)
    assert '<a href="../../timing/">Timing: when is it due?</a>' in html
    assert '<a href="../../attendance/">Who attends and who chairs</a>' in html


def test_a_link_to_a_missing_page_stops_the_build(small_rulebook, tmp_path):
    md = _mkdocs_md("procedures/xx-proc.md", ["procedures/xx-proc.md", "timing.md"], tmp_path)
    with pytest.raises(SuperFencesException, match="recording.md, which is not a page of the site"):
        render(fence("procedure", "xx-proc"), md)


@pytest.mark.parametrize("procedure, event, circumstances", [
    ("practice-standards-2025", "referral-received", ["serious-harm", "complex"]),
    ("practice-standards-2025", "emergency-action", []),
    ("peterborough-2012", "referral-received", []),
])
def test_quick_answers_show_the_engines_governing_limit_first(procedure, event, circumstances):
    # The same facts through the `answer` fence and the engine: one governing limit.
    from calculators.deadlines import deadlines
    from calculators.governing import governing_for

    [answer] = deadlines(procedure, event, AT, circumstances)
    g = governing_for(answer, "hold-strategy-discussion")
    body = f"duty=hold-strategy-discussion event={event} at={AT} procedure={procedure}"
    if circumstances:
        body += " circumstances=" + ",".join(circumstances)
    html = render(fence("answer", body))
    from html import escape
    assert escape(g["headline"], quote=False) in html
    first_row = html.index("<tbody>")
    assert html.index(f'data-rule="{g["governs"]}" data-role="governs"') > first_row
    if 'data-role="also-applies"' in html:
        assert html.index('data-role="governs"') < html.index('data-role="also-applies"')
