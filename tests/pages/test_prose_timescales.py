"""Every timescale written in the pages' prose is one the rulebook holds for a source it cites.

The pages render rules from ``procedures/`` through fences (``topic-rules``, ``answer``,
``compare`` ...), so those can never drift from the rulebook. What is still written by hand
(the chapters' summaries, the "where the procedures differ" callouts, the quick answers, the
reading conventions) is checked here, straight from the Markdown, with no build:

- every timescale phrase outside fences (a number of hours, working days, days or weeks, in
  digits or words; "same day"; "as soon as possible"; "immediately"; "the earliest
  opportunity") must match a rule of a procedure that the sentence cites or names: the same
  amount and unit ("15 days" is a number of days of no stated kind), or, for a phrase with no
  number, a rule whose timescale, quotation or statement carries it; a phrase that the rulebook
  lists as ``not_a_timescale`` of that procedure is accepted as such;
- the procedures a phrase is checked against are those the sentence cites or names; if it
  names none, those of its paragraph or list item; if none, those its heading names; if none,
  the page's own, where the page cites only one;
- a date written out with its weekday ("Friday 25 December 2026") is a computed due date and
  belongs in an ``answer`` fence, unless it is the moment a fence on the same page asks about;
- the exceptions are listed in ``ALLOWED`` below, each with its reason;
- a source's words quoted in prose (in quotation marks, outside the citations) are word for word
  in a source the sentence cites or names, so that a duty's force is carried by the source's own
  words; the handbook's own quoted words (a tool's label, a convention) are listed in
  ``QUOTES_ALLOWED``.

Names, units and amounts are read from the rulebook (``calculators.rulebook.load``), never
typed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from build_tools.procedure_pages import page_markdown, page_path
from calculators.rulebook import Procedure, Rulebook, load

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

#: Phrases that look like timescales but are not a rule's, each with why (page, words, reason).
#: The words must occur in the sentence the phrase is in; an entry that matches nothing fails.
ALLOWED: list[tuple[str, str, str]] = [
    ("timing.md", "one working day after a Friday is the following Monday",
     "the counting convention for working days, illustrated; not a rule of any procedure"),
    ("timing.md", "shifts by an hour",
     "the counting convention for hours across a change of the clocks"),
    ("timing.md", "Where a source asks for something",
     "the counting convention for limits with no number, not a rule of any procedure"),
    ("reading-the-sources.md", "leave less than an hour",
     "the convention for a limit about to pass (the warning threshold), not a source's timescale"),
]

#: Words in quotation marks that are the handbook's, not a source's (page, words, reason).
QUOTES_ALLOWED: list[tuple[str, str, str]] = [
    ("audit-lessons.md", "physical injury", "the label of a fact in the attendance tool"),
    ("hospital.md", "The child is in hospital", "the label of a fact in the attendance tool"),
    ("reading-the-sources.md", "also applies", "the words an answer shows beside a limit that does not govern"),
    ("reading-the-sources.md", "if", "the word an answer shows before a condition not given"),
    ("reading-the-sources.md", "is responsible for",
     "one of the words that carry a requirement, named as a word (the practice standards use it)"),
    ("timing.md", "as soon as possible", "the counting convention for limits with no number"),
    ("the-discussion.md", "the family", "what the other sources speak of, set against Devon's words"),
    ("glossary.md", "Section 47 investigation", "a name the sources use (Devon), listed among the other names"),
]

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "twenty-four": 24, "forty-five": 45,
}
_NUM = r"(\d+|" + "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True)) + r")"
_UNITS = (
    (r"working[\s-]days?", "working-days"),
    (r"hours?", "hours"),
    (r"days?", "days-unstated"),
    (r"weeks?", "weeks"),
)
_AMOUNT = re.compile(r"(?<![\w-])" + _NUM + r"[\s-]+(" + "|".join(u for u, _ in _UNITS) + r")(?![\w-])", re.I)
#: Phrases with no number, and the words a rule (or a not-a-timescale) must carry to match.
_WORDED = {
    "same day": ("same day", "same-day"),
    "as soon as possible": ("as soon as possible",),
    "immediately": ("immediate",),
    "earliest opportunity": ("earliest opportunity",),
}
_WORDED_RE = re.compile(r"\b(" + "|".join(re.escape(w) for w in _WORDED) + r")\b", re.I)
_WEEKDAY_DATE = re.compile(
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) (\d{1,2}) "
    r"(January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})\b")
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_FENCE_AT = re.compile(r"\bat=(\d{4}-\d{2}-\d{2})T")


def citation_name(proc: Procedure) -> str:
    """The name a chapter cites a source by: "Peterborough 2012" for "Peterborough (2012)"."""
    return re.sub(r"\s*\((\d{4})\)$", r" \1", proc.short_title)


def names(proc: Procedure) -> list[str]:
    """The ways prose names a source: its short title without the year and, where that is not
    itself a place in the publisher's name, the shortest start of it that is ("Devon" for
    "Devon MASH", "Gloucestershire" for "Gloucestershire audit"; "South Tyneside" stays whole)."""
    full = re.sub(r"\s*\(\d{4}\)$", "", proc.short_title)
    out = [full]
    words = full.split()
    if full not in proc.publisher:
        for n in range(1, len(words)):
            prefix = " ".join(words[:n])
            if prefix in proc.publisher:
                out.append(prefix)
                break
    return out


@dataclass
class Block:
    """A paragraph or list item of prose, with the headings above it."""

    page: str
    headings: tuple[str, ...]
    text: str


def prose_blocks(page: str, markdown: str) -> tuple[list[Block], list[str]]:
    """The page's prose outside front matter and fences, and the at= dates of its fences."""
    lines = markdown.splitlines()
    if lines and lines[0].strip() == "---":
        end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "---")
        lines = lines[end + 1:]
    blocks: list[Block] = []
    fence_dates: list[str] = []
    headings: dict[int, str] = {}
    current: list[str] = []
    in_fence = False

    def flush():
        if current:
            text = re.sub(r"\s+", " ", " ".join(current)).strip()
            text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links: keep the words only
            blocks.append(Block(page, tuple(headings[k] for k in sorted(headings)), text))
            current.clear()

    for raw in lines:
        line = raw.strip()
        if line.startswith("```"):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            fence_dates += _FENCE_AT.findall(line)
            continue
        heading = re.match(r"^(#{1,6})\s+(.*?)(\s*\{#[^}]*\})?$", line)
        if heading:
            flush()
            level = len(heading.group(1))
            headings = {k: v for k, v in headings.items() if k < level}
            headings[level] = heading.group(2)
            continue
        if not line or line.startswith("!!!") or line.startswith("*["):
            flush()
            continue
        if re.match(r"^([-*]|\d+\.)\s", line):
            flush()
            line = re.sub(r"^([-*]|\d+\.)\s+", "", line)
        current.append(line)
    flush()
    return blocks, fence_dates


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z(*\"])", text)


