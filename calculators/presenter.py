"""Answers as readers see them: every sentence a surface shows, written once.

The engines (``deadlines``, ``guidance`` and the tool modules) decide; this module words
their answers as a neutral *view*: plain strings in the order they are read, grouped by
part (the first line, the warnings, each limit or line, its citation, the working), and
the question asked, repeated before the answer (``recap``, ``tool_recap``). The command
line prints a view; the page's scripts (``deadline-form.mjs``, ``decision-form.mjs``) only
place it, choosing no words and doing no calendar arithmetic; the fences wrap the same
strings in HTML, and embed ``page_words`` (the status line and the answer's frame).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from .london_time import short_date
from .tools_data import Field, Tool

#: Words shared by every surface.
CHECK_THIS_ANSWER = "Check this answer"
WORKING_TITLE = "How this was worked out"
DATE_WORKING_TITLE = "How the date was worked out"
NOTHING_ELSE = "Nothing else ticked."
RESULT_TITLE = "The answer"
PRINT = "Print this answer"
START_LINK = "How the handbook reads a start the source does not give"
FACTORS_TITLE = "The factors to weigh"
NOT_ADDRESSED_TITLE = "Not covered by this procedure"
#: A limit's date in short, where the source's kind of day is unclear, or where it gives no number.
UNCLEAR_READINGS = "Unclear kind of day. Both readings:"
NO_FIXED_DATE = "No fixed date (see the timescale)"
#: The outcomes panel's words (a procedure's outcomes, and what else it says).
NO_OUTCOMES = "This source lists no outcomes of its own."
NOTHING_FURTHER = "The procedure says nothing further about what it leads to."
ALSO_SAYS = "It also says:"
#: The draft record's words (seen alone): composed in the page, never stored or sent.
DRAFT_WORDS = {
    "title": "A draft for the record",
    "hint": ("Composed in this page from your answers; words in [square brackets] are yours to fill in. "
             "It is not stored or sent anywhere: copy it or print it now."),
    "copy": "Copy the draft",
    "copied": "Copied. Paste it into your record.",
    "not_copied": ("This browser did not allow copying: the draft is selected, press Ctrl+C (or Cmd+C) "
                   "to copy it."),
    "print": "Print the draft",
}


#: A tool's status line (the page says "starting" in its HTML), and the wait for an answer.
STATUS_WORDS = {
    "ready": "The tool is ready.",
    "failed": "The tool could not start.",
    "no_worker": "This browser could not load the handbook's Python worker.",
    "waiting": "Working it out as soon as the tool has started…",
}
#: What still answers on the tool's page when the tool cannot start, by kind of tool.
STILL_APPLIES = {
    "deadlines": "Reload the page to try again; the table of every timescale, further down this page, still applies.",
    "decision": "Reload the page to try again; the chapter's text still applies.",
}
#: "My procedure": a preference kept on this device (the only thing the handbook stores), with the
#: words to set, show, change and forget it (docs/assets/javascripts/my-procedure.mjs places them).
CHOOSE_PROCEDURE = "Choose a procedure"
MY_PROCEDURE_WORDS = {
    "remember": "Make this my procedure",
    "forget": "Forget my procedure",
    "mine": "My procedure: ",
    "kept": " (kept in this browser as a preference; nothing about a case is kept).",
    "none": "No procedure is chosen for you: choose one each time, or make one yours.",
    "remembered": "Remembered: every tool will start with ",
    "forgotten": "Forgotten: the tools will start with no procedure chosen.",
    "not_kept": "This browser did not allow keeping a preference: choose the procedure each time.",
}
YES_NO = {"yes": "Yes", "no": "No"}
NO_QUESTION_ANSWERED = "No question answered."


def list_words(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` (nothing for no words)."""
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def stale_words(version: str) -> str:
    """What a page says when its Python carries another rulebook than the page's ``version``."""
    return f"Its rulebook differs from this page's (version {version}): reload the page."


def page_words(version: str, date_text: str, kind: str = "decision") -> dict[str, Any]:
    """The words a tool's page needs before any answer: embedded in the form at build time.
    ``kind``: ``deadlines`` or ``decision``, for what still applies if the tool cannot start."""
    return {"result_title": RESULT_TITLE, "print": PRINT, "draft": DRAFT_WORDS,
            "worked_out_by": f"Worked out by the Strategy Discussion Handbook, rulebook version {version} of {date_text}.",
            "my_procedure": MY_PROCEDURE_WORDS, **STATUS_WORDS, "failed_after": STILL_APPLIES[kind], "stale": stale_words(version),
            "take_away": TAKE_AWAY}


#: Taking an answer away (issue 16): copy, calendar file, start again, and "Change" in the
#: recap of the question. Nothing is stored or sent: the text goes to the clipboard, the file
#: is made in the page.
TAKE_AWAY = {
    "copy": "Copy as text",
    "copied": "Copied. Paste it into your case notes.",
    "copy_fallback": ("This browser did not let the page copy. The text is selected in the box below: "
                      "press Ctrl+C (Cmd+C on a Mac) to copy it."),
    "copy_box": "The answer as text, for case notes",
    "calendar": "Download calendar file (.ics)",
    "calendar_done": "The calendar file was made in this page; nothing was sent or stored.",
    "start_again": "Start again",
    "change": "Change",
    "check_title": "Your answers",
}


