"""Training scenarios: cases that unfold in stages, answered by the same rules as the tools.

A scenario (``scenarios/<id>.toml``) holds the facts as they emerge, the question at
each stage and prompts for the trainer, but never the answer: the answer is computed
here from the rulebook for whichever procedure the learner chose, so switching
procedure replays the case under different rules. Question kinds:

- ``deadline``: by when must a duty be done? The rules of that duty (``Rule.duty``) that
  the deadline engine applies to the stage's event; the earliest date governs.
- ``headline``: the headline of a decision tool for the stage's facts.
- ``lines``: tick the lines of a tool's answer that sit at the given levels
  (for example, who must attend as a minimum), the others being distractors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import compiled_data, date_boxes, presenter
from .deadlines import deadlines
from .decision_tools import ADVISERS
from .governing import governing_for
from .errors import InputError, InputErrors, RulebookError
from .london_time import LONDON, long_date, long_time, parse_event_time
from .rulebook import Rulebook, load
from .strict_toml import Table as _Table, check_id as _check_id

KINDS = ("deadline", "headline", "lines")
NONE_SET = "none-set"
NO_FIXED_TIME = "no-fixed-time"
SILENT = "silent"


@dataclass(frozen=True)
class Question:
    """What a stage asks, and the facts the rulebook needs to answer it."""

    kind: str
    ask: str
    duty: str = ""
    event: str = ""
    at: str = ""
    circumstances: tuple[str, ...] = ()
    tool: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    levels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stage:
    """One step of a case: what is now known, what is asked, what to discuss."""

    id: str
    title: str
    narrative: str
    question: Question
    prompts: tuple[str, ...]


@dataclass(frozen=True)
class Scenario:
    """A training case."""

    id: str
    title: str
    summary: str
    topics: tuple[str, ...]
    procedures: tuple[str, ...]
    origin: str
    stages: tuple[Stage, ...]

    @property
    def tools(self) -> list[str]:
        """The decision tools (and ``deadlines``) the case exercises."""
        seen: list[str] = []
        for s in self.stages:
            t = s.question.tool or "deadlines"
            if t not in seen:
                seen.append(t)
        return seen


def default_directory() -> Path:
    """Scenarios inside the installed package, else the repository's folder."""
    here = Path(__file__).resolve().parent
    packaged = here / "scenarios"
    return packaged if packaged.is_dir() else here.parent / "scenarios"


def _read_question(raw: Any, where: str, rb: Rulebook) -> Question:
    t = _Table(raw, f"{where} question")
    kind = t.get("kind", str)
    if kind not in KINDS:
        raise RulebookError(f"{t.where}: kind '{kind}' is not one of {', '.join(KINDS)}")
    q = Question(
        kind=kind, ask=t.get("ask", str), duty=t.get("duty", str, ""), event=t.get("event", str, ""),
        at=t.get("at", str, ""), circumstances=t.strings("circumstances", []), tool=t.get("tool", str, ""),
        facts=dict(t.get("facts", dict, {})), levels=t.strings("levels", []),
    )
    t.done()
    if kind == "deadline":
        duties = {r.duty for r in rb.all_rules()}
        if q.duty not in duties:
            raise RulebookError(f"{t.where}: no rule has the duty '{q.duty}'")
        if q.event not in rb.events:
            raise RulebookError(f"{t.where}: unknown event '{q.event}'")
        for c in q.circumstances:
            if c not in rb.circumstances:
                raise RulebookError(f"{t.where}: unknown circumstance '{c}'")
        try:
            parse_event_time(q.at)
        except InputError as exc:
            raise RulebookError(f"{t.where}: 'at': {exc.message}") from None
    else:
        if q.tool not in rb.tools:
            raise RulebookError(f"{t.where}: unknown tool '{q.tool}'")
        if kind == "headline" and not rb.tools[q.tool].headlines:
            raise RulebookError(f"{t.where}: tool '{q.tool}' gives no headline to ask about")
        if kind == "lines":
            known = {lv.id for lv in rb.tools[q.tool].levels}
            if not q.levels or not set(q.levels) <= known:
                raise RulebookError(f"{t.where}: 'levels' must name levels of '{q.tool}'")
    return q