def procedures_in(rb: Rulebook, text: str) -> set[str]:
    """Procedures a piece of prose cites ("Peterborough 2012") or names ("Peterborough")."""
    found = set()
    for proc in rb.procedures.values():
        if citation_name(proc) in text or any(re.search(rf"\b{re.escape(n)}\b", text, re.I) for n in names(proc)):
            found.add(proc.id)
    return found


def phrases(sentence: str) -> list[tuple[str, tuple]]:
    """Each timescale phrase of a sentence: (its words, what it means)."""
    out = []
    for m in _AMOUNT.finditer(sentence):
        word = m.group(1).lower()
        amount = int(word) if word.isdigit() else _NUMBER_WORDS[word]
        unit = next(u for pattern, u in _UNITS if re.fullmatch(pattern, m.group(2), re.I))
        out.append((m.group(0), ("amount", amount, unit)))
    for m in _WORDED_RE.finditer(sentence):
        out.append((m.group(0), ("words", m.group(1).lower())))
    return out


def matches(proc: Procedure, meaning: tuple) -> bool:
    if meaning[0] == "amount":
        _, amount, unit = meaning
        return any(r.timescale.unit == unit and r.timescale.amount == amount for r in proc.rules)
    carried = _WORDED[meaning[1]]
    for r in proc.rules:
        words = " ".join([r.timescale.unit, r.timescale.text, r.citation.quote, r.statement]).lower()
        if any(c in words for c in carried):
            return True
    return any(any(c in quote.lower() for c in carried) for quote, _ in proc.not_timescales)


def _pages(rb: Rulebook) -> list[tuple[str, str]]:
    """(page, Markdown) of every page: docs/, and each procedure's page as the build writes it."""
    pages = [(str(p.relative_to(DOCS)), p.read_text(encoding="utf-8")) for p in sorted(DOCS.rglob("*.md"))
             if "includes" not in p.relative_to(DOCS).parts]
    return pages + [(page_path(pid), page_markdown(proc)) for pid, proc in rb.procedures.items()]


@pytest.fixture(scope="module")
def rb() -> Rulebook:
    return load()


def _findings(rb: Rulebook):
    """Every prose timescale phrase with the procedures it is checked against, page by page."""
    for page, text in _pages(rb):
        blocks, _ = prose_blocks(page, text)
        page_procs = procedures_in(rb, " ".join(b.text for b in blocks if re.search(r"\d{4}\b", b.text)))
        for block in blocks:
            for sentence in sentences(block.text):
                found = phrases(sentence)
                if not found:
                    continue
                procs = (procedures_in(rb, sentence) or procedures_in(rb, block.text)
                         or procedures_in(rb, " ".join(block.headings[-1:]))
                         or procedures_in(rb, " ".join(block.headings))
                         or (page_procs if len(page_procs) == 1 else set()))
                for words, meaning in found:
                    yield page, sentence, words, meaning, procs


def _allowed(page: str, sentence: str) -> tuple[str, str, str] | None:
    return next((a for a in ALLOWED if a[0] == page and a[1] in sentence), None)


