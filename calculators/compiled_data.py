"""A compiled copy of the rulebook's TOML files, as JSON, for fast start-up in the browser.

``tomllib`` is a pure-Python parser: under WebAssembly, parsing the rulebook at each
page load costs far more than reading JSON. The wheel build writes ``compiled.json``
beside the TOML files, recording each file's SHA-256; the loader uses a file's compiled
copy only when the hash still matches the TOML beside it, and otherwise parses the
TOML. So the TOML stays the one source of truth and the JSON can never be stale.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import RulebookError

NAME = "compiled.json"


def _encode(value: Any) -> Any:
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    raise TypeError(f"cannot compile {type(value).__name__}")


def _decode(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and "$date" in obj:
        return date.fromisoformat(obj["$date"])
    return obj


def compile_folder(folder: Path) -> Path:
    """Write ``compiled.json`` for every ``*.toml`` in ``folder`` (not its sub-folders,
    which get their own); returns its path."""
    files = {}
    for path in sorted(folder.glob("*.toml")):
        raw = path.read_bytes()
        files[path.name] = {"sha256": hashlib.sha256(raw).hexdigest(), "data": parse_toml(raw)}
    target = folder / NAME
    target.write_text(json.dumps(files, default=_encode, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return target


@lru_cache(maxsize=8)
def _compiled(folder: str) -> dict[str, Any]:
    path = Path(folder) / NAME
    if not path.is_file():
        return {}
    # Written by the wheel build, never by hand; a damaged copy is still the maintainers'
    # error to fix, so it is named like any other rulebook file.
    try:
        files = json.loads(path.read_bytes().decode("utf-8"), object_hook=_decode)
    except (ValueError, RecursionError) as exc:
        raise RulebookError(f"{path.parent.name}/{NAME}: not a valid compiled copy: {exc}") from None
    if not isinstance(files, dict) or not all(
            isinstance(e, dict) and isinstance(e.get("sha256"), str) and isinstance(e.get("data"), dict)
            for e in files.values()):
        raise RulebookError(f"{path.parent.name}/{NAME}: not a valid compiled copy: each file needs 'sha256' and 'data'")
    return files


class NotToml(ValueError):
    """A file that is not valid TOML; the message is the parser's."""


def parse_toml(raw: bytes) -> dict[str, Any]:
    """Parse TOML text, raising ``NotToml`` when it is not valid."""
    # Imported here, not at the top: in the browser every file has a compiled copy, and
    # importing the parser would cost start-up time for nothing (docs/performance.md).
    import tomllib

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotToml(f"not UTF-8 text (byte {exc.start})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise NotToml(str(exc)) from None


def read(path: Path) -> dict[str, Any]:
    """The data of one TOML file: from the compiled copy when it matches, else parsed.

    Raises ``NotToml`` for a file that does not parse and ``OSError`` for one that
    cannot be read.
    """
    raw = path.read_bytes()
    entry = _compiled(str(path.parent)).get(path.name)
    if entry and entry["sha256"] == hashlib.sha256(raw).hexdigest():
        return entry["data"]
    return parse_toml(raw)
