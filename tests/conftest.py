"""Shared fixtures: the rulebook, read once, and the repository's paths."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "sources"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from calculators.rulebook import load  # noqa: E402


@pytest.fixture(scope="session")
def rulebook():
    return load()
