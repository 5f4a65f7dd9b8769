"""Each procedure's page and nav entry, written from its file in procedures/partnerships/.

A partnership's procedure is one file: nothing about it is written by hand in docs/ or in
mkdocs.yml. At build time ``stage`` copies docs/ into a build folder, adds
``procedures/<id>.md`` for every procedure the rulebook holds (in its ``order``), and writes
a MkDocs config that inherits mkdocs.yml and gives the nav with those pages under
"Procedures". ``build_pages`` runs MkDocs on it. The site build (build_site.py), the page
tests (tests/pages) and the test that adds a procedure from the template all build this way,
so what they check is what a reader gets.

Only the page's frame is here; everything about the document (its title, what kind of
document it is, its rules and guidance) comes from the rulebook through the ``procedure``
fence.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from build_tools import app_files, site_pages
from build_tools.changes import Change
from calculators.rulebook import default_directory, load_from
from calculators.rulebook_types import Procedure, Rulebook

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "mkdocs.yml"
#: The nav section whose pages are written here (mkdocs.yml leaves it empty).
SECTION = "Procedures"
#: Where the pages go, inside the staged docs.
FOLDER = "procedures"

_PAGE = """\
---
description: {description}
---

# {heading}

{introduction}

!!! warning "A dated copy"

    This page describes the copy of the document that the handbook holds, as it was dated then.
    Procedures change: check your own partnership's current version before relying on anything
    here, and follow it where it differs.

Everything below is written from the handbook's rulebook (`procedures/partnerships/{id}.toml`): the facts
about the document, then every timescale and every item of guidance the handbook takes from it,
each with its source and a link to the chapter or tool that discusses it.

```procedure
{id}
```

## Changes in the handbook

What the handbook changed in what it takes from this document, newest first (all changes:
[What's new](../whats-new.md)). The document's own amendment notes are in the table above.

{changes}"""


def page_path(procedure_id: str) -> str:
    """The page's path inside docs (what chapters link to and the nav names)."""
    return f"{FOLDER}/{procedure_id}.md"


def page_markdown(proc: Procedure, changes: list[Change] | None = None) -> str:
    """The Markdown of one procedure's page, with the handbook's changes to it (``changes``)."""
    description = (f"{proc.short_title}: what the document is, its date and status, and every rule "
                   "and item of guidance the handbook takes from it.")
    return _PAGE.format(description=json.dumps(description), heading=proc.short_title,
                        introduction=proc.introduction.strip(), id=proc.id,
                        changes=site_pages.procedure_changes(proc, changes or []))


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml read for its nav: the ``!!python/name`` tags of the fences are not needed."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def base_nav(config: Path = CONFIG) -> list:
    """mkdocs.yml's nav as written (the procedures' section empty)."""
    return yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader)["nav"]


def site_nav(rulebook: Rulebook, config: Path = CONFIG) -> list:
    """The nav the site is built with: mkdocs.yml's, with one entry per procedure in its section."""
    entries = [{proc.short_title: page_path(pid)} for pid, proc in rulebook.procedures.items()]
    nav = base_nav(config)
    for item in nav:
        if isinstance(item, dict) and SECTION in item:
            item[SECTION] = entries
            return nav
    raise SystemExit(f"procedure_pages: mkdocs.yml's nav has no {SECTION!r} section to fill")


def stage(out: Path, rulebook: Rulebook, docs: Path = ROOT / "docs", config: Path = CONFIG) -> Path:
    """Copy ``docs`` to ``out/docs`` with a page per procedure, and write ``out/mkdocs.yml``.

    The config inherits ``config`` (MkDocs' INHERIT merges mappings and replaces lists), so
    it gives only what differs: the staged docs, the full nav, and the theme folder by an
    absolute path (MkDocs reads an inherited relative path from the new config's folder).
    Returns the config's path.
    """
    staged = out / "docs"
    if staged.exists():
        shutil.rmtree(staged)
    shutil.copytree(docs, staged)
    pages = staged / FOLDER
    pages.mkdir(exist_ok=True)
    changes = site_pages.changes_list(rulebook.directory)
    for pid, proc in rulebook.procedures.items():
        (pages / f"{pid}.md").write_text(page_markdown(proc, changes), encoding="utf-8")
    # The Sources and What's new pages (mkdocs.yml's nav names them under Home).
    version = site_pages.site_version()
    (staged / site_pages.SOURCES_PAGE).write_text(site_pages.sources_markdown(rulebook), encoding="utf-8")
    (staged / site_pages.WHATS_NEW_PAGE).write_text(site_pages.whats_new_markdown(rulebook, changes, version),
                                                   encoding="utf-8")
    app_files.write(staged)
    parent = yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    custom_dir = parent.get("theme", {}).get("custom_dir")
    settings: dict[str, object] = {"INHERIT": str(config.resolve()), "docs_dir": str(staged.resolve()),
                                   "nav": site_nav(rulebook, config),
                                   # Merged into mkdocs.yml's extra by INHERIT: the version and the app's words.
                                   "extra": {"handbook": site_pages.handbook_extra(version)}}
    if custom_dir:
        settings["theme"] = {"custom_dir": str((config.parent / custom_dir).resolve())}
    written = out / "mkdocs.yml"
    # JSON is YAML: no quoting rules to get wrong for titles with colons or quotes.
    written.write_text(json.dumps(settings, indent=1) + "\n", encoding="utf-8")
    return written


def build_pages(site_dir: Path, work: Path, rulebook_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Stage the docs in ``work`` and run ``mkdocs build --strict`` into ``site_dir``.

    ``rulebook_dir`` builds from another copy of the rulebook (the fences read it through
    ``$HANDBOOK_RULEBOOK``); by default the one the calculators find. Returns the finished
    process, its output captured, for the caller to judge.
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    if rulebook_dir is not None:
        env["HANDBOOK_RULEBOOK"] = str(rulebook_dir)
    config = stage(work, load_from(rulebook_dir or default_directory()))
    # snippets' base_path (docs/) is read from the working folder, so MkDocs runs from the root.
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(config),
                           "--site-dir", str(site_dir)], cwd=ROOT, env=env, capture_output=True, text=True)
