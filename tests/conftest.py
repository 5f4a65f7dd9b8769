"""Shared fixtures for the Python tests: the rulebook, read once."""

from __future__ import annotations

import pytest

import repo_paths  # noqa: F401  (puts the repository root on sys.path)
from calculators.rulebook import load


@pytest.fixture(scope="session")
def rulebook():
    return load()
