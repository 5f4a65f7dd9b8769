"""Tests of the handbook's reading pages: they need the site venv (requirements-site.txt).

`make test-browser` runs them there. Under the Python-only venv of `make test-python`
(no MkDocs, no Markdown) this folder is left out instead of failing.

``built_site`` builds the pages once per session as the site build does
(``build_tools.procedure_pages.build_pages``: docs staged with a page per procedure, then
``mkdocs build --strict``) into a temporary folder (no wheel, no Pyodide), so the checks
always read pages built from the current docs and rulebook, never a stale ``site/``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

if not all(importlib.util.find_spec(m) for m in ("mkdocs", "markdown", "pymdownx", "markdown_it")):
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    from build_tools.procedure_pages import build_pages

    out = tmp_path_factory.mktemp("site")
    done = build_pages(out, tmp_path_factory.mktemp("staged"))
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stdout}\n{done.stderr}"
    return out