def read_scenario(path: Path, rb: Rulebook) -> Scenario:
    """Read one scenario file strictly."""
    try:
        data = _Table(compiled_data.read(path), path.name)
    except compiled_data.NotToml as exc:
        raise RulebookError(f"{path.name}: not valid TOML: {exc}") from None
    meta = _Table(data.get("scenario", dict), f"{path.name} [scenario]")
    sid = _check_id(meta.get("id", str), meta.where)
    if f"{sid}.toml" != path.name:
        raise RulebookError(f"{meta.where}: id '{sid}' does not match the file name")
    procedures = meta.strings("procedures", list(rb.procedures))
    for p in procedures:
        if p not in rb.procedures:
            raise RulebookError(f"{meta.where}: unknown procedure '{p}'")
    title, summary = meta.get("title", str), meta.get("summary", str)
    topics, origin = meta.strings("topics"), meta.get("origin", str, "")
    meta.done()
    stages = []
    for i, raw in enumerate(data.get("stage", list)):
        st = _Table(raw, f"{path.name} stage #{i + 1}")
        stage_id = _check_id(st.get("id", str), st.where)
        stages.append(Stage(stage_id, st.get("title", str), st.get("narrative", str),
                            _read_question(st.get("question", dict), f"{path.name} stage '{stage_id}'", rb),
                            st.strings("prompts", [])))
        st.done()
    data.done()
    if len({s.id for s in stages}) != len(stages) or not stages:
        raise RulebookError(f"{path.name}: stage ids must be unique, and there must be at least one stage")
    return Scenario(sid, title, summary, topics, tuple(procedures), origin, tuple(stages))


@lru_cache(maxsize=1)
def load_scenarios() -> dict[str, Scenario]:
    """Every scenario, by id, in file-name order."""
    rb = load()
    return {s.id: s for s in (read_scenario(p, rb) for p in sorted(default_directory().glob("*.toml")))}


# ------------------------------------------------------------------ answers


def _expected_deadline(q: Question, procedure: str, rb: Rulebook) -> dict[str, Any]:
    # The deadline engine and governing.order decide; training only reads the governing limit.
    [answer] = deadlines(procedure, q.event, q.at, list(q.circumstances), rb)
    proc = rb.procedures[procedure]
    mine = [d for d in answer["deadlines"] if d["duty"] == q.duty]
    summary = governing_for(answer, q.duty)
    if not mine or summary is None:
        return {"kind": NONE_SET, "text": f"{proc.short_title} {presenter.no_timescale()}",
                "rules": [], "citations": []}
    out: dict[str, Any] = {"rules": [d["rule"] for d in mine], "citations": [d["citation"] for d in mine],
                           "statements": [d["statement"] for d in mine], "headline": summary["headline"],
                           "also": summary["also"]}
    first = next((d for d in mine if d["rule"] == summary["governs"]), None)
    if first is None:
        # Nothing firm governs: only conditional or passed limits (the headline says which).
        out.update(kind=NO_FIXED_TIME, governing=None, text=summary["headline"], working=[])
    elif first["due"]:
        kind = "datetime" if "T" in first["due"] else "date"
        out.update(kind=kind, due=first["due"], governing=first["rule"], text=first["due_text"],
                   working=first["working"])
    elif first["readings"]:
        out.update(kind="readings", accept=[r["due"] for r in first["readings"]], governing=first["rule"],
                   text=first["due_text"], working=first["working"])
    else:
        out.update(kind=NO_FIXED_TIME, governing=first["rule"], text=first["due_text"], working=[])
    return out


def _expected_tool(q: Question, procedure: str, rb: Rulebook) -> dict[str, Any]:
    [answer] = ADVISERS[q.tool](procedure, q.facts, rb)
    if answer["silent"]:
        return {"kind": SILENT, "text": answer["silent"], "lines": [], "citations": []}
    lines = answer["lines"]
    if q.kind == "headline":
        summary = answer["summary"] or {}
        said = presenter.summary_sentence(summary) if summary else ""
        return {"kind": "headline", "choice": summary.get("id"), "text": said, "detail": summary.get("text") or "",
                "citations": [line["citation"] for line in lines], "lines": lines}
    right = [line["item"] for line in lines if line["level"] in q.levels]
    cited = [line for line in lines if line["level"] in q.levels] or lines
    text = (f"{len(right)} of the {len(lines)} lines are right." if right else
            "None of them: what this procedure says here is of another kind (see the citations).")
    return {"kind": "lines", "options": [{"item": line["item"], "statement": line["statement"]} for line in lines],
            "right": right, "citations": [line["citation"] for line in cited], "lines": lines, "text": text}


def expected(scenario_id: str, stage_id: str, procedure: str, rulebook: Rulebook | None = None) -> dict[str, Any]:
    """The right answer to a stage under a procedure, computed from the rulebook."""
    rb = rulebook or load()
    scenario, stage = find_stage(scenario_id, stage_id, procedure)
    q = stage.question
    return _expected_deadline(q, procedure, rb) if q.kind == "deadline" else _expected_tool(q, procedure, rb)


def _scenario(scenario_id: str) -> Scenario:
    """The scenario with this id, or an error naming the field."""
    scenario = load_scenarios().get(scenario_id)
    if scenario is None:
        raise InputErrors([InputError("scenario", f"“{scenario_id}” is not a scenario the handbook has.")])
    return scenario


def _find(scenario_id: str, stage_id: str | None, procedure: str) -> tuple[Scenario, Stage | None]:
    scenario = _scenario(scenario_id)
    errors = []
    stage = next((s for s in scenario.stages if s.id == stage_id), None)
    if stage is None and stage_id is not None:
        errors.append(InputError("stage", f"“{stage_id}” is not a stage of this scenario."))
    if procedure not in scenario.procedures:
        errors.append(InputError("procedure", f"This scenario can be played under: {', '.join(scenario.procedures)}."))
    if errors:
        raise InputErrors(errors)
    return scenario, stage


