"""A training stage's right answer as the trainer's view words it: the presenter's part for training.

``calculators.training`` decides each stage's answer; this words it, as ``presenter`` words
the tools' answers. Apart from ``presenter`` only because it reads the answer kinds that
``training`` defines, and ``training`` itself takes sentences from ``presenter``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from .london_time import long_date
from .training import NO_FIXED_TIME, NONE_SET, SILENT


def stage_answer(a: Mapping[str, Any], headline_label: str = "") -> dict[str, Any]:
    """One procedure's right answer to a stage (``training.expected``), worded.

    ``short``: a few words for the summary of where the procedures differ (Markdown where
    ``markdown`` is true: the guidance lines' own words). ``lead`` (set in bold), ``rest``
    (what follows it on the same line) and ``detail`` (a paragraph under it): the answer in
    the trainer's table. ``headline_label`` is the label of the headline chosen.
    """
    kind, text = a["kind"], a.get("text") or ""
    view: dict[str, Any] = {"short": "", "markdown": False, "lead": "", "rest": "", "detail": ""}
    if kind in ("date", "datetime"):
        view.update(short=f"by {text}", lead=f"By {text}")
    elif kind == "readings":
        dates = " or ".join(long_date(date.fromisoformat(d[:10])) for d in a["accept"])
        view.update(short=f"unclear: {dates}", lead=f"Either {dates}", detail=text)
    elif kind == NO_FIXED_TIME:
        view.update(short="no fixed time", lead="No fixed time", rest=f": {text}.")
    elif kind == NONE_SET:
        view.update(short="sets no timescale for it", lead=text)
    elif kind == SILENT:
        view.update(short="says nothing on it", lead=text)
    elif kind == "headline":
        view.update(short=headline_label, lead=headline_label, detail=a.get("detail") or "")
    elif a["right"]:
        statements = {o["item"]: o["statement"] for o in a["options"]}
        view.update(short="; ".join(statements[i].rstrip(".") for i in a["right"]) + ".", markdown=True,
                    lead=f"{len(a['right'])} of the {len(a['options'])} lines", rest=":")
    else:
        view.update(short="none of its lines", lead=f"None of the {len(a['options'])} lines", rest=f". {text}")
    return view
