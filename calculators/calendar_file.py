"""A timeline's dated steps as an iCalendar file (RFC 5545), for "Download calendar file".

Standard library only, and deterministic: the same question gives the same bytes. Each
step whose headline names a date becomes one event, titled with the procedure's short
name and the headline as ``timeline_view`` words it (an assumed date says so in its
headline), described with the limit's rule and citation. A due time is written in UTC
(``...Z``: no time-zone table is needed); a due day ("by the end of ...") is an all-day
event. ``DTSTAMP`` is the first event's time, not the clock's, and each ``UID`` is a hash
of the event's content, so nothing in the file depends on when or where it was made.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any

PRODID = "-//Strategy Discussion Handbook//Case timeline//EN"
#: The calendar's name, as calendar programs show it.
CALENDAR_NAME = "Case timeline (Strategy Discussion Handbook)"
#: The file's name when downloaded: no case fact in it.
FILE_NAME = "case-timeline.ics"
#: What every event's description ends with.
CHECK_NOTE = ("Worked out by the Strategy Discussion Handbook from the times given. Check it against your own "
              "area's current procedure.")
_LIMIT = 75  # octets a content line may hold before it is folded (RFC 5545, 3.1)


def _escape(text: str) -> str:
    """TEXT value escaping (RFC 5545, 3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> list[str]:
    """A content line folded at 75 octets, never inside a UTF-8 character."""
    out: list[str] = []
    current, size = "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        limit = _LIMIT if not out else _LIMIT - 1  # a continuation starts with one space
        if size + n > limit:
            out.append(current)
            current, size = "", 0
        current += ch
        size += n
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _when(due: str) -> list[str]:
    """DTSTART (and DTEND for a day) of a due time ("2026-12-25T16:30+00:00") or day ("2027-01-04")."""
    if "T" in due:
        # A DATE-TIME start and no end: the event ends when it starts (RFC 5545, 3.6.1).
        return [f"DTSTART:{_utc(datetime.fromisoformat(due))}"]
    day = date.fromisoformat(due)
    return [f"DTSTART;VALUE=DATE:{day:%Y%m%d}", f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}"]


def step_due(step: Mapping[str, Any]) -> str:
    """The date a timeline step's headline names: the governing limit's, else the limit heading it."""
    due = (step.get("governing") or {}).get("due")
    if not due and step.get("head") is not None:
        due = step["limits"][step["head"]].get("due")
    return due or ""


def dated_steps(answer: Mapping[str, Any], view: Mapping[str, Any]) -> list[dict[str, str]]:
    """The steps of one timeline that have a date: its due, title and description."""
    out = []
    for stage, stage_view in zip(answer["stages"], view["stages"]):
        for step, step_view in zip(stage["steps"], stage_view["steps"]):
            due = step_due(step)
            if not due:
                continue
            lines = [step_view["headline"], *step_view["flags"]]
            if step.get("head") is not None:  # the limit the headline names, with its source
                lim = step_view["limits"][step["head"]]
                lines.append(f"Rule {lim['rule']}. {lim['citation']['text']}")
            out.append({"due": due, "summary": f"{view['heading']}: {step_view['headline']}",
                        "description": "\n".join([*dict.fromkeys(lines), CHECK_NOTE])})
    return out


def calendar(answers: Sequence[Mapping[str, Any]], views: Sequence[Mapping[str, Any]]) -> str:
    """The iCalendar text (CRLF line ends) of every dated step of the timelines given."""
    stamp = _utc(datetime.fromisoformat(answers[0]["at"])) if answers else "19700101T000000Z"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{_escape(CALENDAR_NAME)}"]
    for answer, view in zip(answers, views):
        for ev in dated_steps(answer, view):
            body = [*_when(ev["due"]), f"SUMMARY:{_escape(ev['summary'])}",
                    f"DESCRIPTION:{_escape(ev['description'])}", "TRANSP:TRANSPARENT"]
            uid = hashlib.sha256("\n".join([answer["procedure"], *body]).encode("utf-8")).hexdigest()[:32]
            lines += ["BEGIN:VEVENT", f"UID:{uid}@strategy-discussion-handbook.invalid", f"DTSTAMP:{stamp}", *body,
                      "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
