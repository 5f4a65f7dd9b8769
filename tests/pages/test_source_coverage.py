"""Every numbered section or heading of every source is covered by a page that cites it.

Heading-like lines are found in each source's text by these rules (after removing
``[bookmark: ...]`` markers and a bullet before a number, and collapsing spaces):

- a numbered line: ``1.``, ``1.3``, ``4.8 Other:``, ``1.2.10 ...`` (a number, then a space or the end);
- a lettered line: ``A) Attendance ...``;
- a label line: one capitalised word and a colon, then text (``What: ...``, ``Date: ...``);
- a short line: at most eight words, starting with a capital, not ending in ``.`` ``,`` ``;``
  and not a bullet (this catches the unnumbered headings, and some list lines with them);
- a question of at most twelve words.

Each must match an entry of ``source_coverage.toml`` (see its header), every entry must match
something in its source, and the page an entry names must exist, be built, cite the source
by its name and date (``citation_markers``: "Peterborough 2012" in the chapters' prose, or
"Peterborough (2012)" as the fences write it; never the storage file name, which means
nothing to a reader) and show the entry's ``cite`` in the citation after that name.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from build_tools.procedure_pages import page_path
from calculators.rulebook import load
from site_html import ROOT, Page, built_path

SOURCES = ROOT.parent / "shared" / "sources"
DATA = Path(__file__).with_name("source_coverage.toml")
KINDS = {"heading", "paragraph", "list", "title", "ignore"}


def citation_markers(short_title: str) -> list[str]:
    """How a page names a source in a citation: the fences' "Peterborough (2012)" and the
    chapters' "Peterborough 2012" (the procedure's ``short_title`` without its brackets)."""
    return [short_title, re.sub(r"\s*\((\d{4})\)$", r" \1", short_title)]

_NUM = re.compile(r"^(\d+(?:\.\d+)*)\.?(?:\s|$)")
_LETTER = re.compile(r"^[A-Z]\)\s")
_LABEL = re.compile(r"^[A-Z][a-z]+:\s")
_BULLET = re.compile(r"^[-•·]\s+")


def normalise(text: str) -> str:
    text = re.sub(r"\[bookmark:[^\]]*\]", "", text).replace("’", "'").replace("‘", "'")
    text = text.strip()
    unbulleted = _BULLET.sub("", text)
    if _NUM.match(unbulleted):
        text = unbulleted
    return re.sub(r"\s+", " ", text)


def candidates(text: str) -> list[tuple[int, str]]:
    """Heading-like lines (line number, normalised text), by the rules in the docstring."""
    found = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = normalise(raw)
        if not line:
            continue
        words = line.split()
        if _NUM.match(line) or _LETTER.match(line) or _LABEL.match(line):
            found.append((n, line))
        elif line[0] in "·•-<":
            continue
        elif len(words) <= 8 and line[0].isupper() and not re.search(r"[.,;]$", line):
            found.append((n, line))
        elif line.endswith("?") and len(words) <= 12:
            found.append((n, line))
    return found


def _matches(entry: str, line: str) -> bool:
    e, l_ = normalise(entry).lower(), line.lower()
    return l_.startswith(e) and (len(l_) == len(e) or not l_[len(e)].isalnum())


def best(entries: list[dict], line: str) -> dict | None:
    hits = [e for e in entries if _matches(e["text"], line)]
    return max(hits, key=lambda e: len(e["text"])) if hits else None


@pytest.fixture(scope="module")
def data():
    return tomllib.loads(DATA.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site_pages(built_site):
    cache: dict[str, Page] = {}
    generated = {page_path(pid) for pid in load().procedures}

    def get(page: str) -> Page:
        if page not in cache:
            path = built_path(built_site, page)
            assert (ROOT / "docs" / page).exists() or page in generated, f"{page} is neither in docs/ nor a procedure's page"
            assert path.exists(), f"{page} was not built"
            cache[page] = Page(path)
        return cache[page]
    return get


def test_every_source_is_listed(data):
    listed = [s["file"] for s in data["source"]]
    assert sorted(listed) == sorted(p.name for p in SOURCES.glob("*.txt"))
    rb = load()
    for s in data["source"]:
        assert rb.procedures[s["procedure"]].document == s["file"]


def test_entries_are_well_formed(data):
    for s in data["source"]:
        for e in s["heading"]:
            assert set(e) <= {"text", "kind", "page", "cite", "why"}, e
            assert e["kind"] in KINDS, e
            if e["kind"] == "ignore":
                assert e.get("why") and "page" not in e, e
            else:
                assert e.get("page"), e
        for p in s.get("passage", []):
            assert set(p) <= {"text", "page", "cite"} and p.get("page"), p


def test_every_heading_of_every_source_is_mapped(data):
    missing = []
    for s in data["source"]:
        text = (SOURCES / s["file"]).read_text(encoding="utf-8")
        for n, line in candidates(text):
            if best(s["heading"], line) is None:
                missing.append(f"{s['file']} line {n}: {line[:80]!r}")
    assert not missing, "headings with no page in source_coverage.toml:\n" + "\n".join(missing)


def test_no_entry_is_stale(data):
    stale = []
    for s in data["source"]:
        text = (SOURCES / s["file"]).read_text(encoding="utf-8")
        lines = [line for _, line in candidates(text)]
        for e in s["heading"]:
            if not any(best(s["heading"], line) is e for line in lines):
                stale.append(f"{s['file']}: heading {e['text']!r} matches no heading line")
        all_lines = [_BULLET.sub("", normalise(x)) for x in text.splitlines()]
        for p in s.get("passage", []):
            if not any(_matches(p["text"], line) for line in all_lines):
                stale.append(f"{s['file']}: passage {p['text']!r} is not in the source")
    assert not stale, "\n".join(stale)


def test_each_mapped_page_cites_the_source_there(data, site_pages):
    rb = load()
    problems = []
    for s in data["source"]:
        markers = citation_markers(rb.procedures[s["procedure"]].short_title)
        for e in [*s["heading"], *s.get("passage", [])]:
            if e.get("kind") == "ignore":
                continue
            text = site_pages(e["page"]).text
            spots = [m.end() for mk in markers for m in re.finditer(re.escape(mk), text)]
            if not spots:
                problems.append(f"{e['page']} does not cite {markers[1]} ({e['text']!r})")
            elif e.get("cite") and not any(e["cite"] in text[i:i + 250] for i in spots):
                problems.append(f"{e['page']} cites {markers[1]} but never with {e['cite']!r} ({e['text']!r})")
    assert not problems, "\n".join(problems)


def test_the_audit_case_outlines_are_all_summarised(data):
    glos = next(s for s in data["source"] if s["file"] == "004_2e9c75e0f4d17dc5.txt")
    assert len(glos["passage"]) == 4
    text = (ROOT / "docs" / "audit-lessons.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^### Case outline \d", text, re.M)) == 4


def test_a_missing_heading_is_caught():
    """The finder sees a new numbered section, a new short heading and a new question."""
    text = "7.4 A new paragraph about something\nA New Heading\nIs this a question?\n"
    lines = [line for _, line in candidates(text)]
    assert lines == ["7.4 A new paragraph about something", "A New Heading", "Is this a question?"]
    assert best([{"text": "7.4"}], "7.4 A new paragraph") is not None
    assert best([{"text": "7.4"}], "7.41 Another") is None
    assert best([{"text": "1."}], "1.1 Sub") is None
