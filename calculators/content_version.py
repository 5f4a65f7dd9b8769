"""The handbook's version, worked out from its content instead of typed by hand.

A version is the date of the latest change and a short hash of the files it covers:
``2026.12.2+1f3a9c0b``. Two are used:

* the **rulebook version** (``RULEBOOK_PARTS``: ``procedures/`` and ``scenarios/``, what the
  calculators wheel carries): the tools' "worked out by" line, the wheel's version, and the
  check that a page's Python holds the page's rulebook;
* the **site version** (``SITE_PARTS``: those and ``docs/``): shown at the foot of every
  page and written to ``version.json``, which an open tab compares with its own to say a
  new build is there.

The date is that of the last commit touching those folders when they are in a Git work
tree, else the latest date in ``procedures/changes.toml`` (the "What's new" data), so a
copy without Git history still has a date. The wheel does not compute anything: the build
writes the rulebook version into it (``VERSION_FILE``), which the loader reads.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from .errors import RulebookError
from pathlib import Path

#: What the rulebook version covers (folders of the repository root).
RULEBOOK_PARTS = ("procedures", "scenarios")
#: What the site version covers.
SITE_PARTS = ("procedures", "scenarios", "docs")
#: The rulebook version as the build writes it beside the packaged rulebook.
VERSION_FILE = "content-version.json"
#: The list of changes (``changes.toml``) in ``procedures/``.
CHANGES_FILE = "changes.toml"
#: Files that are never content: caches and editors' leftovers.
_SKIPPED = {"__pycache__", ".DS_Store", "compiled.json"}


@dataclass(frozen=True)
class ContentVersion:
    """A version: the date of the latest change and a hash of the content."""

    date: date
    digest: str

    @property
    def version(self) -> str:
        """``YYYY.M.D+hash``: a valid (normalised) Python package version, as the wheel is named."""
        return f"{self.date.year}.{self.date.month}.{self.date.day}+{self.digest}"

    def as_dict(self) -> dict[str, str]:
        """The version as data (``version.json``, ``content-version.json``)."""
        return {"version": self.version, "date": self.date.isoformat(), "digest": self.digest}


def content_files(root: Path, parts: tuple[str, ...]) -> list[Path]:
    """Every file under ``root/part`` for each part, in a fixed order."""
    files: list[Path] = []
    for part in parts:
        folder = root / part
        if folder.is_dir():
            files += [p for p in folder.rglob("*") if p.is_file() and not _SKIPPED & set(p.parts)
                      and p.name not in _SKIPPED]
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def digest(root: Path, parts: tuple[str, ...]) -> str:
    """A short hash of the names and bytes of every file the parts hold."""
    h = hashlib.sha256()
    for path in content_files(root, parts):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:8]


def _git_date(root: Path, parts: tuple[str, ...]) -> date | None:
    """The date of the last commit touching the parts, or None outside a Git work tree."""
    # Imported here: the packaged rulebook (in the page's Python) never asks Git.
    import subprocess

    try:
        done = subprocess.run(["git", "log", "-1", "--format=%cs", "--", *parts], cwd=root,
                              capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    text = done.stdout.strip()
    return date.fromisoformat(text) if done.returncode == 0 and text else None


def changes_date(changes: Path) -> date | None:
    """The latest date in a ``changes.toml``, or None when there is none."""
    if not changes.is_file():
        return None
    # Through the compiled copy where there is one, as every rulebook file is read.
    from .compiled_data import read

    dates = [c["date"] for c in read(changes).get("change", []) if isinstance(c.get("date"), date)]
    return max(dates, default=None)


def compute(root: Path, parts: tuple[str, ...] = SITE_PARTS, changes: Path | None = None) -> ContentVersion:
    """The version of the content under ``root``: Git's date where there is one, else the changes list's."""
    when = _git_date(root, parts) or changes_date(changes or root / "procedures" / CHANGES_FILE)
    if when is None:
        raise RulebookError(f"{root}: no Git history and no dated {CHANGES_FILE}: the content has no date")
    return ContentVersion(when, digest(root, parts))


def rulebook_version(directory: Path) -> ContentVersion:
    """The version of the rulebook in ``directory``: the packaged one as the build wrote it, or
    (in a checkout, or a copy of ``procedures/``) worked out from the files beside it."""
    written = directory / VERSION_FILE
    if written.is_file():
        data = json.loads(written.read_text(encoding="utf-8"))
        return ContentVersion(date.fromisoformat(data["date"]), data["digest"])
    root = directory.parent
    # The rulebook folder may be called anything (a copy for trying out a new procedure):
    # it stands in for procedures/, with the scenarios beside it if there are any.
    h = hashlib.sha256()
    for label, folder in (("procedures", directory), ("scenarios", root / "scenarios")):
        for path in content_files(folder.parent, (folder.name,)):
            h.update(f"{label}/{path.relative_to(folder).as_posix()}".encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    when = _git_date(directory, (".", str(root / "scenarios"))) or changes_date(directory / CHANGES_FILE)
    if when is None:
        raise RulebookError(f"{directory}: no Git history and no dated {CHANGES_FILE}: the rulebook has no date")
    return ContentVersion(when, h.hexdigest()[:8])
