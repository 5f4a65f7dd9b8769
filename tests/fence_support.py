"""What the fences' tests share (tests/build_tools, tests/pages): rendering a fence, and golden files.

A golden test renders ``golden/<name>.md`` from a small, fixed rulebook and compares the
result with ``golden/<name>.html``; ``SDH_UPDATE_GOLDEN=1`` rewrites the HTML instead (read the
diff before committing it).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import markdown

from build_tools import fences


def render(text: str, md: markdown.Markdown | None = None) -> str:
    """Markdown through Python-Markdown and SuperFences with the handbook's fences."""
    md = md or markdown.Markdown(
        extensions=["pymdownx.superfences"],
        extension_configs={"pymdownx.superfences": {"custom_fences": fences.custom_fences()}},
    )
    return md.convert(text)


def fence(name: str, body: str) -> str:
    """A fence of this name holding ``body``, as a page would write it."""
    return f"```{name}\n{body}\n```\n"


def check_golden(expected: Path, html: str) -> None:
    """``html``, one tag a line, must be ``expected``'s text (or becomes it, under ``SDH_UPDATE_GOLDEN``)."""
    pretty = html.replace("><", ">\n<") + "\n"
    if os.environ.get("SDH_UPDATE_GOLDEN"):
        expected.write_text(pretty, encoding="utf-8")
    assert pretty == expected.read_text(encoding="utf-8")


def small_vocabulary(real: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two events and one circumstance with fixed words (one label holding markup), for the small rulebooks."""
    ev = next(iter(real.events.values()))
    circ = next(iter(real.circumstances.values()))
    events = {
        "ev-one": dataclasses.replace(ev, id="ev-one", label="The first event <b>happened</b>", hint="Hint & more."),
        "ev-two": dataclasses.replace(ev, id="ev-two", label="The second event", hint="Another hint."),
    }
    return events, {"circ-one": dataclasses.replace(circ, id="circ-one", label="A circumstance", hint="It matters.")}
