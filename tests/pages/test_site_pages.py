"""The built pages: every rule and piece of guidance where it belongs, sources cited, search,
links, print and abbreviations.

Reads the site built by the ``built_site`` fixture (``mkdocs build --strict``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from build_tools.fences import reading
from build_tools.fences.base import render_markdown
from calculators.rulebook import load

from site_html import ROOT, Page, built_path, nav, nav_section, plain

SOURCES = ROOT.parent / "shared" / "sources"
COPYCHECK = ROOT.parent / "shared" / "tools" / "copycheck.py"

#: The chapters whose text this project writes (the tool pages have their own tests).
OWN_CHAPTERS = ["when-needed.md", "purpose.md", "timing.md", "the-discussion.md", "recording.md",
                "section-47.md", "hospital.md", "audit-lessons.md"]


@pytest.fixture(scope="module")
def rb():
    return load()


@pytest.fixture(scope="module")
def pages(built_site):
    return {p: Page(built_path(built_site, p)) for p in _all_pages()}


def _all_pages() -> list[str]:
    out = []

    def walk(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            else:
                out.append(value)
    walk(nav())
    return out


def test_nav_is_by_topic(rb):
    top = [next(iter(e)) if isinstance(e, dict) else e for e in nav()]
    # The reading sections first, in this order (other sections, such as training, may follow).
    assert top[:6] == ["Home", "Chapters", "Procedures", "Compare", "Glossary", "Quick answers"]
    assert nav_section("Procedures") == [f"procedures/{pid}.md" for pid in rb.procedures]
    assert nav_section("Compare") == ["compare/timescales.md", "compare/attendance.md", "compare/outcomes.md"]
    chapters = nav_section("Chapters")
    for page in OWN_CHAPTERS + [page for page, _ in reading.TOOL_PAGES.values()]:
        assert page in chapters, page
    for topic, targets in reading.TOPIC_PAGES.items():
        assert targets[0][0] in chapters, topic


def _placed(rb, pages, kind):
    """Each rule (``kind="rules"``) or guidance item (``"guidance"``): whether its procedure's page
    holds it, by id and ``data-`` attribute, and the chapters that hold it."""
    chapters = nav_section("Chapters")
    for proc in rb.procedures.values():
        own = pages[f"procedures/{proc.id}.md"]
        for item in getattr(proc, kind):
            on_own = item.id in getattr(own, f"data_{kind}") and item.id in own.ids
            yield item, on_own, [c for c in chapters if item.id in getattr(pages[c], f"data_{kind}")]


def test_every_rule_is_on_its_topics_chapter_and_on_its_procedure_page(rb, pages):
    for rule, on_own, where in _placed(rb, pages, "rules"):
        assert on_own, f"rule {rule.id} is not on its procedure's page"
        assert where, f"rule {rule.id} is on no chapter page"
        assert any(page in where for page, _ in reading.TOPIC_PAGES[rule.topic]), \
            f"rule {rule.id} is not on its topic's chapter"


def test_every_guidance_item_is_on_a_chapter_and_on_its_procedure_page(rb, pages):
    for g, on_own, where in _placed(rb, pages, "guidance"):
        assert on_own, f"guidance {g.id} is not on its procedure's page"
        assert where, f"guidance {g.id} is on no chapter page"


def test_procedure_pages_give_the_document_and_its_status(rb, pages):
    for proc in rb.procedures.values():
        text = pages[f"procedures/{proc.id}.md"].text
        for fact in (proc.title, proc.publisher, proc.published, proc.status, proc.amendments):
            assert plain(fact) in text, (proc.id, fact)
        assert proc.document not in text, f"{proc.id}: the page shows the storage file name {proc.document}"
        assert "check your own partnership's current version" in text


def test_procedure_pages_link_each_item_to_where_it_is_discussed(rb, pages, built_site):
    for proc in rb.procedures.values():
        page = pages[f"procedures/{proc.id}.md"]
        for rule in proc.rules:
            row = re.search(rf'<tr id="{re.escape(rule.id)}".*?</tr>', page.html, re.S).group(0)
            target = built_path(built_site, reading.TOPIC_PAGES[rule.topic][0][0]).parent.name
            assert f'href="../../{target}/"' in row, (rule.id, target)
        for g in proc.guidance:
            row = re.search(rf'<tr id="{re.escape(g.id)}".*?</tr>', page.html, re.S).group(0)
            target = built_path(built_site, reading.TOOL_PAGES[g.tool][0]).parent.name
            assert f'href="../../{target}/"' in row, (g.id, target)


def test_every_chapter_cites_a_source(rb, pages):
    from test_source_coverage import citation_markers

    markers = [m for proc in rb.procedures.values() for m in citation_markers(proc.short_title)]
    for chapter in nav_section("Chapters"):
        assert any(m in pages[chapter].text for m in markers), f"{chapter} cites no source"


def test_no_reading_page_shows_a_storage_file_name(pages):
    """The built reading pages (fences included) name documents, never their files. The
    training cases are left out here: their words come from scenarios/, not from these pages."""
    names = [p.name for p in SOURCES.glob("*.txt")]
    found = [f"{page}: {n}" for page, built in pages.items() if not page.startswith("training/")
             for n in names if n in built.text]
    assert not found, "storage file names on built pages:\n" + "\n".join(found)


def test_no_page_written_by_hand_shows_a_storage_file_name():
    """Readers see a document's name and date with its section, never its file name."""
    names = [p.name for p in SOURCES.glob("*.txt")]
    assert names
    found = [f"{md.relative_to(ROOT)}: {n}" for md in sorted((ROOT / "docs").rglob("*.md"))
             for n in names if n in md.read_text(encoding="utf-8")]
    assert not found, "storage file names in the pages' Markdown:\n" + "\n".join(found)


