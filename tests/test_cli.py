"""The command line, as a person or a script uses it: output, exit status, errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from repo_paths import ROOT

from command_line import cli


def test_python_dash_m_calculators_runs_as_a_program():
    done = subprocess.run([sys.executable, "-m", "calculators", "list", "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and json.loads(done.stdout)["procedures"]


def test_list_readable():
    out = cli("list")
    assert out.returncode == 0
    for word in ("peterborough-2012", "practice-standards-2025", "south-tyneside-2016", "devon-mash-2014",
                 "gloucestershire-audit-2015", "referral-received", "serious-harm"):
        assert word in out.stdout


def test_list_json():
    out = cli("list", "--json")
    data = json.loads(out.stdout)
    procs = {p["id"]: p for p in data["procedures"]}
    assert "emergency-action" in procs["gloucestershire-audit-2015"]["events"]
    assert "high-concern" in procs["practice-standards-2025"]["circumstances"]
    assert {e["id"] for e in data["events"]} >= {"referral-received", "concerns-identified", "emergency-action",
                                                 "strategy-discussion-held", "whereabouts-unknown"}


def test_deadlines_readable_shows_full_date_rule_citation_and_working():
    out = cli("deadlines", "--procedure", "practice-standards-2025", "--event", "referral-received",
              "--at", "2026-12-24T16:30")
    assert out.returncode == 0
    assert "Thursday 31 December 2026" in out.stdout
    assert "ps-convene-3-working-days" in out.stdout
    assert "Practice standards (2025)" in out.stdout
    assert "001_3e51a89a92a894b8.txt" not in out.stdout, "readers see a document's name, not its file name"
    assert "Boxing Day (substitute day)" in out.stdout


def test_deadlines_json_shape():
    out = cli("deadlines", "--procedure", "practice-standards-2025", "--event", "strategy-discussion-held",
              "--at", "2026-12-14T11:00", "--json")
    data = json.loads(out.stdout)
    assert {"procedure", "event", "at", "deadlines", "warnings"} <= set(data)
    rules = {d["rule"]: d for d in data["deadlines"]}
    s47 = rules["ps-section-47-complete-15-days"]
    assert s47["due"] is None
    assert {r["unit"]: r["due"] for r in s47["readings"]} == {"calendar-days": "2026-12-29",
                                                              "working-days": "2027-01-07"}
    assert rules["ps-initial-conference-15-working-days"]["due"] == "2027-01-07"
    assert rules["ps-child-seen-24-hours"]["due"] == "2026-12-15T11:00+00:00"
    assert rules["ps-file-updated-immediately"]["due"] is None
    assert set(s47["citation"]) == {"document", "source", "section", "quote"}


def test_all_procedures_json_is_a_list():
    out = cli("deadlines", "--procedure", "all", "--event", "emergency-action", "--at", "2026-03-28T09:00",
              "--json")
    data = json.loads(out.stdout)
    assert [a["procedure"] for a in data] == ["peterborough-2012", "practice-standards-2025",
                                              "south-tyneside-2016", "devon-mash-2014",
                                              "gloucestershire-audit-2015"]
    glos = {d["rule"]: d for d in data[4]["deadlines"]}
    assert glos["gl-after-emergency-action-24-hours"]["due"] == "2026-03-29T10:00+01:00"


def test_circumstances_repeat():
    out = cli("deadlines", "--procedure", "practice-standards-2025", "--event", "referral-received",
              "--at", "2026-12-24T16:30", "--circumstance", "immediate-action", "--circumstance", "complex",
              "--json")
    rules = {d["rule"] for d in json.loads(out.stdout)["deadlines"]}
    assert {"ps-immediate-action-1-working-day", "ps-complex-5-working-days"} <= rules


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--procedure", "camelot-1190", "--event", "referral-received", "--at", "2026-12-24T16:30"], "procedure"),
        (["--procedure", "all", "--event", "coffee", "--at", "2026-12-24T16:30"], "event"),
        (["--procedure", "all", "--event", "referral-received", "--at", "2026-02-30T10:00"], "at"),
        (["--procedure", "all", "--event", "referral-received", "--at", "2026-03-29T01:30"], "at"),
        (["--procedure", "all", "--event", "referral-received", "--at", "2026-10-25T01:30"], "at"),
        (["--procedure", "all", "--event", "referral-received", "--at", "2009-06-01T10:00"], "at"),
        (["--procedure", "all", "--event", "referral-received", "--at", "2026-12-24T16:30",
          "--circumstance", "windy"], "circumstances"),
    ],
)
def test_errors_exit_2_with_a_message_naming_the_field(args, field):
    out = cli("deadlines", *args)
    assert out.returncode == 2
    assert out.stdout == ""
    assert f"error: {field}:" in out.stderr
    assert "Traceback" not in out.stderr


def test_missing_argument_exits_2_without_traceback():
    out = cli("deadlines", "--procedure", "all", "--event", "referral-received")
    assert out.returncode == 2
    assert "--at" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize("args, hint", [
    (("seen-alone", "--procedure", "practice-standards-2025", "--bogus"), "python -m calculators --help"),
    (("seen-alone", "--seen-alone", "no"), "python -m calculators seen-alone --help"),
    (("no-such-command",), "python -m calculators --help"),
])
def test_a_usage_error_points_to_help_that_exists(args, hint):
    out = cli(*args)
    assert out.returncode == 2
    assert out.stderr.endswith(f"(see: {hint})\n")
    shown = hint.split()[3:-1]  # the subcommand, if any
    assert cli(*shown, "--help").returncode == 0