def find_case(scenario_id: str, procedure: str) -> Scenario:
    """A scenario to be played under ``procedure``; InputErrors naming the field at fault."""
    return _find(scenario_id, None, procedure)[0]


def find_stage(scenario_id: str, stage_id: str, procedure: str) -> tuple[Scenario, Stage]:
    """A scenario and one of its stages, to be played under ``procedure``; InputErrors naming
    each field (scenario, stage, procedure) that names nothing the handbook has."""
    scenario, stage = _find(scenario_id, stage_id, procedure)
    assert stage is not None
    return scenario, stage


#: A date without a time, for a limit counted in hours.
_GIVE_THE_TIME = "This timescale is in hours: give the time as well as the date."


def _read_learner_due(value: Any, want_time: bool) -> str:
    if date_boxes.is_boxes(value):
        # The page sends the boxes as typed; a time is optional unless the limit is in hours.
        try:
            value = date_boxes.read(value, "answer", "it is due by", date_boxes.TIME_OPTIONAL)
        except InputError as exc:
            raise InputErrors([exc]) from None
        if want_time and "T" not in value:
            raise InputErrors([InputError("answer", _GIVE_THE_TIME, parts=("hour", "minute"))])
    text = str(value or "").strip()
    if text in (NONE_SET, NO_FIXED_TIME, SILENT):
        return text
    if not text:
        raise InputErrors([InputError("answer", "Give your answer: a date, or say there is no fixed time or none set.")])
    if "T" in text or " " in text:
        try:
            moment = parse_event_time(text, field="answer")
        except InputError as exc:
            # The same checks as for an event's time, worded for an answer.
            raise InputErrors([InputError("answer", exc.message.replace("of the event", "of your answer"))]) from None
        return moment.isoformat(timespec="minutes") if want_time else moment.date().isoformat()
    if want_time:
        raise InputErrors([InputError("answer", _GIVE_THE_TIME)])
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise InputErrors([InputError("answer", "Write the date as YYYY-MM-DD, for example 2026-12-31.")]) from None


def mark(scenario_id: str, stage_id: str, procedure: str, answer: Any,
         rulebook: Rulebook | None = None) -> dict[str, Any]:
    """Whether the learner's answer fits the procedure, why, and where it is written."""
    rb = rulebook or load()
    right = expected(scenario_id, stage_id, procedure, rb)
    kind = right["kind"]
    asked = find_stage(scenario_id, stage_id, procedure)[1].question.kind
    if answer is None or answer == "":
        # A question of dates says what to give once the date is read, below.
        if asked == "headline":
            raise InputErrors([InputError("answer", "Select what the procedure says, or that it says nothing on this.")])
        if asked == "lines":
            raise InputErrors([InputError("answer", "Select the lines that apply, or select “None of these”.")])
    said = ""
    if kind in ("date", "datetime", "readings", NO_FIXED_TIME, NONE_SET):
        given = _read_learner_due(answer, want_time=(kind == "datetime"))
        if given[:1].isdigit():
            said = f"By {long_date(date.fromisoformat(given[:10]))}" + (f" at {given[11:16]}" if "T" in given else "")
        if kind in ("date", "datetime"):
            correct = given == right["due"]
        elif kind == "readings":
            correct = given in right["accept"]
        else:
            correct = given == kind
    elif kind == SILENT:
        correct = str(answer or "") == SILENT
    elif kind == "headline":
        correct = str(answer or "") == right["choice"]
    else:
        chosen = answer if isinstance(answer, list) else [a for a in str(answer or "").split(",") if a]
        correct = set(chosen) == set(right["right"])
    if asked == "lines" and isinstance(answer, list) and answer:
        said = f"{len(answer)} line{'' if len(answer) == 1 else 's'} ticked"
    proc = rb.procedures[procedure]
    return {"correct": correct, "expected": right, "procedure": procedure, "procedure_title": proc.title,
            "given": said,
            "feedback": ("Yes: that fits " if correct else "Not quite: under ") + f"{proc.short_title}. "
            + right.get("text", "")}


def differences(scenario_id: str, rulebook: Rulebook | None = None) -> list[dict[str, Any]]:
    """For each stage, the answer under every procedure the scenario supports, and whether they differ."""
    rb = rulebook or load()
    scenario = _scenario(scenario_id)
    out = []
    for stage in scenario.stages:
        answers = {p: expected(scenario_id, stage.id, p, rb) for p in scenario.procedures}
        keys = {json_key(a) for a in answers.values()}
        out.append({"stage": stage.id, "answers": answers, "differ": len(keys) > 1})
    return out


def json_key(answer: dict[str, Any]) -> str:
    """What makes two expected answers the same answer, for comparing procedures."""
    return "|".join(str(answer.get(k)) for k in ("kind", "due", "accept", "choice", "right"))
