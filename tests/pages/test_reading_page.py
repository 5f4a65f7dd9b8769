"""The page "How the handbook reads the sources": its anchors, its strengths, and who links to it.

Answers link to its sections by anchor (``build_tools/fences/compare.py`` and the chapters),
so every anchor they use must exist; the strengths it explains are those of
``calculators.strength``, read from there, never typed here.
"""

from __future__ import annotations

import re

import pytest

from build_tools.fences import compare
from calculators import strength
from site_html import ROOT, Page, built_path, nav_section

PAGE = compare.READING_PAGE

#: The conventions the page explains, each under its own anchor (the ids answers link to).
ANCHORS = ["outer-limits", "earliest-governs", "earlier-clocks", "start-points", "strength", "scope", "unclear-days"]


@pytest.fixture(scope="module")
def page(built_site) -> Page:
    return Page(built_path(built_site, PAGE))


def test_it_is_in_the_home_section_of_the_nav():
    assert PAGE in nav_section("Home")


def test_every_convention_has_its_anchor(page):
    missing = [a for a in ANCHORS if a not in page.ids]
    assert not missing, f"{PAGE} lacks the anchors {missing}"


def test_every_anchor_linked_from_the_code_or_the_pages_exists(page):
    used = set(re.findall(r'READING_PAGE \+ "#([\w-]+)"', (ROOT / "build_tools" / "fences" / "compare.py").read_text()))
    for md in (ROOT / "docs").rglob("*.md"):
        used |= set(re.findall(r"reading-the-sources\.md#([\w-]+)", md.read_text(encoding="utf-8")))
    missing = sorted(used - set(page.ids))
    assert not missing, f"links to {PAGE} name anchors it does not have: {missing}"


def test_it_explains_every_strength_the_rulebook_uses(page):
    terms = [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r"<dt>(.*?)</dt>", page.html, re.S)]
    assert terms == [strength.short(s) for s in strength.STRENGTHS], terms


def test_every_convention_has_an_example(page):
    """Each section shows a worked answer or cites a source for its example."""
    sections = re.split(r'<h2 id="', page.html)[1:]
    for section in sections:
        anchor = section.split('"', 1)[0]
        text = re.sub(r"<[^>]+>", " ", section)
        assert 'class="sdh-answer' in section or re.search(r"\b(19|20)\d\d, ", text), anchor


@pytest.mark.parametrize("source", ["index.md", "timing.md"])
def test_the_home_page_and_the_timing_chapter_link_to_it(built_site, source):
    links = Page(built_path(built_site, source)).links
    assert any("reading-the-sources/" in href for href in links), f"{source} does not link to {PAGE}"