def citation(c: Mapping[str, str]) -> dict[str, str]:
    """A citation in its parts (the page sets the quotation in <q>) and as one line of text."""
    quote = c.get("quote") or ""
    text = f"Source: {c['source']}, {c['section']}" + (f": “{quote}”" if quote else "")
    return {"lead": "Source: ", "source": c["source"], "section": f", {c['section']}: " if quote
            else f", {c['section']}", "quote": quote, "text": text}


def force(item: Mapping[str, Any]) -> dict[str, str] | None:
    """How strongly the source puts it, with the words that carry it; None for a line without.

    ``item`` is a limit, a line or a governing summary: ``strength``, ``strength_label``
    (``calculators.strength.label``) and ``strength_quote``.
    """
    if not item.get("strength"):
        return None
    return {"strength": item["strength"], "lead": f"{item['strength_label']} (the source: ",
            "quote": item["strength_quote"], "tail": ")",
            "text": f"{item['strength_label']} (the source: “{item['strength_quote']}”)."}


def start_point(stated: bool, quote: str = "", note: str = "") -> dict[str, str]:
    """What a rule's time runs from: the source's words (a page sets ``quote`` in <q>), or the
    handbook's reading and why (``note``), for an answer and for a table of rules alike."""
    if stated:
        lead, tail = "The source says when it starts: ", "."
        return {"lead": lead, "quote": quote, "tail": tail, "text": f"{lead}“{quote}”{tail}"}
    text = f"The source does not say when this starts. {note}"
    return {"lead": text, "quote": "", "tail": "", "text": text}


def no_timescale_from_event(procedure: str, event_label: str = "") -> str:
    """A procedure that sets no timescale at all from the event asked about (named, if given)."""
    named = f" (“{event_label}”)" if event_label else ""
    return f"{procedure} sets no timescale that runs from this event{named}."


def no_timescale(event: str = "this event", others: Sequence[str] = ()) -> str:
    """Said after a procedure's name: it sets no limit for the duty asked about from ``event``
    (and the events it does set one from, if any)."""
    said = f"sets no timescale for this from {event}."
    return said + (" It does from: " + "; ".join(others) + "." if others else "")


def summary_sentence(summary: Mapping[str, Any]) -> str:
    """A decision tool's headline as a sentence: its label, then the words under it."""
    return f"{summary['label']}." + (f" {summary['text']}" if summary.get("text") else "")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def readings(d: Mapping[str, Any]) -> list[dict[str, str]]:
    """Both dates of a limit whose source does not say which kind of day it counts."""
    return [{"unit": r["unit"], "due": r["due"], "label": f"{_capital(r['label'])}: ", "due_text": r["due_text"]}
            for r in d.get("readings") or []]


def due(d: Mapping[str, Any]) -> dict[str, Any]:
    """When a limit falls, in short (a table's cell): its date, both readings, or no fixed date."""
    both = readings(d)
    if both:
        return {"due": "", "text": UNCLEAR_READINGS, "readings": both}
    if d.get("due"):
        return {"due": d["due"], "text": d["due_text"], "readings": []}
    return {"due": "", "text": NO_FIXED_DATE, "readings": []}


def recap(answer: Mapping[str, Any], circumstance_labels: Mapping[str, str],
          event_shorts: Mapping[str, str]) -> list[str]:
    """The question asked, repeated before the answer."""
    lines = [f"What happened: {answer['event_label']}.", f"When: {answer['at_text']}."]
    chosen = [circumstance_labels.get(c, c) for c in answer.get("circumstances", [])]
    lines.append(f"Also: {'; '.join(chosen)}." if chosen else NOTHING_ELSE)
    for ev, at in (answer.get("earlier") or {}).items():
        lines.append(f"Earlier: {event_shorts.get(ev, ev)}, at {at}.")
    return lines


def limit(d: Mapping[str, Any]) -> dict[str, Any]:
    """One limit of a deadline answer: its role and date first, then what, how strong, from when."""
    start = d["start"]
    return {
        "rule": d["rule"],
        "role": d["role"],
        "due": d.get("due") or "",
        "heading": f"{d['role_label']}: {d['when_text']}",
        "statement": d["statement"],
        "timescale": f"Timescale: {d['timescale']['text']}",
        "readings": readings(d),
        "force": force(d),
        "start": start["text"],
        "start_link": {"href": start["reading_page"], "text": START_LINK} if start.get("reading_page") else None,
        "fallback": d.get("fallback_text") or "",
        "notes": list(d.get("notes") or []),
        "citation": citation(d["citation"]),
        "working_title": WORKING_TITLE,
        "working": list(d.get("working") or []),
        "readings_working": [{"title": f"{_capital(r['label'])}:", "lines": list(r["working"])}
                             for r in d.get("readings") or []],
    }


