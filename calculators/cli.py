"""The command line: ``list``, ``deadlines``, ``timeline``, each decision tool, and ``check`` for a new
procedure's file; readable by default, ``--json`` for scripts.

Errors go to stderr with exit status 2; a user never sees a traceback. ``check`` exits 1
when the file has problems (it prints them all).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import Any, Sequence

from .deadlines import ALL, deadlines
from .timeline import timeline
from .timeline_view import timeline_view
from .decision_tools import ADVISERS
from . import answer_text, presenter, summary
from .errors import InputError, InputErrors, RulebookError
from .rulebook import Rulebook, check_file, load
from .tools_data import Tool


_PROCEDURE_HELP = f"a procedure id, or '{ALL}' for all side by side"
_JSON_HELP = "machine-readable output"


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
        # The reader's name for the document; its storage file name stays in --json's data.
        print(f"  {p.id:28} {p.short_title}: {p.publisher}, {p.published}")
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


def _print_answer(answer: dict[str, Any], rb: Rulebook) -> None:
    v = presenter.deadline_view(answer, {c.id: c.label for c in rb.circumstances.values()},
                                {e.id: e.short for e in rb.events.values()})
    print("\n".join(answer_text.deadline_lines(v, answer["procedure_title"])))


def _read_pairs(values: list[str] | None, field: str, example: str) -> dict[str, str]:
    """Repeatable ``EVENT=TIME`` options as a mapping; a malformed one is named at ``field``."""
    out: dict[str, str] = {}
    for v in values or []:
        event, sep, at = v.partition("=")
        if not sep or not event or not at:
            raise InputErrors([InputError(field, f"“{v}” should be an event and its time, as {example}.")])
        out[event.strip()] = at.strip()
    return out


def _print_timeline(answer: dict[str, Any], rb: Rulebook) -> None:
    v = timeline_view(answer, {c.id: c.label for c in rb.circumstances.values()},
                      {e.id: e.short for e in rb.events.values()})
    print("\n".join(answer_text.timeline_lines(v)))


def _add_tool_parser(sub: Any, tool: Tool) -> None:
    p = sub.add_parser(tool.id, help=tool.question)
    p.add_argument("--procedure", required=True, help=_PROCEDURE_HELP)
    for fld in tool.fields:
        kind_help = {
            "yes-no": "yes or no", "whole-number": f"a whole number from {fld.min} to {fld.max}",
            "date": "YYYY-MM-DD", "datetime": "YYYY-MM-DDTHH:MM, London time", "text": "words (for the draft only)",
        }.get(fld.kind, "one of: " + ", ".join(o.id for o in fld.options))
        if fld.kind == "multi":
            kind_help = "repeatable; any of: " + ", ".join(o.id for o in fld.options)
        p.add_argument(f"--{fld.id}", dest=f"fact:{fld.id}", action="append" if fld.kind == "multi" else "store",
                       help=f"{fld.label} ({kind_help})")
    p.add_argument("--json", action="store_true", help=_JSON_HELP)


def _print_tool_answer(answer: dict[str, Any], tool: Tool) -> None:
    v = presenter.tool_view(answer)
    print("\n".join(answer_text.tool_lines(v, answer["procedure_title"], answer["procedure"], tool.question)))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0, or 2 for a user's error)."""
    parser = _Parser(prog="python -m calculators", description="Strategy Discussion Handbook calculators.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p_list = sub.add_parser("list", help="procedures, events and circumstances, and which apply where")
    p_list.add_argument("--json", action="store_true", help=_JSON_HELP)
    # The deadline tool and the timeline ask the same question, and each one more time.
    for name, helps, extra, extra_help in (
        ("deadlines", ("every deadline that runs from an event", _PROCEDURE_HELP, "what happened (see 'list')"),
         "--earlier", "the time of an earlier event whose clocks keep running, e.g. referral-received=2026-12-24T10:00"),
        ("timeline", ("the chain of steps a procedure sets from an event, each with its date",
                      _PROCEDURE_HELP + " (one timeline each)", "the first event (see 'list')"),
         "--known", "the time of a later event once known, e.g. strategy-discussion-held=2026-12-29T10:00"),
    ):
        p = sub.add_parser(name, help=helps[0])
        p.add_argument("--procedure", required=True, help=helps[1])
        p.add_argument("--event", required=True, help=helps[2])
        p.add_argument("--at", required=True, help="when, in London: YYYY-MM-DDTHH:MM[+HH:MM]")
        p.add_argument("--circumstance", action="append", default=[], help="a circumstance id (repeatable)")
        p.add_argument(extra, action="append", default=[], metavar="EVENT=TIME", help=extra_help + " (repeatable)")
        p.add_argument("--json", action="store_true", help=_JSON_HELP)
    p_check = sub.add_parser("check", help="check a procedure's file against the schema and the shared vocabulary")
    p_check.add_argument("file", type=Path, help="the procedure's TOML file (see procedures/partnership-template.toml)")
    p_check.add_argument("--rulebook", type=Path, default=None, metavar="FOLDER",
                         help="the rulebook folder to check against (default: the handbook's own)")
    if argv is None:
        argv = sys.argv[1:]
    if list(argv[:1]) == ["check"]:
        # Checked before the rulebook is loaded: a file being written should not need the
        # rulebook to accept it first, and the tools' subcommands are not needed here.
        return _check(parser.parse_args(argv))
    try:
        rb = load()
    except RulebookError as exc:
        return _malformed(exc)
    for tool in rb.tools.values():
        if getattr(tool, "kind", "advice") == "advice":  # the deadline tool is the `deadlines` command
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
        if args.command == "timeline":
            timelines = timeline(args.procedure, args.event, args.at, args.circumstance,
                                 _read_pairs(args.known, "known", "strategy-discussion-held=2026-12-29T10:00"), rb)
            if args.json:
                print(json.dumps(timelines if args.procedure == ALL else timelines[0], indent=2, ensure_ascii=False))
            for i, answer in enumerate([] if args.json else timelines):
                print("\n" + "=" * 96 + "\n" if i else "", end="")
                _print_timeline(answer, rb)
            return 0
        earlier = _read_pairs(args.earlier, "earlier", "referral-received=2026-12-24T10:00")
        answers = deadlines(args.procedure, args.event, args.at, args.circumstance, rb, earlier)
    except InputErrors as exc:
        for e in exc.errors:
            print(f"error: {e.field}: {e.message}", file=sys.stderr)
        return 2
    except RulebookError as exc:
        return _malformed(exc)
    if args.json:
        payload: Any = answers if args.procedure == ALL else answers[0]
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        if len(answers) > 1:  # as the page: one table first, procedure by procedure
            print("\n".join(summary.summary_lines(summary.deadline_summary(answers))))
            print("\n" + answer_text.SEPARATOR + "\n")
        for i, answer in enumerate(answers):
            if i:
                print("\n" + answer_text.SEPARATOR + "\n")
            _print_answer(answer, rb)
    return 0


def _malformed(exc: RulebookError) -> int:
    """The maintainers' error, not the user's: status 1."""
    print(f"error: the rulebook is malformed: {exc}", file=sys.stderr)
    return 1


def _check(args: argparse.Namespace) -> int:
    """``check FILE``: every problem of one procedure's file, one a line; 0 clean, 1 not, 2 unusable."""
    path: Path = args.file
    if not path.is_file():
        print(f"error: file: {path} is not a file", file=sys.stderr)
        return 2
    if path.suffix != ".toml":
        print(f"error: file: {path} is not a .toml file", file=sys.stderr)
        return 2
    folder = args.rulebook
    if folder is not None and not (folder / "vocabulary.toml").is_file():
        print(f"error: rulebook: {folder} holds no vocabulary.toml", file=sys.stderr)
        return 2
    try:
        problems = check_file(path, folder)
    except RulebookError as exc:
        print(f"error: the rulebook it is checked against is malformed: {exc}", file=sys.stderr)
        return 2
    for message in problems:
        # Each message starts with the file's name; show the path as given instead.
        named = str(path) + message[len(path.name):] if message.startswith(path.name) else f"{path}: {message}"
        print(named)
    if problems:
        print(f"{len(problems)} problem(s) in {path}; see procedures/README.md for the schema.")
        return 1
    print(f"{path}: no problems found.")
    return 0
