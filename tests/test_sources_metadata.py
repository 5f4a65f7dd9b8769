"""Sources named for readers: every procedure's file states what the Sources page needs (a
missing key is a loader error; an optional one is shown as "Not stated."), the page says what
each document is, who published it, when, its status and how to find the current version, and
no surface shows a storage file name (issue 16, item 4)."""

from __future__ import annotations

import re
import shutil

import pytest

from build_tools.site_pages import CURRENT_VERSION, NOT_STATED, in_sentence, sources_markdown
from calculators.errors import RulebookError
from calculators.rulebook import load, load_from
from repo_paths import ROOT

#: A storage file name as ../shared/sources names its documents.
STORAGE_NAME = re.compile(r"\b\d{3}_[0-9a-f]{16}(\.txt)?\b|\.txt\b")


@pytest.mark.parametrize("key", ["title", "short_title", "publisher", "published", "description", "status"])
def test_a_procedure_without_a_fact_about_its_document_is_refused(tmp_path, key):
    book = tmp_path / "procedures"
    shutil.copytree(ROOT / "procedures", book, ignore=shutil.ignore_patterns("compiled.json"))
    path = book / "partnerships" / "peterborough-2012.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf"(?m)^{key} = .*\n", "", text, count=1), encoding="utf-8")
    with pytest.raises(RulebookError, match=key):
        load_from(book)


def test_the_sources_page_says_what_who_when_status_and_where_to_look():
    rb = load()
    page = sources_markdown(rb)
    for proc in rb.procedures.values():
        section = page.split(f"## {proc.short_title} ")[1].split("\n## ")[0]
        assert proc.title in section and proc.description in section
        assert f"Published by {in_sentence(proc.publisher)}." in section
        assert proc.published in section and proc.status in section
        assert (proc.amendments or NOT_STATED) in section
        assert CURRENT_VERSION in section
        assert f"(procedures/{proc.id}.md)" in section
    assert not STORAGE_NAME.search(page)
    assert "http" not in page, "the Sources page invents no address"


def test_a_publisher_reads_in_a_sentence():
    assert in_sentence("A local authority's children's social care service") == \
        "a local authority's children's social care service"
    assert in_sentence("Peterborough Safeguarding Children Board") == "Peterborough Safeguarding Children Board"
    assert "Published by A " not in sources_markdown(load())


@pytest.mark.parametrize("args", [["list"], ["deadlines", "--procedure", "all", "--event", "referral-received",
                                            "--at", "2026-12-24T16:30"],
                                  ["outcomes", "--procedure", "all"],
                                  ["timeline", "--procedure", "all", "--event", "referral-received",
                                   "--at", "2026-12-24T16:30"]])
def test_the_command_line_never_prints_a_storage_file_name(args, capsys):
    from calculators.cli import main

    assert main(args) == 0
    out = capsys.readouterr().out
    assert out and not STORAGE_NAME.search(out), STORAGE_NAME.search(out)
