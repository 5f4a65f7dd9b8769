"""The compiled JSON copy of the rulebook reads exactly like the TOML, and is ignored when stale."""

from __future__ import annotations

import shutil

from calculators import compiled_data
from calculators.rulebook import load_from
from repo_paths import ROOT


def test_compiled_copy_loads_the_same_rulebook(tmp_path):
    folder = tmp_path / "procedures"
    shutil.copytree(ROOT / "procedures", folder)
    plain = load_from(folder)
    compiled_data.compile_folder(folder)
    compiled_data._compiled.cache_clear()
    fast = load_from(folder)
    assert fast.procedures == plain.procedures
    assert fast.tools == plain.tools
    assert [b.day for b in fast.calendar.in_year(2026)] == [b.day for b in plain.calendar.in_year(2026)]


def test_a_stale_compiled_copy_is_ignored(tmp_path):
    folder = tmp_path / "procedures"
    shutil.copytree(ROOT / "procedures", folder)
    compiled_data.compile_folder(folder)
    path = folder / "devon-mash-2014.toml"
    path.write_text(path.read_text().replace('title = "Devon:', 'title = "Changed Devon:'))
    compiled_data._compiled.cache_clear()
    assert load_from(folder).procedures["devon-mash-2014"].title.startswith("Changed Devon:")