def test_own_chapters_say_where_the_procedures_differ(pages):
    for chapter in OWN_CHAPTERS:
        assert re.search(r'class="admonition abstract"[^>]*>\s*<p class="admonition-title">Where the '
                         r"(procedures|bulletin and the procedures) differ", pages[chapter].html), chapter


def test_search_finds_every_rule_by_its_plain_words(rb, built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = plain(" ".join(doc["text"] for doc in index["docs"]))
    for rule in rb.all_rules():
        assert plain(render_markdown(rule.statement)) in text, rule.id
    for proc in rb.procedures.values():
        for g in proc.guidance:
            assert plain(render_markdown(g.statement)) in text, g.id


def _html_pages(site: Path):
    return [p for p in site.rglob("*.html") if p.name != "404.html"]


def test_every_link_and_anchor_resolves(built_site):
    problems = []
    cache: dict[Path, Page] = {}
    for path in _html_pages(built_site):
        page = cache.setdefault(path, Page(path))
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                problems.append(f"{path.relative_to(built_site)}: external link {href}")
                continue
            if parts.path:
                target = (path.parent / unquote(parts.path)).resolve()
                if parts.path.endswith("/") or target.is_dir():
                    target = target / "index.html"
            else:
                target = path
            if not target.exists():
                problems.append(f"{path.relative_to(built_site)}: {href} -> missing {target}")
                continue
            if parts.fragment and target.suffix == ".html":
                other = cache.setdefault(target, Page(target))
                if unquote(parts.fragment) not in other.ids:
                    problems.append(f"{path.relative_to(built_site)}: {href} -> no anchor #{parts.fragment}")
    assert not problems, "\n".join(problems)


def test_no_page_repeats_an_id(built_site):
    for path in _html_pages(built_site):
        ids = Page(path).ids
        twice = sorted({i for i in ids if ids.count(i) > 1})
        assert not twice, f"{path.relative_to(built_site)}: ids used twice: {twice}"


def test_every_page_has_the_print_stylesheet(built_site):
    css = (ROOT / "docs" / "print" / "print.css").read_text(encoding="utf-8")
    assert "@media print" in css
    for hidden in (".md-header", ".md-sidebar", ".md-footer", ".md-search", ".md-tabs"):
        assert hidden in css, hidden
    assert 'content: " (" attr(href) ")"' in css
    assert (built_site / "print" / "print.css").read_text(encoding="utf-8") == css
    for path in _html_pages(built_site):
        assert any(s.endswith("print/print.css") for s in Page(path).stylesheets), path


def test_each_page_loads_only_the_scripts_it_uses(built_site):
    """The tools' script only where a tool is, the training script only on a case's page; the
    offline copy's registration everywhere (build_tools/theme/main.html, mkdocs.yml)."""
    script = re.compile(r'<script[^>]*\bsrc="([^"]+\.mjs|[^"]+/tool-start\.js)"')
    seen = {"tool": 0, "case": 0, "other": 0}
    for path in _html_pages(built_site):
        text = path.read_text(encoding="utf-8")
        names = sorted(src.rsplit("/", 1)[-1] for src in script.findall(text))
        kind = ("tool" if 'class="sdh-tool" data-tool="' in text
                else "case" if 'class="sdh-training" data-scenario="' in text else "other")
        expected = {"tool": ["register-sw.mjs", "tool-start.js", "tool.mjs"], "case": ["register-sw.mjs", "training.mjs"],
                    "other": ["register-sw.mjs"]}[kind]
        assert names == expected, f"{path.relative_to(built_site)} ({kind}): {names}"
        seen[kind] += 1
    assert all(seen.values()), seen


def test_glossary_terms_are_marked_where_used(built_site, pages):
    assert not (built_site / "includes").exists(), "the abbreviations file must not be a page"
    text = (ROOT / "docs" / "includes" / "abbreviations.md").read_text(encoding="utf-8")
    terms = re.findall(r"^\*\[([^\]]+)\]: (.+)$", text, re.M)
    assert len(terms) >= 30
    glossary = pages["glossary.md"].text
    for term, _ in terms:
        # Every abbreviation is explained on the glossary page as well.
        assert term.lower() in glossary.lower(), term
    when = pages["when-needed.md"].html
    assert '<abbr title="Multi Agency Safeguarding Hub">MASH</abbr>' in when
    assert re.search(r'<abbr title="[^"]+">significant harm</abbr>', when)


def test_copycheck_finds_nothing_in_docs():
    if not COPYCHECK.exists():
        pytest.skip("../shared/tools/copycheck.py is not beside this checkout")
    done = subprocess.run([sys.executable, str(COPYCHECK), "docs"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
