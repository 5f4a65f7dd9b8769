"""Shared fixtures for the Python tests: the rulebook, read once, and a copy of it to break."""

from __future__ import annotations

import shutil

import pytest

import repo_paths  # puts the repository root on sys.path (and says where it is)
from calculators import compiled_data
from calculators.rulebook import load

# The fences' tests compare with golden files through this module: show the difference on failure.
pytest.register_assert_rewrite("fence_support")


@pytest.fixture(scope="session")
def rulebook():
    return load()


@pytest.fixture()
def book(tmp_path):
    """A copy of ``procedures/`` to edit: a test changes it and loads it with ``load_from``."""
    target = tmp_path / "procedures"
    shutil.copytree(repo_paths.ROOT / "procedures", target, ignore=shutil.ignore_patterns(compiled_data.NAME))
    yield target
    # The compiled copies are cached by folder; a later test's copy may reuse the path.
    compiled_data._compiled.cache_clear()
