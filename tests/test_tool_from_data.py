"""A tool that only asks and advises is data: added to a copy of the rulebook, with no Python.

The recipe of CONTRIBUTING.md ("add a tool"): a ``[[tool]]`` in ``procedures/tools.toml``
and ``[[guidance]]`` lines (with a ``[[check]]``) in a procedure's file. The shared engine
answers it, its headline and its computed facts come from the data, and a procedure with
no lines says it is silent.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from calculators.decision_tools import adviser
from calculators.errors import InputErrors
from calculators.rulebook import default_directory, load_from

TOOL = '''

[[tool]]
id = "record-keeping"
title = "Keeping the record"
question = "Who keeps the record of the strategy discussion?"
page = "recording.md"
headlines = [
  { id = "chair-keeps", level = "keeper", when = ["recorded=yes"], label = "The chair sees that the record is kept" },
]
levels = [
  { id = "keeper", label = "Who keeps it" },
  { id = "info", label = "What the procedure says" },
]

[[tool.field]]
id = "recorded"
kind = "yes-no"
label = "Has a record been started?"
required = true

[[tool.field]]
id = "held-on"
kind = "date"
label = "The date of the discussion"

[[tool.field]]
id = "filed-on"
kind = "date"
label = "The date the record was filed"

[[tool.conflict]]
order = ["held-on", "filed-on"]
field = "filed-on"
message = "The record cannot be filed before the discussion: check the two dates."
'''

GUIDANCE = '''

[[guidance]]
id = "ps-rk-chair-keeps"
tool = "record-keeping"
level = "keeper"
when = ["recorded=yes"]
statement = "The chair makes sure a clear record is made and put on the child's file."
citation = { document = "001_3e51a89a92a894b8.txt", section = "Procedures: Recording Strategy Discussions", quote = "A clear record of the meeting is made" }
strength = "must"
strength_quote = "The Chair of the strategy meeting must ensure that"

[[check]]
tool = "record-keeping"
name = "A record started: the chair keeps it"
facts = { recorded = true }
summary = "chair-keeps"
expect = ["ps-rk-chair-keeps"]
'''


@pytest.fixture()
def rulebook_with_a_new_tool(tmp_path: Path):
    copy = tmp_path / "procedures"
    shutil.copytree(default_directory(), copy)
    (copy / "compiled.json").unlink(missing_ok=True)
    with (copy / "tools.toml").open("a", encoding="utf-8") as f:
        f.write(TOOL)
    [ps] = [p for p in copy.rglob("practice-standards-2025.toml")]
    with ps.open("a", encoding="utf-8") as f:
        f.write(GUIDANCE)
    return load_from(copy)


def test_a_tool_added_as_data_answers_with_its_headline_and_citations(rulebook_with_a_new_tool):
    rb = rulebook_with_a_new_tool
    assert "record-keeping" in rb.tools
    [answer] = adviser("record-keeping")("practice-standards-2025", {"recorded": "yes"}, rb)
    assert answer["summary"]["id"] == "chair-keeps"
    [line] = answer["lines"]
    assert line["item"] == "ps-rk-chair-keeps" and line["strength"] == "must"
    assert line["citation"]["source"] == "Practice standards (2025)"


def test_a_procedure_without_lines_for_the_new_tool_says_it_is_silent(rulebook_with_a_new_tool):
    rb = rulebook_with_a_new_tool
    answers = adviser("record-keeping")("all", {"recorded": "yes"}, rb)
    silent = [a for a in answers if a["procedure"] != "practice-standards-2025"]
    assert silent and all("says nothing on this question" in a["silent"] for a in silent)


def test_the_new_tools_date_order_is_checked_from_its_data(rulebook_with_a_new_tool):
    with pytest.raises(InputErrors) as exc:
        adviser("record-keeping")("practice-standards-2025",
                                  {"recorded": "yes", "held-on": "2026-12-10", "filed-on": "2026-12-09"},
                                  rulebook_with_a_new_tool)
    assert [e.field for e in exc.value.errors] == ["filed-on"]


def test_only_tools_that_compute_something_have_a_module():
    import importlib.util

    from calculators.rulebook import load

    with_module = [t for t in load().tools
                   if importlib.util.find_spec(f"calculators.{t.replace('-', '_')}") is not None]
    # The joint investigation weighs several harms, the child seen alone drafts a record:
    # both compute. Every other tool is data alone.
    assert set(with_module) <= {"joint-investigation", "seen-alone", "outcomes"}
