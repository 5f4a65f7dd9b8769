"""The compiled JSON copy of the rulebook reads exactly like the TOML, and is ignored when stale."""

from __future__ import annotations

import subprocess
import sys

import pytest

from calculators import compiled_data
from calculators.errors import RulebookError
from calculators.rulebook import load_from
from repo_paths import ROOT


def test_compiled_copy_loads_the_same_rulebook(book):
    plain = load_from(book)
    compiled_data.compile_folder(book)
    compiled_data.compile_folder(book / "partnerships")
    compiled_data._compiled.cache_clear()
    fast = load_from(book)
    assert fast.procedures == plain.procedures
    assert fast.tools == plain.tools
    assert [b.day for b in fast.calendar.in_year(2026)] == [b.day for b in plain.calendar.in_year(2026)]


def test_a_stale_compiled_copy_is_ignored(book):
    compiled_data.compile_folder(book)
    compiled_data.compile_folder(book / "partnerships")
    path = book / "partnerships" / "devon-mash-2014.toml"
    path.write_text(path.read_text().replace('title = "Devon:', 'title = "Changed Devon:'))
    compiled_data._compiled.cache_clear()
    assert load_from(book).procedures["devon-mash-2014"].title.startswith("Changed Devon:")


def test_with_a_matching_compiled_copy_the_toml_parser_is_never_imported(book):
    """In the browser every file has its compiled copy: importing tomllib there would only cost
    start-up time (docs/performance.md). Checked in a fresh interpreter."""
    compiled_data.compile_folder(book)
    compiled_data.compile_folder(book / "partnerships")
    code = (
        "import sys\n"
        "from calculators.rulebook import load_from\n"
        f"rb = load_from(__import__('pathlib').Path({str(book)!r}))\n"
        "import calculators.web, calculators.training\n"
        "print(len(rb.procedures), 'tomllib' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(len(load_from(ROOT / "procedures").procedures)), "False"]


def test_a_file_that_is_not_toml_is_named(book):
    (book / "partnerships" / "devon-mash-2014.toml").write_text("title = [unclosed\n")
    with pytest.raises(RulebookError, match=r"devon-mash-2014.toml: not valid TOML"):
        load_from(book)
