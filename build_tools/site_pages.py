"""Pages and words written at build time from the rulebook: "Sources", "What's new", the
handbook's version and the app's notes.

``procedure_pages.stage`` writes ``sources.md`` and ``whats-new.md`` into the staged docs
(mkdocs.yml's nav names them under "Home") and passes ``handbook_extra`` to the theme as
``config.extra.handbook``: the site version shown at the foot of every page
(build_tools/theme/partials/copyright.html) and the notes the page's scripts place
(docs/assets/javascripts/register-sw.mjs), worded here and not in a script.

Nothing here names a storage file: a document is shown by its title, publisher and date.
"""

from __future__ import annotations

from pathlib import Path

from build_tools.changes import Change, read_changes
from calculators.content_version import CHANGES_FILE, SITE_PARTS, ContentVersion, compute
from calculators.london_time import long_date
from calculators.rulebook_types import Procedure, Rulebook

ROOT = Path(__file__).resolve().parents[1]
SOURCES_PAGE = "sources.md"
WHATS_NEW_PAGE = "whats-new.md"
#: What a procedure's file leaves out (an optional key), as a reader sees it.
NOT_STATED = "Not stated."
#: How to find the current version of a document: words only, no address the data does not hold.
CURRENT_VERSION = ("The handbook holds a dated copy, not the current version. To find the current "
                   "version, ask your partnership's safeguarding team, or search the publisher's "
                   "procedures site for the document's title.")
#: The app's notes, placed by docs/assets/javascripts/register-sw.mjs.
OFFLINE_READY = "Ready to use offline: the handbook and its tools are now stored on this device."
RELOAD = "A newer version of the handbook has been published. Reload the page to read it."


def in_sentence(text: str) -> str:
    """A publisher's name as it reads after "Published by": a leading article in lower case
    ("a local authority's ..."), a name (``Peterborough ...``) as it is."""
    first, _, rest = text.partition(" ")
    return f"{first.lower()} {rest}" if first in {"A", "An", "The"} and rest else text


def _sources_entry(proc: Procedure) -> str:
    lines = [
        f"## {proc.short_title} {{ #{proc.id} }}",
        "",
        f"**{proc.title}.** {proc.description}",
        "",
        f"- Published by {in_sentence(proc.publisher)}.",
        f"- Dated: {proc.published}.",
        f"- Amendment notes: {proc.amendments or NOT_STATED}",
    ]
    if proc.in_force_from:
        lines.append(f"- Arrangements from {long_date(proc.in_force_from)}.")
    lines += [
        f"- Status: {proc.status}",
        f"- The current version: {CURRENT_VERSION}",
        "",
        "Every rule and item of guidance the handbook takes from it: "
        f"[{proc.short_title}](procedures/{proc.id}.md).",
        "",
    ]
    return "\n".join(lines)


def sources_markdown(rb: Rulebook) -> str:
    """The "Sources" page: each document the handbook follows, what it is, who published it,
    when, its status and how to find the current version."""
    head = [
        "---",
        "description: The documents the handbook follows, who published each and when, and how to find the current version.",
        "---",
        "",
        "# Sources",
        "",
        "The handbook follows the documents below, one page each under Procedures. Each is a dated",
        "snapshot: the handbook's copy is of the document as it stood on its date, and the handbook does",
        "not follow later changes. Before relying on an answer, check your partnership's current",
        "procedure, and follow it where it differs.",
        "",
        "Citations throughout the handbook name a document by its short name and date, as in the",
        "headings below, followed by its section.",
        "",
    ]
    return "\n".join(head) + "\n".join(_sources_entry(p) for p in rb.procedures.values())


def _change_item(c: Change, rb: Rulebook) -> str:
    names = [rb.procedures[p].short_title for p in c.procedures if p in rb.procedures]
    touched = f" Procedures: {', '.join(names)}." if names else ""
    return f"- **{long_date(c.date)}.** {c.what}{touched}"


def whats_new_markdown(rb: Rulebook, changes: list[Change], version: ContentVersion) -> str:
    """The "What's new" page: each change to a rule or chapter, newest first, with its date."""
    lines = [
        "---",
        "description: Each change to the handbook's rules and chapters, newest first, with its date.",
        "---",
        "",
        "# What's new",
        "",
        f"This is version {version.version} of the handbook, of {long_date(version.date)}. The version",
        "is worked out from the handbook's content, so it changes whenever a rule, a case or a page does.",
        "Each change a reader would notice in a rule or a chapter is listed here, newest first.",
        "",
    ]
    lines += [_change_item(c, rb) for c in changes]
    return "\n".join(lines) + "\n"


def procedure_changes(proc: Procedure, changes: list[Change]) -> str:
    """The changes the handbook made to what it takes from one procedure, as Markdown."""
    mine = [c for c in changes if proc.id in c.procedures]
    if not mine:
        return "The handbook has recorded no change to what it takes from this document.\n"
    return "\n".join(f"- **{long_date(c.date)}.** {c.what}" for c in mine) + "\n"


def site_version() -> ContentVersion:
    """The version of the whole handbook: procedures/, scenarios/ and docs/."""
    return compute(ROOT, SITE_PARTS)


def changes_list(directory: Path) -> list[Change]:
    """The changes of a rulebook folder (none where it has no changes file)."""
    path = directory / CHANGES_FILE
    return read_changes(path) if path.is_file() else []


def handbook_extra(version: ContentVersion) -> dict[str, str]:
    """What the theme shows and the scripts place: the version line and the app's notes."""
    return {"version": version.version, "date_text": long_date(version.date),
            "version_line": f"Strategy Discussion Handbook, version {version.version} of {long_date(version.date)}.",
            "whats_new": "What's new", "offline_ready": OFFLINE_READY, "reload": RELOAD}
