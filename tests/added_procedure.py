"""The worked example of docs/adding-a-procedure.md: a copy of the rulebook with the template
added as a new partnership's file (the page's steps 1 and 2), for the tests that follow it
everywhere a procedure appears (tests/test_adding_a_procedure.py, and its built page in
tests/pages/test_added_procedure_page.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from calculators.rulebook import TEMPLATE
from repo_paths import ROOT

NEW_ID = "example-partnership-2026"


def rulebook_with_template(folder: Path) -> Path:
    """``folder/procedures``: the rulebook, plus the template saved as ``NEW_ID``'s file."""
    target = folder / "procedures"
    shutil.copytree(ROOT / "procedures", target, ignore=shutil.ignore_patterns("compiled.json"))
    text = (ROOT / "procedures" / TEMPLATE).read_text(encoding="utf-8")
    (target / "partnerships" / f"{NEW_ID}.toml").write_text(
        text.replace('id = "partnership-template"', f'id = "{NEW_ID}"'), encoding="utf-8")
    return target
