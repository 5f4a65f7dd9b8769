"""The handbook's version comes from its content (calculators/content_version.py), never typed:
a hash of procedures/, scenarios/ (and docs/ for the site) with the date of the latest change;
changes.toml (the "What's new" data) is sound and names only rules, procedures and pages there are."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from build_tools.changes import problems, read_changes
from calculators.content_version import (CHANGES_FILE, RULEBOOK_PARTS, SITE_PARTS, VERSION_FILE, ContentVersion,
                                         compute, rulebook_version)
from calculators.errors import RulebookError
from calculators.rulebook import load, load_from
from repo_paths import ROOT


def _copy(tmp_path: Path) -> Path:
    """procedures/ and scenarios/ copied outside the Git work tree."""
    for part in RULEBOOK_PARTS:
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("compiled.json"))
    return tmp_path / "procedures"


def test_the_vocabulary_types_no_version_or_date():
    text = (ROOT / "procedures" / "vocabulary.toml").read_text(encoding="utf-8")
    assert "\nversion =" not in text and "\ndate =" not in text


def test_the_rulebook_version_is_the_content_version_of_procedures_and_scenarios():
    rb = load_from(ROOT / "procedures")
    expected = compute(ROOT, RULEBOOK_PARTS)
    assert (rb.version, rb.date) == (expected.version, expected.date)
    assert rb.version == f"{rb.date.year}.{rb.date.month}.{rb.date.day}+{expected.digest}"


def test_the_site_version_covers_docs_too():
    site, book = compute(ROOT, SITE_PARTS), compute(ROOT, RULEBOOK_PARTS)
    assert site.digest != book.digest and site.date >= book.date


def test_a_change_to_a_file_changes_the_version_and_nothing_else_does(tmp_path):
    book = _copy(tmp_path)
    first = rulebook_version(book)
    assert rulebook_version(book) == first
    (book / "partnerships" / "peterborough-2012.toml").write_text(
        (book / "partnerships" / "peterborough-2012.toml").read_text(encoding="utf-8") + "\n# a comment\n",
        encoding="utf-8")
    assert rulebook_version(book).digest != first.digest
    scenario = next((tmp_path / "scenarios").glob("*.toml"))
    before = rulebook_version(book).digest
    scenario.write_text(scenario.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert rulebook_version(book).digest != before


def test_without_git_the_date_is_the_latest_change_listed(tmp_path):
    book = _copy(tmp_path)
    latest = max(c.date for c in read_changes(book / CHANGES_FILE))
    assert rulebook_version(book).date == latest == load_from(book).date


def test_without_git_or_changes_the_rulebook_has_no_date_and_says_so(tmp_path):
    book = _copy(tmp_path)
    (book / CHANGES_FILE).unlink()
    with pytest.raises(RulebookError, match="no dated changes.toml"):
        load_from(book)


def test_the_packaged_rulebook_reads_the_version_written_beside_it(tmp_path):
    book = _copy(tmp_path)
    written = ContentVersion(date(2026, 1, 2), "0badc0de")
    (book / VERSION_FILE).write_text(json.dumps(written.as_dict()), encoding="utf-8")
    rb = load_from(book)
    assert (rb.version, rb.date) == ("2026.1.2+0badc0de", date(2026, 1, 2))


# ------------------------------------------------------------------ changes.toml


def test_changes_name_only_what_there_is():
    changes = read_changes(ROOT / "procedures" / CHANGES_FILE)
    assert changes, "changes.toml lists no change"
    assert problems(changes, load(), ROOT / "docs") == []


def test_changes_are_newest_first_and_none_in_the_future():
    changes = read_changes(ROOT / "procedures" / CHANGES_FILE)
    assert [c.date for c in changes] == sorted((c.date for c in changes), reverse=True)
    assert max(c.date for c in changes) <= date.today()


def test_a_change_with_an_unknown_key_is_refused(tmp_path):
    path = tmp_path / CHANGES_FILE
    path.write_text('[[change]]\ndate = 2026-01-01\nwhat = "Something."\nwhen = "now"\n', encoding="utf-8")
    with pytest.raises(RulebookError, match="when"):
        read_changes(path)


def test_a_change_naming_an_unknown_rule_or_page_is_reported(tmp_path):
    path = tmp_path / CHANGES_FILE
    path.write_text('[[change]]\ndate = 2026-01-01\nwhat = "Something"\nrules = ["no-such-rule"]\n'
                    'pages = ["no-such-page.md"]\nprocedures = ["nowhere-2020"]\n', encoding="utf-8")
    found = problems(read_changes(path), load(), ROOT / "docs")
    assert len(found) == 4, found