def deadline_view(answer: Mapping[str, Any], circumstance_labels: Mapping[str, str],
                  event_shorts: Mapping[str, str]) -> dict[str, Any]:
    """A deadline answer for one procedure, worded."""
    first: list[dict[str, str]] = []
    for g in answer["governing"]:
        first.append({"kind": "headline", "duty": g["duty"], "governs": g["governs"] or "", "text": g["headline"]})
        if g["force"]:
            first.append({"kind": "force", "duty": g["duty"], "text": g["force"]})
        for cond in g["applies_if"] if g["governs"] else g["applies_if"][1:]:
            first.append({"kind": "if", "rule": cond["rule"], "text": cond["text"]})
    return {
        "procedure": answer["procedure"],
        "heading": answer["procedure_short_title"],
        "recap": recap(answer, circumstance_labels, event_shorts),
        "first": first,
        "warnings_title": CHECK_THIS_ANSWER,
        "warnings": list(answer["warnings"]),
        "silent": answer["silent"],
        "limits": [limit(d) for d in answer["deadlines"]],
        "running": [{"rule": r["rule"], "text": r["text"], "citation": citation(r["citation"])}
                    for r in answer["running"]],
        "not_running": [{"rule": r["rule"], "text": r["reason"]} for r in answer["not_running"]],
        "caveat": answer["caveat"],
    }


def tool_line(line: Mapping[str, Any]) -> dict[str, Any]:
    """One line of a decision tool's answer."""
    return {
        "item": line["item"],
        "level": line["level"],
        "statement": line["statement"],
        "force": force(line),
        "due": line.get("due") or "",
        "due_text": f"Due: {line['due_text']}" if line.get("due_text") else "",
        "notes": list(line.get("notes") or []),
        "citation": citation(line["citation"]),
        "working_title": DATE_WORKING_TITLE,
        "working": list(line.get("working") or []),
    }


def _shown(kind: str, value: Any, tool_field: Field) -> str:
    """One answer to a question as the reader gave it, in the form's words."""
    if kind == "yes-no":
        return YES_NO["yes" if value else "no"]
    if kind in ("choice", "multi"):
        # In the form's order, whatever order they came in.
        chosen = set(value if isinstance(value, list) else [value])
        return "; ".join(o.label for o in tool_field.options if o.id in chosen)
    if isinstance(value, datetime):
        return f"{short_date(value.date())} at {value:%H:%M}"
    if isinstance(value, date):
        return short_date(value)
    return str(value)


def tool_recap(tool: Tool, facts: Mapping[str, Any]) -> list[dict[str, str]]:
    """The questions answered, in the form's order and words, each with its answer
    (``lead``, then ``value``), repeated before a decision tool's answer. ``facts`` are
    as the tool read them (``guidance.read_facts``); what was typed in a text box, which
    only ever goes into a draft, is left out. Each line names its ``field``, for a "Change"
    link (``check_answers.decision_rows``)."""
    lines = []
    for fld in tool.fields:
        value = facts.get(fld.id)
        if fld.kind == "text" or value is None or value == "" or value == []:
            continue
        lead = f"{fld.label} " if fld.label.endswith(("?", ":")) else f"{fld.label}: "
        lines.append({"field": fld.id, "lead": lead, "value": _shown(fld.kind, value, fld)})
    return lines or [{"lead": NO_QUESTION_ANSWERED, "value": ""}]


def tool_view(answer: Mapping[str, Any]) -> dict[str, Any]:
    """A decision tool's answer for one procedure, worded: its headline, then its lines by kind."""
    levels: list[dict[str, Any]] = []
    for line in answer["lines"]:
        if not levels or levels[-1]["level"] != line["level"]:
            levels.append({"level": line["level"], "title": line["level_label"], "lines": []})
        levels[-1]["lines"].append(tool_line(line))
    summary = answer.get("summary")
    return {
        "procedure": answer["procedure"],
        "heading": answer["procedure_short_title"],
        "source_title": answer["procedure_title"],
        "summary": ({"id": summary["id"], "label": summary["label"], "text": summary.get("text") or "",
                     "line": f"Answer: {summary_sentence(summary)}"}
                    if summary else None),
        "silent": answer["silent"],
        "levels": levels,
        "factors_title": FACTORS_TITLE,
        "factors": [{"id": f["id"], "present": f["present"], "mark": "✓" if f["present"] else "–",
                     "lead": "Present: " if f["present"] else "Not given: ", "label": f["label"]}
                    for f in answer.get("factors") or []],
        "not_addressed_title": NOT_ADDRESSED_TITLE,
        "not_addressed": list(answer["not_addressed"]),
        "record_draft": answer.get("record_draft") or "",
        "warnings_title": CHECK_THIS_ANSWER,
        "warnings": list(answer["warnings"]),
        "caveat": answer["caveat"],
    }
