"""The substance of every answer the handbook gives to its own examples, as stable JSON.

Asked through ``calculators.web.run``, the entry point the pages use:

- every worked example of every rule (``procedures/partnerships/*.toml``), under the
  rule's own procedure and, once per distinct question, under ``all``;
- every ``[[check]]`` (worked case) of every decision tool of ``procedures/tools.toml``,
  under the check's procedure and under ``all``;
- the expected answer of every stage of every training scenario under every procedure
  it supports, and whether the procedures differ at that stage.

Only the substance is kept, never the wording: for a deadline, each limit's rule, role,
due date-time (ISO), readings and strength, and the governing limit of each duty; for a
decision tool, the headline's id and each line's id, level, strength and date; for
training, the kind of answer and what counts as right. A refusal keeps its field and
message. Lists keep the engine's order (which limit comes first is part of the answer);
keys are sorted; an empty value is left out (absent means none).

It uses only what the package offered before issue 15's move as well (``web.run``'s
``answers``, ``rulebook.load``, ``training.load_scenarios``), so it runs unchanged on an
older checkout::

    PYTHONPATH=/tmp/golden-before .venv/bin/python tests/golden_answers.py > before.json
    .venv/bin/python tests/golden_answers.py > after.json
    .venv/bin/python tests/golden_answers.py compare before.json after.json

``tests/test_golden_answers.py`` compares its output with ``tests/golden/answers.json``.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

if importlib.util.find_spec("calculators") is None:  # run as a script: the checkout this file is in
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from calculators import training  # noqa: E402
from calculators.rulebook import load  # noqa: E402
from calculators.web import run  # noqa: E402

Json = dict[str, Any]
ALL = "all"
GOLDEN = Path(__file__).resolve().parent / "golden" / "answers.json"


def ask(tool: str, request: Json) -> Json:
    """One request through the pages' entry point, parsed."""
    return json.loads(run(tool, json.dumps(request)))


def kept(record: Json) -> Json:
    """A record without its empty values, so that most records fit on one line."""
    return {k: v for k, v in record.items() if v not in (None, "", [], {})}


def limit_substance(d: Json) -> Json:
    """One limit of a deadline answer: which rule, its role, from what, due when, how strong."""
    readings = d.get("readings")
    return kept({
        "rule": d["rule"], "role": d.get("role"), "origin": d.get("origin"), "status": d.get("status"),
        "runs_from": (d.get("runs_from") or {}).get("event"), "due": d.get("due"),
        "readings": {r["unit"]: r["due"] for r in readings} if readings else None,
        "strength": d.get("strength"), "condition": d.get("condition"),
        "related_to": d.get("related_to"), "stricter": d.get("stricter"),
    })


def deadline_substance(a: Json) -> Json:
    """One procedure's deadline answer: the governing limit of each duty, then every limit."""
    return kept({
        "procedure": a["procedure"], "at": a["at"],
        "governing": [kept({
            "duty": g["duty"], "governs": g["governs"], "due": g["due"], "strength": g["strength"],
            "next": g.get("next"), "also": g.get("also"), "passed": g.get("passed"),
            "applies_if": [c["rule"] for c in g.get("applies_if", [])],
        }) for g in a.get("governing", [])],
        "limits": [limit_substance(d) for d in a["deadlines"]],
        "running": [{"rule": r["rule"], "events": r.get("events", [])} for r in a.get("running", [])],
        "not_running": [r["rule"] for r in a.get("not_running", [])],
        "silent": bool(a.get("silent")),
        "warnings": a.get("warnings"),
    })


def line_substance(line: Json) -> Json:
    """One line of a decision tool's answer: which guidance, at which level, how strong, dated."""
    return kept({"item": line["item"], "level": line["level"], "strength": line.get("strength"),
                 "due": line.get("due")})


def tool_substance(a: Json) -> Json:
    """One procedure's decision-tool answer: the headline and the lines."""
    return kept({
        "procedure": a["procedure"], "headline": (a.get("summary") or {}).get("id"),
        "lines": [line_substance(line) for line in a.get("lines", [])],
        "not_addressed": a.get("not_addressed"), "silent": bool(a.get("silent")),
        "warnings": a.get("warnings"),
    })


def expected_substance(e: Json) -> Json:
    """A training stage's expected answer: its kind and what counts as right (the lines
    offered are those of ``lines``)."""
    return kept({
        "kind": e["kind"], "due": e.get("due"), "accept": e.get("accept"), "governing": e.get("governing"),
        "rules": e.get("rules"), "also": e.get("also"), "choice": e.get("choice"), "right": e.get("right"),
        "lines": [line_substance(line) for line in e.get("lines") or []],
    })


def answers(tool: str, request: Json, substance: Callable[[Json], Json], among: set[str]) -> Json:
    """The substance of each procedure's answer to one request (of the procedures ``among``),
    or of its refusal."""
    response = ask(tool, request)
    if not response.get("ok"):
        return {"request": request,
                "errors": [{"field": e.get("field"), "message": e.get("message")} for e in response["errors"]]}
    return {"request": request,
            "answers": [substance(a) for a in response["answers"] if a.get("procedure") in among]}


