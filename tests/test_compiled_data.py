"""The compiled JSON copy of the rulebook reads exactly like the TOML, and is ignored when stale."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from calculators import compiled_data
from calculators.errors import RulebookError
from calculators.rulebook import load_from
from repo_paths import ROOT


def test_compiled_copy_loads_the_same_rulebook(tmp_path):
    folder = tmp_path / "procedures"
    shutil.copytree(ROOT / "procedures", folder)
    plain = load_from(folder)
    compiled_data.compile_folder(folder)
    compiled_data.compile_folder(folder / "partnerships")
    compiled_data._compiled.cache_clear()
    fast = load_from(folder)
    assert fast.procedures == plain.procedures
    assert fast.tools == plain.tools
    assert [b.day for b in fast.calendar.in_year(2026)] == [b.day for b in plain.calendar.in_year(2026)]


def test_a_stale_compiled_copy_is_ignored(tmp_path):
    folder = tmp_path / "procedures"
    shutil.copytree(ROOT / "procedures", folder)
    compiled_data.compile_folder(folder)
    compiled_data.compile_folder(folder / "partnerships")
    path = folder / "partnerships" / "devon-mash-2014.toml"
    path.write_text(path.read_text().replace('title = "Devon:', 'title = "Changed Devon:'))
    compiled_data._compiled.cache_clear()
    assert load_from(folder).procedures["devon-mash-2014"].title.startswith("Changed Devon:")


def test_with_a_matching_compiled_copy_the_toml_parser_is_never_imported(tmp_path):
    """In the browser every file has its compiled copy: importing tomllib there would only cost
    start-up time (docs/performance.md). Checked in a fresh interpreter."""
    folder = tmp_path / "procedures"
    shutil.copytree(ROOT / "procedures", folder)
    compiled_data.compile_folder(folder)
    compiled_data.compile_folder(folder / "partnerships")
    code = (
        "import sys\n"
        "from calculators.rulebook import load_from\n"
        f"rb = load_from(__import__('pathlib').Path({str(folder)!r}))\n"
        "import calculators.web, calculators.training\n"
        "print(len(rb.procedures), 'tomllib' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(len(load_from(ROOT / "procedures").procedures)), "False"]


def test_a_file_that_is_not_toml_is_named(tmp_path):
    folder = tmp_path / "procedures"
    shutil.copytree(ROOT / "procedures", folder)
    (folder / "partnerships" / "devon-mash-2014.toml").write_text("title = [unclosed\n")
    with pytest.raises(RulebookError, match=r"devon-mash-2014.toml: not valid TOML"):
        load_from(folder)
