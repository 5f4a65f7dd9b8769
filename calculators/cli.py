"""The command line: ``list`` and ``deadlines``, readable by default, ``--json`` for scripts.

Errors go to stderr with exit status 2; a user never sees a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any, Sequence

from .deadlines import ALL, deadlines
from .decision_tools import ADVISERS
from .errors import InputError, InputErrors, RulebookError
from .rulebook import Rulebook, load
from .tools_data import Tool


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print usage noise first
        # self.prog is "python -m calculators" itself, or that followed by the subcommand.
        self.exit(2, f"error: {message}\n(see: {self.prog} --help)\n")


def _wrap(text: str, indent: str = "   ") -> str:
    follow = " " * len(indent)
    return textwrap.fill(text, width=96, initial_indent=indent, subsequent_indent=follow)


def _list_data(rb: Rulebook) -> dict[str, Any]:
    return {
        "rulebook": {"version": rb.version, "date": rb.date.isoformat()},
        "procedures": [
            {"id": p.id, "title": p.title, "published": p.published, "document": p.document,
             "events": p.event_ids(), "circumstances": p.circumstance_ids(),
             "rules": [r.id for r in p.rules]}
            for p in rb.procedures.values()
        ],
        "events": [{"id": e.id, "label": e.label, "hint": e.hint} for e in rb.events.values()],
        "circumstances": [{"id": c.id, "label": c.label, "hint": c.hint} for c in rb.circumstances.values()],
        "tools": [
            {"id": t.id, "title": t.title, "question": t.question,
             "procedures": [p.id for p in rb.procedures.values() if p.guidance_for(t.id)],
             "fields": [{"id": f.id, "kind": f.kind, "label": f.label,
                         "options": [o.id for o in f.options]} for f in t.fields]}
            for t in rb.tools.values()
        ],
    }


def _print_list(rb: Rulebook) -> None:
    print(f"{rb.title}, version {rb.version}\n")
    print("Procedures (--procedure):")
    for p in rb.procedures.values():
        print(f"  {p.id:28} {p.short_title}; {p.document}")
        print(_wrap("events: " + ", ".join(p.event_ids()), " " * 31))
        if p.circumstance_ids():
            print(_wrap("circumstances: " + ", ".join(p.circumstance_ids()), " " * 31))
    print("\nEvents (--event):")
    for e in rb.events.values():
        print(f"  {e.id:28} {e.label}")
    print("\nCircumstances (--circumstance, repeatable):")
    for c in rb.circumstances.values():
        print(f"  {c.id:36} {c.label}")
    print("\nDecision tools (python -m calculators TOOL --help):")
    for t in rb.tools.values():
        print(f"  {t.id:22} {t.question}")


def _read_earlier_args(values: list[str] | None) -> dict[str, str]:
    """``--earlier EVENT=YYYY-MM-DDTHH:MM`` (repeatable) as a mapping; a malformed one is named."""
    out: dict[str, str] = {}
    for v in values or []:
        event, sep, at = v.partition("=")
        if not sep or not event or not at:
            raise InputErrors([InputError("earlier", f"“{v}” should be an event and its time, as "
                                          "referral-received=2026-12-24T10:00.")])
        out[event.strip()] = at.strip()
    return out


def _cite(cite: dict[str, str]) -> str:
    """A citation as a reader sees it: the document's short name and date, the section, the words."""
    quote = f": “{cite['quote']}”" if cite.get("quote") else ""
    return f"Source: {cite['source']}, {cite['section']}{quote}"


def _print_limit(i: int, d: dict[str, Any], rb: Rulebook) -> None:
    print()
    print(_wrap(f"{i}. {d['role_label']}: {d['when_text']}", ""))
    if d["readings"]:
        for r in d["readings"]:
            print(f"   - {r['label']}: {r['due_text']}")
    print(_wrap(d["statement"]))
    if d.get("strength"):
        print(_wrap(f"{d['strength_label']} (the source: “{d['strength_quote']}”)."))
    print(_wrap(d["start"]["text"]))
    print(_wrap(f"Rule {d['rule']}. {_cite(d['citation'])}"))
    if d.get("fallback_text"):
        print(_wrap(d["fallback_text"]))
    for line in d["working"]:
        print(_wrap(line, "     · "))
    if d["readings"]:
        for r in d["readings"]:
            for line in r["working"]:
                print(_wrap(f"({r['unit']}) {line}", "     · "))
    for note in d["notes"]:
        print(_wrap("Note: " + note))


def _print_answer(answer: dict[str, Any], rb: Rulebook) -> None:
    print(f"{answer['procedure_short_title']}: {answer['procedure_title']} [{answer['procedure']}]")
    print(f"Event: {answer['event_label']}, at {answer['at_text']}")
    print(f"Circumstances: {', '.join(answer['circumstances']) or 'none chosen'}")
    for ev, at in answer["earlier"].items():
        print(f"Earlier: {rb.events[ev].short}, at {at}")
    if answer["governing"]:
        print()
        for g in answer["governing"]:
            print(_wrap(g["headline"], ""))
            if g["force"]:
                print(_wrap(g["force"], "   "))
            for cond in g["applies_if"] if g["governs"] else g["applies_if"][1:]:
                print(_wrap(cond["text"], "   "))
    if answer["silent"]:
        print()
        print(_wrap(answer["silent"], ""))
    for i, d in enumerate(answer["deadlines"], 1):
        _print_limit(i, d, rb)
    for r in answer["running"]:
        print()
        print(_wrap(r["text"], ""))
        print(_wrap(_cite(r["citation"])))
    for r in answer["not_running"]:
        print()
        print(_wrap(r["reason"], ""))
    for w in answer["warnings"]:
        print()
        print(_wrap("Warning: " + w, ""))
    print()
    print(_wrap(answer["caveat"], ""))