def unique(key: str, table: Json) -> str:
    """``key``, numbered if it is taken (two examples of a rule may share a name)."""
    n, candidate = 1, key
    while candidate in table:
        n += 1
        candidate = f"{key} #{n}"
    return candidate


def golden(procedures: Iterable[str] | None = None) -> Json:
    """Every answer's substance, keyed by a readable name of its question.

    ``procedures`` limits it to those procedures (by default every one the rulebook holds):
    the test compares the procedures the file records, so a partnership that adds its own
    procedure's file changes no recorded answer and needs no refresh.
    """
    rb = load()
    among = set(rb.procedures if procedures is None else procedures)
    out: Json = {"procedures": sorted(among & set(rb.procedures)), "deadline-examples": {},
                 "deadline-examples-all": {}, "tool-checks": {}, "tool-checks-all": {}, "training": {}}
    for rule in (r for r in rb.all_rules() if r.procedure in among):
        for ex in rule.examples:
            question = {"event": ex.event, "at": ex.at, "circumstances": list(ex.circumstances)}
            key = unique(f"{rule.id}: {ex.name}", out["deadline-examples"])
            out["deadline-examples"][key] = answers("deadlines", {"procedure": rule.procedure, **question},
                                                    deadline_substance, among)
            every = f"{ex.event} at {ex.at}" + "".join(f" +{c}" for c in ex.circumstances)
            if every not in out["deadline-examples-all"]:
                out["deadline-examples-all"][every] = answers("deadlines", {"procedure": ALL, **question},
                                                              deadline_substance, among)
    for proc in (p for p in rb.procedures.values() if p.id in among):
        for check in proc.checks:
            key = unique(f"{check.tool} / {proc.id}: {check.name}", out["tool-checks"])
            for section, asked in (("tool-checks", proc.id), ("tool-checks-all", ALL)):
                out[section][key] = answers(check.tool, {"procedure": asked, "facts": check.facts}, tool_substance,
                                          among)
    for scenario in training.load_scenarios().values():
        compared = ask("training", {"action": "differences", "scenario": scenario.id})["result"]
        differ = {row["stage"]: row["differ"] for row in compared}
        for stage in scenario.stages:
            out["training"][f"{scenario.id} / {stage.id}"] = {"differ": differ[stage.id], "expected": {
                pid: expected_substance(ask("training", {"action": "expected", "scenario": scenario.id,
                                                         "stage": stage.id, "procedure": pid})["result"])
                for pid in scenario.procedures if pid in among}}
    return out


#: A value whose JSON fits in this many characters is written on one line: one limit or
#: line of an answer per line of the file, so a diff shows the whole record that changed.
ONE_LINE = 200


def dumps(data: Any, indent: str = "") -> str:
    """The stable text of the golden file: sorted keys, short values on one line, UTF-8 as written."""
    flat = json.dumps(data, sort_keys=True, ensure_ascii=False)
    end = "" if indent else "\n"
    if len(flat) <= ONE_LINE or not isinstance(data, (dict, list)) or not data:
        return flat + end
    inner = indent + " "
    if isinstance(data, dict):
        body = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {dumps(data[k], inner)}" for k in sorted(data)]
        return "{\n" + ",\n".join(body) + f"\n{indent}}}" + end
    return "[\n" + ",\n".join(inner + dumps(v, inner) for v in data) + f"\n{indent}]" + end


def differences(before: Any, after: Any, path: str = "") -> list[str]:
    """Every place two golden documents differ, as ``path: before -> after`` (the path names
    the question, the procedure's answer and the field)."""
    if isinstance(before, dict) and isinstance(after, dict):
        out = []
        for k in sorted(set(before) | set(after)):
            where = f"{path} › {k}" if path else k
            if k not in after:
                out.append(f"{where}: gone (was {json.dumps(before[k], ensure_ascii=False)[:300]})")
            elif k not in before:
                out.append(f"{where}: new ({json.dumps(after[k], ensure_ascii=False)[:300]})")
            else:
                out += differences(before[k], after[k], where)
        return out
    if isinstance(before, list) and isinstance(after, list):
        if len(before) == len(after):
            return [d for i, (b, a) in enumerate(zip(before, after)) for d in differences(b, a, f"{path}[{i}]")]
        # A line or limit more or fewer: name it rather than print both lists.
        gone, new = [b for b in before if b not in after], [a for a in after if a not in before]
        if gone or new:
            return [f"{path}: " + "; ".join(([f"without {_text(gone)}"] if gone else [])
                                            + ([f"with {_text(new)}"] if new else []))]
    if before == after:
        return []
    return [f"{path}: {_text(before)} -> {_text(after)}"]


def _text(value: Any) -> str:
    """A value as it is written in the golden file."""
    return json.dumps(value, ensure_ascii=False)


def main(argv: list[str]) -> int:
    """Print the golden JSON of this checkout, or (``compare A B``) how two of them differ."""
    if argv[:1] == ["compare"] and len(argv) == 3:
        found = differences(*(json.loads(Path(p).read_text(encoding="utf-8")) for p in argv[1:]))
        print("\n".join(found) or "No differences.")
        return 1 if found else 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    sys.stdout.write(dumps(golden()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
