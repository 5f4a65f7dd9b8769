"""An answer as plain text: what the command line prints and what "Copy as text" copies.

The deadline tool's, the timeline's and the decision tools' answers, worded by
``presenter.deadline_view``, ``timeline_view.timeline_view`` and ``presenter.tool_view``, laid out as lines of text: the question asked, each
limit or step with its date, force, start, rule and citation. The command line prints
it wrapped to a terminal's width; a page copies it unwrapped for case notes. Both call
the functions here, so the text of an answer is composed once.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: The command line's width; ``None`` leaves each paragraph on one line (for case notes).
WIDTH = 96
#: Between the answers of several procedures.
SEPARATOR = "=" * WIDTH


def wrap(text: str, indent: str = "   ", width: int | None = WIDTH) -> str:
    """One paragraph, indented; wrapped to ``width`` unless it is ``None``."""
    if width is None:
        return indent + text
    return textwrap.fill(text, width=width, initial_indent=indent, subsequent_indent=" " * len(indent))


def _limit_lines(i: int, v: Mapping[str, Any], width: int | None) -> list[str]:
    out = ["", wrap(f"{i}. {v['heading']}", "", width)]
    out += [f"   - {r['label']}{r['due_text']}" for r in v["readings"]]
    out.append(wrap(v["statement"], width=width))
    if v["force"]:
        out.append(wrap(v["force"]["text"], width=width))
    out.append(wrap(v["start"], width=width))
    out.append(wrap(f"Rule {v['rule']}. {v['citation']['text']}", width=width))
    if v["fallback"]:
        out.append(wrap(v["fallback"], width=width))
    out += [wrap(line, "     · ", width) for line in v["working"]]
    out += [wrap(f"({reading['title'].rstrip(':')}) {line}", "     · ", width)
            for reading in v["readings_working"] for line in reading["lines"]]
    out += [wrap("Note: " + note, width=width) for note in v["notes"]]
    return out


def deadline_lines(v: Mapping[str, Any], procedure_title: str, width: int | None = WIDTH) -> list[str]:
    """One procedure's deadline answer (``presenter.deadline_view``) as lines of text."""
    out = [f"{v['heading']}: {procedure_title} [{v['procedure']}]"]
    out += [wrap(line, "", width) for line in v["recap"]]
    if v["first"]:
        out.append("")
        out += [wrap(line["text"], "" if line["kind"] == "headline" else "   ", width) for line in v["first"]]
    if v["silent"]:
        out += ["", wrap(v["silent"], "", width)]
    for i, lim in enumerate(v["limits"], 1):
        out += _limit_lines(i, lim, width)
    for r in v["running"]:
        out += ["", wrap(r["text"], "", width), wrap(r["citation"]["text"], width=width)]
    for r in v["not_running"]:
        out += ["", wrap(r["text"], "", width)]
    for w in v["warnings"]:
        out += ["", wrap("Warning: " + w, "", width)]
    out += ["", wrap(v["caveat"], "", width)]
    return out


def _step_lines(step: Mapping[str, Any], width: int | None) -> list[str]:
    out = ["", wrap(step["headline"], width=width)]
    out += [wrap(line, "      ", width)
            for line in [step["force"], *step["flags"], *step["if"], *step["if_latest"], *step["notes"]] if line]
    out += [wrap("Warning: " + w, "      ", width) for w in step["warnings"]]
    for p in step["pending"]:
        out.append(wrap(p["text"], "      - ", width))
        out += [wrap(line, "        ", width)
                for line in [p["force"]["text"] if p["force"] else "", p["citation"]["text"]] if line]
    for lim in step["limits"]:
        out.append(wrap(lim["heading"] + (f" [{lim['basis_label']}]" if lim["basis_label"] else ""), "      - ", width))
        flags = [] if lim["flags"] == step["flags"] else lim["flags"]  # said once, under the headline
        out += [wrap(line, "        ", width) for line in [*flags, lim["start"], f"Rule {lim['rule']}. {lim['citation']['text']}"]]
    return out


def timeline_lines(v: Mapping[str, Any], width: int | None = WIDTH) -> list[str]:
    """One procedure's timeline (``timeline_view.timeline_view``) as lines of text."""
    out = [f"{v['heading']}: {v['source_title']} [{v['procedure']}]", v["title"]]
    out += [wrap(line, "", width) for line in v["recap"]]
    if v["silent"]:
        out += ["", wrap(v["silent"], "", width)]
    for i, st in enumerate(v["stages"], 1):
        out += ["", wrap(f"{i}. {st['title']}", "", width)]
        out += [wrap(line, width=width)
                for line in ([st["note"]] if st["note"] else []) + st["fulfils"] + ([st["silent"]] if st["silent"] else [])]
        for step in st["steps"]:
            out += _step_lines(step, width)
        out += [wrap("Warning: " + w, width=width) for w in st["warnings"]]
    after = [o["text"] for o in v["other_events"]] + v["silent_on"] + [r["text"] for r in v["running"] + v["not_running"]]
    for line in after:
        out += ["", wrap(line, "", width)]
    out += ["", wrap(v["caveat"], "", width)]
    return out


def tool_lines(v: Mapping[str, Any], procedure_title: str, procedure: str, question: str,
               width: int | None = WIDTH) -> list[str]:
    """One procedure's answer to a decision tool (``presenter.tool_view``) as lines of text."""
    from .presenter import DRAFT_WORDS

    out = [f"{v['heading']}: {procedure_title} [{procedure}]", question]
    if v["silent"]:
        out += ["", wrap(v["silent"], "", width)]
    if v["summary"]:
        out += ["", wrap(v["summary"]["line"], "", width)]
    for level in v["levels"]:
        out += ["", f"{level['title']}:"]
        for line in level["lines"]:
            out.append(wrap(line["statement"], "  - ", width))
            out += [wrap(text, "    ", width) for text in
                    [line["force"]["text"] if line["force"] else "", line["due_text"], line["citation"]["text"]] if text]
            out += [wrap("Note: " + note, "    ", width) for note in line["notes"]]
    if v["factors"]:
        out += ["", f"{v['factors_title']}:"]
    out += [wrap(f"[{'x' if factor['present'] else ' '}] {factor['label']}", "  ", width) for factor in v["factors"]]
    for note in v["not_addressed"]:
        out += ["", wrap(note, "", width)]
    for w in v["warnings"]:
        out += ["", wrap("Warning: " + w, "", width)]
    if v["record_draft"]:
        out += ["", f"{DRAFT_WORDS['title']} (check and complete it before use):", wrap(v["record_draft"], "  ", width)]
    out += ["", wrap(v["caveat"], "", width)]
    return out


def joined(answers: Iterable[Sequence[str]], footer: str = "") -> str:
    """Several procedures' answers as one text, separated as the command line separates them."""
    text = ("\n\n" + SEPARATOR + "\n\n").join("\n".join(lines) for lines in answers)
    return text + (f"\n\n{footer}" if footer else "") + "\n"