def _add_tool_parser(sub: Any, tool: Tool) -> None:
    p = sub.add_parser(tool.id, help=tool.question)
    p.add_argument("--procedure", required=True, help=f"a procedure id, or '{ALL}' for all side by side")
    for fld in tool.fields:
        kind_help = {
            "yes-no": "yes or no", "whole-number": f"a whole number from {fld.min} to {fld.max}",
            "date": "YYYY-MM-DD", "datetime": "YYYY-MM-DDTHH:MM, London time", "text": "words (for the draft only)",
        }.get(fld.kind, "one of: " + ", ".join(o.id for o in fld.options))
        if fld.kind == "multi":
            kind_help = "repeatable; any of: " + ", ".join(o.id for o in fld.options)
        p.add_argument(f"--{fld.id}", dest=f"fact:{fld.id}", action="append" if fld.kind == "multi" else "store",
                       help=f"{fld.label} ({kind_help})")
    p.add_argument("--json", action="store_true", help="machine-readable output")


def _print_tool_answer(answer: dict[str, Any], tool: Tool) -> None:
    print(f"{answer['procedure_title']} [{answer['procedure']}]")
    print(tool.question)
    if answer["silent"]:
        print()
        print(_wrap(answer["silent"], ""))
    if answer.get("summary"):
        print()
        said = answer["summary"]  # the headline's label, then any words that add to it
        print(_wrap(f"Answer: {said['label']}." + (f" {said['text']}" if said.get("text") else ""), ""))
    level = None
    for line in answer["lines"]:
        if line["level"] != level:
            level = line["level"]
            print(f"\n{line['level_label']}:")
        print(_wrap(line["statement"], "  - "))
        if line.get("strength"):
            print(_wrap(f"{line['strength_label']} (the source: “{line['strength_quote']}”).", "    "))
        if line.get("due_text"):
            print(_wrap(f"Due: {line['due_text']}", "    "))
        print(_wrap(_cite(line["citation"]), "    "))
        for note in line["notes"]:
            print(_wrap("Note: " + note, "    "))
    for factor in answer.get("factors") or []:
        if factor is (answer.get("factors") or [None])[0]:
            print("\nFactors to weigh:")
        print(_wrap(f"[{'x' if factor['present'] else ' '}] {factor['label']}", "  "))
    for note in answer["not_addressed"]:
        print()
        print(_wrap(note, ""))
    for w in answer["warnings"]:
        print()
        print(_wrap("Warning: " + w, ""))
    if answer.get("record_draft"):
        print("\nDraft for the record (check and complete it before use):")
        print(_wrap(answer["record_draft"], "  "))
    print()
    print(_wrap(answer["caveat"], ""))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0, or 2 for a user's error)."""
    parser = _Parser(prog="python -m calculators", description="Strategy Discussion Handbook calculators.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p_list = sub.add_parser("list", help="procedures, events and circumstances, and which apply where")
    p_list.add_argument("--json", action="store_true", help="machine-readable output")
    p_dl = sub.add_parser("deadlines", help="every deadline that runs from an event")
    p_dl.add_argument("--procedure", required=True, help=f"a procedure id, or '{ALL}' for all side by side")
    p_dl.add_argument("--event", required=True, help="what happened (see 'list')")
    p_dl.add_argument("--at", required=True, help="when, in London: YYYY-MM-DDTHH:MM[+HH:MM]")
    p_dl.add_argument("--circumstance", action="append", default=[], help="a circumstance id (repeatable)")
    p_dl.add_argument("--earlier", action="append", default=[], metavar="EVENT=TIME",
                      help="the time of an earlier event whose clocks keep running, e.g. "
                           "referral-received=2026-12-24T10:00 (repeatable)")
    p_dl.add_argument("--json", action="store_true", help="machine-readable output")
    try:
        rb = load()
    except RulebookError as exc:
        print(f"error: the rulebook is malformed: {exc}", file=sys.stderr)
        return 1
    for tool in rb.tools.values():
        _add_tool_parser(sub, tool)
    args = parser.parse_args(argv)
    try:
        if args.command in ADVISERS:
            facts = {k.split(":", 1)[1]: v for k, v in vars(args).items() if k.startswith("fact:") and v is not None}
            tool_answers = ADVISERS[args.command](args.procedure, facts)
            if args.json:
                print(json.dumps(tool_answers if args.procedure == ALL else tool_answers[0], indent=2,
                                 ensure_ascii=False, default=str))
            else:
                for i, answer in enumerate(tool_answers):
                    if i:
                        print("\n" + "=" * 96 + "\n")
                    _print_tool_answer(answer, rb.tools[args.command])
            return 0
        if args.command == "list":
            if args.json:
                print(json.dumps(_list_data(rb), indent=2, ensure_ascii=False))
            else:
                _print_list(rb)
            return 0
        earlier = _read_earlier_args(args.earlier)
        answers = deadlines(args.procedure, args.event, args.at, args.circumstance, rb, earlier)
    except InputErrors as exc:
        for e in exc.errors:
            print(f"error: {e.field}: {e.message}", file=sys.stderr)
        return 2
    except RulebookError as exc:
        print(f"error: the rulebook is malformed: {exc}", file=sys.stderr)
        return 1
    if args.json:
        payload: Any = answers if args.procedure == ALL else answers[0]
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for i, answer in enumerate(answers):
            if i:
                print("\n" + "=" * 96 + "\n")
            _print_answer(answer, rb)
    return 0
