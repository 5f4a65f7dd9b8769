"""The worked example of docs/adding-a-procedure.md, built as a site: the template saved as a
new partnership's file gets its own page and nav entry and a column in every compare page,
with no page or config written by hand (build_tools/procedure_pages.py)."""

from __future__ import annotations

import re

import pytest

from added_procedure import NEW_ID, rulebook_with_template
from build_tools.procedure_pages import SECTION, build_pages, page_path
from calculators.rulebook import load, load_from
from site_html import Page, built_path, plain


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    """(the copy of the rulebook, the site built from it)."""
    folder = tmp_path_factory.mktemp("added")
    book = rulebook_with_template(folder)
    done = build_pages(folder / "site", folder / "work", rulebook_dir=book)
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stdout}\n{done.stderr}"
    return book, folder / "site"


def test_it_has_its_own_page_written_from_its_file(added):
    book, site = added
    proc = load_from(book).procedures[NEW_ID]
    page = Page(built_path(site, page_path(NEW_ID)))
    assert plain(re.search(r"<h1[^>]*>(.*?)</h1>", page.html, re.S).group(1)).startswith(proc.short_title)
    assert proc.introduction.split(".")[0] in page.text
    assert proc.rules[0].citation.section in page.text


def test_it_is_in_the_nav_after_the_others_in_its_order(added):
    book, site = added
    # Its own page: the nav is pruned to the section a page is in (navigation.prune).
    html = built_path(site, page_path(NEW_ID)).read_text(encoding="utf-8")
    html = html[html.index("md-nav--primary"):html.index('class="md-content"')]
    titles = [p.short_title for p in load_from(book).procedures.values()]
    positions = [html.find(t) for t in titles]
    assert all(p > 0 for p in positions), dict(zip(titles, positions))
    assert positions == sorted(positions), f"{SECTION} nav out of order: {titles}"
    assert titles[-1] == load_from(book).procedures[NEW_ID].short_title
    assert len(titles) == len(load().procedures) + 1


@pytest.mark.parametrize("page", ["compare/timescales.md", "compare/attendance.md", "compare/outcomes.md"])
def test_it_has_a_column_in_every_compare_page(added, page):
    _, site = added
    assert f'data-procedure="{NEW_ID}"' in built_path(site, page).read_text(encoding="utf-8")
