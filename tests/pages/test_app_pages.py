"""The pages of issue 16's items 4, 7, 8 and 9 as built: Sources, What's new, each procedure's
amendment notes and changes, the version at the foot of every page, the manifest and icons,
and "How fast and how big" under Home instead of in the top tabs."""

from __future__ import annotations

import json
import re
import struct

import pytest

from build_tools.app_files import ICON_FILES, MANIFEST
from build_tools.procedure_pages import page_path
from build_tools.site_pages import NOT_STATED, site_version
from build_tools.changes import read_changes
from calculators.london_time import long_date
from calculators.rulebook import load
from repo_paths import ROOT
from site_html import Page, built_path, nav, nav_section

STORAGE_NAME = re.compile(r"\b\d{3}_[0-9a-f]{16}\b")


def test_sources_whats_new_and_performance_are_under_home_not_in_the_tabs():
    home = nav_section("Home")
    assert {"sources.md", "whats-new.md", "performance.md"} <= set(home)
    tops = [next(iter(e)) if isinstance(e, dict) else e for e in nav()]
    assert "How fast and how big" not in tops


def test_the_sources_page_names_each_document_by_title_publisher_and_date(built_site):
    page = Page(built_path(built_site, "sources.md"))
    for proc in load().procedures.values():
        assert proc.id in page.ids
        for words in (proc.short_title, proc.title, proc.published, proc.status):
            assert words in page.text, words
        assert f"../{page_path(proc.id)[:-3]}/" in page.links
    assert "Published by a local authority's" in page.text
    assert "ask your partnership's safeguarding team" in page.text


def test_whats_new_lists_every_change_with_its_date(built_site):
    page = Page(built_path(built_site, "whats-new.md"))
    for change in read_changes(ROOT / "procedures" / "changes.toml"):
        assert f"{long_date(change.date)}. {change.what}" in page.text
    assert site_version().version in page.text


@pytest.mark.parametrize("pid", list(load().procedures))
def test_each_procedure_page_shows_its_amendment_notes_and_the_handbooks_changes(built_site, pid):
    proc = load().procedures[pid]
    page = Page(built_path(built_site, page_path(pid)))
    assert re.search(r"Amendment notes ?" + re.escape(proc.amendments or NOT_STATED), page.text)
    assert "Changes in the handbook" in page.text
    mine = [c for c in read_changes(ROOT / "procedures" / "changes.toml") if pid in c.procedures]
    for change in mine:
        assert change.what in page.text


def test_no_page_shows_a_storage_file_name(built_site):
    for path in built_site.rglob("*.html"):
        found = STORAGE_NAME.search(path.read_text(encoding="utf-8"))
        assert not found, f"{path.relative_to(built_site)}: {found.group(0)}"


def test_every_page_shows_the_version_and_links_the_manifest(built_site):
    version = site_version().version
    for path in built_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        if "<html" not in html:
            continue
        assert f'data-handbook-version="{version}"' in html, path
        assert re.search(r'<link rel="manifest" href="[./]*site\.webmanifest">', html), path
        assert 'name="theme-color"' in html and 'class="sdh-app-note" role="status"' in html, path


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_the_manifest_has_what_an_installable_app_needs(built_site):
    manifest = json.loads((built_site / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["name"] and manifest["short_name"]
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == (".", ".", "standalone")
    assert manifest["theme_color"].startswith("#") and manifest["background_color"].startswith("#")
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        width, height = _png_size((built_site / icon["src"]).read_bytes())
        assert f"{width}x{height}" == icon["sizes"]
    assert len(manifest["icons"]) == len(ICON_FILES)