def test_every_prose_timescale_matches_a_rule_of_a_source_it_cites(rb):
    problems = []
    for page, sentence, words, meaning, procs in _findings(rb):
        if _allowed(page, sentence):
            continue
        if not procs:
            problems.append(f"{page}: {words!r} cites no source: {sentence[:160]!r}")
        elif not any(matches(rb.procedures[p], meaning) for p in procs):
            problems.append(f"{page}: {words!r} is no timescale of {', '.join(sorted(procs))}: {sentence[:160]!r}")
    assert not problems, "prose timescales that no cited source's rule sets:\n" + "\n".join(problems)


def test_every_allowed_exception_is_still_used(rb):
    used = {_allowed(page, sentence) for page, sentence, *_ in _findings(rb)}
    stale = [a for a in ALLOWED if a not in used]
    assert not stale, f"allow-list entries that match no prose timescale: {stale}"


def test_no_computed_due_date_is_written_in_prose(rb):
    problems = []
    for page, text in _pages(rb):
        blocks, fence_dates = prose_blocks(page, text)
        for block in blocks:
            for m in _WEEKDAY_DATE.finditer(block.text):
                day = date(int(m.group(4)), _MONTHS.index(m.group(3)) + 1, int(m.group(2)))
                assert day.strftime("%A") == m.group(1), f"{page}: {m.group(0)} is not that weekday"
                if day.isoformat() not in fence_dates:
                    problems.append(f"{page}: {m.group(0)!r} (a date belongs in an answer fence)")
    assert not problems, "\n".join(problems)


def _plain(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip().casefold()


def without_citations(rb: Rulebook, text: str) -> str:
    """The sentence without its citations ("(Peterborough 2012, 1.1)", "(same section)"), whose
    quoted section names are the handbook's labels, not a source's words."""
    starts = tuple("(" + citation_name(p) for p in rb.procedures.values()) + ("(same section", "(same note")
    out, i = [], 0
    while i < len(text):
        if text.startswith(starts, i):
            depth, quoted, j = 0, False, i
            while j < len(text):
                c = text[j]
                if c == '"':
                    quoted = not quoted
                elif not quoted and c == "(":
                    depth += 1
                elif not quoted and c == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            i = j + 1
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def test_words_quoted_in_prose_are_a_cited_sources_own(rb):
    sources = {p.id: _plain((ROOT.parent / "shared" / "sources" / p.document).read_text(encoding="utf-8"))
               for p in rb.procedures.values()}
    problems, used = [], set()
    for page, text in _pages(rb):
        blocks, _ = prose_blocks(page, text)
        for block in blocks:
            for sentence in sentences(block.text):
                procs = (procedures_in(rb, sentence) or procedures_in(rb, block.text)
                         or procedures_in(rb, " ".join(block.headings)))
                for quote in re.findall(r'"([^"]+)"', without_citations(rb, sentence)):
                    if any(_plain(quote) in sources[p] for p in procs):
                        continue
                    allowed = next((a for a in QUOTES_ALLOWED if a[0] == page and a[1] == quote), None)
                    if allowed:
                        used.add(allowed)
                    else:
                        problems.append(f"{page}: \"{quote}\" is not in {', '.join(sorted(procs)) or 'any cited source'}")
    assert not problems, "quoted words not found in a cited source:\n" + "\n".join(problems)
    assert not [a for a in QUOTES_ALLOWED if a not in used], "stale QUOTES_ALLOWED entries"


# ------------------------------------------------------------------ the checker itself


def test_the_checker_finds_and_judges_phrases(rb):
    pb = next(p for p in rb.procedures.values() if any(r.timescale.unit == "hours" for r in p.rules))
    hours = next(r.timescale.amount for r in pb.rules if r.timescale.unit == "hours")
    [(words, meaning)] = phrases(f"It is due within {hours} hours of the referral.")
    assert meaning == ("amount", hours, "hours") and matches(pb, meaning)
    assert not matches(pb, ("amount", hours + 1000, "hours"))
    assert phrases("a one-working-day limit")[0][1] == ("amount", 1, "working-days")
    assert phrases('within "15 days" of it')[0][1] == ("amount", 15, "days-unstated")
    assert phrases("the 8-week window")[0][1] == ("amount", 8, "weeks")
    assert phrases("at Tier 2 and 2025, by 16:30") == []


def test_a_sentence_is_checked_against_the_sources_it_cites(rb):
    blocks, _ = prose_blocks("x.md", "## A heading\n\nNothing cited here, within 99 hours.\n")
    [(page, sentence, words, meaning, procs)] = [
        (b.page, s, *phrases(s)[0], procedures_in(rb, s) or procedures_in(rb, b.text)) for b in blocks
        for s in sentences(b.text) if phrases(s)]
    assert procs == set() and meaning == ("amount", 99, "hours")
    proc = next(iter(rb.procedures.values()))
    cited = f"Due within 99 hours ({citation_name(proc)}, 1.1)."
    assert procedures_in(rb, cited) == {proc.id}
    assert not matches(proc, phrases(cited)[0][1])
